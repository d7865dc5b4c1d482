//! Errors of the skeleton layer: looking maps and programs up by name and checking that
//! the Rust types generated code uses agree with the object.

use crate::obj::section_table::ProgramKind;

/// A name lookup or a type/size check of the skeleton layer failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SkelError {
    /// The object has no map (or data section) of this name.
    #[error("object `{object}` has no map `{map}`")]
    NoMap {
        /// Object name.
        object: String,
        /// Map name asked for.
        map: String,
    },
    /// The object has no program of this name.
    #[error("object `{object}` has no program `{program}`")]
    NoProgram {
        /// Object name.
        object: String,
        /// Program name asked for.
        program: String,
    },
    /// A typed map handle was asked for a map of another type.
    #[error("map `{map}` is a `{found}` map; {handle} needs {expected}")]
    MapType {
        /// Map name.
        map: String,
        /// The handle type, e.g. `HashMap`.
        handle: &'static str,
        /// Map types the handle accepts.
        expected: &'static str,
        /// The map's actual type.
        found: String,
    },
    /// A typed program handle was asked for a program of another kind.
    #[error("program `{program}` is a {found:?} program, not {expected:?}")]
    ProgramKind {
        /// Program name.
        program: String,
        /// Kind of the handle.
        expected: ProgramKind,
        /// Kind derived from the program's section.
        found: ProgramKind,
    },
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
    /// The program was unloaded by another thread while this one loaded it.
    #[error("program `{program}` was unloaded while it was being loaded")]
    Unloaded {
        /// Program name.
        program: String,
    },
}
