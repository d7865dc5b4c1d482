//! `perf_event_open` for tracepoints, kprobe/uprobe PMUs, BPF output and sampling, and
//! the perf-event ioctls that attach a program (`PERF_EVENT_IOC_SET_BPF`) and enable the
//! event.

use std::ffi::CStr;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

use super::consts::{
    PERF_ATTR_SIZE_VER5, PERF_FLAG_FD_CLOEXEC, PERF_TYPE_SOFTWARE, PERF_TYPE_TRACEPOINT,
};
use super::error::SyscallError;
use super::raw;

/// `struct perf_event_attr` (`PERF_ATTR_SIZE_VER5` layout).
#[repr(C)]
#[derive(Default)]
struct PerfEventAttr {
    type_: u32,
    size: u32,
    config: u64,
    /// `sample_period` / `sample_freq`.
    sample_period: u64,
    sample_type: u64,
    read_format: u64,
    /// The `disabled`, `inherit`, ... bitfield.
    flags: u64,
    /// `wakeup_events` / `wakeup_watermark`.
    wakeup_events: u32,
    bp_type: u32,
    /// `bp_addr` / `config1`.
    config1: u64,
    /// `bp_len` / `config2`.
    config2: u64,
    branch_sample_type: u64,
    sample_regs_user: u64,
    sample_stack_user: u32,
    clockid: i32,
    sample_regs_intr: u64,
    aux_watermark: u32,
    sample_max_stack: u16,
    reserved_2: u16,
}

const _: () = assert!(size_of::<PerfEventAttr>() == PERF_ATTR_SIZE_VER5 as usize);

/// Opens a perf event for the tracepoint with id `tp_id` (from tracefs
/// `events/<category>/<name>/id`) on `cpu` / `pid` (`-1` for any, as in
/// `perf_event_open(2)`).
pub fn perf_event_open_tracepoint(tp_id: u64, cpu: i32, pid: i32) -> Result<OwnedFd, SyscallError> {
    let mut attr = PerfEventAttr {
        type_: PERF_TYPE_TRACEPOINT,
        size: PERF_ATTR_SIZE_VER5,
        config: tp_id,
        sample_period: 1,
        wakeup_events: 1,
        ..PerfEventAttr::default()
    };
    perf_event_open(&mut attr, cpu, pid)
}

/// Opens the software event `PERF_COUNT_SW_BPF_OUTPUT` on `cpu` (all processes), with
/// raw samples: what `bpf_perf_event_output` writes into once the fd is stored in a
/// `BPF_MAP_TYPE_PERF_EVENT_ARRAY`. Map it to read the samples.
pub fn perf_event_open_bpf_output(cpu: i32) -> Result<OwnedFd, SyscallError> {
    /// `PERF_COUNT_SW_BPF_OUTPUT`.
    const PERF_COUNT_SW_BPF_OUTPUT: u64 = 10;
    /// `PERF_SAMPLE_RAW`.
    const PERF_SAMPLE_RAW: u64 = 1 << 10;
    let mut attr = PerfEventAttr {
        type_: PERF_TYPE_SOFTWARE,
        size: PERF_ATTR_SIZE_VER5,
        config: PERF_COUNT_SW_BPF_OUTPUT,
        sample_period: 1,
        sample_type: PERF_SAMPLE_RAW,
        wakeup_events: 1,
        ..PerfEventAttr::default()
    };
    perf_event_open(&mut attr, cpu, -1)
}

/// Opens a sampling software perf event (`PERF_TYPE_SOFTWARE`, `config` such as
/// `PERF_COUNT_SW_CPU_CLOCK` = 0) firing `frequency` times a second, on `cpu` for `pid`
/// (`-1` for any, as in `perf_event_open(2)`): what a `perf_event` program attaches to.
pub fn perf_event_open_sampling(
    config: u64,
    frequency: u64,
    cpu: i32,
    pid: i32,
) -> Result<OwnedFd, SyscallError> {
    /// The `freq` bit of the attribute flags: `sample_period` is a frequency.
    const FREQ: u64 = 1 << 10;
    let mut attr = PerfEventAttr {
        type_: PERF_TYPE_SOFTWARE,
        size: PERF_ATTR_SIZE_VER5,
        config,
        sample_period: frequency,
        flags: FREQ,
        ..PerfEventAttr::default()
    };
    perf_event_open(&mut attr, cpu, pid)
}

