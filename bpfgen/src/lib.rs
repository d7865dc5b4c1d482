//! # bpfgen
//!
//! The generator side of bpfgen: it reads a compiled BPF object with the runtime's own
//! [`bpfgen_runtime::ObjectSpec`] (so the generator and the loader can never disagree)
//! and generates a typed Rust skeleton for it, describes it, or verifies it.
//!
//! - [`Skeleton`]: object → `pub mod <name> { … }` (see `docs/skeleton.md` for the
//!   generated API). Three front ends share it: `bpfgen skel OBJ > src/skel.rs`, the
//!   build-script [`SkeletonBuilder`], and `bpfgen_macros::skeleton!("obj.bpf.o")`.
//! - [`types`]: BTF → `#[repr(C)]` Rust declarations (the skeleton's `types` module).
//! - [`inspect`]: what an object holds (programs, maps, globals, externs), as text or JSON.
//! - [`verify`]: load every program of many objects in isolation and report the
//!   verifier's statistics, veristat-compatible.
//!
//! In a build script:
//!
//! ```no_run
//! // build.rs, in `fn main()`:
//! bpfgen::SkeletonBuilder::new()
//!     .source("src/bpf/minimal.bpf.c")
//!     .build()
//!     .expect("BPF skeleton");
//! // src/main.rs: include!(concat!(env!("OUT_DIR"), "/minimal.skel.rs"));
//! ```
#![forbid(unsafe_code)]

pub mod btf_dump;
pub mod build;
mod codegen;
pub mod format;
mod ident;
#[cfg(feature = "cli")]
pub mod inspect;
pub mod key_padding;
pub mod link;
mod model;
pub mod skel;
pub mod types;
#[cfg(feature = "cli")]
pub mod verify;

pub use build::{BuildError, SkeletonBuilder};
pub use skel::{Embed, SkelError, SkelOptions, Skeleton};
