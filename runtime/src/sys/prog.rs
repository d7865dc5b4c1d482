//! Loading programs (`BPF_PROG_LOAD`).
//!
//! Info queries, id walking, map binding and test runs live in child
//! modules and are re-exported here.

mod info;
mod test_run;

use crate::abi::{AttachType, Command, ProgramType};
use std::ffi::CStr;
use std::fmt;
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

use super::consts::{
    BPF_F_TOKEN_FD, BPF_OBJ_NAME_LEN, BPF_PSEUDO_KFUNC_CALL, BPF_PSEUDO_MAP_IDX,
    BPF_PSEUDO_MAP_IDX_VALUE,
};
use super::error::SyscallError;
use super::map::opt_fd;
use super::name::obj_name_field;
use super::{log, raw};

pub use info::{
    prog_bind_map, prog_get_fd_by_id, prog_get_info, prog_get_next_id, prog_get_summary, ProgInfo,
};
pub use test_run::{prog_test_run, TestRun, TestRunOut};

const CALL: &str = "BPF_PROG_LOAD";

/// Parameters of `BPF_PROG_LOAD`; field names follow `union bpf_attr`.
#[derive(Debug, Default)]
pub struct ProgLoadAttr<'a> {
    /// The program type.
    pub prog_type: ProgramType,
    /// The attach type the verifier should assume (0, the default, for types without one).
    pub expected_attach_type: AttachType,
    /// Raw 8-byte instructions in host byte order; `len % 8 == 0`.
    pub insns: &'a [u8],
    /// License string, e.g. `c"GPL"`.
    pub license: &'a CStr,
    /// Verifier log level (`BPF_LOG_*`), ignored without a `log_buf`. With 0
    /// and a `log_buf`, the load is retried with level 1 on failure to fill
    /// the log (libbpf semantics).
    pub log_level: u32,
    /// Buffer for the NUL-terminated verifier log.
    pub log_buf: Option<&'a mut [u8]>,
    /// Kernel version (only checked by very old kernels for kprobes).
    pub kern_version: u32,
    /// `BPF_F_*` program flags; `BPF_F_TOKEN_FD` is added for `token_fd`.
    pub prog_flags: u32,
    /// Program name; sanitised to `[A-Za-z0-9_.]` and cut to 15 bytes.
    pub name: &'a str,
    /// Netdev for offloaded / device-bound programs, 0 for none.
    pub prog_ifindex: u32,
    /// BTF object holding the program's func/line info types.
    pub prog_btf_fd: Option<BorrowedFd<'a>>,
    /// `struct bpf_func_info` records.
    pub func_info: &'a [u8],
    /// Size of one func info record.
    pub func_info_rec_size: u32,
    /// Number of func info records.
    pub func_info_cnt: u32,
    /// `struct bpf_line_info` records.
    pub line_info: &'a [u8],
    /// Size of one line info record.
    pub line_info_rec_size: u32,
    /// Number of line info records.
    pub line_info_cnt: u32,
    /// BTF id of the attach target (fentry, lsm, struct_ops, ext, ...).
    pub attach_btf_id: u32,
    /// Program to attach to (freplace, fentry on BPF). Shares a field with
    /// `attach_btf_obj_fd`: setting both is an error.
    pub attach_prog_fd: Option<BorrowedFd<'a>>,
    /// Module BTF holding `attach_btf_id` (`None`: vmlinux). Shares a field
    /// with `attach_prog_fd`: setting both is an error.
    pub attach_btf_obj_fd: Option<BorrowedFd<'a>>,
    /// fds referenced by `BPF_PSEUDO_MAP_IDX*` loads and module kfunc calls.
    /// Every index used by the instructions must be in bounds.
    pub fd_array: Option<&'a [i32]>,
    /// BPF token granting the permission to load.
    pub token_fd: Option<BorrowedFd<'a>>,
}

/// A loaded program.
#[derive(Debug)]
pub struct ProgLoadOk {
    /// The program's fd.
    pub fd: OwnedFd,
    /// Full size of the verifier log including its NUL (0 if no log was
    /// requested or the kernel predates 6.4).
    pub log_true_size: u32,
}

/// A failed program load.
#[derive(Debug)]
pub struct ProgLoadError {
    /// The failure.
    pub source: SyscallError,
    /// Full size of the verifier log including its NUL, which may exceed
    /// the buffer (`ENOSPC`); 0 if unknown (kernel < 6.4, or no log).
    pub log_true_size: u32,
}

