//! Type-level checks for type-based relocations (libbpf
//! `__bpf_core_types_are_compat`, `__bpf_core_types_match`,
//! `bpf_core_names_match`, `bpf_core_enums_match`,
//! `bpf_core_composites_match`).
//!
//! Both walk at most 32 links per level and recurse at most `level` (32)
//! levels into function parameters or members, like libbpf; the shared step
//! budget additionally bounds the total work.

use super::error::Fail;
use super::matching::Walk;
use super::names::essential_name;
use super::view::{enumerators, get, int_encoding, int_offset, kind_of, kinds_compat, skip};
use super::view::{is_any_enum, members, INT_SIGNED};
use crate::obj::btf::{kind, BtfError, BtfKind, BtfType};

/// Walk length per level (libbpf's local `depth = 32`).
const DEPTH: u32 = 32;

fn too_deep(id: u32) -> Fail {
    Fail::Btf(BtfError::TooDeep { id })
}

/// One link of a type walk: a final answer, or the next pair of ids.
enum Step {
    Done(bool),
    Next(u32, u32),
}

impl Walk<'_, '_> {
    /// `bpf_core_types_are_compat`: same kinds after skipping modifiers and
    /// typedefs; pointers, arrays and function prototypes compared
    /// structurally; names ignored below the root.
    pub(crate) fn types_are_compat(
        &mut self,
        local_id: u32,
        targ_id: u32,
        level: i32,
    ) -> Result<bool, Fail> {
        let lk = kind_of(get(self.local, local_id, 0)?);
        let tk = kind_of(get(self.targ, targ_id, 0)?);
        if !kinds_compat(lk, tk) {
            return Ok(false);
        }
        let (mut lid, mut tid) = (local_id, targ_id);
        for _ in 0..DEPTH {
            self.budget.step()?;
            let (_, lt) = skip(self.local, lid)?;
            let (_, tt) = skip(self.targ, tid)?;
            if !kinds_compat(kind_of(lt), kind_of(tt)) {
                return Ok(false);
            }
            let (Some(lt), Some(tt)) = (lt, tt) else {
                return Ok(true); // void vs void
            };
            match self.compat_step(lt, tt, level)? {
                Step::Done(b) => return Ok(b),
                Step::Next(l, t) => (lid, tid) = (l, t),
            }
        }
        Err(too_deep(local_id))
    }

    /// One link of [`Walk::types_are_compat`] for two kind-compatible types.
    fn compat_step(&mut self, lt: &BtfType, tt: &BtfType, level: i32) -> Result<Step, Fail> {
        Ok(match (&lt.kind, &tt.kind) {
            (BtfKind::Struct(_) | BtfKind::Union(_) | BtfKind::Enum(_), _)
            | (BtfKind::Fwd | BtfKind::Enum64(_), _) => Step::Done(true),
            (BtfKind::Int { .. }, _) => Step::Done(int_offset(lt) == 0 && int_offset(tt) == 0),
            (BtfKind::Ptr, _) => Step::Next(lt.type_id(), tt.type_id()),
            (BtfKind::Array { elem_type: le, .. }, BtfKind::Array { elem_type: te, .. }) => {
                Step::Next(*le, *te)
            }
            (BtfKind::FuncProto(lps), BtfKind::FuncProto(tps)) => {
                if lps.len() != tps.len() {
                    return Ok(Step::Done(false));
                }
                for (lp, tp) in lps.iter().zip(tps) {
                    if level <= 0 {
                        return Err(too_deep(lp.type_id));
                    }
                    let l = skip(self.local, lp.type_id)?.0;
                    let t = skip(self.targ, tp.type_id)?.0;
                    if !self.types_are_compat(l, t, level - 1)? {
                        return Ok(Step::Done(false));
                    }
                }
                let l = skip(self.local, lt.type_id())?.0;
                Step::Next(l, skip(self.targ, tt.type_id())?.0)
            }
            _ => Step::Done(false),
        })
    }

    /// `bpf_core_names_match`: an anonymous target matches only an anonymous
    /// local; otherwise essential names must be equal.
    fn names_match(&mut self, local_off: u32, targ_off: u32) -> Result<bool, Fail> {
        self.budget.step()?;
        let ln = self.local.str_at(local_off).unwrap_or("");
        let tn = self.targ.str_at(targ_off).unwrap_or("");
        if tn.is_empty() {
            return Ok(ln.is_empty());
        }
        Ok(essential_name(ln) == essential_name(tn))
    }

    /// `bpf_core_types_match` (TYPE_MATCHES, kind 12).
    pub(crate) fn types_match(
        &mut self,
        local_id: u32,
        targ_id: u32,
        behind_ptr: bool,
        level: i32,
    ) -> Result<bool, Fail> {
        if level <= 0 {
            return Err(too_deep(local_id));
        }
        let (mut lid, mut tid, mut behind_ptr) = (local_id, targ_id, behind_ptr);
        for _ in 0..DEPTH {
            self.budget.step()?;
            let (_, lt) = skip(self.local, lid)?;
            let (_, tt) = skip(self.targ, tid)?;
            let name = |t: Option<&BtfType>| t.map_or(0, |t| t.name_off);
            if !self.names_match(name(lt), name(tt))? {
                return Ok(false);
            }
            let (Some(lt), Some(tt)) = (lt, tt) else {
                return Ok(kind_of(lt) == kind_of(tt));
            };
            match self.match_step(lt, tt, &mut behind_ptr, level)? {
                Step::Done(b) => return Ok(b),
                Step::Next(l, t) => (lid, tid) = (l, t),
            }
        }
        Err(too_deep(local_id))
    }

