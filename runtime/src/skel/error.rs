//! Errors of the skeleton layer: checking that
//! the Rust types generated code uses agree with the object.

/// A name lookup or a type/size check of the skeleton layer failed.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum SkelError {
    /// A Rust type does not fit a global-data section.
    #[error(
        "`{section}`: {type_name} is {got} bytes, which does not fit the {expected}-byte section"
    )]
    DataSize {
        /// Data section (map) name.
        section: String,
        /// The Rust type.
        type_name: &'static str,
        /// `size_of` the Rust type.
        got: usize,
        /// The section's (map value's) size.
        expected: usize,
    },
    /// The map is not a global-data section (`.data`, `.bss`, `.rodata`, ...).
    #[error("map `{map}` is not a global-data section")]
    NotData {
        /// Map name.
        map: String,
    },
    /// A live view of a frozen section was asked for.
    #[error("`{section}` is frozen after prepare; read it with `skel::snapshot`")]
    Frozen {
        /// Data section name.
        section: String,
    },
}

debug_as_display!(SkelError);
