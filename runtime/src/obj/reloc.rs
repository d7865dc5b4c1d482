//! Classifies the ELF relocations of code sections into [`RelocSpec`]s, as libbpf's
//! `bpf_program__record_reloc` does. A relocation the loader cannot honour becomes
//! `RelocSpec::Invalid`: it fails only the programs that contain it.

use crate::abi::MapType;
use std::collections::BTreeMap;

use super::elf::{ElfSymbol, ElfView};
use super::error::ParseError;
use super::insn::{Insn, INSN_SIZE, PSEUDO_CALL};
use super::maps::{MapOrigin, MapSpec};

/// What a relocated instruction refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RelocSpec {
    /// A bpf-to-bpf call into `.text`; `sym_off` is the symbol's byte offset.
    Call {
        /// Symbol value in bytes.
        sym_off: u64,
    },
    /// An `ld_imm64` of a `.text` function address (callbacks).
    SubprogAddr {
        /// Symbol value in bytes.
        sym_off: u64,
    },
    /// An `ld_imm64` of a map (fd).
    Map {
        /// Index into `ObjectSpec::maps`.
        map: usize,
    },
    /// An `ld_imm64` of an address inside a data map.
    MapValue {
        /// Index into `ObjectSpec::maps`.
        map: usize,
        /// Symbol value in bytes (added to the instruction's immediate).
        sym_off: u64,
    },
    /// A reference to an extern (kconfig, ksym, kfunc).
    Extern {
        /// Extern name.
        name: String,
        /// True for a kfunc call, false for an `ld_imm64`.
        call: bool,
    },
    /// A relocation the loader cannot apply; loading any program that contains it fails.
    Invalid(String),
}

/// Inputs needed to resolve relocation targets.
pub(crate) struct RelocContext<'a, 'e> {
    pub elf: &'a ElfView<'e>,
    pub text_section: Option<usize>,
    pub maps: &'a [MapSpec],
}

/// Collects the relocations that target code section `section` (decoded as `insns`).
pub(crate) fn collect_relocs(
    cx: &RelocContext<'_, '_>,
    section: usize,
    insns: &[Insn],
) -> Result<BTreeMap<usize, RelocSpec>, ParseError> {
    let mut out = BTreeMap::new();
    for (rel_sec, target, entries) in &cx.elf.relocations {
        if *target != section {
            continue;
        }
        let rel_name = cx.elf.section(*rel_sec).map_or("", |s| s.name.as_str());
        for (i, rel) in entries.iter().enumerate() {
            let bad = |reason: String| ParseError::Relocation {
                section: rel_name.to_string(),
                index: i,
                reason,
            };
            if rel.offset % INSN_SIZE as u64 != 0 {
                return Err(bad(format!(
                    "offset {} is not instruction-aligned",
                    rel.offset
                )));
            }
            let idx = usize::try_from(rel.offset / INSN_SIZE as u64).unwrap_or(usize::MAX);
            let insn = insns.get(idx).ok_or_else(|| {
                bad(format!(
                    "offset {} is past the end of the section",
                    rel.offset
                ))
            })?;
            let sym = cx
                .elf
                .symbols
                .get(rel.sym as usize)
                .ok_or_else(|| bad(format!("symbol index {} out of range", rel.sym)))?;
            if insn.is_ld_imm64() && insns.get(idx + 1).is_none() {
                return Err(bad("ld_imm64 is missing its second half".into()));
            }
            out.insert(idx, classify(cx, insn, sym));
        }
    }
    Ok(out)
}

fn classify(cx: &RelocContext<'_, '_>, insn: &Insn, sym: &ElfSymbol) -> RelocSpec {
    let sym_name = if sym.name.is_empty() {
        cx.elf
            .section(usize::from(sym.shndx))
            .map_or_else(|| format!("#{}", sym.index), |s| s.name.clone())
    } else {
        sym.name.clone()
    };
    if !insn.is_call() && !insn.is_ld_imm64() {
        return RelocSpec::Invalid(format!(
            "relocation against `{sym_name}` on instruction with opcode {:#x}",
            insn.code
        ));
    }
    if sym.shndx == object::elf::SHN_UNDEF {
        return RelocSpec::Extern {
            name: sym.name.clone(),
            call: insn.is_call(),
        };
    }
    let in_text = cx.text_section == Some(usize::from(sym.shndx));
    if insn.is_call() {
        if insn.src != PSEUDO_CALL {
            return RelocSpec::Invalid(format!(
                "call relocation against `{sym_name}` is not a bpf-to-bpf call"
            ));
        }
        if !in_text || sym.value % INSN_SIZE as u64 != 0 {
            return RelocSpec::Invalid(format!(
                "bad call relocation against `{sym_name}` (must target .text)"
            ));
        }
        return RelocSpec::Call { sym_off: sym.value };
    }
    if sym.shndx >= object::elf::SHN_LORESERVE {
        return RelocSpec::Invalid(format!(
            "relocation against `{sym_name}` in special section {:#x}; uninitialised global?",
            sym.shndx
        ));
    }
    if in_text && matches!(sym.kind, object::elf::STT_FUNC | object::elf::STT_SECTION) {
        if sym.value % INSN_SIZE as u64 != 0 || insn.imm % INSN_SIZE as i32 != 0 {
            return RelocSpec::Invalid(format!(
                "bad subprogram address relocation against `{sym_name}`"
            ));
        }
        return RelocSpec::SubprogAddr { sym_off: sym.value };
    }
    map_reloc(cx, sym, &sym_name)
}

/// The section that holds `__arena` globals.
pub(crate) const ARENA_SECTION: &str = ".addr_space.1";

fn map_reloc(cx: &RelocContext<'_, '_>, sym: &ElfSymbol, sym_name: &str) -> RelocSpec {
    let shndx = usize::from(sym.shndx);
    if cx
        .elf
        .section(shndx)
        .is_some_and(|s| s.name == ARENA_SECTION)
    {
        return match cx.maps.iter().position(|m| m.map_type == MapType::Arena) {
            Some(map) => RelocSpec::MapValue {
                map,
                sym_off: sym.value,
            },
            None => RelocSpec::Invalid(format!(
                "`{sym_name}` is an __arena global but the object declares no ARENA map"
            )),
        };
    }
    let found = cx.maps.iter().position(|m| {
        m.section_index == shndx
            && match m.origin {
                MapOrigin::Data(_) => true,
                MapOrigin::Btf | MapOrigin::Legacy => m.section_offset == sym.value,
            }
    });
    match found {
        Some(map) if cx.maps[map].is_data() => RelocSpec::MapValue {
            map,
            sym_off: sym.value,
        },
        Some(map) => RelocSpec::Map { map },
        None => {
            let sec = cx.elf.section(shndx).map_or("?", |s| s.name.as_str());
            RelocSpec::Invalid(format!(
                "relocation against `{sym_name}` in section `{sec}` (offset {}) matches no map",
                sym.value
            ))
        }
    }
}
