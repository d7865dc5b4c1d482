//! The build-script front end: the skeleton of `minimal.bpf.o` through
//! `bpfgen::SkeletonBuilder`, as a user's build.rs would make it (from the
//! prebuilt object, so the build needs no clang); and once more naming the runtime
//! through the crate's own re-export (`runtime_path("crate::rt")`); and typed event
//! skeletons (`event(map, type)`) of a ring buffer and a perf event array.

fn main() {
    bpfgen::SkeletonBuilder::new()
        .object("../../examples/minimal/minimal.bpf.o")
        .name("minimal_built")
        .build()
        .unwrap_or_else(|e| panic!("minimal_built skeleton: {e}"));
    bpfgen::SkeletonBuilder::new()
        .object("../../examples/minimal/minimal.bpf.o")
        .name("minimal_reexported")
        .runtime_path("crate::rt")
        .build()
        .unwrap_or_else(|e| panic!("minimal_reexported skeleton: {e}"));
    bpfgen::SkeletonBuilder::new()
        .object("../fixtures/ring_events.bpf.o")
        .event("ring", "event")
        .build()
        .unwrap_or_else(|e| panic!("ring_events skeleton: {e}"));
}
