//! The inspection model, built from an [`ObjectSpec`].

use bpfgen_runtime::obj::btf::{Btf, BtfKind};
use bpfgen_runtime::obj::{ExternKind, MapSpec, ObjectSpec, Pinning};

/// One program row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramRow {
    /// Function name.
    pub name: String,
    /// SEC() name.
    pub section: String,
    /// Program kind (e.g. `xdp`, `tracepoint`; `unknown` for unknown sections).
    pub kind: String,
    /// Instructions of the function itself.
    pub insns: usize,
    /// Loaded by default.
    pub autoload: bool,
}

/// One map row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapRow {
    /// Map name.
    pub name: String,
    /// Map type name (`hash`, `array`, ...).
    pub map_type: String,
    /// Key type name (or `-`).
    pub key_type: String,
    /// Key size.
    pub key_size: u32,
    /// Value type name (or `-`).
    pub value_type: String,
    /// Value size.
    pub value_size: u32,
    /// Capacity.
    pub max_entries: u32,
    /// Pinning mode.
    pub pinning: String,
    /// The object carries initial contents (data sections, `.values` slots).
    pub has_initial_value: bool,
}

/// One global variable of a data section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalVar {
    /// Data section.
    pub section: String,
    /// Variable name.
    pub name: String,
    /// C type.
    pub type_name: String,
    /// Offset in the section.
    pub offset: u32,
    /// Size in bytes.
    pub size: u32,
    /// Static (not visible to a skeleton by default).
    pub is_static: bool,
}

/// Everything `bpfgen inspect` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inspection {
    /// File name as given.
    pub file: String,
    /// License string.
    pub license: String,
    /// Big-endian object.
    pub big_endian: bool,
    /// Number of BTF types, if the object has BTF.
    pub btf_types: Option<u32>,
    /// The object has `.BTF.ext`.
    pub has_btf_ext: bool,
    /// Programs.
    pub programs: Vec<ProgramRow>,
    /// Maps.
    pub maps: Vec<MapRow>,
    /// Global variables.
    pub globals: Vec<GlobalVar>,
    /// Externs as `(name, kind, weak)`.
    pub externs: Vec<(String, String, bool)>,
    /// Parser warnings, then hash-map keys with padding ([`crate::key_padding`]).
    pub warnings: Vec<String>,
}

/// Builds the inspection model of `spec`.
pub fn inspect(file: &str, spec: &ObjectSpec) -> Inspection {
    let btf = spec.btf.as_ref();
    Inspection {
        file: file.to_string(),
        license: spec.license.clone(),
        big_endian: spec.big_endian,
        btf_types: btf.map(|b| b.type_count().saturating_sub(1)),
        has_btf_ext: spec.btf_ext.is_some(),
        programs: spec
            .programs
            .iter()
            .map(|p| ProgramRow {
                name: p.name.clone(),
                section: p.section.clone(),
                kind: p.kind().name().to_string(),
                insns: p.insn_count(),
                autoload: p.autoload,
            })
            .collect(),
        maps: spec.maps.iter().map(|m| map_row(m, btf)).collect(),
        globals: globals(spec),
        externs: spec
            .externs
            .iter()
            .map(|e| (e.name.clone(), extern_kind(e.kind).to_string(), e.weak))
            .collect(),
        warnings: spec
            .warnings
            .iter()
            .cloned()
            .chain(crate::key_padding::warnings(spec))
            .collect(),
    }
}

fn extern_kind(k: ExternKind) -> &'static str {
    match k {
        ExternKind::Kconfig => "kconfig",
        ExternKind::Ksym => "ksym",
        ExternKind::Kfunc => "kfunc",
        _ => "unknown",
    }
}

fn type_name(btf: Option<&Btf>, id: u32) -> String {
    match btf {
        Some(b) if id != 0 => b.type_name(id),
        _ => "-".to_string(),
    }
}

fn map_row(m: &MapSpec, btf: Option<&Btf>) -> MapRow {
    let is_data = m.is_data();
    MapRow {
        name: m.name.clone(),
        map_type: m.map_type.to_string(),
        key_type: if is_data {
            "-".into()
        } else {
            type_name(btf, m.key_type_id)
        },
        key_size: m.key_size,
        value_type: if is_data {
            format!("datasec {}", m.name)
        } else {
            type_name(btf, m.value_type_id)
        },
        value_size: m.value_size,
        max_entries: m.max_entries,
        pinning: match m.pinning {
            Pinning::ByName => "by_name".into(),
            _ => "none".into(),
        },
        has_initial_value: m.initial_value.is_some() || !m.init_slots.is_empty(),
    }
}

fn globals(spec: &ObjectSpec) -> Vec<GlobalVar> {
    let Some(btf) = spec.btf.as_ref() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for m in spec.maps.iter().filter(|m| m.is_data()) {
        let Some((_, entries)) = btf.datasec_by_name(&m.name) else {
            continue;
        };
        for e in entries {
            let Some(var) = btf.type_by_id(e.type_id) else {
                continue;
            };
            let BtfKind::Var { linkage } = var.kind else {
                continue;
            };
            out.push(GlobalVar {
                section: m.name.clone(),
                name: btf.name_of(e.type_id).to_string(),
                type_name: btf.type_name(var.type_id()),
                offset: e.offset,
                size: e.size,
                is_static: linkage == 0,
            });
        }
    }
    out
}
