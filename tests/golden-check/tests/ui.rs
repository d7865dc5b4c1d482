//! Misuse of generated skeletons and of `skeleton!` does not compile.
//! One trybuild run over every category in `tests/ui/`:
//! `phases/` (open-phase fields after prepare), `attach/` (attaching unloaded
//! programs, attach methods of another kind), `maps/` (wrong key or value
//! types), `macro/` (bad `skeleton!` arguments), `pod/` (structs `#[derive(Pod)]`
//! refuses: no `repr(C)`, padding, a non-`Pod` field, an enum). `TRYBUILD=overwrite`
//! rewrites the expected `.stderr` files.
//!
//! The UI files use this crate's goldens (`golden_check::minimal`), and the
//! macro cases use paths relative to this crate's root.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("../ui/*/*.rs");
}
