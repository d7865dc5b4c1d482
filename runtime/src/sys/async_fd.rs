//! Registering an fd with tokio's reactor (feature `tokio`), for async readers.

use std::io;
use std::os::fd::OwnedFd;

use tokio::io::unix::AsyncFd;
use tokio::io::Interest;

/// Registers `fd` with the current tokio runtime for readability.
///
/// # Errors
/// Outside a tokio runtime with I/O enabled, or when epoll refuses the fd.
pub fn register_readable(fd: OwnedFd) -> io::Result<AsyncFd<OwnedFd>> {
    // SAFETY: an `OwnedFd` is open for as long as it lives, always returns the same fd
    // from `as_raw_fd`, and lives inside the `AsyncFd` until the `AsyncFd` is dropped or
    // unwrapped: exactly what `register_with_interest` asks.
    unsafe { AsyncFd::register_with_interest(fd, Interest::READABLE) }.map_err(|e| e.into_parts().1)
}
