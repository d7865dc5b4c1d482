//! rtnetlink for tc: the `clsact` qdisc and `bpf` filters (what `tc qdisc add dev X
//! clsact` and `tc filter add dev X ingress bpf da fd N` send), for kernels without tcx;
//! and, in `route`, routes with a BPF lightweight tunnel.
//!
//! Each request is one message on a fresh `NETLINK_ROUTE` socket, acknowledged by the
//! kernel; extended acks (`NETLINK_EXT_ACK`) carry the kernel's reason on failure.

use std::io;
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

use super::error::SyscallError;

mod route;
pub use route::{lwt_route_add, route_delete, LwtHook, RouteId};

const RTM_NEWQDISC: u16 = 36;
const RTM_DELQDISC: u16 = 37;
const RTM_NEWTFILTER: u16 = 44;
const RTM_DELTFILTER: u16 = 45;
const NLM_F_REQUEST: u16 = 0x1;
const NLM_F_ACK: u16 = 0x4;
const NLM_F_EXCL: u16 = 0x200;
const NLM_F_CREATE: u16 = 0x400;
const NLM_F_ACK_TLVS: u16 = 0x200;
const NLMSG_ERROR: u16 = 2;
const NLMSGERR_ATTR_MSG: u16 = 1;
const NETLINK_CAP_ACK: libc::c_int = 10;
const NETLINK_EXT_ACK: libc::c_int = 11;
const NLA_F_NESTED: u16 = 0x8000;
const TCA_KIND: u16 = 1;
const TCA_OPTIONS: u16 = 2;
const TCA_BPF_FD: u16 = 6;
const TCA_BPF_NAME: u16 = 7;
const TCA_BPF_FLAGS: u16 = 8;
const TCA_BPF_FLAG_ACT_DIRECT: u32 = 1;
/// `TC_H_CLSACT` (= `TC_H_INGRESS`): the clsact qdisc's parent.
const TC_H_CLSACT: u32 = 0xFFFF_FFF1;
const TC_H_MIN_INGRESS: u32 = 0xFFF2;
const TC_H_MIN_EGRESS: u32 = 0xFFF3;
/// `ETH_P_ALL` in network byte order, as `tcm_info`'s protocol half wants it.
const ETH_P_ALL_BE: u32 = 0x0300;
const NLMSG_HDR_LEN: usize = 16;

/// A netlink request the kernel refused: the errno and, when the kernel gave one, its
/// extended-ack message.
#[derive(Debug)]
pub struct NetlinkError {
    /// The failed request, with its errno.
    pub error: SyscallError,
    /// The kernel's explanation (`NLMSGERR_ATTR_MSG`), if any.
    pub message: Option<String>,
}

impl NetlinkError {
    fn io(call: &'static str, source: io::Error) -> Self {
        NetlinkError {
            error: SyscallError::new(call, source),
            message: None,
        }
    }
}

/// A clsact-qdisc filter position: interface, direction, priority and handle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcFilterId {
    /// Interface index.
    pub ifindex: u32,
    /// Egress (`true`) or ingress.
    pub egress: bool,
    /// Filter priority (1 runs first).
    pub priority: u16,
    /// Filter handle within the priority.
    pub handle: u32,
}

impl TcFilterId {
    fn parent(&self) -> u32 {
        let minor = if self.egress {
            TC_H_MIN_EGRESS
        } else {
            TC_H_MIN_INGRESS
        };
        (TC_H_CLSACT & 0xFFFF_0000) | minor
    }

    fn info(&self) -> u32 {
        (u32::from(self.priority) << 16) | ETH_P_ALL_BE
    }
}

/// Adds the `clsact` qdisc to `ifindex`; `EEXIST` when it is there already.
pub fn clsact_create(ifindex: u32) -> Result<(), NetlinkError> {
    let mut msg = Message::new(RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL);
    msg.tcmsg(ifindex, 0xFFFF_0000, TC_H_CLSACT, 0);
    msg.attr(TCA_KIND, b"clsact\0");
    msg.send("netlink RTM_NEWQDISC clsact")
}

