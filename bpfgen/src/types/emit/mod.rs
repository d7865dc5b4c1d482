//! Model → tokens. Every item is built with `quote!`; only `Pod` impls are
//! `unsafe`, and each sits right before the asserts that justify it.

mod bitfields;
mod composite;
mod enums;

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use super::ident::ident;
use std::collections::BTreeMap;

use super::model::{Alias, Composite, Decl, RustTy};

/// The tokens of one declaration; `decls` are all of them (to tell which types hold
/// floats, which cannot be `Eq` or `Hash`).
pub(crate) fn decl(d: &Decl, decls: &BTreeMap<String, Decl>) -> TokenStream {
    match d {
        Decl::Composite(c) => composite::composite(c, !has_float_fields(c, decls)),
        Decl::Enum(e) => enums::enum_newtype(e),
        Decl::Alias(a) => alias(a),
    }
}

/// Whether any field of `c` holds a float, through arrays and named types.
fn has_float_fields(c: &Composite, decls: &BTreeMap<String, Decl>) -> bool {
    c.fields.iter().any(|f| has_float(&f.info.ty, decls, 0))
}

/// Whether `ty` holds a float. Types nest by value, so the walk ends; `depth` bounds it
/// anyway.
fn has_float(ty: &RustTy, decls: &BTreeMap<String, Decl>, depth: u32) -> bool {
    if depth > 64 {
        return true;
    }
    match ty {
        RustTy::Prim(p) => p.starts_with('f'),
        RustTy::Runtime(_) => false,
        RustTy::Array(elem, _) => has_float(elem, decls, depth + 1),
        RustTy::Named(name) => match decls.get(name) {
            Some(Decl::Composite(c)) => c
                .fields
                .iter()
                .any(|f| has_float(&f.info.ty, decls, depth + 1)),
            Some(Decl::Alias(a)) => has_float(&a.target, decls, depth + 1),
            Some(Decl::Enum(_)) => false,
            None => true,
        },
    }
}

/// Outer attributes of the generated `types` module. C names break Rust's
/// naming conventions, not every type is used by every program, generated
/// items carry no docs beyond their origin, bitfield accessors cast between
/// integer widths on purpose, `Debug` leaves padding out, accessors are
/// plain getters, and enum values are copied from C as they are. Clean under
/// `clippy::all` and `clippy::pedantic`.
pub(crate) fn module_attrs() -> TokenStream {
    quote! {
        #[allow(
            dead_code,
            missing_docs,
            non_camel_case_types,
            non_snake_case,
            non_upper_case_globals,
            clippy::cast_possible_truncation,
            clippy::cast_possible_wrap,
            clippy::cast_sign_loss,
            clippy::missing_fields_in_debug,
            clippy::must_use_candidate,
            clippy::pub_underscore_fields,
            clippy::unreadable_literal,
            clippy::upper_case_acronyms
        )]
    }
}

fn alias(a: &Alias) -> TokenStream {
    let name = ident(&a.name);
    let target = a.target.tokens(None);
    let doc = doc(&format!("`{}`.", a.origin));
    quote! {
        #doc
        pub type #name = #target;
    }
}

/// `"1 byte"`, `"16 bytes"`.
fn bytes(n: u32) -> String {
    if n == 1 {
        "1 byte".to_string()
    } else {
        format!("{n} bytes")
    }
}

/// `#[doc = " text"]` (rendered as `/// text`).
fn doc(text: &str) -> TokenStream {
    let text = format!(" {text}");
    quote!(#[doc = #text])
}

/// An unsuffixed integer literal, with a leading `-` for negative values.
fn int_lit(v: i128) -> TokenStream {
    let lit = Literal::u128_unsuffixed(v.unsigned_abs());
    if v < 0 {
        quote!(-#lit)
    } else {
        quote!(#lit)
    }
}

fn usize_lit(v: u32) -> Literal {
    Literal::usize_unsuffixed(v as usize)
}

/// The `Pod` impl of `name` followed by its layout asserts; `offsets` holds
/// one `(field, byte offset)` per field to check. The asserts sit in one
/// `const _: () = { … };` block with `size_of`/`align_of` bound to locals
/// first: prettyplease does not format the insides of macro calls, and a
/// turbofish inside `assert!(…)` would come out as `size_of:: < T > ()`.
fn pod_and_asserts(name: &Ident, size: u32, align: u32, offsets: &[(Ident, u32)]) -> TokenStream {
    let safety = doc(
        "SAFETY: plain data, every padding byte an explicit field (all bytes \
         initialised, any bytes valid); the asserts below check the layout.",
    );
    let (size, align) = (usize_lit(size), usize_lit(align));
    let offsets = offsets.iter().map(|(field, off)| {
        let off = usize_lit(*off);
        quote!(assert!(::core::mem::offset_of!(#name, #field) == #off);)
    });
    quote! {
        #safety
        unsafe impl ::bpfgen_runtime::pod::Pod for #name {}
        const _: () = {
            let size = ::core::mem::size_of::<#name>();
            let align = ::core::mem::align_of::<#name>();
            assert!(size == #size);
            assert!(align == #align);
            #(#offsets)*
        };
    }
}
