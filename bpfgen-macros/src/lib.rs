//! Proc-macro front end of bpfgen.
//!
//! ```ignore
//! bpfgen_macros::skeleton!("src/bpf/minimal.bpf.o");
//!
//! let open = minimal::MinimalSkel::open()?;
//! ```
//!
//! expands to the same `pub mod minimal { … }` as `bpfgen skel src/bpf/minimal.bpf.o`
//! run from the crate root (and as `bpfgen::SkeletonBuilder` in a build script,
//! up to the path in the `include_bytes!` that embeds the object).
#![forbid(unsafe_code)]

mod args;
mod expand;

use proc_macro::TokenStream;

/// The typed skeleton of a BPF object: `skeleton!("path/to/obj.bpf.o")`.
///
/// - The path is relative to the crate root (`CARGO_MANIFEST_DIR`). The object is
///   embedded with `include_bytes!`, so the crate rebuilds when it changes.
/// - `name = "…"` sets the skeleton (module) name; default: the file name without
///   `.o` and `.bpf`.
/// - `types = ["struct event", "event_t"]` declares more C types in `types`.
///
/// Bad arguments, a missing file or an object the generator rejects are compile
/// errors pointing at the argument.
#[proc_macro]
pub fn skeleton(input: TokenStream) -> TokenStream {
    match syn::parse::<args::Args>(input).and_then(|a| expand::expand(&a)) {
        Ok(tokens) => tokens.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// Like [`skeleton!`], but expands to the generated tokens as a string literal.
/// For the test that checks the three front ends agree; not public API.
#[doc(hidden)]
#[proc_macro]
pub fn __skeleton_tokens(input: TokenStream) -> TokenStream {
    match syn::parse::<args::Args>(input).and_then(|a| expand::expand(&a)) {
        Ok(tokens) => {
            let text = tokens.to_string();
            quote::quote!(#text).into()
        }
        Err(e) => e.to_compile_error().into(),
    }
}
