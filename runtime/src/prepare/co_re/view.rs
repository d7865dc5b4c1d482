//! A read-only view over a BTF type graph, implemented by standalone [`Btf`]
//! and by module [`SplitBtf`](super::SplitBtf), plus the few walks CO-RE
//! needs (libbpf `skip_mods_and_typedefs`, `btf__resolve_size`, member bit
//! offsets). Unlike the [`Btf`] methods, `void` (id 0) is a valid result of a
//! walk here, as in libbpf.

use std::ops::Range;

use super::error::Fail;
use super::names::NameMatcher;
use crate::obj::btf::{kind, Btf, BtfError, BtfKind, BtfType, Enumerator, Member};
use crate::obj::btf::{resolve_size_with, MAX_RESOLVE_DEPTH};

/// Read access to the types and strings of one BTF object.
pub trait BtfView {
    /// The type with this id; `None` for id 0 (`void`) and unknown ids.
    fn type_by_id(&self, id: u32) -> Option<&BtfType>;
    /// The string at `off`; `None` when out of range or not UTF-8.
    fn str_at(&self, off: u32) -> Option<&str>;
    /// The ids this object defines itself (for split BTF: without the base).
    fn own_ids(&self) -> Range<u32>;

    /// The raw bytes of the NUL-terminated string at `off` (empty when out
    /// of range); no UTF-8 check, for fast indexing.
    fn name_bytes(&self, off: u32) -> &[u8] {
        self.str_at(off).map_or(&[], str::as_bytes)
    }

    /// `name_off` and `BTF_KIND_*` of type `id`, without decoding it where the view
    /// can (a lazily read BTF).
    fn name_and_kind(&self, id: u32) -> Option<(u32, u32)> {
        self.type_by_id(id).map(|t| (t.name_off, t.kind_num()))
    }

    /// Calls `f(id, kind, name)` for every named own type whose kind passes `kinds`,
    /// in id order (views over large BTF do it without decoding).
    fn for_each_named(&self, kinds: &dyn Fn(u32) -> bool, f: &mut dyn FnMut(u32, u32, &[u8])) {
        for id in self.own_ids() {
            if let Some((off, k)) = self.name_and_kind(id) {
                let name = self.name_bytes(off);
                if kinds(k) && !name.is_empty() {
                    f(id, k, name);
                }
            }
        }
    }

    /// Own ids of kind `k` named exactly `name`, ascending (a scan).
    fn ids_named(&self, name: &[u8], k: u32) -> Vec<u32> {
        let mut out = Vec::new();
        self.for_each_named(&|kind| kind == k, &mut |id, _, n| {
            if n == name {
                out.push(id);
            }
        });
        out
    }

    /// Own ids of a kind compatible with `k` whose essential name is `ess`, ascending
    /// (a scan; libbpf's `bpf_core_add_cands`).
    fn ids_with_essential_name(&self, ess: &[u8], k: u32) -> Vec<u32> {
        self.ids_with_essential_names(&[(k, ess)])
            .pop()
            .unwrap_or_default()
    }

    /// For each wanted (kind, essential name), the own ids of a compatible kind whose
    /// essential name it is, ascending: [`BtfView::ids_with_essential_name`] for many
    /// names in one pass.
    fn ids_with_essential_names(&self, wanted: &[(u32, &[u8])]) -> Vec<Vec<u32>> {
        let matcher = NameMatcher::new(wanted);
        let mut out = vec![Vec::new(); wanted.len()];
        self.for_each_named(&|k| matcher.wants_kind(k), &mut |id, k, name| {
            matcher.matches(k, name, |w| out[w].push(id));
        });
        out
    }

    /// Name of type `id`; `""` for anonymous, `void` and invalid ids.
    fn name_of(&self, id: u32) -> &str {
        self.type_by_id(id)
            .and_then(|t| self.str_at(t.name_off))
            .unwrap_or("")
    }
}

impl BtfView for Btf {
    fn type_by_id(&self, id: u32) -> Option<&BtfType> {
        Btf::type_by_id(self, id)
    }
    fn str_at(&self, off: u32) -> Option<&str> {
        Btf::str_at(self, off)
    }
    fn own_ids(&self) -> Range<u32> {
        1..self.type_count()
    }
    fn name_bytes(&self, off: u32) -> &[u8] {
        c_str(self.strings(), off as usize)
    }
    fn name_and_kind(&self, id: u32) -> Option<(u32, u32)> {
        Btf::name_and_kind(self, id)
    }
    fn for_each_named(&self, kinds: &dyn Fn(u32) -> bool, f: &mut dyn FnMut(u32, u32, &[u8])) {
        Btf::for_each_named(self, kinds, f);
    }
    fn ids_named(&self, name: &[u8], k: u32) -> Vec<u32> {
        Btf::ids_named(self, name, k)
    }
    fn ids_with_essential_names(&self, wanted: &[(u32, &[u8])]) -> Vec<Vec<u32>> {
        // One walk over the type headers; a name is read only when its kind and first
        // two bytes are wanted.
        let strings = self.strings();
        let matcher = NameMatcher::new(wanted);
        let mut out = vec![Vec::new(); wanted.len()];
        Btf::for_each_header(self, |id, name_off, k| {
            matcher.visit(strings, id, name_off, k, &mut out);
        });
        out
    }
}

