//! Overrides for [`crate::Program::clone_with`].

use crate::abi::AttachType;
use crate::pod::Pod;
use std::os::fd::{BorrowedFd, RawFd};

/// Load attributes for a clone. Every field is an override: `None` inherits the
/// program's value, `Some(v)` uses `v` — including `Some(0)`, which forces zero (libbpf's
/// `bpf_program__clone` cannot express that: it treats 0 as "inherit").
///
/// The load fields mirror libbpf's `bpf_prog_load_opts`; func/line info are always
/// inherited. The map fields choose which maps this instance uses: by default the
/// object's own, shared with the object's programs and every other clone.
#[derive(Debug, Clone, Default)]
pub struct CloneOpts<'a> {
    /// `expected_attach_type`.
    pub expected_attach_type: Option<AttachType>,
    /// `attach_btf_id` (`Some(0)` forces none).
    pub attach_btf_id: Option<u32>,
    /// Retarget a tracing / LSM / iterator program by name (e.g. `do_unlinkat`, or the
    /// hook name for LSM); resolved through vmlinux BTF, ambiguous names are rejected.
    /// Ignored when `attach_btf_id` is given.
    pub attach_target: Option<&'a str>,
    /// `attach_btf_obj_fd` (`Some(None)` forces none: vmlinux).
    pub attach_btf_obj_fd: Option<Option<BorrowedFd<'a>>>,
    /// `attach_prog_fd` for freplace (`Some(None)` forces none).
    pub attach_prog_fd: Option<Option<BorrowedFd<'a>>>,
    /// `prog_flags` (`BPF_F_SLEEPABLE`, `BPF_F_XDP_HAS_FRAGS`, test flags...).
    pub prog_flags: Option<u32>,
    /// `prog_ifindex` (offload / dev-bound XDP).
    pub prog_ifindex: Option<u32>,
    /// `kern_version`.
    pub kern_version: Option<u32>,
    /// `fd_array` (sparse form; slot 0 unused). `Some(Some(fds))` replaces the object's
    /// own array, which names the module BTFs of its module kfuncs (their calls index
    /// it); `None` and `Some(None)` both keep the object's (none when it calls no module
    /// kfunc).
    pub fd_array: Option<Option<&'a [RawFd]>>,
    /// BPF token (`prog_token_fd`); adds `BPF_F_TOKEN_FD`.
    pub token_fd: Option<BorrowedFd<'a>>,
    /// Verifier log level, libbpf's bits: 1 = verbose, 2 = very verbose, 4
    /// (`BPF_LOG_STATS`) = statistics, which fill [`LoadReport::stats`](super::LoadReport)
    /// and `verification_time_us`. `None`: no log, and a failed load is retried once with
    /// level 1 so the error carries a log. `Some(level)`: exactly that level, no retry
    /// (`Some(0)`: no log at all, fastest; `Some(4)`: statistics only).
    pub log_level: Option<u32>,
    /// Initial log buffer size in bytes (grown automatically on `ENOSPC`).
    pub log_size: Option<u32>,
    /// Kernel program name (truncated to 15 characters by the kernel rules).
    pub name: Option<&'a str>,
    /// This instance's own contents of read-only data sections (`.rodata`,
    /// `.rodata.<name>`): section name → the section's full bytes. Each gets a new frozen
    /// map that only this instance uses, so the verifier sees these constants (and prunes
    /// by them). Build entries with [`CloneOpts::with_rodata`].
    pub rodata: Vec<(String, Vec<u8>)>,
    /// Maps this instance gets a private, fresh instance of (by name, e.g. `counts` or
    /// `.bss`): created from the object's definition and BTF, with the definition's
    /// initial contents, never pinned. Read them through
    /// [`ClonedProgram::map`](super::ClonedProgram::map).
    pub private_maps: Vec<String>,
    /// Maps replaced by one the caller owns (by name; cilium/ebpf's `MapReplacements`).
    /// The map must match the definition (type, key and value size, max_entries,
    /// flags), as a reused pin must. The kernel program keeps its own reference.
    pub replace_maps: Vec<(String, BorrowedFd<'a>)>,
}

impl<'a> CloneOpts<'a> {
    /// Adds this instance's own contents of data section `section` (`.rodata` or
    /// `.rodata.<name>`): `value`'s bytes, typically the skeleton's section struct.
    #[must_use]
    pub fn with_rodata<T: Pod>(mut self, section: &str, value: &T) -> Self {
        let bytes = crate::pod::bytes_of(value).to_vec();
        self.rodata.retain(|(name, _)| name != section);
        self.rodata.push((section.to_string(), bytes));
        self
    }

    /// Asks for a private instance of map `name` (see [`CloneOpts::private_maps`]).
    #[must_use]
    pub fn with_private_map(mut self, name: &str) -> Self {
        if !self.private_maps.iter().any(|m| m == name) {
            self.private_maps.push(name.to_string());
        }
        self
    }

    /// Uses the caller's map `fd` in place of map `name` (see [`CloneOpts::replace_maps`]).
    #[must_use]
    pub fn with_map(mut self, name: &str, fd: BorrowedFd<'a>) -> Self {
        self.replace_maps.retain(|(n, _)| n != name);
        self.replace_maps.push((name.to_string(), fd));
        self
    }
}
