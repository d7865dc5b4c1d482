//! # bpfgen
//!
//! The generator side of bpfgen: it reads a compiled BPF object with the runtime's own
//! [`bpfgen_runtime::ObjectSpec`] (so the generator and the loader can never disagree)
//! and describes or, in later versions, generates a typed Rust skeleton for it.
//!
//! Today it offers [`inspect`] (a model of what an object holds — programs, maps, global
//! variables, externs — as text or JSON) and [`verify`] (load every program of many
//! objects in isolation and report the verifier's statistics, veristat-compatible). The
//! CLI `bpfgen inspect|verify` is a thin wrapper around them.
#![forbid(unsafe_code)]

pub mod inspect;
pub mod types;
pub mod verify;
