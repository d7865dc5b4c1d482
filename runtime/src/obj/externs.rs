//! Extern symbols (`extern ... __kconfig`, `__ksym`, kfunc declarations), recorded for the
//! loader; resolution against the running kernel happens at prepare time.

use super::btf::{Btf, BtfKind};
use super::elf::ElfView;

/// What an extern refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExternKind {
    /// A `.kconfig` value (`CONFIG_*`, `LINUX_KERNEL_VERSION`, ...).
    Kconfig,
    /// A kernel variable (`.ksyms`, typed or typeless).
    Ksym,
    /// A kernel function called from BPF (kfunc).
    Kfunc,
    /// An extern the object does not place in `.kconfig` / `.ksyms`.
    Unknown,
}

/// One extern symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExternSpec {
    /// Symbol name.
    pub name: String,
    /// What it refers to.
    pub kind: ExternKind,
    /// Declared `__weak`: resolves to zero when the kernel lacks it.
    pub weak: bool,
    /// BTF type id of its VAR/FUNC (0 when the object has no BTF for it).
    pub btf_id: u32,
    /// For ksyms: declared with a type (resolved to a BTF id in the kernel); a `void`
    /// ksym is typeless (resolved to an address from kallsyms).
    pub typed: bool,
}

/// Collects the object's externs: undefined GLOBAL/WEAK NOTYPE symbols.
pub(crate) fn collect_externs(elf: &ElfView<'_>, btf: Option<&Btf>) -> Vec<ExternSpec> {
    let mut out: Vec<ExternSpec> = elf
        .symbols
        .iter()
        .filter(|s| {
            s.shndx == object::elf::SHN_UNDEF
                && !s.name.is_empty()
                && matches!(s.bind, object::elf::STB_GLOBAL | object::elf::STB_WEAK)
                && s.kind == object::elf::STT_NOTYPE
        })
        .map(|s| {
            let (kind, btf_id) =
                btf.map_or((ExternKind::Unknown, 0), |b| classify_extern(b, &s.name));
            // `const void x __ksym` is typeless: its type chain ends in void.
            let typed = btf.is_some_and(|b| {
                b.type_by_id(btf_id).is_some_and(|t| {
                    matches!(t.kind, BtfKind::Var { .. })
                        && b.skip_mods_and_typedefs(t.type_id()).is_ok()
                })
            });
            ExternSpec {
                name: s.name.clone(),
                kind,
                weak: s.bind == object::elf::STB_WEAK,
                btf_id,
                typed,
            }
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

fn classify_extern(btf: &Btf, name: &str) -> (ExternKind, u32) {
    for sec in [".kconfig", ".ksyms"] {
        let Some((_, entries)) = btf.datasec_by_name(sec) else {
            continue;
        };
        for e in entries {
            if btf.name_of(e.type_id) != name {
                continue;
            }
            let kind = match (sec, btf.type_by_id(e.type_id).map(|t| &t.kind)) {
                (".kconfig", _) => ExternKind::Kconfig,
                (_, Some(BtfKind::Func)) => ExternKind::Kfunc,
                _ => ExternKind::Ksym,
            };
            return (kind, e.type_id);
        }
    }
    // kfuncs declared without a .ksyms DATASEC entry still have an extern FUNC.
    match btf.find_by_name_kind(name, super::btf::kind::FUNC) {
        Some(id) => (ExternKind::Kfunc, id),
        None => (ExternKind::Unknown, 0),
    }
}
