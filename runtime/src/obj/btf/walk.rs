//! Read-only queries over a [`Btf`]: lookups by id and name, strings and
//! modifier skipping. Every chain walk is limited to [`MAX_RESOLVE_DEPTH`] links.

use super::store::Types;
use super::types::{kind, BtfKind, BtfType, VarSecInfo};
use super::{Btf, BtfError, MAX_RESOLVE_DEPTH};

impl Btf {
    /// Number of type ids, including `void` (i.e. the last id + 1).
    pub fn type_count(&self) -> u32 {
        let n = match &self.types {
            Types::Decoded(v) => v.len(),
            Types::Lazy(l) => l.count(),
        };
        u32::try_from(n).unwrap_or(u32::MAX)
    }

    /// The type with this id; `None` for id 0 (`void`) and out-of-range ids (and, in a
    /// lazily read BTF, for a type that fails the checks [`Btf::parse`] makes).
    pub fn type_by_id(&self, id: u32) -> Option<&BtfType> {
        if id == 0 {
            return None;
        }
        match &self.types {
            Types::Decoded(v) => v.get(id as usize),
            Types::Lazy(l) => l.get(id, |t| self.validate_type(id, t).is_ok()),
        }
    }

    /// `name_off` and `BTF_KIND_*` of type `id` without decoding it; `None` for id 0
    /// and out-of-range ids.
    pub fn name_and_kind(&self, id: u32) -> Option<(u32, u32)> {
        if id == 0 {
            return None;
        }
        match &self.types {
            Types::Decoded(v) => v.get(id as usize).map(|t| (t.name_off, t.kind_num())),
            Types::Lazy(l) => l.header(id).map(|(name, info)| (name, (info >> 24) & 0x1f)),
        }
    }

    /// Calls `f(id, kind, name)` for every named type whose `BTF_KIND_*` passes
    /// `kinds`, in id order, without decoding any type: the fast path for name scans
    /// and name indexes over large (kernel) BTF.
    pub fn for_each_named(&self, kinds: impl Fn(u32) -> bool, mut f: impl FnMut(u32, u32, &[u8])) {
        let strings = self.strings.as_slice();
        self.for_each_header(|id, name_off, k| {
            if name_off == 0 || !kinds(k) {
                return;
            }
            let tail = strings.get(name_off as usize..).unwrap_or_default();
            let name = tail.split(|&b| b == 0).next().unwrap_or_default();
            if !name.is_empty() {
                f(id, k, name);
            }
        });
    }

    /// Calls `f(id, name_off, kind)` for every type in id order, without decoding: the
    /// one walk over the type store that the scans build on.
    pub fn for_each_header(&self, mut f: impl FnMut(u32, u32, u32)) {
        match &self.types {
            Types::Decoded(v) => {
                for (id, t) in (1u32..).zip(v.iter().skip(1)) {
                    f(id, t.name_off, t.kind_num());
                }
            }
            Types::Lazy(l) => l.for_each_header(|id, name, info| f(id, name, (info >> 24) & 0x1f)),
        }
    }

    /// Ids of kind `kind` named exactly `name`, ascending: a scan that compares each
    /// candidate's name in place and decodes nothing.
    pub fn ids_named(&self, name: &[u8], kind: u32) -> Vec<u32> {
        let strings = self.strings.as_slice();
        let n = name.len();
        let (Some(&first), Some(&last)) = (name.first(), name.last()) else {
            return Vec::new();
        };
        // First and last byte before the whole comparison: most names differ there.
        let matches = |off: u32| {
            let off = off as usize;
            strings.get(off) == Some(&first)
                && strings.get(off + n - 1) == Some(&last)
                && strings.get(off + n) == Some(&0)
                && strings.get(off..off + n) == Some(name)
        };
        let mut out = Vec::new();
        self.for_each_header(|id, name_off, k| {
            if k == kind && matches(name_off) {
                out.push(id);
            }
        });
        out
    }

    /// Mutable access to a type; `None` for id 0 and out-of-range ids.
    pub fn type_by_id_mut(&mut self, id: u32) -> Option<&mut BtfType> {
        if id == 0 {
            return None;
        }
        self.types_mut().get_mut(id as usize)
    }

