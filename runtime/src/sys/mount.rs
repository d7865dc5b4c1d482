//! Making sure the pseudo file systems the loader uses are mounted: bpffs (pinning),
//! tracefs (tracepoint ids) and cgroup2 (cgroup attach targets). Mounting needs `CAP_SYS_ADMIN`.

use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

use super::error::SyscallError;

/// `BPF_FS_MAGIC`.
const BPF_FS_MAGIC: i64 = 0xcafe_4a11;
/// `TRACEFS_MAGIC`.
const TRACEFS_MAGIC: i64 = 0x7472_6163;
/// `CGROUP2_SUPER_MAGIC`.
const CGROUP2_MAGIC: i64 = 0x6367_7270;

fn cpath(path: &Path) -> Result<CString, SyscallError> {
    CString::new(path.as_os_str().as_bytes())
        .map_err(|_| SyscallError::new("statfs", io::Error::from(io::ErrorKind::InvalidInput)))
}

/// The `f_type` of the file system at `path`.
fn fs_type(path: &Path) -> Result<i64, SyscallError> {
    let c = cpath(path)?;
    // SAFETY: an all-zero `statfs` is a valid value for the kernel to overwrite.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `c` is NUL-terminated and `st` is a valid out-pointer.
    let rc = unsafe { libc::statfs(c.as_ptr(), &mut st) };
    if rc != 0 {
        return Err(SyscallError::new("statfs", io::Error::last_os_error()));
    }
    Ok(st.f_type as i64)
}

fn ensure(path: &Path, fstype: &str, magic: i64) -> Result<(), SyscallError> {
    if fs_type(path).ok() == Some(magic) {
        return Ok(());
    }
    let target = cpath(path)?;
    let kind = CString::new(fstype).map_err(|_| SyscallError::from_errno("mount", libc::EINVAL))?;
    // SAFETY: all three strings are NUL-terminated and outlive the call; no data pointer.
    let rc = unsafe {
        libc::mount(
            kind.as_ptr(),
            target.as_ptr(),
            kind.as_ptr(),
            0,
            std::ptr::null(),
        )
    };
    if rc != 0 {
        return Err(SyscallError::new("mount", io::Error::last_os_error()));
    }
    Ok(())
}

/// Mounts bpffs at `path` (usually `/sys/fs/bpf`) unless one is already there.
pub fn ensure_bpffs(path: &Path) -> Result<(), SyscallError> {
    ensure(path, "bpf", BPF_FS_MAGIC)
}

/// Mounts tracefs at `/sys/kernel/tracing` unless one is already there.
pub fn ensure_tracefs() -> Result<(), SyscallError> {
    ensure(Path::new("/sys/kernel/tracing"), "tracefs", TRACEFS_MAGIC)
}

/// Mounts the cgroup v2 hierarchy at `path` (an existing directory) unless it is
/// already there: the cgroups that cgroup programs attach to live in it.
pub fn ensure_cgroup2(path: &Path) -> Result<(), SyscallError> {
    ensure(path, "cgroup2", CGROUP2_MAGIC)
}

/// Is a bpffs mounted at `path`?
pub fn is_bpffs(path: &Path) -> bool {
    fs_type(path).ok() == Some(BPF_FS_MAGIC)
}
