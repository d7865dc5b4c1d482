//! tcx: `SEC("tcx/ingress")`, `SEC("tcx/egress")` (and their `tc/ingress`, `tc/egress`
//! aliases), attached to a network interface with a BPF link (Linux 6.6).

use std::os::fd::{AsFd, BorrowedFd};

use super::kind::prog_kind;
use super::link::Link;
use super::loaded::attach_methods;
#[cfg(doc)]
use super::loaded::{Instance, Loaded};
use crate::sys::consts::BPF_TCX_EGRESS;
use crate::Error;

prog_kind! {
    /// `SEC("tcx/ingress")`, `SEC("tcx/egress")`: a tc program for the tcx hooks.
    /// `attach(ifindex)` on a [`Loaded`] or [`Instance`].
    Tcx
}

/// Shared body of the `attach` methods.
fn attach_tcx(
    program: &str,
    prog: BorrowedFd<'_>,
    ifindex: u32,
    attach_type: u32,
) -> Result<Link, Error> {
    let hook = if attach_type == BPF_TCX_EGRESS {
        "tcx egress"
    } else {
        "tcx ingress"
    };
    Link::on_interface(program, prog, ifindex, attach_type, 0, hook)
}

attach_methods!(Tcx {
    /// Attaches the program to interface `ifindex` at the hook of its `SEC()` (ingress or
    /// egress) with a BPF link, after the programs already there. Minimum kernel
    /// version: 6.6.
    pub fn attach(&self, ifindex: u32) -> Result<Link, Error> {
        attach_tcx(self.name(), self.as_fd(), ifindex, self.attach_type())
    }
});
