//! Sizes and alignments of types (libbpf `btf__resolve_size` and
//! `btf__align_of`), depth-limited to [`MAX_RESOLVE_DEPTH`] links.

use std::collections::HashMap;

use super::types::{BtfKind, BtfType};
use super::{Btf, BtfError, MAX_RESOLVE_DEPTH};

/// Size of a pointer in BPF-targeted BTF.
const PTR_SIZE: u32 = 8;

/// The size walk of every BTF view (a whole BTF here, split module BTF in CO-RE): follows
/// typedefs, modifiers, VARs and tags, multiplies array lengths, and fails on sizeless
/// kinds (void, FWD, FUNC, FUNC_PROTO), on overflow and past [`MAX_RESOLVE_DEPTH`] links.
/// `type_of` looks a type up (its error covers ids out of range and `void`); `invalid`
/// builds the error for a type id and a reason.
pub fn resolve_size_with<'a, E>(
    id: u32,
    mut type_of: impl FnMut(u32) -> Result<&'a BtfType, E>,
    invalid: impl Fn(u32, String) -> E,
) -> Result<u32, E>
where
    E: From<BtfError>,
{
    let mut cur = id;
    let mut nelems: u64 = 1;
    let overflow = || invalid(id, "size overflows u32".to_string());
    for _ in 0..=MAX_RESOLVE_DEPTH {
        let t = type_of(cur)?;
        let size = match &t.kind {
            BtfKind::Int { .. }
            | BtfKind::Struct(_)
            | BtfKind::Union(_)
            | BtfKind::Enum(_)
            | BtfKind::Enum64(_)
            | BtfKind::Datasec(_)
            | BtfKind::Float => u64::from(t.size()),
            BtfKind::Ptr => u64::from(PTR_SIZE),
            BtfKind::Typedef
            | BtfKind::Volatile
            | BtfKind::Const
            | BtfKind::Restrict
            | BtfKind::Var { .. }
            | BtfKind::DeclTag { .. }
            | BtfKind::TypeTag => {
                cur = t.type_id();
                continue;
            }
            BtfKind::Array {
                elem_type,
                nelems: n,
                ..
            } => {
                nelems = nelems.checked_mul(u64::from(*n)).ok_or_else(overflow)?;
                if nelems > u64::from(u32::MAX) {
                    return Err(overflow());
                }
                cur = *elem_type;
                continue;
            }
            BtfKind::Fwd | BtfKind::Func | BtfKind::FuncProto(_) => {
                return Err(invalid(cur, format!("kind {} has no size", t.kind_num())))
            }
        };
        let total = size.checked_mul(nelems).ok_or_else(overflow)?;
        return u32::try_from(total).map_err(|_| overflow());
    }
    Err(BtfError::TooDeep { id }.into())
}

impl Btf {
    /// Byte size of type `id` (libbpf `btf__resolve_size`): pointers are 8
    /// bytes, arrays multiply (overflow is an error), VAR/typedef/modifiers
    /// and DECL_TAG are followed; void, FWD, FUNC and FUNC_PROTO are errors.
    pub fn resolve_size(&self, id: u32) -> Result<u32, BtfError> {
        resolve_size_with(id, |cur| self.type_checked(cur, id), BtfError::invalid)
    }

    /// Alignment of type `id` in bytes (libbpf `btf__align_of`): scalars
    /// align to `min(8, size)`, pointers to 8, composites to their largest
    /// member unless a member offset or the total size shows the type is
    /// packed (then 1).
    pub fn align_of(&self, id: u32) -> Result<u32, BtfError> {
        let mut memo = HashMap::new();
        self.align_rec(id, id, 0, &mut memo)
    }

