//! Netfilter hooks: `SEC("netfilter")` programs attached to a protocol family's hook with
//! a BPF link (Linux 6.4). They return a netfilter verdict (`NF_ACCEPT` = 1, `NF_DROP`
//! = 0).

use crate::kind::Netfilter;
use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys;

/// Where a netfilter program runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NetfilterHook {
    /// Protocol family: `NFPROTO_IPV4` (2) or `NFPROTO_IPV6` (10).
    pub family: u32,
    /// Hook: `NF_INET_PRE_ROUTING` (0), `LOCAL_IN` (1), `FORWARD` (2), `LOCAL_OUT` (3),
    /// `POST_ROUTING` (4).
    pub hook: u32,
    /// Order among the hook's functions (lower runs first; not `INT_MIN` or `INT_MAX`).
    pub priority: i32,
    /// `BPF_F_NETFILTER_IP_DEFRAG` (1) to see reassembled packets.
    pub flags: u32,
}

impl NetfilterHook {
    /// `NFPROTO_IPV4`.
    pub const IPV4: u32 = 2;
    /// `NFPROTO_IPV6`.
    pub const IPV6: u32 = 10;
    /// `NF_INET_LOCAL_IN`: packets for this host.
    pub const LOCAL_IN: u32 = 1;
    /// `NF_INET_LOCAL_OUT`: packets this host sends.
    pub const LOCAL_OUT: u32 = 3;
}

/// Shared body of the `attach` methods.
fn attach_netfilter(
    program: &str,
    prog: BorrowedFd<'_>,
    hook: NetfilterHook,
) -> Result<Link, AttachError> {
    let what = format!(
        "netfilter family {} hook {} priority {}",
        hook.family, hook.hook, hook.priority
    );
    let fd = sys::link_create_netfilter(prog, hook.family, hook.hook, hook.priority, hook.flags)
        .map_err(|e| AttachError::syscall(program, what, e))?;
    Ok(Link::from_fd(fd))
}

attach_methods!(Netfilter {
    /// Attaches the program to `hook` with a BPF link.
    pub fn attach(&self, hook: NetfilterHook) -> Result<Link, AttachError> {
        attach_netfilter(self.name(), self.as_fd(), hook)
    }
});
