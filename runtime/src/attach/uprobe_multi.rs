//! Multi-uprobes: `SEC("uprobe.multi…")`, `SEC("uretprobe.multi…")` and
//! `SEC("uprobe.session…")`, attached to many functions of one binary with a single
//! `BPF_LINK_CREATE` (Linux 6.6; sessions 6.13).

use crate::abi::AttachType;
use crate::kind::{UprobeMulti, UprobeSession};
use std::ffi::CString;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::Path;

use super::elf_symbol::{function_file_offset, functions_matching};
use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys::{self, BPF_F_UPROBE_MULTI_RETURN};

/// Shared body of the attach methods: one link for every offset.
pub(super) fn attach_multi(
    program: &str,
    prog: BorrowedFd<'_>,
    attach_type: AttachType,
    section: &str,
    binary: &Path,
    offsets: &[u64],
    pid: Option<u32>,
) -> Result<Link, AttachError> {
    let bad = |reason: String| AttachError::Target {
        program: program.to_string(),
        reason,
    };
    let path = CString::new(binary.as_os_str().as_encoded_bytes())
        .map_err(|_| bad(format!("{} contains a NUL byte", binary.display())))?;
    let flags = if section.starts_with("uretprobe") {
        BPF_F_UPROBE_MULTI_RETURN
    } else {
        0
    };
    let what = format!("{} offsets of {}", offsets.len(), binary.display());
    let fd =
        sys::link_create_uprobe_multi(prog, attach_type, &path, offsets, flags, pid.unwrap_or(0))
            .map_err(|e| AttachError::syscall(program, what, e))?;
    Ok(Link::from_fd(fd))
}

/// The file offsets of `functions` in `binary`.
fn offsets_of(program: &str, binary: &Path, functions: &[&str]) -> Result<Vec<u64>, AttachError> {
    functions
        .iter()
        .map(|f| {
            function_file_offset(binary, f).map_err(|reason| AttachError::Target {
                program: program.to_string(),
                reason,
            })
        })
        .collect()
}

/// The file offsets of the functions of `binary` matching `pattern`.
fn offsets_matching(program: &str, binary: &Path, pattern: &str) -> Result<Vec<u64>, AttachError> {
    let found = functions_matching(binary, pattern).map_err(|reason| AttachError::Target {
        program: program.to_string(),
        reason,
    })?;
    Ok(found.into_iter().map(|(_, offset)| offset).collect())
}

/// A multi-uprobe section's `binary:pattern`.
pub(super) fn section_target<'s>(
    program: &str,
    target: Option<&'s str>,
) -> Result<(&'s str, &'s str), AttachError> {
    target
        .and_then(|t| t.split_once(':'))
        .ok_or_else(|| AttachError::Target {
            program: program.to_string(),
            reason: "SEC() names no `binary:pattern`; use attach_to or attach_matching".into(),
        })
}

/// Attaches a loaded multi-uprobe from its section (`attach()` and `attach_auto`).
pub(super) fn attach_from_section(
    program: &str,
    prog: BorrowedFd<'_>,
    attach_type: AttachType,
    section: &str,
    target: Option<&str>,
) -> Result<Link, AttachError> {
    let (binary, pattern) = section_target(program, target)?;
    let binary = Path::new(binary);
    let offsets = offsets_matching(program, binary, pattern)?;
    attach_multi(program, prog, attach_type, section, binary, &offsets, None)
}

/// Declares the attach methods of the multi-uprobe kinds.
macro_rules! uprobe_multi_attach {
    ($($kind:ty),*) => { $(
        attach_methods!($kind {
            /// Attaches the program to the functions its section names
            /// (`SEC("uprobe.multi/<binary>:<pattern>")`, `*` and `?` globs), for every
            /// process.
            pub fn attach(&self) -> Result<Link, AttachError> {
                attach_from_section(
                    self.name(),
                    self.as_fd(),
                    self.attach_type(),
                    self.section(),
                    self.sec_target(),
                )
            }

            /// Attaches the program to every function of `binary` whose name matches the
            /// glob `pattern` (`*`, `?`), for process `pid` or, with `None`, every process.
            pub fn attach_matching(
                &self,
                binary: impl AsRef<Path>,
                pattern: &str,
                pid: Option<u32>,
            ) -> Result<Link, AttachError> {
                let offsets = offsets_matching(self.name(), binary.as_ref(), pattern)?;
                self.attach_at(binary, &offsets, pid)
            }

            /// Attaches the program to every function of `functions` in the ELF file
            /// `binary` with one link, for process `pid` or, with `None`, every process.
            /// A `uretprobe.multi` section fires on return.
            pub fn attach_to(
                &self,
                binary: impl AsRef<Path>,
                functions: &[&str],
                pid: Option<u32>,
            ) -> Result<Link, AttachError> {
                let offsets = offsets_of(self.name(), binary.as_ref(), functions)?;
                self.attach_at(binary, &offsets, pid)
            }

            /// Attaches the program at every file offset of `offsets` in `binary`, for
            /// process `pid` or, with `None`, every process.
            pub fn attach_at(
                &self,
                binary: impl AsRef<Path>,
                offsets: &[u64],
                pid: Option<u32>,
            ) -> Result<Link, AttachError> {
                attach_multi(
                    self.name(),
                    self.as_fd(),
                    self.attach_type(),
                    self.section(),
                    binary.as_ref(),
                    offsets,
                    pid,
                )
            }
        });
    )* };
}

uprobe_multi_attach!(UprobeMulti, UprobeSession);

#[cfg(test)]
mod tests {
    use super::section_target;

    #[test]
    fn section_targets_split_binary_and_pattern() {
        let (binary, pattern) =
            section_target("p", Some("/usr/lib/libc.so.6:getp*id")).expect("target");
        assert_eq!((binary, pattern), ("/usr/lib/libc.so.6", "getp*id"));
        assert!(section_target("p", Some("no_colon")).is_err());
        assert!(section_target("p", None).is_err());
    }
}
