//! BTF-typed tracing programs — `tp_btf`, `fentry`, `fexit`, `fmod_ret`, `lsm` — whose
//! target (a kernel BTF id) is fixed when they are loaded: from `SEC()`, or per clone
//! with `CloneOpts::attach_target`. Attaching needs no further target
//! (`BPF_RAW_TRACEPOINT_OPEN` without a name).

use crate::abi::AttachType;
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

/// Shared body of `attach_with_cookie`: tp_btf through `BPF_RAW_TRACEPOINT_OPEN`, the
/// trampoline kinds through `BPF_LINK_CREATE` with a tracing cookie.
pub(super) fn attach_btf_tracing_with_cookie(
    program: &str,
    prog: BorrowedFd<'_>,
    target: Option<&str>,
    attach_type: AttachType,
    cookie: u64,
) -> Result<Link, AttachError> {
    let what = format!(
        "its BTF target `{}` with cookie {cookie}",
        target.unwrap_or("(set at load)")
    );
    let fd = if attach_type == AttachType::TraceRawTp {
        sys::raw_tracepoint_open_with_cookie(None, prog, cookie)
    } else {
        sys::link_create_tracing(prog, attach_type, cookie)
    }
    .map_err(|e| AttachError::syscall(program, what, e))?;
    Ok(Link::from_fd(fd))
}

/// Declares `attach()` and `attach_with_cookie()` for each BTF-typed tracing kind.
macro_rules! btf_tracing_attach {
    ($($kind:ty),*) => { $(
        attach_methods!($kind {
            /// Attaches the program to the kernel target it was loaded for (its BTF
            /// `attach_btf_id`).
            pub fn attach(&self) -> Result<Link, AttachError> {
                attach_btf_tracing(self.name(), self.as_fd(), self.sec_target())
            }

            /// [`attach`](Self::attach) with a BPF cookie the program reads with
            /// `bpf_get_attach_cookie()`: one program cloned onto many targets tells them
            /// apart by it. tp_btf needs Linux 6.10; fentry, fexit, fmod_ret and lsm 5.19.
            pub fn attach_with_cookie(&self, cookie: u64) -> Result<Link, AttachError> {
                attach_btf_tracing_with_cookie(
                    self.name(),
                    self.as_fd(),
                    self.sec_target(),
                    self.attach_type(),
                    cookie,
                )
            }
        });
    )* };
}

btf_tracing_attach!(TpBtf, Fentry, Fexit, FmodRet, Lsm);
