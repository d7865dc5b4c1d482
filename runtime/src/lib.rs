//! # bpfgen-runtime
//!
//! A pure-Rust eBPF loader (ELF via `object`, `bpf(2)` via `libc`; no libbpf, no libelf)
//! built around one idea: **prepare once, load any program at any time**.
//!
//! 1. [`ObjectSpec::parse`] reads a `clang --target=bpf -g -O2` object without touching the
//!    kernel. Programs, maps and global data stay editable.
//! 2. [`PreparedObject::prepare`] loads BTF, creates every map, and builds **every**
//!    program (autoload or not) into an immutable template.
//! 3. [`Program::load_lazy`] loads one program now, exactly once, from any thread, at any
//!    time — also after other programs of the object are loaded and attached — and
//!    returns the object's instance as a [`LoadedProgram`]. [`Program::clone_with`] loads
//!    an extra, independent kernel instance with overridden load attributes and returns
//!    it as an owned [`ClonedProgram`]. Attach methods are on those two, per kind
//!    ([`kind`], [`attach`]).
//!
//! ```no_run
//! use bpfgen_runtime::{CloneOpts, ObjectSpec, PreparedObject};
//! # fn main() -> Result<(), bpfgen_runtime::Error> {
//! let bytes = std::fs::read("minimal.bpf.o").expect("read object");
//! let spec = ObjectSpec::parse_named(&bytes, "minimal")?;
//! let obj = PreparedObject::prepare(spec)?;
//! let prog = obj.program("count_packets").expect("program exists");
//! let loaded = prog.load_lazy()?;
//! let report = loaded.report();
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

/// Implements `Debug` as the `Display` text followed by every `source()` not already in it,
/// one per line: what `fn main() -> Result<(), Box<dyn Error>>` and `expect` print, so it
/// reads like the error message rather than one escaped line of fields. Exported (hidden)
/// for bpfgen's own errors.
#[doc(hidden)]
#[macro_export]
macro_rules! debug_as_display {
    ($($ty:ty),+ $(,)?) => {$(
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let text = self.to_string();
                f.write_str(&text)?;
                let mut source = std::error::Error::source(self);
                while let Some(s) = source {
                    let line = s.to_string();
                    if !text.contains(&line) {
                        write!(f, "\n  caused by: {line}")?;
                    }
                    source = s.source();
                }
                Ok(())
            }
        }
    )+};
}

// The pipeline, bottom up (docs/architecture.md); each module uses only those above it
// here (runtime/tests/layering.rs checks it). Without the `loader` feature (the default
// has it) only abi, pod, obj and glob are built: the pure object model a build script's
// generator needs, with no syscall code.

// Kernel ABI numbers and byte casts: no dependencies.
pub mod abi;
#[doc(hidden)]
pub mod glob;
#[allow(unsafe_code)]
pub mod pod;

// The only system calls (hidden: for kernel tests and tools, not a stable API).
#[cfg(feature = "loader")]
#[allow(unsafe_code)]
#[doc(hidden)]
pub mod sys;

// Parse, pure: ELF, BTF, BTF.ext, SEC() table, maps, programs, globals.
pub mod obj;

// Prepare: kernel BTF, CO-RE, externs, BTF load, maps, program templates.
#[cfg(feature = "loader")]
pub mod prepare;

// Load: programs into the kernel (lazily, clones); the handle family.
#[cfg(feature = "loader")]
pub mod load;

// Attach: programs onto hooks, links.
#[cfg(feature = "loader")]
pub mod attach;

// Typed map handles.
#[cfg(feature = "loader")]
pub mod maps;

// What generated skeletons build on.
#[cfg(feature = "loader")]
pub mod skel;

// Kernel-test support (not a stable API).
#[cfg(feature = "loader")]
#[doc(hidden)]
pub mod testing;

// The crate-level error aggregating every area's error.
#[cfg(feature = "loader")]
mod error;

#[cfg(feature = "loader")]
pub use error::Error;
#[cfg(feature = "loader")]
pub use load::verifier::VerifierError;
#[cfg(feature = "loader")]
pub use load::{
    CloneOpts, ClonedProgram, LoadReport, LoadedProgram, PreparedObject, Program, ProgramError,
    ProgramFd,
};
pub use obj::kind;
pub use obj::{ObjectSpec, ParseError};
#[cfg(feature = "loader")]
pub use prepare::map::Map;
#[cfg(feature = "loader")]
pub use prepare::{PrepareError, PrepareOpts};
