//! The extern table of a prepared object.

use std::collections::HashMap;
use std::os::fd::OwnedFd;

use super::kconfig_value::encode;
use crate::obj::btf::{kind, Btf};
use crate::obj::{ExternKind, ExternSpec, ObjectSpec};
use crate::prepare::kernel::{kallsyms_address, kernel_config, module_btf_fd, KernelSource};

/// How one extern is materialised in instructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// A value at `offset` in the `.kconfig` map.
    Kconfig {
        /// Byte offset in the map value.
        offset: u32,
    },
    /// A typed kernel variable: `ld_imm64` of `BPF_PSEUDO_BTF_ID`.
    KsymBtf {
        /// BTF id of the VAR in vmlinux or its module.
        btf_id: u32,
        /// Its module: an index into [`ExternTable::modules`] (`None`: vmlinux).
        module: Option<usize>,
    },
    /// A typeless kernel symbol: its address.
    KsymAddr(u64),
    /// A kfunc.
    Kfunc {
        /// BTF id of the FUNC in vmlinux or its module.
        btf_id: u32,
        /// Its module: an index into [`ExternTable::modules`] (`None`: vmlinux).
        module: Option<usize>,
    },
    /// A weak extern the kernel lacks: loads 0; a call to it is poisoned.
    WeakMissing,
    /// Cannot be resolved; programs using it fail with this reason.
    Missing(String),
}

/// Every extern of an object, resolved; plus the `.kconfig` map contents.
#[derive(Debug, Default)]
pub(crate) struct ExternTable {
    /// By extern name.
    pub by_name: HashMap<String, Resolved>,
    /// Contents of the `.kconfig` map, when the object has one.
    pub kconfig_image: Option<Vec<u8>>,
    /// BTF objects of the modules whose kfuncs or variables the object uses, opened
    /// once and kept for the object's lifetime. A module kfunc call names one by its
    /// `fd_array` index, which is its position here plus one (slot 0 means vmlinux).
    pub modules: Vec<(String, OwnedFd)>,
}

impl ExternTable {
    /// The position of module `name` in [`ExternTable::modules`], opening its BTF
    /// object on first use.
    fn module_slot(&mut self, name: &str) -> Result<usize, String> {
        if let Some(i) = self.modules.iter().position(|(n, _)| n == name) {
            return Ok(i);
        }
        let fd = module_btf_fd(name)?;
        self.modules.push((name.to_string(), fd));
        Ok(self.modules.len() - 1)
    }
}

/// Resolves `spec`'s externs; typed ksyms and kfuncs against `kernel`.
pub(crate) fn resolve_externs(spec: &ObjectSpec, kernel: &KernelSource) -> ExternTable {
    let mut table = ExternTable::default();
    let Some(btf) = spec.btf.as_ref() else {
        for e in &spec.externs {
            table.by_name.insert(
                e.name.clone(),
                Resolved::Missing("the object has no BTF".into()),
            );
        }
        return table;
    };
    if let Some((id, entries)) = btf.datasec_by_name(".kconfig") {
        let size = btf.type_by_id(id).map_or(0, |t| t.size()) as usize;
        let mut image = vec![0u8; size];
        for e in entries {
            let name = btf.name_of(e.type_id);
            let weak = spec.externs.iter().any(|x| x.name == name && x.weak);
            let res = kconfig_entry(btf, e.type_id, name, weak).and_then(|bytes| {
                let dst = image
                    .get_mut(e.offset as usize..e.offset as usize + bytes.len())
                    .ok_or_else(|| "value does not fit the .kconfig section".to_string())?;
                dst.copy_from_slice(&bytes);
                Ok(Resolved::Kconfig { offset: e.offset })
            });
            table
                .by_name
                .insert(name.to_string(), res.unwrap_or_else(Resolved::Missing));
        }
        table.kconfig_image = Some(image);
    }
    for e in spec
        .externs
        .iter()
        .filter(|e| e.kind != ExternKind::Kconfig)
    {
        let resolved = resolve_ksym(e, kernel, &mut table);
        table.by_name.insert(e.name.clone(), resolved);
    }
    table
}

/// The bytes of one `.kconfig` extern (zeroes for a weak extern the config lacks).
fn kconfig_entry(btf: &Btf, var: u32, name: &str, weak: bool) -> Result<Vec<u8>, String> {
    let ty = btf.type_by_id(var).map(|t| t.type_id()).ok_or("bad VAR")?;
    let size = btf.resolve_size(ty).map_err(|e| e.to_string())? as usize;
    let special = match name {
        "LINUX_KERNEL_VERSION" => {
            Some(crate::prepare::kernel::running_kernel_version().to_string())
        }
        "LINUX_HAS_BPF_COOKIE" => Some("y".to_string()),
        "LINUX_HAS_SYSCALL_WRAPPER" => {
            // The kernel's BTF has the wrapper's FUNC; kallsyms is read only without BTF.
            let wrappers = ["__x64_sys_bpf", "__arm64_sys_bpf", "__s390x_sys_bpf"];
            let wrapped = match crate::prepare::kernel::vmlinux() {
                Ok(k) => wrappers
                    .iter()
                    .any(|f| !k.find_anywhere(f, kind::FUNC).1.is_empty()),
                Err(_) => wrappers.iter().any(|f| kallsyms_address(f).is_some()),
            };
            Some(if wrapped { "y" } else { "n" }.to_string())
        }
        _ => None,
    };
    let raw = match special {
        Some(v) => v,
        None => match kernel_config().ok().and_then(|c| c.get(name)) {
            Some(v) => v.to_string(),
            None if weak => return Ok(vec![0; size]),
            None => return Err(format!("`{name}` is not in the kernel configuration")),
        },
    };
    encode(btf, ty, &raw).map_err(|e| format!("`{name}`: {e}"))
}

fn resolve_ksym(e: &ExternSpec, kernel: &KernelSource, table: &mut ExternTable) -> Resolved {
    let missing = |why: String| {
        if e.weak {
            Resolved::WeakMissing
        } else {
            Resolved::Missing(why)
        }
    };
    match e.kind {
        ExternKind::Ksym if !e.typed => match kallsyms_address(&e.name) {
            Some(a) => Resolved::KsymAddr(a),
            None => missing(format!(
                "kernel symbol `{}` not found in /proc/kallsyms",
                e.name
            )),
        },
        ExternKind::Ksym | ExternKind::Kfunc => {
            let k = match kernel.get() {
                Ok(k) => k,
                Err(why) => return missing(why),
            };
            let (want, what) = if e.kind == ExternKind::Kfunc {
                (kind::FUNC, "kfunc")
            } else {
                (kind::VAR, "kernel variable")
            };
            let (module, ids) = k.find_anywhere(&e.name, want);
            let Some(&btf_id) = ids.first() else {
                return missing(format!(
                    "{what} `{}` not found in vmlinux or module BTF",
                    e.name
                ));
            };
            let module = match module.map(|m| table.module_slot(m)).transpose() {
                Ok(m) => m,
                Err(why) => return missing(format!("{what} `{}`: {why}", e.name)),
            };
            if want == kind::FUNC {
                Resolved::Kfunc { btf_id, module }
            } else {
                Resolved::KsymBtf { btf_id, module }
            }
        }
        _ => missing(format!(
            "extern `{}` is neither in .kconfig nor .ksyms (if another object defines it, link them first: `bpfgen link`)",
            e.name
        )),
    }
}
