//! `bpfgen link`: a static linker for BPF objects in pure Rust (libbpf's `bpf_linker`,
//! `bpftool gen object`). Sections of one name are concatenated; global symbols resolve
//! across objects (one strong definition, weak ones yield, externs take the definition);
//! relocations follow their sections; BTF is merged, externs checked against their
//! definitions and deduplicated; `.BTF.ext` moves with its sections. DWARF is dropped,
//! as libbpf's linker drops it.

mod btf_merge;
mod dedup;
mod elf_out;
mod ext;
mod layout;
mod strings;
mod symbols;

use std::collections::HashMap;
use std::path::Path;

use bpfgen_runtime::obj::btf::{Btf, BtfExt};
use bpfgen_runtime::obj::elf::ElfView;
use object::elf::STT_SECTION;

use btf_merge::{merge, InputBtf};
use elf_out::{write, Image, OutRel};
use layout::Layout;
use symbols::Symbols;

/// Why linking failed.
#[derive(Debug, thiserror::Error)]
pub enum LinkError {
    /// An input could not be read or is not a linkable BPF object.
    #[error("{file}: {reason}")]
    Input {
        /// The input, as named by the caller.
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// Two definitions of a global symbol conflict, or an extern's type does not match
    /// its definition.
    #[error("symbol `{symbol}`: {reason}")]
    Conflict {
        /// The symbol.
        symbol: String,
        /// How.
        reason: String,
    },
}

impl LinkError {
    fn input(file: &str, reason: impl Into<String>) -> LinkError {
        LinkError::Input {
            file: file.to_string(),
            reason: reason.into(),
        }
    }
}

/// `BPF_JMP | BPF_CALL`.
const CALL: u8 = 0x85;

/// Links `inputs` (a name for messages, and the object's bytes) into one object.
pub fn link(inputs: &[(&str, &[u8])]) -> Result<Vec<u8>, LinkError> {
    if inputs.is_empty() {
        return Err(LinkError::input("bpfgen link", "no input objects"));
    }
    // The ELF reader wants 8-byte aligned bytes.
    let mut copies: Vec<Vec<u64>> = inputs
        .iter()
        .map(|(_, bytes)| bpfgen_runtime::pod::aligned_copy(bytes))
        .collect();
    let mut views = Vec::new();
    let mut btfs = Vec::new();
    for ((file, bytes), words) in inputs.iter().zip(copies.iter_mut()) {
        let data: &[u8] = &bpfgen_runtime::pod::slice_bytes_mut(words)[..bytes.len()];
        let elf = ElfView::parse(data).map_err(|e| LinkError::input(file, e.to_string()))?;
        if elf.big_endian {
            return Err(LinkError::input(
                file,
                "big-endian objects are not supported",
            ));
        }
        let btf_sec = elf
            .section_by_name(".BTF")
            .ok_or_else(|| LinkError::input(file, "no .BTF section (compile with -g)"))?;
        let btf = Btf::parse(btf_sec.data).map_err(|e| LinkError::input(file, e.to_string()))?;
        let ext = match elf.section_by_name(".BTF.ext") {
            Some(s) => Some(
                BtfExt::parse(s.data, &btf).map_err(|e| LinkError::input(file, e.to_string()))?,
            ),
            None => None,
        };
        views.push(elf);
        btfs.push((btf, ext));
    }
    let mut layout = Layout::default();
    for (n, (elf, (file, _))) in views.iter().zip(inputs).enumerate() {
        layout.add(n, file, elf)?;
    }
    let mut symbols = Symbols::default();
    for (n, (elf, (file, _))) in views.iter().zip(inputs).enumerate() {
        symbols.add(n, file, elf, &layout)?;
    }
    let relocations = relocate(&views, inputs, &mut layout, &symbols)?;
    let section_offsets: Vec<HashMap<String, u64>> = views
        .iter()
        .enumerate()
        .map(|(n, elf)| {
            elf.sections
                .iter()
                .filter_map(|s| {
                    layout
                        .placed
                        .get(&(n, s.index))
                        .map(|(_, off)| (s.name.clone(), *off))
                })
                .collect()
        })
        .collect();
    let btf_inputs: Vec<InputBtf<'_>> = inputs
        .iter()
        .zip(&btfs)
        .zip(&section_offsets)
        .zip(&views)
        .map(|((((file, _), (btf, _)), offsets), elf)| InputBtf {
            file,
            btf,
            section_offsets: offsets,
            symbol_offsets: elf
                .symbols
                .iter()
                .filter(|s| s.shndx != 0 && !s.name.is_empty())
                .filter_map(|s| {
                    let sec = elf.section(usize::from(s.shndx))?;
                    Some(((sec.name.clone(), s.name.clone()), s.value))
                })
                .collect(),
        })
        .collect();
    let mut merged = merge(&btf_inputs, &layout, &symbols.definitions())?;
    let mut ext_sections = Vec::new();
    for (n, (btf, ext)) in btfs.iter().enumerate() {
        if let Some(ext) = ext {
            ext::merge_into(
                &mut ext_sections,
                ext,
                btf,
                &merged.id_map[n],
                &mut merged.strings,
                |name| section_offsets[n].get(name).copied(),
            );
        }
    }
    let btf_ext =
        (!ext_sections.is_empty()).then(|| ext::serialize(&ext_sections, &mut merged.strings));
    let btf = merged.finish().to_bytes();
    Ok(write(&Image {
        sections: &layout.sections,
        relocations: &relocations,
        btf,
        btf_ext,
        locals: &symbols.locals,
        globals: &symbols.globals,
    }))
}

/// Moves every relocation to its output section and symbol. A relocation against a
/// section symbol in code carries its target's offset in the instruction, which moves
/// by where the target's section landed (libbpf's rule); in data it is refused.
fn relocate(
    views: &[ElfView<'_>],
    inputs: &[(&str, &[u8])],
    layout: &mut Layout,
    symbols: &Symbols,
) -> Result<Vec<Vec<OutRel>>, LinkError> {
    let mut out: Vec<Vec<OutRel>> = vec![Vec::new(); layout.sections.len()];
    for (n, elf) in views.iter().enumerate() {
        let file = inputs[n].0;
        for (_, target, entries) in &elf.relocations {
            let Some(&(out_sec, base)) = layout.placed.get(&(n, *target)) else {
                continue; // relocations of .BTF, .BTF.ext or DWARF: rebuilt or dropped
            };
            let exec = layout.sections[out_sec].is_exec();
            for rel in entries {
                let Some(sym) = elf.symbols.get(rel.sym as usize) else {
                    return Err(LinkError::input(
                        file,
                        format!(
                            "relocation against symbol #{}, past the symbol table",
                            rel.sym
                        ),
                    ));
                };
                let Some(r) = symbols.lookup(n, sym.index) else {
                    return Err(LinkError::input(
                        file,
                        format!(
                            "relocation against symbol #{} in a section that is not linked",
                            sym.index
                        ),
                    ));
                };
                let offset = base + rel.offset;
                if sym.kind == STT_SECTION {
                    if !exec {
                        return Err(LinkError::input(
                            file,
                            format!(
                                "relocation against a section symbol in data section `{}` is not supported",
                                layout.sections[out_sec].name
                            ),
                        ));
                    }
                    let shift = layout
                        .placed
                        .get(&(n, usize::from(sym.shndx)))
                        .map_or(0, |(_, off)| *off);
                    let section = &mut layout.sections[out_sec];
                    let insn = section
                        .data
                        .get_mut(offset as usize..(offset as usize).saturating_add(8))
                        .ok_or_else(|| {
                            LinkError::input(
                                file,
                                format!(
                                    "relocation at offset {offset} is outside section `{}`",
                                    section.name
                                ),
                            )
                        })?;
                    let imm = i32::from_le_bytes([insn[4], insn[5], insn[6], insn[7]]);
                    let add = if insn[0] == CALL { shift / 8 } else { shift };
                    insn[4..8].copy_from_slice(&(imm.wrapping_add(add as i32)).to_le_bytes());
                }
                out[out_sec].push(OutRel {
                    offset,
                    symbol: symbols.index(r),
                    rtype: rel.rtype,
                });
            }
        }
    }
    Ok(out)
}

/// Links the object files `paths` into `output`.
pub fn link_files(paths: &[&Path], output: &Path) -> Result<(), LinkError> {
    let mut inputs = Vec::new();
    for p in paths {
        let bytes = std::fs::read(p)
            .map_err(|e| LinkError::input(&p.display().to_string(), e.to_string()))?;
        inputs.push((p.display().to_string(), bytes));
    }
    let refs: Vec<(&str, &[u8])> = inputs
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let linked = link(&refs)?;
    std::fs::write(output, linked)
        .map_err(|e| LinkError::input(&output.display().to_string(), e.to_string()))
}
