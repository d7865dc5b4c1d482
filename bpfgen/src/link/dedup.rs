//! BTF deduplication by partition refinement: types start in classes by their own
//! description (kind, name, size, encoding, member names and offsets, …) and classes
//! split until every member of a class refers to the same classes in the same order; a
//! class then becomes one type. This merges identical definitions coming from several
//! objects, cycles included (a struct holding a pointer to itself), like libbpf's
//! `btf__dedup`. A forward declaration is then resolved to the one struct or union of
//! its name, if there is exactly one, and the refinement runs again.

use std::collections::HashMap;

use bpfgen_runtime::obj::btf::{BtfKind, BtfType};

/// What a type says about itself, references (`refs`, its type ids) aside.
fn label(t: &BtfType, refs: &[u32]) -> Vec<u64> {
    use BtfKind as K;
    let mut l = vec![u64::from(t.info), u64::from(t.name_off)];
    if refs.is_empty() || matches!(t.kind, K::Struct(_) | K::Union(_) | K::Datasec(_)) {
        l.push(u64::from(t.size_or_type));
    }
    match &t.kind {
        K::Int { encoding } => l.push(u64::from(*encoding)),
        K::Array { nelems, .. } => l.push(u64::from(*nelems)),
        K::Struct(members) | K::Union(members) => l.extend(
            members
                .iter()
                .flat_map(|m| [u64::from(m.name_off), u64::from(m.offset)]),
        ),
        K::Enum(values) | K::Enum64(values) => {
            l.extend(values.iter().flat_map(|e| [u64::from(e.name_off), e.value]))
        }
        K::FuncProto(params) => l.extend(params.iter().map(|p| u64::from(p.name_off))),
        K::Var { linkage } => l.push(u64::from(*linkage)),
        K::DeclTag { component_idx } => l.push(*component_idx as u32 as u64),
        K::Datasec(vars) => l.extend(
            vars.iter()
                .flat_map(|v| [u64::from(v.offset), u64::from(v.size)]),
        ),
        _ => {}
    }
    l
}

/// Classes of the `live` types: `class[id]` is the same for equivalent types.
fn refine(all: &[BtfType], live: &[bool]) -> Vec<u32> {
    let refs: Vec<Vec<u32>> = all.iter().map(BtfType::type_ids).collect();
    let mut class = vec![u32::MAX; all.len()];
    let mut ids: HashMap<Vec<u64>, u32> = HashMap::new();
    for (id, t) in all.iter().enumerate() {
        if live[id] {
            let n = ids.len() as u32;
            class[id] = *ids.entry(label(t, &refs[id])).or_insert(n);
        }
    }
    let mut count = ids.len();
    loop {
        let mut keys: HashMap<Vec<u32>, u32> = HashMap::new();
        let mut next = vec![u32::MAX; all.len()];
        for (id, refs) in refs.iter().enumerate() {
            if !live[id] {
                continue;
            }
            let mut key = vec![class[id]];
            key.extend(refs.iter().map(|&r| {
                if r == 0 {
                    u32::MAX - 1
                } else {
                    class.get(r as usize).copied().unwrap_or(u32::MAX)
                }
            }));
            let n = keys.len() as u32;
            next[id] = *keys.entry(key).or_insert(n);
        }
        class = next;
        if keys.len() == count {
            return class;
        }
        count = keys.len();
    }
}

