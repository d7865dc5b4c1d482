//! Errors of loading one program.

use crate::load::verifier::VerifierError;
use crate::obj::ProgramKind;
use crate::prepare::template::TemplateError;
use crate::sys::SyscallError;

/// Why a program could not be loaded. Other programs of the object are unaffected.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum ProgramError {
    /// The program's SEC() name matches no known program kind and no type was set.
    #[error("program `{program}`: unknown section `{section}`; set a program type before prepare")]
    UnknownSection {
        /// Program name.
        program: String,
        /// Section name.
        section: String,
    },
    /// Relocation failed at prepare time; the program is never sent to the kernel.
    #[error(transparent)]
    Template(#[from] TemplateError),
    /// The program references an extern the running kernel cannot provide.
    #[error("program `{program}`: extern `{name}` is not resolved: {reason}")]
    UnresolvedExtern {
        /// Program name.
        program: String,
        /// Extern name.
        name: String,
        /// Why.
        reason: String,
    },
    /// The attach target (BTF id) of a tracing / LSM / iterator program cannot be found.
    #[error("program `{program}`: attach target: {reason}")]
    AttachTarget {
        /// Program name.
        program: String,
        /// Why.
        reason: String,
    },
    /// The program needs a loader feature this runtime does not have yet.
    #[error("program `{program}`: {feature} is not supported yet")]
    Unsupported {
        /// Program name.
        program: String,
        /// What is missing.
        feature: String,
    },
    /// The kernel refused the program (verifier log, source line).
    #[error(transparent)]
    Verifier(#[from] Box<VerifierError>),
    /// A load attribute is inconsistent (e.g. both `attach_prog_fd` and `attach_btf_obj_fd`).
    #[error("program `{program}`: {reason}")]
    InvalidOptions {
        /// Program name.
        program: String,
        /// What is wrong.
        reason: String,
    },
    /// Creating a map a clone asked for (its own `.rodata`, a private map) failed.
    #[error("program `{program}`: clone map: {source}")]
    CloneMap {
        /// Program name.
        program: String,
        /// Why the map could not be created.
        #[source]
        source: Box<crate::prepare::PrepareError>,
    },
    /// A system call around the load failed (info query, map binding, prog-array slot).
    #[error("program `{program}`: {source}")]
    Syscall {
        /// Program name.
        program: String,
        /// Underlying error.
        #[source]
        source: SyscallError,
    },
    /// Pinning a program, or opening or removing its pin, failed.
    #[error("pinned program at {}: {source}", path.display())]
    Pin {
        /// The pin's path on bpffs.
        path: std::path::PathBuf,
        /// The failed call (or the path check).
        #[source]
        source: SyscallError,
    },
    /// The object has no program of that name.
    #[error("object `{object}` has no program `{program}`")]
    NotFound {
        /// Object name.
        object: String,
        /// The name asked for.
        program: String,
    },
    /// The program is of another kind than the handle asked for.
    #[error("program `{program}` is a {found:?} program, not {expected:?}")]
    WrongKind {
        /// Program name.
        program: String,
        /// The kind the handle needs.
        expected: ProgramKind,
        /// The program's kind.
        found: ProgramKind,
    },
}

debug_as_display!(ProgramError);
