//! vmlinux BTF: mapped from `/sys/kernel/btf/vmlinux` once per process and read in
//! place (`Btf::parse_shared`: a type is decoded when first used). One name index
//! serves exact lookups (attach targets, ksyms, kfuncs) and CO-RE candidate search.

use std::os::fd::{AsFd, OwnedFd};
use std::sync::{Arc, OnceLock};

use std::path::{Path, PathBuf};

use crate::obj::btf::{Btf, SharedBytes};
use crate::prepare::co_re::{lookup_keys, CoreTarget, NameMatcher};
use crate::sys;
use crate::sys::kernel_btf_file::KernelBtfFile;

/// Where the kernel exposes its BTF.
const VMLINUX_PATH: &str = "/sys/kernel/btf/vmlinux";

/// The kernel's BTF, its name index, and the module BTFs CO-RE may search.
#[derive(Debug)]
pub struct KernelBtf {
    target: CoreTarget,
}

impl KernelBtf {
    /// Wraps `btf` (module BTFs are added by [`vmlinux`]).
    pub fn new(btf: Arc<Btf>) -> KernelBtf {
        KernelBtf {
            target: CoreTarget::new(btf),
        }
    }

    /// Wraps a CO-RE target that already holds its modules.
    pub fn from_target(target: CoreTarget) -> KernelBtf {
        KernelBtf { target }
    }

    /// The parsed vmlinux BTF.
    pub fn btf(&self) -> &Arc<Btf> {
        self.target.vmlinux()
    }

    /// Ids of the vmlinux types named `name` of BTF kind `kind`.
    pub fn find(&self, name: &str, kind: u32) -> Vec<u32> {
        self.target.find_vmlinux(name, kind)
    }

    /// Types named `name` of BTF kind `kind`, searched like libbpf: vmlinux first and,
    /// when it has none, the module BTFs in name order up to the first that has one.
    /// Returns that module's name (`None`: vmlinux) and the ids.
    pub fn find_anywhere(&self, name: &str, kind: u32) -> (Option<&str>, Vec<u32>) {
        let ids = self.find(name, kind);
        if !ids.is_empty() {
            return (None, ids);
        }
        let t = &self.target;
        (0..t.module_count())
            .map(|n| (t.module_name(n), t.find_in_module(n, name, kind)))
            .find(|(_, ids)| !ids.is_empty())
            .unwrap_or((None, Vec::new()))
    }

    /// Types named `name` of `kind` in module `module` alone (a `module:name` target);
    /// `None` when no such module is loaded.
    pub fn find_in_module(&self, module: &str, name: &str, kind: u32) -> Option<Vec<u32>> {
        let n = self.target.module_position(module)?;
        Some(self.target.find_in_module(n, name, kind))
    }

    /// The CO-RE target for the running kernel (vmlinux, then module BTFs).
    pub fn core(&self) -> &CoreTarget {
        &self.target
    }
}

/// The kernel BTF an object resolves against: the caller's, or the running kernel's,
/// parsed on first use (an object that needs no kernel types never parses vmlinux).
#[derive(Debug, Clone, Default)]
pub struct KernelSource {
    custom: Option<Arc<KernelBtf>>,
    /// The names the object will look up, found together on its first lookup.
    wanted: Arc<Wanted>,
}

/// Kernel type names an object will look up, and whether they were looked up yet.
#[derive(Debug, Default)]
struct Wanted {
    names: Vec<(u32, String)>,
    prefetched: OnceLock<()>,
}

impl KernelSource {
    /// `Some`: this BTF; `None`: the running kernel's.
    pub fn new(custom: Option<Arc<KernelBtf>>) -> KernelSource {
        KernelSource {
            custom,
            wanted: Arc::default(),
        }
    }

    /// The same source, finding `names` ((BTF kind, essential name), see
    /// `wanted_kernel_names`) in one walk over vmlinux's names on the first lookup.
    pub(crate) fn wanting(self, names: Vec<(u32, String)>) -> KernelSource {
        KernelSource {
            custom: self.custom,
            wanted: Arc::new(Wanted {
                names,
                prefetched: OnceLock::new(),
            }),
        }
    }

