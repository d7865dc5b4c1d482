//! Access specs (libbpf `struct bpf_core_spec`, `bpf_core_parse_spec`,
//! `bpf_core_format_spec`, `is_flex_arr`).
//!
//! The *raw* spec is the access string as numbers (`"0:1:2"` → `[0, 1, 2]`);
//! the *high-level* spec keeps only the semantically meaningful accessors:
//! the root element, named members and array indices (anonymous members are
//! looked through).

use super::error::Fail;
use super::kind::CoreReloKind;
use super::view::{enumerators, members, resolve_size, skip, BtfView};
use crate::obj::btf::{BtfKind, CoreRelo};

/// Longest raw (and high-level) spec (libbpf `BPF_CORE_SPEC_MAX_LEN`).
pub(crate) const SPEC_MAX_LEN: usize = 64;

/// One high-level accessor: a named member of a composite, or an array index.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Accessor<'a> {
    /// The composite (member accessor) or the array element type (index accessor).
    pub type_id: u32,
    /// Member index or array index.
    pub idx: u32,
    /// Member (or enumerator) name; `None` for an array accessor.
    pub name: Option<&'a str>,
}

/// A parsed or matched spec over one BTF.
pub(crate) struct Spec<'a> {
    /// The BTF the ids refer to.
    pub btf: &'a dyn BtfView,
    /// Root type id as given (modifiers and typedefs not skipped).
    pub root_type_id: u32,
    /// Relocation kind.
    pub kind: CoreReloKind,
    /// High-level accessors.
    pub acc: Vec<Accessor<'a>>,
    /// Raw accessor indices.
    pub raw: Vec<u32>,
    /// Bit offset of the accessed field from the root pointer.
    pub bit_offset: u32,
}

impl<'a> Spec<'a> {
    /// An empty spec rooted at `root_type_id`.
    pub(crate) fn new(btf: &'a dyn BtfView, root_type_id: u32, kind: CoreReloKind) -> Self {
        Spec {
            btf,
            root_type_id,
            kind,
            acc: Vec::new(),
            raw: Vec::new(),
            bit_offset: 0,
        }
    }

    /// Adds `idx` elements of `elem_size` bytes to the bit offset.
    pub(crate) fn add_elems(&mut self, idx: u32, elem_size: u32) -> Result<(), Fail> {
        let bits = u64::from(idx) * u64::from(elem_size) * 8;
        self.add_bits(bits)
    }

    /// Adds `bits` to the bit offset, failing on u32 overflow.
    pub(crate) fn add_bits(&mut self, bits: u64) -> Result<(), Fail> {
        let sum = u64::from(self.bit_offset) + bits;
        self.bit_offset =
            u32::try_from(sum).map_err(|_| Fail::unsat("field bit offset overflows u32"))?;
        Ok(())
    }

    /// Appends a raw index, enforcing [`SPEC_MAX_LEN`].
    pub(crate) fn push_raw(&mut self, idx: u32) -> Result<(), Fail> {
        if self.raw.len() >= SPEC_MAX_LEN {
            return Err(Fail::unsat("struct/union/array nesting too deep"));
        }
        self.raw.push(idx);
        Ok(())
    }

    /// C-like path of the high-level spec (`.a[3].b`), with the root's
    /// index shown only when non-zero (libbpf `bpf_core_format_spec`).
    pub(crate) fn path(&self) -> String {
        let mut s = String::new();
        for (i, a) in self.acc.iter().enumerate() {
            match a.name {
                Some(n) => {
                    s.push('.');
                    s.push_str(n);
                }
                None if i > 0 || a.idx > 0 => s.push_str(&format!("[{}]", a.idx)),
                None => {}
            }
        }
        s
    }
}

/// Parses `"0:1:2"` strictly: decimal indices up to `i32::MAX` separated by
/// single colons, at most [`SPEC_MAX_LEN`] of them.
pub(crate) fn parse_access(s: &str) -> Result<Vec<u32>, Fail> {
    let mut out = Vec::new();
    for part in s.split(':') {
        if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Fail::spec(format!("malformed access string {s:?}")));
        }
        let v: u32 = part
            .parse()
            .ok()
            .filter(|&v| v <= i32::MAX as u32)
            .ok_or_else(|| Fail::spec(format!("access index {part} out of range")))?;
        if out.len() == SPEC_MAX_LEN {
            return Err(Fail::spec(format!(
                "access string has more than {SPEC_MAX_LEN} indices"
            )));
        }
        out.push(v);
    }
    Ok(out)
}

