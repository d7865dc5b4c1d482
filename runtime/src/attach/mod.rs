//! Attach: put loaded programs onto their hooks. The top of the pipeline: it uses the
//! loaded forms of a [`Program<K>`](crate::Program) and nothing uses it.
//!
//! - Each kind's attach methods are on [`LoadedProgram<K>`](crate::LoadedProgram)
//!   (the object's own load) and [`ClonedProgram<K>`](crate::ClonedProgram) (an owned
//!   clone), for the marker `K` of [`crate::kind`], so an unloaded program or a kind
//!   without that hook does not compile:
//!
//! | kind | attach | returns |
//! |---|---|---|
//! | [`SocketFilter`](crate::kind::SocketFilter) | `attach(socket)` (`SO_ATTACH_BPF`) | [`SocketFilterLink`] |
//! | [`Xdp`](crate::kind::Xdp) | `attach(ifindex, XdpFlags)` (`BPF_LINK_CREATE`, `BPF_XDP`) | [`Link`] |
//! | [`Tcx`](crate::kind::Tcx) | `attach(ifindex)`, `attach_with(ifindex, TcxOrder)` (ingress/egress from `SEC()`) | [`Link`] |
//! | [`Tc`](crate::kind::Tc) (`SEC("tc")`, `classifier`) | `attach(ifindex, TcDirection)` (tcx, else netlink), `attach_tcx(ifindex, TcDirection, TcxOrder)`, `attach_filter(TcHook)` (netlink `clsact` filter) | [`TcLink`], [`Link`], [`TcFilter`] |
//! | [`Tracepoint`](crate::kind::Tracepoint) | `attach()` (SEC target), `attach_to(category, name)` | [`Link`] |
//! | [`RawTracepoint`](crate::kind::RawTracepoint), [`RawTracepointWritable`](crate::kind::RawTracepointWritable) | `attach()`, `attach_to(name)` | [`Link`] |
//! | [`TpBtf`](crate::kind::TpBtf), [`Fentry`](crate::kind::Fentry), [`Fexit`](crate::kind::Fexit), [`FmodRet`](crate::kind::FmodRet), [`Lsm`](crate::kind::Lsm) | `attach()` (target fixed at load) | [`Link`] |
//! | [`Kprobe`](crate::kind::Kprobe), [`Kretprobe`](crate::kind::Kretprobe) | `attach()`, `attach_to(function, offset)` | [`Link`] |
//! | [`KprobeMulti`](crate::kind::KprobeMulti), [`KprobeSession`](crate::kind::KprobeSession) | `attach()`, `attach_to(functions)` | [`Link`] |
//! | [`Uprobe`](crate::kind::Uprobe), [`Uretprobe`](crate::kind::Uretprobe) | `attach()`, `attach_to(binary, function, pid)`, `attach_at(binary, offset, pid)` | [`Link`] |
//! | [`UprobeMulti`](crate::kind::UprobeMulti), [`UprobeSession`](crate::kind::UprobeSession) | `attach_to(binary, functions, pid)`, `attach_at(binary, offsets, pid)` | [`Link`] |
//! | [`CgroupSkb`](crate::kind::CgroupSkb), [`CgroupSock`](crate::kind::CgroupSock), [`CgroupSockAddr`](crate::kind::CgroupSockAddr), [`CgroupSysctl`](crate::kind::CgroupSysctl), [`CgroupSockopt`](crate::kind::CgroupSockopt), [`CgroupDevice`](crate::kind::CgroupDevice), [`SockOps`](crate::kind::SockOps), [`LsmCgroup`](crate::kind::LsmCgroup) | `attach(cgroup)` (hook from `SEC()`) | [`Link`] |
//! | [`SkLookup`](crate::kind::SkLookup), [`FlowDissector`](crate::kind::FlowDissector) | `attach(netns)` | [`Link`] |
//! | [`Netfilter`](crate::kind::Netfilter) | `attach(NetfilterHook)` | [`Link`] |
//! | [`PerfEvent`](crate::kind::PerfEvent) | `attach_sampling(hz, cpu)`, `attach_to_event(fd)` | [`Link`] |
//! | [`Iter`](crate::kind::Iter) | `attach()`, `attach_map(map)`, `attach_task(TaskScope)`, `attach_cgroup(cgroup, CgroupOrder)` | [`IterLink`] (`open()`, `read_to_string()`) |
//!
//! | [`SkMsg`](crate::kind::SkMsg), [`SkSkb`](crate::kind::SkSkb) | `attach(sockmap or sockhash)` (hook from `SEC()`) | [`SockMapLink`] |
//! | [`Netkit`](crate::kind::Netkit) | `attach(ifindex)`, `attach_with(ifindex, TcxOrder)` | [`Link`] |
//! | [`Lwt`](crate::kind::Lwt) (`lwt_in`/`out`/`xmit`) | `attach_route(dest, prefix_len, ifindex)` | [`LwtRoute`] (the route; deleted on drop) |
//!
//! | [`Usdt`](crate::kind::Usdt) | `attach()`, `attach_to(binary, provider, name, pid)`, `attach_with_cookie(…, cookie)` | [`usdt::UsdtLink`] (one link per probe site) |
//!
//! The other kinds ([`SchedAct`](crate::kind::SchedAct), ...) load, unload and clone, but have **no attach
//! methods yet**. Nothing pretends: attach the program's fd by hand and hold the link in
//! [`Link::from_fd`].
//!
//! [`attach_auto`] attaches every loaded program of an object whose `SEC()` names its
//! target completely (libbpf's skeleton attach); [`struct_ops::register`] registers a
//! struct_ops variable.
//!
//! Dropping a [`Link`] or [`SocketFilterLink`] detaches the program.
//!
//! ```no_run
//! use bpfgen_runtime::attach::XdpFlags;
//! use bpfgen_runtime::{kind::Xdp, Program};
//! # fn main() -> Result<(), bpfgen_runtime::Error> {
//! # let obj: std::sync::Arc<bpfgen_runtime::PreparedObject> = unimplemented!();
//! let prog: Program<Xdp> = Program::new(&obj, "xdp_pass_count")?;
//! let link = prog.load_lazy()?.attach(1, XdpFlags::DEFAULT)?; // ifindex 1: lo
//! drop(link); // detached
//! # Ok(()) }
//! ```
//!
//! Attaching a program that is not loaded does not compile:
//!
//! ```compile_fail
//! # use bpfgen_runtime::{attach::XdpFlags, kind::Xdp, Program};
//! # fn f(prog: Program<Xdp>) {
//! prog.attach(1, XdpFlags::DEFAULT); // no `attach` on `Program`: call `load_lazy()` first
//! # }
//! ```
//!
//! nor does attaching a kind that has no attach method yet:
//!
//! ```compile_fail
//! # use bpfgen_runtime::{kind::SchedAct, Program};
//! # fn f(prog: Program<SchedAct>) -> Result<(), bpfgen_runtime::Error> {
//! prog.load_lazy()?.attach(); // `LoadedProgram<SchedAct>` has no attach method yet
//! # Ok(()) }
//! ```

mod auto;
mod btf_tracing;
mod cgroup;
mod elf_symbol;
mod error;
#[cfg(test)]
mod fault_tests;
mod iter;
mod kprobe_multi;
mod link;
mod lwt;
mod methods;
mod netfilter;
mod netkit;
mod netns;
mod perf_event;
mod perf_probe;
mod raw_tracepoint;
mod sock_map;
mod socket_filter;
pub mod struct_ops;
mod tc;
mod tcx;
mod tracepoint;
mod uprobe_multi;
pub mod usdt;
mod xdp;

pub use crate::sys::netlink::{LwtHook, RouteId};
pub use auto::{attach_auto, Attachment, AutoLink};
pub use error::AttachError;
pub use iter::{CgroupOrder, IterLink, TaskScope};
pub use link::{Link, SocketFilterLink};
pub use lwt::LwtRoute;
pub use netfilter::NetfilterHook;
pub use sock_map::{ProgAttachment, SockMapLink};
pub use struct_ops::{StructOps, StructOpsRegistration};
pub use tc::{TcDirection, TcFilter, TcHook, TcLink};
pub use tcx::TcxOrder;
pub use xdp::XdpFlags;
