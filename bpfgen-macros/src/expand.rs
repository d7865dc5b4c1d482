//! Expansion: the same generator as `bpfgen skel`, with the object embedded
//! by its `CARGO_MANIFEST_DIR`-relative path (which also makes rustc rebuild
//! the crate when the object changes).

use std::path::PathBuf;

use bpfgen::{Embed, SkelOptions, Skeleton};
use proc_macro2::TokenStream;

use crate::args::Args;

/// The skeleton tokens for `args`, or a spanned error.
pub(crate) fn expand(args: &Args) -> syn::Result<TokenStream> {
    let rel = args.path.value();
    if PathBuf::from(&rel).is_absolute() {
        return Err(syn::Error::new(
            args.path.span(),
            "the object path must be relative to the crate root (CARGO_MANIFEST_DIR)",
        ));
    }
    let root = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| {
            syn::Error::new(
                args.path.span(),
                "CARGO_MANIFEST_DIR is not set (not built by cargo?)",
            )
        })?;
    let opts = SkelOptions {
        name: args.name.as_ref().map(syn::LitStr::value),
        types: args.types.iter().map(syn::LitStr::value).collect(),
        events: args.events.clone(),
        embed: Embed::ManifestRelative(rel.trim_start_matches("./").to_string()),
        runtime_path: args.runtime_path.as_ref().map(syn::LitStr::value),
    };
    let bytes = std::fs::read(root.join(&rel))
        .map_err(|e| syn::Error::new(args.path.span(), format!("{rel}: {e}")))?;
    let file_name = std::path::Path::new(&rel)
        .file_name()
        .map_or_else(|| rel.clone(), |f| f.to_string_lossy().into_owned());
    Skeleton::generate(&bytes, &file_name, &opts)
        .map(Skeleton::into_tokens)
        .map_err(|e| syn::Error::new(args.path.span(), e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The error `skeleton!(<args>)` gives, expanded in this crate's root
    /// (trybuild's scratch crate has no objects at stable paths, so the
    /// errors that need a real file are checked here).
    fn error(args: &str) -> String {
        let args: Args = syn::parse_str(args).expect("arguments parse");
        expand(&args).expect_err("expansion fails").to_string()
    }

    #[test]
    fn generator_errors_point_at_the_path() {
        let not_bpf = error(r#""../tests/fixtures/malformed/not_bpf.o""#);
        assert!(not_bpf.contains("not a BPF object"), "{not_bpf}");
        let big = error(r#""../tests/fixtures/big_endian.bpf.o""#);
        assert!(big.contains("big-endian"), "{big}");
        let ty = error(r#""../examples/minimal/minimal.bpf.o", types = ["struct nope"]"#);
        assert!(ty.contains("type `struct nope`"), "{ty}");
    }

    #[test]
    fn expands_with_name_and_types() {
        let args: Args = syn::parse_str(
            r#""../tests/fixtures/many_progs.bpf.o", name = "progs", types = ["struct __sk_buff"],"#,
        )
        .expect("arguments parse");
        let code = expand(&args).expect("expands").to_string();
        assert!(code.contains("pub mod progs"));
        assert!(code.contains("pub struct __sk_buff"));
        assert!(code.contains(r#""/../tests/fixtures/many_progs.bpf.o""#));
    }
}
