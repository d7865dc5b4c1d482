//! Unit tests over hand-built BTF (`Btf::new_empty` + the writer API).

mod errors;
mod layouts;
mod naming;
mod scalars;

use bpfgen_runtime::obj::btf::{Btf, BtfType, Enumerator, Member, VarSecInfo};

use super::model::{Composite, Decl, EnumDecl, Role};
use super::TypeGen;

/// A BTF under construction, with shorthands for the types tests need.
pub(super) struct B {
    pub btf: Btf,
}

/// A member: `(name, type id, bit offset, bitfield width)`.
pub(super) type M<'a> = (&'a str, u32, u32, u32);

impl B {
    pub fn new() -> B {
        B {
            btf: Btf::new_empty(),
        }
    }

    pub fn s(&mut self, name: &str) -> u32 {
        if name.is_empty() {
            0
        } else {
            self.btf.add_string(name)
        }
    }

    /// INT of `size` bytes; `enc` is the BTF encoding (1 signed, 2 char, 4 bool).
    pub fn int(&mut self, name: &str, size: u32, enc: u32) -> u32 {
        let n = self.s(name);
        self.btf
            .add_type(BtfType::new_int(n, size, (enc << 24) | (size * 8)))
    }

    pub fn u8(&mut self) -> u32 {
        self.int("unsigned char", 1, 0)
    }
    pub fn u16(&mut self) -> u32 {
        self.int("unsigned short", 2, 0)
    }
    pub fn u32(&mut self) -> u32 {
        self.int("unsigned int", 4, 0)
    }
    pub fn i32(&mut self) -> u32 {
        self.int("int", 4, 1)
    }
    pub fn u64(&mut self) -> u32 {
        self.int("unsigned long long", 8, 0)
    }

    fn members(&mut self, ms: &[M]) -> Vec<Member> {
        ms.iter()
            .map(|&(name, type_id, bit_off, width)| Member {
                name_off: self.s(name),
                type_id,
                offset: (width << 24) | bit_off,
            })
            .collect()
    }

    pub fn strukt(&mut self, name: &str, size: u32, ms: &[M]) -> u32 {
        let n = self.s(name);
        let members = self.members(ms);
        self.btf.add_type(BtfType::new_struct(n, size, members))
    }

    pub fn union(&mut self, name: &str, size: u32, ms: &[M]) -> u32 {
        let n = self.s(name);
        let members = self.members(ms);
        self.btf.add_type(BtfType::new_union(n, size, members))
    }

    pub fn enumeration(
        &mut self,
        name: &str,
        size: u32,
        vals: &[(&str, u64)],
        signed: bool,
    ) -> u32 {
        let n = self.s(name);
        let values = self.enumerators(vals);
        self.btf
            .add_type(BtfType::new_enum(n, size, values, signed))
    }

    pub fn enum64(&mut self, name: &str, vals: &[(&str, u64)], signed: bool) -> u32 {
        let n = self.s(name);
        let values = self.enumerators(vals);
        self.btf.add_type(BtfType::new_enum64(n, 8, values, signed))
    }

    fn enumerators(&mut self, vals: &[(&str, u64)]) -> Vec<Enumerator> {
        vals.iter()
            .map(|&(name, value)| Enumerator {
                name_off: self.s(name),
                value,
            })
            .collect()
    }

    pub fn array(&mut self, elem: u32, n: u32) -> u32 {
        let index = self.u32();
        self.btf.add_type(BtfType::new_array(elem, index, n))
    }

    pub fn typedef(&mut self, name: &str, target: u32) -> u32 {
        let n = self.s(name);
        self.btf.add_type(BtfType::new_typedef(n, target))
    }

    pub fn ptr(&mut self, target: u32) -> u32 {
        self.btf.add_type(BtfType::new_ptr(target))
    }

    pub fn var(&mut self, name: &str, ty: u32, linkage: u32) -> u32 {
        let n = self.s(name);
        self.btf.add_type(BtfType::new_var(n, ty, linkage))
    }

    /// DATASEC of `size` bytes with `(var id, offset, size)` entries.
    pub fn datasec(&mut self, name: &str, size: u32, vars: &[(u32, u32, u32)]) -> u32 {
        let n = self.s(name);
        let entries = vars
            .iter()
            .map(|&(type_id, offset, size)| VarSecInfo {
                type_id,
                offset,
                size,
            })
            .collect();
        self.btf.add_type(BtfType::new_datasec(n, size, entries))
    }
}

/// The composite declared as `name`.
pub(super) fn composite<'g>(gen: &'g TypeGen<'_>, name: &str) -> &'g Composite {
    match gen.state.decls.get(name) {
        Some(Decl::Composite(c)) => c,
        other => panic!("no composite `{name}`: {other:?}"),
    }
}

/// The enum declared as `name`.
pub(super) fn enum_decl<'g>(gen: &'g TypeGen<'_>, name: &str) -> &'g EnumDecl {
    match gen.state.decls.get(name) {
        Some(Decl::Enum(e)) => e,
        other => panic!("no enum `{name}`: {other:?}"),
    }
}

/// `(field, offset, size)` of every field.
pub(super) fn fields(c: &Composite) -> Vec<(&str, u32, u32)> {
    c.fields
        .iter()
        .map(|f| (f.name.as_str(), f.offset, f.info.size))
        .collect()
}

/// Fields of one role.
pub(super) fn with_role(c: &Composite, role: Role) -> Vec<&str> {
    c.fields
        .iter()
        .filter(|f| f.role == role)
        .map(|f| f.name.as_str())
        .collect()
}

/// Declared Rust names, in emission order.
pub(super) fn decl_names(gen: &TypeGen<'_>) -> Vec<String> {
    gen.state.decls.keys().cloned().collect()
}

/// The emitted tokens, with whitespace squeezed for `contains` checks.
pub(super) fn code(gen: &TypeGen<'_>) -> String {
    gen.emit().to_string()
}
