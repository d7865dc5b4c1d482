//! Socket filters: `SEC("socket")`, attached to a socket with `SO_ATTACH_BPF`.

use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::kind::prog_kind;
use super::link::SocketFilterLink;
use super::loaded::{Instance, Loaded};
use crate::sys::{self, SyscallError};
use crate::Error;

prog_kind! {
    /// `SEC("socket")`: a socket filter. Attach it to a socket with
    /// `attach(socket)` on a [`Loaded`] or [`Instance`]; the program sees every
    /// packet the socket receives and returns how many bytes to keep (0 drops it).
    SocketFilter
}

/// Shared body of the `attach` methods.
fn attach_socket(
    program: &str,
    prog: BorrowedFd<'_>,
    socket: BorrowedFd<'_>,
) -> Result<SocketFilterLink, Error> {
    let target = || format!("socket {socket:?}");
    let dup = socket
        .try_clone_to_owned()
        .map_err(|e| AttachError::syscall(program, target(), SyscallError::new("dup", e)))?;
    sys::setsockopt_attach_filter(dup.as_fd(), prog)
        .map_err(|e| AttachError::syscall(program, target(), e))?;
    Ok(SocketFilterLink::new(program, dup))
}

impl Loaded<'_, SocketFilter> {
    /// Attaches the program to `socket` (`SO_ATTACH_BPF`), replacing any filter it had.
    pub fn attach(&self, socket: impl AsFd) -> Result<SocketFilterLink, Error> {
        attach_socket(self.name(), self.as_fd(), socket.as_fd())
    }
}

impl Instance<SocketFilter> {
    /// Attaches this instance to `socket` (`SO_ATTACH_BPF`), replacing any filter it had.
    pub fn attach(&self, socket: impl AsFd) -> Result<SocketFilterLink, Error> {
        attach_socket(self.name(), self.as_fd(), socket.as_fd())
    }
}
