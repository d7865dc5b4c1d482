//! Raw tracepoints: `SEC("raw_tp/<name>")`, `SEC("raw_tracepoint/<name>")` and the
//! writable `raw_tp.w/…`, attached by tracepoint name with `BPF_RAW_TRACEPOINT_OPEN`.

use std::ffi::CString;
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
    /// `SEC("raw_tp/<name>")`, `SEC("raw_tracepoint/<name>")` and their `.s` variants: a
    /// raw tracepoint program. On a [`Loaded`] or [`Instance`], `attach()` uses the
    /// tracepoint named in the section, `attach_to(name)` any other.
    RawTracepoint
}

prog_kind! {
    /// `SEC("raw_tp.w/<name>")`, `SEC("raw_tracepoint.w/<name>")`: a raw tracepoint
    /// program that may write its context. Attached like [`RawTracepoint`].
    RawTracepointWritable
}

/// Shared body of the attach methods.
pub(super) fn attach_raw_tracepoint(
    program: &str,
    prog: BorrowedFd<'_>,
    name: Option<&str>,
) -> Result<Link, Error> {
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
    pub fn attach(&self) -> Result<Link, Error> {
        attach_raw_tracepoint(self.name(), self.as_fd(), self.sec_target())
    }

    /// Attaches the program to the raw tracepoint `name` (e.g. `"sched_switch"`).
    pub fn attach_to(&self, name: &str) -> Result<Link, Error> {
        attach_raw_tracepoint(self.name(), self.as_fd(), Some(name))
    }
});

attach_methods!(RawTracepointWritable {
    /// Attaches the program to the raw tracepoint named in its section.
    pub fn attach(&self) -> Result<Link, Error> {
        attach_raw_tracepoint(self.name(), self.as_fd(), self.sec_target())
    }

    /// Attaches the program to the raw tracepoint `name`.
    pub fn attach_to(&self, name: &str) -> Result<Link, Error> {
        attach_raw_tracepoint(self.name(), self.as_fd(), Some(name))
    }
});
