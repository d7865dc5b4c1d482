//! `-G` / `--set-global-vars`: presets for global variables of `.rodata`, `.data` and
//! `.bss` (any data section), written into the object before it is prepared. veristat's
//! grammar and rules: `NAME[.FIELD | [INDEX]]... = VALUE`, where VALUE (and an INDEX) is
//! an integer (decimal or `0x` hex, may be negative) or an enumerator's name; only
//! integers and enums can be set; the value must fit the variable; every preset must
//! apply to the object, once.

use bpfgen_runtime::obj::btf::{Btf, BtfKind, BtfType};
use bpfgen_runtime::obj::{DataKind, MapOrigin};
use bpfgen_runtime::ObjectSpec;

/// One `-G` expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    /// The expression's left side, for messages (`cfg.limits[2]`).
    name: String,
    /// The variable.
    var: String,
    /// Fields and indexes below it.
    path: Vec<Access>,
    value: Rvalue,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Access {
    Field(String),
    Index(Rvalue),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Rvalue {
    Int(i64),
    Enumerator(String),
}

fn parse_rvalue(text: &str) -> Option<Rvalue> {
    let text = text.trim();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let number = match digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None if digits.starts_with(|c: char| c.is_ascii_digit()) => digits.parse::<u64>().ok(),
        None => None,
    };
    if let Some(n) = number {
        let n = n as i64;
        return Some(Rvalue::Int(if negative { n.wrapping_neg() } else { n }));
    }
    let is_ident = !text.is_empty()
        && text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    is_ident.then(|| Rvalue::Enumerator(text.to_string()))
}

impl Preset {
    /// Parses `NAME[.FIELD|[INDEX]]* = VALUE`.
    pub fn parse(expr: &str) -> Result<Preset, String> {
        let bad = |why: &str| format!("-G `{expr}`: {why}");
        let (lhs, rhs) = expr.split_once('=').ok_or_else(|| bad("no `=`"))?;
        let value = parse_rvalue(rhs)
            .ok_or_else(|| bad("the value is neither an integer nor an enumerator name"))?;
        let lhs = lhs.trim();
        let ident_end = lhs.find(['.', '[']).unwrap_or(lhs.len());
        let var = &lhs[..ident_end];
        if var.is_empty() {
            return Err(bad("no variable name"));
        }
        let mut path = Vec::new();
        let mut rest = &lhs[ident_end..];
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('.') {
                let end = after.find(['.', '[']).unwrap_or(after.len());
                if end == 0 {
                    return Err(bad("empty field name"));
                }
                path.push(Access::Field(after[..end].trim().to_string()));
                rest = &after[end..];
            } else if let Some(after) = rest.strip_prefix('[') {
                let (index, tail) = after
                    .split_once(']')
                    .ok_or_else(|| bad("`[` without `]`"))?;
                path.push(Access::Index(
                    parse_rvalue(index).ok_or_else(|| bad("an index is not an integer"))?,
                ));
                rest = tail;
            } else {
                return Err(bad("expected `.field` or `[index]`"));
            }
        }
        Ok(Preset {
            name: lhs.to_string(),
            var: var.trim().to_string(),
            path,
            value,
        })
    }
}

/// Reads `-G` arguments: expressions, or `@FILE` with one per line (`#` comments).
pub fn read_presets(args: &[String]) -> Result<Vec<Preset>, String> {
    super::at_file::expand("-G", args)?
        .iter()
        .map(|expr| Preset::parse(expr))
        .collect()
}

/// A variable of a data section: VAR type id, offset, size.
type VarPlace = (u32, u32, u32);

/// Where a preset writes: byte offset in its section, size, and the type it sets.
struct Place {
    offset: u32,
    size: u32,
    type_id: u32,
}

