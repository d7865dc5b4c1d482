//! Tracepoints: `SEC("tracepoint/<category>/<name>")` (or `tp/…`), attached through a
//! perf event opened on the tracepoint's tracefs id.

use crate::kind::Tracepoint;
use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::prepare::kernel::tracepoint_id_file;
use crate::sys;

/// Reads the tracefs id of `category/name`, finding (or mounting) tracefs wherever it is.
fn tracepoint_id(program: &str, category: &str, name: &str) -> Result<u64, AttachError> {
    let target = |reason: String| AttachError::Target {
        program: program.to_string(),
        reason,
    };
    let path = tracepoint_id_file(category, name).map_err(target)?;
    std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .ok_or_else(|| {
            target(format!(
                "tracepoint `{category}/{name}` not found in tracefs ({} is missing)",
                path.display()
            ))
        })
}

/// Splits a `SEC()` target `category/name`.
pub(super) fn split_target<'t>(
    program: &str,
    target: Option<&'t str>,
) -> Result<(&'t str, &'t str), AttachError> {
    target
        .and_then(|t| t.split_once('/'))
        .ok_or_else(|| AttachError::Target {
            program: program.to_string(),
            reason: format!("SEC() names no `category/name` tracepoint (got {target:?})"),
        })
}

/// Shared body of the attach methods: perf event on CPU 0 (tracepoint programs run on
/// every CPU), then a `BPF_PERF_EVENT` link, or `PERF_EVENT_IOC_SET_BPF` on kernels
/// without perf links.
pub(super) fn attach_tracepoint(
    program: &str,
    prog: BorrowedFd<'_>,
    category: &str,
    name: &str,
) -> Result<Link, AttachError> {
    let id = tracepoint_id(program, category, name)?;
    let what = format!("tracepoint {category}/{name}");
    let perf = sys::perf_event_open_tracepoint(id, 0, -1)
        .map_err(|e| AttachError::syscall(program, what.clone(), e))?;
    Link::on_perf_event(program, prog, perf, &what)
}

attach_methods!(Tracepoint {
    /// Attaches the program to the tracepoint named in its section
    /// (`SEC("tracepoint/syscalls/sys_enter_getpid")` → `syscalls/sys_enter_getpid`).
    pub fn attach(&self) -> Result<Link, AttachError> {
        let (category, name) = split_target(self.name(), self.sec_target())?;
        attach_tracepoint(self.name(), self.as_fd(), category, name)
    }

    /// Attaches the program to the tracepoint `category/name` (as listed under tracefs
    /// `events/`), e.g. `("sched", "sched_switch")`.
    pub fn attach_to(&self, category: &str, name: &str) -> Result<Link, AttachError> {
        attach_tracepoint(self.name(), self.as_fd(), category, name)
    }
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_validated() {
        assert!(split_target("p", Some("syscalls/sys_enter_getpid")).is_ok());
        assert!(split_target("p", Some("nocategory")).is_err());
        assert!(split_target("p", None).is_err());
        for (c, n) in [("..", "x"), ("a", "b/c"), ("", "x"), ("a", "")] {
            let e = tracepoint_id("p", c, n).expect_err("rejected");
            assert!(e.to_string().contains("bad tracepoint name"), "{e}");
        }
    }
}
