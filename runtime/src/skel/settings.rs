//! `OpenMap` and `OpenProg`: the per-map and per-program settings a skeleton's open
//! phase exposes as plain public fields, read from the object at open and written back
//! at prepare. Shared by every generated skeleton.

use std::path::PathBuf;

use crate::obj::{MapSpec, ProgramSpec};

/// Settings of one map, read at open and applied at prepare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenMap {
    /// `max_entries`: capacity (for a ring buffer, its size in bytes).
    pub max_entries: u32,
    /// `map_flags` (`BPF_F_NO_PREALLOC`, `BPF_F_MMAPABLE`, …).
    pub map_flags: u32,
    /// Pin the map at this path in a BPF filesystem; a compatible map already pinned
    /// there is reused. `None` keeps the object's pinning (`LIBBPF_PIN_BY_NAME` pins
    /// under `/sys/fs/bpf`).
    pub pin_path: Option<PathBuf>,
}

impl OpenMap {
    /// The settings `spec` declares.
    pub fn read(spec: &MapSpec) -> Self {
        Self {
            max_entries: spec.max_entries,
            map_flags: spec.map_flags,
            pin_path: spec.pin_path.clone(),
        }
    }

    /// Writes the settings back into `spec`.
    pub fn apply(self, spec: &mut MapSpec) {
        spec.max_entries = self.max_entries;
        spec.map_flags = self.map_flags;
        spec.pin_path = self.pin_path;
    }
}

/// Settings of one program, read at open and applied at prepare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenProg {
    /// Loaded by `load_autoload()` (`false` for `SEC("?…")` programs). Every program can
    /// be loaded with `load_lazy()` regardless.
    pub autoload: bool,
    /// `prog_flags` (`BPF_F_SLEEPABLE`, `BPF_F_XDP_HAS_FRAGS`, …).
    pub prog_flags: u32,
    /// Attach target, parsed from the `SEC()` name by default: the function of a
    /// `fentry`/`fexit`/`lsm`/`freplace` program, the `category/name` of a tracepoint, …
    pub attach_target: Option<String>,
}

impl OpenProg {
    /// The settings `spec` declares.
    pub fn read(spec: &ProgramSpec) -> Self {
        Self {
            autoload: spec.autoload,
            prog_flags: spec.prog_flags,
            attach_target: spec.attach_target.clone(),
        }
    }

    /// Writes the settings back into `spec`.
    pub fn apply(self, spec: &mut ProgramSpec) {
        spec.autoload = self.autoload;
        spec.prog_flags = self.prog_flags;
        spec.attach_target = self.attach_target;
    }
}
