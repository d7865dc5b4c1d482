//! rtnetlink routes with a BPF lightweight tunnel (`ip route add 10.0.0.0/24 encap bpf
//! xmit fd N dev X`): the `lwt_in`, `lwt_out` and `lwt_xmit` programs run for packets
//! that take the route.

use std::net::IpAddr;
use std::os::fd::{AsRawFd, BorrowedFd};

use super::{Message, NetlinkError};

const RTM_NEWROUTE: u16 = 24;
const RTM_DELROUTE: u16 = 25;
const NLM_F_EXCL: u16 = 0x200;
const NLM_F_CREATE: u16 = 0x400;
const RTA_DST: u16 = 1;
const RTA_OIF: u16 = 4;
const RTA_ENCAP_TYPE: u16 = 21;
const RTA_ENCAP: u16 = 22;
const LWTUNNEL_ENCAP_BPF: u16 = 6;
const LWT_BPF_PROG_FD: u16 = 1;
const LWT_BPF_PROG_NAME: u16 = 2;
const RT_TABLE_MAIN: u8 = 254;
const RTPROT_STATIC: u8 = 4;
const RT_SCOPE_LINK: u8 = 253;
const RTN_UNICAST: u8 = 1;

/// Where on a route an lwt program runs (`LWT_BPF_IN`, `_OUT`, `_XMIT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LwtHook {
    /// Packets received that take the route (`lwt_in`).
    In = 1,
    /// Packets sent, before the output path (`lwt_out`).
    Out = 2,
    /// Packets sent, at transmit (`lwt_xmit`).
    Xmit = 3,
}

/// A route: destination prefix through an interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteId {
    /// Destination address.
    pub dest: IpAddr,
    /// Prefix length.
    pub prefix_len: u8,
    /// Output interface.
    pub ifindex: u32,
}

impl RouteId {
    /// `struct rtmsg` and the destination and interface attributes.
    fn message(&self, kind: u16, flags: u16) -> Message {
        let (family, addr) = match self.dest {
            IpAddr::V4(a) => (libc::AF_INET as u8, a.octets().to_vec()),
            IpAddr::V6(a) => (libc::AF_INET6 as u8, a.octets().to_vec()),
        };
        let mut msg = Message::new(kind, flags);
        msg.raw(&[
            family,
            self.prefix_len,
            0, // src_len
            0, // tos
            RT_TABLE_MAIN,
            RTPROT_STATIC,
            RT_SCOPE_LINK,
            RTN_UNICAST,
        ]);
        msg.raw(&0u32.to_ne_bytes()); // rtm_flags
        msg.attr(RTA_DST, &addr);
        msg.attr(RTA_OIF, &self.ifindex.to_ne_bytes());
        msg
    }
}

/// Adds route `id` with `prog` as its BPF lightweight tunnel at `hook`; `EEXIST` when
/// the route is there already. `name` is what `ip route show` prints.
pub fn lwt_route_add(
    id: &RouteId,
    hook: LwtHook,
    prog: BorrowedFd<'_>,
    name: &str,
) -> Result<(), NetlinkError> {
    let mut msg = id.message(RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
    msg.attr(RTA_ENCAP_TYPE, &LWTUNNEL_ENCAP_BPF.to_ne_bytes());
    let encap = msg.begin_nested(RTA_ENCAP);
    let at = msg.begin_nested(hook as u16);
    msg.attr(LWT_BPF_PROG_FD, &(prog.as_raw_fd() as u32).to_ne_bytes());
    let mut label: Vec<u8> = name.bytes().filter(|&b| b != 0).collect();
    label.push(0);
    msg.attr(LWT_BPF_PROG_NAME, &label);
    msg.end_nested(at);
    msg.end_nested(encap);
    msg.send("netlink RTM_NEWROUTE encap bpf")
}

/// Deletes route `id`.
pub fn route_delete(id: &RouteId) -> Result<(), NetlinkError> {
    id.message(RTM_DELROUTE, 0).send("netlink RTM_DELROUTE")
}
