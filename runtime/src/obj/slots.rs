//! Declarative map slots: relocations in `.rel.maps` that point a `values` element of a
//! `PROG_ARRAY` or map-in-map at a program or map (`.values = { [i] = &x }`).

use super::btf_maps::values_member_offset;
use super::elf::ElfView;
use super::error::ParseError;
use super::maps::{InitSlot, MapOrigin, SlotTarget};
use super::spec::ObjectSpec;

/// Fills `MapSpec::init_slots` from the relocations of `.maps`.
pub(crate) fn collect_init_slots(
    elf: &ElfView<'_>,
    spec: &mut ObjectSpec,
) -> Result<(), ParseError> {
    let Some(maps_sec) = elf.section_by_name(".maps").map(|s| s.index) else {
        return Ok(());
    };
    let Some(btf) = spec.btf.as_ref() else {
        return Ok(());
    };
    let mut found: Vec<(usize, InitSlot)> = Vec::new();
    for (_, target, entries) in &elf.relocations {
        if *target != maps_sec {
            continue;
        }
        for rel in entries {
            let sym = elf.symbols.get(rel.sym as usize).ok_or_else(|| {
                ParseError::section(
                    ".rel.maps",
                    format!("symbol index {} out of range", rel.sym),
                )
            })?;
            let Some(map_idx) = spec.maps.iter().position(|m| {
                m.origin == MapOrigin::Btf
                    && rel.offset >= m.section_offset
                    && rel.offset < m.section_offset.saturating_add(m.section_size)
            }) else {
                return Err(ParseError::section(
                    ".rel.maps",
                    format!("relocation at offset {} is inside no map", rel.offset),
                ));
            };
            let map = &spec.maps[map_idx];
            let values_off = values_member_offset(btf, &map.name).ok_or_else(|| {
                ParseError::map(&map.name, "`.maps` relocation but no `values` member")
            })?;
            let rel_in_values = rel.offset - map.section_offset;
            if rel_in_values < values_off || (rel_in_values - values_off) % 8 != 0 {
                return Err(ParseError::map(
                    &map.name,
                    format!("misplaced slot relocation at {}", rel.offset),
                ));
            }
            let index = u32::try_from((rel_in_values - values_off) / 8)
                .map_err(|_| ParseError::map(&map.name, "slot index too large"))?;
            let target = if sym.kind == object::elf::STT_FUNC {
                SlotTarget::Program(sym.name.clone())
            } else {
                SlotTarget::Map(sym.name.clone())
            };
            found.push((map_idx, InitSlot { index, target }));
        }
    }
    for (map_idx, slot) in found {
        spec.maps[map_idx].init_slots.push(slot);
    }
    for m in &mut spec.maps {
        m.init_slots.sort_by_key(|s| s.index);
    }
    Ok(())
}
