//! Legacy `SEC("maps") struct bpf_map_def` maps (libbpf ≥ 1.0 rejects them; aya and
//! cilium/ebpf still read them, and so do we).

use super::elf::{ElfSection, ElfView};
use super::error::ParseError;
use super::maps::{MapOrigin, MapSpec};
use crate::abi::MapType;

/// Size of the five leading `u32` fields we read: type, key_size, value_size, max_entries, map_flags.
const MIN_DEF_SIZE: u64 = 20;

/// Reads every map symbol of the legacy `maps` section.
pub(crate) fn parse_legacy_maps(
    elf: &ElfView<'_>,
    sec: &ElfSection<'_>,
) -> Result<Vec<MapSpec>, ParseError> {
    let mut syms: Vec<_> = elf
        .symbols
        .iter()
        .filter(|s| usize::from(s.shndx) == sec.index && s.kind == object::elf::STT_OBJECT)
        .collect();
    if syms.is_empty() {
        return Ok(Vec::new());
    }
    syms.sort_by_key(|s| s.value);
    let def_size = sec.data.len() as u64 / syms.len() as u64;
    if def_size < MIN_DEF_SIZE || sec.data.len() as u64 % syms.len() as u64 != 0 {
        return Err(ParseError::section(
            &sec.name,
            format!(
                "{} bytes do not divide into {} map definitions of at least {MIN_DEF_SIZE} bytes",
                sec.data.len(),
                syms.len()
            ),
        ));
    }
    syms.iter()
        .map(|sym| {
            let off = usize::try_from(sym.value).unwrap_or(usize::MAX);
            let field = |i: usize| {
                elf.read_u32(sec.data, off.saturating_add(i * 4))
                    .ok_or_else(|| {
                        ParseError::map(&sym.name, "definition is past the end of `maps`")
                    })
            };
            let mut m = MapSpec::basic(&sym.name, MapOrigin::Legacy, sec.index);
            m.map_type = MapType::from_raw(field(0)?);
            m.key_size = field(1)?;
            m.value_size = field(2)?;
            m.max_entries = field(3)?;
            m.map_flags = field(4)?;
            m.section_offset = sym.value;
            m.section_size = def_size;
            Ok(m)
        })
        .collect()
}
