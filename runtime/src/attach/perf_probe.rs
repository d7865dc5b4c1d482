//! kprobes and uprobes: `SEC("kprobe/<function>[+offset]")`, `SEC("kretprobe/…")`,
//! `SEC("uprobe[/<binary>:<function>[+offset]]")`, `SEC("uretprobe…")`, attached through
//! a perf event of the kernel's dynamic `kprobe` / `uprobe` PMU.

use crate::kind::{Kprobe, Kretprobe, Uprobe, Uretprobe};
use std::ffi::CString;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::Path;

use super::elf_symbol::function_file_offset;
use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys;

/// Which dynamic PMU, and whether as a return probe.
#[derive(Debug, Clone, Copy)]
pub(super) struct Probe {
    pmu: &'static str,
    retprobe: bool,
}

pub(super) const KPROBE: Probe = Probe {
    pmu: "kprobe",
    retprobe: false,
};
pub(super) const KRETPROBE: Probe = Probe {
    pmu: "kprobe",
    retprobe: true,
};
pub(super) const UPROBE: Probe = Probe {
    pmu: "uprobe",
    retprobe: false,
};
pub(super) const URETPROBE: Probe = Probe {
    pmu: "uprobe",
    retprobe: true,
};

impl Probe {
    /// The PMU's perf type and the `config` bits for this probe, from sysfs
    /// (`/sys/bus/event_source/devices/<pmu>/type` and `format/retprobe`).
    pub(super) fn perf_type_and_config(self) -> Result<(u32, u64), String> {
        let dir = Path::new("/sys/bus/event_source/devices").join(self.pmu);
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|e| {
                format!(
                    "{}: {e} (does this kernel have {}s?)",
                    p.display(),
                    self.pmu
                )
            })
        };
        let perf_type = read(&dir.join("type"))?
            .trim()
            .parse()
            .map_err(|e| format!("{}/type: {e}", dir.display()))?;
        if !self.retprobe {
            return Ok((perf_type, 0));
        }
        let format = read(&dir.join("format/retprobe"))?;
        let bit: u32 = format
            .trim()
            .strip_prefix("config:")
            .and_then(|b| b.parse().ok())
            .filter(|b| *b < 64)
            .ok_or_else(|| {
                format!(
                    "{}/format/retprobe: unexpected `{}`",
                    dir.display(),
                    format.trim()
                )
            })?;
        Ok((perf_type, 1 << bit))
    }
}

/// Opens the probe's perf event on `target` (function or binary) at `offset` for `pid`
/// (`None`: every process) and attaches `prog` to it.
pub(super) fn attach_probe(
    program: &str,
    prog: BorrowedFd<'_>,
    probe: Probe,
    target: &str,
    offset: u64,
    pid: Option<i32>,
) -> Result<Link, AttachError> {
    let bad = |reason: String| AttachError::Target {
        program: program.to_string(),
        reason,
    };
    let what = format!(
        "{}{} {target}+{offset:#x}",
        if probe.retprobe { "ret" } else { "" },
        probe.pmu
    );
    let (perf_type, config) = probe
        .perf_type_and_config()
        .map_err(|e| bad(format!("{what}: {e}")))?;
    let c_target =
        CString::new(target).map_err(|_| bad(format!("{target:?} contains a NUL byte")))?;
    // libbpf's convention: every process means pid -1 on CPU 0 (the probe still fires on
    // all CPUs); one process means that pid on any CPU.
    let (pid, cpu) = pid.map_or((-1, 0), |p| (p, -1));
    let perf = sys::perf_event_open_probe(perf_type, config, &c_target, offset, cpu, pid)
        .map_err(|e| AttachError::syscall(program, what.clone(), e))?;
    Link::on_perf_event(program, prog, perf, &what)
}

/// Splits `name[+offset]` (offset decimal or `0x` hex).
fn split_offset(target: &str) -> Result<(&str, u64), String> {
    let Some((name, off)) = target.rsplit_once('+') else {
        return Ok((target, 0));
    };
    let parsed = match off.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => off.parse(),
    };
    parsed
        .map(|o| (name, o))
        .map_err(|_| format!("bad offset `{off}` in `{target}`"))
}

/// A kprobe's `SEC()` target: `function[+offset]`.
pub(super) fn kprobe_target(
    program: &str,
    sec: Option<&str>,
) -> Result<(String, u64), AttachError> {
    let bad = |reason: String| AttachError::Target {
        program: program.to_string(),
        reason,
    };
    let sec = sec
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad("SEC() names no function; use attach_to(function, offset)".into()))?;
    let (function, offset) = split_offset(sec).map_err(bad)?;
    Ok((function.to_string(), offset))
}

