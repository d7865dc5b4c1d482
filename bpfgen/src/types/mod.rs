//! BTF → Rust type declarations for generated skeletons (the `types` module).
//!
//! A [`TypeGen`] is fed the BTF types a skeleton needs — map keys and values,
//! DATASECs, types the user names — and emits one declaration for each and for
//! everything they contain:
//!
//! ```
//! use bpfgen::types::TypeGen;
//! use bpfgen_runtime::obj::btf::{Btf, BtfType, Member};
//!
//! let mut btf = Btf::new_empty();
//! let u8_name = btf.add_string("unsigned char");
//! let u8_id = btf.add_type(BtfType::new_int(u8_name, 1, 8));
//! let u64_name = btf.add_string("unsigned long long");
//! let u64_id = btf.add_type(BtfType::new_int(u64_name, 8, 64));
//! let (tag, value) = (btf.add_string("tag"), btf.add_string("value"));
//! let stats = btf.add_string("stats");
//! let id = btf.add_type(BtfType::new_struct(stats, 16, vec![
//!     Member { name_off: tag, type_id: u8_id, offset: 0 },
//!     Member { name_off: value, type_id: u64_id, offset: 64 },
//! ]));
//!
//! let mut gen = TypeGen::new(&btf);
//! assert_eq!(gen.request(id)?.to_string(), "types :: stats");
//! let code = gen.emit().to_string();
//! assert!(code.contains("pub __pad_1 : [u8 ; 7]"));
//! # Ok::<(), bpfgen::types::TypeGenError>(())
//! ```
//!
//! # What the generated code looks like
//! - **Structs** are `#[repr(C)]` with explicit padding
//!   (`pub __pad_<offset>: [u8; n]`, trailing padding included): no implicit
//!   padding, and Rust's layout equals BTF's byte for byte. A type BTF shows
//!   to be packed (libbpf's `btf__align_of` gives 1) is `#[repr(C, packed)]`;
//!   one whose fields align to less than BTF says (byte storage of aligned
//!   bitfields) gets a zero-sized `pub __align: [uN; 0]` first field instead of
//!   `repr(align)`, which a packed parent could not contain.
//! - **Unions** are structs too: `pub __bytes: [u8; size]` (plus `__align`)
//!   with a getter and a `set_` setter per member, built on the runtime's
//!   safe `pod::read`/`pod::bytes_of`. A Rust `union` built from a smaller
//!   member would leave bytes uninitialised — unsound for a `Pod` type — and
//!   reading one needs `unsafe`.
//! - **Bitfields** live in `pub __bitfield_<offset>: [u8; n]` storage shared
//!   by consecutive bitfields whose bytes overlap or touch; `name()` and
//!   `set_name(v)` use little-endian bit numbering (bit `i` is bit `i % 8` of
//!   byte `i / 8`), sign-extend signed fields, and return the enum newtype for
//!   enum bitfields. The bit-level helpers they call are
//!   `bpfgen_runtime::pod::bitfield_{get,get_signed,set}`.
//! - **Enums** (ENUM and ENUM64) are `#[repr(transparent)] pub struct
//!   name(pub u32);` over the integer of their size and signedness, with
//!   `pub const VALUE: Self` items (kernel values need not be listed ones) and
//!   a `Debug` that prints the const name when the value has one.
//! - **Scalars**: see the table in `scalar.rs`. In short `char` is `u8`
//!   (byte strings then work with `CStr::from_bytes_until_nul`), `signed
//!   char` is `i8`, `_Bool` is `u8`, pointers and function pointers are `u64`,
//!   128-bit integers and `long double` are `[u64; 2]`; `const`, `volatile`,
//!   `restrict` and type tags are dropped.
//! - **Typedefs** resolve to their target in fields (`__u32` → `u32`). A
//!   typedef names the anonymous struct, union or enum it defines;
//!   [`TypeGen::request_named`] of a typedef of anything else adds
//!   `pub type name = target;`.
//! - **DATASECs** become a struct per section (`Rodata`, `Bss`, …) holding
//!   the non-static variables at their offsets; statics are padding. The size
//!   is the section size rounded up to the struct's alignment.
//! - Every type derives `Clone, Copy`, and `Debug` and `Default` when the
//!   derive works. Otherwise `Debug` is written out (members, union members
//!   and bitfield values; padding left out) and `Default` is
//!   `::bpfgen_runtime::pod::zeroed()` (arrays longer than 32). Enums also
//!   derive `PartialEq, Eq, Hash, PartialOrd, Ord`.
//! - The only `unsafe` is `unsafe impl ::bpfgen_runtime::pod::Pod for T {}`,
//!   with a `/// SAFETY:` line (accepted by `clippy::undocumented_unsafe_blocks`)
//!   and followed by `const _: () = { … };` asserting `size_of`, `align_of`
//!   and one `offset_of!` per field. The values are those of a 64-bit host
//!   (`u64` aligned to 8).
//!
//! # Names
//! C names are kept; [`TypeGen::emit_module`] puts the `allow`s they need on
//! the module. Rust keywords get a trailing `_` (`type` → `type_`, also for
//! `self`, `Self`, `super`, `crate`, which cannot be raw identifiers), and so
//! does a type named like a primitive (`struct u32` → `u32_`). Anonymous
//! types are named after where they are used: `parent__field`, or
//! `parent__anon_N` for the N-th anonymous member (whose field is
//! `__anon_N`); at top level after the request's hint, else `anon_struct`.
//! DATASEC structs are `Rodata`, `Data`, `Bss`, `DataCustom`,
//! `RodataCustom`, … and win over C types of the same name (`struct Data` →
//! `Data_2`). Clashes get `_2`, `_3` in type-id order, all decided before any
//! request, so names never depend on request order or contain type ids.
//!
//! # Determinism and limits
//! [`TypeGen::emit`] sorts items by Rust name; the output holds no paths.
//! A failed request declares nothing. Walks are limited to 32 links and 32
//! levels of nesting, cycles are errors, and nothing panics on bad BTF.
//! Big-endian BTF is refused.

