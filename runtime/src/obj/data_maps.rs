//! Global-data sections (`.data*`, `.rodata*`, `.bss*`) become one-element array maps.

use super::btf::{Btf, BtfKind};
use super::elf::ElfSection;
use super::maps::{DataKind, MapOrigin, MapSpec};
use crate::abi::MapType;

/// `BPF_F_RDONLY_PROG`.
const F_RDONLY_PROG: u32 = 1 << 7;
/// `BPF_F_MMAPABLE`.
const F_MMAPABLE: u32 = 1 << 10;
/// Kernel object name length including the NUL.
const OBJ_NAME_LEN: usize = 16;

/// Classifies a section as global data, libbpf's way.
pub(crate) fn data_kind(sec: &ElfSection<'_>) -> Option<DataKind> {
    let is = |base: &str| sec.name == base || sec.name.starts_with(&format!("{base}."));
    let exec = sec.flags & u64::from(object::elf::SHF_EXECINSTR) != 0;
    match sec.sh_type {
        object::elf::SHT_PROGBITS if !exec && is(".data") => Some(DataKind::Data),
        object::elf::SHT_PROGBITS if !exec && is(".rodata") => Some(DataKind::Rodata),
        object::elf::SHT_NOBITS if is(".bss") => Some(DataKind::Bss),
        _ => None,
    }
}

/// Builds the map for one data section.
pub(crate) fn data_map(sec: &ElfSection<'_>, kind: DataKind, btf: Option<&Btf>) -> MapSpec {
    let mut m = MapSpec::basic(&sec.name, MapOrigin::Data(kind), sec.index);
    m.map_type = MapType::Array;
    m.key_size = 4;
    m.value_size = u32::try_from(sec.size).unwrap_or(u32::MAX);
    m.max_entries = 1;
    m.section_size = sec.size;
    if kind == DataKind::Rodata {
        m.map_flags |= F_RDONLY_PROG;
    }
    if let Some((id, _)) = btf.and_then(|b| b.datasec_by_name(&sec.name)) {
        m.value_type_id = id;
        if btf.is_some_and(|b| has_global_var(b, id)) {
            m.map_flags |= F_MMAPABLE;
        }
    }
    if kind != DataKind::Bss {
        m.initial_value = Some(sec.data.to_vec());
    }
    m
}

/// The `.kconfig` map, when the object has `.kconfig` externs. It has no ELF section; its
/// contents are computed from the running kernel's configuration at prepare.
pub(crate) fn kconfig_map(btf: &Btf) -> Option<MapSpec> {
    let (id, _) = btf.datasec_by_name(".kconfig")?;
    let size = btf.type_by_id(id)?.size();
    if size == 0 {
        return None;
    }
    let mut m = MapSpec::basic(".kconfig", MapOrigin::Data(DataKind::Kconfig), usize::MAX);
    m.map_type = MapType::Array;
    m.key_size = 4;
    m.value_size = size;
    m.max_entries = 1;
    m.map_flags = F_RDONLY_PROG | F_MMAPABLE;
    m.value_type_id = id;
    m.section_size = u64::from(size);
    Some(m)
}

/// libbpf's `map_is_mmapable`: a data map is mmapable when its DATASEC has a non-static var.
fn has_global_var(btf: &Btf, datasec: u32) -> bool {
    let Some(BtfKind::Datasec(entries)) = btf.type_by_id(datasec).map(|t| &t.kind) else {
        return false;
    };
    entries.iter().any(|e| {
        matches!(btf.type_by_id(e.type_id).map(|t| &t.kind), Some(BtfKind::Var { linkage }) if *linkage != 0)
    })
}

/// The kernel-visible name of a data map, following libbpf's `internal_map_name`:
/// `<first chars of object name><section>` for `.data`/`.rodata`/`.bss`/`.kconfig`,
/// the section name alone (truncated to 15) for custom `.data.foo` style sections.
pub fn kernel_data_map_name(object_name: &str, section: &str) -> String {
    let max = OBJ_NAME_LEN - 1;
    let sfx_len = section.len().max(7).min(max);
    let custom = section.get(1..).is_some_and(|rest| rest.contains('.'));
    let pfx_len = if custom {
        0
    } else {
        (OBJ_NAME_LEN - sfx_len - 1).min(object_name.len())
    };
    let prefix: String = object_name.chars().take(pfx_len).collect();
    let suffix: String = section.chars().take(sfx_len).collect();
    let name: String = format!("{prefix}{suffix}")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    name.chars().take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::kernel_data_map_name;

    #[test]
    fn data_map_names_follow_libbpf() {
        assert_eq!(
            kernel_data_map_name("my_object_name", ".rodata"),
            "my_objec.rodata"
        );
        assert_eq!(
            kernel_data_map_name("my_object_name", ".bss"),
            "my_objec.bss"
        );
        assert_eq!(
            kernel_data_map_name("my_object_name", ".kconfig"),
            "my_obje.kconfig"
        );
        assert_eq!(
            kernel_data_map_name("x", ".rodata.abracadabra"),
            ".rodata.abracad"
        );
        assert_eq!(kernel_data_map_name("many-progs", ".data"), "many_pro.data");
    }
}
