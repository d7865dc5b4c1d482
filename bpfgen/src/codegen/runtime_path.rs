//! The runtime's path in generated code. Emitters name the runtime as `::bpfgen_runtime`
//! (through [`super::rt`] or directly in `quote!`); [`retarget`] rewrites every such
//! path at once when the skeleton is generated for a crate that re-exports the runtime
//! under another path (`SkelOptions::runtime_path`).

use proc_macro2::{Group, TokenStream, TokenTree};

/// `tokens` with every `::bpfgen_runtime` replaced by `path` (a parsed Rust path such as
/// `::my_crate::bpf` or `crate::bpf`).
pub(crate) fn retarget(tokens: TokenStream, path: &TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        if is_default_path(&trees[i..]) {
            out.extend(path.clone());
            i += 3;
            continue;
        }
        out.push(match &trees[i] {
            TokenTree::Group(g) => {
                let mut group = Group::new(g.delimiter(), retarget(g.stream(), path));
                group.set_span(g.span());
                TokenTree::Group(group)
            }
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}

/// Whether `trees` starts with `:: bpfgen_runtime`.
fn is_default_path(trees: &[TokenTree]) -> bool {
    match trees {
        [TokenTree::Punct(a), TokenTree::Punct(b), TokenTree::Ident(name), ..] => {
            a.as_char() == ':' && b.as_char() == ':' && name == "bpfgen_runtime"
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn every_runtime_path_is_retargeted_nested_ones_too() {
        let tokens = quote! {
            fn f(x: ::bpfgen_runtime::maps::Array<u32>) -> ::core::result::Result<(), ::bpfgen_runtime::Error> {
                let _ = [::bpfgen_runtime::pod::zeroed::<u32>()];
                Ok(())
            }
        };
        let out = retarget(tokens, &quote!(crate::bpf)).to_string();
        assert!(!out.contains("bpfgen_runtime"), "{out}");
        assert_eq!(out.matches("crate :: bpf ::").count(), 3, "{out}");
        assert!(out.contains(":: core :: result"), "{out}");
    }
}