    fn align_rec(
        &self,
        start: u32,
        id: u32,
        depth: u32,
        memo: &mut HashMap<u32, u32>,
    ) -> Result<u32, BtfError> {
        if depth > MAX_RESOLVE_DEPTH {
            return Err(BtfError::TooDeep { id: start });
        }
        if let Some(&a) = memo.get(&id) {
            return Ok(a);
        }
        let t = self.type_checked(id, start)?;
        let align = match &t.kind {
            BtfKind::Int { .. } | BtfKind::Enum(_) | BtfKind::Enum64(_) | BtfKind::Float => {
                PTR_SIZE.min(t.size())
            }
            BtfKind::Ptr => PTR_SIZE,
            BtfKind::Typedef
            | BtfKind::Volatile
            | BtfKind::Const
            | BtfKind::Restrict
            | BtfKind::TypeTag => self.align_rec(start, t.type_id(), depth + 1, memo)?,
            BtfKind::Array { elem_type, .. } => {
                self.align_rec(start, *elem_type, depth + 1, memo)?
            }
            BtfKind::Struct(ms) | BtfKind::Union(ms) => {
                let mut max_align = 1;
                let mut packed = false;
                for m in ms {
                    let a = self.align_rec(start, m.type_id, depth + 1, memo)?;
                    max_align = max_align.max(a);
                    let (bit_off, bit_size) = t.member_bits(m);
                    if bit_size == 0 && u64::from(bit_off) % (8 * u64::from(a)) != 0 {
                        packed = true;
                    }
                }
                if packed || t.size() % max_align != 0 {
                    1
                } else {
                    max_align
                }
            }
            _ => {
                return Err(BtfError::invalid(
                    id,
                    format!("alignment of kind {} is undefined", t.kind_num()),
                ))
            }
        };
        if align == 0 {
            return Err(BtfError::invalid(id, "zero alignment"));
        }
        memo.insert(id, align);
        Ok(align)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{sample, small};
    use super::super::types::{kind, BtfType, Member};
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn sizes() {
        let (b, ids) = small();
        assert_eq!(b.resolve_size(ids.s).ok(), Some(32));
        assert_eq!(b.resolve_size(ids.td).ok(), Some(32));
        assert_eq!(b.resolve_size(ids.arr).ok(), Some(16));
        assert_eq!(b.resolve_size(ids.ptr_const_char).ok(), Some(8));
        assert!(b.resolve_size(0).is_err());
        assert!(b.resolve_size(ids.func).is_err());
        assert!(b.resolve_size(ids.proto).is_err());
        let s = sample();
        let arr2d = s.find_by_name_kind("arr2d", kind::VAR).expect("arr2d");
        assert_eq!(s.resolve_size(arr2d).ok(), Some(48));
        let (ds, _) = s.datasec_by_name(".bss").expect(".bss");
        assert_eq!(s.resolve_size(ds).ok(), Some(0));
        let e64 = s.find_by_name_kind("big64", kind::ENUM64).expect("big64");
        assert_eq!(s.resolve_size(e64).ok(), Some(8));
    }

    #[test]
    fn size_overflow_and_empty_arrays() {
        let mut b = Btf::new_empty();
        let int = b.add_type(BtfType::new_int(0, 4, 32));
        let a = b.add_type(BtfType::new_array(int, int, 0x1_0000));
        let aa = b.add_type(BtfType::new_array(a, int, 0x1_0000));
        let aaa = b.add_type(BtfType::new_array(aa, int, u32::MAX));
        let zero = b.add_type(BtfType::new_array(aa, int, 0));
        assert!(matches!(b.resolve_size(aa), Err(BtfError::Invalid { .. })));
        assert!(matches!(b.resolve_size(aaa), Err(BtfError::Invalid { .. })));
        assert_eq!(b.resolve_size(a).ok(), Some(0x4_0000));
        assert_eq!(b.resolve_size(zero).ok(), Some(0));
    }

    #[test]
    fn alignment() {
        let (mut b, ids) = small();
        assert_eq!(b.align_of(ids.chr).ok(), Some(1));
        assert_eq!(b.align_of(ids.arr).ok(), Some(1));
        assert_eq!(b.align_of(ids.s).ok(), Some(8));
        assert_eq!(b.align_of(ids.td).ok(), Some(8));
        assert!(b.align_of(0).is_err());
        assert!(b.align_of(ids.func).is_err());
        let m = |type_id, offset| Member {
            name_off: 0,
            type_id,
            offset,
        };
        // struct __attribute__((packed)) { char c; int i; }
        let packed = vec![m(ids.chr, 0), m(ids.int, 8)];
        let p = b.add_type(BtfType::new_struct(0, 5, packed));
        assert_eq!(b.align_of(p).ok(), Some(1));
        // Aligned members but size not a multiple: packed too.
        let odd = b.add_type(BtfType::new_struct(0, 6, vec![m(ids.int, 0)]));
        assert_eq!(b.align_of(odd).ok(), Some(1));
        // Bitfield members do not count as misaligned.
        let bf = b.add_type(BtfType::new_struct(0, 4, vec![m(ids.int, 3 << 24 | 3)]));
        assert_eq!(b.align_of(bf).ok(), Some(4));
        let s = sample();
        let pkt = s.find_by_name_kind("pkt", kind::STRUCT).expect("pkt");
        assert_eq!(s.align_of(pkt).ok(), Some(8));
    }

    #[test]
    fn wide_graphs_stay_fast() {
        // 30 levels, each a struct with 200 members of the previous level:
        // naive recursion would visit 200^30 nodes.
        let mut b = Btf::new_empty();
        let mut prev = b.add_type(BtfType::new_int(0, 4, 32));
        for _ in 0..30 {
            let ms = (0..200)
                .map(|_| Member {
                    name_off: 0,
                    type_id: prev,
                    offset: 0,
                })
                .collect();
            prev = b.add_type(BtfType::new_struct(0, 4, ms));
        }
        let start = Instant::now();
        assert_eq!(b.align_of(prev).ok(), Some(4));
        assert!(start.elapsed() < Duration::from_secs(1));
    }
}
