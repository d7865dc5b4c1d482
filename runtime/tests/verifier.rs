//! Verifier rejections name the program and section and show the failing source line.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use bpfgen_runtime::{CloneOpts, ProgramError};
use common::{kernel, prepare, Feature};

/// Line number of the `/* REJECT_LINE */` marker in the fixture source.
fn reject_line() -> u32 {
    let src =
        std::fs::read_to_string(common::fixture_path("src/verifier_reject.bpf.c")).expect("source");
    let idx = src
        .lines()
        .position(|l| l.contains("REJECT_LINE"))
        .expect("marker");
    idx as u32 + 1
}

#[test]
fn rejection_points_at_the_source_line() {
    let Some(k) = kernel(
        "rejection_points_at_the_source_line",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("verifier_reject.bpf.o");
    if k.refuses(Feature::SOCKET_FILTER, "checked_lookup", || {
        obj.program("checked_lookup").unwrap().load_lazy()
    }) {
        return;
    }
    let err = obj
        .program("deref_without_null_check")
        .expect("program")
        .load_lazy()
        .unwrap_err();
    let ProgramError::Verifier(v) = &err else {
        panic!("expected a verifier error, got {err}");
    };
    assert_eq!(v.errno, libc::EACCES);
    let line = v.source_line.as_ref().expect("source line found");
    assert_eq!(line.line, reject_line());
    assert!(
        line.file.ends_with("verifier_reject.bpf.c"),
        "{}",
        line.file
    );
    assert!(line.text.contains("return *value;"), "{}", line.text);
    let shown = err.to_string();
    // What `fn main() -> Result<(), Box<dyn Error>>` prints (Debug) reads like Display:
    // the same lines, not one escaped line of fields.
    let debug = format!("{:?}", bpfgen_runtime::Error::from(err_clone(&err)));
    assert!(debug.starts_with(&shown), "{debug}");
    assert!(!debug.contains("VerifierError {"), "{debug}");
    assert!(shown.contains("deref_without_null_check"), "{shown}");
    assert!(shown.contains("section `socket`"), "{shown}");
    assert!(
        shown.contains(&format!("verifier_reject.bpf.c:{}", reject_line())),
        "{shown}"
    );
    assert!(
        shown.contains("invalid mem access"),
        "log tail shown: {shown}"
    );
    assert!(!obj.program("deref_without_null_check").unwrap().is_loaded());

    // Clones fail the same way, and the good program of the same object still loads.
    assert!(obj
        .program("deref_without_null_check")
        .unwrap()
        .clone_with(&CloneOpts::default())
        .is_err());
    obj.program("checked_lookup")
        .expect("program")
        .load_lazy()
        .expect("good program loads");
}

/// The same verifier error, owned (`ProgramError` is not `Clone`).
fn err_clone(err: &ProgramError) -> ProgramError {
    let ProgramError::Verifier(v) = err else {
        unreachable!("checked by the caller")
    };
    ProgramError::Verifier(v.clone())
}
