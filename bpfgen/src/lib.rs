//! # bpfgen
//!
//! The generator side of bpfgen: it reads a compiled BPF object with the runtime's own
//! [`bpfgen_runtime::ObjectSpec`] (so the generator and the loader can never disagree)
//! and describes or, in later versions, generates a typed Rust skeleton for it.
//!
//! Today it offers [`inspect`]: a model of what an object holds — programs, maps,
//! global variables, externs — as text or JSON. The CLI `bpfgen inspect OBJ [--json]`
//! is a thin wrapper around it.
#![forbid(unsafe_code)]

pub mod inspect;
