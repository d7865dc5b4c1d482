//! `BPF_OBJ_GET_INFO_BY_FD`, shared by the map and program info queries.

use crate::abi::Command;
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd};

use super::error::SyscallError;
use super::raw;

/// `union bpf_attr` member `info` used by `BPF_OBJ_GET_INFO_BY_FD`.
#[repr(C)]
#[derive(Default)]
struct InfoAttr {
    bpf_fd: u32,
    info_len: u32,
    info: u64,
}

const _: () = assert!(size_of::<InfoAttr>() == 16);

/// Fills `info` (a `struct bpf_*_info`) for the object behind `fd`.
///
/// Returns the number of bytes the kernel wrote (at most `size_of::<T>()`).
///
/// # Safety
///
/// `T` must be a padding-free `#[repr(C)]` prefix of the kernel's info
/// struct for the kind of object `fd` refers to, and every pointer field in
/// `info` must be either 0 or valid for the kernel to write the element count
/// given in the matching count field.
pub(super) unsafe fn obj_get_info_by_fd<T>(
    fd: BorrowedFd<'_>,
    info: &mut T,
) -> Result<u32, SyscallError> {
    let info_ptr: *mut T = info;
    let mut attr = InfoAttr {
        bpf_fd: fd.as_raw_fd() as u32,
        info_len: size_of::<T>() as u32,
        info: info_ptr as u64,
    };
    // SAFETY: `InfoAttr` matches the `info` member of `bpf_attr`; its
    // pointer refers to `info`, which is valid for `info_len` bytes and whose
    // own pointers are valid per this function's contract.
    unsafe { raw::sys_bpf(Command::ObjGetInfoByFd, &mut attr, size_of::<InfoAttr>()) }
        .map_err(|e| SyscallError::new("BPF_OBJ_GET_INFO_BY_FD", e))?;
    Ok(attr.info_len)
}
