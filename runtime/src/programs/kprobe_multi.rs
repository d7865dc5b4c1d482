//! Multi-kprobes: `SEC("kprobe.multi/…")`, `SEC("kretprobe.multi/…")` and
//! `SEC("kprobe.session/…")`, attached to many kernel functions with a single
//! `BPF_LINK_CREATE` (Linux 5.18; sessions 6.10). The kernel resolves the names.

use std::ffi::{CStr, CString};
use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::kind::prog_kind;
use super::link::Link;
use super::loaded::attach_methods;
#[cfg(doc)]
use super::loaded::{Instance, Loaded};
use crate::sys::{self, BPF_F_KPROBE_MULTI_RETURN};
use crate::Error;

prog_kind! {
    /// `SEC("kprobe.multi/<function>")`, `SEC("kretprobe.multi/<function>")`: one
    /// program on many kernel functions. `attach()` (the section's function) or
    /// `attach_to(functions)` on a [`Loaded`] or [`Instance`].
    KprobeMulti
}

prog_kind! {
    /// `SEC("kprobe.session/<function>")`: runs at entry and return of many kernel
    /// functions. Attached like [`KprobeMulti`].
    KprobeSession
}

/// Shared body of the attach methods.
pub(super) fn attach_kprobe_multi(
    program: &str,
    prog: BorrowedFd<'_>,
    attach_type: u32,
    section: &str,
    functions: &[&str],
) -> Result<Link, Error> {
    let bad = |reason: String| AttachError::Target {
        program: program.to_string(),
        reason,
    };
    let names = functions
        .iter()
        .map(|f| CString::new(*f).map_err(|_| bad(format!("{f:?} contains a NUL byte"))))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&CStr> = names.iter().map(CString::as_c_str).collect();
    let flags = if section.starts_with("kretprobe") {
        BPF_F_KPROBE_MULTI_RETURN
    } else {
        0
    };
    let what = match functions {
        [one] => format!("kernel function {one}"),
        many => format!("{} kernel functions", many.len()),
    };
    let fd = sys::link_create_kprobe_multi(prog, attach_type, &refs, flags)
        .map_err(|e| AttachError::syscall(program, what, e))?;
    Ok(Link::from_fd(fd))
}

/// The function a multi-kprobe section names; patterns are refused (they need the
/// tracefs list of probe-able functions, which this loader does not read yet).
pub(super) fn section_function<'s>(
    program: &str,
    target: Option<&'s str>,
) -> Result<&'s str, Error> {
    let bad = |reason: String| AttachError::Target {
        program: program.to_string(),
        reason,
    };
    let target = target
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bad("SEC() names no function; use attach_to(functions)".into()))?;
    if target.contains(['*', '?']) {
        return Err(bad(format!(
            "SEC() pattern `{target}` is not expanded; pass the names to attach_to(functions)"
        ))
        .into());
    }
    Ok(target)
}

/// Declares the attach methods of the multi-kprobe kinds.
macro_rules! kprobe_multi_attach {
    ($($kind:ty),*) => { $(
        attach_methods!($kind {
            /// Attaches the program to the kernel function named in its section.
            pub fn attach(&self) -> Result<Link, Error> {
                let function = section_function(self.name(), self.sec_target())?;
                self.attach_to(&[function])
            }

            /// Attaches the program to every kernel function of `functions` with one
            /// link (a `kretprobe.multi` section fires on return).
            pub fn attach_to(&self, functions: &[&str]) -> Result<Link, Error> {
                attach_kprobe_multi(
                    self.name(),
                    self.as_fd(),
                    self.attach_type(),
                    self.section(),
                    functions,
                )
            }
        });
    )* };
}

kprobe_multi_attach!(KprobeMulti, KprobeSession);

#[cfg(test)]
mod tests {
    use super::section_function;

    #[test]
    fn section_targets_are_single_names() {
        assert_eq!(
            section_function("p", Some("do_unlinkat")).expect("name"),
            "do_unlinkat"
        );
        let e = section_function("p", Some("do_*")).expect_err("pattern");
        assert!(e.to_string().contains("not expanded"), "{e}");
        assert!(section_function("p", None).is_err());
    }
}
