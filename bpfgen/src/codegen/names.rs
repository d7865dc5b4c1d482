//! `pub mod names`: string constants for dynamic lookups.

use proc_macro2::TokenStream;
use quote::quote;

use super::doc;
use crate::ident::ident;
use crate::model::{Constant, SkelModel};

pub(crate) fn emit(model: &SkelModel) -> TokenStream {
    let module_doc = doc(&format!(
        "Names of the maps, programs and global variables of `{}`, as the runtime \
         knows them (e.g. for `object().map(names::maps::…)`).",
        model.file_name
    ));
    let maps = group(
        "maps",
        "Map names; data sections by section name.",
        &model.names.maps,
    );
    let progs = group("progs", "Program (function) names.", &model.names.progs);
    let vars = group(
        "vars",
        "Non-static global variables of the data sections.",
        &model.names.vars,
    );
    let struct_ops = (!model.names.struct_ops.is_empty()).then(|| {
        group(
            "struct_ops",
            "struct_ops variable names.",
            &model.names.struct_ops,
        )
    });
    quote! {
        #module_doc
        pub mod names {
            #maps
            #progs
            #vars
            #struct_ops
        }
    }
}

fn group(name: &str, about: &str, constants: &[Constant]) -> TokenStream {
    let module = ident(name);
    let about = doc(about);
    let items = constants.iter().map(|c| {
        let rust = ident(&c.rust);
        let value = &c.value;
        let doc = doc(&format!("`{value}`"));
        quote! {
            #doc
            pub const #rust: &str = #value;
        }
    });
    quote! {
        #about
        pub mod #module {
            #(#items)*
        }
    }
}
