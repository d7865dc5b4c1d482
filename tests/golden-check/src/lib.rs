//! Every committed golden skeleton (`tests/golden/*.skel.rs`, written by
//! `bpfgen skel ../../<object>` run from this crate's root), compiled where it
//! lands, plus the same object through the other two front ends:
//! [`minimal_built`] (build.rs, `bpfgen::SkeletonBuilder`) and
//! [`minimal_macro`] (`bpfgen_macros::skeleton!`). Lints are denied here, so
//! `cargo build` and `cargo clippy` fail on any warning in generated code.
#![deny(warnings, clippy::all)]
#![warn(clippy::pedantic)]

/// Every committed golden skeleton, included where the macro is invoked.
macro_rules! goldens {
    () => {
        include!("../../golden/core_read.skel.rs");
        include!("../../golden/globals_only.skel.rs");
        include!("../../golden/layout.skel.rs");
        include!("../../golden/legacy_maps.skel.rs");
        include!("../../golden/many_progs.skel.rs");
        include!("../../golden/map_in_map.skel.rs");
        include!("../../golden/minimal.skel.rs");
        include!("../../golden/odd_names.skel.rs");
        include!("../../golden/tail_calls.skel.rs");
        include!("../../golden/verifier_reject.skel.rs");
    };
}

goldens!();

/// Every golden again, in a private module and unused: a crate with default lints that
/// includes a skeleton and uses part of it gets no warning from it (dead code included)
/// and needs no `#[allow]` of its own. (Pedantic clippy, not a default, is checked on the
/// public copies above; on private items it asks for API changes such as by-value
/// `self`, which a generated public API cannot follow.)
#[allow(clippy::pedantic)]
mod unused_in_a_private_module {
    goldens!();
}

include!(concat!(env!("OUT_DIR"), "/minimal_built.skel.rs"));

/// The runtime re-exported under this crate, as a crate that wraps it would: the
/// `minimal_reexported` skeleton names it only as `crate::rt` (`runtime_path`).
pub use bpfgen_runtime as rt;
include!(concat!(env!("OUT_DIR"), "/minimal_reexported.skel.rs"));

bpfgen_macros::skeleton!(
    "../../examples/minimal/minimal.bpf.o",
    name = "minimal_macro"
);

include!(concat!(env!("OUT_DIR"), "/ring_events.skel.rs"));

bpfgen_macros::skeleton!(
    "../fixtures/attach_kinds.bpf.o",
    events = ["events=syscall_event"]
);

bpfgen_macros::skeleton!("../fixtures/struct_ops.bpf.o");

bpfgen_macros::skeleton!("../fixtures/sock_map.bpf.o");

bpfgen_macros::skeleton!("../fixtures/local_storage.bpf.o");

// A static function in its own section: the skeleton still generates.
bpfgen_macros::skeleton!("../fixtures/static_section.bpf.o");

/// Skeletons are owned, `Send` and `Sync`: storable in a struct, movable to
/// another thread.
const _: () = {
    const fn owned_send_sync<T: Send + Sync + 'static>() {}
    owned_send_sync::<minimal::Minimal>();
    owned_send_sync::<minimal::OpenMinimal>();
    owned_send_sync::<many_progs::ManyProgs>();
    owned_send_sync::<minimal_built::MinimalBuilt>();
    owned_send_sync::<minimal_macro::MinimalMacro>();
    owned_send_sync::<minimal_reexported::MinimalReexported>();
};

/// `#[derive(bpfgen_macros::Pod)]` on user-written records (named, tuple, nested, arrays):
/// compiles without a warning under this crate's lints, with no `unsafe` here.
pub mod pod_derive {
    /// A record as a BPF program might send it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, bpfgen_macros::Pod)]
    #[repr(C)]
    pub struct Event {
        /// Process id.
        pub pid: u32,
        /// Event kind.
        pub kind: u32,
        /// A value.
        pub value: u64,
        /// Command name.
        pub comm: [u8; 16],
    }

    /// A tuple struct holding another `Pod` struct and a float.
    #[derive(Clone, Copy, Debug, PartialEq, bpfgen_macros::Pod)]
    #[repr(C)]
    pub struct Wrapped(pub Event, pub f64);

    #[cfg(test)]
    mod tests {
        use super::{Event, Wrapped};
        use bpfgen_runtime::pod;

        #[test]
        fn derived_pod_round_trips_through_bytes() {
            let event = Event {
                pid: 7,
                kind: 2,
                value: 0x0102_0304_0506_0708,
                comm: *b"bpfgen\0\0\0\0\0\0\0\0\0\0",
            };
            let wrapped = Wrapped(event, 1.5);
            let bytes = pod::bytes_of(&wrapped).to_vec();
            assert_eq!(bytes.len(), 40);
            assert_eq!(pod::read::<Wrapped>(&bytes), Some(wrapped));
            assert_eq!(pod::read::<Event>(&bytes[..32]), Some(event));
        }
    }
}
