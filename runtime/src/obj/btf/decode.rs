//! Decoding of single type records from the `.BTF` type section.

use super::reader::Reader;
use super::types::{kind, BtfKind, BtfType, Enumerator, Member, Param, VarSecInfo};
use super::BtfError;

/// Size of the common part of every type record.
const TYPE_BASE_LEN: usize = 12;

/// Reads `vlen` records of `rec_len` bytes each with `f`, after checking they
/// all fit (so the allocation is bounded by the input size).
fn records<T>(
    r: &mut Reader<'_>,
    vlen: u32,
    rec_len: usize,
    what: &'static str,
    mut f: impl FnMut(&mut Reader<'_>) -> Result<T, BtfError>,
) -> Result<Vec<T>, BtfError> {
    let n = vlen as usize;
    let need = n.saturating_mul(rec_len);
    if need > r.remaining() {
        return Err(BtfError::Truncated {
            what,
            offset: r.pos(),
            need,
            have: r.remaining(),
        });
    }
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        out.push(f(r)?);
    }
    Ok(out)
}

/// Per `BTF_KIND_*`, in 2 bits at `2 * kind`: bytes per `vlen` item / 4 and fixed extra
/// bytes / 4 (after the 12-byte base), and whether the kind is known. Shifts of constants
/// rather than a table: the index walk over the kernel's 150,000 types is one chain of
/// dependent loads, and a table lookup would add a load to every link.
const fn record_shapes() -> (u64, u64, u32) {
    let (mut per_item, mut fixed, mut known) = (0u64, 0u64, 0u32);
    let mut k = 0;
    while k < 32 {
        let shape = match k as u32 {
            kind::INT | kind::VAR | kind::DECL_TAG => Some((0, 1)),
            kind::ARRAY => Some((0, 3)),
            kind::STRUCT | kind::UNION | kind::DATASEC | kind::ENUM64 => Some((3, 0)),
            kind::ENUM | kind::FUNC_PROTO => Some((2, 0)),
            kind::PTR
            | kind::FWD
            | kind::TYPEDEF
            | kind::VOLATILE
            | kind::CONST
            | kind::RESTRICT
            | kind::FUNC
            | kind::FLOAT
            | kind::TYPE_TAG => Some((0, 0)),
            _ => None,
        };
        if let Some((p, f)) = shape {
            per_item |= p << (2 * k);
            fixed |= f << (2 * k);
            known |= 1 << k;
        }
        k += 1;
    }
    (per_item, fixed, known)
}

const SHAPES: (u64, u64, u32) = record_shapes();

/// Length in bytes of a type record whose `info` word is `info` (type `id`, for the
/// error): the common part plus what its kind and `vlen` add. Must agree with
/// [`parse_type`].
#[inline]
pub(super) fn record_len(info: u32, id: u32) -> Result<usize, BtfError> {
    let kind = (info >> 24) & 0x1f;
    if SHAPES.2 & (1 << kind) == 0 {
        return Err(BtfError::UnknownKind { id, kind });
    }
    let per_item = ((SHAPES.0 >> (2 * kind)) & 3) as usize * 4;
    let fixed = ((SHAPES.1 >> (2 * kind)) & 3) as usize * 4;
    Ok(TYPE_BASE_LEN + fixed + (info & 0xffff) as usize * per_item)
}

