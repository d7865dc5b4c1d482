//! CO-RE (Compile Once – Run Everywhere) relocations, computed against the
//! running kernel's BTF without libbpf.
//!
//! A CO-RE record (`.BTF.ext`, [`CoreRelo`]) names a *local* root type, an
//! access string such as `"0:1:2"` and a relocation kind. Resolving it against
//! a *target* BTF (vmlinux, then kernel modules) yields a value that is
//! patched into one instruction. The algorithm is libbpf's, step for step:
//!
//! 1. **Local spec** (`spec`, libbpf `bpf_core_parse_spec`): the access
//!    string is walked through the local type, giving a low-level (raw) spec, a
//!    high-level spec of named fields and array indices, and a bit offset.
//! 2. **Candidates** (`target`, `names`, libbpf `bpf_core_find_cands`,
//!    `bpf_core_add_cands`, `bpf_core_essential_name_len`): target types of a
//!    compatible kind whose *essential* name (the name without a `___flavor`
//!    suffix) equals the local one. vmlinux first; module BTFs only when
//!    vmlinux has none. Lookups go through a name index built lazily, once
//!    per target BTF, in O(n).
//! 3. **Matching** (`matching`, libbpf `bpf_core_spec_match`,
//!    `bpf_core_match_member`, `bpf_core_fields_are_compat`; `compat`,
//!    `bpf_core_types_are_compat`, `bpf_core_types_match`): each candidate is
//!    matched against the local spec, descending into anonymous members.
//! 4. **Calculation** (`calc`, libbpf `bpf_core_calc_relo` and its
//!    field/type/enumval helpers): the original (local) and new (target) values.
//!    All matching candidates must agree on the bit offset and the value;
//!    otherwise the relocation is ambiguous and fails.
//! 5. **Patching** (`patch`, libbpf `bpf_core_patch_insn`,
//!    `bpf_core_poison_insn`): ALU immediates, LDX/ST/STX offsets (adjusting
//!    the memory size when the field size changed, if that is safe), and both
//!    halves of an `ld_imm64`. A relocation with no matching candidate
//!    *poisons* the instruction (`call 0xbad2310`) so the program fails only if
//!    that path is reachable; existence checks (and, like libbpf, every
//!    type-based kind) resolve to 0 instead.
//!
//! [`CoreRelocator`] (`relocator`, libbpf `bpf_core_resolve_relo` and
//! `bpf_core_calc_relo_insn`) drives the steps and keeps libbpf's per-object
//! candidate cache: candidates that fail to match one relocation are dropped
//! for the following relocations of the same local type.
//!
//! Module BTFs are split BTF over vmlinux; [`split`] parses them into a
//! [`SplitBtf`] that shares vmlinux through an `Arc` (see its docs for why
//! this is not a merged standalone [`Btf`]); [`BtfView`] reads either.
//!
//! Files: `kind` (relocation kinds), `view` (type access, size and
//! modifier walks), `spec`, `names`, `target`, `matching`, `compat`,
//! `calc`, `patch`, `relocator` (as above), `split`, `error`.
//!
//! Deliberate differences from libbpf, all on inputs clang does not emit or
//! on malformed BTF: access strings are parsed strictly (`\d+(:\d+)*`;
//! libbpf's `sscanf` also takes spaces and `+`); bit offsets that overflow
//! u32 are errors instead of wrapping; a target member that matches by name
//! but not by type leaves the target spec clean; a step budget bounds
//! matching on hostile type graphs ([`CoreError::TooComplex`]).
//!
//! Everything here is pure: no system calls, no `unsafe`, no panics, every
//! index checked, every type walk depth-limited and every search bounded by a
//! step budget.
//!
//! [`Btf`]: crate::obj::btf::Btf

mod calc;
mod compat;
mod error;
mod kind;
mod matching;
mod names;
mod patch;
mod relocator;
mod spec;
pub mod split;
mod target;
mod view;

#[cfg(test)]
mod tests_field;
#[cfg(test)]
mod tests_misc;
#[cfg(test)]
mod tests_type;
#[cfg(test)]
mod tests_vmlinux;
#[cfg(test)]
pub(crate) mod testutil;

pub use crate::obj::btf::CoreRelo;
pub use calc::CoreResolution;
pub use error::CoreError;
pub use kind::CoreReloKind;
pub use names::essential_name;
pub(crate) use names::{lookup_keys, NameMatcher};
pub use patch::{is_poisoned, POISON_IMM};
pub use relocator::{describe, relocate, CandidateCache, CoreOutcome, CoreRelocator};
pub use split::{parse_split, SplitBtf};
pub use target::{Candidate, CoreTarget, TargetBtf};
pub use view::BtfView;
