//! tcx: `SEC("tcx/ingress")`, `SEC("tcx/egress")` (and their `tc/ingress`, `tc/egress`
//! aliases), attached to a network interface with a BPF link (Linux 6.6).

use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::kind::prog_kind;
use super::link::Link;
use super::loaded::attach_methods;
#[cfg(doc)]
use super::loaded::{Instance, Loaded};
use crate::sys::{self, consts::BPF_TCX_EGRESS};
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
    let direction = if attach_type == BPF_TCX_EGRESS {
        "egress"
    } else {
        "ingress"
    };
    let index = i32::try_from(ifindex).map_err(|_| AttachError::Target {
        program: program.to_string(),
        reason: format!("ifindex {ifindex} is out of range"),
    })?;
    let fd = sys::link_create(prog, index, attach_type, 0).map_err(|e| {
        AttachError::syscall(program, format!("interface {ifindex} (tcx {direction})"), e)
    })?;
    Ok(Link::from_fd(fd))
}

attach_methods!(Tcx {
    /// Attaches the program to interface `ifindex` at the hook of its `SEC()` (ingress or
    /// egress) with a BPF link, after the programs already there. Minimum kernel
    /// version: 6.6.
    pub fn attach(&self, ifindex: u32) -> Result<Link, Error> {
        attach_tcx(self.name(), self.as_fd(), ifindex, self.attach_type())
    }
});
