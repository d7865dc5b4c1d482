//! Human-readable, C-like type names for messages and debugging.

use super::types::{BtfKind, Param};
use super::{Btf, MAX_RESOLVE_DEPTH};

/// Maximum number of types visited for one name (bounds work on wide
/// function prototypes).
const NODE_BUDGET: u32 = 256;

impl Btf {
    /// A C-like name for type `id`: `"void"`, `"unsigned int"`,
    /// `"struct foo"`, `"union <anon>"`, `"char[16]"`, `"u32 *"`,
    /// `"const char *"`, `"char * const"`, `"int (*)(struct pkt *, ...)"`.
    /// Typedefs print as their own name. Returns `"<cyclic>"` when the type
    /// chain is too deep (or too large) and `"<invalid type N>"` for unknown ids.
    pub fn type_name(&self, id: u32) -> String {
        let mut budget = NODE_BUDGET;
        self.name_rec(id, 0, &mut budget)
            .unwrap_or_else(|| "<cyclic>".to_string())
    }

    fn name_rec(&self, id: u32, depth: u32, budget: &mut u32) -> Option<String> {
        if depth > MAX_RESOLVE_DEPTH || *budget == 0 {
            return None;
        }
        *budget -= 1;
        if id == 0 {
            return Some("void".to_string());
        }
        let Some(t) = self.type_by_id(id) else {
            return Some(format!("<invalid type {id}>"));
        };
        let name = self.str_at(t.name_off).unwrap_or("");
        let tagged = |prefix: &str| {
            if name.is_empty() {
                format!("{prefix} <anon>")
            } else {
                format!("{prefix} {name}")
            }
        };
        let next = depth + 1;
        Some(match &t.kind {
            BtfKind::Struct(_) => tagged("struct"),
            BtfKind::Union(_) => tagged("union"),
            BtfKind::Enum(_) | BtfKind::Enum64(_) => tagged("enum"),
            BtfKind::Fwd if t.kind_flag() => tagged("union"),
            BtfKind::Fwd => tagged("struct"),
            BtfKind::Const => qualify("const", self.name_rec(t.type_id(), next, budget)?),
            BtfKind::Volatile => qualify("volatile", self.name_rec(t.type_id(), next, budget)?),
            BtfKind::Restrict => qualify("restrict", self.name_rec(t.type_id(), next, budget)?),
            BtfKind::TypeTag => self.name_rec(t.type_id(), next, budget)?,
            BtfKind::Ptr => match self.type_by_id(t.type_id()).map(|p| &p.kind) {
                Some(BtfKind::FuncProto(ps)) => {
                    let proto = self.type_by_id(t.type_id()).map_or(0, |p| p.type_id());
                    let ret = self.name_rec(proto, next, budget)?;
                    format!("{ret} (*)({})", self.params(ps, next, budget)?)
                }
                _ => {
                    let inner = self.name_rec(t.type_id(), next, budget)?;
                    if inner.ends_with('*') {
                        format!("{inner}*")
                    } else {
                        format!("{inner} *")
                    }
                }
            },
            BtfKind::Array { .. } => self.array_name(id, depth, budget)?,
            BtfKind::FuncProto(ps) => {
                let ret = self.name_rec(t.type_id(), next, budget)?;
                format!("{ret}({})", self.params(ps, next, budget)?)
            }
            BtfKind::Int { .. }
            | BtfKind::Float
            | BtfKind::Typedef
            | BtfKind::Func
            | BtfKind::Var { .. }
            | BtfKind::Datasec(_)
            | BtfKind::DeclTag { .. } => {
                if name.is_empty() {
                    "<anon>".to_string()
                } else {
                    name.to_string()
                }
            }
        })
    }

    /// `elem[n][m]` for (nested) arrays, outermost dimension first.
    fn array_name(&self, mut id: u32, mut depth: u32, budget: &mut u32) -> Option<String> {
        let mut dims = String::new();
        while let Some(BtfKind::Array {
            elem_type, nelems, ..
        }) = self.type_by_id(id).map(|t| &t.kind)
        {
            if depth > MAX_RESOLVE_DEPTH {
                return None;
            }
            dims.push_str(&format!("[{nelems}]"));
            id = *elem_type;
            depth += 1;
        }
        let base = self.name_rec(id, depth, budget)?;
        Some(format!("{base}{dims}"))
    }

    fn params(&self, ps: &[Param], depth: u32, budget: &mut u32) -> Option<String> {
        if ps.is_empty() {
            return Some("void".to_string());
        }
        let mut out = Vec::new();
        for p in ps {
            out.push(if p.type_id == 0 {
                "...".to_string()
            } else {
                self.name_rec(p.type_id, depth, budget)?
            });
        }
        Some(out.join(", "))
    }
}

/// Applies a qualifier: prefix for values, suffix for pointers.
fn qualify(q: &str, inner: String) -> String {
    if inner.ends_with('*') {
        format!("{inner} {q}")
    } else {
        format!("{q} {inner}")
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{sample, small};
    use super::super::types::BtfType;
    use super::*;

    #[test]
    fn names_of_small() {
        let (mut b, ids) = small();
        assert_eq!(b.type_name(0), "void");
        assert_eq!(b.type_name(ids.uint), "unsigned int");
        assert_eq!(b.type_name(ids.ptr_const_char), "const char *");
        assert_eq!(b.type_name(ids.arr), "char[16]");
        assert_eq!(b.type_name(ids.s), "struct foo");
        assert_eq!(b.type_name(ids.td), "foo_t");
        assert_eq!(b.type_name(ids.proto), "int(foo_t *, unsigned int)");
        assert_eq!(b.type_name(ids.func), "f");
        assert_eq!(b.type_name(9999), "<invalid type 9999>");
        let pp = b.add_type(BtfType::new_ptr(ids.ptr_const_char));
        assert_eq!(b.type_name(pp), "const char **");
        let cp = b.add_type(BtfType::new_const(pp));
        assert_eq!(b.type_name(cp), "const char ** const");
        let fp = b.add_type(BtfType::new_ptr(ids.proto));
        assert_eq!(b.type_name(fp), "int (*)(foo_t *, unsigned int)");
        let void_proto = b.add_type(BtfType::new_func_proto(0, vec![]));
        assert_eq!(b.type_name(void_proto), "void(void)");
        let u = b.add_type(BtfType::new_union(0, 4, vec![]));
        assert_eq!(b.type_name(u), "union <anon>");
        let n = b.add_string("opaque");
        let f = b.add_type(BtfType::new_fwd(n, true));
        assert_eq!(b.type_name(f), "union opaque");
    }

    #[test]
    fn names_of_clang_types() {
        let b = sample();
        let names: Vec<String> = [4, 12, 14, 19, 20, 32, 36, 47]
            .iter()
            .map(|&i| b.type_name(i))
            .collect();
        assert_eq!(
            names,
            [
                "struct pkt *",
                "const char *",
                "volatile u64",
                "enum color",
                "int(struct pkt *, enum color)",
                "int *",
                "const volatile int",
                "int[3][4]",
            ]
        );
    }

    #[test]
    fn cycles_are_reported() {
        let mut b = Btf::new_empty();
        b.add_type(BtfType::new_const(2));
        b.add_type(BtfType::new_ptr(1));
        b.add_type(BtfType::new_array(3, 0, 1));
        assert_eq!(b.type_name(1), "<cyclic>");
        assert_eq!(b.type_name(3), "<cyclic>");
    }
}
