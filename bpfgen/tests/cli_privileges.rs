//! The CLI without any capability (`setpriv --bounding-set=-all --inh-caps=-all`):
//! `inspect` and `skel` need no privilege and work; `verify` reports every program as
//! refused, naming the map, the call and the missing capabilities, and does not panic.
//! Needs `setpriv` (util-linux); without it the test says so and checks nothing.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// `bpfgen args…` with every capability dropped; `None` without setpriv.
fn unprivileged(args: &[&str]) -> Option<Output> {
    Command::new("setpriv")
        .args(["--bounding-set=-all", "--inh-caps=-all", "--"])
        .arg(env!("CARGO_BIN_EXE_bpfgen"))
        .args(args)
        .current_dir(workspace())
        .output()
        .ok()
}

#[test]
fn inspect_and_skel_work_unprivileged_verify_names_the_capability() {
    let Some(inspect) = unprivileged(&["inspect", "tests/fixtures/many_progs.bpf.o"]) else {
        assert!(
            std::env::var("BPFGEN_REQUIRE_KERNEL").as_deref() != Ok("1"),
            "setpriv (util-linux) is needed"
        );
        eprintln!("SKIPPED: setpriv is not installed");
        return;
    };
    assert!(inspect.status.success(), "{inspect:?}");
    assert!(String::from_utf8_lossy(&inspect.stdout).contains("programs ("));
    let skel = unprivileged(&["skel", "examples/minimal/minimal.bpf.o"]).unwrap();
    assert!(skel.status.success(), "{skel:?}");
    assert!(String::from_utf8_lossy(&skel.stdout).contains("pub mod minimal"));
    let verify = unprivileged(&["verify", "tests/fixtures/many_progs.bpf.o"]).unwrap();
    let err = String::from_utf8_lossy(&verify.stderr);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        !verify.status.success(),
        "nothing verifies without privileges"
    );
    assert!(
        err.contains("BPF_MAP_CREATE failed: Operation not permitted")
            && err.contains("neither CAP_BPF nor CAP_SYS_ADMIN"),
        "{err}"
    );
}
