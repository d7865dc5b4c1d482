//! The three front ends give the same skeleton for the same object:
//!
//! - CLI: `tests/golden/minimal.skel.rs`, which `bpfgen/tests/skel_golden.rs`
//!   checks is byte for byte what `bpfgen skel` prints;
//! - build.rs: `bpfgen::SkeletonBuilder` writing into a scratch `OUT_DIR`;
//! - macro: `skeleton!`'s expansion, seen through its hidden twin
//!   `__skeleton_tokens!`, which expands to the same tokens as a string.
//!
//! Each is parsed with `syn` and printed back with prettyplease, so only the
//! tokens matter, not their layout (the macro's raw tokens have no trailing
//! commas and spell doc comments as raw strings). The one allowed difference
//! is where the object is embedded from: [`normalise`] replaces the argument
//! of the single `include_bytes!(…)` with `OBJECT` (the CLI and the macro give
//! `concat!(env!("CARGO_MANIFEST_DIR"), "/<path>")`, the builder
//! `"minimal.bpf.o"` next to the skeleton).

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use std::path::{Path, PathBuf};

const MACRO: &str = bpfgen_macros::__skeleton_tokens!("../examples/minimal/minimal.bpf.o");

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `text` parsed as a Rust file and printed by prettyplease, with the embed
/// expression normalised.
fn canonical(text: &str) -> String {
    let file: syn::File = syn::parse_str(text).unwrap();
    normalise(&prettyplease::unparse(&file))
}

/// Replaces the argument of the only `include_bytes!(…)` with `OBJECT`.
fn normalise(tokens: &str) -> String {
    let start = "include_bytes!(";
    assert_eq!(tokens.matches(start).count(), 1, "one include_bytes!");
    let at = tokens.find(start).unwrap() + start.len();
    let mut depth = 1;
    let end = tokens[at..]
        .char_indices()
        .find_map(|(i, c)| {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                _ => {}
            }
            (depth == 0).then_some(at + i)
        })
        .unwrap();
    format!("{}OBJECT{}", &tokens[..at], &tokens[end..])
}

#[test]
fn cli_build_rs_and_macro_agree() {
    let cli = std::fs::read_to_string(workspace().join("tests/golden/minimal.skel.rs")).unwrap();
    let out = std::env::temp_dir().join(format!("bpfgen-same-tokens-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let built = bpfgen::SkeletonBuilder::new()
        .object(workspace().join("examples/minimal/minimal.bpf.o"))
        .out_dir(&out)
        .build()
        .unwrap();
    let build_rs = std::fs::read_to_string(&built.skeleton).unwrap();
    std::fs::remove_dir_all(&out).ok();

    let cli = canonical(&cli);
    assert_eq!(canonical(&build_rs), cli, "build.rs and CLI differ");
    assert_eq!(canonical(MACRO), cli, "skeleton! and CLI differ");
    assert!(cli.contains("pub mod minimal"));
}

#[test]
fn only_the_embed_path_differs() {
    assert!(
        MACRO.contains(r#""/../examples/minimal/minimal.bpf.o""#),
        "{MACRO}"
    );
    let golden = std::fs::read_to_string(workspace().join("tests/golden/minimal.skel.rs")).unwrap();
    assert!(golden.contains(r#""/../../examples/minimal/minimal.bpf.o""#));
}
