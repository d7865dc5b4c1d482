//! Errors of skeleton generation.

use std::path::PathBuf;

use bpfgen_runtime::ParseError;

use crate::types::TypeGenError;

/// Why a skeleton could not be generated.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum SkelError {
    /// `SkelOptions::runtime_path` is not a Rust path.
    #[error("runtime path `{path}` is not a Rust path: {reason}")]
    RuntimePath {
        /// The path as given.
        path: String,
        /// What the parser said.
        reason: String,
    },
    /// The object file could not be read.
    #[error("{}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The object is not a BPF object the runtime can parse.
    #[error("{file}: {source}")]
    Parse {
        /// File name of the object.
        file: String,
        /// What the parser said.
        #[source]
        source: ParseError,
    },
    /// The object is big-endian; skeletons (and the runtime) need little-endian.
    #[error("{file}: big-endian BPF object; skeletons need a little-endian (bpfel) object")]
    BigEndian {
        /// File name of the object.
        file: String,
    },
    /// A type the caller asked for (`--type NAME`) cannot be generated.
    #[error("type `{name}`: {source}")]
    Type {
        /// The name as given.
        name: String,
        /// Why.
        #[source]
        source: TypeGenError,
    },
    /// A typed event map (`--event MAP=TYPE`) cannot be made.
    #[error("event map `{map}` (as `{type_name}`): {reason}")]
    Event {
        /// The map as given.
        map: String,
        /// The C type as given.
        type_name: String,
        /// Why.
        reason: String,
    },
    /// Two C names give the same Rust name.
    #[error("{what} `{first}` and `{second}` both become `{rust}` in Rust; rename one of them")]
    Collision {
        /// What collides (`map`, `program`, `variable`, …).
        what: &'static str,
        /// The first C name.
        first: String,
        /// The second C name.
        second: String,
        /// The Rust name both map to.
        rust: String,
    },
    /// The skeleton name is not usable.
    #[error("skeleton name `{name}` is not usable: {reason}")]
    Name {
        /// The name as given.
        name: String,
        /// Why.
        reason: &'static str,
    },
    /// The object path cannot be embedded with a path relative to the crate.
    #[error("{}: {reason}", path.display())]
    EmbedPath {
        /// The object path.
        path: PathBuf,
        /// Why, and what to do instead.
        reason: String,
    },
    /// The generated tokens do not parse as Rust (a bug in bpfgen).
    #[error("generated code does not parse (a bpfgen bug, please report it): {0}")]
    Syntax(#[from] syn::Error),
}

bpfgen_runtime::debug_as_display!(SkelError);
