//! Raw tracepoints: `SEC("raw_tp/<name>")`, `SEC("raw_tracepoint/<name>")` and the
//! writable `raw_tp.w/…`, attached by tracepoint name with `BPF_RAW_TRACEPOINT_OPEN`.

use crate::kind::{RawTracepoint, RawTracepointWritable};
use std::ffi::CString;
use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys;

/// Shared body of the attach methods.
pub(super) fn attach_raw_tracepoint(
    program: &str,
    prog: BorrowedFd<'_>,
    name: Option<&str>,
) -> Result<Link, AttachError> {
    let target = |reason: String| AttachError::Target {
        program: program.to_string(),
        reason,
    };
    let name = name
        .filter(|n| !n.is_empty())
        .ok_or_else(|| target("SEC() names no raw tracepoint; use attach_to(name)".into()))?;
    let c_name = CString::new(name)
        .map_err(|_| target(format!("raw tracepoint name {name:?} contains a NUL byte")))?;
    let fd = sys::raw_tracepoint_open(Some(&c_name), prog)
        .map_err(|e| AttachError::syscall(program, format!("raw tracepoint {name}"), e))?;
    Ok(Link::from_fd(fd))
}

attach_methods!(RawTracepoint {
    /// Attaches the program to the raw tracepoint named in its section
    /// (`SEC("raw_tp/sys_enter")` → `sys_enter`).
    pub fn attach(&self) -> Result<Link, AttachError> {
        attach_raw_tracepoint(self.name(), self.as_fd(), self.sec_target())
    }

    /// Attaches the program to the raw tracepoint `name` (e.g. `"sched_switch"`).
    pub fn attach_to(&self, name: &str) -> Result<Link, AttachError> {
        attach_raw_tracepoint(self.name(), self.as_fd(), Some(name))
    }
});

attach_methods!(RawTracepointWritable {
    /// Attaches the program to the raw tracepoint named in its section.
    pub fn attach(&self) -> Result<Link, AttachError> {
        attach_raw_tracepoint(self.name(), self.as_fd(), self.sec_target())
    }

    /// Attaches the program to the raw tracepoint `name`.
    pub fn attach_to(&self, name: &str) -> Result<Link, AttachError> {
        attach_raw_tracepoint(self.name(), self.as_fd(), Some(name))
    }
});
