//! Matching a local spec against one candidate (libbpf `bpf_core_spec_match`,
//! `bpf_core_match_member`, `bpf_core_fields_are_compat`).

use super::error::Fail;
use super::kind::CoreReloKind;
use super::names::essential_name;
use super::spec::{is_flex_arr, Accessor, Spec};
use super::view::{
    enumerators, int_offset, kind_of, kinds_compat, members, resolve_size, skip, BtfView, Budget,
};
use crate::obj::btf::{BtfKind, BtfType, MAX_RESOLVE_DEPTH};

/// Local and target BTF of one match, with the shared step budget.
pub(crate) struct Walk<'a, 'b> {
    /// Local (program) BTF.
    pub local: &'a dyn BtfView,
    /// Candidate's BTF.
    pub targ: &'a dyn BtfView,
    /// Steps left.
    pub budget: &'b mut Budget,
}

impl<'a> Walk<'a, '_> {
    /// Matches `local` against candidate `targ_id`; `Ok(None)` if it does
    /// not match, the target spec otherwise.
    pub(crate) fn spec_match(
        &mut self,
        local: &Spec<'_>,
        targ_id: u32,
    ) -> Result<Option<Spec<'a>>, Fail> {
        let mut ts = Spec::new(self.targ, targ_id, local.kind);
        if local.kind.is_type_based() {
            let ok = if local.kind == CoreReloKind::TypeMatches {
                self.types_match(local.root_type_id, targ_id, false, 32)?
            } else {
                self.types_are_compat(local.root_type_id, targ_id, 32)?
            };
            return Ok(ok.then_some(ts));
        }
        if local.kind.is_enumval_based() {
            return self.enumval_match(local, ts);
        }
        let mut targ_id = targ_id;
        for (i, la) in local.acc.iter().enumerate() {
            self.budget.step()?;
            let (id, t) = skip(self.targ, targ_id)?;
            let next = if la.name.is_some() {
                self.match_member(la, id, &mut ts)?
            } else {
                self.match_index(la, i, id, t, &mut ts)?
            };
            match next {
                Some(next) => targ_id = next,
                None => return Ok(None),
            }
        }
        Ok(Some(ts))
    }

    /// An array accessor (or, for `i == 0`, the root element): checks the
    /// bounds, pushes the accessor and adds the element offset.
    fn match_index(
        &mut self,
        la: &Accessor<'_>,
        i: usize,
        mut targ_id: u32,
        t: Option<&BtfType>,
        ts: &mut Spec<'a>,
    ) -> Result<Option<u32>, Fail> {
        if i > 0 {
            let Some(BtfKind::Array {
                elem_type, nelems, ..
            }) = t.map(|t| &t.kind)
            else {
                return Ok(None);
            };
            let flex = is_flex_arr(self.targ, ts.acc.last(), *nelems);
            if !flex && la.idx >= *nelems {
                return Ok(None);
            }
            targ_id = skip(self.targ, *elem_type)?.0;
        }
        ts.push_raw(la.idx)?;
        ts.acc.push(Accessor {
            type_id: targ_id,
            idx: la.idx,
            name: None,
        });
        let size = resolve_size(self.targ, targ_id)?;
        ts.add_elems(la.idx, size)?;
        Ok(Some(targ_id))
    }

    /// The enumerator of the target enum with the local one's essential name.
    fn enumval_match(
        &mut self,
        local: &Spec<'_>,
        mut ts: Spec<'a>,
    ) -> Result<Option<Spec<'a>>, Fail> {
        let (targ_id, t) = skip(self.targ, ts.root_type_id)?;
        let Some(es) = enumerators(t) else {
            return Ok(None);
        };
        let lname = local.acc.first().and_then(|a| a.name).unwrap_or("");
        let lname = essential_name(lname);
        for (i, e) in es.iter().enumerate() {
            self.budget.step()?;
            let tname = self.targ.str_at(e.name_off).unwrap_or("");
            if essential_name(tname) == lname {
                let idx = u32::try_from(i).unwrap_or(u32::MAX);
                ts.acc.push(Accessor {
                    type_id: targ_id,
                    idx,
                    name: Some(tname),
                });
                ts.raw.push(idx);
                return Ok(Some(ts));
            }
        }
        Ok(None)
    }

    /// Finds the member named like local accessor `la` in target composite
    /// `targ_id`, descending into anonymous members; pushes the raw indices
    /// and the accessor onto `ts`. Returns the member's type id.
    fn match_member(
        &mut self,
        la: &Accessor<'_>,
        targ_id: u32,
        ts: &mut Spec<'a>,
    ) -> Result<Option<u32>, Fail> {
        let (targ_id, tt) = skip(self.targ, targ_id)?;
        let (Some(tt), Some(tms)) = (tt, members(tt)) else {
            return Ok(None);
        };
        let local_member = members(self.local.type_by_id(la.type_id))
            .and_then(|ms| ms.get(la.idx as usize))
            .ok_or_else(|| Fail::spec("local accessor does not name a member"))?;
        let lname = la.name.unwrap_or("");
        for (i, m) in tms.iter().enumerate() {
            self.budget.step()?;
            let (bit_off, _) = tt.member_bits(m);
            let idx = u32::try_from(i).unwrap_or(u32::MAX);
            ts.push_raw(idx)?;
            let saved = ts.bit_offset;
            ts.add_bits(u64::from(bit_off))?;
            let tname = self.targ.str_at(m.name_off).unwrap_or("");
            if tname.is_empty() {
                if let Some(next) = self.match_member(la, m.type_id, ts)? {
                    return Ok(Some(next));
                }
            } else if tname == lname {
                if self.fields_are_compat(local_member.type_id, m.type_id)? {
                    ts.acc.push(Accessor {
                        type_id: targ_id,
                        idx,
                        name: Some(tname),
                    });
                    return Ok(Some(m.type_id));
                }
                // libbpf stops at the first member with this name.
                ts.bit_offset = saved;
                ts.raw.pop();
                return Ok(None);
            }
            ts.bit_offset = saved;
            ts.raw.pop();
        }
        Ok(None)
    }

    /// libbpf `bpf_core_fields_are_compat`: composites match composites,
    /// pointers and floats always match, enums and FWDs by essential name
    /// (or either anonymous), ints unless bitfield-like, arrays by element.
    pub(crate) fn fields_are_compat(&mut self, local_id: u32, targ_id: u32) -> Result<bool, Fail> {
        let (mut lid, mut tid) = (local_id, targ_id);
        for _ in 0..=MAX_RESOLVE_DEPTH {
            self.budget.step()?;
            let (_, lt) = skip(self.local, lid)?;
            let (_, tt) = skip(self.targ, tid)?;
            let (Some(lt), Some(tt)) = (lt, tt) else {
                return Ok(false);
            };
            if members(Some(lt)).is_some() && members(Some(tt)).is_some() {
                return Ok(true);
            }
            if !kinds_compat(kind_of(Some(lt)), kind_of(Some(tt))) {
                return Ok(false);
            }
            match (&lt.kind, &tt.kind) {
                (BtfKind::Ptr | BtfKind::Float, _) => return Ok(true),
                (BtfKind::Fwd | BtfKind::Enum(_) | BtfKind::Enum64(_), _) => {
                    let ln = essential_name(self.local.str_at(lt.name_off).unwrap_or(""));
                    let tn = essential_name(self.targ.str_at(tt.name_off).unwrap_or(""));
                    return Ok(ln.is_empty() || tn.is_empty() || ln == tn);
                }
                (BtfKind::Int { .. }, _) => return Ok(int_offset(lt) == 0 && int_offset(tt) == 0),
                (BtfKind::Array { elem_type: le, .. }, BtfKind::Array { elem_type: te, .. }) => {
                    (lid, tid) = (*le, *te);
                }
                _ => return Ok(false),
            }
        }
        Err(Fail::Btf(crate::obj::btf::BtfError::TooDeep {
            id: local_id,
        }))
    }
}
