//! vmlinux BTF: read from `/sys/kernel/btf/vmlinux` once per process. One name index
//! serves exact lookups (attach targets, ksyms, kfuncs) and CO-RE candidate search.

use std::sync::{Arc, OnceLock};

use crate::core::CoreTarget;
use crate::obj::btf::Btf;

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

    /// The parsed vmlinux BTF.
    pub fn btf(&self) -> &Arc<Btf> {
        self.target.vmlinux()
    }

    /// Ids of the vmlinux types named `name` of BTF kind `kind`.
    pub fn find(&self, name: &str, kind: u32) -> Vec<u32> {
        self.target.find_vmlinux(name, kind)
    }

    /// The CO-RE target for the running kernel (vmlinux, then module BTFs).
    pub fn core(&self) -> &CoreTarget {
        &self.target
    }
}

/// vmlinux BTF, parsed on first use; the error says why it is unavailable.
pub fn vmlinux() -> Result<Arc<KernelBtf>, String> {
    static VMLINUX: OnceLock<Result<Arc<KernelBtf>, String>> = OnceLock::new();
    VMLINUX
        .get_or_init(|| {
            let data = std::fs::read(VMLINUX_PATH).map_err(|e| format!("{VMLINUX_PATH}: {e}"))?;
            let btf = Btf::parse(&data).map_err(|e| format!("{VMLINUX_PATH}: {e}"))?;
            let mut k = KernelBtf::new(Arc::new(btf));
            // Module BTFs are parsed only if a relocation finds no candidate in vmlinux.
            for (name, raw) in module_btfs() {
                k.target.add_module_lazy(name, raw);
            }
            Ok(Arc::new(k))
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
