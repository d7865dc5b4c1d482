//! tcx: `SEC("tcx/ingress")`, `SEC("tcx/egress")` (and their `tc/ingress`, `tc/egress`
//! aliases), attached to a network interface with a BPF link (Linux 6.6).

use crate::abi::AttachType;
use crate::kind::Tcx;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};

use super::error::AttachError;
use super::link::{interface_index, Link};
use super::methods::attach_methods;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys;
use crate::sys::consts::{BPF_F_AFTER, BPF_F_BEFORE, BPF_F_LINK};

/// Where a new tcx program goes in the interface's chain (programs run in chain order
/// until one returns something other than `TCX_NEXT`).
#[derive(Debug, Clone, Copy)]
pub enum TcxOrder<'a> {
    /// After every program already there (what `attach` does).
    Last,
    /// Before every program already there.
    First,
    /// Right before the program of this tcx link.
    Before(&'a Link),
    /// Right after the program of this tcx link.
    After(&'a Link),
}

impl TcxOrder<'_> {
    /// `BPF_F_*` flags and the relative link fd.
    fn flags(self) -> (u32, u32) {
        match self {
            TcxOrder::Last => (BPF_F_AFTER, 0),
            TcxOrder::First => (BPF_F_BEFORE, 0),
            TcxOrder::Before(l) => (BPF_F_BEFORE | BPF_F_LINK, l.as_fd().as_raw_fd() as u32),
            TcxOrder::After(l) => (BPF_F_AFTER | BPF_F_LINK, l.as_fd().as_raw_fd() as u32),
        }
    }
}

/// Shared body of the attach methods (also `SEC("tc")`'s tcx path and netkit, whose
/// links take the same attributes).
pub(super) fn attach_tcx(
    program: &str,
    prog: BorrowedFd<'_>,
    ifindex: u32,
    attach_type: AttachType,
    order: TcxOrder<'_>,
) -> Result<Link, AttachError> {
    let hook = match attach_type {
        AttachType::TcxEgress => "tcx egress",
        AttachType::TcxIngress => "tcx ingress",
        AttachType::NetkitPrimary => "netkit primary",
        AttachType::NetkitPeer => "netkit peer",
        other => other.name(),
    };
    let index = interface_index(program, ifindex)?;
    let (flags, relative) = order.flags();
    let fd = sys::link_create_tcx(prog, index, attach_type, flags, relative, 0)
        .map_err(|e| AttachError::syscall(program, format!("interface {ifindex} ({hook})"), e))?;
    Ok(Link::from_fd(fd))
}

attach_methods!(Tcx {
    /// Attaches the program to interface `ifindex` at the hook of its `SEC()` (ingress or
    /// egress) with a BPF link, after the programs already there. Minimum kernel
    /// version: 6.6.
    pub fn attach(&self, ifindex: u32) -> Result<Link, AttachError> {
        self.attach_with(ifindex, TcxOrder::Last)
    }

    /// Attaches the program to interface `ifindex` at the place `order` gives in the
    /// chain (first, last, or next to another tcx link of the same interface and hook).
    pub fn attach_with(&self, ifindex: u32, order: TcxOrder<'_>) -> Result<Link, AttachError> {
        attach_tcx(self.name(), self.as_fd(), ifindex, self.attach_type(), order)
    }
});
