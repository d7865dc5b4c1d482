//! Target BTFs (vmlinux + modules) and the candidate search (libbpf
//! `bpf_core_find_cands`, `bpf_core_add_cands`, `load_module_btfs`).
//!
//! libbpf scans every target type for every local root type. Here each target
//! BTF gets a [`NameIndex`], built lazily on first use in one O(n) pass.

use std::sync::{Arc, OnceLock};

use super::names::{essential_name, NameIndex};
use super::split::{parse_split, SplitBtf};
use super::view::BtfView;
use crate::obj::btf::Btf;

/// Which target BTF a candidate lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TargetBtf {
    /// The kernel's own BTF (or a user-supplied replacement).
    Vmlinux,
    /// The module added `n`-th with [`CoreTarget::add_module`].
    Module(usize),
}

/// A target type whose essential name and kind fit a local type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Candidate {
    /// Where it lives.
    pub btf: TargetBtf,
    /// Its type id there.
    pub type_id: u32,
}

/// The BTFs CO-RE relocations are resolved against: vmlinux (or a custom
/// replacement, libbpf's `btf_custom_path`) and, optionally, kernel modules.
///
/// Immutable after setup and `Sync`: share one per process in an `Arc`.
#[derive(Debug)]
pub struct CoreTarget {
    vmlinux: Arc<Btf>,
    vmlinux_index: OnceLock<NameIndex>,
    modules: Vec<Module>,
}

/// A module's split BTF before it is parsed.
#[derive(Debug)]
enum ModuleSource {
    /// Already parsed.
    Parsed,
    /// These bytes.
    Bytes(Vec<u8>),
    /// This file (`/sys/kernel/btf/<module>`), read when first needed.
    File(std::path::PathBuf),
}

#[derive(Debug)]
struct Module {
    name: String,
    /// Where its split BTF comes from, when still to parse.
    raw: ModuleSource,
    btf: OnceLock<Result<Arc<SplitBtf>, String>>,
    index: OnceLock<NameIndex>,
}

impl CoreTarget {
    /// A target of vmlinux only. No work is done until the first lookup.
    pub fn new(vmlinux: Arc<Btf>) -> Self {
        CoreTarget {
            vmlinux,
            vmlinux_index: OnceLock::new(),
            modules: Vec::new(),
        }
    }

    /// Adds a module's BTF (parsed with [`parse_split`] over this target's
    /// vmlinux; candidate ids refer to the module's own view either way).
    /// Modules are searched, in the order added, only for local types that
    /// have no candidate in vmlinux (as libbpf does).
    pub fn add_module(&mut self, name: String, btf: Arc<SplitBtf>) {
        self.modules.push(Module {
            name,
            raw: ModuleSource::Parsed,
            btf: OnceLock::from(Ok(btf)),
            index: OnceLock::new(),
        });
    }

    /// Adds a module's raw BTF (`/sys/kernel/btf/<name>` or
    /// `BPF_BTF_GET_FD_BY_ID` + `BPF_OBJ_GET_INFO_BY_FD`), parsed only when
    /// a lookup first misses vmlinux. A module that fails to parse is
    /// skipped; [`CoreTarget::module_error`] tells why.
    pub fn add_module_lazy(&mut self, name: String, raw: Vec<u8>) {
        self.modules.push(Module {
            name,
            raw: ModuleSource::Bytes(raw),
            btf: OnceLock::new(),
            index: OnceLock::new(),
        });
    }

    /// Like [`CoreTarget::add_module_lazy`], with the BTF in file `path`, read only
    /// when a lookup first misses vmlinux.
    pub fn add_module_file(&mut self, name: String, path: std::path::PathBuf) {
        self.modules.push(Module {
            name,
            raw: ModuleSource::File(path),
            btf: OnceLock::new(),
            index: OnceLock::new(),
        });
    }

