//! Errors of the pure object parser.

use super::btf::BtfError;

/// Why an object could not be parsed. Every variant names what is wrong.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The object file could not be read.
    #[error("reading {}: {source}", path.display())]
    Read {
        /// The file.
        path: std::path::PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The ELF container itself is unreadable.
    #[error("not a valid ELF object: {0}")]
    Elf(String),
    /// A valid ELF that is not for BPF (wrong class, machine or type).
    #[error("not a BPF object: {0}")]
    NotBpf(String),
    /// The object has no symbol table (stripped).
    #[error("object has no symbol table (was it stripped?)")]
    NoSymbolTable,
    /// A section is malformed.
    #[error("section `{section}`: {reason}")]
    Section {
        /// Section name.
        section: String,
        /// What is wrong.
        reason: String,
    },
    /// A symbol is malformed or misplaced.
    #[error("symbol `{symbol}`: {reason}")]
    Symbol {
        /// Symbol name (or `#index` when it has none).
        symbol: String,
        /// What is wrong.
        reason: String,
    },
    /// A relocation entry is malformed.
    #[error("relocation #{index} in `{section}`: {reason}")]
    Relocation {
        /// Relocation section name.
        section: String,
        /// Entry index.
        index: usize,
        /// What is wrong.
        reason: String,
    },
    /// The `.BTF` section is invalid.
    #[error(".BTF: {0}")]
    Btf(#[source] BtfError),
    /// A map definition is invalid.
    #[error("map `{map}`: {reason}")]
    Map {
        /// Map name.
        map: String,
        /// What is wrong.
        reason: String,
    },
}

impl ParseError {
    pub(crate) fn section(section: &str, reason: impl Into<String>) -> Self {
        ParseError::Section {
            section: section.to_string(),
            reason: reason.into(),
        }
    }
    pub(crate) fn map(map: &str, reason: impl Into<String>) -> Self {
        ParseError::Map {
            map: map.to_string(),
            reason: reason.into(),
        }
    }
}

debug_as_display!(ParseError);
