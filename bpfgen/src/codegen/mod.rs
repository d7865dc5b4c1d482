//! Skeleton model → tokens. One emitter per item kind, each returning a
//! `TokenStream` built with `quote!`; [`emit`] assembles the module.
//!
//! Generated code names everything it uses from the runtime by absolute path
//! (`::bpfgen_runtime::…`) and contains no `unsafe` of its own (the `Pod`
//! impls come from [`crate::types`]).

mod embed;
mod groups;
mod loaded;
mod names;
mod open;
pub(crate) mod runtime_path;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ident::ident;
use crate::model::SkelModel;
use crate::skel::Embed;

/// The whole skeleton: `pub mod <name> { … }`.
pub(crate) fn emit(model: &SkelModel, embed: &Embed, object: &[u8]) -> TokenStream {
    let module = ident(&model.module);
    // Outer docs resolve links from the parent module, hence the explicit target.
    let doc = doc(&format!(
        "Typed skeleton of `{}`: start with [`{camel}Skel::open`]({}::{camel}Skel::open).",
        model.file_name,
        model.module,
        camel = model.camel
    ));
    let types = &model.types;
    let names = names::emit(model);
    let object = embed::emit(embed, object);
    let open = open::emit(model);
    let open_groups = groups::open_groups(model);
    let loaded = loaded::emit(model);
    let loaded_groups = groups::loaded_groups(model);
    let struct_ops_group = groups::struct_ops_group(model);
    let clone_maps_group = groups::clone_maps_group(model);
    let allow = module_lints(model);
    quote! {
        #doc
        pub mod #module {
            #allow
            #types
            #names
            #object
            #open
            #open_groups
            #loaded
            #loaded_groups
            #struct_ops_group
            #clone_maps_group
        }
    }
}

/// The module's one `#![allow(…)]`: `dead_code` (a skeleton is a whole API; a crate
/// that includes it in a private module uses part of it), the lints C names bound as
/// locals can trip (`foo`, `a`…`e`, `_x`, `map1`/`map2`), `too_many_lines` (group
/// constructors grow with the object), and, where they apply, the lints of C names kept
/// as Rust names (`non_snake_case`, `clippy::pub_underscore_fields`).
fn module_lints(model: &SkelModel) -> TokenStream {
    let mut lints = vec![
        quote!(dead_code),
        quote!(clippy::disallowed_names),
        quote!(clippy::many_single_char_names),
        quote!(clippy::similar_names),
        quote!(clippy::too_many_lines),
        quote!(clippy::used_underscore_binding),
    ];
    if model.non_snake {
        lints.push(quote!(non_snake_case));
    }
    if model.underscore_fields {
        lints.push(quote!(clippy::pub_underscore_fields));
    }
    quote!(#![allow(#(#lints),*)])
}

/// `#[doc = " …"]` attributes (rendered as `///` lines) for `text`, wrapped
/// at [`DOC_WIDTH`] columns (prettyplease does not wrap comments).
pub(crate) fn doc(text: &str) -> TokenStream {
    let lines = text.lines().flat_map(wrap).map(|l| {
        let l = if l.is_empty() { l } else { format!(" {l}") };
        quote!(#[doc = #l])
    });
    quote!(#(#lines)*)
}

/// Width of generated doc text.
const DOC_WIDTH: usize = 80;

/// Greedy word wrap of one line.
fn wrap(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for word in line.split(' ') {
        let cur = out.last_mut().expect("never empty");
        if !cur.is_empty() && cur.chars().count() + 1 + word.chars().count() > DOC_WIDTH {
            out.push(word.to_string());
        } else {
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.push_str(word);
        }
    }
    out
}

/// Tokens for a path inside the runtime crate: `rt("maps::HashMap")`. Emitted as
/// `::bpfgen_runtime::…`; [`runtime_path::retarget`] moves it when asked.
pub(crate) fn rt(path: &str) -> TokenStream {
    let segments = path.split("::").map(ident);
    quote!(::bpfgen_runtime #(:: #segments)*)
}

/// The `names` constant path of a map, program or section:
/// `names::maps::STATS`.
pub(crate) fn name_path(group: &str, constant: &str) -> TokenStream {
    let group = ident(group);
    let constant = ident(constant);
    quote!(names::#group::#constant)
}
