//! Relocation values from a local and a target spec (libbpf
//! `bpf_core_calc_relo`, `bpf_core_calc_field_relo`,
//! `bpf_core_calc_type_relo`, `bpf_core_calc_enumval_relo`).

use super::error::Fail;
use super::kind::CoreReloKind;
use super::spec::Spec;
use super::target::Candidate;
use super::view::INT_SIGNED;
use super::view::{int_encoding, is_any_enum, members, resolve_size, skip};
use crate::obj::btf::{kind, BtfKind, BtfType};

/// The computed result of one relocation (libbpf `struct bpf_core_relo_res`),
/// ready to be patched into an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreResolution {
    /// Relocation kind.
    pub kind: CoreReloKind,
    /// Value the compiler should have put into the instruction (from the local BTF).
    pub orig_val: u64,
    /// Value for the running kernel.
    pub new_val: u64,
    /// No candidate matched and the kind has no "not found" value: poison.
    pub poison: bool,
    /// Whether the instruction's current value must equal `orig_val`.
    pub validate: bool,
    /// The field changed size in a way that makes resizing a load/store
    /// unsafe (only pointers and unsigned integers may be resized).
    pub fail_memsz_adjust: bool,
    /// Local field size in bytes (FIELD_BYTE_OFFSET of non-bitfields, else 0).
    pub orig_sz: u32,
    /// Target field size in bytes (FIELD_BYTE_OFFSET of non-bitfields, else 0).
    pub new_sz: u32,
    /// The first matching candidate (`None` if none matched or none was needed).
    pub target: Option<Candidate>,
}

impl CoreResolution {
    /// A result with both values 0, validation on, nothing poisoned.
    pub(crate) fn empty(kind: CoreReloKind) -> Self {
        CoreResolution {
            kind,
            orig_val: 0,
            new_val: 0,
            poison: false,
            validate: true,
            fail_memsz_adjust: false,
            orig_sz: 0,
            new_sz: 0,
            target: None,
        }
    }
}

/// A field relocation value for one side.
struct FieldVal {
    val: u64,
    /// Memory size for load/store adjustment (0 = not applicable).
    sz: u32,
    /// Type of the field (for the adjustment safety check).
    type_id: u32,
    validate: bool,
}

/// Computes the result for `local` against `targ` (`None`: no candidate).
pub(crate) fn calc_relo(
    local: &Spec<'_>,
    targ: Option<&Spec<'_>>,
    target: Option<Candidate>,
) -> Result<CoreResolution, Fail> {
    let kind = local.kind;
    let mut res = CoreResolution::empty(kind);
    res.target = target;
    if kind == CoreReloKind::FieldExists || kind == CoreReloKind::EnumvalExists {
        res.orig_val = 1;
        res.new_val = u64::from(targ.is_some());
    } else if kind.is_field_based() {
        let l = calc_field(local)?;
        (res.orig_val, res.orig_sz, res.validate) = (l.val, l.sz, l.validate);
        let Some(targ) = targ else {
            res.poison = true;
            return Ok(res);
        };
        let t = calc_field(targ)?;
        (res.new_val, res.new_sz) = (t.val, t.sz);
        if l.sz != t.sz {
            let lt = local.btf.type_by_id(l.type_id);
            let tt = targ.btf.type_by_id(t.type_id);
            res.fail_memsz_adjust = !resizable(lt, tt);
        }
    } else if kind.is_type_based() {
        (res.orig_val, res.validate) = calc_type(local)?;
        if let Some(targ) = targ {
            res.new_val = calc_type(targ)?.0;
        }
    } else {
        res.orig_val = enum_value(local)?;
        match targ {
            Some(targ) => res.new_val = enum_value(targ)?,
            None => res.poison = true,
        }
    }
    Ok(res)
}

/// Loads/stores may change size only for pointers and unsigned integers.
fn resizable(lt: Option<&BtfType>, tt: Option<&BtfType>) -> bool {
    let (Some(lt), Some(tt)) = (lt, tt) else {
        return false;
    };
    let (lk, tk) = (lt.kind_num(), tt.kind_num());
    if lk == kind::PTR && tk == kind::PTR {
        return true;
    }
    lk == kind::INT
        && tk == kind::INT
        && int_encoding(lt) != INT_SIGNED
        && int_encoding(tt) != INT_SIGNED
}

/// `bpf_core_calc_type_relo` for one side: `(value, validate)`.
fn calc_type(spec: &Spec<'_>) -> Result<(u64, bool), Fail> {
    Ok(match spec.kind {
        CoreReloKind::TypeIdTarget => (u64::from(spec.root_type_id), false),
        CoreReloKind::TypeSize => (u64::from(resolve_size(spec.btf, spec.root_type_id)?), true),
        _ => (1, true),
    })
}

/// `bpf_core_calc_enumval_relo` (ENUMVAL_VALUE): 32-bit enumerators are
/// sign-extended, as libbpf reads them through an `__s32`.
fn enum_value(spec: &Spec<'_>) -> Result<u64, Fail> {
    let acc = spec
        .acc
        .first()
        .ok_or_else(|| Fail::spec("empty enum spec"))?;
    let (_, t) = skip(spec.btf, acc.type_id)?;
    let missing = || Fail::spec("enumerator index out of range");
    match t.map(|t| &t.kind) {
        Some(BtfKind::Enum(es)) => {
            let v = es.get(acc.idx as usize).ok_or_else(missing)?.value;
            Ok(i64::from(v as u32 as i32) as u64)
        }
        Some(BtfKind::Enum64(es)) => Ok(es.get(acc.idx as usize).ok_or_else(missing)?.value),
        _ => Err(Fail::spec("enum value relocation on a non-enum")),
    }
}

