//! The build-script front end: the skeleton of `minimal.bpf.o` through
//! `bpfgen::SkeletonBuilder`, as a user's build.rs would make it (from the
//! prebuilt object, so the build needs no clang).

fn main() {
    bpfgen::SkeletonBuilder::new()
        .object("../../examples/minimal/minimal.bpf.o")
        .name("minimal_built")
        .build()
        .unwrap_or_else(|e| panic!("minimal_built skeleton: {e}"));
}
