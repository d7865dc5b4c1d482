//! Prepare itself: the object-wide state every program refers to ([`Shared`]) and the
//! step that builds it and every program's template ([`prepare`]).

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd, RawFd};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use super::btf_load::load_btf;
use super::create_map::{create_map, use_replacement, MapContext};
use super::error::PrepareError;
use super::token::{resolve as resolve_token, BpfToken, TokenSource};
use crate::obj::btf::Btf;
use crate::obj::{DataKind, MapOrigin, ObjectSpec, ProgramSpec, SlotTarget};
use crate::prepare::externs::{resolve_externs, Resolved};
use crate::prepare::kernel::{wanted_kernel_names, KernelBtf, KernelSource};
use crate::prepare::map::Map;
use crate::prepare::template::{build_template, ProgramTemplate, TemplateError};
use std::collections::HashMap;

/// Options for [`PreparedObject::prepare_with`](crate::PreparedObject::prepare_with).
#[derive(Debug, Clone)]
pub struct PrepareOpts {
    /// Directory for maps pinned by name (default `/sys/fs/bpf`).
    pub pin_root: PathBuf,
    /// The kernel BTF that CO-RE relocations, typed ksyms, kfuncs, attach targets and
    /// struct_ops resolve against (libbpf's `btf_custom_path`). `None`: the running
    /// kernel's, `/sys/kernel/btf/vmlinux` plus its modules.
    pub kernel_btf: Option<Arc<KernelBtf>>,
    /// Maps replaced by one the caller owns (by name; cilium/ebpf's `MapReplacements`):
    /// the object uses that map instead of creating its own. It must match the
    /// definition (type, key and value size, max_entries, flags), as a reused pin must,
    /// and keeps its contents (no initial value is written, nothing is pinned). Add
    /// entries with [`PrepareOpts::with_map`].
    pub replace_maps: Vec<(String, Arc<OwnedFd>)>,
    /// The BPF token the object uses for its BTF, maps, programs and clones (default:
    /// found as libbpf finds one, see [`TokenSource::Discover`]).
    pub token: TokenSource,
}

impl Default for PrepareOpts {
    fn default() -> Self {
        PrepareOpts {
            pin_root: PathBuf::from("/sys/fs/bpf"),
            kernel_btf: None,
            replace_maps: Vec::new(),
            token: TokenSource::Discover,
        }
    }
}

impl PrepareOpts {
    /// Uses the caller's map `fd` in place of map `name` (see
    /// [`PrepareOpts::replace_maps`]). The fd is duplicated: the caller keeps its own.
    pub fn with_map(mut self, name: &str, fd: impl AsFd) -> std::io::Result<Self> {
        let own = fd.as_fd().try_clone_to_owned()?;
        self.replace_maps.retain(|(n, _)| n != name);
        self.replace_maps.push((name.to_string(), Arc::new(own)));
        Ok(self)
    }
}

