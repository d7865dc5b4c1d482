//! Scalars: BTF INT, FLOAT and ENUM/ENUM64 to Rust.
//!
//! | C | Rust |
//! |---|---|
//! | `char` (by name, or the BTF CHAR encoding bit) | `u8` |
//! | `signed char` / `unsigned char` | `i8` / `u8` |
//! | `_Bool` | `bpfgen_runtime::pod::Bool` (any byte can come from the kernel, so not a Rust `bool`; `get()`/`set()`/`From<bool>`) |
//! | 1/2/4/8-byte integers | `u8`…`u64`, `i8`…`i64` by the SIGNED bit |
//! | 16-byte integers, `long double` | `[u64; 2]` (BTF aligns them to 8, Rust's `u128` to 16) |
//! | `float` / `double` | `f32` / `f64`; a 2-byte float is its raw bits, `u16` |
//! | enums | newtypes over the integer of their size and signedness |

use bpfgen_runtime::obj::btf::{Btf, BtfKind, BtfType};

use super::ident::{sanitize, Scope};
use super::model::{EnumDecl, RustTy, TyInfo};
use super::TypeGenError;

/// `BTF_INT_SIGNED`.
const INT_SIGNED: u32 = 1;
/// `BTF_INT_CHAR`.
const INT_CHAR: u32 = 2;
/// `BTF_INT_BOOL`.
const INT_BOOL: u32 = 4;

/// The Rust integer of `size` bytes and signedness, for sizes 1, 2, 4 and 8.
pub(crate) fn int_prim(size: u32, signed: bool) -> Option<&'static str> {
    Some(match (size, signed) {
        (1, false) => "u8",
        (1, true) => "i8",
        (2, false) => "u16",
        (2, true) => "i16",
        (4, false) => "u32",
        (4, true) => "i32",
        (8, false) => "u64",
        (8, true) => "i64",
        _ => return None,
    })
}

/// `[u64; 2]`: 16 bytes, aligned to 8 as BTF (and libbpf) align them.
fn two_words() -> TyInfo {
    TyInfo {
        ty: RustTy::Array(Box::new(RustTy::Prim("u64")), 2),
        size: 16,
        align: 8,
    }
}

/// The Rust type of an INT (`t`, id `id`) used as a whole value.
pub(crate) fn int(btf: &Btf, id: u32, t: &BtfType) -> Result<TyInfo, TypeGenError> {
    let BtfKind::Int { encoding } = t.kind else {
        return Err(unsupported(btf, id, "not an INT"));
    };
    let enc = encoding >> 24;
    let is_char = enc & INT_CHAR != 0 || btf.name_of(id) == "char";
    let signed = enc & INT_SIGNED != 0 && enc & INT_BOOL == 0 && !is_char;
    let size = t.size();
    if size == 16 {
        return Ok(two_words());
    }
    if enc & INT_BOOL != 0 && size == 1 {
        return Ok(TyInfo {
            ty: RustTy::Runtime("Bool"),
            size: 1,
            align: 1,
        });
    }
    match int_prim(size, signed) {
        Some(p) => Ok(TyInfo::prim(p, size)),
        None => Err(unsupported(btf, id, format!("{size}-byte integer"))),
    }
}

/// The Rust type of a FLOAT.
pub(crate) fn float(btf: &Btf, id: u32, t: &BtfType) -> Result<TyInfo, TypeGenError> {
    match t.size() {
        2 => Ok(TyInfo::prim("u16", 2)),
        4 => Ok(TyInfo::prim("f32", 4)),
        8 => Ok(TyInfo::prim("f64", 8)),
        16 => Ok(two_words()),
        n => Err(unsupported(btf, id, format!("{n}-byte float"))),
    }
}

/// The newtype declaration of ENUM/ENUM64 `id`, named `name`. Values are
/// truncated to the enum's size and read as signed when the BTF says so
/// (`kind_flag`), so every const fits the underlying integer.
pub(crate) fn enum_decl(btf: &Btf, id: u32, name: &str) -> Result<EnumDecl, TypeGenError> {
    let t = btf.type_by_id(id).ok_or(TypeGenError::UnknownId { id })?;
    let (BtfKind::Enum(vals) | BtfKind::Enum64(vals)) = &t.kind else {
        return Err(unsupported(btf, id, "not an enum"));
    };
    let signed = t.kind_flag();
    let size = t.size();
    let repr =
        int_prim(size, signed).ok_or_else(|| unsupported(btf, id, format!("{size}-byte enum")))?;
    let mut consts = Scope::default();
    let values = vals
        .iter()
        .map(|e| {
            let c = consts.claim(&sanitize(btf.str_at(e.name_off).unwrap_or("")));
            (c, enum_value(e.value, size * 8, signed))
        })
        .collect();
    Ok(EnumDecl {
        name: name.to_string(),
        origin: btf.type_name(id),
        repr,
        size,
        values,
    })
}

/// `raw` truncated to `bits` and read as signed or unsigned.
pub(crate) fn enum_value(raw: u64, bits: u32, signed: bool) -> i128 {
    let v = if bits >= 64 {
        raw
    } else {
        raw & ((1u64 << bits) - 1)
    };
    if signed {
        let shift = 128 - bits;
        (i128::from(v) << shift) >> shift
    } else {
        i128::from(v)
    }
}

pub(crate) fn unsupported(btf: &Btf, id: u32, reason: impl Into<String>) -> TypeGenError {
    TypeGenError::Unsupported {
        id,
        type_name: btf.type_name(id),
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enum_values_fit_their_repr() {
        assert_eq!(enum_value(u64::MAX, 32, true), -1);
        assert_eq!(enum_value(u64::MAX, 32, false), i128::from(u32::MAX));
        assert_eq!(enum_value(u64::MAX, 64, false), i128::from(u64::MAX));
        assert_eq!(enum_value(u64::MAX, 64, true), -1);
        assert_eq!(enum_value(1 << 63, 64, true), i128::from(i64::MIN));
        assert_eq!(enum_value(200, 8, false), 200);
        assert_eq!(enum_value(200, 8, true), -56);
    }
}