    /// Iterates over `(id, type)` for every real type (ids 1..).
    pub fn iter_types(&self) -> impl Iterator<Item = (u32, &BtfType)> {
        (1..self.type_count()).filter_map(move |id| self.type_by_id(id).map(|t| (id, t)))
    }

    /// The NUL-terminated UTF-8 string at `off` in the string table;
    /// `None` if out of range, unterminated or not UTF-8.
    pub fn str_at(&self, off: u32) -> Option<&str> {
        let s = crate::obj::strtab::c_str_at(self.strings.as_slice(), off as usize)?;
        std::str::from_utf8(s).ok()
    }

    /// Name of type `id`; `""` for anonymous, `void` or invalid ids.
    pub fn name_of(&self, id: u32) -> &str {
        self.type_by_id(id)
            .and_then(|t| self.str_at(t.name_off))
            .unwrap_or("")
    }

    /// Follows TYPEDEF, VOLATILE, CONST, RESTRICT and TYPE_TAG links from
    /// `id`; returns the first other type and its id.
    pub fn skip_mods_and_typedefs(&self, id: u32) -> Result<(u32, &BtfType), BtfError> {
        self.skip_while(id, |k| is_mod(k) || k == kind::TYPEDEF)
    }

    /// Like [`Btf::skip_mods_and_typedefs`] but stops at typedefs.
    pub fn skip_mods(&self, id: u32) -> Result<(u32, &BtfType), BtfError> {
        self.skip_while(id, is_mod)
    }

    /// Looks up `id`, reporting void and out-of-range ids as errors.
    pub(super) fn type_checked(&self, id: u32, from: u32) -> Result<&BtfType, BtfError> {
        if id == 0 {
            return Err(BtfError::invalid(from, "void"));
        }
        self.type_by_id(id).ok_or(BtfError::BadTypeId {
            id,
            referenced_from: from,
        })
    }

    fn skip_while(&self, start: u32, skip: fn(u32) -> bool) -> Result<(u32, &BtfType), BtfError> {
        let mut id = start;
        let mut from = 0;
        for _ in 0..=MAX_RESOLVE_DEPTH {
            let t = self.type_checked(id, from)?;
            if !skip(t.kind_num()) {
                return Ok((id, t));
            }
            from = id;
            id = t.type_id();
        }
        Err(BtfError::TooDeep { id: start })
    }

    /// First type id with this name and `BTF_KIND_*` number.
    pub fn find_by_name_kind(&self, name: &str, kind: u32) -> Option<u32> {
        self.ids_named(name.as_bytes(), kind).first().copied()
    }

    /// The DATASEC named `name` (e.g. `.data`), with its entries.
    pub fn datasec_by_name(&self, name: &str) -> Option<(u32, &[VarSecInfo])> {
        let id = self.find_by_name_kind(name, kind::DATASEC)?;
        match &self.type_by_id(id)?.kind {
            BtfKind::Datasec(v) => Some((id, v.as_slice())),
            _ => None,
        }
    }
}

