//! Running a program on test input (`BPF_PROG_TEST_RUN`).

use crate::abi::Command;
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd};

use crate::sys::error::SyscallError;
use crate::sys::raw;

/// Input and output buffers of a test run.
#[derive(Debug)]
pub struct TestRun<'a> {
    /// The program to run.
    pub prog_fd: BorrowedFd<'a>,
    /// Packet / input data.
    pub data_in: &'a [u8],
    /// Receives the (possibly modified) data; `ENOSPC` if too small.
    pub data_out: Option<&'a mut [u8]>,
    /// Input context (e.g. `struct __sk_buff`).
    pub ctx_in: &'a [u8],
    /// Receives the output context; `ENOSPC` if too small.
    pub ctx_out: Option<&'a mut [u8]>,
    /// Number of runs (0 means 1).
    pub repeat: u32,
    /// `BPF_F_TEST_*` flags.
    pub flags: u32,
    /// CPU to run on (with `BPF_F_TEST_RUN_ON_CPU`).
    pub cpu: u32,
}

impl<'a> TestRun<'a> {
    /// One run of `prog_fd` with no data and no context (raw tracepoints, `syscall`
    /// programs); set the other fields for packets, contexts or repeats.
    pub fn new(prog_fd: BorrowedFd<'a>) -> Self {
        TestRun {
            prog_fd,
            data_in: &[],
            data_out: None,
            ctx_in: &[],
            ctx_out: None,
            repeat: 0,
            flags: 0,
            cpu: 0,
        }
    }
}

/// Results of a test run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestRunOut {
    /// The program's return value.
    pub retval: u32,
    /// Average run time in ns.
    pub duration_ns: u32,
    /// Bytes of output data (may exceed `data_out` on `ENOSPC`).
    pub data_size_out: u32,
    /// Bytes of output context.
    pub ctx_size_out: u32,
}

/// `bpf_attr` member `test`, up to `cpu`.
#[repr(C)]
#[derive(Default)]
struct TestRunRaw {
    prog_fd: u32,
    retval: u32,
    data_size_in: u32,
    data_size_out: u32,
    data_in: u64,
    data_out: u64,
    repeat: u32,
    duration: u32,
    ctx_size_in: u32,
    ctx_size_out: u32,
    ctx_in: u64,
    ctx_out: u64,
    flags: u32,
    cpu: u32,
}

const _: () = assert!(size_of::<TestRunRaw>() == 72);

fn len32(what: &str, len: usize) -> Result<u32, SyscallError> {
    u32::try_from(len).map_err(|_| {
        SyscallError::invalid("BPF_PROG_TEST_RUN", format!("{what} larger than 4 GiB"))
    })
}

/// Input buffer as (pointer, length); NULL when empty.
fn input(what: &str, buf: &[u8]) -> Result<(u64, u32), SyscallError> {
    let ptr = if buf.is_empty() {
        0
    } else {
        buf.as_ptr() as u64
    };
    Ok((ptr, len32(what, buf.len())?))
}

/// Output buffer as (pointer, length). An empty buffer is passed as NULL:
/// some kernels treat a zero output size as "unlimited".
fn output(what: &str, buf: Option<&mut [u8]>) -> Result<(u64, u32), SyscallError> {
    match buf {
        Some(buf) if !buf.is_empty() => Ok((buf.as_mut_ptr() as u64, len32(what, buf.len())?)),
        _ => Ok((0, 0)),
    }
}

/// Runs the program once (or `repeat` times) on the given input.
pub fn prog_test_run(attr: &mut TestRun<'_>) -> Result<TestRunOut, SyscallError> {
    let (data_in, data_size_in) = input("data_in", attr.data_in)?;
    let (ctx_in, ctx_size_in) = input("ctx_in", attr.ctx_in)?;
    let (data_out, data_size_out) = output("data_out", attr.data_out.as_deref_mut())?;
    let (ctx_out, ctx_size_out) = output("ctx_out", attr.ctx_out.as_deref_mut())?;
    let mut raw_attr = TestRunRaw {
        prog_fd: attr.prog_fd.as_raw_fd() as u32,
        data_size_in,
        data_size_out,
        data_in,
        data_out,
        repeat: attr.repeat,
        ctx_size_in,
        ctx_size_out,
        ctx_in,
        ctx_out,
        flags: attr.flags,
        cpu: attr.cpu,
        ..TestRunRaw::default()
    };
    // SAFETY: `TestRunRaw` is the padding-free `test` member of `bpf_attr`.
    // Input pointers are NULL or cover `*_size_in` readable bytes; output
    // pointers are NULL or cover `*_size_out` bytes of exclusively borrowed
    // buffers, and the kernel writes at most that much (it reports ENOSPC
    // instead of overflowing).
    unsafe { raw::sys_bpf(Command::ProgTestRun, &mut raw_attr, size_of::<TestRunRaw>()) }
        .map_err(|e| SyscallError::new("BPF_PROG_TEST_RUN", e))?;
    Ok(TestRunOut {
        retval: raw_attr.retval,
        duration_ns: raw_attr.duration,
        data_size_out: raw_attr.data_size_out,
        ctx_size_out: raw_attr.ctx_size_out,
    })
}
