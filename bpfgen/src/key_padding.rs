//! Hash-map keys with padding: the kernel compares keys byte for byte, so a key built on
//! the BPF stack whose padding is uninitialised never matches the same key built in Rust
//! (where padding is zero). `bpfgen skel`, `SkeletonBuilder` and `bpfgen inspect` warn,
//! naming the map, the type and the padding bytes.

use bpfgen_runtime::abi::MapType;
use bpfgen_runtime::obj::btf::{Btf, BtfKind};
use bpfgen_runtime::obj::ObjectSpec;

/// Nesting deeper than this is not walked (BTF from clang nests a few levels).
const MAX_DEPTH: u32 = 32;

/// One warning per hash or LRU map whose key type has padding.
pub fn warnings(spec: &ObjectSpec) -> Vec<String> {
    let Some(btf) = spec.btf.as_ref() else {
        return Vec::new();
    };
    spec.maps
        .iter()
        .filter(|m| {
            matches!(
                m.map_type,
                MapType::Hash | MapType::LruHash | MapType::PercpuHash | MapType::LruPercpuHash
            ) && m.key_type_id != 0
        })
        .filter_map(|m| {
            let holes = padding(btf, m.key_type_id, m.key_size)?;
            (!holes.is_empty()).then(|| {
                let bytes: Vec<String> = holes
                    .iter()
                    .map(|(at, len)| match len {
                        1 => format!("{at}"),
                        _ => format!("{at}..{}", at + len),
                    })
                    .collect();
                format!(
                    "map `{}`: key type `{}` has padding (bytes {} of its {}); a key built in \
                     BPF with uninitialised padding never matches one built in Rust. Zero it \
                     in C: `__builtin_memset(&key, 0, sizeof(key))` or `= {{}}`",
                    m.name,
                    type_name(btf, m.key_type_id),
                    bytes.join(", "),
                    m.key_size
                )
            })
        })
        .collect()
}

/// The byte ranges `(offset, length)` of type `id` (of `size` bytes) no member covers;
/// `None` when the type cannot be walked.
fn padding(btf: &Btf, id: u32, size: u32) -> Option<Vec<(u32, u32)>> {
    let mut covered = vec![false; usize::try_from(size).ok()?];
    mark(btf, id, 0, &mut covered, 0)?;
    let mut holes = Vec::new();
    let mut at = 0;
    while at < covered.len() {
        if covered[at] {
            at += 1;
            continue;
        }
        let start = at;
        while at < covered.len() && !covered[at] {
            at += 1;
        }
        holes.push((u32::try_from(start).ok()?, u32::try_from(at - start).ok()?));
    }
    Some(holes)
}

/// Marks the bytes type `id` covers when placed at byte `base`.
fn mark(btf: &Btf, id: u32, base: u64, covered: &mut [bool], depth: u32) -> Option<()> {
    if depth > MAX_DEPTH {
        return None;
    }
    let (_, t) = btf.skip_mods_and_typedefs(id).ok()?;
    match &t.kind {
        BtfKind::Struct(members) => {
            for m in members {
                let (bit_off, bits) = t.member_bits(m);
                let start = base + u64::from(bit_off / 8);
                if bits > 0 {
                    let end = base + u64::from((bit_off + bits).div_ceil(8));
                    fill(covered, start, end);
                } else {
                    mark(btf, m.type_id, start, covered, depth + 1)?;
                }
            }
        }
        BtfKind::Array {
            elem_type, nelems, ..
        } => {
            let elem = u64::from(btf.resolve_size(*elem_type).ok()?);
            for i in 0..u64::from(*nelems).min(covered.len() as u64) {
                mark(btf, *elem_type, base + i * elem, covered, depth + 1)?;
            }
        }
        // A union's bytes are the largest member's; other kinds fill their size.
        _ => {
            let size = u64::from(btf.resolve_size(id).ok()?);
            fill(covered, base, base + size);
        }
    }
    Some(())
}

/// Marks bytes `start..end` (clamped to the type's size).
fn fill(covered: &mut [bool], start: u64, end: u64) {
    let len = covered.len();
    let clamp = |x: u64| usize::try_from(x).unwrap_or(usize::MAX).min(len);
    let (start, end) = (clamp(start), clamp(end));
    if start < end {
        covered[start..end].fill(true);
    }
}

/// `struct key`, `__u32`, … as C spells the type.
fn type_name(btf: &Btf, id: u32) -> String {
    let Ok((_, t)) = btf.skip_mods_and_typedefs(id) else {
        return format!("type {id}");
    };
    let name = btf.name_of(id);
    match &t.kind {
        BtfKind::Struct(_) if !name.is_empty() => format!("struct {name}"),
        BtfKind::Union(_) if !name.is_empty() => format!("union {name}"),
        _ if !name.is_empty() => name.to_string(),
        _ => format!("type {id}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bpfgen_runtime::obj::btf::{BtfType, Member};

    /// `struct key { u8 proto; u32 port; }`: bytes 1..4 are padding.
    #[test]
    fn holes_between_and_after_members() {
        let mut btf = Btf::new_empty();
        let n = btf.add_string("unsigned char");
        let u8_ = btf.add_type(BtfType::new_int(n, 1, 8));
        let n = btf.add_string("unsigned int");
        let u32_ = btf.add_type(BtfType::new_int(n, 4, 32));
        let (p, q) = (btf.add_string("proto"), btf.add_string("port"));
        let members = vec![
            Member {
                name_off: p,
                type_id: u8_,
                offset: 0,
            },
            Member {
                name_off: q,
                type_id: u32_,
                offset: 32,
            },
        ];
        let n = btf.add_string("key");
        let key = btf.add_type(BtfType::new_struct(n, 8, members));
        assert_eq!(padding(&btf, key, 8), Some(vec![(1, 3)]));
        assert_eq!(padding(&btf, u32_, 4), Some(vec![]));
        let arr = btf.add_type(BtfType::new_array(key, u32_, 2));
        assert_eq!(padding(&btf, arr, 16), Some(vec![(1, 3), (9, 3)]));
        assert_eq!(type_name(&btf, key), "struct key");
    }
}
