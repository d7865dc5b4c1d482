//! Loading programs of a prepared object: lazily ([`Program::load_lazy`]) or as
//! independent clones ([`Program::clone_with`]).

pub(crate) mod attach_btf;
mod attrs;
mod clone_opts;
mod cloned;
mod error;
mod handle;
mod log_policy;
mod prog_load;
mod report;
pub mod verifier;

pub use clone_opts::CloneOpts;
pub use cloned::ClonedProgram;
pub use error::ProgramError;
pub use handle::{Program, ProgramFd};
pub use report::LoadReport;

pub(crate) use attrs::running_kernel_version;

#[cfg(test)]
mod fault_tests;