/// Opens a probe perf event of the dynamic PMU `pmu_type` (the `type` file of
/// `/sys/bus/event_source/devices/{uprobe,kprobe}`): `target` is the binary path (uprobe)
/// or function name (kprobe), `offset` the file offset or the offset into the function,
/// `config` the PMU's config bits (the return-probe bit, say). `cpu` / `pid` as in
/// `perf_event_open(2)`.
pub fn perf_event_open_probe(
    pmu_type: u32,
    config: u64,
    target: &CStr,
    offset: u64,
    cpu: i32,
    pid: i32,
) -> Result<OwnedFd, SyscallError> {
    let mut attr = PerfEventAttr {
        type_: pmu_type,
        size: PERF_ATTR_SIZE_VER5,
        config,
        sample_period: 1,
        wakeup_events: 1,
        config1: target.as_ptr() as u64,
        config2: offset,
        ..PerfEventAttr::default()
    };
    perf_event_open(&mut attr, cpu, pid)
}

/// `perf_event_open(attr, pid, cpu, -1, FD_CLOEXEC)`, retried on `EINTR`. Pointers in
/// `attr` must be valid for the call.
fn perf_event_open(attr: &mut PerfEventAttr, cpu: i32, pid: i32) -> Result<OwnedFd, SyscallError> {
    let attr_ptr: *mut PerfEventAttr = attr;
    let ret = loop {
        // SAFETY: `attr` is a fully initialised perf_event_attr of the size it
        // announces whose pointers (config1 of probes) outlive the call; the kernel
        // may write `size` back into it.
        let ret = unsafe {
            libc::syscall(
                libc::SYS_perf_event_open,
                attr_ptr,
                pid as libc::c_long,
                cpu as libc::c_long,
                -1 as libc::c_long,
                PERF_FLAG_FD_CLOEXEC,
            )
        };
        if ret >= 0 {
            break raw::long_to_i64(ret);
        }
        let err = io::Error::last_os_error();
        if err.kind() != io::ErrorKind::Interrupted {
            return Err(SyscallError::new("perf_event_open", err));
        }
    };
    // SAFETY: perf_event_open returned a new fd that nobody owns.
    unsafe { raw::fd_from_ret(ret) }.map_err(|e| SyscallError::new("perf_event_open", e))
}

/// `_IO('$', nr)` / `_IOW('$', nr, u32)` for the perf ioctls.
const fn perf_ioc(nr: u64, write_u32: bool) -> u64 {
    #[cfg(any(
        target_arch = "powerpc",
        target_arch = "powerpc64",
        target_arch = "mips",
        target_arch = "mips64",
        target_arch = "sparc",
        target_arch = "sparc64"
    ))]
    const WRITE: u64 = 4 << 29;
    #[cfg(not(any(
        target_arch = "powerpc",
        target_arch = "powerpc64",
        target_arch = "mips",
        target_arch = "mips64",
        target_arch = "sparc",
        target_arch = "sparc64"
    )))]
    const WRITE: u64 = 1 << 30;
    let base = ((b'$' as u64) << 8) | nr;
    if write_u32 {
        base | WRITE | (4 << 16)
    } else {
        base
    }
}

/// `PERF_EVENT_IOC_ENABLE`.
const PERF_EVENT_IOC_ENABLE: u64 = perf_ioc(0, false);
/// `PERF_EVENT_IOC_SET_BPF`.
const PERF_EVENT_IOC_SET_BPF: u64 = perf_ioc(8, true);

/// `ioctl(fd, request, arg)` with an integer argument.
fn ioctl_int(
    call: &'static str,
    fd: BorrowedFd<'_>,
    request: u64,
    arg: libc::c_int,
) -> Result<(), SyscallError> {
    // SAFETY: both perf ioctls used here take a plain integer argument and
    // access no user memory; `fd` is open for the call.
    let rc = unsafe { libc::ioctl(fd.as_raw_fd(), request as _, arg) };
    if rc < 0 {
        return Err(SyscallError::new(call, io::Error::last_os_error()));
    }
    Ok(())
}

/// Attaches `prog_fd` to the perf event (`PERF_EVENT_IOC_SET_BPF`).
pub fn perf_event_set_bpf(
    perf_fd: BorrowedFd<'_>,
    prog_fd: BorrowedFd<'_>,
) -> Result<(), SyscallError> {
    ioctl_int(
        "PERF_EVENT_IOC_SET_BPF",
        perf_fd,
        PERF_EVENT_IOC_SET_BPF,
        prog_fd.as_raw_fd(),
    )
}

/// Enables the perf event (`PERF_EVENT_IOC_ENABLE`).
pub fn perf_event_enable(perf_fd: BorrowedFd<'_>) -> Result<(), SyscallError> {
    ioctl_int("PERF_EVENT_IOC_ENABLE", perf_fd, PERF_EVENT_IOC_ENABLE, 0)
}
