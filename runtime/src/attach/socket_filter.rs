//! Socket filters: `SEC("socket")`, attached to a socket with `SO_ATTACH_BPF`.

use crate::kind::SocketFilter;
use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::link::SocketFilterLink;
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys::{self, SyscallError};

/// Shared body of the `attach` methods.
fn attach_socket(
    program: &str,
    prog: BorrowedFd<'_>,
    socket: BorrowedFd<'_>,
) -> Result<SocketFilterLink, AttachError> {
    let target = || format!("socket {socket:?}");
    let dup = socket
        .try_clone_to_owned()
        .map_err(|e| AttachError::syscall(program, target(), SyscallError::new("dup", e)))?;
    sys::setsockopt_attach_filter(dup.as_fd(), prog)
        .map_err(|e| AttachError::syscall(program, target(), e))?;
    Ok(SocketFilterLink::new(program, dup))
}

impl LoadedProgram<SocketFilter> {
    /// Attaches the program to `socket` (`SO_ATTACH_BPF`), replacing any filter it had.
    pub fn attach(&self, socket: impl AsFd) -> Result<SocketFilterLink, AttachError> {
        attach_socket(self.name(), self.as_fd(), socket.as_fd())
    }
}

impl ClonedProgram<SocketFilter> {
    /// Attaches this instance to `socket` (`SO_ATTACH_BPF`), replacing any filter it had.
    pub fn attach(&self, socket: impl AsFd) -> Result<SocketFilterLink, AttachError> {
        attach_socket(self.name(), self.as_fd(), socket.as_fd())
    }
}
