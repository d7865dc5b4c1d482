//! BTF type → [`TyInfo`], declaring structs, unions and enums on the way.
//!
//! Walks are bounded: a chain of typedefs, modifiers and arrays may have at
//! most [`MAX_RESOLVE_DEPTH`] links, composites may nest at most that deep,
//! and a composite that is reached again while it is being built is a cycle.

use bpfgen_runtime::obj::btf::{Btf, BtfKind, Member, MAX_RESOLVE_DEPTH};

use super::layout::{layout_struct, layout_union, Item, Shape};
use super::model::{BitValue, Composite, Decl, RustTy, TyInfo};
use super::scalar::{self, unsupported};
use super::{TypeGen, TypeGenError};

/// How deep a walk is: composite nesting and links since the last composite.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Depth {
    nest: u32,
    chain: u32,
}

impl Depth {
    fn link(self) -> Depth {
        Depth {
            chain: self.chain + 1,
            ..self
        }
    }

    fn enter(self) -> Depth {
        Depth {
            nest: self.nest + 1,
            chain: 0,
        }
    }

    fn exceeded(self) -> bool {
        self.nest > MAX_RESOLVE_DEPTH || self.chain > MAX_RESOLVE_DEPTH
    }
}

impl TypeGen<'_> {
    /// The Rust type of BTF type `id`. `hint` names the type if it turns out
    /// to be an anonymous struct, union or enum without a typedef name.
    pub(crate) fn lower(
        &mut self,
        id: u32,
        hint: Option<&str>,
        depth: Depth,
    ) -> Result<TyInfo, TypeGenError> {
        let btf = self.btf;
        if depth.exceeded() {
            return Err(TypeGenError::TooDeep {
                id,
                type_name: btf.type_name(id),
            });
        }
        if id == 0 {
            return Err(unsupported(btf, 0, "void has no layout"));
        }
        let t = btf.type_by_id(id).ok_or(TypeGenError::UnknownId { id })?;
        match &t.kind {
            BtfKind::Int { .. } => scalar::int(btf, id, t),
            BtfKind::Float => scalar::float(btf, id, t),
            BtfKind::Ptr => Ok(TyInfo::prim("u64", 8)),
            BtfKind::Array {
                elem_type, nelems, ..
            } => self.lower_array(id, *elem_type, *nelems, hint, depth),
            BtfKind::Typedef
            | BtfKind::Volatile
            | BtfKind::Const
            | BtfKind::Restrict
            | BtfKind::TypeTag => self.lower(t.type_id(), hint, depth.link()),
            BtfKind::Var { .. } => {
                let hint = hint.or(Some(btf.name_of(id)));
                self.lower(t.type_id(), hint, depth.link())
            }
            BtfKind::Struct(_) | BtfKind::Union(_) => self.lower_composite(id, hint, depth),
            BtfKind::Enum(_) | BtfKind::Enum64(_) => self.lower_enum(id, hint),
            BtfKind::Datasec(_) => self.lower_datasec(id, depth),
            BtfKind::Fwd => Err(unsupported(
                btf,
                id,
                "a forward declaration has no layout (usable only behind a pointer)",
            )),
            BtfKind::Func | BtfKind::FuncProto(_) | BtfKind::DeclTag { .. } => {
                Err(unsupported(btf, id, "not a data type"))
            }
        }
    }

    /// `[T; n]`.
    fn lower_array(
        &mut self,
        id: u32,
        elem: u32,
        nelems: u32,
        hint: Option<&str>,
        depth: Depth,
    ) -> Result<TyInfo, TypeGenError> {
        let elem = self.lower(elem, hint, depth.link())?;
        let size = elem
            .size
            .checked_mul(nelems)
            .ok_or_else(|| unsupported(self.btf, id, "array size overflows u32"))?;
        Ok(TyInfo {
            ty: RustTy::Array(Box::new(elem.ty), nelems),
            size,
            align: elem.align,
        })
    }

    /// A struct or union: its declaration is built once and memoised by id.
    fn lower_composite(
        &mut self,
        id: u32,
        hint: Option<&str>,
        depth: Depth,
    ) -> Result<TyInfo, TypeGenError> {
        if let Some(info) = self.state.done.get(&id) {
            return Ok(info.clone());
        }
        let btf = self.btf;
        if !self.state.in_progress.insert(id) {
            return Err(TypeGenError::Cyclic {
                id,
                type_name: btf.type_name(id),
            });
        }
        let is_union = matches!(btf.type_by_id(id).map(|t| &t.kind), Some(BtfKind::Union(_)));
        let fallback = if is_union {
            "anon_union"
        } else {
            "anon_struct"
        };
        let name = self.state.names.get_or_assign(id, hint.unwrap_or(fallback));
        let built = self.build_composite(id, &name, depth.enter());
        self.state.in_progress.remove(&id);
        let decl = built?;
        Ok(self.finish_composite(id, name, decl))
    }

    /// Records the finished struct `decl` named `name` for BTF type `id` and returns how
    /// other types refer to it.
    pub(super) fn finish_composite(&mut self, id: u32, name: String, decl: Composite) -> TyInfo {
        let info = TyInfo {
            ty: RustTy::Named(name.clone()),
            size: decl.size,
            align: decl.align,
        };
        self.state.done.insert(id, info.clone());
        self.state.decls.insert(name, Decl::Composite(decl));
        info
    }

    fn build_composite(
        &mut self,
        id: u32,
        name: &str,
        depth: Depth,
    ) -> Result<Composite, TypeGenError> {
        let btf = self.btf;
        let t = btf.type_by_id(id).ok_or(TypeGenError::UnknownId { id })?;
        let (members, is_union) = match &t.kind {
            BtfKind::Struct(m) => (m, false),
            BtfKind::Union(m) => (m, true),
            _ => return Err(unsupported(btf, id, "not a struct or union")),
        };
        let mut items = Vec::with_capacity(members.len());
        let mut anon = 0u32;
        for m in members {
            items.push(self.member_item(id, name, m, &mut anon, depth)?);
        }
        let shape = Shape {
            size: t.size(),
            align: inferred_align(
                btf.align_of(id)?,
                self.proven_align.get(&id).copied().unwrap_or(1),
                t.size(),
                &items,
                is_union,
            ),
        };
        let origin = btf.type_name(id);
        let laid = if is_union {
            layout_union(name, origin, items, shape)
        } else {
            layout_struct(name, origin, items, shape)
        };
        laid.map_err(|reason| layout_error(btf, id, reason))
    }

    /// One member of composite `parent` (Rust name `pname`) as a layout item.
    fn member_item(
        &mut self,
        parent: u32,
        pname: &str,
        m: &Member,
        anon: &mut u32,
        depth: Depth,
    ) -> Result<Item, TypeGenError> {
        let btf = self.btf;
        let c_name = btf.str_at(m.name_off).unwrap_or("").to_string();
        let hint = if c_name.is_empty() {
            *anon += 1;
            format!("{pname}__anon_{anon}")
        } else {
            format!("{pname}__{c_name}")
        };
        let (bit_off, width) = member_bits(btf, parent, m)?;
        if width == 0 {
            let info = self.lower(m.type_id, Some(&hint), depth)?;
            return Ok(Item::Member {
                c_name,
                info,
                bit_off,
            });
        }
        let value = self.bit_value(m.type_id, &hint, width)?;
        Ok(Item::Bits {
            c_name,
            bit_off,
            width,
            value,
        })
    }

    /// The accessor type of a bitfield of type `type_id` and `width` bits.
    fn bit_value(
        &mut self,
        type_id: u32,
        hint: &str,
        width: u32,
    ) -> Result<BitValue, TypeGenError> {
        let btf = self.btf;
        let (id, t) = btf.skip_mods_and_typedefs(type_id)?;
        let (value, bits) = match &t.kind {
            BtfKind::Int { .. } => match scalar::int(btf, id, t)?.ty {
                RustTy::Prim(p) if p.starts_with('i') => (BitValue::Signed(p), t.size() * 8),
                RustTy::Prim(p) => (BitValue::Unsigned(p), t.size() * 8),
                // A `_Bool` bitfield reads as its bits, like libbpf's skeletons.
                RustTy::Runtime("Bool") => (BitValue::Unsigned("u8"), 8),
                _ => return Err(unsupported(btf, id, "bitfield wider than 64 bits")),
            },
            BtfKind::Enum(_) | BtfKind::Enum64(_) => {
                let info = self.lower_enum(id, Some(hint))?;
                let RustTy::Named(name) = info.ty else {
                    return Err(unsupported(btf, id, "enum without a name"));
                };
                let repr = match self.state.decls.get(&name) {
                    Some(Decl::Enum(e)) => e.repr,
                    _ => return Err(unsupported(btf, id, "enum without a declaration")),
                };
                let signed = repr.starts_with('i');
                (BitValue::Enum { name, repr, signed }, t.size() * 8)
            }
            _ => return Err(unsupported(btf, id, "bitfield of a non-integer type")),
        };
        if width > bits {
            return Err(unsupported(
                btf,
                id,
                format!("{width}-bit bitfield of a {bits}-bit type"),
            ));
        }
        Ok(value)
    }

    /// An ENUM/ENUM64 newtype, memoised by id.
    pub(crate) fn lower_enum(
        &mut self,
        id: u32,
        hint: Option<&str>,
    ) -> Result<TyInfo, TypeGenError> {
        if let Some(info) = self.state.done.get(&id) {
            return Ok(info.clone());
        }
        let name = self
            .state
            .names
            .get_or_assign(id, hint.unwrap_or("anon_enum"));
        let decl = scalar::enum_decl(self.btf, id, &name)?;
        let info = TyInfo {
            ty: RustTy::Named(name.clone()),
            size: decl.size,
            align: decl.size,
        };
        self.state.done.insert(id, info.clone());
        self.state.decls.insert(name, Decl::Enum(decl));
        Ok(info)
    }
}

