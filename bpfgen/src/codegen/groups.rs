//! The four per-object group structs and their constructors:
//! `Open<Name>Maps` / `Open<Name>Progs` (settings, read at open and applied at
//! prepare) and `<Name>Maps` / `<Name>Progs` (typed handles, built after
//! prepare). A group without members is an empty struct built in place, so
//! it needs no constructor.
//!
//! Constructors bind one local per field and build `Self` at the end: a `?`
//! inside a struct literal makes rustc emit a drop path per field per `?`
//! (quadratic code; 58 programs took seconds to compile), locals share one.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::loaded::{map_ctor, map_type, prog_type};
use super::{doc, name_path, rt};
use crate::ident::ident;
use crate::model::{Handle, ProgModel, SkelModel};

/// An expression that builds group `ty`: `Ty::read(&mut obj)?`, or `Ty {}`
/// when the group is empty.
pub(crate) fn build(ty: &TokenStream, empty: bool, call: TokenStream) -> TokenStream {
    if empty {
        quote!(#ty {})
    } else {
        quote!(#ty::#call?)
    }
}

/// One member of a group.
struct Member {
    field: Ident,
    doc: TokenStream,
    ty: TokenStream,
    /// The `names` constant of its map or program.
    name: TokenStream,
    /// Settings: `bpfgen_runtime::skel::OpenMap::read`; handles: `::bpfgen_runtime::maps::Array::new`, …
    ctor: TokenStream,
}

/// What a group holds.
enum Style {
    /// `Open*` settings, read from and applied to the spec through `accessor`
    /// (`map_mut`, `program_mut`).
    Settings { accessor: Ident },
    /// Typed handles built from the prepared object.
    Handles,
}

/// The parameter name for the object: `obj`, or `obj_`, … if a member is
/// named `obj`.
fn param(members: &[Member]) -> Ident {
    let mut name = "obj".to_string();
    while members.iter().any(|m| m.field == name) {
        name.push('_');
    }
    ident(&name)
}

/// `pub struct Ty { … }` and, when it has members, its constructor (`read`
/// or `new`) and, for settings, `apply`.
fn group(ty: &Ident, about: &str, style: &Style, members: &[Member]) -> TokenStream {
    let about = doc(about);
    let fields = members.iter().map(|m| {
        let (d, f, t) = (&m.doc, &m.field, &m.ty);
        quote!(#d pub #f: #t,)
    });
    let derive = match style {
        Style::Settings { .. } => quote!(#[derive(Debug, Clone, PartialEq, Eq)]),
        Style::Handles => quote!(#[derive(Debug)]),
    };
    let decl = quote! {
        #about
        #derive
        pub struct #ty {
            #(#fields)*
        }
    };
    if members.is_empty() {
        return decl;
    }
    let error = rt("Error");
    let obj = param(members);
    let names: Vec<&Ident> = members.iter().map(|m| &m.field).collect();
    let (ctor, obj_ty, apply) = match style {
        Style::Settings { accessor } => {
            let applies = members.iter().map(|m| {
                let (f, name) = (&m.field, &m.name);
                quote!(#f.apply(#obj.#accessor(#name)?);)
            });
            let apply = quote! {
                fn apply(self, #obj: &mut ::bpfgen_runtime::skel::OpenObject) -> ::core::result::Result<(), #error> {
                    let Self { #(#names),* } = self;
                    #(#applies)*
                    Ok(())
                }
            };
            (
                quote!(read),
                quote!(&mut ::bpfgen_runtime::skel::OpenObject),
                Some(apply),
            )
        }
        Style::Handles => (
            quote!(new),
            quote!(&::std::sync::Arc<::bpfgen_runtime::PreparedObject>),
            None,
        ),
    };
    let lets = members.iter().map(|m| {
        let (f, name, make) = (&m.field, &m.name, &m.ctor);
        match style {
            Style::Settings { accessor } => quote!(let #f = #make(#obj.#accessor(#name)?);),
            Style::Handles => quote!(let #f = #make(#obj, #name)?;),
        }
    });
    quote! {
        #decl

        impl #ty {
            fn #ctor(#obj: #obj_ty) -> ::core::result::Result<Self, #error> {
                #(#lets)*
                Ok(Self { #(#names),* })
            }

            #apply
        }
    }
}

/// `Open<Name>Maps` and `Open<Name>Progs`.
pub(crate) fn open_groups(model: &SkelModel) -> TokenStream {
    let maps: Vec<Member> = model
        .maps
        .iter()
        .map(|m| Member {
            field: ident(&m.field),
            doc: doc(&format!("Map `{}` (`{}`).", m.c_name, m.type_name)),
            ty: quote!(::bpfgen_runtime::skel::OpenMap),
            name: name_path("maps", &m.constant),
            ctor: quote!(::bpfgen_runtime::skel::OpenMap::read),
        })
        .collect();
    let progs: Vec<Member> = model
        .progs
        .iter()
        .map(|p| Member {
            field: ident(&p.field),
            doc: prog_doc(p),
            ty: quote!(::bpfgen_runtime::skel::OpenProg),
            name: name_path("progs", &p.constant),
            ctor: quote!(::bpfgen_runtime::skel::OpenProg::read),
        })
        .collect();
    let m = group(
        &format_ident!("Open{}Maps", model.camel),
        "Settings of the maps, applied at prepare.",
        &Style::Settings {
            accessor: ident("map_mut"),
        },
        &maps,
    );
    let p = group(
        &format_ident!("Open{}Progs", model.camel),
        "Settings of the programs, applied at prepare.",
        &Style::Settings {
            accessor: ident("program_mut"),
        },
        &progs,
    );
    quote!(#m #p)
}

/// `<Name>Maps` and `<Name>Progs`.
pub(crate) fn loaded_groups(model: &SkelModel) -> TokenStream {
    let maps: Vec<Member> = model
        .maps
        .iter()
        .map(|m| {
            let mut text = format!("Map `{}` (`{}`).", m.c_name, m.type_name);
            if let Handle::Raw { reason: Some(r) } = &m.handle {
                text.push_str(&format!(" Raw bytes: {r}."));
            }
            Member {
                field: ident(&m.field),
                doc: doc(&text),
                ty: map_type(&m.handle),
                name: name_path("maps", &m.constant),
                ctor: map_ctor(&m.handle),
            }
        })
        .collect();
    let progs: Vec<Member> = model
        .progs
        .iter()
        .map(|p| Member {
            field: ident(&p.field),
            doc: prog_doc(p),
            ty: prog_type(p.marker),
            name: name_path("progs", &p.constant),
            ctor: rt("Program::new"),
        })
        .collect();
    let m = group(
        &format_ident!("{}Maps", model.camel),
        "The maps, typed from BTF.",
        &Style::Handles,
        &maps,
    );
    let p = group(
        &format_ident!("{}Progs", model.camel),
        "The programs, one handle type per program kind.",
        &Style::Handles,
        &progs,
    );
    quote!(#m #p)
}

/// `<Name>CloneMaps`: a clone's own maps (private instances, its own `.rodata`), typed
/// as in `<Name>Maps` where the handle can wrap a standalone map, else as `RawMap`.
pub(crate) fn clone_maps_group(model: &SkelModel) -> TokenStream {
    let ty = format_ident!("{}CloneMaps", model.camel);
    let about = doc(&format!(
        "The maps a clone made for itself (`CloneOpts::with_private_map`, \
         `with_rodata`, `{}::clone_<section>`), typed; `None` where the clone uses the \
         object's map.",
        model.camel
    ));
    let error = rt("Error");
    let members: Vec<(Ident, TokenStream, TokenStream, TokenStream)> = model
        .maps
        .iter()
        .map(|m| {
            let handle = if m.handle.wraps_created_maps() {
                map_type(&m.handle)
            } else {
                rt("maps::RawMap")
            };
            let d = doc(&format!("The clone's own `{}`, if it has one.", m.c_name));
            (ident(&m.field), d, handle, name_path("maps", &m.constant))
        })
        .collect();
    let fields = members
        .iter()
        .map(|(f, d, t, _)| quote!(#d pub #f: ::core::option::Option<#t>,));
    let lets = members.iter().map(|(f, _, t, name)| {
        quote! {
            let #f = clone
                .map(#name)
                .map(|m| <#t as ::bpfgen_runtime::maps::MapHandle>::from_map(m.clone()))
                .transpose()?;
        }
    });
    let names = members.iter().map(|(f, ..)| f);
    let unused = members.is_empty().then(|| quote!(let _ = clone;));
    quote! {
        #about
        #[derive(Debug)]
        pub struct #ty {
            #(#fields)*
        }

        impl #ty {
            /// The maps `clone` made for itself, typed.
            ///
            /// # Errors
            /// A map whose definition no longer fits its handle type.
            pub fn of<K: ::bpfgen_runtime::kind::Kind>(
                clone: &::bpfgen_runtime::ClonedProgram<K>,
            ) -> ::core::result::Result<Self, #error> {
                #unused
                #(#lets)*
                Ok(Self { #(#names),* })
            }
        }
    }
}

/// `<Name>StructOps`, when the object has struct_ops variables.
pub(crate) fn struct_ops_group(model: &SkelModel) -> Option<TokenStream> {
    if model.struct_ops.is_empty() {
        return None;
    }
    let members: Vec<Member> = model
        .struct_ops
        .iter()
        .map(|s| Member {
            field: ident(&s.field),
            doc: doc(&format!(
                "struct_ops variable `{}` (`struct {}`): `.register()` it.",
                s.c_name, s.struct_name
            )),
            ty: rt("attach::StructOps"),
            name: name_path("struct_ops", &s.constant),
            ctor: rt("attach::StructOps::new"),
        })
        .collect();
    Some(group(
        &format_ident!("{}StructOps", model.camel),
        "The struct_ops variables, registered on request.",
        &Style::Handles,
        &members,
    ))
}

fn prog_doc(p: &ProgModel) -> TokenStream {
    doc(&format!(
        "Program `{}`: `SEC(\"{}\")`.",
        p.c_name, p.section
    ))
}
