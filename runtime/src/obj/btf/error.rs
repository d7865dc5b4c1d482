//! Errors produced while parsing, walking or fixing up BTF and BTF.ext.

/// Everything that can go wrong in the BTF layer. Every variant carries enough
/// context (offsets, type ids, names) to locate the problem in the input.
#[derive(Debug, thiserror::Error)]
pub enum BtfError {
    /// Input ended before a structure could be read completely.
    #[error(
        "BTF truncated while reading {what} at offset {offset}: need {need} bytes, have {have}"
    )]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Offset (within the blob) where reading started.
        offset: usize,
        /// Bytes needed.
        need: usize,
        /// Bytes available from `offset`.
        have: usize,
    },
    /// The magic number is neither `0xeB9F` nor its byte-swapped form.
    #[error("bad BTF magic {0:#06x}")]
    BadMagic(u16),
    /// The header is inconsistent (version, lengths, section layout).
    #[error("bad BTF header: {0}")]
    BadHeader(String),
    /// A string offset lies outside the string table.
    #[error("invalid BTF string offset {offset}")]
    BadString {
        /// The offending offset.
        offset: u32,
    },
    /// A type id reference points past the last type.
    #[error("invalid BTF type id {id} referenced from type id {referenced_from}")]
    BadTypeId {
        /// The invalid id.
        id: u32,
        /// The type that holds the reference (0 when not from a type).
        referenced_from: u32,
    },
    /// A type has a kind number this crate does not know.
    #[error("BTF type id {id} has unknown kind {kind}")]
    UnknownKind {
        /// Type id.
        id: u32,
        /// Raw kind number.
        kind: u32,
    },
    /// A walk followed more than 32 links (deep or cyclic chain).
    #[error("type chain too deep or cyclic at type id {id}")]
    TooDeep {
        /// Type id the walk started from.
        id: u32,
    },
    /// A named item (type, section, symbol) does not exist.
    #[error("not found: {0}")]
    NotFound(String),
    /// A type is structurally invalid for the requested operation.
    #[error("invalid BTF type id {id}: {reason}")]
    Invalid {
        /// Type id.
        id: u32,
        /// Why it is invalid.
        reason: String,
    },
    /// A `.BTF.ext` blob is malformed.
    #[error("bad BTF.ext: {0}")]
    Ext(String),
}

impl BtfError {
    /// Shorthand for [`BtfError::Invalid`].
    pub(super) fn invalid(id: u32, reason: impl Into<String>) -> BtfError {
        BtfError::Invalid {
            id,
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_deep_message() {
        let e = BtfError::TooDeep { id: 7 };
        assert_eq!(e.to_string(), "type chain too deep or cyclic at type id 7");
    }
}
