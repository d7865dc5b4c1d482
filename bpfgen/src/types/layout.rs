//! Field layout of structs, unions and DATASEC structs: explicit padding,
//! bitfield storage, and the `repr` that makes Rust's layout equal BTF's.
//!
//! The rules:
//! - Fields follow offset order. Any gap becomes `__pad_<offset>: [u8; n]`,
//!   including the tail, so the struct has no implicit padding at all.
//! - Consecutive bitfields whose bytes overlap or touch share one
//!   `__bitfield_<offset>: [u8; n]` storage field; each named bitfield gets a
//!   getter and a `set_` setter.
//! - The target alignment is BTF's (libbpf `btf__align_of`: 1 for packed
//!   types). If the fields align to more, the type is `#[repr(C, packed)]`
//!   (`packed(n)` if n > 1); if to less (byte storage of an aligned bitfield
//!   unit), a zero-sized `__align: [uN; 0]` field raises it (not
//!   `repr(align)`, which a packed parent could not contain).
//! - A union is a struct holding `__bytes: [u8; size]` with a getter and
//!   setter per member (and bitfield accessors on the same bytes): a Rust
//!   `union` built from a small member would leave bytes uninitialised, which
//!   a `Pod` type must never have, and reading it would need `unsafe`.

use super::ident::{sanitize, Scope};
use super::model::{BitValue, Bitfield, Composite, Field, Role, RustTy, TyInfo, UnionMember};

/// One member as the layout sees it.
#[derive(Debug, Clone)]
pub(crate) enum Item {
    /// A whole-byte member (or DATASEC variable).
    Member {
        /// C name (empty for an anonymous struct/union member).
        c_name: String,
        /// Rust type and layout.
        info: TyInfo,
        /// Offset in bits.
        bit_off: u32,
    },
    /// A bitfield.
    Bits {
        /// C name (empty for an unnamed bitfield).
        c_name: String,
        /// Offset in bits.
        bit_off: u32,
        /// Width in bits.
        width: u32,
        /// Accessor value type.
        value: BitValue,
    },
}

impl Item {
    fn bit_off(&self) -> u32 {
        match self {
            Item::Member { bit_off, .. } | Item::Bits { bit_off, .. } => *bit_off,
        }
    }
}

/// Size and target alignment of the type being laid out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    /// Size in bytes.
    pub size: u32,
    /// Target alignment in bytes.
    pub align: u32,
}

/// Method names a bitfield accessor must not take: an inherent `clone()`
/// would silently shadow `Clone::clone`.
const TRAIT_METHODS: &[&str] = &["clone", "clone_from", "default", "fmt"];

/// Lays out a struct (or DATASEC struct). Errors are human-readable reasons.
pub(crate) fn layout_struct(
    name: &str,
    origin: String,
    items: Vec<Item>,
    shape: Shape,
) -> Result<Composite, String> {
    let mut b = Builder::new(&items);
    let mut items = items;
    items.sort_by_key(Item::bit_off);
    for item in items {
        match item {
            Item::Member {
                c_name,
                info,
                bit_off,
            } => {
                b.close_group()?;
                if bit_off % 8 != 0 {
                    return Err(format!("member `{c_name}` starts at bit {bit_off}"));
                }
                b.pad_to(bit_off / 8, &c_name)?;
                let field = b.member_name(&c_name);
                b.push(field, info, Role::Member);
            }
            Item::Bits {
                c_name,
                bit_off,
                width,
                value,
            } => b.add_bits(c_name, bit_off, width, value)?,
        }
    }
    b.close_group()?;
    if b.cursor > shape.size {
        return Err(format!(
            "members end at byte {}, past the size {}",
            b.cursor, shape.size
        ));
    }
    b.pad_to(shape.size, "")?;
    b.finish(name, origin, shape)
}

