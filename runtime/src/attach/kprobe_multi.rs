//! Multi-kprobes: `SEC("kprobe.multi/…")`, `SEC("kretprobe.multi/…")` and
//! `SEC("kprobe.session/…")`, attached to many kernel functions with a single
//! `BPF_LINK_CREATE` (Linux 5.18; sessions 6.10). The kernel resolves the names; section
//! patterns are expanded against tracefs's `available_filter_functions`, as libbpf does.

use crate::abi::AttachType;
use crate::kind::{KprobeMulti, KprobeSession};
use std::ffi::{CStr, CString};
use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
use crate::glob::glob_match;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys::{self, BPF_F_KPROBE_MULTI_RETURN};

/// Shared body of the attach methods.
pub(super) fn attach_kprobe_multi(
    program: &str,
    prog: BorrowedFd<'_>,
    attach_type: AttachType,
    section: &str,
    functions: &[&str],
) -> Result<Link, AttachError> {
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

/// The kernel functions a multi-kprobe section names: one name, or every probe-able
/// function matching a `*`/`?` pattern (libbpf reads the same tracefs list).
pub(super) fn section_functions(
    program: &str,
    target: Option<&str>,
) -> Result<Vec<String>, AttachError> {
    let bad = |reason: String| AttachError::Target {
        program: program.to_string(),
        reason,
    };
    let target = target
        .filter(|t| !t.is_empty())
        .ok_or_else(|| bad("SEC() names no function; use attach_to(functions)".into()))?;
    if !target.contains(['*', '?']) {
        return Ok(vec![target.to_string()]);
    }
    let text = read_probeable_functions().map_err(&bad)?;
    let found = functions_matching(&text, target);
    if found.is_empty() {
        return Err(bad(format!(
            "no probe-able kernel function matches `{target}`"
        )));
    }
    Ok(found)
}

/// tracefs's list of functions kprobes can attach to.
fn read_probeable_functions() -> Result<String, String> {
    let root = sys::mount::tracefs_root().map_err(|e| {
        format!("tracefs is not mounted and could not be ({e}); needed to expand the SEC() pattern")
    })?;
    let list = root.join("available_filter_functions");
    std::fs::read_to_string(&list).map_err(|e| {
        format!(
            "{}: {e} (needed to expand the SEC() pattern)",
            list.display()
        )
    })
}

/// The distinct names in an `available_filter_functions` text (`name [module]` per line)
/// that match `pattern`, in list order.
fn functions_matching(list: &str, pattern: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in list.lines().filter_map(|l| l.split_whitespace().next()) {
        if glob_match(pattern, name) && !out.iter().any(|n| n == name) {
            out.push(name.to_string());
        }
    }
    out
}

/// Declares the attach methods of the multi-kprobe kinds.
macro_rules! kprobe_multi_attach {
    ($($kind:ty),*) => { $(
        attach_methods!($kind {
            /// Attaches the program to the kernel function(s) its section names
            /// (`SEC("kprobe.multi/do_unlinkat")`, or a pattern like `vfs_*`).
            pub fn attach(&self) -> Result<Link, AttachError> {
                let functions = section_functions(self.name(), self.sec_target())?;
                let names: Vec<&str> = functions.iter().map(String::as_str).collect();
                self.attach_to(&names)
            }

            /// Attaches the program to every kernel function of `functions` with one
            /// link (a `kretprobe.multi` section fires on return).
            pub fn attach_to(&self, functions: &[&str]) -> Result<Link, AttachError> {
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
    use super::{functions_matching, section_functions};

    #[test]
    fn section_targets_are_names_or_patterns() {
        assert_eq!(
            section_functions("p", Some("do_unlinkat")).expect("name"),
            ["do_unlinkat"]
        );
        assert!(section_functions("p", None).is_err());
        let list = "vfs_read\nvfs_write\nvfs_read\nksys_read [some_mod]\n";
        assert_eq!(functions_matching(list, "vfs_*"), ["vfs_read", "vfs_write"]);
        assert_eq!(
            functions_matching(list, "*_read"),
            ["vfs_read", "ksys_read"]
        );
        // Where tracefs hides the list (as on the CI VM), the error says which file.
        if let Err(e) = section_functions("p", Some("bpfgen_*")) {
            let msg = e.to_string();
            assert!(
                msg.contains("available_filter_functions") || msg.contains("no probe-able"),
                "{msg}"
            );
        }
    }
}
