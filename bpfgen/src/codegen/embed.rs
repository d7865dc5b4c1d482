//! The embedded object: `static OBJECT`, 8-byte aligned. The argument of its
//! `include_bytes!` is the only part of a skeleton that depends on the front
//! end (see [`crate::Embed`]).

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::skel::Embed;

/// `static OBJECT: &AlignedBytes<[u8]> = &AlignedBytes(*include_bytes!(…));`
/// or, inline, `AlignedBytes(*b"…")`: one byte-string literal, which costs the
/// compiler far less than an array expression of the same length.
pub(crate) fn emit(embed: &Embed, object: &[u8]) -> TokenStream {
    let bytes = match embed {
        Embed::ManifestRelative(path) => {
            let path = format!("/{path}");
            quote!(*include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), #path)))
        }
        Embed::FileRelative(path) => quote!(*include_bytes!(#path)),
        Embed::Inline => {
            let lit = Literal::byte_string(object);
            quote!(*#lit)
        }
    };
    quote! {
        /// The object file, embedded 8-byte aligned so that it is parsed in place.
        static OBJECT: &::bpfgen_runtime::skel::AlignedBytes<[u8]> =
            &::bpfgen_runtime::skel::AlignedBytes(#bytes);
    }
}
