//! `SEC("tc")` / `SEC("classifier")`: a classifier on an interface's ingress or egress,
//! through tcx where the kernel has it (6.6) and otherwise through a netlink `bpf` filter
//! on the `clsact` qdisc (libbpf's `bpf_tc_hook` + `bpf_tc_attach`).

use std::os::fd::{AsFd, BorrowedFd};

use crate::abi::AttachType;
use crate::kind::Tc;
use crate::sys;
use crate::sys::netlink::{NetlinkError, TcFilterId};

use super::error::AttachError;
use super::link::{interface_index, Link};
use super::methods::attach_methods;
use super::tcx::{attach_tcx, TcxOrder};

/// Which traffic of an interface a tc program sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TcDirection {
    /// Packets the interface receives.
    Ingress,
    /// Packets the interface sends.
    Egress,
}

impl TcDirection {
    fn tcx_attach_type(self) -> AttachType {
        match self {
            TcDirection::Ingress => AttachType::TcxIngress,
            TcDirection::Egress => AttachType::TcxEgress,
        }
    }

    fn name(self) -> &'static str {
        match self {
            TcDirection::Ingress => "ingress",
            TcDirection::Egress => "egress",
        }
    }
}

/// Where a netlink `bpf` filter goes: an interface's `clsact` qdisc, one direction,
/// a priority (lower runs first) and a handle. `TcHook::new` takes priority 1, handle 1.
///
/// The qdisc is the caller's: [`TcHook::create_qdisc`] adds it, [`TcHook::destroy_qdisc`]
/// removes it with every filter on it (other tools' included), as with libbpf's
/// `bpf_tc_hook_create` / `bpf_tc_hook_destroy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TcHook {
    /// Interface index.
    pub ifindex: u32,
    /// Ingress or egress.
    pub direction: TcDirection,
    /// Filter priority, 1 to 65535.
    pub priority: u16,
    /// Filter handle within the priority, nonzero.
    pub handle: u32,
}

impl TcHook {
    /// The filter slot at priority 1, handle 1 of `ifindex`'s `direction`.
    pub fn new(ifindex: u32, direction: TcDirection) -> TcHook {
        TcHook {
            ifindex,
            direction,
            priority: 1,
            handle: 1,
        }
    }

    /// This hook at another priority.
    pub fn priority(self, priority: u16) -> TcHook {
        TcHook { priority, ..self }
    }

    /// This hook with another handle.
    pub fn handle(self, handle: u32) -> TcHook {
        TcHook { handle, ..self }
    }

    /// Adds the `clsact` qdisc to `ifindex`: `Ok(true)` if added, `Ok(false)` if it was
    /// there already.
    pub fn create_qdisc(ifindex: u32) -> Result<bool, AttachError> {
        match sys::netlink::clsact_create(ifindex) {
            Ok(()) => Ok(true),
            Err(e) if e.error.errno() == libc::EEXIST => Ok(false),
            Err(e) => Err(netlink_error("clsact", format!("interface {ifindex}"), e)),
        }
    }

    /// Removes `ifindex`'s `clsact` qdisc and every filter on it.
    pub fn destroy_qdisc(ifindex: u32) -> Result<(), AttachError> {
        sys::netlink::clsact_destroy(ifindex)
            .map_err(|e| netlink_error("clsact", format!("interface {ifindex}"), e))
    }

    fn filter_id(&self) -> TcFilterId {
        TcFilterId {
            ifindex: self.ifindex,
            egress: self.direction == TcDirection::Egress,
            priority: self.priority,
            handle: self.handle,
        }
    }

    fn describe(&self) -> String {
        format!(
            "interface {} (clsact {} filter, priority {}, handle {})",
            self.ifindex,
            self.direction.name(),
            self.priority,
            self.handle
        )
    }
}

/// A netlink `bpf` filter; dropping it (or [`detach`](Self::detach)) removes it.
#[derive(Debug)]
pub struct TcFilter {
    program: String,
    hook: TcHook,
    attached: bool,
}

impl TcFilter {
    /// Where the filter is.
    pub fn hook(&self) -> TcHook {
        self.hook
    }

