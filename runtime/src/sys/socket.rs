//! Socket filters: `SO_ATTACH_BPF` / `SO_DETACH_BPF`.

use std::io;
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd};

use super::consts::{SO_ATTACH_BPF, SO_DETACH_BPF};
use super::error::SyscallError;

/// Attaches the socket-filter program `prog_fd` to `sock` (`SO_ATTACH_BPF`).
pub fn setsockopt_attach_filter(
    sock: BorrowedFd<'_>,
    prog_fd: BorrowedFd<'_>,
) -> Result<(), SyscallError> {
    let fd: libc::c_int = prog_fd.as_raw_fd();
    // SAFETY: `fd` is a live c_int and the length passed is its size.
    let rc = unsafe {
        libc::setsockopt(
            sock.as_raw_fd(),
            libc::SOL_SOCKET,
            SO_ATTACH_BPF,
            (&fd as *const libc::c_int).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc < 0 {
        return Err(SyscallError::new(
            "setsockopt(SO_ATTACH_BPF)",
            io::Error::last_os_error(),
        ));
    }
    Ok(())
}

/// Removes the filter attached to `sock` (`SO_DETACH_BPF`); `ENOENT` when there is none.
pub fn setsockopt_detach_filter(sock: BorrowedFd<'_>) -> Result<(), SyscallError> {
    let zero: libc::c_int = 0;
    // SAFETY: the option value is a live c_int (ignored by the kernel) of the length given.
    let rc = unsafe {
        libc::setsockopt(
            sock.as_raw_fd(),
            libc::SOL_SOCKET,
            SO_DETACH_BPF,
            (&zero as *const libc::c_int).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc < 0 {
        return Err(SyscallError::new(
            "setsockopt(SO_DETACH_BPF)",
            io::Error::last_os_error(),
        ));
    }
    Ok(())
}
