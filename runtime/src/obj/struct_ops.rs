//! struct_ops declarations: each VAR of a `.struct_ops` / `.struct_ops.link` DATASEC is a
//! struct of function pointers whose members point, via `.rel.struct_ops`, at programs.
//! Recorded here so a member program can be loaded with the kernel struct's BTF id and
//! the member's index (what the kernel checks), at any time.

use super::btf::{Btf, BtfKind};
use super::elf::ElfView;
use super::error::ParseError;

/// The kernel's value type of struct_ops struct `name` (what registration fills in):
/// `bpf_struct_ops_<name>`.
pub(crate) fn value_type_name(name: &str) -> String {
    format!("bpf_struct_ops_{name}")
}

/// One function-pointer member of a struct_ops variable that points at a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructOpsMember {
    /// The struct_ops variable (map) name.
    pub map: String,
    /// The struct's name, e.g. `tcp_congestion_ops`.
    pub struct_name: String,
    /// The member's name, e.g. `cong_avoid`.
    pub member: String,
    /// The program the member points at.
    pub program: String,
}

/// A struct_ops variable: the shadow data user space registers with the kernel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructOpsVar {
    /// Variable name (e.g. `bpfgen_ca`).
    pub name: String,
    /// Local BTF id of its struct type.
    pub type_id: u32,
    /// The struct's name (e.g. `tcp_congestion_ops`).
    pub struct_name: String,
    /// Registered through a `BPF_LINK_CREATE` link (`.struct_ops.link`).
    pub link: bool,
    /// Its initial bytes as laid out by the local struct.
    pub data: Vec<u8>,
}

/// Reads every struct_ops variable with its bytes.
pub(crate) fn collect_struct_ops_vars(elf: &ElfView<'_>, btf: Option<&Btf>) -> Vec<StructOpsVar> {
    let mut out = Vec::new();
    let Some(btf) = btf else { return out };
    for sec in elf
        .sections
        .iter()
        .filter(|s| is_struct_ops_section(&s.name))
    {
        let Some((_, vars)) = btf.datasec_by_name(&sec.name) else {
            continue;
        };
        for v in vars {
            let Some(var) = btf.type_by_id(v.type_id) else {
                continue;
            };
            let Ok((sid, _)) = btf.skip_mods_and_typedefs(var.type_id()) else {
                continue;
            };
            let range = v.offset as usize..(v.offset as usize).saturating_add(v.size as usize);
            out.push(StructOpsVar {
                name: btf.name_of(v.type_id).to_string(),
                type_id: sid,
                struct_name: btf.name_of(sid).to_string(),
                link: sec.name.trim_start_matches('?') == ".struct_ops.link",
                data: sec.data.get(range).unwrap_or_default().to_vec(),
            });
        }
    }
    out
}

/// Section names that hold struct_ops variables.
fn is_struct_ops_section(name: &str) -> bool {
    matches!(
        name.trim_start_matches('?'),
        ".struct_ops" | ".struct_ops.link"
    )
}

/// Collects every struct_ops member → program link of the object.
pub(crate) fn collect_struct_ops(
    elf: &ElfView<'_>,
    btf: Option<&Btf>,
) -> Result<Vec<StructOpsMember>, ParseError> {
    let mut out = Vec::new();
    for sec in elf
        .sections
        .iter()
        .filter(|s| is_struct_ops_section(&s.name))
    {
        let btf = btf.ok_or_else(|| ParseError::section(&sec.name, "struct_ops need BTF"))?;
        let Some((_, vars)) = btf.datasec_by_name(&sec.name) else {
            continue;
        };
        for (_, target, rels) in elf.relocations.iter().filter(|r| r.1 == sec.index) {
            let _ = target;
            for rel in rels {
                let sym = elf.symbols.get(rel.sym as usize).ok_or_else(|| {
                    ParseError::section(
                        &sec.name,
                        format!("relocation symbol {} out of range", rel.sym),
                    )
                })?;
                if sym.kind != object::elf::STT_FUNC {
                    continue;
                }
                let var = vars
                    .iter()
                    .find(|v| {
                        rel.offset >= u64::from(v.offset)
                            && rel.offset < u64::from(v.offset) + u64::from(v.size)
                    })
                    .ok_or_else(|| {
                        ParseError::section(
                            &sec.name,
                            format!("relocation at {} is in no variable", rel.offset),
                        )
                    })?;
                let member_off = rel.offset - u64::from(var.offset);
                out.push(member_at(btf, var.type_id, member_off, &sym.name)?);
            }
        }
    }
    Ok(out)
}

fn member_at(
    btf: &Btf,
    var_id: u32,
    byte_off: u64,
    program: &str,
) -> Result<StructOpsMember, ParseError> {
    let map = btf.name_of(var_id).to_string();
    let err = |r: String| ParseError::map(&map, r);
    let var = btf
        .type_by_id(var_id)
        .ok_or_else(|| err("bad VAR".into()))?;
    let (struct_id, st) = btf
        .skip_mods_and_typedefs(var.type_id())
        .map_err(|e| err(e.to_string()))?;
    let BtfKind::Struct(members) = &st.kind else {
        return Err(err("struct_ops variable is not a struct".into()));
    };
    let member = members
        .iter()
        .find(|m| {
            let (bits, _) = st.member_bits(m);
            u64::from(bits) == byte_off * 8
        })
        .ok_or_else(|| err(format!("no member at byte {byte_off}")))?;
    Ok(StructOpsMember {
        map: map.clone(),
        struct_name: btf.name_of(struct_id).to_string(),
        member: btf.str_at(member.name_off).unwrap_or("").to_string(),
        program: program.to_string(),
    })
}
