//! The type ids a BTF type refers to: its target (pointer, typedef, modifier, FUNC,
//! VAR, tag), a prototype's return and parameter types, an array's element and index
//! types, members, and a DATASEC's variables. `void` (0) is included.

use super::types::{BtfKind, BtfType};

impl BtfType {
    /// Every type id this type refers to, in the order [`BtfType::map_type_ids`]
    /// visits them.
    pub fn type_ids(&self) -> Vec<u32> {
        use BtfKind as K;
        match &self.kind {
            K::Ptr
            | K::Typedef
            | K::Volatile
            | K::Const
            | K::Restrict
            | K::Func
            | K::Var { .. }
            | K::DeclTag { .. }
            | K::TypeTag => vec![self.size_or_type],
            K::FuncProto(params) => std::iter::once(self.size_or_type)
                .chain(params.iter().map(|p| p.type_id))
                .collect(),
            K::Array {
                elem_type,
                index_type,
                ..
            } => vec![*elem_type, *index_type],
            K::Struct(members) | K::Union(members) => members.iter().map(|m| m.type_id).collect(),
            K::Datasec(vars) => vars.iter().map(|v| v.type_id).collect(),
            K::Int { .. } | K::Enum(_) | K::Enum64(_) | K::Fwd | K::Float => Vec::new(),
        }
    }

    /// Rewrites every type id this type refers to through `f` (the ids of
    /// [`BtfType::type_ids`], in that order).
    pub fn map_type_ids(&mut self, mut f: impl FnMut(u32) -> u32) {
        use BtfKind as K;
        let BtfType {
            size_or_type, kind, ..
        } = self;
        match kind {
            K::Ptr
            | K::Typedef
            | K::Volatile
            | K::Const
            | K::Restrict
            | K::Func
            | K::Var { .. }
            | K::DeclTag { .. }
            | K::TypeTag => *size_or_type = f(*size_or_type),
            K::FuncProto(params) => {
                *size_or_type = f(*size_or_type);
                for p in params {
                    p.type_id = f(p.type_id);
                }
            }
            K::Array {
                elem_type,
                index_type,
                ..
            } => {
                *elem_type = f(*elem_type);
                *index_type = f(*index_type);
            }
            K::Struct(members) | K::Union(members) => {
                for m in members {
                    m.type_id = f(m.type_id);
                }
            }
            K::Datasec(vars) => {
                for v in vars {
                    v.type_id = f(v.type_id);
                }
            }
            K::Int { .. } | K::Enum(_) | K::Enum64(_) | K::Fwd | K::Float => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::types::{Member, Param, VarSecInfo};
    use super::*;

    fn ty(kind: BtfKind, size_or_type: u32) -> BtfType {
        BtfType {
            name_off: 0,
            info: 0,
            size_or_type,
            kind,
        }
    }

    /// One type of every kind, its ids numbered from 10.
    fn every_kind() -> Vec<BtfType> {
        let member = |type_id| Member {
            name_off: 0,
            type_id,
            offset: 0,
        };
        vec![
            ty(BtfKind::Int { encoding: 0 }, 4),
            ty(BtfKind::Ptr, 10),
            ty(
                BtfKind::Array {
                    elem_type: 10,
                    index_type: 11,
                    nelems: 2,
                },
                0,
            ),
            ty(BtfKind::Struct(vec![member(10), member(11)]), 8),
            ty(BtfKind::Union(vec![member(10)]), 4),
            ty(BtfKind::Enum(Vec::new()), 4),
            ty(BtfKind::Fwd, 0),
            ty(BtfKind::Typedef, 10),
            ty(BtfKind::Volatile, 10),
            ty(BtfKind::Const, 10),
            ty(BtfKind::Restrict, 10),
            ty(BtfKind::Func, 10),
            ty(
                BtfKind::FuncProto(vec![Param {
                    name_off: 0,
                    type_id: 11,
                }]),
                10,
            ),
            ty(BtfKind::Var { linkage: 1 }, 10),
            ty(
                BtfKind::Datasec(vec![VarSecInfo {
                    type_id: 10,
                    offset: 0,
                    size: 4,
                }]),
                4,
            ),
            ty(BtfKind::Float, 4),
            ty(BtfKind::DeclTag { component_idx: -1 }, 10),
            ty(BtfKind::TypeTag, 10),
            ty(BtfKind::Enum64(Vec::new()), 8),
        ]
    }

    #[test]
    fn reading_and_rewriting_visit_the_same_ids_in_order() {
        for t in every_kind() {
            let mut visited = Vec::new();
            let mut rewritten = t.clone();
            rewritten.map_type_ids(|id| {
                visited.push(id);
                id + 100
            });
            assert_eq!(t.type_ids(), visited, "{t:?}");
            let moved: Vec<u32> = visited.iter().map(|id| id + 100).collect();
            assert_eq!(rewritten.type_ids(), moved, "{t:?}");
        }
    }

    #[test]
    fn kinds_without_references_have_none() {
        let counts: Vec<usize> = every_kind().iter().map(|t| t.type_ids().len()).collect();
        assert_eq!(
            counts,
            [0, 1, 2, 2, 1, 0, 0, 1, 1, 1, 1, 1, 2, 1, 1, 0, 1, 1, 0]
        );
    }
}