/// Lays out a union: `__bytes` storage, every member at offset 0.
pub(crate) fn layout_union(
    name: &str,
    origin: String,
    items: Vec<Item>,
    shape: Shape,
) -> Result<Composite, String> {
    let mut b = Builder::new(&[]);
    let storage = b.fields_scope.claim_suffixed("__bytes");
    b.push(storage.clone(), TyInfo::bytes(shape.size), Role::UnionBytes);
    for item in items {
        match item {
            Item::Member {
                c_name,
                info,
                bit_off,
            } => b.union_member(c_name, info, bit_off, shape.size)?,
            Item::Bits {
                c_name,
                bit_off,
                width,
                value,
            } => {
                if u64::from(bit_off) + u64::from(width) > u64::from(shape.size) * 8 {
                    return Err(format!("union bitfield `{c_name}` does not fit"));
                }
                let group = Group {
                    start: 0,
                    end: shape.size,
                    members: vec![(c_name, bit_off, width, value)],
                };
                b.add_accessors(&storage, group);
            }
        }
    }
    b.finish(name, origin, shape)
}

/// An open run of bitfields sharing storage bytes `start..end`.
struct Group {
    start: u32,
    end: u32,
    members: Vec<(String, u32, u32, BitValue)>,
}

struct Builder {
    fields: Vec<Field>,
    bitfields: Vec<Bitfield>,
    union_members: Vec<UnionMember>,
    cursor: u32,
    fields_scope: Scope,
    methods: Scope,
    /// Rust names of named C members, in input order, claimed up front so
    /// C names win over generated ones.
    member_names: Vec<(String, String)>,
    anon: u32,
    group: Option<Group>,
}

impl Builder {
    fn new(items: &[Item]) -> Builder {
        let mut fields_scope = Scope::default();
        let member_names = items
            .iter()
            .filter_map(|i| match i {
                Item::Member { c_name, .. } if !c_name.is_empty() => Some(c_name.clone()),
                _ => None,
            })
            .map(|c| {
                let r = fields_scope.claim(&sanitize(&c));
                (c, r)
            })
            .collect();
        Builder {
            fields: Vec::new(),
            bitfields: Vec::new(),
            union_members: Vec::new(),
            cursor: 0,
            fields_scope,
            methods: Scope::with_taken(TRAIT_METHODS.iter().copied()),
            member_names,
            anon: 0,
            group: None,
        }
    }

    /// The Rust field name of the next member named `c_name` (`__anon_N` for
    /// anonymous members, numbered like their types `parent__anon_N`).
    fn member_name(&mut self, c_name: &str) -> String {
        if c_name.is_empty() {
            self.anon += 1;
            return self
                .fields_scope
                .claim_suffixed(&format!("__anon_{}", self.anon));
        }
        match self.member_names.iter().position(|(c, _)| c == c_name) {
            Some(i) => self.member_names.remove(i).1,
            None => self.fields_scope.claim(&sanitize(c_name)),
        }
    }

    /// Adds the getter and setter of a union member.
    fn union_member(
        &mut self,
        c_name: String,
        info: TyInfo,
        bit_off: u32,
        size: u32,
    ) -> Result<(), String> {
        if bit_off != 0 || info.size > size {
            return Err(format!(
                "union member `{c_name}` ({} bytes at bit {bit_off}) does not fit in {size} bytes",
                info.size
            ));
        }
        let (getter, setter) = if c_name.is_empty() {
            self.anon += 1;
            (
                format!("__anon_{}", self.anon),
                format!("set_anon_{}", self.anon),
            )
        } else {
            (sanitize(&c_name), sanitize(&format!("set_{c_name}")))
        };
        let getter = self.methods.claim_suffixed(&getter);
        let setter = self.methods.claim_suffixed(&setter);
        self.union_members.push(UnionMember {
            getter,
            setter,
            info,
        });
        Ok(())
    }

    /// Appends a struct field at the cursor.
    fn push(&mut self, name: String, info: TyInfo, role: Role) {
        let offset = self.cursor;
        self.cursor = self.cursor.saturating_add(info.size);
        self.fields.push(Field {
            name,
            info,
            offset,
            role,
        });
    }

    fn pad_to(&mut self, offset: u32, what: &str) -> Result<(), String> {
        if offset < self.cursor {
            return Err(format!(
                "member `{what}` at byte {offset} overlaps the previous one, which ends at byte {}",
                self.cursor
            ));
        }
        if offset > self.cursor {
            let name = self
                .fields_scope
                .claim_suffixed(&format!("__pad_{}", self.cursor));
            self.push(name, TyInfo::bytes(offset - self.cursor), Role::Padding);
        }
        Ok(())
    }

