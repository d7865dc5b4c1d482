//! Making sure the pseudo file systems the loader uses are mounted: bpffs (pinning),
//! tracefs (tracepoint ids) and cgroup2 (cgroup attach targets). Mounting needs `CAP_SYS_ADMIN`.

use std::ffi::CString;
use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

use super::error::SyscallError;

/// `BPF_FS_MAGIC`.
const BPF_FS_MAGIC: i64 = 0xcafe_4a11;
/// `TRACEFS_MAGIC`.
const TRACEFS_MAGIC: i64 = 0x7472_6163;
/// `CGROUP2_SUPER_MAGIC`.
const CGROUP2_MAGIC: i64 = 0x6367_7270;
/// `CGROUP_SUPER_MAGIC` (cgroup v1).
const CGROUP1_MAGIC: i64 = 0x0027_e0eb;

/// What file system an fd lives on, as far as cgroup attach cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CgroupFs {
    /// cgroup v2: BPF programs attach here.
    V2,
    /// A cgroup v1 hierarchy: BPF programs cannot attach.
    V1,
    /// Something else, with its `f_type`.
    Other(i64),
}

/// Which cgroup file system `fd` is on (`fstatfs`).
pub fn cgroup_fs_of(fd: BorrowedFd<'_>) -> Result<CgroupFs, SyscallError> {
    // SAFETY: an all-zero `statfs` is a valid value for the kernel to overwrite.
    let mut st: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: `fd` is a live descriptor and `st` a valid out-pointer.
    let rc = unsafe { libc::fstatfs(fd.as_raw_fd(), &mut st) };
    if rc != 0 {
        return Err(SyscallError::new("fstatfs", io::Error::last_os_error()));
    }
    Ok(match st.f_type as i64 {
        CGROUP2_MAGIC => CgroupFs::V2,
        CGROUP1_MAGIC => CgroupFs::V1,
        other => CgroupFs::Other(other),
    })
}

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

/// Checks that `path` can be a pin on bpffs: its directory exists and, with symlinks
/// resolved, lies on a bpffs mount (so a pin never lands in, or escapes to, another file
/// system). `call` names the operation in the error.
pub fn check_pin_path(call: &'static str, path: &Path) -> Result<(), SyscallError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let real = dir.canonicalize().map_err(|e| {
        SyscallError::new(
            call,
            io::Error::new(e.kind(), format!("{}: {e}", dir.display())),
        )
    })?;
    if fs_type(&real).ok() != Some(BPF_FS_MAGIC) {
        return Err(SyscallError::invalid(
            call,
            format!(
                "{} is not on a bpffs mount: pins live under one (mount -t bpf bpf /sys/fs/bpf)",
                real.display()
            ),
        ));
    }
    Ok(())
}

/// Where tracefs is: its mount point from `/proc/self/mounts` (wherever it is), else
/// `<debugfs>/tracing` under a debugfs mount, else tracefs freshly mounted at
/// `/sys/kernel/tracing`. Looked up on every call: mounts change.
pub fn tracefs_root() -> Result<PathBuf, SyscallError> {
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap_or_default();
    if let Some(root) = tracefs_in_mounts(&mounts, |p| p.join("events").is_dir()) {
        return Ok(root);
    }
    ensure_tracefs()?;
    Ok(PathBuf::from("/sys/kernel/tracing"))
}

/// tracefs's directory according to a mounts table: a `tracefs` mount, or `tracing`
/// under a `debugfs` mount when `usable` says it is populated.
fn tracefs_in_mounts(mounts: &str, usable: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let entries: Vec<(&str, PathBuf)> = mounts
        .lines()
        .filter_map(|line| {
            let mut fields = line.split_whitespace();
            let (_, dir, fstype) = (fields.next()?, fields.next()?, fields.next()?);
            Some((fstype, PathBuf::from(unescape_mount_path(dir))))
        })
        .collect();
    let tracefs = entries
        .iter()
        .filter(|(fstype, _)| *fstype == "tracefs")
        .map(|(_, dir)| dir.clone());
    let debugfs = entries
        .iter()
        .filter(|(fstype, _)| *fstype == "debugfs")
        .map(|(_, dir)| dir.join("tracing"));
    tracefs.chain(debugfs).find(|dir| usable(dir))
}

/// Undoes `/proc/mounts`' octal escapes (`\040` for a space, `\011`, `\012`, `\134`).
fn unescape_mount_path(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes
            .get(i + 1..i + 4)
            .filter(|d| d.iter().all(|b| (b'0'..=b'7').contains(b)));
        match (bytes[i], octal) {
            (b'\\', Some(d)) => {
                let value = d.iter().fold(0u32, |v, b| v * 8 + u32::from(b - b'0'));
                out.push(value as u8);
                i += 4;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracefs_is_found_wherever_it_is_mounted() {
        let mounts = "proc /proc proc rw 0 0\n\
                      debugfs /sys/kernel/debug debugfs rw 0 0\n\
                      tracefs /mnt/my\\040traces tracefs rw 0 0\n";
        let all = |_: &Path| true;
        assert_eq!(
            tracefs_in_mounts(mounts, all),
            Some(PathBuf::from("/mnt/my traces"))
        );
        // Only debugfs: its `tracing` directory, when populated.
        let debug_only = "debugfs /sys/kernel/debug debugfs rw 0 0\n";
        assert_eq!(
            tracefs_in_mounts(debug_only, all),
            Some(PathBuf::from("/sys/kernel/debug/tracing"))
        );
        assert_eq!(tracefs_in_mounts(debug_only, |_| false), None);
        assert_eq!(tracefs_in_mounts("", all), None);
        assert_eq!(unescape_mount_path("a\\011b\\134c\\9"), "a\tb\\c\\9");
    }
}
