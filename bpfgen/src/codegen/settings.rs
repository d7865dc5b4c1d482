//! `OpenMap` and `OpenProg`: the per-map and per-program settings of the open
//! phase, as plain data read at open and written back at prepare. Emitted once
//! per skeleton, each only when something uses it.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::SkelModel;

pub(crate) fn emit(model: &SkelModel) -> TokenStream {
    let map = (!model.maps.is_empty()).then(open_map);
    let prog = (!model.progs.is_empty()).then(open_prog);
    quote!(#map #prog)
}

fn open_map() -> TokenStream {
    quote! {
        /// Settings of one map, read at open and applied at prepare.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct OpenMap {
            /// `max_entries`: capacity (for a ring buffer, its size in bytes).
            pub max_entries: u32,
            /// `map_flags` (`BPF_F_NO_PREALLOC`, `BPF_F_MMAPABLE`, …).
            pub map_flags: u32,
            /// Pin the map at this path in a BPF filesystem; a compatible map
            /// already pinned there is reused. `None` keeps the object's pinning
            /// (`LIBBPF_PIN_BY_NAME` pins under `/sys/fs/bpf`).
            pub pin_path: ::core::option::Option<::std::path::PathBuf>,
        }

        impl OpenMap {
            fn read(spec: &::bpfgen_runtime::obj::MapSpec) -> Self {
                Self {
                    max_entries: spec.max_entries,
                    map_flags: spec.map_flags,
                    pin_path: spec.pin_path.clone(),
                }
            }

            fn apply(self, spec: &mut ::bpfgen_runtime::obj::MapSpec) {
                spec.max_entries = self.max_entries;
                spec.map_flags = self.map_flags;
                spec.pin_path = self.pin_path;
            }
        }
    }
}

fn open_prog() -> TokenStream {
    quote! {
        /// Settings of one program, read at open and applied at prepare.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct OpenProg {
            /// Loaded by `load_autoload()` (`false` for `SEC("?…")` programs).
            /// Every program can be loaded with `load_lazy()` regardless.
            pub autoload: bool,
            /// `prog_flags` (`BPF_F_SLEEPABLE`, `BPF_F_XDP_HAS_FRAGS`, …).
            pub prog_flags: u32,
            /// Attach target, parsed from the `SEC()` name by default: the
            /// function of a `fentry`/`fexit`/`lsm`/`freplace` program, the
            /// `category/name` of a tracepoint, …
            pub attach_target: ::core::option::Option<::std::string::String>,
        }

        impl OpenProg {
            fn read(spec: &::bpfgen_runtime::obj::ProgramSpec) -> Self {
                Self {
                    autoload: spec.autoload,
                    prog_flags: spec.prog_flags,
                    attach_target: spec.attach_target.clone(),
                }
            }

            fn apply(self, spec: &mut ::bpfgen_runtime::obj::ProgramSpec) {
                spec.autoload = self.autoload;
                spec.prog_flags = self.prog_flags;
                spec.attach_target = self.attach_target;
            }
        }
    }
}
