//! The intermediate model between BTF and tokens: Rust type expressions with
//! their layout, and one declaration per generated item.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident::ident;

/// A Rust type expression as it appears in a field, an array or an alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RustTy {
    /// A primitive (`u8`, `i64`, `f32`, …).
    Prim(&'static str),
    /// `[T; N]`.
    Array(Box<RustTy>, u32),
    /// A declaration generated into the `types` module.
    Named(String),
    /// A type of the runtime's `pod` module (`Bool` for C `_Bool`).
    Runtime(&'static str),
}

impl RustTy {
    /// Tokens for the type; named types get `prefix::` when a prefix is given
    /// (inside the `types` module they are referred to by bare name).
    pub(crate) fn tokens(&self, prefix: Option<&TokenStream>) -> TokenStream {
        match self {
            RustTy::Prim(p) => {
                let p = ident(p);
                quote!(#p)
            }
            RustTy::Array(elem, n) => {
                let elem = elem.tokens(prefix);
                let n = proc_macro2::Literal::usize_unsuffixed(*n as usize);
                quote!([#elem; #n])
            }
            RustTy::Named(name) => {
                let name = ident(name);
                match prefix {
                    Some(p) => quote!(#p::#name),
                    None => quote!(#name),
                }
            }
            RustTy::Runtime(name) => {
                let name = ident(name);
                quote!(::bpfgen_runtime::pod::#name)
            }
        }
    }

    /// Whether the type (at any array nesting) is an array too long for the
    /// standard `Default` impls (`[T; N]` implements `Default` only up to 32).
    pub(crate) fn has_long_array(&self) -> bool {
        match self {
            RustTy::Array(elem, n) => *n > 32 || elem.has_long_array(),
            _ => false,
        }
    }
}

/// A Rust type together with its size and alignment (both as the generated
/// code will have them, which the emitted asserts check against BTF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TyInfo {
    /// The type expression.
    pub ty: RustTy,
    /// Size in bytes.
    pub size: u32,
    /// Alignment in bytes.
    pub align: u32,
}

impl TyInfo {
    /// A primitive whose alignment equals its size.
    pub(crate) fn prim(name: &'static str, size: u32) -> TyInfo {
        TyInfo {
            ty: RustTy::Prim(name),
            size,
            align: size,
        }
    }

    /// `[u8; size]`.
    pub(crate) fn bytes(size: u32) -> TyInfo {
        TyInfo {
            ty: RustTy::Array(Box::new(RustTy::Prim("u8")), size),
            size,
            align: 1,
        }
    }
}

/// One generated item of the `types` module.
#[derive(Debug, Clone)]
pub(crate) enum Decl {
    /// A struct, union or DATASEC struct.
    Composite(Composite),
    /// A C enum as a transparent newtype.
    Enum(EnumDecl),
    /// `pub type name = target;` for a typedef the user asked for by name.
    Alias(Alias),
}

/// A `#[repr(C)]` struct with explicit padding. A C union is a struct too:
/// `__bytes: [u8; size]` storage plus a getter and setter per member.
#[derive(Debug, Clone)]
pub(crate) struct Composite {
    /// Rust name.
    pub name: String,
    /// What it came from, for the doc comment (`struct foo`, `section .rodata`).
    pub origin: String,
    /// Size in bytes (equal to the BTF size, or rounded up for DATASECs).
    pub size: u32,
    /// Alignment in bytes.
    pub align: u32,
    /// `Some(n)`: `#[repr(C, packed(n))]` (`packed` for 1).
    pub packed: Option<u32>,
    /// Fields in declaration (offset) order.
    pub fields: Vec<Field>,
    /// Bitfield accessors, in member order.
    pub bitfields: Vec<Bitfield>,
    /// Member accessors of a union, in member order.
    pub union_members: Vec<UnionMember>,
}

/// A member of a C union, read and written through `pod::read`/`bytes_of`
/// on the union's `__bytes`.
#[derive(Debug, Clone)]
pub(crate) struct UnionMember {
    /// Getter method name.
    pub getter: String,
    /// Setter method name.
    pub setter: String,
    /// Member type.
    pub info: TyInfo,
}

/// One field of a [`Composite`].
#[derive(Debug, Clone)]
pub(crate) struct Field {
    /// Rust field name.
    pub name: String,
    /// Type and layout.
    pub info: TyInfo,
    /// Byte offset (0 for union members).
    pub offset: u32,
    /// Why the field exists.
    pub role: Role,
}

/// What a [`Field`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// A C member (or variable, in a DATASEC struct).
    Member,
    /// Explicit padding bytes (`__pad_N`), including bytes of static variables.
    Padding,
    /// Storage bytes of one or more bitfields (`__bitfield_N`).
    BitfieldStorage,
    /// A zero-sized `[uN; 0]` raising the alignment to the BTF alignment
    /// (used when bitfield storage is bytes but the C type is aligned).
    Align,
    /// `__bytes: [u8; size]`, the storage of a union.
    UnionBytes,
}

/// A C bitfield, read and written through accessor methods.
#[derive(Debug, Clone)]
pub(crate) struct Bitfield {
    /// C member name.
    pub c_name: String,
    /// Getter method name.
    pub getter: String,
    /// Setter method name.
    pub setter: String,
    /// The `__bitfield_N` field holding the bits.
    pub storage: String,
    /// First bit inside the storage (bit `i` is bit `i % 8` of byte `i / 8`).
    pub bit_offset: u32,
    /// Width in bits (1..=64).
    pub width: u32,
    /// The Rust value type of the accessors.
    pub value: BitValue,
}

/// The value type of a bitfield accessor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BitValue {
    /// An unsigned integer (`u8` … `u64`); `_Bool` is `u8`.
    Unsigned(&'static str),
    /// A signed integer (`i8` … `i64`), sign-extended from the bitfield width.
    Signed(&'static str),
    /// A generated enum newtype over `repr`.
    Enum {
        /// Enum type name.
        name: String,
        /// Its underlying integer.
        repr: &'static str,
        /// Whether `repr` is signed.
        signed: bool,
    },
}

/// A C enum: `#[repr(transparent)] pub struct name(pub repr);` with consts.
#[derive(Debug, Clone)]
pub(crate) struct EnumDecl {
    /// Rust name.
    pub name: String,
    /// `enum foo`.
    pub origin: String,
    /// Underlying integer type.
    pub repr: &'static str,
    /// Size in bytes.
    pub size: u32,
    /// `(const name, value)` in BTF order; values fit `repr`.
    pub values: Vec<(String, i128)>,
}

/// A type alias for a typedef requested by name.
#[derive(Debug, Clone)]
pub(crate) struct Alias {
    /// Rust name.
    pub name: String,
    /// `typedef foo_t`.
    pub origin: String,
    /// The aliased type.
    pub target: RustTy,
}
