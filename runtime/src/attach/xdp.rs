//! XDP: `SEC("xdp")` and its variants, attached to a network interface with a BPF link.

use super::error::AttachError;
use crate::abi::AttachType;
use crate::kind::Xdp;
use std::os::fd::{AsFd, BorrowedFd};

use super::link::Link;
use crate::load::{ClonedProgram, LoadedProgram};

/// The attach mode of an XDP link (`XDP_FLAGS_*_MODE`). A BPF link takes at most one mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct XdpFlags(u32);

impl XdpFlags {
    /// Let the kernel choose: native (driver) mode when the driver supports XDP, generic
    /// (skb) mode otherwise — e.g. on `lo`.
    pub const DEFAULT: XdpFlags = XdpFlags(0);
    /// Generic XDP, in the networking stack; works on every interface.
    #[doc(alias = "XDP_FLAGS_SKB_MODE")]
    pub const SKB_MODE: XdpFlags = XdpFlags(1 << 1);
    /// Native XDP, in the driver.
    #[doc(alias = "XDP_FLAGS_DRV_MODE")]
    pub const DRV_MODE: XdpFlags = XdpFlags(1 << 2);
    /// Offloaded to the NIC.
    #[doc(alias = "XDP_FLAGS_HW_MODE")]
    pub const HW_MODE: XdpFlags = XdpFlags(1 << 3);

    /// The kernel's flag bits.
    pub fn bits(self) -> u32 {
        self.0
    }
}

/// Shared body of the `attach` methods.
fn attach_xdp(
    program: &str,
    prog: BorrowedFd<'_>,
    ifindex: u32,
    flags: XdpFlags,
) -> Result<Link, AttachError> {
    Link::on_interface(program, prog, ifindex, AttachType::Xdp, flags.bits(), "XDP")
}

impl LoadedProgram<Xdp> {
    /// Attaches the program to interface `ifindex` with a BPF link (`BPF_LINK_CREATE`,
    /// `BPF_XDP`). Fails with `EBUSY` if the interface already has an XDP program in that
    /// mode. Minimum kernel version: 5.9.
    pub fn attach(&self, ifindex: u32, flags: XdpFlags) -> Result<Link, AttachError> {
        attach_xdp(self.name(), self.as_fd(), ifindex, flags)
    }
}

impl ClonedProgram<Xdp> {
    /// Attaches this instance to interface `ifindex`, as `LoadedProgram::<Xdp>::attach` does.
    pub fn attach(&self, ifindex: u32, flags: XdpFlags) -> Result<Link, AttachError> {
        attach_xdp(self.name(), self.as_fd(), ifindex, flags)
    }
}
