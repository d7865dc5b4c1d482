//! BTF-defined maps: each VAR of the `.maps` DATASEC is a struct whose members encode the
//! map's parameters (`__uint(type, ...)`, `__type(key, ...)`, `__array(values, ...)`).

use super::btf::{kind, Btf, BtfKind};
use super::error::ParseError;
use super::maps::{MapOrigin, MapSpec, Pinning};
use crate::abi::MapType;

/// `LIBBPF_PIN_BY_NAME`.
const PIN_BY_NAME: u32 = 1;

/// Parses every map declared in the `.maps` DATASEC.
pub(crate) fn parse_btf_maps(btf: &Btf, section_index: usize) -> Result<Vec<MapSpec>, ParseError> {
    let Some((_, entries)) = btf.datasec_by_name(".maps") else {
        return Ok(Vec::new());
    };
    let mut maps = Vec::with_capacity(entries.len());
    for entry in entries {
        let var = btf
            .type_by_id(entry.type_id)
            .ok_or_else(|| ParseError::section(".maps", format!("bad VAR id {}", entry.type_id)))?;
        let name = btf.name_of(entry.type_id).to_string();
        match var.kind {
            // Another object defines it: a link resolves it (`bpfgen link`); loaded
            // unlinked, the programs that use it fail with an unresolved extern.
            BtfKind::Var { linkage: 2 } => continue,
            BtfKind::Var { .. } => {}
            _ => return Err(ParseError::map(&name, "`.maps` entry is not a variable")),
        }
        let mut map = parse_map_def(btf, &name, var.type_id(), true)?;
        map.section_index = section_index;
        map.section_offset = u64::from(entry.offset);
        map.section_size = u64::from(entry.size);
        maps.push(map);
    }
    Ok(maps)
}

/// Byte offset of the `values` member in a map definition, if it has one.
pub(crate) fn values_member_offset(btf: &Btf, map_name: &str) -> Option<u64> {
    let (_, entries) = btf.datasec_by_name(".maps")?;
    let entry = entries
        .iter()
        .find(|e| btf.name_of(e.type_id) == map_name)?;
    let var = btf.type_by_id(entry.type_id)?;
    let (_, def) = btf.skip_mods_and_typedefs(var.type_id()).ok()?;
    let BtfKind::Struct(members) = &def.kind else {
        return None;
    };
    let m = members
        .iter()
        .find(|m| btf.str_at(m.name_off) == Some("values"))?;
    Some(u64::from(def.member_bits(m).0) / 8)
}

fn parse_map_def(btf: &Btf, name: &str, def_type: u32, outer: bool) -> Result<MapSpec, ParseError> {
    let err = |reason: String| ParseError::map(name, reason);
    let (_, def) = btf
        .skip_mods_and_typedefs(def_type)
        .map_err(|e| err(format!("definition type: {e}")))?;
    let BtfKind::Struct(members) = &def.kind else {
        return Err(err("definition is not a struct".into()));
    };
    let mut map = MapSpec::basic(name, MapOrigin::Btf, 0);
    for m in members {
        let field = btf.str_at(m.name_off).unwrap_or("");
        match field {
            "type" => map.map_type = MapType::from_raw(int_field(btf, name, field, m.type_id)?),
            "max_entries" => map.max_entries = int_field(btf, name, field, m.type_id)?,
            "map_flags" => map.map_flags = int_field(btf, name, field, m.type_id)?,
            "numa_node" => map.numa_node = int_field(btf, name, field, m.type_id)?,
            "key_size" => map.key_size = int_field(btf, name, field, m.type_id)?,
            "value_size" => map.value_size = int_field(btf, name, field, m.type_id)?,
            "map_extra" => map.map_extra = long_field(btf, name, field, m.type_id)?,
            "key" => (map.key_type_id, map.key_size) = pointee(btf, name, field, m.type_id)?,
            "value" => (map.value_type_id, map.value_size) = pointee(btf, name, field, m.type_id)?,
            "pinning" => {
                map.pinning = match int_field(btf, name, field, m.type_id)? {
                    0 => Pinning::None,
                    PIN_BY_NAME => Pinning::ByName,
                    v => return Err(err(format!("unsupported pinning {v}"))),
                }
            }
            "values" => {
                // Slots hold fds (prog array) or map fds (map-in-map): 4 bytes, as libbpf sets.
                map.value_size = 4;
                if let Some(inner) = values_inner(btf, name, m.type_id, outer)? {
                    map.inner = Some(Box::new(inner));
                }
            }
            other => return Err(err(format!("unknown field `{other}`"))),
        }
    }
    Ok(map)
}

