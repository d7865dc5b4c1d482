//! # bpfgen-runtime
//!
//! A pure-Rust eBPF loader (ELF via `object`, `bpf(2)` via `libc`; no libbpf, no libelf)
//! built around one idea: **prepare once, load any program at any time**.
//!
//! 1. [`ObjectSpec::parse`] reads a `clang --target=bpf -g -O2` object without touching the
//!    kernel. Programs, maps and global data stay editable.
//! 2. [`PreparedObject::prepare`] loads BTF, creates every map, and links **every** program
//!    (autoload or not) into an immutable template.
//! 3. [`Program::load_lazy`] loads one program now, exactly once, from any thread, at any
//!    time — also after other programs of the object are loaded and attached.
//!    [`Program::clone_with`] loads an extra, independent kernel instance with overridden
//!    load attributes and returns it as an owned [`ClonedProgram`].
//!
//! ```no_run
//! use bpfgen_runtime::{CloneOpts, ObjectSpec, PreparedObject};
//! # fn main() -> Result<(), bpfgen_runtime::Error> {
//! let bytes = std::fs::read("minimal.bpf.o").expect("read object");
//! let spec = ObjectSpec::parse_named(&bytes, "minimal")?;
//! let obj = PreparedObject::prepare(spec)?;
//! let prog = obj.program("count_packets").expect("program exists");
//! let report = prog.load_lazy()?;
//! println!("{} insns verified in {:?} µs", report.verified_insns, report.verification_time_us);
//! let clone = prog.clone_with(&CloneOpts { log_level: Some(2), ..Default::default() })?;
//! println!("clone has id {}", clone.report().prog_id);
//! # Ok(()) }
//! ```
//!
//! Minimum kernel version: 5.15 (BTF-defined maps, `BPF_PROG_BIND_MAP`, mmapable arrays);
//! verification statistics need 5.2, `log_true_size` sizing needs 6.4 (older kernels fall
//! back to doubling the log buffer).
#![deny(unsafe_code)]

pub mod abi;
pub mod core;
mod error;
mod externs;
pub mod glob;
pub mod kernel;
pub mod link;
pub mod map;
pub mod maps;
pub mod obj;
#[allow(unsafe_code)]
pub mod pod;
pub mod prepare;
pub mod program;
pub mod programs;
pub mod skel;
pub mod struct_ops;
#[allow(unsafe_code)]
pub mod sys;
#[doc(hidden)]
pub mod testing;
pub mod verifier;

pub use error::Error;
pub use map::Map;
pub use obj::{ObjectSpec, ParseError};
pub use prepare::{PrepareError, PrepareOpts, PreparedObject};
pub use program::{CloneOpts, ClonedProgram, LoadReport, Program, ProgramError, ProgramFd};
pub use verifier::VerifierError;