/// Removes the `clsact` qdisc of `ifindex`, and every filter on it.
pub fn clsact_destroy(ifindex: u32) -> Result<(), NetlinkError> {
    let mut msg = Message::new(RTM_DELQDISC, 0);
    msg.tcmsg(ifindex, 0xFFFF_0000, TC_H_CLSACT, 0);
    msg.attr(TCA_KIND, b"clsact\0");
    msg.send("netlink RTM_DELQDISC clsact")
}

/// Adds a direct-action `bpf` filter running `prog` at `id` (fails with `EEXIST` when
/// that priority and handle are taken); `name` is what `tc filter show` prints.
pub fn tc_filter_add(
    id: &TcFilterId,
    prog: BorrowedFd<'_>,
    name: &str,
) -> Result<(), NetlinkError> {
    let mut msg = Message::new(RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL);
    msg.tcmsg(id.ifindex, id.handle, id.parent(), id.info());
    msg.attr(TCA_KIND, b"bpf\0");
    let nest = msg.begin_nested(TCA_OPTIONS);
    let fd = prog.as_raw_fd() as u32;
    msg.attr(TCA_BPF_FD, &fd.to_ne_bytes());
    let mut label: Vec<u8> = name.bytes().filter(|&b| b != 0).collect();
    label.push(0);
    msg.attr(TCA_BPF_NAME, &label);
    msg.attr(TCA_BPF_FLAGS, &TCA_BPF_FLAG_ACT_DIRECT.to_ne_bytes());
    msg.end_nested(nest);
    msg.send("netlink RTM_NEWTFILTER bpf")
}

/// Removes the `bpf` filter at `id`.
pub fn tc_filter_delete(id: &TcFilterId) -> Result<(), NetlinkError> {
    let mut msg = Message::new(RTM_DELTFILTER, 0);
    msg.tcmsg(id.ifindex, id.handle, id.parent(), id.info());
    msg.attr(TCA_KIND, b"bpf\0");
    msg.send("netlink RTM_DELTFILTER bpf")
}

/// One rtnetlink request under construction.
struct Message {
    buf: Vec<u8>,
}

impl Message {
    fn new(kind: u16, flags: u16) -> Message {
        let mut buf = Vec::with_capacity(256);
        buf.extend_from_slice(&0u32.to_ne_bytes()); // length, set in `send`
        buf.extend_from_slice(&kind.to_ne_bytes());
        buf.extend_from_slice(&(flags | NLM_F_REQUEST | NLM_F_ACK).to_ne_bytes());
        buf.extend_from_slice(&1u32.to_ne_bytes()); // sequence number
        buf.extend_from_slice(&0u32.to_ne_bytes()); // port id: the kernel fills it in
        Message { buf }
    }

    /// Raw bytes (a family header such as `struct rtmsg`).
    fn raw(&mut self, bytes: &[u8]) {
        self.buf.extend_from_slice(bytes);
    }

    /// `struct tcmsg` (AF_UNSPEC).
    fn tcmsg(&mut self, ifindex: u32, handle: u32, parent: u32, info: u32) {
        self.buf.extend_from_slice(&[0u8; 4]); // family, pad
        self.buf.extend_from_slice(&ifindex.to_ne_bytes());
        self.buf.extend_from_slice(&handle.to_ne_bytes());
        self.buf.extend_from_slice(&parent.to_ne_bytes());
        self.buf.extend_from_slice(&info.to_ne_bytes());
    }

    fn attr(&mut self, kind: u16, data: &[u8]) {
        let len = 4 + data.len();
        self.buf.extend_from_slice(&(len as u16).to_ne_bytes());
        self.buf.extend_from_slice(&kind.to_ne_bytes());
        self.buf.extend_from_slice(data);
        self.pad();
    }

