//! BTF-typed tracing programs — `tp_btf`, `fentry`, `fexit`, `fmod_ret`, `lsm` — whose
//! target (a kernel BTF id) is fixed when they are loaded: from `SEC()`, or per clone
//! with `CloneOpts::attach_target`. Attaching needs no further target
//! (`BPF_RAW_TRACEPOINT_OPEN` without a name).

use crate::kind::{Fentry, Fexit, FmodRet, Lsm, TpBtf};
use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys;

/// Shared body of the attach methods.
pub(super) fn attach_btf_tracing(
    program: &str,
    prog: BorrowedFd<'_>,
    target: Option<&str>,
) -> Result<Link, AttachError> {
    let what = format!("its BTF target `{}`", target.unwrap_or("(set at load)"));
    let fd =
        sys::raw_tracepoint_open(None, prog).map_err(|e| AttachError::syscall(program, what, e))?;
    Ok(Link::from_fd(fd))
}

/// Declares `attach()` for each BTF-typed tracing kind.
macro_rules! btf_tracing_attach {
    ($($kind:ty),*) => { $(
        attach_methods!($kind {
            /// Attaches the program to the kernel target it was loaded for (its BTF
            /// `attach_btf_id`).
            pub fn attach(&self) -> Result<Link, AttachError> {
                attach_btf_tracing(self.name(), self.as_fd(), self.sec_target())
            }
        });
    )* };
}

btf_tracing_attach!(TpBtf, Fentry, Fexit, FmodRet, Lsm);
