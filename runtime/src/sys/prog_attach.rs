//! `BPF_PROG_ATTACH` / `BPF_PROG_DETACH`: the attachments that predate BPF links, used
//! where a kernel has no link for a hook (sockmap programs before 6.10).

use crate::abi::{AttachType, Command};
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd};

use super::error::SyscallError;
use super::raw;

/// `bpf_attr` members for `BPF_PROG_ATTACH` / `BPF_PROG_DETACH`, up to `replace_bpf_fd`.
#[repr(C)]
struct ProgAttachAttr {
    target_fd: u32,
    attach_bpf_fd: u32,
    attach_type: u32,
    attach_flags: u32,
    replace_bpf_fd: u32,
}

const _: () = assert!(size_of::<ProgAttachAttr>() == 20);

fn call(
    cmd: Command,
    what: &'static str,
    target: BorrowedFd<'_>,
    prog: BorrowedFd<'_>,
    attach_type: AttachType,
    flags: u32,
) -> Result<(), SyscallError> {
    let mut attr = ProgAttachAttr {
        target_fd: target.as_raw_fd() as u32,
        attach_bpf_fd: prog.as_raw_fd() as u32,
        attach_type: attach_type.as_raw(),
        attach_flags: flags,
        replace_bpf_fd: 0,
    };
    // SAFETY: `ProgAttachAttr` is the padding-free head of the attach member of
    // `bpf_attr` and holds no pointers; the command returns 0 or an error.
    unsafe { raw::sys_bpf(cmd, &mut attr, size_of::<ProgAttachAttr>()) }
        .map(|_| ())
        .map_err(|e| SyscallError::new(what, e))
}

/// Attaches `prog` to `target` (a map fd for sockmap programs, a cgroup fd, …) at
/// `attach_type`.
pub fn prog_attach(
    target: BorrowedFd<'_>,
    prog: BorrowedFd<'_>,
    attach_type: AttachType,
    flags: u32,
) -> Result<(), SyscallError> {
    call(
        Command::ProgAttach,
        "BPF_PROG_ATTACH",
        target,
        prog,
        attach_type,
        flags,
    )
}

/// Detaches `prog` from `target` at `attach_type`.
pub fn prog_detach(
    target: BorrowedFd<'_>,
    prog: BorrowedFd<'_>,
    attach_type: AttachType,
) -> Result<(), SyscallError> {
    call(
        Command::ProgDetach,
        "BPF_PROG_DETACH",
        target,
        prog,
        attach_type,
        0,
    )
}