    /// Starts a nested attribute; returns where its header is.
    fn begin_nested(&mut self, kind: u16) -> usize {
        let at = self.buf.len();
        self.buf.extend_from_slice(&0u16.to_ne_bytes());
        self.buf
            .extend_from_slice(&(kind | NLA_F_NESTED).to_ne_bytes());
        at
    }

    fn end_nested(&mut self, at: usize) {
        let len = (self.buf.len() - at) as u16;
        self.buf[at..at + 2].copy_from_slice(&len.to_ne_bytes());
    }

    fn pad(&mut self) {
        while self.buf.len() % 4 != 0 {
            self.buf.push(0);
        }
    }

    /// Sends the request on a fresh socket and waits for the kernel's ack.
    fn send(mut self, call: &'static str) -> Result<(), NetlinkError> {
        let len = self.buf.len() as u32;
        self.buf[0..4].copy_from_slice(&len.to_ne_bytes());
        let sock = route_socket().map_err(|e| NetlinkError::io("socket(NETLINK_ROUTE)", e))?;
        // SAFETY: `sock` is a live socket; the buffer and its length describe a readable
        // byte slice; a null address with length 0 sends to the connected kernel peer.
        let sent = unsafe {
            libc::send(
                sock.as_raw_fd(),
                self.buf.as_ptr().cast(),
                self.buf.len(),
                0,
            )
        };
        if sent < 0 {
            return Err(NetlinkError::io(call, io::Error::last_os_error()));
        }
        let mut reply = vec![0u8; 8192];
        loop {
            // SAFETY: `reply` is a writable buffer of the length passed.
            let got =
                unsafe { libc::recv(sock.as_raw_fd(), reply.as_mut_ptr().cast(), reply.len(), 0) };
            if got < 0 {
                let e = io::Error::last_os_error();
                if e.raw_os_error() == Some(libc::EINTR) {
                    continue;
                }
                return Err(NetlinkError::io(call, e));
            }
            if let Some(result) = parse_ack(&reply[..got as usize], call) {
                return result;
            }
        }
    }
}

/// The ack in `reply`: `Some(Ok)` for errno 0, `Some(Err)` for a refusal, `None` when
/// the datagram holds no error message (keep reading).
fn parse_ack(reply: &[u8], call: &'static str) -> Option<Result<(), NetlinkError>> {
    let mut at = 0;
    while at + NLMSG_HDR_LEN <= reply.len() {
        let word = |o: usize| u32::from_ne_bytes(reply[o..o + 4].try_into().unwrap_or([0; 4]));
        let half = |o: usize| u16::from_ne_bytes(reply[o..o + 2].try_into().unwrap_or([0; 2]));
        let len = word(at) as usize;
        if len < NLMSG_HDR_LEN || at + len > reply.len() {
            return Some(Err(NetlinkError::io(
                call,
                io::Error::new(io::ErrorKind::InvalidData, "truncated netlink reply"),
            )));
        }
        if half(at + 4) == NLMSG_ERROR && len >= NLMSG_HDR_LEN + 4 {
            let errno = -(word(at + NLMSG_HDR_LEN) as i32);
            if errno == 0 {
                return Some(Ok(()));
            }
            let flags = half(at + 6);
            // With NETLINK_CAP_ACK the request comes back as its header only.
            let tlvs = at + NLMSG_HDR_LEN + 4 + NLMSG_HDR_LEN;
            let message = if flags & NLM_F_ACK_TLVS != 0 {
                ack_message(&reply[tlvs.min(at + len)..at + len])
            } else {
                None
            };
            return Some(Err(NetlinkError {
                error: SyscallError::from_errno(call, errno),
                message,
            }));
        }
        at += len.div_ceil(4) * 4;
    }
    None
}

