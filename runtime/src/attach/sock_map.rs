//! `sk_msg` and `sk_skb` programs attached to a sockmap or sockhash: a BPF link where
//! the kernel has one (6.10+), else `BPF_PROG_ATTACH` on the map, detached on drop
//! either way. The hook is the program's `SEC()`: `sk_msg`, `sk_skb/stream_parser`,
//! `sk_skb/stream_verdict` or `sk_skb/verdict`.

use crate::kind::{SkMsg, SkSkb};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
use crate::abi::AttachType;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys::{self, SyscallError};

/// A program attached to a sockmap or sockhash; dropping it detaches the program.
#[derive(Debug)]
pub enum SockMapLink {
    /// A BPF link (kernel 6.10+): pinnable, closed on drop.
    Link(Link),
    /// A `BPF_PROG_ATTACH` attachment (older kernels), undone with `BPF_PROG_DETACH`.
    Attached(ProgAttachment),
}

/// A `BPF_PROG_ATTACH` attachment of a program to a target fd, undone with
/// `BPF_PROG_DETACH` when dropped. Holds its own copies of both fds.
#[derive(Debug)]
pub struct ProgAttachment {
    target: OwnedFd,
    prog: OwnedFd,
    attach_type: AttachType,
}

impl ProgAttachment {
    /// The hook it is attached at.
    pub fn attach_type(&self) -> AttachType {
        self.attach_type
    }
}

impl Drop for ProgAttachment {
    fn drop(&mut self) {
        // Best effort: a failure leaves the program attached until the map is freed.
        let _ = sys::prog_detach(self.target.as_fd(), self.prog.as_fd(), self.attach_type);
    }
}

/// The sockmap hooks.
const HOOKS: [AttachType; 4] = [
    AttachType::SkMsgVerdict,
    AttachType::SkSkbStreamParser,
    AttachType::SkSkbStreamVerdict,
    AttachType::SkSkbVerdict,
];

/// Shared body of the attach methods.
fn attach_sock_map(
    program: &str,
    section: &str,
    prog: BorrowedFd<'_>,
    map: BorrowedFd<'_>,
    attach_type: AttachType,
) -> Result<SockMapLink, AttachError> {
    if !HOOKS.contains(&attach_type) {
        return Err(AttachError::Target {
            program: program.to_string(),
            reason: format!(
                "`SEC(\"{section}\")` names no sockmap hook; use `sk_skb/stream_parser`, \
                 `sk_skb/stream_verdict`, `sk_skb/verdict` or `sk_msg` (or clone it with \
                 an expected attach type)"
            ),
        });
    }
    let what = || format!("socket map fd {} ({})", map.as_raw_fd(), attach_type.name());
    match sys::link_create(prog, map.as_raw_fd(), attach_type, 0) {
        Ok(fd) => return Ok(SockMapLink::Link(Link::from_fd(fd))),
        // Before 6.10 the kernel has no sockmap link and says EINVAL.
        Err(e) if e.errno() == libc::EINVAL => {}
        Err(e) => return Err(AttachError::syscall(program, what(), e)),
    }
    let dup = |fd: BorrowedFd<'_>| {
        fd.try_clone_to_owned()
            .map_err(|e| AttachError::syscall(program, what(), SyscallError::new("dup", e)))
    };
    let attachment = ProgAttachment {
        target: dup(map)?,
        prog: dup(prog)?,
        attach_type,
    };
    sys::prog_attach(map, prog, attach_type, 0)
        .map_err(|e| AttachError::syscall(program, what(), e))?;
    Ok(SockMapLink::Attached(attachment))
}

/// Declares `attach(map)` for the sockmap kinds.
macro_rules! sock_map_attach {
    ($($kind:ty),*) => { $(
        attach_methods!($kind {
            /// Attaches the program to `map` (a [`SockMap`](crate::maps::SockMap) or
            /// [`SockHash`](crate::maps::SockHash)) at its `SEC()` hook. Attach before
            /// inserting sockets: the kernel hands each socket the map's programs when
            /// it is inserted, and a socket keeps them until it leaves the map, even
            /// after this link is dropped.
            pub fn attach(&self, map: &impl AsFd) -> Result<SockMapLink, AttachError> {
                attach_sock_map(
                    self.name(),
                    self.section(),
                    self.as_fd(),
                    map.as_fd(),
                    self.attach_type(),
                )
            }
        });
    )* };
}

sock_map_attach!(SkMsg, SkSkb);

#[cfg(test)]
mod tests;