    /// Removes the filter now, reporting a failure that drop would ignore.
    pub fn detach(mut self) -> Result<(), AttachError> {
        self.attached = false;
        sys::netlink::tc_filter_delete(&self.hook.filter_id()).map_err(|e| {
            let target = with_kernel_reason(self.hook.describe(), e.message);
            AttachError::Detach {
                program: format!("{} from {target}", self.program),
                source: e.error,
            }
        })
    }
}

impl Drop for TcFilter {
    fn drop(&mut self) {
        if self.attached {
            // Best effort, like a link fd's close: `detach` reports failures.
            let _ = sys::netlink::tc_filter_delete(&self.hook.filter_id());
        }
    }
}

/// What [`attach`](crate::LoadedProgram::<Tc>::attach) made: a tcx link or, on kernels
/// without tcx, a netlink filter. Dropping either detaches the program.
#[derive(Debug)]
pub enum TcLink {
    /// A tcx BPF link.
    Tcx(Link),
    /// A `bpf` filter on the `clsact` qdisc.
    Filter(TcFilter),
}

/// Adds the filter for `program` at `hook`.
fn attach_filter(
    program: &str,
    prog: BorrowedFd<'_>,
    hook: TcHook,
) -> Result<TcFilter, AttachError> {
    interface_index(program, hook.ifindex)?;
    if hook.handle == 0 || hook.priority == 0 {
        return Err(AttachError::Target {
            program: program.to_string(),
            reason: format!(
                "{}: priority and handle must be nonzero (the kernel would pick them)",
                hook.describe()
            ),
        });
    }
    sys::netlink::tc_filter_add(&hook.filter_id(), prog, program).map_err(|e| {
        let hint = match e.error.errno() {
            libc::EEXIST => " (a filter already holds this priority and handle)",
            libc::EINVAL | libc::ENOENT => {
                " (no clsact qdisc on the interface? TcHook::create_qdisc adds it)"
            }
            _ => "",
        };
        netlink_error(program, format!("{}{hint}", hook.describe()), e)
    })?;
    Ok(TcFilter {
        program: program.to_string(),
        hook,
        attached: true,
    })
}

pub(super) fn netlink_error(program: &str, target: String, e: NetlinkError) -> AttachError {
    AttachError::syscall(program, with_kernel_reason(target, e.message), e.error)
}

/// `target`, followed by the kernel's extended-ack explanation when it gave one.
fn with_kernel_reason(target: String, message: Option<String>) -> String {
    match message {
        Some(m) => format!("{target}; the kernel says: {m}"),
        None => target,
    }
}

attach_methods!(Tc {
    /// Attaches the classifier to `ifindex`'s `direction`: with a tcx link (after the
    /// programs already there) where the kernel has tcx (6.6), else as a netlink filter
    /// at priority 1, handle 1, adding the `clsact` qdisc if missing (and leaving it,
    /// since other filters may come to share it).
    pub fn attach(&self, ifindex: u32, direction: TcDirection) -> Result<TcLink, AttachError> {
        let tcx = attach_tcx(
            self.name(),
            self.as_fd(),
            ifindex,
            direction.tcx_attach_type(),
            TcxOrder::Last,
        );
        match tcx {
            Ok(link) => Ok(TcLink::Tcx(link)),
            // Kernels before tcx do not know the attach type.
            Err(AttachError::Syscall { source, .. })
                if matches!(source.errno(), libc::EINVAL | libc::EOPNOTSUPP) =>
            {
                TcHook::create_qdisc(ifindex)?;
                let hook = TcHook::new(ifindex, direction);
                attach_filter(self.name(), self.as_fd(), hook).map(TcLink::Filter)
            }
            Err(e) => Err(e),
        }
    }

    /// Attaches with a tcx link at the place `order` gives in the chain (6.6+).
    pub fn attach_tcx(
        &self,
        ifindex: u32,
        direction: TcDirection,
        order: TcxOrder<'_>,
    ) -> Result<Link, AttachError> {
        attach_tcx(self.name(), self.as_fd(), ifindex, direction.tcx_attach_type(), order)
    }

    /// Attaches as a direct-action netlink `bpf` filter at `hook`. The interface's
    /// `clsact` qdisc must exist ([`TcHook::create_qdisc`]).
    pub fn attach_filter(&self, hook: TcHook) -> Result<TcFilter, AttachError> {
        attach_filter(self.name(), self.as_fd(), hook)
    }
});

#[cfg(test)]
mod tests;
