//! Opening an object from a file, reading only what the loader uses: the ELF header,
//! the section headers and every section but DWARF (`.debug_*` and their relocations),
//! which is often most of a `clang -g` object and which the loader never reads (libbpf
//! skips it too). The skipped bytes stay zero and are never touched, so they cost
//! neither reads nor memory.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::Path;

use object::elf::{FileHeader64, SHT_NOBITS, SHT_REL};
use object::read::elf::{FileHeader, SectionHeader};
use object::Endianness;

use super::error::ParseError;
use super::spec::ObjectSpec;

/// DWARF debug sections: never read by the loader.
pub(super) fn is_dwarf(name: &[u8]) -> bool {
    name.starts_with(b".debug_")
}

impl ObjectSpec {
    /// The object name libbpf gives the file `file_name`: without `.o`, then without
    /// `.bpf` (`minimal.bpf.o` → `minimal`).
    pub fn name_for_file(file_name: &str) -> &str {
        file_name.trim_end_matches(".o").trim_end_matches(".bpf")
    }

    /// Reads and parses the object at `path`, named after the file (its stem, without
    /// `.bpf.o` / `.o`, prefixes the data maps as in libbpf). DWARF is not read.
    pub fn from_file(path: impl AsRef<Path>) -> Result<ObjectSpec, ParseError> {
        let path = path.as_ref();
        let io = |source| ParseError::Read {
            path: path.to_path_buf(),
            source,
        };
        let file = File::open(path).map_err(io)?;
        let len = usize::try_from(file.metadata().map_err(io)?.len())
            .map_err(|_| ParseError::Elf(format!("{}: too large", path.display())))?;
        // Zeroed, 8-byte aligned and mapped lazily: pages no section lands in are never
        // touched.
        let mut words = vec![0u64; len.div_ceil(8)];
        let buf = &mut crate::pod::slice_bytes_mut(&mut words)[..len];
        read_loaded_parts(&file, buf).map_err(io)?;
        let stem = path
            .file_name()
            .and_then(|n| n.to_str())
            .map(ObjectSpec::name_for_file)
            .filter(|n| !n.is_empty())
            .unwrap_or("obj");
        let mut spec = ObjectSpec::parse(buf)?;
        spec.name = stem.to_string();
        Ok(spec)
    }
}

/// Reads the header, the section headers and every section the loader uses into `buf`
/// (the file's length) at their file offsets. What does not parse as ELF is read whole,
/// for the parser to report.
fn read_loaded_parts(file: &File, buf: &mut [u8]) -> std::io::Result<()> {
    let head = buf.len().min(64);
    file.read_exact_at(&mut buf[..head], 0)?;
    let Some(ranges) = section_ranges(file, buf) else {
        return file.read_exact_at(buf, 0);
    };
    for (start, end) in coalesce(ranges) {
        file.read_exact_at(&mut buf[start..end], start as u64)?;
    }
    Ok(())
}

/// Gaps up to this many bytes between sections are read rather than skipped: one
/// `pread` instead of two (a page of DWARF costs less than a syscall).
const SMALL_GAP: usize = 4096;

