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
//! | [`Tracepoint`] | `attach()` (SEC target), `attach_to(category, name)` | [`Link`] |
//!
//! Every other kind ([`Kprobe`], [`Fentry`], [`CgroupSkb`], ...) has a marker type and
//! loads, unloads and clones, but has **no attach methods yet** — typed attach for them
//! arrives in a later version. Nothing pretends: attach the program's fd by hand with
//! [`crate::sys`] and hold the link in [`Link::from_fd`].
//!
//! Dropping a [`Link`] or [`SocketFilterLink`] detaches the program.
//!
//! ```no_run
//! use bpfgen_runtime::programs::{Prog, Xdp, XdpFlags};
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
//! # use bpfgen_runtime::programs::{Prog, Xdp, XdpFlags};
//! # fn f(prog: Prog<Xdp>) {
//! prog.attach(1, XdpFlags::DEFAULT); // no `attach` on `Prog`: call `load_lazy()` first
//! # }
//! ```
//!
//! nor does attaching a kind that has no attach method yet:
//!
//! ```compile_fail
//! # use bpfgen_runtime::programs::{Kprobe, Prog};
//! # fn f(prog: Prog<Kprobe>) -> Result<(), bpfgen_runtime::Error> {
//! prog.load_lazy()?.attach(); // `Loaded<Kprobe>` has no attach method yet
//! # Ok(()) }
//! ```

mod error;
mod families;
mod kind;
mod link;
mod loaded;
mod prog;
mod socket_filter;
mod tracepoint;
mod xdp;

pub use error::AttachError;
pub use families::*;
pub use kind::{marker_name, ProgKind};
pub use link::{Link, SocketFilterLink};
pub use loaded::{Instance, Loaded};
pub use prog::Prog;
pub use socket_filter::SocketFilter;
pub use tracepoint::Tracepoint;
pub use xdp::{Xdp, XdpFlags};
