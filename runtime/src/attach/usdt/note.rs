//! Reading the USDT probes of a binary: the `stapsdt` notes of `.note.stapsdt`
//! (`sys/sdt.h`), each a provider, a name, an address, a semaphore address and the
//! argument string, placed in the file as uprobes need them.

use std::path::Path;

use object::elf::{FileHeader64, PT_LOAD, SHT_NOTE};
use object::read::elf::{FileHeader, ProgramHeader, SectionHeader};
use object::Endianness;

use crate::attach::elf_symbol::LoadSegments;

/// The note type of a USDT probe (`NT_STAPSDT`).
const NT_STAPSDT: u32 = 3;

/// One probe site of a binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsdtProbe {
    /// Provider (`sys/sdt.h`'s first macro argument).
    pub provider: String,
    /// Probe name.
    pub name: String,
    /// Virtual address of the probe site, adjusted for prelinking (`.stapsdt.base`).
    pub address: u64,
    /// File offset of the probe site: where the uprobe goes.
    pub file_offset: u64,
    /// File offset of the probe's semaphore, 0 when it has none: the uprobe's
    /// `ref_ctr_offset`, which the kernel increments while the probe is attached.
    pub semaphore_offset: u64,
    /// The argument specification, e.g. `-4@$42 8@%rdi -4@8(%rcx)`.
    pub args: String,
}

/// Every USDT probe site of the 64-bit ELF file `binary`, in note order. A binary
/// without probes gives an empty list.
pub fn probes(binary: &Path) -> Result<Vec<UsdtProbe>, String> {
    let data = std::fs::read(binary).map_err(|e| format!("{}: {e}", binary.display()))?;
    probes_in(&data).map_err(|e| format!("{}: {e}", binary.display()))
}

/// [`probes`] of the bytes of an ELF file.
pub fn probes_in(data: &[u8]) -> Result<Vec<UsdtProbe>, String> {
    let header = FileHeader64::<Endianness>::parse(data)
        .map_err(|e| format!("not a 64-bit ELF file: {e}"))?;
    let endian = header.endian().map_err(|e| e.to_string())?;
    let segments = LoadSegments::new(
        header
            .program_headers(endian, data)
            .map_err(|e| e.to_string())?
            .iter()
            .filter(|p| p.p_type(endian) == PT_LOAD)
            .map(|p| {
                (
                    p.p_vaddr(endian),
                    p.p_memsz(endian),
                    p.p_filesz(endian),
                    p.p_offset(endian),
                )
            }),
    );
    let sections = header.sections(endian, data).map_err(|e| e.to_string())?;
    let base_section = sections
        .section_by_name(endian, b".stapsdt.base")
        .map(|(_, s)| s.sh_addr(endian));
    let mut out = Vec::new();
    for section in sections.iter() {
        if section.sh_type(endian) != SHT_NOTE
            || sections.section_name(endian, section).ok() != Some(&b".note.stapsdt"[..])
        {
            continue;
        }
        let Some(mut notes) = section.notes(endian, data).map_err(|e| e.to_string())? else {
            continue;
        };
        while let Some(note) = notes.next().map_err(|e| e.to_string())? {
            if note.name() != b"stapsdt" || note.n_type(endian) != NT_STAPSDT {
                continue;
            }
            out.push(probe(note.desc(), endian, base_section, &segments)?);
        }
    }
    Ok(out)
}

/// Decodes one note's descriptor: three addresses (site, base, semaphore), then the
/// provider, name and arguments as NUL-terminated strings.
fn probe(
    desc: &[u8],
    endian: Endianness,
    base_section: Option<u64>,
    segments: &LoadSegments,
) -> Result<UsdtProbe, String> {
    let word = |i: usize| -> Result<u64, String> {
        let bytes: [u8; 8] = desc
            .get(i * 8..i * 8 + 8)
            .and_then(|b| b.try_into().ok())
            .ok_or("stapsdt note shorter than its three addresses")?;
        Ok(match endian {
            Endianness::Little => u64::from_le_bytes(bytes),
            Endianness::Big => u64::from_be_bytes(bytes),
        })
    };
    let (mut address, base, semaphore) = (word(0)?, word(1)?, word(2)?);
    let mut strings = desc[24..].split(|b| *b == 0);
    let mut text = |what: &str| {
        strings
            .next()
            .map(|s| String::from_utf8_lossy(s).into_owned())
            .ok_or_else(|| format!("stapsdt note without its {what}"))
    };
    let (provider, name, args) = (text("provider")?, text("name")?, text("arguments")?);
    // A prelinked binary moved `.stapsdt.base`; the note recorded where it was.
    if let (Some(now), true) = (base_section, base != 0) {
        address = address.wrapping_add(now).wrapping_sub(base);
    }
    let file_offset = segments.file_offset(address).ok_or_else(|| {
        format!("USDT {provider}:{name}: address {address:#x} is in no loadable segment")
    })?;
    let semaphore_offset = match semaphore {
        0 => 0,
        s => segments.file_offset(s).ok_or_else(|| {
            format!("USDT {provider}:{name}: semaphore {s:#x} is in no loadable segment")
        })?,
    };
    Ok(UsdtProbe {
        provider,
        name,
        address,
        file_offset,
        semaphore_offset,
        args,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/usdt_target/usdt_target")
    }

    #[test]
    fn reads_every_site_with_its_semaphore() {
        let probes = probes(&target()).expect("notes");
        let names: Vec<_> = probes.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["args", "shared", "shared", "sema"]);
        assert!(probes.iter().all(|p| p.provider == "bpfgen"));
        let args = &probes[0];
        assert_eq!(args.args, "-4@$42 -8@%rdi -4@(%rsi) -2@%dx -4@8(%rcx)");
        assert!(args.semaphore_offset > 0);
        // Two sites of one name: two addresses, one semaphore.
        assert_ne!(probes[1].file_offset, probes[2].file_offset);
        assert_eq!(probes[1].semaphore_offset, probes[2].semaphore_offset);
        // A PIE's text segment maps at file offset = address here.
        assert_eq!(args.file_offset, args.address);
    }

    #[test]
    fn a_binary_without_probes_has_none_and_garbage_is_an_error() {
        let me = std::env::current_exe().expect("test binary");
        assert!(probes(&me).expect("an ELF file").is_empty());
        assert!(probes_in(b"not an ELF file").is_err());
        assert!(probes(Path::new("/nonexistent/bpfgen")).is_err());
    }
}
