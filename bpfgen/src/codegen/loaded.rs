//! The prepared phase: `<Name>` with typed `maps`, `progs` and data-section
//! accessors.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc, name_path, rt};
use crate::ident::ident;
use crate::model::{Handle, SkelModel};

pub(crate) fn emit(model: &SkelModel) -> TokenStream {
    let name = ident(&model.camel);
    let maps_ty = format_ident!("{}Maps", model.camel);
    let progs_ty = format_ident!("{}Progs", model.camel);
    let top_doc = doc(&format!(
        "`{}` prepared: its maps exist and every program is ready to be linked and \
         loaded on demand (`progs.<name>.load_lazy()`). Owned and `Send`.",
        model.file_name
    ));
    let error = rt("Error");
    let (fields, accessors): (Vec<_>, Vec<_>) = model
        .sections
        .iter()
        .map(|s| {
            let field = ident(&s.field);
            let ty = &s.ty;
            if s.read_only {
                let d = doc(&format!("`{}` as written at prepare (frozen).", s.section));
                let clone_fn = format_ident!("clone_{}", s.field);
                let constant = name_path("maps", &s.constant);
                let clone_opts = rt("CloneOpts");
                let clone_doc = doc(&format!(
                    "Clone options that give a clone its own `{}`: the values written at \
                     prepare, changed by `f`. Pass them to `clone_with`; add more with \
                     `CloneOpts::with_rodata`.",
                    s.section
                ));
                (
                    quote!(#field: #ty,),
                    quote! {
                        #d #[must_use] pub fn #field(&self) -> &#ty { &self.#field }
                        #clone_doc
                        #[must_use]
                        pub fn #clone_fn(&self, f: impl FnOnce(&mut #ty)) -> #clone_opts<'static> {
                            let mut value = self.#field;
                            f(&mut value);
                            #clone_opts::default().with_rodata(#constant, &value)
                        }
                    },
                )
            } else {
                let view = quote!(::bpfgen_runtime::skel::DataView<#ty>);
                let d = doc(&format!(
                    "`{}`, live: memory-mapped and shared with the kernel.",
                    s.section
                ));
                (
                    quote!(#field: #view,),
                    quote!(#d #[must_use] pub fn #field(&self) -> &#view { &self.#field }),
                )
            }
        })
        .unzip();
    let prepared = rt("PreparedObject");
    let struct_ops_field = (!model.struct_ops.is_empty()).then(|| {
        let ty = format_ident!("{}StructOps", model.camel);
        quote! {
            /// The struct_ops variables: `struct_ops.<name>.register()`.
            pub struct_ops: #ty,
        }
    });
    quote! {
        #top_doc
        #[derive(Debug)]
        pub struct #name {
            /// The maps, typed from BTF.
            pub maps: #maps_ty,
            /// The programs, one handle type per program kind.
            pub progs: #progs_ty,
            #struct_ops_field
            #(#fields)*
            obj: ::std::sync::Arc<#prepared>,
        }

        impl #name {
            #(#accessors)*

            /// Loads every program whose `autoload` is set (all but `SEC("?…")` ones
            /// by default), like libbpf's skeleton load.
            ///
            /// # Errors
            /// The first program that fails to load.
            pub fn load_autoload(&self) -> ::core::result::Result<(), #error> {
                self.obj.load_autoload()?;
                Ok(())
            }

            /// Attaches every loaded program whose section names its target completely
            /// (tracepoints, raw tracepoints, kprobes, `uprobe/<binary>:<function>`,
            /// `tp_btf`, `fentry`, `fexit`, `fmod_ret`, `lsm`, iterators), like libbpf's
            /// skeleton attach (the runtime's `attach::attach_auto`).
            ///
            /// # Errors
            /// The first attachment that fails; none stay attached then.
            pub fn attach_auto(&self) -> ::core::result::Result<::std::vec::Vec<::bpfgen_runtime::attach::AutoLink>, #error> {
                Ok(::bpfgen_runtime::attach::attach_auto(&self.obj)?)
            }

            /// The prepared object, for what the typed API does not cover.
            #[must_use]
            pub fn object(&self) -> &::std::sync::Arc<#prepared> {
                &self.obj
            }
        }

    }
}

