//! Walking object ids (`BPF_*_GET_NEXT_ID`) and opening objects by id
//! (`BPF_*_GET_FD_BY_ID`).

use crate::abi::Command;
use std::mem::size_of;
use std::os::fd::OwnedFd;

use super::error::SyscallError;
use super::raw;

/// Anonymous `bpf_attr` member used by the `*_GET_NEXT_ID` and
/// `*_GET_FD_BY_ID` commands.
#[repr(C)]
#[derive(Default)]
struct IdAttr {
    /// `start_id` / `prog_id` / `map_id` / `btf_id` / `link_id`.
    id: u32,
    next_id: u32,
    open_flags: u32,
}

const _: () = assert!(size_of::<IdAttr>() == 12);

/// The kernel's name for a command, for error messages.
fn call_name(cmd: Command) -> &'static str {
    cmd.kernel_name().unwrap_or("bpf")
}

/// The id following `start` for a `*_GET_NEXT_ID` command; `None` at the
/// end of the list (`ENOENT`).
pub(super) fn get_next_id(cmd: Command, start: u32) -> Result<Option<u32>, SyscallError> {
    let mut attr = IdAttr {
        id: start,
        ..IdAttr::default()
    };
    // SAFETY: `IdAttr` is the padding-free id member of `bpf_attr` and holds
    // no pointers.
    match unsafe { raw::sys_bpf(cmd, &mut attr, size_of::<IdAttr>()) } {
        Ok(_) => Ok(Some(attr.next_id)),
        Err(e) if e.raw_os_error() == Some(libc::ENOENT) => Ok(None),
        Err(e) => Err(SyscallError::new(call_name(cmd), e)),
    }
}

/// Opens the object `id` with a `*_GET_FD_BY_ID` command.
pub(super) fn get_fd_by_id(cmd: Command, id: u32) -> Result<OwnedFd, SyscallError> {
    let mut attr = IdAttr {
        id,
        ..IdAttr::default()
    };
    // SAFETY: `IdAttr` is the padding-free id member of `bpf_attr` and holds
    // no pointers; these commands return a new fd.
    unsafe { raw::sys_bpf_fd(cmd, &mut attr, size_of::<IdAttr>()) }
        .map_err(|e| SyscallError::new(call_name(cmd), e))
}

/// The id of the next loaded map after `start`, `None` past the last one.
pub fn map_get_next_id(start: u32) -> Result<Option<u32>, SyscallError> {
    get_next_id(Command::MapGetNextId, start)
}

/// Opens the map with the given id.
pub fn map_get_fd_by_id(id: u32) -> Result<OwnedFd, SyscallError> {
    get_fd_by_id(Command::MapGetFdById, id)
}

/// The id of the next link after `start`, `None` past the last one.
pub fn link_get_next_id(start: u32) -> Result<Option<u32>, SyscallError> {
    get_next_id(Command::LinkGetNextId, start)
}

/// Opens the link with the given id.
pub fn link_get_fd_by_id(id: u32) -> Result<OwnedFd, SyscallError> {
    get_fd_by_id(Command::LinkGetFdById, id)
}
