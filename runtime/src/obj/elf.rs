//! A validated, byte-order-aware view of the ELF container: sections, symbols, relocations.
//! Everything the rest of the parser reads from the file goes through here.

use object::elf::{FileHeader64, SectionHeader64, Sym64, EM_BPF, EM_NONE, ET_REL};
use object::read::elf::{FileHeader, SectionHeader, SectionTable, Sym};
use object::{Endianness, SectionIndex};

use super::error::ParseError;

/// One ELF section, with its bytes (empty for `SHT_NOBITS`).
#[derive(Debug, Clone)]
pub struct ElfSection<'a> {
    /// Section header index.
    pub index: usize,
    /// Section name.
    pub name: String,
    /// `sh_type`.
    pub sh_type: u32,
    /// `sh_flags`.
    pub flags: u64,
    /// `sh_size` (also for NOBITS sections, whose `data` is empty).
    pub size: u64,
    /// `sh_info` (the target section for `SHT_REL`).
    pub info: u32,
    /// `sh_addralign` (0 and 1: no alignment).
    pub align: u64,
    /// Section contents.
    pub data: &'a [u8],
}

/// One ELF symbol.
#[derive(Debug, Clone)]
pub struct ElfSymbol {
    /// Symbol table index.
    pub index: usize,
    /// Name ("" when unnamed).
    pub name: String,
    /// `STT_*`.
    pub kind: u8,
    /// `STB_*`.
    pub bind: u8,
    /// `STV_*`.
    pub visibility: u8,
    /// `st_shndx`.
    pub shndx: u16,
    /// `st_value`.
    pub value: u64,
    /// `st_size`.
    pub size: u64,
}

/// One `SHT_REL` entry.
#[derive(Debug, Clone, Copy)]
pub struct ElfRel {
    /// `r_offset` within the target section.
    pub offset: u64,
    /// Symbol index.
    pub sym: u32,
    /// Relocation type (`R_BPF_*`).
    pub rtype: u32,
}

/// The parsed container.
#[derive(Debug)]
pub struct ElfView<'a> {
    /// True for `ELFDATA2MSB` objects.
    pub big_endian: bool,
    /// All sections, by header index.
    pub sections: Vec<ElfSection<'a>>,
    /// All symbols, by symbol index.
    pub symbols: Vec<ElfSymbol>,
    /// Relocation tables: (relocation section index, target section index, entries).
    pub relocations: Vec<(usize, usize, Vec<ElfRel>)>,
}

fn elf_err(e: object::read::Error) -> ParseError {
    ParseError::Elf(e.to_string())
}

/// Says "empty", "not an ELF file" or "truncated" (with the sizes) when the file is empty,
/// lacks the ELF magic, or ends before its ELF header or its section headers do, before
/// the ELF reader's generic message.
fn check_length(data: &[u8]) -> Result<(), ParseError> {
    /// Size of an ELF64 header.
    const EHDR: usize = 64;
    if data.is_empty() {
        return Err(ParseError::Elf("empty file (0 bytes)".into()));
    }
    if !data.starts_with(b"\x7fELF") {
        return Err(ParseError::Elf(
            "not an ELF file: it does not start with the ELF magic (\\x7fELF)".into(),
        ));
    }
    if data.len() < EHDR {
        return Err(ParseError::Elf(format!(
            "truncated: the file is {} bytes, shorter than its {EHDR}-byte ELF header",
            data.len()
        )));
    }
    let little = data.get(5) == Some(&1);
    let word = |at: usize, n: usize| -> u64 {
        let b = data.get(at..at + n).unwrap_or_default();
        let fold = |acc: u64, (i, &x): (usize, &u8)| {
            let shift = if little { 8 * i } else { 8 * (n - 1 - i) };
            acc | (u64::from(x) << shift)
        };
        b.iter().enumerate().fold(0, fold)
    };
    let (shoff, shentsize, shnum) = (word(0x28, 8), word(0x3a, 2), word(0x3c, 2));
    let end = shoff.saturating_add(shentsize.saturating_mul(shnum));
    if end > data.len() as u64 {
        return Err(ParseError::Elf(format!(
            "truncated: the file is {} bytes, but its section headers end at byte {end}",
            data.len()
        )));
    }
    Ok(())
}

