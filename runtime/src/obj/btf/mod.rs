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
mod store;
#[cfg(test)]
mod testutil;
mod type_ids;
pub mod types;
mod validate;
mod walk;
mod write;

pub use error::BtfError;
pub use ext::{BtfExt, CoreRelo, ExtSection, FuncInfo, LineInfo};
pub use layout::resolve_size_with;
pub use sanitize::BtfFeatures;
pub use store::SharedBytes;
use store::{Strings, Types};
pub use types::*;

/// Maximum number of links followed by any type walk (matches libbpf's
/// `MAX_RESOLVE_DEPTH`).
pub const MAX_RESOLVE_DEPTH: u32 = 32;

/// A parsed BTF blob: all types (type id 0 is a `void` placeholder) and the raw
/// string table.
///
/// Build one with [`Btf::parse`] (decoded and checked whole) or
/// [`Btf::parse_shared`] (read in place, each type decoded and checked on first use:
/// the kernel's BTF), or [`Btf::new_empty`]; look types up with [`Btf::type_by_id`];
/// serialize with [`Btf::to_bytes`].
#[derive(Debug, Clone)]
pub struct Btf {
    /// The types by id.
    types: Types,
    /// Raw string table; always starts and ends with a NUL byte.
    strings: Strings,
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
            types: Types::Decoded(vec![Self::void_placeholder()]),
            strings: Strings::Owned(vec![0]),
            big_endian: false,
        }
    }

    /// A BTF of `types` (ids 1, 2, … in order; id 0 is `void`) whose names point into
    /// `strings` (which must start with a NUL byte; one is added if it does not). For
    /// building a BTF whole, e.g. a linker's output; [`Btf::to_bytes`] then serializes it.
    pub fn from_parts(types: Vec<BtfType>, mut strings: Vec<u8>) -> Btf {
        if strings.first() != Some(&0) {
            strings.insert(0, 0);
        }
        if strings.last() != Some(&0) {
            strings.push(0);
        }
        let mut all = Vec::with_capacity(types.len() + 1);
        all.push(Self::void_placeholder());
        all.extend(types);
        Btf {
            types: Types::Decoded(all),
            strings: Strings::Owned(strings),
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
        self.strings.as_slice()
    }

    /// The decoded types, for changing them (a lazily read BTF is decoded whole first).
    fn types_mut(&mut self) -> &mut Vec<BtfType> {
        if let Types::Lazy(lazy) = &self.types {
            self.types = Types::Decoded(lazy.decode_all());
        }
        match &mut self.types {
            Types::Decoded(v) => v,
            Types::Lazy(_) => unreachable!("decoded above"),
        }
    }
}
