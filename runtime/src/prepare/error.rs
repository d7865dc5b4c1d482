//! Errors of the prepare phase.

use crate::sys::SyscallError;

/// Why an object could not be prepared. Program-specific problems are not here: they
/// surface when that program is loaded.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum PrepareError {
    /// The object's byte order differs from the host's.
    #[error("object is big-endian (bpfeb) but this host is little-endian; rebuild it with --target=bpf or --target=bpfel")]
    ForeignEndian,
    /// The object is little-endian but the host is big-endian.
    #[error("object is little-endian but this host is big-endian; rebuild it with --target=bpfeb")]
    ForeignEndianLittle,
    /// Creating a map failed.
    #[error("creating map `{map}`: {source}{}", hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default())]
    CreateMap {
        /// Map name.
        map: String,
        /// Underlying error.
        #[source]
        source: SyscallError,
        /// The likely cause, when the attributes show one (libbpf-style hint).
        hint: Option<String>,
    },
    /// Writing a map's initial contents or freezing it failed.
    #[error("initialising map `{map}`: {source}")]
    InitMap {
        /// Map name.
        map: String,
        /// Underlying error.
        #[source]
        source: SyscallError,
    },
    /// A map's definition is unusable (e.g. initial value of the wrong size).
    #[error("map `{map}`: {reason}")]
    BadMap {
        /// Map name.
        map: String,
        /// What is wrong.
        reason: String,
    },
    /// A pinned map exists at the pin path but does not match the definition.
    #[error("map `{map}`: pinned map at {path} is incompatible: {reason}")]
    IncompatiblePin {
        /// Map name.
        map: String,
        /// Pin path.
        path: String,
        /// Which attribute differs.
        reason: String,
    },
    /// A map handed in through [`PrepareOpts::replace_maps`](crate::PrepareOpts) does not
    /// fit: the object has no such map, or the definition differs.
    #[error("map `{map}`: replacement map: {reason}")]
    Replacement {
        /// Map name.
        map: String,
        /// What is wrong.
        reason: String,
    },
    /// A BPF token could not be made from the bpffs at `path`.
    #[error("BPF token from {path}: {reason}")]
    Token {
        /// The bpffs mount.
        path: String,
        /// Why.
        reason: String,
    },
    /// Pinning a map or opening a pinned map failed.
    #[error("map `{map}`: pin path {path}: {source}")]
    Pin {
        /// Map name.
        map: String,
        /// Pin path.
        path: String,
        /// Underlying error.
        #[source]
        source: SyscallError,
    },
}

debug_as_display!(PrepareError);