impl<'a> ElfView<'a> {
    /// Parses and validates the container (ELF64, relocatable, `EM_BPF` or `EM_NONE`).
    pub fn parse(data: &'a [u8]) -> Result<Self, ParseError> {
        check_length(data)?;
        let header = FileHeader64::<Endianness>::parse(data).map_err(elf_err)?;
        let endian = header.endian().map_err(elf_err)?;
        let machine = header.e_machine(endian);
        if machine != EM_BPF && machine != EM_NONE {
            return Err(ParseError::NotBpf(format!(
                "e_machine is {machine}, expected EM_BPF ({EM_BPF})"
            )));
        }
        if header.e_type(endian) != ET_REL {
            return Err(ParseError::NotBpf(format!(
                "e_type is {}, expected a relocatable object (ET_REL)",
                header.e_type(endian)
            )));
        }
        let table = header.sections(endian, data).map_err(elf_err)?;
        let shstrndx = header.shstrndx(endian, data).map_err(elf_err)?;
        let sections = read_sections(&table, SectionIndex(shstrndx as usize), endian, data)?;
        let symbols = read_symbols(&table, endian, data)?;
        let relocations = read_relocations(&table, &sections, endian, data, symbols.len())?;
        Ok(ElfView {
            big_endian: matches!(endian, Endianness::Big),
            sections,
            symbols,
            relocations,
        })
    }

    /// The section with header index `index`.
    pub fn section(&self, index: usize) -> Option<&ElfSection<'a>> {
        self.sections.get(index)
    }

    /// The first section named `name`.
    pub fn section_by_name(&self, name: &str) -> Option<&ElfSection<'a>> {
        self.sections.iter().find(|s| s.name == name)
    }

    /// Reads a `u32` in the object's byte order.
    pub fn read_u32(&self, bytes: &[u8], off: usize) -> Option<u32> {
        let b: [u8; 4] = bytes.get(off..off.checked_add(4)?)?.try_into().ok()?;
        Some(if self.big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    }
}

fn read_sections<'a>(
    table: &SectionTable<'a, FileHeader64<Endianness>>,
    shstrndx: SectionIndex,
    endian: Endianness,
    data: &'a [u8],
) -> Result<Vec<ElfSection<'a>>, ParseError> {
    let names = table
        .section(shstrndx)
        .and_then(|s| section_bytes(s, endian, data))
        .map_err(|e| ParseError::Elf(format!("section name table: {e}")))?;
    let mut out = Vec::with_capacity(table.len());
    for (index, shdr) in table.iter().enumerate() {
        let name = c_string(names, shdr.sh_name(endian))
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .ok_or_else(|| ParseError::Elf(format!("section #{index}: invalid name offset")))?;
        let sh_type = shdr.sh_type(endian);
        let flags = shdr.sh_flags(endian);
        if flags & u64::from(object::elf::SHF_COMPRESSED) != 0 {
            return Err(ParseError::section(
                &name,
                "compressed sections are not supported",
            ));
        }
        let bytes = section_bytes(shdr, endian, data)
            .map_err(|e| ParseError::section(&name, e.to_string()))?;
        out.push(ElfSection {
            index,
            name,
            sh_type,
            flags,
            size: shdr.sh_size(endian),
            info: shdr.sh_info(endian),
            align: shdr.sh_addralign(endian),
            data: bytes,
        });
    }
    Ok(out)
}

