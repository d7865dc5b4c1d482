//! `#[derive(Pod)]`: implements `bpfgen_runtime::pod::Pod` for a user's `#[repr(C)]`
//! struct after proving, at compile time, what the trait's safety contract asks: every
//! field is `Pod` and the fields fill the struct (no implicit padding).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Error, Fields};

/// The impl plus its compile-time checks, or an error pointing at what is wrong.
pub(crate) fn derive(input: &DeriveInput) -> Result<TokenStream, Error> {
    let name = &input.ident;
    if !input.generics.params.is_empty() {
        return Err(Error::new_spanned(
            &input.generics,
            "derive(Pod) does not support generic types",
        ));
    }
    let repr_c = input.attrs.iter().any(|attr| {
        attr.path().is_ident("repr") && {
            let mut found = false;
            let _ = attr.parse_nested_meta(|meta| {
                found |= meta.path.is_ident("C") || meta.path.is_ident("transparent");
                Ok(())
            });
            found
        }
    });
    if !repr_c {
        return Err(Error::new_spanned(
            name,
            "derive(Pod) needs #[repr(C)] (or #[repr(transparent)]): Rust's default layout may reorder fields",
        ));
    }
    let fields = match &input.data {
        Data::Struct(s) => match &s.fields {
            Fields::Named(f) => f.named.iter().collect::<Vec<_>>(),
            Fields::Unnamed(f) => f.unnamed.iter().collect(),
            Fields::Unit => Vec::new(),
        },
        _ => {
            return Err(Error::new_spanned(
                name,
                "derive(Pod) works on structs only (an enum can hold invalid values)",
            ))
        }
    };
    let types: Vec<_> = fields.iter().map(|f| &f.ty).collect();
    let message = format!(
        "derive(Pod): `{name}` has implicit padding; spell it out as fields (e.g. `_pad: [u8; N]`)"
    );
    Ok(quote! {
        // SAFETY: the checks below prove the `Pod` contract at compile time: `#[repr(C)]`
        // (checked by the derive), every field `Pod` (no invalid bit patterns, no
        // references), and field sizes adding up to the struct's size (no padding).
        unsafe impl ::bpfgen_runtime::pod::Pod for #name {}
        const _: () = {
            const fn pod<T: ::bpfgen_runtime::pod::Pod>() {}
            #( pod::<#types>(); )*
            assert!(
                ::core::mem::size_of::<#name>() == 0 #( + ::core::mem::size_of::<#types>() )*,
                #message
            );
        };
    })
}
