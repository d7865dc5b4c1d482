//! Errors of the BTF → Rust type generator.

use bpfgen_runtime::obj::btf::BtfError;

/// Why a BTF type could not be turned into a Rust declaration.
///
/// Every variant names the C type (as [`bpfgen_runtime::obj::btf::Btf::type_name`]
/// prints it) next to its type id, so messages make sense without a BTF dump.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TypeGenError {
    /// A type id that does not exist in the BTF.
    #[error("unknown BTF type id {id}")]
    UnknownId {
        /// The id that was asked for or referenced.
        id: u32,
    },
    /// No type or DATASEC has this name.
    #[error("no {what} named `{name}` in BTF")]
    NotFound {
        /// What was looked for (`type`, `struct`, `DATASEC`, …).
        what: &'static str,
        /// The name as given.
        name: String,
    },
    /// A type chain longer than 32 links, or composites nested deeper than 32 levels.
    #[error("type `{type_name}` (id {id}) is nested too deeply or its chain is cyclic")]
    TooDeep {
        /// Type id where the walk gave up.
        id: u32,
        /// Its C name.
        type_name: String,
    },
    /// A struct or union that contains itself by value.
    #[error("type `{type_name}` (id {id}) contains itself")]
    Cyclic {
        /// Type id of the composite.
        id: u32,
        /// Its C name.
        type_name: String,
    },
    /// A kind or shape that has no Rust data representation (void, FWD by value,
    /// functions, bitfields wider than 64 bits, big-endian BTF…).
    #[error("cannot represent `{type_name}` (id {id}) in Rust: {reason}")]
    Unsupported {
        /// Type id.
        id: u32,
        /// Its C name.
        type_name: String,
        /// Why.
        reason: String,
    },
    /// Member offsets or sizes that no `#[repr(C)]` layout can reproduce
    /// (overlapping members, members past the end, misaligned members of a
    /// type that is not packed).
    #[error("layout of `{type_name}` (id {id}) cannot be reproduced: {reason}")]
    Layout {
        /// Type id.
        id: u32,
        /// Its C name.
        type_name: String,
        /// What is wrong.
        reason: String,
    },
    /// The BTF is big-endian: generated types read values in host order, and
    /// bitfield accessors assume little-endian bit numbering.
    #[error("the BTF is big-endian; generated types need a little-endian object")]
    BigEndian,
    /// The BTF layer reported an error (size or alignment of a malformed type).
    #[error(transparent)]
    Btf(#[from] BtfError),
}
