//! `pidfd_open(2)`: an fd naming a process, the key of task storage from user space.

use std::os::fd::{FromRawFd, OwnedFd};

use super::error::SyscallError;

/// Opens a pidfd for process `pid`.
pub fn pidfd_open(pid: u32) -> Result<OwnedFd, SyscallError> {
    let pid = libc::pid_t::try_from(pid)
        .map_err(|_| SyscallError::invalid("pidfd_open", format!("pid {pid} out of range")))?;
    // SAFETY: pidfd_open takes a pid and flags and returns a new fd or -1; no memory is
    // passed.
    let ret = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    if ret < 0 {
        return Err(SyscallError::new(
            "pidfd_open",
            std::io::Error::last_os_error(),
        ));
    }
    let fd = libc::c_int::try_from(ret)
        .map_err(|_| SyscallError::invalid("pidfd_open", "fd out of range"))?;
    // SAFETY: the kernel just returned `fd` as a new descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}