/// `(bit offset, bitfield width)` of a member; width 0 for whole members.
/// Without `kind_flag`, old-style bitfields are INTs narrower than their
/// size (or with a bit offset), as libbpf reads them.
fn member_bits(btf: &Btf, parent: u32, m: &Member) -> Result<(u32, u32), TypeGenError> {
    let t = btf
        .type_by_id(parent)
        .ok_or(TypeGenError::UnknownId { id: parent })?;
    if t.kind_flag() {
        return Ok((m.offset & 0x00ff_ffff, m.offset >> 24));
    }
    let (_, mt) = btf.skip_mods_and_typedefs(m.type_id)?;
    if let BtfKind::Int { encoding } = mt.kind {
        let (int_off, bits) = ((encoding >> 16) & 0xff, encoding & 0xff);
        if int_off != 0 || u64::from(bits) != u64::from(mt.size()) * 8 || m.offset % 8 != 0 {
            let off = m
                .offset
                .checked_add(int_off)
                .ok_or_else(|| layout_error(btf, parent, "bit offset overflows".into()))?;
            return Ok((off, bits));
        }
    }
    Ok((m.offset, 0))
}

pub(crate) fn layout_error(btf: &Btf, id: u32, reason: String) -> TypeGenError {
    TypeGenError::Layout {
        id,
        type_name: btf.type_name(id),
        reason,
    }
}