    /// One link of [`Walk::types_match`] for two same-named types.
    fn match_step(
        &mut self,
        lt: &BtfType,
        tt: &BtfType,
        behind_ptr: &mut bool,
        level: i32,
    ) -> Result<Step, Fail> {
        let (lk, tk) = (lt.kind_num(), tt.kind_num());
        let done = match lk {
            kind::FWD => fwd_match(lt, tt, *behind_ptr),
            kind::ENUM | kind::ENUM64 => is_any_enum(tk) && self.enums_match(lt, tt)?,
            kind::STRUCT | kind::UNION if *behind_ptr => {
                lk == tk || (tk == kind::FWD && (lk == kind::UNION) == tt.kind_flag())
            }
            kind::STRUCT | kind::UNION => {
                lk == tk && self.composites_match(lt, tt, *behind_ptr, level)?
            }
            kind::INT => lk == tk && ints_match(lt, tt),
            _ if lk != tk => false,
            kind::PTR => {
                *behind_ptr = true;
                return Ok(Step::Next(lt.type_id(), tt.type_id()));
            }
            kind::ARRAY => {
                return Ok(array_next(lt, tt).map_or(Step::Done(false), |(l, t)| Step::Next(l, t)))
            }
            kind::FUNC_PROTO => return self.protos_match(lt, tt, *behind_ptr, level),
            _ => false,
        };
        Ok(Step::Done(done))
    }

    /// Parameters of two FUNC_PROTOs match pairwise; then the return types.
    fn protos_match(
        &mut self,
        lt: &BtfType,
        tt: &BtfType,
        behind_ptr: bool,
        level: i32,
    ) -> Result<Step, Fail> {
        let (BtfKind::FuncProto(lps), BtfKind::FuncProto(tps)) = (&lt.kind, &tt.kind) else {
            return Ok(Step::Done(false));
        };
        if lps.len() != tps.len() {
            return Ok(Step::Done(false));
        }
        for (lp, tp) in lps.iter().zip(tps) {
            if !self.types_match(lp.type_id, tp.type_id, behind_ptr, level - 1)? {
                return Ok(Step::Done(false));
            }
        }
        Ok(Step::Next(lt.type_id(), tt.type_id()))
    }

    /// `bpf_core_enums_match`: equal sizes; every local enumerator name has
    /// a match in the target (values are ignored).
    fn enums_match(&mut self, lt: &BtfType, tt: &BtfType) -> Result<bool, Fail> {
        let (Some(les), Some(tes)) = (enumerators(Some(lt)), enumerators(Some(tt))) else {
            return Ok(false);
        };
        if lt.size() != tt.size() || les.len() > tes.len() {
            return Ok(false);
        }
        for le in les {
            let mut matched = false;
            for te in tes {
                if self.names_match(le.name_off, te.name_off)? {
                    matched = true;
                    break;
                }
            }
            if !matched {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// `bpf_core_composites_match`: every local member has a same-named
    /// target member whose type matches.
    fn composites_match(
        &mut self,
        lt: &BtfType,
        tt: &BtfType,
        behind_ptr: bool,
        level: i32,
    ) -> Result<bool, Fail> {
        let (Some(lms), Some(tms)) = (members(Some(lt)), members(Some(tt))) else {
            return Ok(false);
        };
        if lms.len() > tms.len() {
            return Ok(false);
        }
        for lm in lms {
            let mut matched = false;
            for tm in tms {
                if !self.names_match(lm.name_off, tm.name_off)? {
                    continue;
                }
                if self.types_match(lm.type_id, tm.type_id, behind_ptr, level - 1)? {
                    matched = true;
                    break;
                }
            }
            if !matched {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

/// FWD against FWD (same kind flag) or, behind a pointer, against the
/// struct/union it declares.
fn fwd_match(lt: &BtfType, tt: &BtfType, behind_ptr: bool) -> bool {
    let (lf, tk) = (lt.kind_flag(), tt.kind_num());
    if tk == kind::FWD {
        return lf == tt.kind_flag();
    }
    behind_ptr && ((tk == kind::STRUCT && !lf) || (tk == kind::UNION && lf))
}

/// INTs match with equal size and signedness.
fn ints_match(lt: &BtfType, tt: &BtfType) -> bool {
    let sgn = |t: &BtfType| int_encoding(t) & INT_SIGNED;
    lt.size() == tt.size() && sgn(lt) == sgn(tt)
}

/// Element ids of two arrays with equal element counts.
fn array_next(lt: &BtfType, tt: &BtfType) -> Option<(u32, u32)> {
    match (&lt.kind, &tt.kind) {
        (
            BtfKind::Array {
                elem_type: le,
                nelems: ln,
                ..
            },
            BtfKind::Array {
                elem_type: te,
                nelems: tn,
                ..
            },
        ) if ln == tn => Some((*le, *te)),
        _ => None,
    }
}
