//! `SEC("lwt_in")`, `SEC("lwt_out")`, `SEC("lwt_xmit")`: a program run by a route, as its
//! BPF lightweight tunnel (what `ip route add PREFIX encap bpf xmit fd N dev X` does).
//! The route is the attachment: it is added by the attach and deleted on drop.

use std::net::IpAddr;
use std::os::fd::AsFd;

use crate::kind::Lwt;
use crate::sys::netlink::{self, LwtHook, RouteId};

use super::error::AttachError;
use super::methods::attach_methods;
use super::tc::netlink_error;

/// A route that runs an lwt program; deleted (and the program detached) when dropped.
#[derive(Debug)]
pub struct LwtRoute {
    id: RouteId,
    hook: LwtHook,
}

impl LwtRoute {
    /// The route: destination, prefix length and interface.
    pub fn route(&self) -> RouteId {
        self.id
    }

    /// Where on the route the program runs.
    pub fn hook(&self) -> LwtHook {
        self.hook
    }
}

impl Drop for LwtRoute {
    fn drop(&mut self) {
        // Best effort: a failure leaves the route (and program) until it is deleted.
        let _ = netlink::route_delete(&self.id);
    }
}

/// The hook of an lwt section.
fn hook_of(section: &str) -> Option<LwtHook> {
    match section {
        "lwt_in" => Some(LwtHook::In),
        "lwt_out" => Some(LwtHook::Out),
        "lwt_xmit" => Some(LwtHook::Xmit),
        _ => None,
    }
}

attach_methods!(Lwt {
    /// Adds the route `dest/prefix_len dev ifindex` with this program as its BPF
    /// lightweight tunnel, at the hook its `SEC()` names (`lwt_in`: packets received
    /// for the route; `lwt_out`: sent, before the output path; `lwt_xmit`: at
    /// transmit). Dropping the returned [`LwtRoute`] deletes the route. A route that
    /// exists already is an error (`EEXIST`). `lwt_seg6local` programs run in a
    /// seg6local `End.BPF` route, which this does not create.
    pub fn attach_route(
        &self,
        dest: IpAddr,
        prefix_len: u8,
        ifindex: u32,
    ) -> Result<LwtRoute, AttachError> {
        let hook = hook_of(self.section()).ok_or_else(|| AttachError::Target {
            program: self.name().to_string(),
            reason: format!(
                "`SEC(\"{}\")`: only lwt_in, lwt_out and lwt_xmit programs attach to a \
                 route (a seg6local End.BPF route is not created here)",
                self.section()
            ),
        })?;
        let id = RouteId {
            dest,
            prefix_len,
            ifindex,
        };
        netlink::lwt_route_add(&id, hook, self.as_fd(), self.name()).map_err(|e| {
            netlink_error(
                self.name(),
                format!("route {dest}/{prefix_len} dev {ifindex} ({})", self.section()),
                e,
            )
        })?;
        Ok(LwtRoute { id, hook })
    }
});
