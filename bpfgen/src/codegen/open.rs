//! The open phase: `<Name>Skel::open()` → `Open<Name>` (initial data and
//! settings as plain fields) → `prepare()`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::groups::build;
use super::{doc, name_path, rt};
use crate::ident::ident;
use crate::model::SkelModel;

pub(crate) fn emit(model: &SkelModel) -> TokenStream {
    let entry = entry(model);
    let open = open_struct(model);
    let prepare = prepare(model);
    quote!(#entry #open #prepare)
}

/// `pub struct <Name>Skel;` with `NAME`, `object_bytes()` and `open()`.
fn entry(model: &SkelModel) -> TokenStream {
    let skel = format_ident!("{}Skel", model.camel);
    let open = format_ident!("Open{}", model.camel);
    let name = &model.module;
    let skel_doc = doc(&format!(
        "Entry point of the skeleton of `{}`: [`{skel}::open`] → [`{open}`] → \
         [`{open}::prepare`] → [`{}`].",
        model.file_name, model.camel
    ));
    let error = rt("Error");
    let sections = model.sections.iter().map(|s| {
        let field = ident(&s.field);
        let name = name_path("maps", &s.constant);
        quote!(#field: obj.data(#name)?,)
    });
    let open_maps = format_ident!("Open{}Maps", model.camel);
    let open_progs = format_ident!("Open{}Progs", model.camel);
    let maps = build(
        &quote!(#open_maps),
        model.maps.is_empty(),
        quote!(read(&mut obj)),
    );
    let progs = build(
        &quote!(#open_progs),
        model.progs.is_empty(),
        quote!(read(&mut obj)),
    );
    let empty = model.maps.is_empty() && model.progs.is_empty();
    let obj = if empty { quote!(obj) } else { quote!(mut obj) };
    quote! {
        #skel_doc
        #[derive(Debug, Clone, Copy, Default)]
        pub struct #skel;

        impl #skel {
            /// The object name given to the runtime; it prefixes the kernel names of
            /// the data maps (`<name>.rodata`, …).
            pub const NAME: &'static str = #name;

            /// The embedded object file.
            #[must_use]
            pub fn object_bytes() -> &'static [u8] {
                OBJECT.bytes()
            }

            /// Parses the embedded object (no system calls) and reads the initial
            /// contents of its data sections and the settings of its maps and programs.
            ///
            /// # Errors
            /// When the embedded object does not parse or lacks an item this skeleton
            /// was generated for (regenerate the skeleton after changing the object).
            pub fn open() -> ::core::result::Result<#open, #error> {
                let #obj = ::bpfgen_runtime::skel::OpenObject::from_bytes(OBJECT.bytes(), Self::NAME)?;
                Ok(#open {
                    #(#sections)*
                    maps: #maps,
                    progs: #progs,
                    obj,
                })
            }
        }
    }
}

/// `pub struct Open<Name>`.
fn open_struct(model: &SkelModel) -> TokenStream {
    let open = format_ident!("Open{}", model.camel);
    let open_maps = format_ident!("Open{}Maps", model.camel);
    let open_progs = format_ident!("Open{}Progs", model.camel);
    let open_doc = doc(&format!(
        "`{}` opened but not prepared: edit the initial contents of its data sections \
         and the settings of its maps and programs, then call [`{open}::prepare`].",
        model.file_name
    ));
    let sections = model.sections.iter().map(|s| {
        let field = ident(&s.field);
        let ty = &s.ty;
        let what = if s.read_only {
            "frozen at prepare; read-only for programs"
        } else {
            "shared with the kernel after prepare"
        };
        let d = doc(&format!("Initial contents of `{}` ({what}).", s.section));
        quote!(#d pub #field: #ty,)
    });
    quote! {
        #open_doc
        #[derive(Debug)]
        pub struct #open {
            #(#sections)*
            /// Settings of the maps, applied at prepare.
            pub maps: #open_maps,
            /// Settings of the programs, applied at prepare.
            pub progs: #open_progs,
            obj: ::bpfgen_runtime::skel::OpenObject,
        }

    }
}

/// `Open<Name>::prepare`: writes everything back, prepares, builds the handles.
fn prepare(model: &SkelModel) -> TokenStream {
    let open = format_ident!("Open{}", model.camel);
    let loaded = ident(&model.camel);
    let loaded_maps = format_ident!("{}Maps", model.camel);
    let loaded_progs = format_ident!("{}Progs", model.camel);
    let error = rt("Error");
    let mutable = !(model.sections.is_empty() && model.maps.is_empty() && model.progs.is_empty());
    let obj = if mutable {
        quote!(mut obj)
    } else {
        quote!(obj)
    };
    let writes = model.sections.iter().map(|s| {
        let field = ident(&s.field);
        let name = name_path("maps", &s.constant);
        quote!(obj.set_data(#name, &self.#field)?;)
    });
    let map_apply = (!model.maps.is_empty()).then(|| quote!(self.maps.apply(&mut obj)?;));
    let prog_apply = (!model.progs.is_empty()).then(|| quote!(self.progs.apply(&mut obj)?;));
    let views = model.sections.iter().map(|s| {
        let field = ident(&s.field);
        if s.read_only {
            quote!(#field: self.#field,)
        } else {
            let name = name_path("maps", &s.constant);
            quote!(#field: ::bpfgen_runtime::skel::DataView::new(&obj, #name)?,)
        }
    });
    let maps = build(
        &quote!(#loaded_maps),
        model.maps.is_empty(),
        quote!(new(&obj)),
    );
    let progs = build(
        &quote!(#loaded_progs),
        model.progs.is_empty(),
        quote!(new(&obj)),
    );
    let struct_ops = (!model.struct_ops.is_empty()).then(|| {
        let ty = format_ident!("{}StructOps", model.camel);
        quote!(struct_ops: #ty::new(&obj)?,)
    });
    let prepare_doc = doc(&format!(
        "Writes the data sections and settings into the object, then prepares it: \
         loads its BTF and creates its maps (each program is linked on its first load). No program is \
         loaded yet: see [`{loaded}::load_autoload`] and `load_lazy()`.\n\n# Errors"
    ));
    quote! {
        impl #open {
            #prepare_doc
            ///
            /// When the kernel refuses the object's BTF or a map, or the prepared
            /// object does not match this skeleton.
            pub fn prepare(self) -> ::core::result::Result<#loaded, #error> {
                self.prepare_with(&::bpfgen_runtime::PrepareOpts::default())
            }

            /// [`Self::prepare`] with options: the pin root, the kernel BTF to resolve
            /// against.
            ///
            /// # Errors
            /// As for [`Self::prepare`].
            pub fn prepare_with(self, opts: &::bpfgen_runtime::PrepareOpts) -> ::core::result::Result<#loaded, #error> {
                let #obj = self.obj;
                #(#writes)*
                #map_apply
                #prog_apply
                let obj = obj.prepare_with(opts)?;
                Ok(#loaded {
                    maps: #maps,
                    progs: #progs,
                    #struct_ops
                    #(#views)*
                    obj,
                })
            }

            /// The open object, for what the typed fields do not cover (map types and
            /// value sizes, program types and attach types, ifindex, …).
            #[must_use]
            pub fn object(&self) -> &::bpfgen_runtime::skel::OpenObject {
                &self.obj
            }

            /// The open object, editable until prepare. Typed fields (`maps`, `progs`,
            /// data sections) are written back over it at prepare.
            pub fn object_mut(&mut self) -> &mut ::bpfgen_runtime::skel::OpenObject {
                &mut self.obj
            }
        }
    }
}
