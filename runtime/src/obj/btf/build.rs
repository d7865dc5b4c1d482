//! Constructors for [`BtfType`] that keep the `info` word (kind, vlen,
//! kind_flag) consistent with the payload.

use super::types::{kind, BtfKind, BtfType, Enumerator, Member, Param, VarSecInfo};

/// Encodes an `info` word.
pub(super) fn info_word(kind: u32, vlen: u32, kind_flag: bool) -> u32 {
    (u32::from(kind_flag) << 31) | ((kind & 0x1f) << 24) | (vlen & 0xffff)
}

/// A `vlen` for `n` records, saturated at the 16-bit maximum.
pub(super) fn vlen_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX).min(0xffff)
}

fn make(name_off: u32, info: u32, size_or_type: u32, kind: BtfKind) -> BtfType {
    BtfType {
        name_off,
        info,
        size_or_type,
        kind,
    }
}

impl BtfType {
    /// `INT` of `size` bytes; `encoding` is the raw trailing word
    /// (`encoding << 24 | bit_offset << 16 | nr_bits`).
    pub fn new_int(name_off: u32, size: u32, encoding: u32) -> BtfType {
        make(
            name_off,
            info_word(kind::INT, 0, false),
            size,
            BtfKind::Int { encoding },
        )
    }

    /// Anonymous `PTR` to `type_id`.
    pub fn new_ptr(type_id: u32) -> BtfType {
        make(0, info_word(kind::PTR, 0, false), type_id, BtfKind::Ptr)
    }

    /// `ARRAY` of `nelems` elements of `elem_type`, indexed by `index_type`.
    pub fn new_array(elem_type: u32, index_type: u32, nelems: u32) -> BtfType {
        let k = BtfKind::Array {
            elem_type,
            index_type,
            nelems,
        };
        make(0, info_word(kind::ARRAY, 0, false), 0, k)
    }

    /// `STRUCT` of `size` bytes. `kind_flag` is set when any member's raw
    /// offset has bitfield-size bits (`offset >> 24 != 0`).
    pub fn new_struct(name_off: u32, size: u32, members: Vec<Member>) -> BtfType {
        let kf = members.iter().any(|m| m.offset >> 24 != 0);
        let info = info_word(kind::STRUCT, vlen_of(members.len()), kf);
        make(name_off, info, size, BtfKind::Struct(members))
    }

    /// `UNION` of `size` bytes (kind_flag as for [`BtfType::new_struct`]).
    pub fn new_union(name_off: u32, size: u32, members: Vec<Member>) -> BtfType {
        let kf = members.iter().any(|m| m.offset >> 24 != 0);
        let info = info_word(kind::UNION, vlen_of(members.len()), kf);
        make(name_off, info, size, BtfKind::Union(members))
    }

    /// 32-bit `ENUM` of `size` bytes; `signed` sets kind_flag.
    pub fn new_enum(name_off: u32, size: u32, values: Vec<Enumerator>, signed: bool) -> BtfType {
        let info = info_word(kind::ENUM, vlen_of(values.len()), signed);
        make(name_off, info, size, BtfKind::Enum(values))
    }

    /// `ENUM64` of `size` bytes; `signed` sets kind_flag.
    pub fn new_enum64(name_off: u32, size: u32, values: Vec<Enumerator>, signed: bool) -> BtfType {
        let info = info_word(kind::ENUM64, vlen_of(values.len()), signed);
        make(name_off, info, size, BtfKind::Enum64(values))
    }

    /// `FWD` declaration of a struct (or union if `is_union`).
    pub fn new_fwd(name_off: u32, is_union: bool) -> BtfType {
        make(name_off, info_word(kind::FWD, 0, is_union), 0, BtfKind::Fwd)
    }

    /// `TYPEDEF name = type_id`.
    pub fn new_typedef(name_off: u32, type_id: u32) -> BtfType {
        make(
            name_off,
            info_word(kind::TYPEDEF, 0, false),
            type_id,
            BtfKind::Typedef,
        )
    }

    /// `VOLATILE type_id`.
    pub fn new_volatile(type_id: u32) -> BtfType {
        make(
            0,
            info_word(kind::VOLATILE, 0, false),
            type_id,
            BtfKind::Volatile,
        )
    }

    /// `CONST type_id`.
    pub fn new_const(type_id: u32) -> BtfType {
        make(0, info_word(kind::CONST, 0, false), type_id, BtfKind::Const)
    }

    /// `RESTRICT type_id`.
    pub fn new_restrict(type_id: u32) -> BtfType {
        make(
            0,
            info_word(kind::RESTRICT, 0, false),
            type_id,
            BtfKind::Restrict,
        )
    }

    /// `FUNC` named `name_off` with prototype `proto` and `linkage`
    /// (0 static, 1 global, 2 extern).
    pub fn new_func(name_off: u32, proto: u32, linkage: u32) -> BtfType {
        make(
            name_off,
            info_word(kind::FUNC, linkage, false),
            proto,
            BtfKind::Func,
        )
    }