/// Writes every preset into `spec`'s data sections. Errors name the variable.
pub fn apply(presets: &[Preset], spec: &mut ObjectSpec) -> Result<(), String> {
    if presets.is_empty() {
        return Ok(());
    }
    let btf = spec
        .btf
        .clone()
        .ok_or("global variable presets need the object's BTF; it has none")?;
    let mut applied = vec![false; presets.len()];
    let sections: Vec<(String, Vec<VarPlace>)> = btf
        .iter_types()
        .filter_map(|(_, t)| match &t.kind {
            BtfKind::Datasec(vars) => Some((
                btf.str_at(t.name_off).unwrap_or("").to_string(),
                vars.iter().map(|v| (v.type_id, v.offset, v.size)).collect(),
            )),
            _ => None,
        })
        .collect();
    for (section, vars) in sections {
        let Some(map) = spec.maps.iter_mut().find(|m| {
            m.name == section && matches!(m.origin, MapOrigin::Data(k) if k != DataKind::Kconfig)
        }) else {
            continue;
        };
        for (var_id, offset, size) in vars {
            let Some(var) = btf
                .type_by_id(var_id)
                .filter(|t| matches!(t.kind, BtfKind::Var { .. }))
            else {
                continue;
            };
            let var_name = btf.str_at(var.name_off).unwrap_or("");
            for (i, preset) in presets.iter().enumerate() {
                if preset.var != var_name {
                    continue;
                }
                if applied[i] {
                    return Err(format!("variable {} is set more than once", preset.name));
                }
                let place = locate(&btf, preset, var.type_id(), offset, size)?;
                let bytes = encode(&btf, preset, &place)?;
                let data = map
                    .initial_value
                    .get_or_insert_with(|| vec![0; map.value_size as usize]);
                let end = (place.offset + place.size) as usize;
                if end > data.len() {
                    return Err(format!(
                        "variable {} lies past its section's end",
                        preset.name
                    ));
                }
                data[place.offset as usize..end].copy_from_slice(&bytes);
                applied[i] = true;
            }
        }
    }
    match presets.iter().zip(&applied).find(|(_, a)| !**a) {
        Some((p, _)) => Err(format!(
            "global variable preset {} has not been applied: the object has no global `{}`",
            p.name, p.var
        )),
        None => Ok(()),
    }
}

/// Follows the preset's fields and indexes from the variable of type `type_id`.
fn locate(
    btf: &Btf,
    preset: &Preset,
    type_id: u32,
    offset: u32,
    size: u32,
) -> Result<Place, String> {
    let mut place = Place {
        offset,
        size,
        type_id,
    };
    for access in &preset.path {
        let (id, t) = resolve(btf, place.type_id)?;
        match (access, &t.kind) {
            (
                Access::Index(index),
                BtfKind::Array {
                    elem_type, nelems, ..
                },
            ) => {
                let index = match index {
                    Rvalue::Int(i) => *i,
                    Rvalue::Enumerator(name) => find_enumerator(btf, name).ok_or_else(|| {
                        format!("{}: no enumerator `{name}` for the index", preset.name)
                    })?,
                };
                if index < 0 || index >= i64::from(*nelems) {
                    return Err(format!(
                        "array index {index} is out of bounds [0, {nelems}): {}",
                        preset.name
                    ));
                }
                let elem_size = btf.resolve_size(*elem_type).map_err(|e| e.to_string())?;
                place.offset += elem_size * index as u32;
                place.size = elem_size;
                place.type_id = *elem_type;
            }
            (Access::Field(field), BtfKind::Struct(members) | BtfKind::Union(members)) => {
                let m = members
                    .iter()
                    .find(|m| btf.str_at(m.name_off) == Some(field.as_str()))
                    .ok_or_else(|| {
                        format!(
                            "{}: `{}` has no member `{field}`",
                            preset.name,
                            btf.name_of(id)
                        )
                    })?;
                let (bit_offset, bitfield) = t.member_bits(m);
                if bitfield != 0 || bit_offset % 8 != 0 {
                    return Err(format!("{}: bitfield members cannot be set", preset.name));
                }
                place.offset += bit_offset / 8;
                place.size = btf.resolve_size(m.type_id).map_err(|e| e.to_string())?;
                place.type_id = m.type_id;
            }
            (Access::Index(_), _) => {
                return Err(format!("array index is not expected for {}", preset.name))
            }
            (Access::Field(field), _) => {
                return Err(format!(
                    "{}: `.{field}` of something that is not a struct",
                    preset.name
                ))
            }
        }
    }
    Ok(place)
}

