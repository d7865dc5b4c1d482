//! Programs attached to a network namespace with a BPF link: `SEC("sk_lookup")` (Linux
//! 5.9) and `SEC("flow_dissector")` (5.8).

use crate::abi::AttachType;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};

use super::error::AttachError;
use super::kind::prog_kind;
use super::link::Link;
use super::loaded::attach_methods;
#[cfg(doc)]
use super::loaded::{Instance, Loaded};
use crate::sys;
use crate::Error;

prog_kind! {
    /// `SEC("sk_lookup")`: picks the socket for an incoming packet or connection.
    /// `attach(netns)` on a [`Loaded`] or [`Instance`].
    SkLookup
}

prog_kind! {
    /// `SEC("flow_dissector")`: replaces the kernel's flow dissector in a namespace.
    /// `attach(netns)` on a [`Loaded`] or [`Instance`].
    FlowDissector
}

/// Shared body of the `attach` methods.
fn attach_netns(
    program: &str,
    prog: BorrowedFd<'_>,
    netns: BorrowedFd<'_>,
    attach_type: AttachType,
) -> Result<Link, Error> {
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
            pub fn attach(&self, netns: &impl AsFd) -> Result<Link, Error> {
                attach_netns(self.name(), self.as_fd(), netns.as_fd(), self.attach_type())
            }
        });
    )* };
}

netns_attach!(SkLookup, FlowDissector);
