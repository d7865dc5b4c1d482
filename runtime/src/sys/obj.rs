//! Pinning BPF objects in bpffs and opening pinned objects.

use crate::abi::Command;
use std::ffi::CString;
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use super::error::SyscallError;
use super::raw;

/// `bpf_attr` member used by `BPF_OBJ_PIN` / `BPF_OBJ_GET`.
#[repr(C)]
#[derive(Default)]
struct ObjAttr {
    pathname: u64,
    bpf_fd: u32,
    file_flags: u32,
}

const _: () = assert!(size_of::<ObjAttr>() == 16);

fn c_path(call: &'static str, path: &Path) -> Result<CString, SyscallError> {
    CString::new(path.as_os_str().as_bytes())
        .map_err(|_| SyscallError::invalid(call, "path contains a NUL byte"))
}

/// Pins the object behind `fd` at `path` (which must be on a bpffs).
pub fn obj_pin(fd: BorrowedFd<'_>, path: &Path) -> Result<(), SyscallError> {
    let path = c_path("BPF_OBJ_PIN", path)?;
    let mut attr = ObjAttr {
        pathname: path.as_ptr() as u64,
        bpf_fd: fd.as_raw_fd() as u32,
        file_flags: 0,
    };
    // SAFETY: `ObjAttr` is the padding-free BPF_OBJ_* member of `bpf_attr`;
    // `pathname` points to a NUL-terminated string alive for the call.
    unsafe { raw::sys_bpf(Command::ObjPin, &mut attr, size_of::<ObjAttr>()) }
        .map(drop)
        .map_err(|e| SyscallError::new("BPF_OBJ_PIN", e))
}

/// Opens the object pinned at `path`.
pub fn obj_get(path: &Path) -> Result<OwnedFd, SyscallError> {
    let path = c_path("BPF_OBJ_GET", path)?;
    let mut attr = ObjAttr {
        pathname: path.as_ptr() as u64,
        ..ObjAttr::default()
    };
    // SAFETY: as in `obj_pin`; BPF_OBJ_GET returns a new fd.
    unsafe { raw::sys_bpf_fd(Command::ObjGet, &mut attr, size_of::<ObjAttr>()) }
        .map_err(|e| SyscallError::new("BPF_OBJ_GET", e))
}

/// [`obj_pin`] after checking that `path` lies on bpffs ([`super::check_pin_path`]):
/// what the public pin methods of links and programs use.
pub fn pin_on_bpffs(fd: BorrowedFd<'_>, path: &Path) -> Result<(), SyscallError> {
    super::check_pin_path("BPF_OBJ_PIN", path)?;
    obj_pin(fd, path)
}

/// [`obj_get`] after checking that `path` lies on bpffs.
pub fn open_pin_on_bpffs(path: &Path) -> Result<OwnedFd, SyscallError> {
    super::check_pin_path("BPF_OBJ_GET", path)?;
    obj_get(path)
}

/// Removes the pin at `path` after checking that it lies on bpffs (so only a pin, never
/// another file, is unlinked).
pub fn unpin_on_bpffs(path: &Path) -> Result<(), SyscallError> {
    super::check_pin_path("unlink", path)?;
    std::fs::remove_file(path).map_err(|e| SyscallError::new("unlink", e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::MapType;
    use crate::sys::map::map_get_info;
    use crate::sys::map::tests::new_map;
    use crate::sys::probe::require_bpf;
    use std::os::fd::AsFd;

    #[test]
    fn pin_and_get() {
        require_bpf!();
        let dir = Path::new("/sys/fs/bpf");
        crate::sys::ensure_bpffs(dir).expect("mount bpffs");
        let map = new_map(MapType::Array, 4, 1, 0);
        let path = dir.join(format!("bpfgen_sys_test_{}", std::process::id()));
        obj_pin(map.as_fd(), &path).expect("pin");
        let got = obj_get(&path);
        let _ = std::fs::remove_file(&path);
        let got = got.expect("get");
        let a = map_get_info(map.as_fd()).expect("info");
        let b = map_get_info(got.as_fd()).expect("info");
        assert_eq!(a.id, b.id);
    }

    #[test]
    fn bad_paths_fail() {
        require_bpf!();
        let err = obj_get(Path::new("/nonexistent/bpfgen")).expect_err("missing");
        assert_eq!(err.errno(), libc::ENOENT);
        let err = obj_get(Path::new("a\0b")).expect_err("nul");
        assert_eq!(err.errno(), libc::EINVAL);
    }
}