/// The type `id` names, past typedefs and modifiers.
fn resolve(btf: &Btf, id: u32) -> Result<(u32, &BtfType), String> {
    btf.skip_mods_and_typedefs(id).map_err(|e| e.to_string())
}

/// The value of enumerator `name` in any enum of `btf`.
fn find_enumerator(btf: &Btf, name: &str) -> Option<i64> {
    btf.iter_types().find_map(|(_, t)| match &t.kind {
        BtfKind::Enum(values) | BtfKind::Enum64(values) => values
            .iter()
            .find(|e| btf.str_at(e.name_off) == Some(name))
            .map(|e| e.value as i64),
        _ => None,
    })
}

/// The preset's value as `place.size` bytes of the target's byte order, range-checked.
fn encode(btf: &Btf, preset: &Preset, place: &Place) -> Result<Vec<u8>, String> {
    let (_, t) = resolve(btf, place.type_id)?;
    let signed = match &t.kind {
        BtfKind::Int { encoding } => encoding >> 24 & 1 != 0,
        BtfKind::Enum(_) | BtfKind::Enum64(_) => t.kind_flag(),
        _ => {
            return Err(format!(
                "can't set {}: only integers and enums are supported",
                preset.name
            ))
        }
    };
    let value = match &preset.value {
        Rvalue::Int(v) => *v,
        Rvalue::Enumerator(name) => match &t.kind {
            BtfKind::Enum(values) | BtfKind::Enum64(values) => values
                .iter()
                .find(|e| btf.str_at(e.name_off) == Some(name.as_str()))
                .map(|e| e.value as i64)
                .ok_or_else(|| format!("{}: the enum has no enumerator `{name}`", preset.name))?,
            _ => {
                return Err(format!(
                    "{}: value {name} is not supported for an integer",
                    preset.name
                ))
            }
        },
    };
    let size = place.size as usize;
    if !(1..=8).contains(&size) {
        return Err(format!(
            "can't set {}: {size}-byte integers are not supported",
            preset.name
        ));
    }
    if size < 8 {
        let bits = size as u32 * 8 - u32::from(signed);
        let max = 1i64 << bits;
        let min = if signed { -max } else { 0 };
        if value >= max || value < min {
            return Err(format!(
                "variable {} value {value} is out of range [{min}; {}]",
                preset.name,
                max - 1
            ));
        }
    }
    let bytes = if btf.is_big_endian() {
        value.to_be_bytes()[8 - size..].to_vec()
    } else {
        value.to_le_bytes()[..size].to_vec()
    };
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_veristat_expressions() {
        let p = Preset::parse("cfg.limits[2] = 0x10").expect("parses");
        assert_eq!(p.var, "cfg");
        assert_eq!(
            p.path,
            [
                Access::Field("limits".into()),
                Access::Index(Rvalue::Int(2))
            ]
        );
        assert_eq!(p.value, Rvalue::Int(16));
        assert_eq!(Preset::parse("x=-3").expect("neg").value, Rvalue::Int(-3));
        assert_eq!(
            Preset::parse("mode = MODE_FAST").expect("enum").value,
            Rvalue::Enumerator("MODE_FAST".into())
        );
        for bad in ["x", "= 1", "x = 1.5", "x[1 = 2", "x..y = 1"] {
            assert!(Preset::parse(bad).is_err(), "{bad}");
        }
    }
}