/// The representative (lowest id) of each type's class, after resolving forward
/// declarations; rewrites the FWD references in `all` it resolved.
pub(super) fn canonical(all: &mut [BtfType], live: &[bool]) -> Vec<u32> {
    let mut canon = representatives(&refine(all, live), live);
    // A FWD resolves to the one struct (or union) of its name, if there is one.
    let mut by_name: HashMap<(u32, bool), Vec<u32>> = HashMap::new();
    for (id, t) in all.iter().enumerate() {
        if live[id] && canon[id] == id as u32 && t.name_off != 0 {
            match t.kind {
                BtfKind::Struct(_) => by_name
                    .entry((t.name_off, false))
                    .or_default()
                    .push(id as u32),
                BtfKind::Union(_) => by_name
                    .entry((t.name_off, true))
                    .or_default()
                    .push(id as u32),
                _ => {}
            }
        }
    }
    let mut fwd: HashMap<u32, u32> = HashMap::new();
    for (id, t) in all.iter().enumerate() {
        if live[id] && matches!(t.kind, BtfKind::Fwd) {
            if let Some([only]) = by_name.get(&(t.name_off, t.kind_flag())).map(Vec::as_slice) {
                fwd.insert(id as u32, *only);
            }
        }
    }
    if !fwd.is_empty() {
        for t in all.iter_mut() {
            t.map_type_ids(|r| fwd.get(&r).copied().unwrap_or(r));
        }
        let mut live2 = live.to_vec();
        for id in fwd.keys() {
            live2[*id as usize] = false;
        }
        canon = representatives(&refine(all, &live2), &live2);
        for (id, target) in &fwd {
            canon[*id as usize] = canon[*target as usize];
        }
    }
    canon
}

/// `class` → the lowest live id of each class, per id.
fn representatives(class: &[u32], live: &[bool]) -> Vec<u32> {
    let mut first: HashMap<u32, u32> = HashMap::new();
    let mut canon = vec![0; class.len()];
    for id in 0..class.len() {
        if live[id] {
            canon[id] = *first.entry(class[id]).or_insert(id as u32);
        }
    }
    canon
}

#[cfg(test)]
mod tests {
    use super::*;
    use bpfgen_runtime::obj::btf::{Member, Param};

    fn ty(kind: BtfKind, info: u32, name: u32, size_or_type: u32) -> BtfType {
        BtfType {
            name_off: name,
            info,
            size_or_type,
            kind,
        }
    }

    #[test]
    fn merges_identical_cycles_and_keeps_different_ones() {
        let int = |name| ty(BtfKind::Int { encoding: 32 }, 1 << 24, name, 4);
        let node = |name, ptr| {
            ty(
                BtfKind::Struct(vec![
                    Member {
                        name_off: 7,
                        type_id: ptr,
                        offset: 0,
                    },
                    Member {
                        name_off: 8,
                        type_id: 1,
                        offset: 64,
                    },
                ]),
                4 << 24 | 2,
                name,
                16,
            )
        };
        let ptr = |to| ty(BtfKind::Ptr, 2 << 24, 0, to);
        // 1 int, 2 struct node {node *next; int v}, 3 ptr→2, then a copy: 4 int, 5 node, 6 ptr→5,
        // then 7 struct other with the same shape but another name, 8 ptr→7.
        let mut all = vec![
            int(0),
            int(1),
            node(2, 3),
            ptr(2),
            int(1),
            node(2, 6),
            ptr(5),
            node(3, 8),
            ptr(7),
        ];
        // Member `v` of the copy points to the copy's int.
        if let BtfKind::Struct(m) = &mut all[5].kind {
            m[1].type_id = 4;
        }
        if let BtfKind::Struct(m) = &mut all[7].kind {
            m[1].type_id = 4;
        }
        let live: Vec<bool> = (0..all.len()).map(|i| i != 0).collect();
        let canon = canonical(&mut all, &live);
        assert_eq!(&canon[1..7], &[1, 2, 3, 1, 2, 3], "the copy merges");
        assert_eq!((canon[7], canon[8]), (7, 8), "another name stays");
    }

    #[test]
    fn a_forward_declaration_resolves_to_its_struct() {
        let mut all = vec![
            ty(BtfKind::Int { encoding: 0 }, 0, 0, 0),
            ty(BtfKind::Fwd, 7 << 24, 5, 0),
            ty(BtfKind::Ptr, 2 << 24, 0, 1),
            ty(BtfKind::Struct(Vec::new()), 4 << 24, 5, 8),
            ty(BtfKind::Ptr, 2 << 24, 0, 3),
            ty(
                BtfKind::FuncProto(vec![Param {
                    name_off: 0,
                    type_id: 2,
                }]),
                13 << 24 | 1,
                0,
                0,
            ),
        ];
        let live: Vec<bool> = (0..all.len()).map(|i| i != 0).collect();
        let canon = canonical(&mut all, &live);
        assert_eq!(canon[1], 3, "fwd → struct");
        assert_eq!(canon[2], canon[4], "the two pointers merge");
    }
}
