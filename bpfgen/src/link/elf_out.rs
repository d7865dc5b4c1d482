//! Writing the linked object: a little-endian ELF64 relocatable file for `EM_BPF` with
//! the merged sections, their `.rel` tables, `.BTF`, `.BTF.ext`, `.symtab`, `.strtab`
//! and `.shstrtab`.

use object::elf::{
    EM_BPF, ET_REL, SHN_ABS, SHN_UNDEF, SHT_NOBITS, SHT_PROGBITS, SHT_REL, SHT_STRTAB, SHT_SYMTAB,
};

use super::layout::OutSection;
use super::strings::StringTable;
use super::symbols::{OutSymbol, Place};

/// One relocation of an output section.
#[derive(Debug, Clone, Copy)]
pub(super) struct OutRel {
    pub offset: u64,
    pub symbol: u32,
    pub rtype: u32,
}

/// Everything the file holds.
pub(super) struct Image<'a> {
    pub sections: &'a [OutSection],
    /// Per output section, its relocations.
    pub relocations: &'a [Vec<OutRel>],
    pub btf: Vec<u8>,
    pub btf_ext: Option<Vec<u8>>,
    pub locals: &'a [OutSymbol],
    pub globals: &'a [OutSymbol],
}

#[derive(Default)]
struct Header {
    name: u32,
    sh_type: u32,
    flags: u64,
    offset: u64,
    size: u64,
    link: u32,
    info: u32,
    align: u64,
    entsize: u64,
}

/// Appends `data` at `align` and returns where it starts.
fn place(file: &mut Vec<u8>, data: &[u8], align: u64) -> u64 {
    let align = align.max(1) as usize;
    let at = file.len().div_ceil(align) * align;
    file.resize(at, 0);
    file.extend_from_slice(data);
    at as u64
}

/// Serializes `image`.
pub(super) fn write(image: &Image<'_>) -> Vec<u8> {
    let mut file = vec![0u8; 64];
    let mut headers = vec![Header::default()];
    let mut shstr = StringTable::new();
    // The merged sections keep their order, starting at header index 1.
    for s in image.sections {
        let offset = if s.sh_type == SHT_NOBITS {
            file.len() as u64
        } else {
            place(&mut file, &s.data, s.align)
        };
        headers.push(Header {
            name: shstr.add(&s.name),
            sh_type: s.sh_type,
            flags: s.flags,
            offset,
            size: s.size,
            align: s.align,
            ..Header::default()
        });
    }
    let symtab_index = 1
        + image.sections.len() as u32
        + image.relocations.iter().filter(|r| !r.is_empty()).count() as u32
        + 1
        + u32::from(image.btf_ext.is_some());
    for (i, rels) in image.relocations.iter().enumerate() {
        if rels.is_empty() {
            continue;
        }
        let mut data = Vec::with_capacity(rels.len() * 16);
        for r in rels {
            data.extend(r.offset.to_le_bytes());
            data.extend((u64::from(r.symbol) << 32 | u64::from(r.rtype)).to_le_bytes());
        }
        let offset = place(&mut file, &data, 8);
        headers.push(Header {
            name: shstr.add(&format!(".rel{}", image.sections[i].name)),
            sh_type: SHT_REL,
            offset,
            size: data.len() as u64,
            link: symtab_index,
            info: 1 + i as u32,
            align: 8,
            entsize: 16,
            ..Header::default()
        });
    }
    let mut add_blob = |file: &mut Vec<u8>, headers: &mut Vec<Header>, name: &str, data: &[u8]| {
        let offset = place(file, data, 4);
        headers.push(Header {
            name: shstr.add(name),
            sh_type: SHT_PROGBITS,
            offset,
            size: data.len() as u64,
            align: 4,
            ..Header::default()
        });
    };
    add_blob(&mut file, &mut headers, ".BTF", &image.btf);
    if let Some(ext) = &image.btf_ext {
        add_blob(&mut file, &mut headers, ".BTF.ext", ext);
    }
    // Symbols: null, locals, globals.
    let mut strtab = StringTable::new();
    let mut syms = vec![0u8; 24];
    for s in image.locals.iter().chain(image.globals) {
        let name = if s.name.is_empty() || s.kind == object::elf::STT_SECTION {
            0
        } else {
            strtab.add(&s.name)
        };
        let shndx: u16 = match s.place {
            Place::Undefined => SHN_UNDEF,
            Place::Absolute => SHN_ABS,
            Place::Section(i) => 1 + i as u16,
        };
        syms.extend(name.to_le_bytes());
        syms.push(s.bind << 4 | s.kind);
        syms.push(s.visibility);
        syms.extend(shndx.to_le_bytes());
        syms.extend(s.value.to_le_bytes());
        syms.extend(s.size.to_le_bytes());
    }
    let symtab_offset = place(&mut file, &syms, 8);
    let strtab_index = symtab_index + 1;
    headers.push(Header {
        name: shstr.add(".symtab"),
        sh_type: SHT_SYMTAB,
        offset: symtab_offset,
        size: syms.len() as u64,
        link: strtab_index,
        info: 1 + image.locals.len() as u32,
        align: 8,
        entsize: 24,
        ..Header::default()
    });
    let strtab_offset = place(&mut file, strtab.bytes(), 1);
    headers.push(Header {
        name: shstr.add(".strtab"),
        sh_type: SHT_STRTAB,
        offset: strtab_offset,
        size: strtab.bytes().len() as u64,
        align: 1,
        ..Header::default()
    });
    let shstr_name = shstr.add(".shstrtab");
    let shstr_offset = place(&mut file, shstr.bytes(), 1);
    headers.push(Header {
        name: shstr_name,
        sh_type: SHT_STRTAB,
        offset: shstr_offset,
        size: shstr.bytes().len() as u64,
        align: 1,
        ..Header::default()
    });
    let shoff = place(&mut file, &[], 8);
    for h in &headers {
        file.extend(h.name.to_le_bytes());
        file.extend(h.sh_type.to_le_bytes());
        file.extend(h.flags.to_le_bytes());
        file.extend(0u64.to_le_bytes()); // sh_addr
        file.extend(h.offset.to_le_bytes());
        file.extend(h.size.to_le_bytes());
        file.extend(h.link.to_le_bytes());
        file.extend(h.info.to_le_bytes());
        file.extend(h.align.to_le_bytes());
        file.extend(h.entsize.to_le_bytes());
    }
    // The ELF header.
    let mut ehdr = Vec::with_capacity(64);
    ehdr.extend(b"\x7fELF");
    ehdr.extend([2, 1, 1, 0]); // 64-bit, little-endian, version 1, System V ABI
    ehdr.extend([0u8; 8]);
    ehdr.extend(ET_REL.to_le_bytes());
    ehdr.extend(EM_BPF.to_le_bytes());
    ehdr.extend(1u32.to_le_bytes()); // e_version
    ehdr.extend(0u64.to_le_bytes()); // e_entry
    ehdr.extend(0u64.to_le_bytes()); // e_phoff
    ehdr.extend(shoff.to_le_bytes());
    ehdr.extend(0u32.to_le_bytes()); // e_flags
    ehdr.extend(64u16.to_le_bytes()); // e_ehsize
    ehdr.extend(0u16.to_le_bytes()); // e_phentsize
    ehdr.extend(0u16.to_le_bytes()); // e_phnum
    ehdr.extend(64u16.to_le_bytes()); // e_shentsize
    ehdr.extend((headers.len() as u16).to_le_bytes());
    ehdr.extend((headers.len() as u16 - 1).to_le_bytes()); // .shstrtab is last
    file[..64].copy_from_slice(&ehdr);
    file
}