/// Whether a kind is a modifier (VOLATILE, CONST, RESTRICT, TYPE_TAG).
pub(super) fn is_mod(k: u32) -> bool {
    matches!(
        k,
        kind::VOLATILE | kind::CONST | kind::RESTRICT | kind::TYPE_TAG
    )
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{sample, small};
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn lookups() {
        let (b, ids) = small();
        assert_eq!(b.type_count(), ids.func + 1);
        assert!(b.type_by_id(0).is_none());
        assert!(b.type_by_id(b.type_count()).is_none());
        assert_eq!(b.name_of(ids.s), "foo");
        assert_eq!(b.name_of(ids.arr), "");
        assert_eq!(b.name_of(9999), "");
        assert_eq!(b.str_at(0), Some(""));
        assert_eq!(b.str_at(u32::MAX), None);
        assert_eq!(b.find_by_name_kind("foo_t", kind::TYPEDEF), Some(ids.td));
        assert_eq!(b.find_by_name_kind("foo_t", kind::STRUCT), None);
        assert_eq!(b.iter_types().count() as u32, b.type_count() - 1);
        let mut b = b;
        assert!(b.type_by_id_mut(0).is_none());
        if let Some(t) = b.type_by_id_mut(ids.int) {
            t.size_or_type = 8;
        }
        assert_eq!(b.resolve_size(ids.int).ok(), Some(8));
    }

    #[test]
    fn str_at_rejects_non_utf8() {
        let mut b = Btf::new_empty();
        b.strings.to_mut().extend_from_slice(&[0xff, 0xfe, 0]);
        assert_eq!(b.str_at(1), None);
    }

    #[test]
    fn skipping() {
        let b = sample();
        // cfg_val: VAR -> CONST -> VOLATILE -> int
        let cfg = b.find_by_name_kind("cfg_val", kind::VAR).expect("cfg_val");
        let ty = b.type_by_id(cfg).map(|t| t.type_id()).expect("var type");
        assert_eq!(b.skip_mods_and_typedefs(ty).map(|(id, _)| id).ok(), Some(1));
        // zeroed: u64 typedef -> unsigned long long
        let z = b.find_by_name_kind("zeroed", kind::VAR).expect("zeroed");
        let ty = b.type_by_id(z).map(|t| t.type_id()).expect("var type");
        assert_eq!(b.skip_mods(ty).map(|(id, _)| id).ok(), Some(ty));
        let (id, t) = b.skip_mods_and_typedefs(ty).expect("skip");
        assert_eq!(
            (b.name_of(id), t.kind_num()),
            ("unsigned long long", kind::INT)
        );
        // volatile u64 (id 14) -> typedef u64 (15) with skip_mods.
        assert_eq!(b.skip_mods(14).map(|(id, _)| id).ok(), Some(15));
        assert!(matches!(b.skip_mods(0), Err(BtfError::Invalid { .. })));
        assert!(matches!(b.skip_mods(9999), Err(BtfError::BadTypeId { .. })));
        // TYPE_TAG is a modifier: `int __tag *` -> pointee skips to int.
        assert_eq!(b.skip_mods(31).map(|(id, _)| id).ok(), Some(1));
    }

    /// `typedef T T` (id 1 refers to itself) and a 2-cycle through CONST.
    fn cyclic() -> Btf {
        let mut b = Btf::new_empty();
        let n = b.add_string("T");
        b.add_type(BtfType::new_typedef(n, 1));
        b.add_type(BtfType::new_const(3));
        b.add_type(BtfType::new_typedef(n, 2));
        b.add_type(BtfType::new_array(2, 1, 4));
        b
    }

    #[test]
    fn cycles_are_too_deep() {
        let b = cyclic();
        let start = Instant::now();
        for id in 1..=4 {
            let e = b.skip_mods_and_typedefs(id);
            assert!(
                matches!(e, Err(BtfError::TooDeep { .. })) || id == 4,
                "{e:?}"
            );
            assert!(matches!(b.resolve_size(id), Err(BtfError::TooDeep { id: i }) if i == id));
            assert!(matches!(b.align_of(id), Err(BtfError::TooDeep { .. })));
        }
        // skip_mods stops at the typedef.
        assert_eq!(b.skip_mods(2).map(|(id, _)| id).ok(), Some(3));
        assert_eq!(b.skip_mods(1).map(|(id, _)| id).ok(), Some(1));
        assert!(start.elapsed() < Duration::from_secs(1));
        let msg = b.resolve_size(1).err().map(|e| e.to_string());
        assert_eq!(
            msg.as_deref(),
            Some("type chain too deep or cyclic at type id 1")
        );
    }

    #[test]
    fn datasecs() {
        let b = sample();
        let (id, entries) = b.datasec_by_name(".data").expect(".data");
        assert_eq!(b.name_of(id), ".data");
        let names: Vec<&str> = entries.iter().map(|e| b.name_of(e.type_id)).collect();
        assert_eq!(names, ["global_counter", "prog.local_static", "big_var"]);
        assert!(b.datasec_by_name(".nope").is_none());
    }
}
