//! C enums as transparent newtypes with associated consts.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::{bytes, doc, int_lit, pod_and_asserts};
use crate::types::ident::ident;
use crate::types::model::EnumDecl;

/// `pub struct name(pub repr);`, its consts, a `Debug` that prints const
/// names, and the `Pod` impl.
pub(super) fn enum_newtype(e: &EnumDecl) -> TokenStream {
    let name = ident(&e.name);
    let repr = ident(e.repr);
    let doc = doc(&format!("`{}`: {}.", e.origin, bytes(e.size)));
    let consts = e.values.iter().map(|(c, v)| {
        let c = ident(c);
        let v = int_lit(*v);
        quote!(pub const #c: Self = Self(#v);)
    });
    let consts = if e.values.is_empty() {
        quote!()
    } else {
        quote!(impl #name { #(#consts)* })
    };
    let debug = debug(e);
    let pod = pod_and_asserts(&name, e.size, e.size, &[]);
    quote! {
        #doc
        #[repr(transparent)]
        #[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct #name(pub #repr);
        #consts
        #debug
        #pod
    }
}

/// `Debug`: the first const name with this value, else `name(value)`.
fn debug(e: &EnumDecl) -> TokenStream {
    let name = ident(&e.name);
    let label = &e.name;
    let mut seen = HashSet::new();
    let arms: Vec<TokenStream> = e
        .values
        .iter()
        .filter(|(_, v)| seen.insert(*v))
        .map(|(c, v)| {
            let v = int_lit(*v);
            quote!(#v => f.write_str(#c),)
        })
        .collect();
    // A one-byte enum naming all 256 values needs no fallback arm.
    let exhaustive = e.size == 1 && arms.len() == 256;
    let body = if arms.is_empty() {
        quote!(f.debug_tuple(#label).field(&self.0).finish())
    } else if exhaustive {
        quote!(match self.0 { #(#arms)* })
    } else {
        quote! {
            match self.0 {
                #(#arms)*
                v => f.debug_tuple(#label).field(&v).finish(),
            }
        }
    };
    quote! {
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                #body
            }
        }
    }
}