impl fmt::Display for ProgLoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.source, f)
    }
}

impl std::error::Error for ProgLoadError {
    // Display already shows `source`; chain to its cause to avoid repeating it.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.source)
    }
}

impl From<ProgLoadError> for SyscallError {
    fn from(e: ProgLoadError) -> Self {
        e.source
    }
}

/// `bpf_attr` member used by `BPF_PROG_LOAD`, up to `fd_array_cnt`.
#[repr(C)]
#[derive(Default, Clone, Copy)]
struct ProgLoadRaw {
    prog_type: u32,
    insn_cnt: u32,
    insns: u64,
    license: u64,
    log_level: u32,
    log_size: u32,
    log_buf: u64,
    kern_version: u32,
    prog_flags: u32,
    prog_name: [u8; BPF_OBJ_NAME_LEN],
    prog_ifindex: u32,
    expected_attach_type: u32,
    prog_btf_fd: u32,
    func_info_rec_size: u32,
    func_info: u64,
    func_info_cnt: u32,
    line_info_rec_size: u32,
    line_info: u64,
    line_info_cnt: u32,
    attach_btf_id: u32,
    /// `attach_prog_fd` / `attach_btf_obj_fd`.
    attach_fd: u32,
    core_relo_cnt: u32,
    fd_array: u64,
    core_relos: u64,
    core_relo_rec_size: u32,
    log_true_size: u32,
    prog_token_fd: i32,
    /// Always 0: `fd_array` is indexed, not bound as a whole.
    fd_array_cnt: u32,
}

const _: () = assert!(size_of::<ProgLoadRaw>() == 152);

/// Pointer to `recs` after checking it holds `cnt` records of `rec_size`.
fn records(what: &str, recs: &[u8], rec_size: u32, cnt: u32) -> Result<u64, SyscallError> {
    if cnt == 0 {
        return Ok(0);
    }
    let need = (rec_size as usize).checked_mul(cnt as usize);
    match need {
        Some(need) if need <= recs.len() => Ok(recs.as_ptr() as u64),
        _ => Err(SyscallError::invalid(
            CALL,
            format!(
                "{what}: {cnt} records of {rec_size} bytes exceed the {} given",
                recs.len()
            ),
        )),
    }
}

/// Checks that every `fd_array` index the instructions use is in bounds,
/// since the kernel reads `fd_array[i]` without knowing its length.
fn check_fd_array(insns: &[u8], fd_array: Option<&[i32]>) -> Result<(), SyscallError> {
    let Some(fds) = fd_array else {
        return Ok(()); // The kernel rejects indices without an fd_array.
    };
    for (i, insn) in insns.chunks_exact(8).enumerate() {
        let src = if cfg!(target_endian = "little") {
            insn[1] >> 4
        } else {
            insn[1] & 0xf
        };
        let off = i16::from_ne_bytes([insn[2], insn[3]]);
        let imm = i32::from_ne_bytes([insn[4], insn[5], insn[6], insn[7]]);
        let index = match (insn[0], src) {
            // BPF_LD | BPF_IMM | BPF_DW
            (0x18, BPF_PSEUDO_MAP_IDX | BPF_PSEUDO_MAP_IDX_VALUE) => i64::from(imm),
            // BPF_JMP | BPF_CALL to a module kfunc
            (0x85, BPF_PSEUDO_KFUNC_CALL) if off != 0 => i64::from(off),
            _ => continue,
        };
        if usize::try_from(index).map_or(true, |x| x >= fds.len()) {
            return Err(SyscallError::invalid(
                CALL,
                format!(
                    "insn {i} uses fd_array[{index}], but fd_array has {} entries",
                    fds.len()
                ),
            ));
        }
    }
    Ok(())
}

/// How many times `BPF_PROG_LOAD` is tried while the kernel answers `EAGAIN` (the
/// verifier gives up with `EAGAIN` when a signal is pending); libbpf's
/// `PROG_LOAD_ATTEMPTS`.
pub const PROG_LOAD_ATTEMPTS: u32 = 5;

