//! `SEC("netkit/primary")`, `SEC("netkit/peer")`: a program on a netkit device (Linux
//! 6.7), attached with a BPF link to the primary device or its peer. The link takes the
//! attributes tcx links do, so ordering works the same way.

use crate::kind::Netkit;
use std::os::fd::AsFd;

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
use super::tcx::{attach_tcx, TcxOrder};

attach_methods!(Netkit {
    /// Attaches the program to netkit device `ifindex` (the primary device; the hook of
    /// its `SEC()` says whether it runs for the primary or the peer side) with a BPF
    /// link, after the programs already there. Minimum kernel version: 6.7, with the
    /// netkit driver; any other device is refused by the kernel.
    pub fn attach(&self, ifindex: u32) -> Result<Link, AttachError> {
        self.attach_with(ifindex, TcxOrder::Last)
    }

    /// Attaches the program to netkit device `ifindex` at the place `order` gives in
    /// its chain.
    pub fn attach_with(&self, ifindex: u32, order: TcxOrder<'_>) -> Result<Link, AttachError> {
        attach_tcx(self.name(), self.as_fd(), ifindex, self.attach_type(), order)
    }
});