/// Object-wide state every program of the object refers to when it is loaded.
pub(crate) struct Shared {
    pub name: String,
    pub license: std::ffi::CString,
    pub kern_version: Option<u32>,
    /// The object as parsed: what program templates are built from, on first use.
    pub source: ObjectSpec,
    /// CO-RE candidates found so far, shared by the object's template builds.
    pub core_candidates: std::sync::Mutex<crate::prepare::co_re::CandidateCache>,
    pub btf_fd: Option<OwnedFd>,
    pub maps: Vec<Map>,
    /// The kernel BTF this object resolves against.
    pub kernel: KernelSource,
    /// How each extern resolved on this kernel.
    pub externs: HashMap<String, Resolved>,
    /// BTF objects of the modules the externs resolved into (see `ExternTable::modules`).
    pub module_btfs: Vec<(String, OwnedFd)>,
    /// `fd_array` for module kfunc calls: slot 0 unused, then `module_btfs` in order.
    /// Empty when no kfunc lives in a module.
    pub fd_array: Vec<RawFd>,
    /// The BPF token the object's maps and programs were made with.
    pub token: Option<BpfToken>,
    /// struct_ops variables and their member → program links, for registration.
    pub struct_ops: (
        Vec<crate::obj::StructOpsVar>,
        Vec<crate::obj::StructOpsMember>,
    ),
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("name", &self.name)
            .field("btf_fd", &self.btf_fd)
            .field(
                "maps",
                &self.maps.iter().map(|m| m.name()).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

/// The `fd_array` module kfunc calls index into (empty without modules).
fn fd_array_of(modules: &[(String, OwnedFd)]) -> Vec<RawFd> {
    if modules.is_empty() {
        return Vec::new();
    }
    std::iter::once(0)
        .chain(modules.iter().map(|(_, fd)| fd.as_raw_fd()))
        .collect()
}

impl Shared {
    pub fn btf_fd(&self) -> Option<BorrowedFd<'_>> {
        self.btf_fd.as_ref().map(|f| f.as_fd())
    }

    /// The object's BTF, if it has any.
    pub fn btf(&self) -> Option<&Btf> {
        self.source.btf.as_ref()
    }

    /// Builds the template of `prog` (one of this object's programs): links its
    /// functions and applies its CO-RE relocations against the kernel.
    pub fn build_template(&self, prog: &ProgramSpec) -> Result<ProgramTemplate, TemplateError> {
        super::core_apply::apply_core(
            &self.source,
            &self.kernel,
            &self.core_candidates,
            prog,
            build_template(&self.source, prog),
        )
    }
}

/// One program as prepare leaves it: its blueprint, its template (or why building it
/// failed) and the prog-array slots that declare it.
#[derive(Debug)]
pub(crate) struct PreparedProgram {
    /// Its position in the object's programs (`Shared::source.programs`).
    pub index: usize,
    /// Built on first load or clone ([`Shared::build_template`]): preparing an object of
    /// many programs and loading a few links only those few.
    pub template: OnceLock<Result<ProgramTemplate, TemplateError>>,
    /// Prog-array slots (map index, slot) that declaratively point at this program.
    pub slots: Vec<(usize, u32)>,
}

/// What prepare produces: the object-wide state and every program's template. The load
/// layer wraps it into the [`PreparedObject`](crate::PreparedObject) users hold.
#[derive(Debug)]
pub(crate) struct Prepared {
    pub shared: Arc<Shared>,
    pub programs: Vec<PreparedProgram>,
    /// Why the object's BTF could not be loaded, if it could not.
    pub btf_warning: Option<String>,
    pub prepare_time: Duration,
}

/// Prepares `spec`: loads BTF, creates every map (reusing compatible pinned maps), and
/// builds every program's template, whether or not it is autoloaded.
pub(crate) fn prepare(spec: ObjectSpec, opts: &PrepareOpts) -> Result<Prepared, PrepareError> {
    let started = Instant::now();
    if spec.big_endian != cfg!(target_endian = "big") {
        return Err(if spec.big_endian {
            PrepareError::ForeignEndian
        } else {
            PrepareError::ForeignEndianLittle
        });
    }
    let token = resolve_token(&opts.token)?;
    let token_fd = token.as_ref().map(|t| t.as_fd());
    let (btf_fd, btf_warning) = match &spec.btf {
        Some(btf) => match load_btf(btf, token_fd) {
            Ok(fd) => (Some(fd), None),
            Err(w) => (None, Some(w)),
        },
        None => (None, None),
    };
    let kernel = KernelSource::new(opts.kernel_btf.clone()).wanting(wanted_kernel_names(&spec));
    let externs = resolve_externs(&spec, &kernel);
    let cx = MapContext {
        object_name: &spec.name,
        btf_fd: btf_fd.as_ref().map(|f| f.as_fd()),
        pin_root: &opts.pin_root,
        token: token_fd,
    };
    if let Some((name, _)) = opts
        .replace_maps
        .iter()
        .find(|(name, _)| !spec.maps.iter().any(|m| &m.name == name))
    {
        return Err(PrepareError::Replacement {
            map: name.clone(),
            reason: "the object has no such map".into(),
        });
    }
    let maps = spec
        .maps
        .iter()
        .map(|m| {
            let mut m = m.clone();
            if let Some((_, fd)) = opts.replace_maps.iter().find(|(n, _)| *n == m.name) {
                return use_replacement(&cx, m, fd);
            }
            if m.origin == MapOrigin::Data(DataKind::Kconfig) {
                m.initial_value = externs.kconfig_image.clone();
            }
            create_map(&cx, m)
        })
        .collect::<Result<Vec<_>, _>>()?;
    fill_map_slots(&maps)?;
    let slots: Vec<_> = spec.programs.iter().map(|p| slots_of(&spec, p)).collect();
    let license = std::ffi::CString::new(spec.license.replace('\0', "")).unwrap_or_default();
    let shared = Arc::new(Shared {
        name: spec.name.clone(),
        license,
        kern_version: spec.kern_version,
        btf_fd,
        maps,
        kernel,
        fd_array: fd_array_of(&externs.modules),
        externs: externs.by_name,
        module_btfs: externs.modules,
        struct_ops: (spec.struct_ops_vars.clone(), spec.struct_ops.clone()),
        source: spec,
        core_candidates: Default::default(),
        token,
    });
    let programs = slots
        .into_iter()
        .enumerate()
        .map(|(index, slots)| PreparedProgram {
            index,
            template: OnceLock::new(),
            slots,
        })
        .collect();
    Ok(Prepared {
        shared,
        programs,
        btf_warning,
        prepare_time: started.elapsed(),
    })
}

/// Puts declared inner maps into their map-in-map slots (`.values = { [i] = &inner }`).
fn fill_map_slots(maps: &[Map]) -> Result<(), PrepareError> {
    for outer in maps {
        for slot in &outer.spec().init_slots {
            let SlotTarget::Map(target) = &slot.target else {
                continue;
            };
            let inner =
                maps.iter()
                    .find(|m| m.name() == target)
                    .ok_or_else(|| PrepareError::BadMap {
                        map: outer.name().to_string(),
                        reason: format!("slot {} refers to unknown map `{target}`", slot.index),
                    })?;
            let fd = std::os::fd::AsRawFd::as_raw_fd(&inner.as_fd()) as u32;
            outer
                .access()
                .update(&slot.index.to_ne_bytes(), &fd.to_ne_bytes(), 0)
                .map_err(|source| PrepareError::InitMap {
                    map: outer.name().to_string(),
                    source,
                })?;
        }
    }
    Ok(())
}

/// The (map, slot) pairs of prog arrays that declaratively reference `prog`.
fn slots_of(spec: &ObjectSpec, prog: &ProgramSpec) -> Vec<(usize, u32)> {
    let mut out = Vec::new();
    for (i, m) in spec.maps.iter().enumerate() {
        for s in &m.init_slots {
            if s.target == SlotTarget::Program(prog.name.clone()) {
                out.push((i, s.index));
            }
        }
    }
    out
}