/// Whether `arr` (with `nelems` elements) reached through accessor `prev` is
/// a flexible array: the zero-length last member of a struct.
pub(crate) fn is_flex_arr(btf: &dyn BtfView, prev: Option<&Accessor<'_>>, nelems: u32) -> bool {
    let Some(prev) = prev else { return false };
    if prev.name.is_none() || nelems > 0 {
        return false;
    }
    members(btf.type_by_id(prev.type_id))
        .is_some_and(|ms| ms.len().checked_sub(1) == Some(prev.idx as usize))
}

/// libbpf `bpf_core_parse_spec`: validates the local access string against
/// the local type and computes the high-level spec and bit offset.
pub(crate) fn parse_spec<'a>(
    btf: &'a dyn BtfView,
    relo: &CoreRelo,
    kind: CoreReloKind,
) -> Result<Spec<'a>, Fail> {
    let access = btf
        .str_at(relo.access_str_off)
        .ok_or_else(|| Fail::spec(format!("bad access string offset {}", relo.access_str_off)))?;
    let mut spec = Spec::new(btf, relo.type_id, kind);
    if kind.is_type_based() {
        if access != "0" {
            return Err(Fail::spec(format!(
                "type-based relocation needs access string \"0\", got {access:?}"
            )));
        }
        return Ok(spec);
    }
    spec.raw = parse_access(access)?;
    let first = spec.raw.first().copied().unwrap_or(0);
    let (id, t) = skip(btf, relo.type_id)?;
    spec.acc.push(Accessor {
        type_id: id,
        idx: first,
        name: None,
    });
    if kind.is_enumval_based() {
        let e = enumerators(t)
            .filter(|_| spec.raw.len() == 1)
            .and_then(|es| es.get(first as usize))
            .ok_or_else(|| Fail::spec("enum value access must be one index into an enum"))?;
        if let Some(a) = spec.acc.first_mut() {
            a.name = Some(btf.str_at(e.name_off).unwrap_or(""));
        }
        return Ok(spec);
    }
    let size = resolve_size(btf, id)?;
    spec.add_elems(first, size)?;
    let raw = spec.raw.clone();
    let mut id = id;
    for &idx in raw.iter().skip(1) {
        id = step_into(&mut spec, id, idx)?;
    }
    Ok(spec)
}

/// One raw accessor of [`parse_spec`] below the root: returns the next type id.
fn step_into(spec: &mut Spec<'_>, id: u32, idx: u32) -> Result<u32, Fail> {
    let btf = spec.btf;
    let (id, t) = skip(btf, id)?;
    if let (Some(t), Some(ms)) = (t, members(t)) {
        let m = ms.get(idx as usize).ok_or_else(|| {
            Fail::spec(format!("member index {idx} out of range for type [{id}]"))
        })?;
        let (bit_off, _) = t.member_bits(m);
        spec.add_bits(u64::from(bit_off))?;
        if m.name_off != 0 {
            let name = btf.str_at(m.name_off).unwrap_or("");
            if name.is_empty() {
                return Err(Fail::spec(format!(
                    "member {idx} of [{id}] has an invalid name"
                )));
            }
            spec.acc.push(Accessor {
                type_id: id,
                idx,
                name: Some(name),
            });
        }
        return Ok(m.type_id);
    }
    if let Some(BtfKind::Array {
        elem_type, nelems, ..
    }) = t.map(|t| &t.kind)
    {
        let (elem, _) = skip(btf, *elem_type)?;
        let flex = is_flex_arr(btf, spec.acc.last(), *nelems);
        if !flex && idx >= *nelems {
            return Err(Fail::spec(format!(
                "array index {idx} out of range ({nelems} elements)"
            )));
        }
        spec.acc.push(Accessor {
            type_id: elem,
            idx,
            name: None,
        });
        let size = resolve_size(btf, elem)?;
        spec.add_elems(idx, size)?;
        return Ok(elem);
    }
    Err(Fail::spec(format!(
        "access into type [{id}] of kind {} which is neither composite nor array",
        t.map_or(0, |t| t.kind_num())
    )))
}
