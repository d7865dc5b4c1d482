//! Typed program handles: [`Prog<K>`](Prog) with one zero-sized marker type `K` per
//! program kind, and the attach methods valid for that kind.
//!
//! - [`Prog::load_lazy`] → [`Loaded`]: the object's own load (idempotent);
//!   [`Prog::clone_with`] → [`Instance`]: an owned extra kernel instance.
//! - Attach methods exist only on [`Loaded`] and [`Instance`], so an unloaded program
//!   cannot be attached:
//!
//! | kind | attach | returns |
//! |---|---|---|
//! | [`SocketFilter`] | `attach(socket)` (`SO_ATTACH_BPF`) | [`SocketFilterLink`] |
//! | [`Xdp`] | `attach(ifindex, XdpFlags)` (`BPF_LINK_CREATE`, `BPF_XDP`) | [`Link`] |
//! | [`Tcx`] | `attach(ifindex)`, `attach_with(ifindex, TcxOrder)` (ingress/egress from `SEC()`) | [`Link`] |
//! | [`Tracepoint`] | `attach()` (SEC target), `attach_to(category, name)` | [`Link`] |
//! | [`RawTracepoint`], [`RawTracepointWritable`] | `attach()`, `attach_to(name)` | [`Link`] |
//! | [`TpBtf`], [`Fentry`], [`Fexit`], [`FmodRet`], [`Lsm`] | `attach()` (target fixed at load) | [`Link`] |
//! | [`Kprobe`], [`Kretprobe`] | `attach()`, `attach_to(function, offset)` | [`Link`] |
//! | [`KprobeMulti`], [`KprobeSession`] | `attach()`, `attach_to(functions)` | [`Link`] |
//! | [`Uprobe`], [`Uretprobe`] | `attach()`, `attach_to(binary, function, pid)`, `attach_at(binary, offset, pid)` | [`Link`] |
//! | [`UprobeMulti`], [`UprobeSession`] | `attach_to(binary, functions, pid)`, `attach_at(binary, offsets, pid)` | [`Link`] |
//! | [`CgroupSkb`], [`CgroupSock`], [`CgroupSockAddr`], [`CgroupSysctl`], [`CgroupSockopt`], [`CgroupDevice`], [`SockOps`], [`LsmCgroup`] | `attach(cgroup)` (hook from `SEC()`) | [`Link`] |
//! | [`SkLookup`], [`FlowDissector`] | `attach(netns)` | [`Link`] |
//! | [`Netfilter`] | `attach(NetfilterHook)` | [`Link`] |
//! | [`PerfEvent`] | `attach_sampling(hz, cpu)`, `attach_to_event(fd)` | [`Link`] |
//! | [`Iter`] | `attach()`, `attach_map(map)`, `attach_task(TaskScope)`, `attach_cgroup(cgroup, CgroupOrder)` | [`IterLink`] (`open()`, `read_to_string()`) |
//!
//! The other kinds ([`Usdt`], [`Tc`], [`SkMsg`], ...) have a marker type
//! and load, unload and clone, but have **no attach methods yet**. Nothing pretends:
//! attach the program's fd by hand with [`crate::sys`] and hold the link in
//! [`Link::from_fd`].
//!
//! [`PreparedObject::attach_auto`](crate::PreparedObject::attach_auto) attaches every
//! loaded program whose `SEC()` names its target completely (libbpf's skeleton attach).
//!
//! Dropping a [`Link`] or [`SocketFilterLink`] detaches the program.
//!
//! ```no_run
//! use bpfgen_runtime::attach::{Prog, Xdp, XdpFlags};
//! # fn main() -> Result<(), bpfgen_runtime::Error> {
//! # let obj: std::sync::Arc<bpfgen_runtime::PreparedObject> = unimplemented!();
//! let prog: Prog<Xdp> = Prog::new(&obj, "xdp_pass_count")?;
//! let link = prog.load_lazy()?.attach(1, XdpFlags::DEFAULT)?; // ifindex 1: lo
//! drop(link); // detached
//! # Ok(()) }
//! ```
//!
//! Attaching a program that is not loaded does not compile:
//!
//! ```compile_fail
//! # use bpfgen_runtime::attach::{Prog, Xdp, XdpFlags};
//! # fn f(prog: Prog<Xdp>) {
//! prog.attach(1, XdpFlags::DEFAULT); // no `attach` on `Prog`: call `load_lazy()` first
//! # }
//! ```
//!
//! nor does attaching a kind that has no attach method yet:
//!
//! ```compile_fail
//! # use bpfgen_runtime::attach::{Prog, Usdt};
//! # fn f(prog: Prog<Usdt>) -> Result<(), bpfgen_runtime::Error> {
//! prog.load_lazy()?.attach(); // `Loaded<Usdt>` has no attach method yet
//! # Ok(()) }
//! ```

mod auto;
mod btf_tracing;
mod cgroup;
mod elf_symbol;
mod error;
mod families;
mod iter;
mod kind;
mod kprobe_multi;
mod link;
mod loaded;
mod netfilter;
mod netns;
mod perf_event;
mod perf_probe;
mod prog;
mod raw_tracepoint;
mod socket_filter;
pub mod struct_ops;
mod tcx;
mod tracepoint;
mod uprobe_multi;
mod xdp;

pub use auto::AutoLink;
pub use btf_tracing::{Fentry, Fexit, FmodRet, Lsm, TpBtf};
pub use cgroup::{
    CgroupDevice, CgroupSkb, CgroupSock, CgroupSockAddr, CgroupSockopt, CgroupSysctl, LsmCgroup,
    SockOps,
};
pub use error::AttachError;
pub use families::*;
pub use iter::{CgroupOrder, Iter, IterLink, TaskScope};
pub use kind::{marker_name, ProgKind};
pub use kprobe_multi::{KprobeMulti, KprobeSession};
pub use link::{Link, SocketFilterLink};
pub use loaded::{Instance, Loaded};
pub use netfilter::{Netfilter, NetfilterHook};
pub use netns::{FlowDissector, SkLookup};
pub use perf_event::PerfEvent;
pub use perf_probe::{Kprobe, Kretprobe, Uprobe, Uretprobe};
pub use prog::Prog;
pub use raw_tracepoint::{RawTracepoint, RawTracepointWritable};
pub use socket_filter::SocketFilter;
pub use tcx::{Tcx, TcxOrder};
pub use tracepoint::Tracepoint;
pub use uprobe_multi::{UprobeMulti, UprobeSession};
pub use xdp::{Xdp, XdpFlags};
