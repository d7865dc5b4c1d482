//! Waiting for a file descriptor to become readable (`poll(2)`), used by ring-buffer
//! readers: the kernel reports a ring buffer readable when unconsumed records exist.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::time::Duration;

use super::error::SyscallError;

/// Waits until `fd` is readable or `timeout` passes (`None` waits forever). Returns
/// whether it is readable. An interrupted wait (`EINTR`) returns `Ok(false)`.
pub fn poll_readable(fd: BorrowedFd<'_>, timeout: Option<Duration>) -> Result<bool, SyscallError> {
    poll_any_readable(&[fd], timeout)
}

/// Waits until one of `fds` is readable or `timeout` passes (`None` waits forever).
/// Returns whether one is readable. An interrupted wait (`EINTR`) returns `Ok(false)`.
pub fn poll_any_readable(
    fds: &[BorrowedFd<'_>],
    timeout: Option<Duration>,
) -> Result<bool, SyscallError> {
    let ms = timeout.map_or(-1, |t| {
        // Round up so that a 100 µs timeout still waits instead of spinning.
        let ms = t.as_micros().div_ceil(1000);
        libc::c_int::try_from(ms).unwrap_or(libc::c_int::MAX)
    });
    let mut pfds: Vec<libc::pollfd> = fds
        .iter()
        .map(|fd| libc::pollfd {
            fd: fd.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    let count = libc::nfds_t::try_from(pfds.len())
        .map_err(|_| SyscallError::invalid("poll", "too many fds"))?;
    // SAFETY: `pfds` holds `count` valid pollfd entries, exclusively borrowed for the call.
    let rc = unsafe { libc::poll(pfds.as_mut_ptr(), count, ms) };
    if rc < 0 {
        let err = io::Error::last_os_error();
        if err.kind() == io::ErrorKind::Interrupted {
            return Ok(false);
        }
        return Err(SyscallError::new("poll", err));
    }
    Ok(rc > 0 && pfds.iter().any(|p| p.revents & libc::POLLIN != 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::fd::AsFd;

    #[test]
    fn socket_readiness() {
        let rx = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind rx");
        let tx = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind tx");
        let short = Some(Duration::from_millis(1));
        assert!(!poll_readable(rx.as_fd(), short).expect("poll"));
        tx.send_to(b"x", rx.local_addr().expect("addr"))
            .expect("send");
        let long = Some(Duration::from_secs(5));
        assert!(poll_readable(rx.as_fd(), long).expect("poll"));
    }
}
