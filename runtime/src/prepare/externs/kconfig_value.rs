//! Encoding one `.kconfig` extern's value from the kernel configuration, following
//! libbpf's `set_kcfg_value_tri` / `_str` / `_num` rules for each extern type.

use crate::obj::btf::{kind, Btf, BtfKind};

/// How an extern's C type wants its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KcfgType {
    Bool,
    Char,
    Tristate,
    Int { size: u32, signed: bool },
    CharArray { len: u32 },
}

fn classify(btf: &Btf, type_id: u32) -> Result<KcfgType, String> {
    let (_, t) = btf
        .skip_mods_and_typedefs(type_id)
        .map_err(|e| e.to_string())?;
    match &t.kind {
        BtfKind::Int { encoding } => {
            let (enc, bits) = (encoding >> 24, encoding & 0xff);
            Ok(match (enc, t.size()) {
                (4, 1) => KcfgType::Bool,
                (2, 1) => KcfgType::Char,
                _ if bits == t.size() * 8 && matches!(t.size(), 1 | 2 | 4 | 8) => KcfgType::Int {
                    size: t.size(),
                    signed: enc & 1 != 0,
                },
                _ => return Err(format!("unsupported integer type ({} bytes)", t.size())),
            })
        }
        BtfKind::Enum(_) if btf.str_at(t.name_off) == Some("libbpf_tristate") => {
            Ok(KcfgType::Tristate)
        }
        BtfKind::Array {
            elem_type, nelems, ..
        } => {
            let (_, e) = btf
                .skip_mods_and_typedefs(*elem_type)
                .map_err(|e| e.to_string())?;
            if e.kind_num() == kind::INT && e.size() == 1 {
                Ok(KcfgType::CharArray { len: *nelems })
            } else {
                Err("arrays must be of char".into())
            }
        }
        _ => Err("unsupported .kconfig extern type".into()),
    }
}

/// Encodes `raw` (the config file's spelling: `y`, `m`, `n`, `"str"`, `123`, `0x1f`) for the
/// extern whose VAR type is `type_id`.
pub(crate) fn encode(btf: &Btf, type_id: u32, raw: &str) -> Result<Vec<u8>, String> {
    let ty = classify(btf, type_id)?;
    let tri = |v: &str| match v {
        "y" => Some(b'y'),
        "m" => Some(b'm'),
        "n" => Some(b'n'),
        _ => None,
    };
    match ty {
        KcfgType::Bool => match tri(raw) {
            Some(b'y') => Ok(vec![1]),
            Some(b'n') => Ok(vec![0]),
            Some(_) => Err("value 'm' cannot be a bool".into()),
            None => Err(format!("value {raw:?} is not a bool")),
        },
        KcfgType::Char => tri(raw)
            .map(|c| vec![c])
            .ok_or_else(|| format!("value {raw:?} is not a tristate")),
        KcfgType::Tristate => match tri(raw) {
            // enum libbpf_tristate { TRI_NO = 0, TRI_YES = 1, TRI_MODULE = 2 }
            Some(b'n') => Ok(0u32.to_ne_bytes().to_vec()),
            Some(b'y') => Ok(1u32.to_ne_bytes().to_vec()),
            Some(_) => Ok(2u32.to_ne_bytes().to_vec()),
            None => Err(format!("value {raw:?} is not a tristate")),
        },
        KcfgType::CharArray { len } => {
            let s = raw
                .strip_prefix('"')
                .and_then(|r| r.strip_suffix('"'))
                .ok_or_else(|| format!("value {raw:?} is not a string"))?;
            let mut out = vec![0u8; len as usize];
            let n = s.len().min(out.len().saturating_sub(1));
            out[..n].copy_from_slice(&s.as_bytes()[..n]);
            Ok(out)
        }
        KcfgType::Int { size, signed } => encode_int(raw, size, signed),
    }
}

fn encode_int(raw: &str, size: u32, signed: bool) -> Result<Vec<u8>, String> {
    let value: i128 = if let Some(hex) = raw.strip_prefix("0x").or_else(|| raw.strip_prefix("0X")) {
        i128::from_str_radix(hex, 16).map_err(|_| format!("value {raw:?} is not a number"))?
    } else {
        raw.parse()
            .map_err(|_| format!("value {raw:?} is not a number"))?
    };
    let bits = size * 8;
    let (min, max) = if signed {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    };
    if value < min || value > max {
        return Err(format!("value {raw} does not fit {size} bytes"));
    }
    Ok(value.to_le_bytes()[..size as usize].to_vec())
}

#[cfg(test)]
mod tests {
    use super::encode_int;

    #[test]
    fn ints() {
        assert_eq!(encode_int("0x10", 4, false), Ok(vec![16, 0, 0, 0]));
        assert_eq!(encode_int("-1", 2, true), Ok(vec![0xff, 0xff]));
        assert!(encode_int("300", 1, false).is_err());
        assert!(encode_int("x", 4, false).is_err());
    }
}