fn section_bytes<'a>(
    shdr: &SectionHeader64<Endianness>,
    endian: Endianness,
    data: &'a [u8],
) -> object::read::Result<&'a [u8]> {
    if shdr.sh_type(endian) == object::elf::SHT_NOBITS {
        return Ok(&[]);
    }
    shdr.data(endian, data)
}

fn read_symbols(
    table: &SectionTable<'_, FileHeader64<Endianness>>,
    endian: Endianness,
    data: &[u8],
) -> Result<Vec<ElfSymbol>, ParseError> {
    let symtab = table
        .symbols(endian, data, object::elf::SHT_SYMTAB)
        .map_err(elf_err)?;
    if symtab.is_empty() {
        return Err(ParseError::NoSymbolTable);
    }
    let names = table
        .section(symtab.string_section())
        .and_then(|s| section_bytes(s, endian, data))
        .map_err(|e| ParseError::Elf(format!("symbol name table: {e}")))?;
    let mut out = Vec::with_capacity(symtab.len());
    for (index, sym) in symtab.symbols().iter().enumerate() {
        out.push(read_symbol(names, endian, index, sym)?);
    }
    Ok(out)
}

/// The NUL-terminated string at `off` of a string table section.
fn c_string(table: &[u8], off: u32) -> Option<&[u8]> {
    super::strtab::c_str_at(table, usize::try_from(off).ok()?)
}

fn read_symbol(
    names: &[u8],
    endian: Endianness,
    index: usize,
    sym: &Sym64<Endianness>,
) -> Result<ElfSymbol, ParseError> {
    let name = c_string(names, sym.st_name(endian))
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .ok_or_else(|| ParseError::Symbol {
            symbol: format!("#{index}"),
            reason: "invalid string offset".into(),
        })?;
    Ok(ElfSymbol {
        index,
        name,
        kind: sym.st_type(),
        bind: sym.st_bind(),
        visibility: sym.st_visibility(),
        shndx: sym.st_shndx(endian),
        value: sym.st_value(endian),
        size: sym.st_size(endian),
    })
}

fn read_relocations(
    table: &SectionTable<'_, FileHeader64<Endianness>>,
    sections: &[ElfSection<'_>],
    endian: Endianness,
    data: &[u8],
    nsyms: usize,
) -> Result<Vec<(usize, usize, Vec<ElfRel>)>, ParseError> {
    let mut out = Vec::new();
    for (index, shdr) in table.iter().enumerate() {
        let name = sections.get(index).map(|s| s.name.as_str()).unwrap_or("");
        let Some((rels, _symtab)) = shdr
            .rel(endian, data)
            .map_err(|e| ParseError::section(name, e.to_string()))?
        else {
            continue;
        };
        let target = SectionIndex(shdr.sh_info(endian) as usize);
        // Relocations of DWARF: never used, and not read by `ObjectSpec::from_file`.
        if sections
            .get(target.0)
            .is_some_and(|t| super::file::is_dwarf(t.name.as_bytes()))
        {
            continue;
        }
        let target = checked_target(target, sections.len(), name)?;
        let mut entries = Vec::with_capacity(rels.len());
        for (i, rel) in rels.iter().enumerate() {
            let sym = rel.r_sym(endian);
            if sym as usize >= nsyms || sym == 0 {
                return Err(ParseError::Relocation {
                    section: name.to_string(),
                    index: i,
                    reason: format!(
                        "symbol index {sym} is not a defined symbol (table has {nsyms})"
                    ),
                });
            }
            entries.push(ElfRel {
                offset: rel.r_offset.get(endian),
                sym,
                rtype: rel.r_type(endian),
            });
        }
        out.push((index, target, entries));
    }
    Ok(out)
}

fn checked_target(target: SectionIndex, count: usize, name: &str) -> Result<usize, ParseError> {
    if target.0 == 0 || target.0 >= count {
        return Err(ParseError::section(
            name,
            format!(
                "relocation target section index {} is out of range",
                target.0
            ),
        ));
    }
    Ok(target.0)
}