    fn add_bits(
        &mut self,
        c_name: String,
        bit_off: u32,
        width: u32,
        value: BitValue,
    ) -> Result<(), String> {
        let end_bit = bit_off
            .checked_add(width)
            .ok_or_else(|| format!("bitfield `{c_name}` overflows"))?;
        let (start, end) = (bit_off / 8, end_bit.div_ceil(8));
        match &mut self.group {
            Some(g) if start <= g.end => {
                g.end = g.end.max(end);
                g.members.push((c_name, bit_off, width, value));
            }
            _ => {
                self.close_group()?;
                self.group = Some(Group {
                    start,
                    end,
                    members: vec![(c_name, bit_off, width, value)],
                });
            }
        }
        Ok(())
    }

    fn close_group(&mut self) -> Result<(), String> {
        let Some(g) = self.group.take() else {
            return Ok(());
        };
        let first = g.members.first().map(|m| m.0.clone()).unwrap_or_default();
        self.pad_to(g.start, &first)?;
        let storage = self
            .fields_scope
            .claim_suffixed(&format!("__bitfield_{}", g.start));
        self.push(
            storage.clone(),
            TyInfo::bytes(g.end - g.start),
            Role::BitfieldStorage,
        );
        self.add_accessors(&storage, g);
        Ok(())
    }

    /// Getter and setter names for the named bitfields of `g`, stored in `storage`.
    fn add_accessors(&mut self, storage: &str, g: Group) {
        for (c_name, bit_off, width, value) in g.members {
            if c_name.is_empty() {
                continue;
            }
            let getter = self.methods.claim_suffixed(&sanitize(&c_name));
            let setter = self
                .methods
                .claim_suffixed(&sanitize(&format!("set_{c_name}")));
            self.bitfields.push(Bitfield {
                c_name,
                getter,
                setter,
                storage: storage.to_string(),
                bit_offset: bit_off - g.start * 8,
                width,
                value,
            });
        }
    }

    fn finish(mut self, name: &str, origin: String, shape: Shape) -> Result<Composite, String> {
        let packed = self.fix_alignment(shape)?;
        Ok(Composite {
            name: name.to_string(),
            origin,
            size: shape.size,
            align: shape.align,
            packed,
            fields: self.fields,
            bitfields: self.bitfields,
            union_members: self.union_members,
        })
    }

    /// Chooses `packed` or adds an `__align` field so that Rust's alignment
    /// equals `shape.align`; checks every field offset is reachable.
    fn fix_alignment(&mut self, shape: Shape) -> Result<Option<u32>, String> {
        let target = shape.align;
        if target == 0 || shape.size % target != 0 {
            return Err(format!(
                "size {} is not a multiple of the alignment {target}",
                shape.size
            ));
        }
        if let Some(f) = self
            .fields
            .iter()
            .find(|f| f.offset % f.info.align.min(target) != 0)
        {
            return Err(format!(
                "field `{}` at byte {} is not aligned to {}",
                f.name,
                f.offset,
                f.info.align.min(target)
            ));
        }
        let natural = self.fields.iter().map(|f| f.info.align).max().unwrap_or(1);
        if natural > target {
            return Ok(Some(target));
        }
        if natural < target {
            self.add_align_field(target)?;
        }
        Ok(None)
    }

    /// Inserts `__align: [uN; 0]` first, raising the alignment to `target`.
    fn add_align_field(&mut self, target: u32) -> Result<(), String> {
        let prim = match target {
            2 => "u16",
            4 => "u32",
            8 => "u64",
            // `u128` is 16-aligned since Rust 1.77 (and `repr(align)` could not sit in a
            // packed parent).
            16 => "u128",
            _ => return Err(format!("alignment {target} is not 2, 4, 8 or 16")),
        };
        let name = self.fields_scope.claim_suffixed("__align");
        let info = TyInfo {
            ty: RustTy::Array(Box::new(RustTy::Prim(prim)), 0),
            size: 0,
            align: target,
        };
        let field = Field {
            name,
            info,
            offset: 0,
            role: Role::Align,
        };
        self.fields.insert(0, field);
        Ok(())
    }
}
