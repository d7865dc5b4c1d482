//! Support for generated skeletons (see `docs/skeleton.md`), the top of the pipeline: the
//! embedded object
//! ([`AlignedBytes`]), the open phase ([`OpenObject`]) and live global data
//! ([`DataView`], [`snapshot`]).
//!
//! A skeleton goes through three phases, each a type:
//!
//! 1. **open** — [`OpenObject::from_bytes`] parses the embedded object; maps, programs and
//!    initial global data ([`OpenObject::set_data`]) stay editable;
//! 2. **prepare** — [`OpenObject::prepare`] creates the maps (each program is linked on
//!    its first load or clone),
//!    returning an `Arc<PreparedObject>` that typed map handles ([`crate::maps`]) and
//!    program handles ([`crate::Program`]) share;
//! 3. **use** — programs are loaded on demand and attached; `.data`/`.bss` are read and
//!    written live through [`DataView`]s; frozen `.rodata` is read with [`snapshot`].
//!
//! ```no_run
//! use bpfgen_runtime::maps::Array;
//! use bpfgen_runtime::{kind::SocketFilter, Program};
//! use bpfgen_runtime::skel::{DataView, OpenObject};
//! # fn main() -> Result<(), bpfgen_runtime::Error> {
//! let bytes = std::fs::read("many_progs.bpf.o").expect("object");
//! let obj = OpenObject::from_bytes(&bytes, "many_progs")?.prepare()?;
//! let counter: DataView<u64> = DataView::new(&obj, ".bss")?;
//! let counts: Array<u64> = Array::new(&obj, "shared_counts")?;
//! let prog: Program<SocketFilter> = Program::new(&obj, "count_a")?;
//! let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("socket");
//! let _link = prog.load_lazy()?.attach(&socket)?;
//! println!("{} packets, counter {}", counts.get(0)?, counter.load());
//! # Ok(()) }
//! ```

mod aligned;
mod data;
mod error;
mod open;
mod settings;

pub use aligned::AlignedBytes;
pub use data::{snapshot, DataView};
pub use error::SkelError;
pub use open::OpenObject;
pub use settings::{OpenMap, OpenProg};

/// Items only generated code uses. Not part of the public API: names may change in any
/// release, together with the generator.
#[doc(hidden)]
pub mod __private {
    pub use crate::pod::Pod;
    pub use std::sync::Arc;
}