/// Loads a program. `EAGAIN` is retried (up to [`PROG_LOAD_ATTEMPTS`] tries in all), as
/// is `EINTR` for every `bpf()` call.
///
/// On failure the verifier log (if a buffer was given) is in
/// `attr.log_buf`; see [`ProgLoadAttr::log_level`] for when it is filled.
pub fn prog_load(attr: &mut ProgLoadAttr<'_>) -> Result<ProgLoadOk, ProgLoadError> {
    let fail = |source| ProgLoadError {
        source,
        log_true_size: 0,
    };
    if attr.insns.len() % 8 != 0 {
        return Err(fail(SyscallError::invalid(
            CALL,
            "insns length is not a multiple of 8",
        )));
    }
    if attr.attach_prog_fd.is_some() && attr.attach_btf_obj_fd.is_some() {
        return Err(fail(SyscallError::invalid(
            CALL,
            "attach_prog_fd and attach_btf_obj_fd share one field; set at most one",
        )));
    }
    let insn_cnt = u32::try_from(attr.insns.len() / 8)
        .map_err(|_| fail(SyscallError::invalid(CALL, "too many instructions")))?;
    check_fd_array(attr.insns, attr.fd_array).map_err(fail)?;
    let mut base = ProgLoadRaw {
        prog_type: attr.prog_type.as_raw(),
        insn_cnt,
        insns: attr.insns.as_ptr() as u64,
        license: attr.license.as_ptr() as u64,
        kern_version: attr.kern_version,
        prog_flags: attr.prog_flags,
        prog_name: obj_name_field(attr.name),
        prog_ifindex: attr.prog_ifindex,
        expected_attach_type: attr.expected_attach_type.as_raw(),
        prog_btf_fd: opt_fd(attr.prog_btf_fd),
        func_info_rec_size: attr.func_info_rec_size,
        func_info: records(
            "func_info",
            attr.func_info,
            attr.func_info_rec_size,
            attr.func_info_cnt,
        )
        .map_err(fail)?,
        func_info_cnt: attr.func_info_cnt,
        line_info_rec_size: attr.line_info_rec_size,
        line_info: records(
            "line_info",
            attr.line_info,
            attr.line_info_rec_size,
            attr.line_info_cnt,
        )
        .map_err(fail)?,
        line_info_cnt: attr.line_info_cnt,
        attach_btf_id: attr.attach_btf_id,
        attach_fd: opt_fd(attr.attach_prog_fd.or(attr.attach_btf_obj_fd)),
        fd_array: attr.fd_array.map_or(0, |fds| fds.as_ptr() as u64),
        ..ProgLoadRaw::default()
    };
    if let Some(token) = attr.token_fd {
        base.prog_flags |= BPF_F_TOKEN_FD;
        base.prog_token_fd = token.as_raw_fd();
    }

    let level = attr.log_level;
    let attempt = |log_buf: Option<&mut [u8]>, level: u32| {
        let mut raw_attr = base;
        if let Some(buf) = log_buf.filter(|b| level > 0 && !b.is_empty()) {
            (raw_attr.log_buf, raw_attr.log_size) = log::log_buf_parts(buf);
            raw_attr.log_level = level;
        }
        let mut left = PROG_LOAD_ATTEMPTS;
        let res = loop {
            // SAFETY: `ProgLoadRaw` is the padding-free BPF_PROG_LOAD member of
            // `bpf_attr`. Its pointers borrow from `attr` for the call: `insns`
            // (`insn_cnt * 8` bytes), the NUL-terminated `license`, func/line
            // info (lengths checked by `records`), `fd_array` (indices checked
            // by `check_fd_array`) and the exclusively borrowed log buffer
            // (`log_size` bytes). BPF_PROG_LOAD returns a new fd.
            let res = unsafe {
                raw::sys_bpf_fd(Command::ProgLoad, &mut raw_attr, size_of::<ProgLoadRaw>())
            };
            left -= 1;
            match res {
                Err(e) if e.raw_os_error() == Some(libc::EAGAIN) && left > 0 => continue,
                res => break res,
            }
        };
        (
            res.map_err(|e| SyscallError::new(CALL, e)),
            raw_attr.log_true_size,
        )
    };
    match attempt(attr.log_buf.as_deref_mut(), level) {
        (Ok(fd), log_true_size) => Ok(ProgLoadOk { fd, log_true_size }),
        (Err(source), log_true_size) => {
            let log_true_size = match attr.log_buf.as_deref_mut() {
                // Only to fill the log; the first failure is the one reported.
                Some(buf) if level == 0 && !buf.is_empty() => attempt(Some(buf), 1).1,
                _ => log_true_size,
            };
            Err(ProgLoadError {
                source,
                log_true_size,
            })
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
