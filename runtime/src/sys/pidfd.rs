//! `pidfd_open(2)`: an fd naming a process, the key of task storage from user space.

use std::os::fd::OwnedFd;

use super::error::SyscallError;

/// Opens a pidfd for process `pid`.
pub fn pidfd_open(pid: u32) -> Result<OwnedFd, SyscallError> {
    let pid = libc::pid_t::try_from(pid)
        .map_err(|_| SyscallError::invalid("pidfd_open", format!("pid {pid} out of range")))?;
    // SAFETY: pidfd_open takes a pid and flags and returns a new fd or -1; no memory is
    // passed.
    let ret = unsafe { libc::syscall(libc::SYS_pidfd_open, pid, 0) };
    // SAFETY: pidfd_open returned a new fd (or -1) that nothing else owns.
    unsafe { super::raw::syscall_fd("pidfd_open", ret) }
}