/// The bytes from `off` up to the next NUL (empty if out of range or unterminated).
pub(crate) fn c_str(table: &[u8], off: usize) -> &[u8] {
    crate::obj::strtab::c_str_at(table, off).unwrap_or_default()
}

/// A type reached by a walk: its id and the type (`None` = `void`).
pub(crate) type Resolved<'a> = (u32, Option<&'a BtfType>);

/// Looks up `id`, mapping 0 to `void`; unknown ids are errors.
pub(crate) fn get(view: &dyn BtfView, id: u32, from: u32) -> Result<Option<&BtfType>, Fail> {
    if id == 0 {
        return Ok(None);
    }
    match view.type_by_id(id) {
        Some(t) => Ok(Some(t)),
        None => Err(Fail::Btf(BtfError::BadTypeId {
            id,
            referenced_from: from,
        })),
    }
}

/// Follows TYPEDEF, CONST, VOLATILE, RESTRICT and TYPE_TAG links
/// (libbpf `skip_mods_and_typedefs`), at most [`MAX_RESOLVE_DEPTH`] of them.
pub(crate) fn skip(view: &dyn BtfView, start: u32) -> Result<Resolved<'_>, Fail> {
    let mut id = start;
    let mut from = 0;
    for _ in 0..=MAX_RESOLVE_DEPTH {
        let Some(t) = get(view, id, from)? else {
            return Ok((0, None));
        };
        match t.kind_num() {
            kind::TYPEDEF | kind::CONST | kind::VOLATILE | kind::RESTRICT | kind::TYPE_TAG => {
                from = id;
                id = t.type_id();
            }
            _ => return Ok((id, Some(t))),
        }
    }
    Err(Fail::Btf(BtfError::TooDeep { id: start }))
}

/// Byte size of `id` (libbpf `btf__resolve_size`) in any view: the walk of
/// [`resolve_size_with`], with `void` and ids out of range as errors.
pub(crate) fn resolve_size(view: &dyn BtfView, id: u32) -> Result<u32, Fail> {
    resolve_size_with(
        id,
        |cur| {
            get(view, cur, id)?.ok_or_else(|| {
                Fail::Btf(BtfError::Invalid {
                    id,
                    reason: "void has no size".to_string(),
                })
            })
        },
        |id, reason| Fail::Btf(BtfError::Invalid { id, reason }),
    )
}

/// Kind number of a resolved type (`void` is kind 0, `BTF_KIND_UNKN`).
pub(crate) fn kind_of(t: Option<&BtfType>) -> u32 {
    t.map_or(kind::UNKN, BtfType::kind_num)
}

/// libbpf `btf_kind_core_compat`: same kind, or both enums (ENUM/ENUM64).
pub(crate) fn kinds_compat(a: u32, b: u32) -> bool {
    a == b || (is_any_enum(a) && is_any_enum(b))
}

/// ENUM or ENUM64.
pub(crate) fn is_any_enum(k: u32) -> bool {
    k == kind::ENUM || k == kind::ENUM64
}

/// Members of a STRUCT or UNION.
pub(crate) fn members(t: Option<&BtfType>) -> Option<&[Member]> {
    match t.map(|t| &t.kind) {
        Some(BtfKind::Struct(ms) | BtfKind::Union(ms)) => Some(ms),
        _ => None,
    }
}

/// Enumerators of an ENUM or ENUM64.
pub(crate) fn enumerators(t: Option<&BtfType>) -> Option<&[Enumerator]> {
    match t.map(|t| &t.kind) {
        Some(BtfKind::Enum(es) | BtfKind::Enum64(es)) => Some(es),
        _ => None,
    }
}

/// `BTF_INT_ENCODING` of an INT (0 for other kinds).
pub(crate) fn int_encoding(t: &BtfType) -> u32 {
    match t.kind {
        BtfKind::Int { encoding } => (encoding >> 24) & 0x0f,
        _ => 0,
    }
}

/// `BTF_INT_OFFSET` of an INT (0 for other kinds).
pub(crate) fn int_offset(t: &BtfType) -> u32 {
    match t.kind {
        BtfKind::Int { encoding } => (encoding >> 16) & 0xff,
        _ => 0,
    }
}

/// `BTF_INT_SIGNED`.
pub(crate) const INT_SIGNED: u32 = 1;

/// A step budget shared by one relocation's matching walks, so that
/// adversarial graphs (anonymous members referencing each other, wide
/// nested composites) cannot make matching exponential.
#[derive(Debug)]
pub(crate) struct Budget {
    left: u32,
}

/// Steps allowed for one relocation (member visits, name comparisons,
/// recursion levels); real kernels need a few thousand at most.
pub(crate) const STEP_BUDGET: u32 = 1 << 22;

impl Budget {
    /// A full budget.
    pub(crate) fn new() -> Budget {
        Budget { left: STEP_BUDGET }
    }

    /// Consumes one step.
    pub(crate) fn step(&mut self) -> Result<(), Fail> {
        match self.left.checked_sub(1) {
            Some(l) => {
                self.left = l;
                Ok(())
            }
            None => Err(Fail::TooComplex(STEP_BUDGET)),
        }
    }
}