/// A uprobe's `SEC()` target: `binary:function[+offset]`, resolved to a file offset.
pub(super) fn uprobe_target(
    program: &str,
    sec: Option<&str>,
) -> Result<(String, u64), AttachError> {
    let bad = |reason: String| AttachError::Target {
        program: program.to_string(),
        reason,
    };
    let (binary, func) = sec.and_then(|s| s.split_once(':')).ok_or_else(|| {
        bad("SEC() names no `binary:function`; use attach_to(binary, function, pid)".into())
    })?;
    let (function, extra) = split_offset(func).map_err(&bad)?;
    let base = function_file_offset(Path::new(binary), function).map_err(&bad)?;
    Ok((binary.to_string(), base + extra))
}

/// Resolves `function` in `binary` for `attach_to`.
fn function_offset(program: &str, binary: &Path, function: &str) -> Result<u64, AttachError> {
    function_file_offset(binary, function).map_err(|reason| AttachError::Target {
        program: program.to_string(),
        reason,
    })
}

/// Declares the attach methods of the two kprobe kinds.
macro_rules! kprobe_attach {
    ($($kind:ty => $probe:expr),*) => { $(
        attach_methods!($kind {
            /// Attaches the program to the kernel function named in its section
            /// (`SEC("kprobe/do_unlinkat")`, with an optional `+offset`), for every process.
            pub fn attach(&self) -> Result<Link, AttachError> {
                let (function, offset) = kprobe_target(self.name(), self.sec_target())?;
                attach_probe(self.name(), self.as_fd(), $probe, &function, offset, None)
            }

            /// Attaches the program to kernel function `function` at byte `offset` into
            /// it (0: its entry).
            pub fn attach_to(&self, function: &str, offset: u64) -> Result<Link, AttachError> {
                attach_probe(self.name(), self.as_fd(), $probe, function, offset, None)
            }
        });
    )* };
}

kprobe_attach!(Kprobe => KPROBE, Kretprobe => KRETPROBE);

/// Declares the attach methods of the two uprobe kinds.
macro_rules! uprobe_attach {
    ($($kind:ty => $probe:expr),*) => { $(
        attach_methods!($kind {
            /// Attaches the program to the `binary:function[+offset]` named in its section,
            /// for every process.
            pub fn attach(&self) -> Result<Link, AttachError> {
                let (binary, offset) = uprobe_target(self.name(), self.sec_target())?;
                attach_probe(self.name(), self.as_fd(), $probe, &binary, offset, None)
            }

            /// Attaches the program to `function` of the ELF file `binary` (an executable
            /// or shared library, found in its symbol tables), for process `pid` or, with
            /// `None`, every process.
            pub fn attach_to(
                &self,
                binary: impl AsRef<Path>,
                function: &str,
                pid: Option<i32>,
            ) -> Result<Link, AttachError> {
                let offset = function_offset(self.name(), binary.as_ref(), function)?;
                self.attach_at(binary, offset, pid)
            }

            /// Attaches the program at file offset `offset` of `binary`, for process `pid`
            /// or, with `None`, every process.
            pub fn attach_at(
                &self,
                binary: impl AsRef<Path>,
                offset: u64,
                pid: Option<i32>,
            ) -> Result<Link, AttachError> {
                let path = binary.as_ref().to_string_lossy();
                attach_probe(self.name(), self.as_fd(), $probe, &path, offset, pid)
            }
        });
    )* };
}

uprobe_attach!(Uprobe => UPROBE, Uretprobe => URETPROBE);

#[cfg(test)]
mod tests {
    use super::{kprobe_target, split_offset, uprobe_target};

    #[test]
    fn section_targets_parse_like_libbpf() {
        assert_eq!(split_offset("do_sys_open"), Ok(("do_sys_open", 0)));
        assert_eq!(split_offset("do_sys_open+16"), Ok(("do_sys_open", 16)));
        assert_eq!(split_offset("f+0x10"), Ok(("f", 16)));
        assert!(split_offset("f+zz").is_err());
        assert_eq!(
            kprobe_target("p", Some("do_unlinkat+4")).expect("ok"),
            ("do_unlinkat".to_string(), 4)
        );
        assert!(kprobe_target("p", None).is_err());
        assert!(uprobe_target("p", Some("no_colon")).is_err());
        let e = uprobe_target("p", Some("/nonexistent:f")).expect_err("no file");
        assert!(e.to_string().contains("/nonexistent"), "{e}");
    }
}
