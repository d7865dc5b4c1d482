//! What placements prove about a record's alignment, since BTF records no `aligned(N)`.
//!
//! A struct placed at byte `o` right after bytes ending at `e < o` was aligned up: the
//! tightest power of two `p` with `round_up(e, p) == o` is a lower bound of its
//! alignment (`struct { u32 x; struct pair p; }` with `p` at 8 proves `pair` aligned to
//! 8 even when its own size, 8, shows no tail padding). Placements are struct members
//! (arrays of records included) and variables of data sections. A bound is kept only
//! when it fits every placement of the record and divides its size, so a raise can
//! never contradict a layout BTF states.

use std::collections::HashMap;

use bpfgen_runtime::obj::btf::{Btf, BtfKind};

/// Largest alignment a gap may prove (beyond this, a gap is not alignment).
const MAX_ALIGN: u32 = 4096;

/// For each struct id some placement proves more about, that lower bound.
pub(crate) fn alignment_evidence(btf: &Btf) -> HashMap<u32, u32> {
    let mut placements = Placements::default();
    for id in 1..btf.type_count() {
        let Some(t) = btf.type_by_id(id) else {
            continue;
        };
        match &t.kind {
            BtfKind::Struct(members) => {
                let mut end = 0u32;
                for m in members {
                    let (bit_off, bits) = t.member_bits(m);
                    let size = btf.resolve_size(m.type_id).unwrap_or(0);
                    let member_end = if bits > 0 {
                        (bit_off + bits).div_ceil(8)
                    } else {
                        if bit_off % 8 == 0 {
                            placements.add(btf, m.type_id, end, bit_off / 8);
                        }
                        bit_off / 8 + size
                    };
                    end = end.max(member_end);
                }
            }
            BtfKind::Datasec(vars) => {
                let mut sorted: Vec<_> = vars.iter().collect();
                sorted.sort_by_key(|v| v.offset);
                let mut end = 0u32;
                for v in sorted {
                    let Some(var) = btf.type_by_id(v.type_id) else {
                        continue;
                    };
                    if matches!(var.kind, BtfKind::Var { .. }) {
                        placements.add(btf, var.type_id(), end, v.offset);
                    }
                    end = end.max(v.offset.saturating_add(v.size));
                }
            }
            _ => {}
        }
    }
    placements.bounds(btf)
}

/// Every offset each struct was placed at, and the largest gap-proven alignment.
#[derive(Default)]
struct Placements {
    offsets: HashMap<u32, Vec<u32>>,
    proven: HashMap<u32, u32>,
}

impl Placements {
    /// Records that type `ty` starts at `offset`, after bytes ending at `end`.
    fn add(&mut self, btf: &Btf, ty: u32, end: u32, offset: u32) {
        let Some(record) = struct_behind(btf, ty) else {
            return;
        };
        self.offsets.entry(record).or_default().push(offset);
        if offset > end {
            if let Some(p) = tightest_alignment(end, offset) {
                let bound = self.proven.entry(record).or_insert(1);
                *bound = (*bound).max(p);
            }
        }
    }

    /// The proven bounds that every placement and the record's size agree with.
    fn bounds(self, btf: &Btf) -> HashMap<u32, u32> {
        self.proven
            .into_iter()
            .filter(|&(record, bound)| {
                let size = btf.type_by_id(record).map_or(0, |t| t.size());
                size > 0
                    && size % bound == 0
                    && self.offsets[&record]
                        .iter()
                        .all(|offset| offset % bound == 0)
            })
            .collect()
    }
}

/// The smallest power of two `p` with `round_up(end, p) == offset`, if any.
fn tightest_alignment(end: u32, offset: u32) -> Option<u32> {
    let mut p = 1u32;
    while p <= MAX_ALIGN {
        if end.div_ceil(p) * p == offset {
            return Some(p);
        }
        p *= 2;
    }
    None
}

/// The struct `ty` is, through typedefs, qualifiers and arrays.
fn struct_behind(btf: &Btf, mut ty: u32) -> Option<u32> {
    for _ in 0..64 {
        let t = btf.type_by_id(ty)?;
        match &t.kind {
            BtfKind::Struct(_) => return Some(ty),
            BtfKind::Array { elem_type, .. } => ty = *elem_type,
            BtfKind::Typedef
            | BtfKind::Const
            | BtfKind::Volatile
            | BtfKind::Restrict
            | BtfKind::TypeTag => ty = t.type_id(),
            _ => return None,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::tightest_alignment;

    #[test]
    fn gaps_prove_the_tightest_power_of_two() {
        assert_eq!(tightest_alignment(4, 8), Some(8));
        assert_eq!(tightest_alignment(12, 16), Some(8));
        assert_eq!(tightest_alignment(1, 4), Some(4));
        assert_eq!(tightest_alignment(17, 32), Some(16));
        assert_eq!(tightest_alignment(5, 12), None, "not an alignment gap");
    }
}