/// Decodes one type record (syntax only; references are checked later).
pub(super) fn parse_type(r: &mut Reader<'_>, id: u32) -> Result<BtfType, BtfError> {
    if r.remaining() < TYPE_BASE_LEN {
        return Err(BtfError::Truncated {
            what: "type record",
            offset: r.pos(),
            need: TYPE_BASE_LEN,
            have: r.remaining(),
        });
    }
    let name_off = r.u32("type name_off")?;
    let info = r.u32("type info")?;
    let size_or_type = r.u32("type size/type")?;
    let t = BtfType {
        name_off,
        info,
        size_or_type,
        kind: BtfKind::Fwd,
    };
    let vlen = t.vlen();
    let kind = match t.kind_num() {
        kind::INT => BtfKind::Int {
            encoding: r.u32("INT encoding")?,
        },
        kind::PTR => BtfKind::Ptr,
        kind::ARRAY => BtfKind::Array {
            elem_type: r.u32("ARRAY elem type")?,
            index_type: r.u32("ARRAY index type")?,
            nelems: r.u32("ARRAY nelems")?,
        },
        k @ (kind::STRUCT | kind::UNION) => {
            let m = records(r, vlen, 12, "members", |r| {
                Ok(Member {
                    name_off: r.u32("member name")?,
                    type_id: r.u32("member type")?,
                    offset: r.u32("member offset")?,
                })
            })?;
            if k == kind::STRUCT {
                BtfKind::Struct(m)
            } else {
                BtfKind::Union(m)
            }
        }
        kind::ENUM => {
            let signed = t.kind_flag();
            BtfKind::Enum(records(r, vlen, 8, "enumerators", |r| {
                let name_off = r.u32("enum name")?;
                let raw = r.u32("enum value")?;
                let value = if signed {
                    i64::from(raw as i32) as u64
                } else {
                    u64::from(raw)
                };
                Ok(Enumerator { name_off, value })
            })?)
        }
        kind::FWD => BtfKind::Fwd,
        kind::TYPEDEF => BtfKind::Typedef,
        kind::VOLATILE => BtfKind::Volatile,
        kind::CONST => BtfKind::Const,
        kind::RESTRICT => BtfKind::Restrict,
        kind::FUNC => BtfKind::Func,
        kind::FUNC_PROTO => BtfKind::FuncProto(records(r, vlen, 8, "params", |r| {
            Ok(Param {
                name_off: r.u32("param name")?,
                type_id: r.u32("param type")?,
            })
        })?),
        kind::VAR => BtfKind::Var {
            linkage: r.u32("VAR linkage")?,
        },
        kind::DATASEC => BtfKind::Datasec(records(r, vlen, 12, "datasec entries", |r| {
            Ok(VarSecInfo {
                type_id: r.u32("datasec var type")?,
                offset: r.u32("datasec var offset")?,
                size: r.u32("datasec var size")?,
            })
        })?),
        kind::FLOAT => BtfKind::Float,
        kind::DECL_TAG => BtfKind::DeclTag {
            component_idx: r.u32("DECL_TAG component")? as i32,
        },
        kind::TYPE_TAG => BtfKind::TypeTag,
        kind::ENUM64 => BtfKind::Enum64(records(r, vlen, 12, "enum64 values", |r| {
            let name_off = r.u32("enum64 name")?;
            let lo = r.u32("enum64 lo32")?;
            let hi = r.u32("enum64 hi32")?;
            Ok(Enumerator {
                name_off,
                value: u64::from(hi) << 32 | u64::from(lo),
            })
        })?),
        k => return Err(BtfError::UnknownKind { id, kind: k }),
    };
    Ok(BtfType { kind, ..t })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[u32]) -> Vec<u8> {
        ws.iter().flat_map(|w| w.to_le_bytes()).collect()
    }

    #[test]
    fn decodes_enum_values_by_signedness() {
        let signed = words(&[0, 1 << 31 | kind::ENUM << 24 | 1, 4, 0, u32::MAX]);
        let t = parse_type(&mut Reader::new(&signed, 0, false), 1).expect("enum");
        assert_eq!(
            t.kind,
            BtfKind::Enum(vec![Enumerator {
                name_off: 0,
                value: u64::MAX
            }])
        );
        let unsigned = words(&[0, kind::ENUM << 24 | 1, 4, 0, u32::MAX]);
        let t = parse_type(&mut Reader::new(&unsigned, 0, false), 1).expect("enum");
        assert_eq!(
            t.kind,
            BtfKind::Enum(vec![Enumerator {
                name_off: 0,
                value: 0xffff_ffff
            }])
        );
    }

    #[test]
    fn vlen_is_checked_before_allocating() {
        let d = words(&[0, kind::FUNC_PROTO << 24 | 0xffff, 0, 0, 0]);
        let e = parse_type(&mut Reader::new(&d, 0, false), 3);
        assert!(
            matches!(
                e,
                Err(BtfError::Truncated {
                    need: 524_280,
                    have: 8,
                    ..
                })
            ),
            "{e:?}"
        );
    }
}