/// The alignment to lay a struct out with: BTF's (libbpf `btf__align_of`, 1 for packed
/// types), raised to what the evidence proves, since BTF records no `aligned(N)`:
/// - a member whose own type was raised (its `TyInfo` alignment) raises the holder;
/// - tail padding: members ending at byte `e` in a struct of size `s > round_up(e, a)`
///   prove a larger alignment; the tightest power of two `a'` with `round_up(e, a') == s`
///   is taken (`struct { u32 v; } aligned(16)` of size 16 gets 16, `{ u32 v[3]; }` 8);
/// - `proven`: what the struct's placements in other structs and in data sections
///   prove (see [`super::align_evidence`]).
///
/// Packed structs (BTF alignment 1 below their members'), unions and structs with
/// bitfields (whose storage alignment BTF's rule already weighs) keep BTF's.
fn inferred_align(btf_align: u32, proven: u32, size: u32, items: &[Item], is_union: bool) -> u32 {
    // (offset + size, alignment) of each whole member; none if there are bitfields.
    let members: Option<Vec<(u32, u32)>> = items
        .iter()
        .map(|i| match i {
            Item::Member { info, bit_off, .. } => Some((bit_off / 8 + info.size, info.align)),
            Item::Bits { .. } => None,
        })
        .collect();
    let Some(members) = members.filter(|_| !is_union) else {
        return btf_align;
    };
    let member_align = members.iter().map(|m| m.1).max().unwrap_or(1);
    if btf_align == 1 && member_align > 1 {
        return btf_align;
    }
    let align = btf_align.max(member_align).max(proven);
    let end = members.iter().map(|m| m.0).max().unwrap_or(0);
    let round = |x: u32, a: u32| x.div_ceil(a) * a;
    if end == 0 || size <= round(end, align) {
        return align;
    }
    let mut candidate = align * 2;
    while candidate <= 4096 {
        if round(end, candidate) == size {
            return candidate;
        }
        candidate *= 2;
    }
    align
}
