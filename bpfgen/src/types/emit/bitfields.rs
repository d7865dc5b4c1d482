//! Accessor methods (bitfields, union members). The bit-level helpers the bitfield
//! accessors call live in `bpfgen_runtime::pod`, once for every skeleton.
//!
//! Bit `i` of a storage field is bit `i % 8` of byte `i / 8`: the order
//! clang uses on little-endian targets. Getters sign-extend signed fields;
//! setters drop the bits of `v` above the field's width.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{doc, usize_lit};
use crate::types::ident::ident;
use crate::types::model::{BitValue, Bitfield, Composite, Role, UnionMember};

/// `impl name { getter; setter; … }` for union members and bitfields, or
/// nothing without either.
pub(super) fn accessors(name: &Ident, c: &Composite) -> TokenStream {
    if c.bitfields.is_empty() && c.union_members.is_empty() {
        return quote!();
    }
    let storage = c.fields.iter().find(|f| f.role == Role::UnionBytes);
    let members = storage.into_iter().flat_map(|s| {
        let s = ident(&s.name);
        c.union_members.iter().map(move |m| union_pair(&s, m))
    });
    let bits = c.bitfields.iter().map(accessor_pair);
    quote! {
        impl #name {
            #(#members)*
            #(#bits)*
        }
    }
}

/// Getter and setter of a union member: a copy of the member read from the
/// union's first bytes, and a write of the value's bytes over them.
fn union_pair(storage: &Ident, m: &UnionMember) -> TokenStream {
    let (getter, setter) = (ident(&m.getter), ident(&m.setter));
    let ty = m.info.ty.tokens(None);
    let get_doc = doc(&format!("Union member `{}` (a copy).", m.getter));
    let set_doc = doc(&format!(
        "Writes union member `{}` over the first {} bytes.",
        m.getter, m.info.size
    ));
    quote! {
        #get_doc
        #[inline]
        pub fn #getter(&self) -> #ty {
            ::bpfgen_runtime::pod::read(&self.#storage).unwrap_or_else(::bpfgen_runtime::pod::zeroed)
        }
        #set_doc
        #[inline]
        pub fn #setter(&mut self, v: #ty) {
            let src = ::bpfgen_runtime::pod::bytes_of(&v);
            for (dst, src) in self.#storage.iter_mut().zip(src) {
                *dst = *src;
            }
        }
    }
}

fn accessor_pair(b: &Bitfield) -> TokenStream {
    let (getter, setter, storage) = (ident(&b.getter), ident(&b.setter), ident(&b.storage));
    let (off, width) = (usize_lit(b.bit_offset), usize_lit(b.width));
    let get_doc = doc(&format!(
        "Bitfield `{}`: {} bits from bit {} of `{}`.",
        b.c_name, b.width, b.bit_offset, b.storage
    ));
    let set_doc = doc(&format!(
        "Sets bitfield `{}`; bits of `v` above its width are dropped.",
        b.c_name
    ));
    let ty = value_type(&b.value);
    let read = read_expr(&b.value, quote!(&self.#storage, #off, #width));
    let bits = to_bits(&b.value);
    quote! {
        #get_doc
        #[inline]
        pub fn #getter(&self) -> #ty {
            #read
        }
        #set_doc
        #[inline]
        pub fn #setter(&mut self, v: #ty) {
            ::bpfgen_runtime::pod::bitfield_set(&mut self.#storage, #off, #width, #bits);
        }
    }
}

fn value_type(v: &BitValue) -> TokenStream {
    let name = match v {
        BitValue::Unsigned(p) | BitValue::Signed(p) => *p,
        BitValue::Enum { name, .. } => name.as_str(),
    };
    let name = ident(name);
    quote!(#name)
}

/// The getter body: read the raw bits and convert them to the value type.
fn read_expr(v: &BitValue, args: TokenStream) -> TokenStream {
    let int = |repr: &str, signed: bool| {
        let (f, wide) = if signed {
            (quote!(::bpfgen_runtime::pod::bitfield_get_signed), "i64")
        } else {
            (quote!(::bpfgen_runtime::pod::bitfield_get), "u64")
        };
        let ty = ident(repr);
        if repr == wide {
            quote!(#f(#args))
        } else {
            quote!(#f(#args) as #ty)
        }
    };
    match v {
        BitValue::Unsigned(p) => int(p, false),
        BitValue::Signed(p) => int(p, true),
        BitValue::Enum { name, repr, signed } => {
            let name = ident(name);
            let inner = int(repr, *signed);
            quote!(#name(#inner))
        }
    }
}

/// The setter's conversion of `v` to the `u64` the helper takes.
fn to_bits(v: &BitValue) -> TokenStream {
    let int = |value: TokenStream, repr: &str, signed: bool| match (repr, signed) {
        ("u64", _) => value,
        (_, true) => quote!(#value as u64),
        _ => quote!(u64::from(#value)),
    };
    match v {
        BitValue::Unsigned(p) => int(quote!(v), p, false),
        BitValue::Signed(p) => int(quote!(v), p, true),
        BitValue::Enum { repr, signed, .. } => int(quote!(v.0), repr, *signed),
    }
}