/// The `NLMSGERR_ATTR_MSG` string among extended-ack attributes.
fn ack_message(mut tlvs: &[u8]) -> Option<String> {
    while tlvs.len() >= 4 {
        let len = usize::from(u16::from_ne_bytes([tlvs[0], tlvs[1]]));
        let kind = u16::from_ne_bytes([tlvs[2], tlvs[3]]);
        if len < 4 || len > tlvs.len() {
            return None;
        }
        if kind == NLMSGERR_ATTR_MSG {
            let text = &tlvs[4..len];
            let text = text.split(|&b| b == 0).next().unwrap_or(text);
            return Some(String::from_utf8_lossy(text).into_owned());
        }
        tlvs = &tlvs[len.div_ceil(4).min(tlvs.len() / 4) * 4..];
    }
    None
}

/// A `NETLINK_ROUTE` socket with extended acks on.
fn route_socket() -> io::Result<OwnedFd> {
    // SAFETY: plain socket(2); the result is checked before use.
    let fd = unsafe {
        libc::socket(
            libc::AF_NETLINK,
            libc::SOCK_RAW | libc::SOCK_CLOEXEC,
            libc::NETLINK_ROUTE,
        )
    };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `fd` is a new descriptor this function owns.
    let sock = unsafe { OwnedFd::from_raw_fd(fd) };
    let one: libc::c_int = 1;
    for option in [NETLINK_EXT_ACK, NETLINK_CAP_ACK] {
        // SAFETY: the option value is a live c_int of the length given. Failure (old
        // kernels) only loses the kernel's explanation, so it is ignored.
        unsafe {
            libc::setsockopt(
                sock.as_raw_fd(),
                libc::SOL_NETLINK,
                option,
                (&one as *const libc::c_int).cast(),
                size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
    }
    Ok(sock)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TCMSG_LEN: usize = 20;

    #[test]
    fn filter_message_is_what_tc_sends() {
        let id = TcFilterId {
            ifindex: 7,
            egress: false,
            priority: 1,
            handle: 1,
        };
        assert_eq!(id.parent(), 0xFFFF_FFF2);
        assert_eq!(id.info(), 0x0001_0300);
        let mut msg = Message::new(RTM_DELTFILTER, 0);
        msg.tcmsg(id.ifindex, id.handle, id.parent(), id.info());
        msg.attr(TCA_KIND, b"bpf\0");
        assert_eq!(msg.buf.len(), NLMSG_HDR_LEN + TCMSG_LEN + 8);
        assert_eq!(
            &msg.buf[NLMSG_HDR_LEN + TCMSG_LEN..],
            &[8, 0, 1, 0, b'b', b'p', b'f', 0]
        );
    }

    #[test]
    fn acks_and_refusals_parse() {
        let ack = |errno: i32, flags: u16, tail: &[u8]| {
            let mut m = Vec::new();
            let len = (NLMSG_HDR_LEN * 2 + 4 + tail.len()) as u32;
            m.extend_from_slice(&len.to_ne_bytes());
            m.extend_from_slice(&NLMSG_ERROR.to_ne_bytes());
            m.extend_from_slice(&flags.to_ne_bytes());
            m.extend_from_slice(&[0; 8]);
            m.extend_from_slice(&(-errno).to_ne_bytes());
            m.extend_from_slice(&[0; NLMSG_HDR_LEN]);
            m.extend_from_slice(tail);
            m
        };
        assert!(matches!(parse_ack(&ack(0, 0, &[]), "x"), Some(Ok(()))));
        let mut tlv = vec![12, 0, 1, 0];
        tlv.extend_from_slice(b"Exists\0\0");
        let Some(Err(e)) = parse_ack(&ack(libc::EEXIST, NLM_F_ACK_TLVS, &tlv), "x") else {
            panic!("a refusal");
        };
        assert_eq!(e.error.errno(), libc::EEXIST);
        assert_eq!(e.message.as_deref(), Some("Exists"));
        assert!(parse_ack(&[1, 2, 3], "x").is_none(), "no complete message");
    }
}
