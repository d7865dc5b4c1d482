//! Driving one object's relocations (libbpf `bpf_object__relocate_core`,
//! `bpf_core_resolve_relo`, `bpf_core_calc_relo_insn`).

use std::collections::HashMap;

use super::calc::{calc_relo, CoreResolution};
use super::error::{CoreError, Fail};
use super::kind::CoreReloKind;
use super::matching::Walk;
use super::patch::patch_insn;
use super::spec::{parse_spec, Spec};
use super::target::{Candidate, CoreTarget};
use super::view::Budget;
use crate::obj::btf::{Btf, CoreRelo};
use crate::obj::insn::Insn;

/// What happened to one relocated instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreOutcome {
    /// Index of the patched instruction (as given).
    pub insn_idx: usize,
    /// Relocation kind.
    pub kind: CoreReloKind,
    /// C-like name of the local root type, e.g. `struct task_struct`.
    pub local_type: String,
    /// The access string, e.g. `0:1`.
    pub access: String,
    /// Human-readable description (see [`describe`]).
    pub description: String,
    /// The instruction was replaced by `call 0xbad2310`: it fails
    /// verification only if reachable. Rewrite the verifier's
    /// `invalid func unknown#195896080` with [`CoreOutcome::description`].
    pub poisoned: bool,
    /// The computed values.
    pub resolution: CoreResolution,
}

impl CoreOutcome {
    /// libbpf's replacement for the verifier's two lines about a reachable
    /// poisoned instruction (`N: (85) call unknown#195896080` and
    /// `invalid func unknown#195896080`); `final_idx` is the instruction's
    /// index in the loaded program (after subprogram linking).
    pub fn verifier_note(&self, final_idx: usize) -> String {
        format!(
            "{final_idx}: <invalid CO-RE relocation>\nfailed to resolve CO-RE relocation {}\n",
            self.description
        )
    }
}

/// Candidates per local type id, carried from one relocator to the next of the same
/// object (its programs are relocated one at a time, when first loaded).
#[derive(Debug, Default)]
pub struct CandidateCache(HashMap<u32, Vec<Candidate>>);

/// Resolves an object's CO-RE relocations against one [`CoreTarget`],
/// caching candidates per local type id across relocations as libbpf does:
/// after a relocation, only the candidates that matched it (if any did) are
/// kept for the following relocations of the same local type.
///
/// Feed relocations in `.BTF.ext` order (section by section, record by
/// record) to get libbpf's exact results.
pub struct CoreRelocator<'a> {
    local: &'a Btf,
    target: &'a CoreTarget,
    cache: HashMap<u32, Vec<Candidate>>,
}

impl<'a> CoreRelocator<'a> {
    /// A relocator for the program BTF `local`.
    pub fn new(local: &'a Btf, target: &'a CoreTarget) -> Self {
        Self::with_cache(local, target, CandidateCache::default())
    }

    /// A relocator that starts from the candidates another relocator of the same
    /// object left ([`CoreRelocator::into_cache`]).
    pub fn with_cache(local: &'a Btf, target: &'a CoreTarget, cache: CandidateCache) -> Self {
        CoreRelocator {
            local,
            target,
            cache: cache.0,
        }
    }

    /// The candidates found so far, for the next relocator of the same object.
    pub fn into_cache(self) -> CandidateCache {
        CandidateCache(self.cache)
    }

    /// Computes the relocation's values without touching instructions.
    pub fn resolve(&mut self, relo: &CoreRelo) -> Result<CoreResolution, CoreError> {
        let kind = CoreReloKind::from_raw(relo.kind).ok_or(CoreError::UnknownKind {
            kind: relo.kind,
            type_id: relo.type_id,
        })?;
        self.resolve_kind(relo, kind)
            .map_err(|f| f.into_error(describe(self.local, relo)))
            .and_then(|r| {
                r.ok_or_else(|| CoreError::AnonymousType {
                    relo: describe(self.local, relo),
                })
            })
    }

    /// Resolves and patches `insns[insn_idx]` (and the second half of an
    /// `ld_imm64`). A relocation that finds no match poisons the instruction
    /// and succeeds with [`CoreOutcome::poisoned`] set.
    ///
    /// `insn_idx` indexes `insns`; the record's own `insn_off` (bytes from
    /// the start of its ELF section) is not used, so the caller may pass a
    /// section's or a program's instructions.
    pub fn relocate(
        &mut self,
        relo: &CoreRelo,
        insns: &mut [Insn],
        insn_idx: usize,
    ) -> Result<CoreOutcome, CoreError> {
        let resolution = self.resolve(relo)?;
        let description = describe(self.local, relo);
        let poisoned =
            patch_insn(insns, insn_idx, &resolution).map_err(|reason| CoreError::BadInsn {
                relo: description.clone(),
                insn_idx,
                reason,
            })?;
        Ok(CoreOutcome {
            insn_idx,
            kind: resolution.kind,
            local_type: self.local.type_name(relo.type_id),
            access: self
                .local
                .str_at(relo.access_str_off)
                .unwrap_or("")
                .to_string(),
            description,
            poisoned,
            resolution,
        })
    }