/// The handle type of a map.
pub(crate) fn map_type(handle: &Handle) -> TokenStream {
    match handle {
        Handle::Hash { key, value } => quote!(::bpfgen_runtime::maps::HashMap<#key, #value>),
        Handle::LruHash { key, value } => quote!(::bpfgen_runtime::maps::LruHash<#key, #value>),
        Handle::PerCpuHash { key, value } => {
            quote!(::bpfgen_runtime::maps::PerCpuHash<#key, #value>)
        }
        Handle::Array { value } => quote!(::bpfgen_runtime::maps::Array<#value>),
        Handle::PerCpuArray { value } => quote!(::bpfgen_runtime::maps::PerCpuArray<#value>),
        Handle::Queue { value } => quote!(::bpfgen_runtime::maps::Queue<#value>),
        Handle::Stack { value } => quote!(::bpfgen_runtime::maps::Stack<#value>),
        Handle::BloomFilter { value } => quote!(::bpfgen_runtime::maps::BloomFilter<#value>),
        Handle::RingBuf => quote!(::bpfgen_runtime::maps::RingBuf),
        Handle::TypedRingBuf { record } => {
            quote!(::bpfgen_runtime::maps::TypedRingBuf<#record>)
        }
        Handle::TypedPerfEventArray { record } => {
            quote!(::bpfgen_runtime::maps::TypedPerfEventArray<#record>)
        }
        Handle::ProgArray => quote!(::bpfgen_runtime::maps::ProgArray),
        Handle::SockMap => quote!(::bpfgen_runtime::maps::SockMap),
        Handle::MapOfMaps { key, inner } => match inner {
            Some(inner) => {
                let inner = map_type(inner);
                quote!(::bpfgen_runtime::maps::MapOfMaps<#key, #inner>)
            }
            None => quote!(::bpfgen_runtime::maps::MapOfMaps<#key>),
        },
        Handle::LocalStorage { handle, value } => {
            let handle = ident(handle);
            quote!(::bpfgen_runtime::maps::#handle<#value>)
        }
        Handle::SockHash { key } => quote!(::bpfgen_runtime::maps::SockHash<#key>),
        Handle::PerfEventArray => quote!(::bpfgen_runtime::maps::PerfEventArray),
        Handle::Raw { .. } => quote!(::bpfgen_runtime::maps::RawMap),
    }
}

/// The handle type of a program of kind `marker`.
pub(crate) fn prog_type(marker: &str) -> TokenStream {
    let marker = ident(marker);
    quote!(::bpfgen_runtime::Program<::bpfgen_runtime::kind::#marker>)
}

/// The constructor path of a map handle (type arguments inferred from the field).
pub(crate) fn map_ctor(handle: &Handle) -> TokenStream {
    let name = match handle {
        Handle::Hash { .. } => "HashMap",
        Handle::LruHash { .. } => "LruHash",
        Handle::PerCpuHash { .. } => "PerCpuHash",
        Handle::Array { .. } => "Array",
        Handle::PerCpuArray { .. } => "PerCpuArray",
        Handle::Queue { .. } => "Queue",
        Handle::Stack { .. } => "Stack",
        Handle::BloomFilter { .. } => "BloomFilter",
        Handle::RingBuf => "RingBuf",
        Handle::TypedRingBuf { .. } => "TypedRingBuf",
        Handle::TypedPerfEventArray { .. } => "TypedPerfEventArray",
        Handle::ProgArray => "ProgArray",
        Handle::SockMap => "SockMap",
        Handle::MapOfMaps { .. } => "MapOfMaps",
        Handle::LocalStorage { handle, .. } => handle,
        Handle::SockHash { .. } => "SockHash",
        Handle::PerfEventArray => "PerfEventArray",
        Handle::Raw { .. } => "RawMap",
    };
    let name = ident(name);
    quote!(::bpfgen_runtime::maps::#name::new)
}