/// `__uint(name, N)` is `int (*name)[N]`: N is the array's element count.
fn int_field(btf: &Btf, map: &str, field: &str, type_id: u32) -> Result<u32, ParseError> {
    let err = |r: &str| ParseError::map(map, format!("field `{field}`: {r}"));
    let (_, ptr) = btf
        .skip_mods_and_typedefs(type_id)
        .map_err(|e| err(&e.to_string()))?;
    if ptr.kind_num() != kind::PTR {
        return Err(err("expected a pointer to an array"));
    }
    let (_, arr) = btf
        .skip_mods_and_typedefs(ptr.type_id())
        .map_err(|e| err(&e.to_string()))?;
    match arr.kind {
        BtfKind::Array { nelems, .. } => Ok(nelems),
        _ => Err(err("expected a pointer to an array")),
    }
}

/// `__ulong(name, N)` is an anonymous enum whose first value is N (or an int field).
fn long_field(btf: &Btf, map: &str, field: &str, type_id: u32) -> Result<u64, ParseError> {
    let (_, t) = btf
        .skip_mods_and_typedefs(type_id)
        .map_err(|e| ParseError::map(map, format!("field `{field}`: {e}")))?;
    match &t.kind {
        BtfKind::Enum(v) | BtfKind::Enum64(v) => v
            .first()
            .map(|e| e.value)
            .ok_or_else(|| ParseError::map(map, format!("field `{field}`: empty enum"))),
        _ => int_field(btf, map, field, type_id).map(u64::from),
    }
}

/// `__type(key, T)` is `T *key`: returns (type id of T, sizeof(T)).
fn pointee(btf: &Btf, map: &str, field: &str, type_id: u32) -> Result<(u32, u32), ParseError> {
    let err = |r: String| ParseError::map(map, format!("field `{field}`: {r}"));
    let (_, ptr) = btf
        .skip_mods_and_typedefs(type_id)
        .map_err(|e| err(e.to_string()))?;
    if ptr.kind_num() != kind::PTR {
        return Err(err("expected a pointer".into()));
    }
    let target = ptr.type_id();
    let size = btf.resolve_size(target).map_err(|e| err(e.to_string()))?;
    Ok((target, size))
}

/// `__array(values, T)`: a zero-length array of pointers. For map-in-map, T is the inner
/// map definition; for a prog array, T is a function prototype (no inner map).
fn values_inner(
    btf: &Btf,
    map: &str,
    type_id: u32,
    outer: bool,
) -> Result<Option<MapSpec>, ParseError> {
    let err = |r: String| ParseError::map(map, format!("field `values`: {r}"));
    let (_, arr) = btf
        .skip_mods_and_typedefs(type_id)
        .map_err(|e| err(e.to_string()))?;
    let BtfKind::Array {
        elem_type, nelems, ..
    } = arr.kind
    else {
        return Err(err("expected an array".into()));
    };
    if nelems != 0 {
        return Err(err(format!(
            "must be a zero-length array, has {nelems} elements"
        )));
    }
    let (_, ptr) = btf
        .skip_mods_and_typedefs(elem_type)
        .map_err(|e| err(e.to_string()))?;
    if ptr.kind_num() != kind::PTR {
        return Err(err("elements must be pointers".into()));
    }
    let (target_id, target) = btf
        .skip_mods_and_typedefs(ptr.type_id())
        .map_err(|e| err(e.to_string()))?;
    match target.kind_num() {
        kind::FUNC_PROTO => Ok(None),
        kind::STRUCT if outer => {
            let inner_name = format!("{map}.inner");
            parse_map_def(btf, &inner_name, target_id, false).map(Some)
        }
        kind::STRUCT => Err(err("nested map-in-map definitions are not supported".into())),
        k => Err(err(format!("unexpected element kind {k}"))),
    }
}