    /// The kernel BTF, or why there is none.
    pub fn get(&self) -> Result<Arc<KernelBtf>, String> {
        let w = &self.wanted;
        let names: Vec<(u32, &str)> = match w.prefetched.get() {
            Some(()) => Vec::new(),
            None => w.names.iter().map(|(k, n)| (*k, n.as_str())).collect(),
        };
        let k = match &self.custom {
            Some(k) => Arc::clone(k),
            None => vmlinux_finding(&names)?,
        };
        if !names.is_empty() {
            // Names the parse above did not find (vmlinux was parsed before) are found
            // now, in one walk.
            w.prefetched
                .get_or_init(|| k.core().prefetch_vmlinux(&names));
        }
        Ok(k)
    }
}

/// vmlinux BTF, parsed on first use; the error says why it is unavailable.
pub fn vmlinux() -> Result<Arc<KernelBtf>, String> {
    vmlinux_finding(&[])
}

/// [`vmlinux`]. If this call is the one that parses it, the walk that indexes its types
/// also finds `wanted` ((BTF kind, essential name)): the first object's name lookups
/// cost no walk of their own.
fn vmlinux_finding(wanted: &[(u32, &str)]) -> Result<Arc<KernelBtf>, String> {
    static VMLINUX: OnceLock<Result<Arc<KernelBtf>, String>> = OnceLock::new();
    VMLINUX
        .get_or_init(|| {
            let path = Path::new(VMLINUX_PATH);
            let file = KernelBtfFile::open(path).map_err(|e| format!("{VMLINUX_PATH}: {e}"))?;
            let keys = lookup_keys(wanted);
            let matcher = NameMatcher::new(&keys);
            let mut found = vec![Vec::new(); keys.len()];
            let btf = Btf::parse_shared_visiting(
                SharedBytes::new(Arc::new(file)),
                |strings, id, name_off, kind| {
                    matcher.visit(strings, id, name_off, kind, &mut found);
                },
            )
            .map_err(|e| format!("{VMLINUX_PATH}: {e}"))?;
            let mut k = KernelBtf::new(Arc::new(btf));
            k.target.record_vmlinux(&keys, found);
            // Module BTFs are read and parsed only if a lookup finds nothing in vmlinux.
            for (name, path) in module_btf_files() {
                k.target.add_module_file(name, path);
            }
            Ok(Arc::new(k))
        })
        .clone()
}

/// The split BTF file of every loaded module (`/sys/kernel/btf/<module>`), sorted by
/// name.
fn module_btf_files() -> Vec<(String, PathBuf)> {
    let Ok(dir) = std::fs::read_dir("/sys/kernel/btf") else {
        return Vec::new();
    };
    let mut out: Vec<(String, PathBuf)> = dir
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name != "vmlinux").then(|| (name, e.path()))
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// Opens the kernel BTF object of module `name` (what a module kfunc's `fd_array` slot,
/// a module variable's `ld_imm64` and a module `attach_btf_obj_fd` refer to).
pub fn module_btf_fd(name: &str) -> Result<OwnedFd, String> {
    let mut id = 0;
    while let Some(next) = sys::btf_get_next_id(id).map_err(|e| e.to_string())? {
        id = next;
        // A BTF object may go away between the two calls: skip it.
        let Ok(fd) = sys::btf_get_fd_by_id(id) else {
            continue;
        };
        if sys::btf_get_name(fd.as_fd()).is_ok_and(|(n, kernel)| kernel && n == name) {
            return Ok(fd);
        }
    }
    Err(format!("no kernel BTF object named `{name}` is loaded"))
}

#[cfg(test)]
mod tests {
    use super::module_btf_fd;
    use crate::sys::probe::require_bpf;

    #[test]
    fn kernel_btf_objects_open_by_name() {
        require_bpf!();
        // vmlinux is enumerated like a module; this kernel has no modules.
        assert!(module_btf_fd("vmlinux").is_ok());
        let err = module_btf_fd("bpfgen_no_such_module").expect_err("absent");
        assert!(err.contains("bpfgen_no_such_module"), "{err}");
    }
}
