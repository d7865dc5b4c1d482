//! Load: materialise a program's template into `BPF_PROG_LOAD`, lazily or as extra
//! clones. Sits above `prepare` (it loads what prepare built) and below `attach`.
//!
//! One handle family: [`Program<K>`](Program) names a program of a
//! [`PreparedObject`]; [`Program::load_lazy`] gives the object's own instance as a
//! [`LoadedProgram`] (borrowed), [`Program::clone_with`] an extra [`ClonedProgram`]
//! (owned). `K` is a marker of [`crate::kind`], or [`AnyKind`](crate::kind::AnyKind)
//! (the default) for tools that learn kinds at run time.

pub(crate) mod attach_btf;
mod attrs;
mod clone_maps;
mod clone_opts;
mod cloned;
mod error;
mod loaded;
mod log_policy;
mod object;
mod prog_load;
mod program;
mod report;
mod state;
pub mod verifier;

pub use clone_opts::CloneOpts;
pub use cloned::ClonedProgram;
pub use error::ProgramError;
pub use loaded::LoadedProgram;
pub use object::PreparedObject;
pub use program::Program;
pub use report::LoadReport;
pub use state::ProgramFd;

#[cfg(test)]
pub(crate) mod fault_tests;
