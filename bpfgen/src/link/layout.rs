//! Where every input section goes: sections of one name are concatenated, in input
//! order, each at its alignment (libbpf's linker rules).

use std::collections::{HashMap, HashSet};

use bpfgen_runtime::obj::elf::{ElfSection, ElfView};
use object::elf::{SHF_EXECINSTR, SHT_NOBITS, SHT_PROGBITS};

use super::LinkError;

/// The largest section alignment accepted (BPF objects use 1 to 8).
const MAX_ALIGN: u64 = 4096;

/// One output section.
#[derive(Debug)]
pub(super) struct OutSection {
    pub name: String,
    pub sh_type: u32,
    pub flags: u64,
    pub align: u64,
    /// Contents (empty for `SHT_NOBITS`).
    pub data: Vec<u8>,
    pub size: u64,
}

impl OutSection {
    pub fn is_exec(&self) -> bool {
        self.flags & u64::from(SHF_EXECINSTR) != 0
    }
}

/// The layout: output sections, and where each input section landed.
#[derive(Debug, Default)]
pub(super) struct Layout {
    pub sections: Vec<OutSection>,
    /// (input, input section index) → (output section, byte offset in it).
    pub placed: HashMap<(usize, usize), (usize, u64)>,
    /// Sections left out as duplicates (a second `license` or `version` of the same
    /// contents); their symbols are left out too.
    pub skipped: HashSet<(usize, usize)>,
}

/// Whether an input section is merged into the output. `.BTF` and `.BTF.ext` are
/// rebuilt; symbols, strings and relocations are rebuilt; DWARF is dropped (as libbpf's
/// linker does).
pub(super) fn is_linked(s: &ElfSection<'_>) -> bool {
    if !matches!(s.sh_type, SHT_PROGBITS | SHT_NOBITS) {
        return false;
    }
    if s.name == ".BTF" || s.name == ".BTF.ext" || s.name.starts_with(".debug_") {
        return false;
    }
    // No subprograms leave an empty `.text`.
    !(s.name == ".text" && s.size == 0)
}

impl Layout {
    /// Places every linked section of `input` (number `n`, named `file`).
    pub fn add(&mut self, n: usize, file: &str, elf: &ElfView<'_>) -> Result<(), LinkError> {
        for s in elf.sections.iter().filter(|s| is_linked(s)) {
            let out = match self.by_name(&s.name) {
                Some(i) if s.name == "license" || s.name == "version" => {
                    // Kept once, like libbpf's linker: every object must agree.
                    if self.sections[i].data != s.data {
                        return Err(LinkError::input(
                            file,
                            format!(
                                "section `{}` differs from the earlier objects' ({:?} against {:?})",
                                s.name,
                                String::from_utf8_lossy(s.data).trim_end_matches('\0'),
                                String::from_utf8_lossy(&self.sections[i].data).trim_end_matches('\0')
                            ),
                        ));
                    }
                    self.skipped.insert((n, s.index));
                    continue;
                }
                Some(i) => {
                    let o = &self.sections[i];
                    if o.sh_type != s.sh_type || (o.flags ^ s.flags) & u64::from(SHF_EXECINSTR) != 0
                    {
                        return Err(LinkError::input(
                            file,
                            format!(
                                "section `{}` is not compatible with the earlier one of that name",
                                s.name
                            ),
                        ));
                    }
                    i
                }
                None => {
                    self.sections.push(OutSection {
                        name: s.name.clone(),
                        sh_type: s.sh_type,
                        flags: s.flags,
                        align: 1,
                        data: Vec::new(),
                        size: 0,
                    });
                    self.sections.len() - 1
                }
            };
            let align = s.align.max(1);
            if !align.is_power_of_two() || align > MAX_ALIGN {
                return Err(LinkError::input(
                    file,
                    format!(
                        "section `{}`: alignment {} is not a power of two up to {MAX_ALIGN}",
                        s.name, s.align
                    ),
                ));
            }
            let o = &mut self.sections[out];
            let offset = o.size.div_ceil(align) * align;
            o.align = o.align.max(align);
            o.size = offset + s.size;
            if o.sh_type != SHT_NOBITS {
                o.data.resize(offset as usize, 0);
                o.data.extend_from_slice(s.data);
            }
            self.placed.insert((n, s.index), (out, offset));
        }
        Ok(())
    }

    /// The output section named `name`.
    pub fn by_name(&self, name: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.name == name)
    }
}
