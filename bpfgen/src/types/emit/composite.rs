//! Structs, unions (as byte storage with accessors) and DATASEC structs.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::bitfields::accessors;
use super::{bytes, doc, pod_and_asserts, usize_lit};
use crate::types::ident::ident;
use crate::types::model::{Composite, Role};

/// The declaration, accessors, `Debug`/`Default` impls when they cannot be
/// derived, and the `Pod` impl with its asserts. `eq_hash`: no float anywhere inside, so
/// `Eq` and `Hash` are sound (a key type of a hash map, say).
pub(super) fn composite(c: &Composite, eq_hash: bool) -> TokenStream {
    let name = ident(&c.name);
    let manual_debug = c.fields.iter().any(|f| f.role != Role::Member);
    let manual_default = c.fields.iter().any(|f| f.info.ty.has_long_array());
    let doc = doc(&format!(
        "`{}`: {}, aligned to {}.",
        c.origin,
        bytes(c.size),
        c.align
    ));
    let attrs = attrs(c.packed, manual_debug, manual_default, eq_hash);
    let fields = c.fields.iter().map(|f| {
        let n = ident(&f.name);
        let ty = f.info.ty.tokens(None);
        quote!(pub #n: #ty)
    });
    let accessors = accessors(&name, c);
    let debug = manual_debug.then(|| debug(&name, c));
    let default = manual_default.then(|| default(&name));
    let offsets: Vec<(Ident, u32)> = c
        .fields
        .iter()
        .map(|f| (ident(&f.name), f.offset))
        .collect();
    let pod = pod_and_asserts(&name, c.size, c.align, &offsets);
    quote! {
        #doc
        #attrs
        pub struct #name { #(#fields),* }
        #accessors
        #debug
        #default
        #pod
    }
}

/// `#[repr(…)]` and `#[derive(…)]`: `Debug` and `Default` are derived unless they are
/// written out; `PartialEq` always (padding included: bytes compare as the kernel
/// compares keys), `Eq` and `Hash` when `eq_hash`.
fn attrs(
    packed: Option<u32>,
    manual_debug: bool,
    manual_default: bool,
    eq_hash: bool,
) -> TokenStream {
    let repr = match packed {
        None => quote!(#[repr(C)]),
        Some(1) => quote!(#[repr(C, packed)]),
        Some(n) => {
            let n = usize_lit(n);
            quote!(#[repr(C, packed(#n))])
        }
    };
    let mut derives = vec![quote!(Clone), quote!(Copy)];
    if !manual_debug {
        derives.push(quote!(Debug));
    }
    if !manual_default {
        derives.push(quote!(Default));
    }
    derives.push(quote!(PartialEq));
    if eq_hash {
        derives.extend([quote!(Eq), quote!(Hash)]);
    }
    quote! {
        #repr
        #[derive(#(#derives),*)]
    }
}

/// `Debug`: members, union member values and bitfield values in offset order, and any
/// padding that is not zero (a key whose padding differs never matches: shown, it
/// explains why).
fn debug(name: &Ident, c: &Composite) -> TokenStream {
    let label = &c.name;
    let entries = c.fields.iter().flat_map(|f| {
        let n = ident(&f.name);
        let label = &f.name;
        let value = if c.packed.is_some() {
            quote!(&{ self.#n })
        } else {
            quote!(&self.#n)
        };
        let member = match f.role {
            Role::Member => Some(quote!(d.field(#label, #value);)),
            Role::Padding => Some(quote! {
                if self.#n.iter().any(|b| *b != 0) {
                    d.field(#label, #value);
                }
            }),
            _ => None,
        };
        let getters = c
            .union_members
            .iter()
            .filter(|_| f.role == Role::UnionBytes)
            .map(|m| &m.getter)
            .chain(
                c.bitfields
                    .iter()
                    .filter(|b| b.storage == f.name)
                    .map(|b| &b.getter),
            )
            .map(|g| {
                let getter = ident(g);
                quote!(d.field(#g, &self.#getter());)
            });
        member.into_iter().chain(getters).collect::<Vec<_>>()
    });
    quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                let mut d = f.debug_struct(#label);
                #(#entries)*
                d.finish()
            }
        }
    }
}

/// `Default` for types with arrays longer than 32: all zeroes.
fn default(name: &Ident) -> TokenStream {
    quote! {
        impl ::core::default::Default for #name {
            fn default() -> Self {
                ::bpfgen_runtime::pod::zeroed()
            }
        }
    }
}