/// `bpf_core_calc_field_relo` for one side (FIELD_EXISTS excluded).
fn calc_field(spec: &Spec<'_>) -> Result<FieldVal, Fail> {
    let kind = spec.kind;
    let acc = spec
        .acc
        .last()
        .ok_or_else(|| Fail::spec("empty field spec"))?;
    if acc.name.is_none() {
        return match kind {
            CoreReloKind::FieldByteOffset => Ok(FieldVal {
                val: u64::from(spec.bit_offset / 8),
                sz: resolve_size(spec.btf, acc.type_id)?,
                type_id: acc.type_id,
                validate: true,
            }),
            CoreReloKind::FieldByteSize => Ok(FieldVal {
                val: u64::from(resolve_size(spec.btf, acc.type_id)?),
                sz: 0,
                type_id: 0,
                validate: true,
            }),
            _ => Err(Fail::unsat(format!(
                "{kind} cannot be applied to an array element"
            ))),
        };
    }
    let t = spec.btf.type_by_id(acc.type_id);
    let (t, m) = t
        .zip(members(t).and_then(|ms| ms.get(acc.idx as usize)))
        .ok_or_else(|| Fail::spec("accessor does not name a member"))?;
    let (field_type_id, mt) = skip(spec.btf, m.type_id)?;
    let bit_off = spec.bit_offset;
    let (_, bitfield_sz) = t.member_bits(m);
    let bitfield = bitfield_sz > 0;
    let (byte_off, byte_sz, bit_sz) = if bitfield {
        let (off, sz) = bitfield_load(mt, bit_off, bitfield_sz)?;
        (off, sz, bitfield_sz)
    } else {
        let sz = resolve_size(spec.btf, field_type_id)?;
        (bit_off / 8, sz, sz.wrapping_mul(8))
    };
    let mut out = FieldVal {
        val: 0,
        sz: 0,
        type_id: 0,
        validate: !bitfield,
    };
    out.val = match kind {
        CoreReloKind::FieldByteOffset => {
            if !bitfield {
                (out.sz, out.type_id) = (byte_sz, field_type_id);
            }
            u64::from(byte_off)
        }
        CoreReloKind::FieldByteSize => u64::from(byte_sz),
        CoreReloKind::FieldSigned => {
            out.validate = true;
            u64::from(mt.is_some_and(is_signed))
        }
        CoreReloKind::FieldLshiftU64 => u64::from(lshift(bit_off, bit_sz, byte_off, byte_sz)),
        CoreReloKind::FieldRshiftU64 => {
            out.validate = true;
            u64::from(64u32.wrapping_sub(bit_sz))
        }
        _ => return Err(Fail::unsat(format!("{kind} is not a field relocation"))),
    };
    Ok(out)
}

/// Signed INT, or ENUM/ENUM64 with the signed flag.
fn is_signed(t: &BtfType) -> bool {
    (is_any_enum(t.kind_num()) && t.kind_flag())
        || (t.kind_num() == kind::INT && int_encoding(t) & INT_SIGNED != 0)
}

/// Smallest naturally aligned load (starting at the field type's size) that
/// covers the bitfield: `(byte_off, byte_sz)`.
fn bitfield_load(mt: Option<&BtfType>, bit_off: u32, bit_sz: u32) -> Result<(u32, u32), Fail> {
    let size = mt.map_or(0, BtfType::size);
    if size == 0 {
        return Err(Fail::unsat("bitfield of a type without size"));
    }
    let (bit_off, bit_sz) = (u64::from(bit_off), u64::from(bit_sz));
    let mut byte_sz = u64::from(size);
    let mut byte_off = bit_off / 8 / byte_sz * byte_sz;
    while bit_off + bit_sz - byte_off * 8 > byte_sz * 8 {
        if byte_sz >= 8 {
            return Err(Fail::unsat("bitfield cannot be read with a 64-bit load"));
        }
        byte_sz *= 2;
        byte_off = bit_off / 8 / byte_sz * byte_sz;
    }
    let to32 = |v: u64| u32::try_from(v).map_err(|_| Fail::unsat("bitfield offset overflows"));
    Ok((to32(byte_off)?, to32(byte_sz)?))
}

/// `BPF_CORE_FIELD_LSHIFT_U64` in the host's byte order (the host is the
/// kernel the program runs on), with libbpf's 32-bit wrapping arithmetic.
fn lshift(bit_off: u32, bit_sz: u32, byte_off: u32, byte_sz: u32) -> u32 {
    let in_load = bit_off.wrapping_sub(byte_off.wrapping_mul(8));
    if cfg!(target_endian = "little") {
        64u32.wrapping_sub(in_load.wrapping_add(bit_sz))
    } else {
        8u32.wrapping_sub(byte_sz)
            .wrapping_mul(8)
            .wrapping_add(in_load)
    }
}