mod align_evidence;
mod datasec;
mod emit;
mod error;
pub(crate) mod ident;
mod layout;
mod lower;
mod model;
mod named;
mod names;
mod scalar;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap, HashSet};

use bpfgen_runtime::obj::btf::Btf;
use proc_macro2::TokenStream;
use quote::quote;

pub use error::TypeGenError;

use lower::Depth;
use model::{Decl, RustTy, TyInfo};
use names::Names;

/// Collects the Rust declarations for BTF types; see the [module docs](self).
#[derive(Debug, Clone)]
pub struct TypeGen<'a> {
    btf: &'a Btf,
    /// Struct alignments that placements prove ([`align_evidence`]).
    proven_align: HashMap<u32, u32>,
    state: State,
}

/// Everything a request changes (cloned to roll a failed request back).
#[derive(Debug, Clone)]
struct State {
    names: Names,
    /// Declarations by Rust name (so iteration is the emission order).
    decls: BTreeMap<String, Decl>,
    /// Lowered composites, enums and DATASECs by type id.
    done: HashMap<u32, TyInfo>,
    /// Composites being built (cycle detection).
    in_progress: HashSet<u32>,
    /// Aliases emitted for typedefs, by typedef id.
    aliases: HashMap<u32, RustTy>,
}

impl<'a> TypeGen<'a> {
    /// A generator over `btf`; fixes the names of all named types up front.
    pub fn new(btf: &'a Btf) -> Self {
        TypeGen {
            btf,
            proven_align: align_evidence::alignment_evidence(btf),
            state: State {
                names: Names::new(btf),
                decls: BTreeMap::new(),
                done: HashMap::new(),
                in_progress: HashSet::new(),
                aliases: HashMap::new(),
            },
        }
    }

    /// Declares BTF type `id` and everything it contains; returns the Rust type
    /// to use for it, seen from the module that holds `pub mod types`
    /// (`u32`, `types::task_info`, `[u8; 16]`, `u64` for pointers).
    /// A DATASEC id gives its section struct. Anonymous types are named
    /// `anon_struct`, `anon_union` or `anon_enum` (see
    /// [`TypeGen::request_with_hint`]).
    pub fn request(&mut self, id: u32) -> Result<TokenStream, TypeGenError> {
        self.request_with_hint(id, None)
    }

    /// Like [`TypeGen::request`], naming `id` after `hint` if it is anonymous
    /// (e.g. `"events_value"` for a map declared with `__type(value, struct { … })`).
    pub fn request_with_hint(
        &mut self,
        id: u32,
        hint: Option<&str>,
    ) -> Result<TokenStream, TypeGenError> {
        self.transaction(|gen| gen.lower(id, hint, Depth::default()).map(|i| i.ty))
    }

    /// Declares the struct of DATASEC `name` (`.rodata`, `.data.custom`, `.bss`,
    /// …): one field per non-static variable at its offset, explicit padding,
    /// named `Rodata`, `DataCustom`, `Bss`, … Returns its type path.
    pub fn request_datasec(&mut self, name: &str) -> Result<TokenStream, TypeGenError> {
        let (id, _) = self
            .btf
            .datasec_by_name(name)
            .ok_or_else(|| not_found("DATASEC", name))?;
        self.request(id)
    }

    /// Declares a type by its C name, for the user's `--type NAME`. `NAME` may
    /// be prefixed with `struct `, `union ` or `enum `; a bare name finds a
    /// struct, union or enum first, then a typedef. A typedef whose target has
    /// another Rust name gets `pub type NAME = target;`.
    pub fn request_named(&mut self, name: &str) -> Result<TokenStream, TypeGenError> {
        let (id, is_typedef) = self.find_named(name)?;
        if !is_typedef {
            return self.request(id);
        }
        self.transaction(|gen| gen.alias(id))
    }

    /// All declarations requested so far, sorted by Rust name, as the items of
    /// a `pub mod types { … }` (see [`TypeGen::emit_module`] for the module
    /// itself with the lint allowances the items need).
    pub fn emit(&self) -> TokenStream {
        let decls = &self.state.decls;
        let items = decls.values().map(|d| emit::decl(d, decls));
        quote! { #(#items)* }
    }

    /// `pub mod types { … }` holding [`TypeGen::emit`], with the `allow`s that
    /// C names and layouts need (naming lints, `dead_code` for unused types,
    /// `missing_docs`, a few clippy lints about casts and literals).
    pub fn emit_module(&self) -> TokenStream {
        let attrs = emit::module_attrs();
        let items = self.emit();
        quote! {
            #attrs
            pub mod types {
                #items
            }
        }
    }

    /// Runs `f`; on error restores the state from before, so failed requests
    /// declare nothing.
    fn transaction(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<RustTy, TypeGenError>,
    ) -> Result<TokenStream, TypeGenError> {
        if self.btf.is_big_endian() {
            return Err(TypeGenError::BigEndian);
        }
        let saved = self.state.clone();
        match f(self) {
            Ok(ty) => Ok(ty.tokens(Some(&quote!(types)))),
            Err(e) => {
                self.state = saved;
                Err(e)
            }
        }
    }
}

pub(crate) fn not_found(what: &'static str, name: &str) -> TypeGenError {
    TypeGenError::NotFound {
        what,
        name: name.to_string(),
    }
}
