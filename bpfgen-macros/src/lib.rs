//! Proc-macro front end of bpfgen: `skeleton!` and `#[derive(Pod)]`.
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
mod pod;

use proc_macro::TokenStream;

/// The typed skeleton of a BPF object: `skeleton!("path/to/obj.bpf.o")`.
///
/// - The path is relative to the crate root (`CARGO_MANIFEST_DIR`). The object is
///   embedded with `include_bytes!`, so the crate rebuilds when it changes.
/// - `name = "…"` sets the skeleton (module) name; default: the file name without
///   `.o` and `.bpf`.
/// - `types = ["struct event", "event_t"]` declares more C types in `types`.
/// - `events = ["rb=event"]` reads ring buffer (or perf event array) `rb` as records of
///   C type `event`: its handle is `TypedRingBuf<types::event>`.
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

/// `#[derive(Pod)]` on a `#[repr(C)]` struct: implements
/// `bpfgen_runtime::pod::Pod`, so the struct can be read from map values and ring-buffer
/// or perf-buffer records (`reader.next_as::<Event>()`), with no `unsafe` in your code.
///
/// The derive proves the trait's contract at compile time and refuses the struct
/// otherwise: it must be `#[repr(C)]` (or `transparent`) and not generic, every field
/// must be `Pod` (integers, floats, arrays and other `Pod` structs; not `bool`, `char`,
/// references or enums), and the fields must fill it (padding spelled out as fields).
/// The struct must also be `Copy`.
///
/// ```ignore
/// #[derive(Clone, Copy, bpfgen_macros::Pod)]
/// #[repr(C)]
/// struct Event {
///     pid: u32,
///     kind: u32,
///     value: u64,
/// }
/// ```
#[proc_macro_derive(Pod)]
pub fn derive_pod(input: TokenStream) -> TokenStream {
    match syn::parse::<syn::DeriveInput>(input).and_then(|i| pod::derive(&i)) {
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