    /// Anonymous `FUNC_PROTO` returning `ret` (0 = void).
    pub fn new_func_proto(ret: u32, params: Vec<Param>) -> BtfType {
        let info = info_word(kind::FUNC_PROTO, vlen_of(params.len()), false);
        make(0, info, ret, BtfKind::FuncProto(params))
    }

    /// `VAR` of `type_id` with `linkage` (0 static, 1 global, 2 extern).
    pub fn new_var(name_off: u32, type_id: u32, linkage: u32) -> BtfType {
        let info = info_word(kind::VAR, 0, false);
        make(name_off, info, type_id, BtfKind::Var { linkage })
    }

    /// `DATASEC` of `size` bytes holding `entries`.
    pub fn new_datasec(name_off: u32, size: u32, entries: Vec<VarSecInfo>) -> BtfType {
        let info = info_word(kind::DATASEC, vlen_of(entries.len()), false);
        make(name_off, info, size, BtfKind::Datasec(entries))
    }

    /// `FLOAT` of `size` bytes.
    pub fn new_float(name_off: u32, size: u32) -> BtfType {
        make(
            name_off,
            info_word(kind::FLOAT, 0, false),
            size,
            BtfKind::Float,
        )
    }

    /// `DECL_TAG` `name_off` on `type_id` (`component_idx` -1 = whole decl).
    pub fn new_decl_tag(name_off: u32, type_id: u32, component_idx: i32) -> BtfType {
        let info = info_word(kind::DECL_TAG, 0, false);
        make(name_off, info, type_id, BtfKind::DeclTag { component_idx })
    }

    /// `TYPE_TAG` `name_off` on `type_id`.
    pub fn new_type_tag(name_off: u32, type_id: u32) -> BtfType {
        make(
            name_off,
            info_word(kind::TYPE_TAG, 0, false),
            type_id,
            BtfKind::TypeTag,
        )
    }
}

/// The `BTF_KIND_*` number a payload variant corresponds to.
pub(super) fn kind_of(k: &BtfKind) -> u32 {
    match k {
        BtfKind::Int { .. } => kind::INT,
        BtfKind::Ptr => kind::PTR,
        BtfKind::Array { .. } => kind::ARRAY,
        BtfKind::Struct(_) => kind::STRUCT,
        BtfKind::Union(_) => kind::UNION,
        BtfKind::Enum(_) => kind::ENUM,
        BtfKind::Fwd => kind::FWD,
        BtfKind::Typedef => kind::TYPEDEF,
        BtfKind::Volatile => kind::VOLATILE,
        BtfKind::Const => kind::CONST,
        BtfKind::Restrict => kind::RESTRICT,
        BtfKind::Func => kind::FUNC,
        BtfKind::FuncProto(_) => kind::FUNC_PROTO,
        BtfKind::Var { .. } => kind::VAR,
        BtfKind::Datasec(_) => kind::DATASEC,
        BtfKind::Float => kind::FLOAT,
        BtfKind::DeclTag { .. } => kind::DECL_TAG,
        BtfKind::TypeTag => kind::TYPE_TAG,
        BtfKind::Enum64(_) => kind::ENUM64,
    }
}

/// Number of trailing records a payload carries, if it is a vlen kind.
pub(super) fn payload_len(k: &BtfKind) -> Option<usize> {
    match k {
        BtfKind::Struct(v) | BtfKind::Union(v) => Some(v.len()),
        BtfKind::Enum(v) | BtfKind::Enum64(v) => Some(v.len()),
        BtfKind::FuncProto(v) => Some(v.len()),
        BtfKind::Datasec(v) => Some(v.len()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_words() {
        let s = BtfType::new_struct(
            1,
            8,
            vec![Member {
                name_off: 0,
                type_id: 1,
                offset: 3 << 24 | 5,
            }],
        );
        assert_eq!(s.kind_num(), kind::STRUCT);
        assert_eq!(s.vlen(), 1);
        assert!(s.kind_flag());
        let f = BtfType::new_func(2, 3, 1);
        assert_eq!((f.kind_num(), f.vlen(), f.type_id()), (kind::FUNC, 1, 3));
        assert_eq!(BtfType::new_fwd(1, true).info, 0x8700_0000);
        assert_eq!(vlen_of(usize::MAX), 0xffff);
        for t in [
            BtfType::new_int(0, 4, 32),
            BtfType::new_ptr(1),
            BtfType::new_array(1, 1, 2),
            BtfType::new_enum64(0, 8, vec![], false),
            BtfType::new_typedef(0, 1),
            BtfType::new_float(0, 4),
            BtfType::new_decl_tag(0, 1, -1),
            BtfType::new_type_tag(0, 1),
            BtfType::new_datasec(0, 0, vec![]),
            BtfType::new_var(0, 1, 0),
            BtfType::new_func_proto(0, vec![]),
            BtfType::new_restrict(1),
            BtfType::new_volatile(1),
            BtfType::new_const(1),
        ] {
            assert_eq!(t.kind_num(), kind_of(&t.kind));
        }
    }
}