    /// `bpf_core_calc_relo_insn`; `Ok(None)` for an anonymous local type.
    fn resolve_kind(
        &mut self,
        relo: &CoreRelo,
        kind: CoreReloKind,
    ) -> Result<Option<CoreResolution>, Fail> {
        if kind == CoreReloKind::TypeIdLocal {
            parse_spec(self.local, relo, kind)?;
            let mut res = CoreResolution::empty(kind);
            (res.orig_val, res.new_val) = (u64::from(relo.type_id), u64::from(relo.type_id));
            res.validate = false;
            return Ok(Some(res));
        }
        let t = self
            .local
            .type_by_id(relo.type_id)
            .ok_or_else(|| Fail::spec(format!("local type id {} does not exist", relo.type_id)))?;
        let local_spec = parse_spec(self.local, relo, kind)?;
        if self.local.str_at(t.name_off).unwrap_or("").is_empty() {
            return Ok(None);
        }
        let (local, target) = (self.local, self.target);
        let cands = self
            .cache
            .entry(relo.type_id)
            .or_insert_with(|| target.candidates(local, relo.type_id));
        let (res, kept) = match_candidates(target, &local_spec, cands)?;
        if !kept.is_empty() {
            *cands = kept;
        }
        Ok(Some(res))
    }
}

/// Matches every candidate; all matches must agree. Returns the result and
/// the matching candidates.
fn match_candidates(
    target: &CoreTarget,
    local: &Spec<'_>,
    cands: &[Candidate],
) -> Result<(CoreResolution, Vec<Candidate>), Fail> {
    let mut budget = Budget::new();
    let mut first: Option<(CoreResolution, u32)> = None;
    let mut kept = Vec::new();
    for &cand in cands {
        let Some(targ) = target.view(cand.btf) else {
            continue;
        };
        let mut walk = Walk {
            local: local.btf,
            targ,
            budget: &mut budget,
        };
        let Some(ts) = walk.spec_match(local, cand.type_id)? else {
            continue;
        };
        let res = calc_relo(local, Some(&ts), Some(cand))?;
        if let Some((r0, bits0)) = &first {
            if ts.bit_offset != *bits0 {
                return Err(Fail::Ambiguous(format!(
                    "field bit offset {} != {}",
                    ts.bit_offset, bits0
                )));
            }
            if res.poison != r0.poison || res.new_val != r0.new_val {
                return Err(Fail::Ambiguous(format!(
                    "value {} (type [{}]) != {} (type [{}])",
                    res.new_val,
                    cand.type_id,
                    r0.new_val,
                    r0.target.map_or(0, |c| c.type_id)
                )));
            }
        } else {
            first = Some((res, ts.bit_offset));
        }
        kept.push(cand);
    }
    match first {
        Some((res, _)) => Ok((res, kept)),
        None => Ok((calc_relo(local, None, None)?, kept)),
    }
}

/// Resolves and patches one relocation with a fresh candidate cache. To
/// relocate a whole object exactly like libbpf, use one [`CoreRelocator`].
pub fn relocate(
    local: &Btf,
    target: &CoreTarget,
    relo: &CoreRelo,
    insns: &mut [Insn],
    insn_idx: usize,
) -> Result<CoreOutcome, CoreError> {
    CoreRelocator::new(local, target).relocate(relo, insns, insn_idx)
}

/// A human-readable description of a relocation, e.g.
/// `field byte offset of struct task_struct.pid (0:0)`,
/// `type size of struct task_struct`, `enum value of enum pid_type::PIDTYPE_TGID`.
/// Never fails: an invalid record is described from its raw fields.
pub fn describe(local: &Btf, relo: &CoreRelo) -> String {
    let access = local.str_at(relo.access_str_off).unwrap_or("<invalid>");
    let ty = local.type_name(relo.type_id);
    let Some(kind) = CoreReloKind::from_raw(relo.kind) else {
        return format!("CO-RE relocation kind {} of {ty} ({access})", relo.kind);
    };
    if kind.is_type_based() {
        return format!("{kind} of {ty}");
    }
    match parse_spec(local, relo, kind) {
        Ok(spec) if kind.is_enumval_based() => {
            let name = spec.acc.first().and_then(|a| a.name).unwrap_or("?");
            format!("{kind} of {ty}::{name}")
        }
        Ok(spec) => format!("{kind} of {ty}{} ({access})", spec.path()),
        Err(_) => format!("{kind} of {ty} ({access})"),
    }
}