/// `ranges` sorted, with ranges closer than [`SMALL_GAP`] merged and empty ones dropped.
fn coalesce(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.retain(|(s, e)| s < e);
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match out.last_mut() {
            Some(last) if start <= last.1 + SMALL_GAP => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// The byte ranges to read after the header: the section header table, then each
/// section that is not DWARF nor a relocation of DWARF. `None` when the headers do not
/// parse (the caller then reads everything).
fn section_ranges(file: &File, buf: &mut [u8]) -> Option<Vec<(usize, usize)>> {
    let (endian, shoff, shsize, shstrndx) = {
        let header = FileHeader64::<Endianness>::parse(&*buf).ok()?;
        let endian = header.endian().ok()?;
        let shoff = usize::try_from(header.e_shoff(endian)).ok()?;
        let entsize = usize::from(header.e_shentsize(endian));
        let shsize = entsize.checked_mul(usize::from(header.e_shnum(endian)))?;
        (
            endian,
            shoff,
            shsize,
            usize::from(header.e_shstrndx(endian)),
        )
    };
    let table_end = shoff.checked_add(shsize)?;
    file.read_exact_at(buf.get_mut(shoff..table_end)?, shoff as u64)
        .ok()?;
    // (name offset, type, sh_info, file range) of every section.
    let sections: Vec<(usize, u32, usize, (usize, usize))> = {
        let header = FileHeader64::<Endianness>::parse(&*buf).ok()?;
        let headers = header.section_headers(endian, &*buf).ok()?;
        let mut out = Vec::with_capacity(headers.len());
        for s in headers {
            let range = if s.sh_type(endian) == SHT_NOBITS {
                (0, 0)
            } else {
                let start = usize::try_from(s.sh_offset(endian)).ok()?;
                let end = start.checked_add(usize::try_from(s.sh_size(endian)).ok()?)?;
                (end <= buf.len()).then_some((start, end))?
            };
            let info = s.sh_info(endian) as usize;
            out.push((s.sh_name(endian) as usize, s.sh_type(endian), info, range));
        }
        out
    };
    // The section names first: they decide what else is read.
    let (ns, ne) = sections.get(shstrndx)?.3;
    file.read_exact_at(buf.get_mut(ns..ne)?, ns as u64).ok()?;
    let names = buf.get(ns..ne)?;
    let name = |i: usize| -> &[u8] {
        let off = sections.get(i).map_or(0, |s| s.0);
        super::strtab::c_str_at(names, off).unwrap_or_default()
    };
    let ranges = sections
        .iter()
        .enumerate()
        .filter(|&(i, &(_, sh_type, info, _))| {
            let dwarf = is_dwarf(name(i)) || (sh_type == SHT_REL && is_dwarf(name(info)));
            !dwarf && i != shstrndx
        })
        .map(|(_, s)| s.3)
        .collect();
    Some(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixtures, the malformed ones included.
    fn fixtures() -> Vec<std::path::PathBuf> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures");
        let mut out: Vec<_> = ["", "/malformed", "/malformed/fuzz"]
            .iter()
            .flat_map(|sub| {
                std::fs::read_dir(format!("{dir}{sub}"))
                    .into_iter()
                    .flatten()
            })
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "o"))
            .collect();
        out.sort();
        out
    }

    #[test]
    fn a_file_parses_as_its_bytes_do_without_reading_dwarf() {
        let mut compared = 0;
        for path in fixtures() {
            let bytes = std::fs::read(&path).expect("read");
            let file_name = path.file_name().and_then(|n| n.to_str()).expect("name");
            let stem = ObjectSpec::name_for_file(file_name);
            let from_bytes = ObjectSpec::parse_named(&bytes, stem).map(|s| format!("{s:?}"));
            let from_file = ObjectSpec::from_file(&path).map(|s| format!("{s:?}"));
            match (from_bytes, from_file) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a, b, "{}", path.display());
                    compared += 1;
                }
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("{}: {a:?} vs {b:?}", path.display()),
            }
        }
        assert!(compared >= 20, "{compared} fixtures compared");
    }

    #[test]
    fn dwarf_is_left_unread() {
        // The ranges before coalescing: no DWARF, and the object parses from them alone.
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/usdt.bpf.o");
        let file = File::open(path).expect("open");
        let whole = std::fs::read(path).expect("read");
        let mut buf = vec![0u8; whole.len()];
        buf[..64].copy_from_slice(&whole[..64]);
        let ranges = section_ranges(&file, &mut buf).expect("ELF");
        for &(start, end) in &ranges {
            buf[start..end].copy_from_slice(&whole[start..end]);
        }
        let unread = buf.iter().zip(&whole).filter(|(a, b)| a != b).count();
        assert!(
            unread > 4096,
            "the fixture's DWARF is not read ({unread} bytes)"
        );
        assert_eq!(
            ObjectSpec::parse(&buf)
                .map(|s| format!("{s:?}"))
                .expect("parses"),
            ObjectSpec::parse(&whole)
                .map(|s| format!("{s:?}"))
                .expect("parses"),
        );
    }

    #[test]
    fn near_sections_are_read_together() {
        let ranges = vec![
            (100, 200),
            (0, 0),
            (5000, 6000),
            (200, 300),
            (20_000, 20_100),
        ];
        assert_eq!(
            coalesce(ranges),
            [(100, 300), (5000, 6000), (20_000, 20_100)]
        );
        assert_eq!(coalesce(vec![(0, 64), (4000, 4100)]), [(0, 4100)]);
    }

    #[test]
    fn missing_and_malformed_files_are_errors() {
        let err = ObjectSpec::from_file("/nonexistent/x.bpf.o").expect_err("missing");
        assert!(err.to_string().contains("/nonexistent/x.bpf.o"), "{err}");
        let dir = std::env::temp_dir().join(format!("bpfgen-file-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let junk = dir.join("junk.bpf.o");
        std::fs::write(&junk, b"\x7fELF not really").expect("write");
        assert!(ObjectSpec::from_file(&junk).is_err());
        std::fs::write(&junk, b"").expect("write");
        assert!(ObjectSpec::from_file(&junk).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
