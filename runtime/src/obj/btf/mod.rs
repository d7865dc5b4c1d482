//! Pure BTF handling: parsing, walking, building, serializing and fixing up
//! `.BTF` blobs, plus parsing of `.BTF.ext` (func/line info, CO-RE relocations).
//!
//! Nothing here touches the kernel or ELF; the loader feeds raw section bytes in
//! and gets validated, panic-free views back.

mod build;
mod decode;
mod display;
mod error;
mod ext;
mod ext_block;
mod fixup;
mod layout;
mod parse;
mod reader;
mod sanitize;
#[cfg(test)]
mod testutil;
pub mod types;
mod validate;
mod walk;
mod write;

pub use error::BtfError;
pub use ext::{BtfExt, CoreRelo, ExtSection, FuncInfo, LineInfo};
pub use layout::resolve_size_with;
pub use sanitize::BtfFeatures;
pub use types::*;

/// Maximum number of links followed by any type walk (matches libbpf's
/// `MAX_RESOLVE_DEPTH`).
pub const MAX_RESOLVE_DEPTH: u32 = 32;

/// A parsed BTF blob: all types (index = type id, index 0 is a `void`
/// placeholder) and the raw string table.
///
/// Build one with [`Btf::parse`] or [`Btf::new_empty`]; look types up with
/// [`Btf::type_by_id`]; serialize with [`Btf::to_bytes`].
#[derive(Debug, Clone)]
pub struct Btf {
    /// `types[0]` is the void placeholder; `types[id]` is type `id`.
    types: Vec<BtfType>,
    /// Raw string table; always starts and ends with a NUL byte.
    strings: Vec<u8>,
    /// Whether the parsed input was big-endian.
    big_endian: bool,
}

impl Btf {
    /// The placeholder stored at index 0 (type id 0 is `void`).
    fn void_placeholder() -> BtfType {
        BtfType {
            name_off: 0,
            info: 0,
            size_or_type: 0,
            kind: BtfKind::Int { encoding: 0 },
        }
    }

    /// An empty BTF: no types besides `void`, a string table holding only `""`.
    pub fn new_empty() -> Btf {
        Btf {
            types: vec![Self::void_placeholder()],
            strings: vec![0],
            big_endian: false,
        }
    }

    /// Whether the blob this was parsed from was big-endian.
    /// [`Btf::new_empty`] values report `false`.
    pub fn is_big_endian(&self) -> bool {
        self.big_endian
    }

    /// The raw string table (starts and ends with NUL).
    pub fn strings(&self) -> &[u8] {
        &self.strings
    }
}
