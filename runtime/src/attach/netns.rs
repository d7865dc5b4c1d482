//! Programs attached to a network namespace with a BPF link: `SEC("sk_lookup")` (Linux
//! 5.9) and `SEC("flow_dissector")` (5.8).

use crate::abi::AttachType;
use crate::kind::{FlowDissector, SkLookup};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys;

/// Shared body of the `attach` methods.
fn attach_netns(
    program: &str,
    prog: BorrowedFd<'_>,
    netns: BorrowedFd<'_>,
    attach_type: AttachType,
) -> Result<Link, AttachError> {
    let fd = sys::link_create(prog, netns.as_raw_fd(), attach_type, 0).map_err(|e| {
        AttachError::syscall(
            program,
            format!("network namespace fd {}", netns.as_raw_fd()),
            e,
        )
    })?;
    Ok(Link::from_fd(fd))
}

/// Declares `attach(netns)` for the namespace kinds.
macro_rules! netns_attach {
    ($($kind:ty),*) => { $(
        attach_methods!($kind {
            /// Attaches the program to the network namespace `netns` (an open
            /// `/proc/<pid>/ns/net`, or `/proc/self/ns/net` for this one) with a BPF link.
            pub fn attach(&self, netns: &impl AsFd) -> Result<Link, AttachError> {
                attach_netns(self.name(), self.as_fd(), netns.as_fd(), self.attach_type())
            }
        });
    )* };
}

netns_attach!(SkLookup, FlowDissector);
