//! Errors of the CO-RE engine.

use crate::obj::btf::BtfError;

/// Why a CO-RE relocation could not be computed or applied. Every variant
/// carries the relocation's description (see [`describe`](super::describe)),
/// e.g. `field byte offset of struct task_struct.pid (0:0)`.
///
/// A relocation that merely finds no matching kernel type is **not** an
/// error: it poisons the instruction (or resolves to 0) instead.
#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    /// The record's kind is not one of the 13 known kinds.
    #[error("unknown CO-RE relocation kind {kind} (local type id {type_id})")]
    UnknownKind {
        /// Raw kind number.
        kind: u32,
        /// Local root type id.
        type_id: u32,
    },
    /// The local type or access string is invalid (libbpf: "parsing ... failed").
    #[error("{relo}: invalid local access spec: {reason}")]
    InvalidSpec {
        /// Relocation description.
        relo: String,
        /// What is wrong.
        reason: String,
    },
    /// The local root type has no name, so no candidate can be searched.
    #[error("{relo}: relocations against anonymous types are not supported")]
    AnonymousType {
        /// Relocation description.
        relo: String,
    },
    /// The local or a candidate type cannot be used for this relocation
    /// (e.g. a bitfield wider than a u64 load, a bit-level kind on an array
    /// element, an over-deep access path).
    #[error("{relo}: {reason}")]
    Unsatisfiable {
        /// Relocation description.
        relo: String,
        /// What is wrong.
        reason: String,
    },
    /// Several target candidates match but give different results.
    #[error("{relo}: ambiguous target candidates: {detail}")]
    Ambiguous {
        /// Relocation description.
        relo: String,
        /// The disagreeing values.
        detail: String,
    },
    /// A type walk failed (bad id, cycle, type without size).
    #[error("{relo}: BTF error: {source}")]
    Btf {
        /// Relocation description.
        relo: String,
        /// Underlying error.
        #[source]
        source: BtfError,
    },
    /// Matching needed more steps than the budget allows (malicious or
    /// pathological type graphs).
    #[error("{relo}: type graph too complex (more than {limit} matching steps)")]
    TooComplex {
        /// Relocation description.
        relo: String,
        /// The step budget.
        limit: u32,
    },
    /// The instruction does not have the expected form or value.
    #[error("{relo}: instruction #{insn_idx}: {reason}")]
    BadInsn {
        /// Relocation description.
        relo: String,
        /// Instruction index given to the relocator.
        insn_idx: usize,
        /// What is wrong.
        reason: String,
    },
}

/// Internal failure, turned into a [`CoreError`] once the relocation's
/// description is known.
#[derive(Debug)]
pub(crate) enum Fail {
    /// Invalid local spec.
    Spec(String),
    /// Relocation cannot be satisfied.
    Unsat(String),
    /// Candidates disagree.
    Ambiguous(String),
    /// BTF walk error.
    Btf(BtfError),
    /// Step budget exhausted.
    TooComplex(u32),
}

impl From<BtfError> for Fail {
    fn from(e: BtfError) -> Fail {
        Fail::Btf(e)
    }
}

impl Fail {
    /// Shorthand for [`Fail::Spec`].
    pub(crate) fn spec(reason: impl Into<String>) -> Fail {
        Fail::Spec(reason.into())
    }

    /// Shorthand for [`Fail::Unsat`].
    pub(crate) fn unsat(reason: impl Into<String>) -> Fail {
        Fail::Unsat(reason.into())
    }

    /// Attaches the relocation description.
    pub(crate) fn into_error(self, relo: String) -> CoreError {
        match self {
            Fail::Spec(reason) => CoreError::InvalidSpec { relo, reason },
            Fail::Unsat(reason) => CoreError::Unsatisfiable { relo, reason },
            Fail::Ambiguous(detail) => CoreError::Ambiguous { relo, detail },
            Fail::Btf(source) => CoreError::Btf { relo, source },
            Fail::TooComplex(limit) => CoreError::TooComplex { relo, limit },
        }
    }
}
