//! BTF-typed tracing programs — `tp_btf`, `fentry`, `fexit`, `fmod_ret`, `lsm` — whose
//! target (a kernel BTF id) is fixed when they are loaded: from `SEC()`, or per clone
//! with `CloneOpts::attach_target`. Attaching needs no further target
//! (`BPF_RAW_TRACEPOINT_OPEN` without a name).

use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::kind::prog_kind;
use super::link::Link;
use super::loaded::attach_methods;
#[cfg(doc)]
use super::loaded::{Instance, Loaded};
use crate::sys;
use crate::Error;

prog_kind! {
    /// `SEC("tp_btf/<tracepoint>")`: a BTF-typed tracepoint program. `attach()` on a
    /// [`Loaded`] or [`Instance`] attaches it to the tracepoint it was loaded for.
    TpBtf
}

prog_kind! {
    /// `SEC("fentry/<function>")`, `SEC("fentry.s/…")`: runs at a kernel function's
    /// entry. `attach()` attaches it to the function it was loaded for.
    Fentry
}

prog_kind! {
    /// `SEC("fexit/<function>")`, `SEC("fexit.s/…")`: runs at a kernel function's exit.
    /// `attach()` attaches it to the function it was loaded for.
    Fexit
}

prog_kind! {
    /// `SEC("fmod_ret/<function>")`: may override an error-injectable function's return
    /// value. `attach()` attaches it to the function it was loaded for.
    FmodRet
}

prog_kind! {
    /// `SEC("lsm/<hook>")`, `SEC("lsm.s/…")`: an LSM hook program. `attach()` attaches it
    /// to the hook it was loaded for.
    Lsm
}

/// Shared body of the attach methods.
pub(super) fn attach_btf_tracing(
    program: &str,
    prog: BorrowedFd<'_>,
    target: Option<&str>,
) -> Result<Link, Error> {
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
            pub fn attach(&self) -> Result<Link, Error> {
                attach_btf_tracing(self.name(), self.as_fd(), self.sec_target())
            }
        });
    )* };
}

btf_tracing_attach!(TpBtf, Fentry, Fexit, FmodRet, Lsm);
