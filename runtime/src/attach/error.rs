//! [`AttachError`]: attaching a program failed.

use crate::load::ProgramError;
use crate::sys::SyscallError;

/// Attaching or detaching a program failed.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum AttachError {
    /// The kernel refused the attach.
    #[error("attach `{program}` to {target}: {source}")]
    Syscall {
        /// Program name.
        program: String,
        /// What it was being attached to, e.g. `tracepoint syscalls/sys_enter_getpid`.
        target: String,
        /// The failed call.
        #[source]
        source: SyscallError,
    },
    /// The attach target is missing or malformed.
    #[error("attach `{program}`: {reason}")]
    Target {
        /// Program name.
        program: String,
        /// What is wrong with the target.
        reason: String,
    },
    /// A struct_ops variable could not be registered.
    #[error("struct_ops `{name}`: {reason}")]
    StructOps {
        /// Variable name.
        name: String,
        /// Why.
        reason: String,
    },
    /// A program the attachment needs could not be loaded (struct_ops members).
    #[error(transparent)]
    Program(#[from] ProgramError),
    /// Pinning, opening or removing a pinned link failed.
    #[error("pinned link at {}: {source}", path.display())]
    Pin {
        /// The pin's path on bpffs.
        path: std::path::PathBuf,
        /// The failed call (or the path check).
        #[source]
        source: SyscallError,
    },
    /// The kernel refused the detach.
    #[error("detach `{program}`: {source}")]
    Detach {
        /// Program name.
        program: String,
        /// The failed call.
        #[source]
        source: SyscallError,
    },
}

impl AttachError {
    /// A failed attach syscall.
    pub(crate) fn syscall(program: &str, target: String, source: SyscallError) -> Self {
        AttachError::Syscall {
            program: program.to_string(),
            target,
            source,
        }
    }
}

debug_as_display!(AttachError);
