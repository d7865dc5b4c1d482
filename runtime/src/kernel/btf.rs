//! vmlinux BTF: read from `/sys/kernel/btf/vmlinux` once per process, with a name index.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use crate::obj::btf::Btf;

/// Where the kernel exposes its BTF.
const VMLINUX_PATH: &str = "/sys/kernel/btf/vmlinux";

/// The kernel's BTF plus an index from type name to ids.
#[derive(Debug)]
pub struct KernelBtf {
    btf: Arc<Btf>,
    by_name: HashMap<String, Vec<u32>>,
}

impl KernelBtf {
    /// Indexes `btf` by name.
    pub fn new(btf: Arc<Btf>) -> KernelBtf {
        let mut by_name: HashMap<String, Vec<u32>> = HashMap::new();
        for (id, _) in btf.iter_types() {
            let name = btf.name_of(id);
            if !name.is_empty() {
                by_name.entry(name.to_string()).or_default().push(id);
            }
        }
        KernelBtf { btf, by_name }
    }

    /// The parsed BTF.
    pub fn btf(&self) -> &Arc<Btf> {
        &self.btf
    }

    /// Ids of the types named `name` of BTF kind `kind`.
    pub fn find(&self, name: &str, kind: u32) -> Vec<u32> {
        self.by_name
            .get(name)
            .map(|ids| {
                ids.iter()
                    .copied()
                    .filter(|&id| {
                        self.btf
                            .type_by_id(id)
                            .is_some_and(|t| t.kind_num() == kind)
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// vmlinux BTF, parsed and indexed on first use; the error says why it is unavailable.
pub fn vmlinux() -> Result<Arc<KernelBtf>, String> {
    static VMLINUX: OnceLock<Result<Arc<KernelBtf>, String>> = OnceLock::new();
    VMLINUX
        .get_or_init(|| {
            let data = std::fs::read(VMLINUX_PATH).map_err(|e| format!("{VMLINUX_PATH}: {e}"))?;
            let btf = Btf::parse(&data).map_err(|e| format!("{VMLINUX_PATH}: {e}"))?;
            Ok(Arc::new(KernelBtf::new(Arc::new(btf))))
        })
        .clone()
}

/// The CO-RE target for the running kernel (vmlinux BTF, candidate index built lazily),
/// shared by every object in the process.
pub fn core_target() -> Result<Arc<crate::core::CoreTarget>, String> {
    static TARGET: OnceLock<Result<Arc<crate::core::CoreTarget>, String>> = OnceLock::new();
    TARGET
        .get_or_init(|| {
            let k = vmlinux()?;
            let mut target = crate::core::CoreTarget::new(Arc::clone(k.btf()));
            // Module BTFs are parsed only if a relocation finds no candidate in vmlinux.
            for (name, raw) in module_btfs() {
                target.add_module_lazy(name, raw);
            }
            Ok(Arc::new(target))
        })
        .clone()
}

/// Raw split BTF of every loaded module (`/sys/kernel/btf/<module>`), sorted by name.
fn module_btfs() -> Vec<(String, Vec<u8>)> {
    let Ok(dir) = std::fs::read_dir("/sys/kernel/btf") else {
        return Vec::new();
    };
    let mut out: Vec<(String, Vec<u8>)> = dir
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name != "vmlinux").then(|| std::fs::read(e.path()).ok().map(|raw| (name, raw)))?
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