    /// Module `n`'s BTF, parsing it now if it was added lazily.
    pub fn module(&self, n: usize) -> Option<&Arc<SplitBtf>> {
        let m = self.modules.get(n)?;
        m.btf
            .get_or_init(|| {
                let read;
                let raw: &[u8] = match &m.raw {
                    ModuleSource::Parsed => &[],
                    ModuleSource::Bytes(b) => b,
                    ModuleSource::File(path) => {
                        read = crate::sys::kernel_btf_file::KernelBtfFile::open(path)
                            .map_err(|e| format!("{}: {e}", path.display()))?;
                        read.as_ref()
                    }
                };
                parse_split(raw, &self.vmlinux)
                    .map(Arc::new)
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .ok()
    }

    /// Why module `n` could not be parsed (only known once it was needed).
    pub fn module_error(&self, n: usize) -> Option<&str> {
        match self.modules.get(n)?.btf.get()? {
            Err(e) => Some(e),
            Ok(_) => None,
        }
    }

    /// The vmlinux BTF.
    pub fn vmlinux(&self) -> &Arc<Btf> {
        &self.vmlinux
    }

    /// Name of module `n`, if any.
    pub fn module_name(&self, n: usize) -> Option<&str> {
        self.modules.get(n).map(|m| m.name.as_str())
    }

    /// The BTF a candidate refers to.
    pub fn view(&self, btf: TargetBtf) -> Option<&dyn BtfView> {
        match btf {
            TargetBtf::Vmlinux => Some(self.vmlinux.as_ref()),
            TargetBtf::Module(n) => self.module(n).map(|m| m.as_ref() as &dyn BtfView),
        }
    }

    /// Builds the vmlinux name index now (it is otherwise built on the first
    /// lookup); module indexes stay lazy.
    pub fn build_index(&self) {
        self.vmlinux_index
            .get_or_init(NameIndex::default)
            .build_all(self.vmlinux.as_ref());
    }

    /// Finds every (BTF kind, essential name) of `wanted` in vmlinux in one walk over its
    /// names, for the lookups an object is about to make (see `NameIndex::prefetch`).
    pub fn prefetch_vmlinux(&self, wanted: &[(u32, &str)]) {
        self.vmlinux_index
            .get_or_init(NameIndex::default)
            .prefetch(self.vmlinux.as_ref(), wanted);
    }

    /// Keeps what a walk over vmlinux's names found: `ids[i]` for `keys[i]` (from
    /// `lookup_keys`), answering later lookups of those names without a walk.
    pub(crate) fn record_vmlinux(&self, keys: &[(u32, &[u8])], ids: Vec<Vec<u32>>) {
        self.vmlinux_index
            .get_or_init(NameIndex::default)
            .record(keys, ids);
    }

    /// vmlinux types named exactly `name` of BTF kind `kind`, through the same name index
    /// CO-RE candidate search uses (attach targets, ksyms, kfuncs, struct_ops).
    pub fn find_vmlinux(&self, name: &str, kind: u32) -> Vec<u32> {
        let vm = self.vmlinux.as_ref();
        let index = self.vmlinux_index.get_or_init(NameIndex::default);
        index.exact(vm, name, kind)
    }

    /// Module `n`'s own types (not vmlinux's) named exactly `name` of BTF kind `kind`;
    /// empty if the module is unknown or its BTF does not parse.
    pub fn find_in_module(&self, n: usize, name: &str, kind: u32) -> Vec<u32> {
        let (Some(m), Some(view)) = (self.modules.get(n), self.module(n)) else {
            return Vec::new();
        };
        let view = view.as_ref();
        let index = m.index.get_or_init(NameIndex::default);
        index.exact(view, name, kind)
    }

    /// The position of the module called `name`, as [`TargetBtf::Module`] numbers it.
    pub fn module_position(&self, name: &str) -> Option<usize> {
        self.modules.iter().position(|m| m.name == name)
    }

    /// How many modules were added.
    pub fn module_count(&self) -> usize {
        self.modules.len()
    }

    /// Candidates for local type `local_id` (libbpf `bpf_core_find_cands`):
    /// same essential name, compatible kind; vmlinux first, modules only if
    /// vmlinux has none. Empty for anonymous or unknown local types.
    pub fn candidates(&self, local: &Btf, local_id: u32) -> Vec<Candidate> {
        let Some(t) = local.type_by_id(local_id) else {
            return Vec::new();
        };
        let name = local.str_at(t.name_off).unwrap_or("");
        if name.is_empty() {
            return Vec::new();
        }
        let (ess, k) = (essential_name(name), t.kind_num());
        let vm = self.vmlinux.as_ref();
        let index = self.vmlinux_index.get_or_init(NameIndex::default);
        let mut out: Vec<Candidate> = index
            .lookup(vm, ess, k)
            .into_iter()
            .map(|type_id| Candidate {
                btf: TargetBtf::Vmlinux,
                type_id,
            })
            .collect();
        if !out.is_empty() {
            return out;
        }
        for (n, m) in self.modules.iter().enumerate() {
            let Some(view) = self.module(n) else {
                continue;
            };
            let view = view.as_ref();
            let index = m.index.get_or_init(NameIndex::default);
            out.extend(
                index
                    .lookup(view, ess, k)
                    .into_iter()
                    .map(|type_id| Candidate {
                        btf: TargetBtf::Module(n),
                        type_id,
                    }),
            );
        }
        out
    }
}
