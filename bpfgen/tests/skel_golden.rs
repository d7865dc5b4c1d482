//! Golden skeletons: `bpfgen skel ../../<object>` run (through the built
//! binary) from `tests/golden-check/`, the crate that compiles the goldens, must
//! print exactly `tests/golden/<name>.skel.rs`. One test per fixture object.
//! `BPFGEN_BLESS=1` rewrites the goldens; a mismatch prints a line diff.
//!
//! The `golden-check` crate compiles every golden under `-D warnings`
//! (and clippy, in CI); [`golden_check_includes_every_golden`] keeps its list
//! in step with this one.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

#[path = "types_golden/diff.rs"]
mod diff;

use std::path::{Path, PathBuf};
use std::process::Command;

/// `(golden name, object path relative to the workspace)`. Objects in
/// `bpfgen/tests/skel_fixtures/` (rebuilt by its `build.sh`) add shapes the
/// shared fixtures lack: no maps or programs, and awkward C names.
const FIXTURES: &[(&str, &str)] = &[
    ("core_read", "tests/fixtures/core_read.bpf.o"),
    (
        "globals_only",
        "bpfgen/tests/skel_fixtures/globals_only.bpf.o",
    ),
    ("layout", "bpfgen/tests/types_golden/layout.bpf.o"),
    ("legacy_maps", "tests/fixtures/legacy_maps.bpf.o"),
    ("many_progs", "tests/fixtures/many_progs.bpf.o"),
    ("map_in_map", "tests/fixtures/map_in_map.bpf.o"),
    ("minimal", "examples/minimal/minimal.bpf.o"),
    ("odd_names", "bpfgen/tests/skel_fixtures/odd__Names.bpf.o"),
    ("tail_calls", "tests/fixtures/tail_calls.bpf.o"),
    ("verifier_reject", "tests/fixtures/verifier_reject.bpf.o"),
];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// What `bpfgen skel ../../<rel>` prints when run from `tests/golden-check`.
fn generate(rel: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_bpfgen"))
        .current_dir(workspace().join("tests/golden-check"))
        .args(["skel", &format!("../../{rel}")])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "bpfgen skel {rel}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn check(name: &str) {
    let rel = FIXTURES.iter().find(|(n, _)| *n == name).unwrap().1;
    let got = generate(rel);
    let path = workspace().join(format!("tests/golden/{name}.skel.rs"));
    if std::env::var_os("BPFGEN_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        want == got,
        "{name}.skel.rs differs from `bpfgen skel {rel}` (BPFGEN_BLESS=1 accepts):\n\
         --- golden\n+++ generated\n{}",
        diff::lines(&want, &got)
    );
    assert!(
        !got.contains(&workspace().to_string_lossy().into_owned()),
        "{name}: output holds a local path"
    );
}

macro_rules! golden_tests {
    ($($name:ident),* $(,)?) => { $(
        #[test]
        fn $name() {
            check(stringify!($name));
        }
    )* };
}

golden_tests!(
    core_read,
    globals_only,
    layout,
    legacy_maps,
    many_progs,
    map_in_map,
    minimal,
    odd_names,
    tail_calls,
    verifier_reject,
);

#[test]
fn golden_check_includes_every_golden() {
    let lib = std::fs::read_to_string(workspace().join("tests/golden-check/src/lib.rs")).unwrap();
    for (name, _) in FIXTURES {
        let line = format!("include!(\"../../golden/{name}.skel.rs\");");
        assert!(
            lib.contains(&line),
            "tests/golden-check/src/lib.rs lacks `{line}`"
        );
    }
    let on_disk = std::fs::read_dir(workspace().join("tests/golden"))
        .unwrap()
        .count();
    assert_eq!(
        on_disk,
        FIXTURES.len(),
        "a golden without a fixture, or the reverse"
    );
}

#[test]
fn output_is_deterministic() {
    let rel = "tests/fixtures/many_progs.bpf.o";
    assert_eq!(generate(rel), generate(rel));
}
