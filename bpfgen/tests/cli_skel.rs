//! `bpfgen skel` end to end through the built binary: options, output, and
//! bad input (one clear line on stderr, exit code 1, never a panic).

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Runs `bpfgen args…` in the workspace root.
fn bpfgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bpfgen"))
        .current_dir(workspace())
        .args(args)
        .output()
        .unwrap()
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// Exit code 1, nothing on stdout, exactly one line on stderr that contains
/// `needle`, and no panic.
fn fails_with(args: &[&str], needle: &str) {
    let out = bpfgen(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout");
    assert_eq!(err.lines().count(), 1, "{args:?}: not one line: {err}");
    assert!(err.starts_with("bpfgen: "), "{err}");
    assert!(err.contains(needle), "{args:?}: `{needle}` not in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

#[test]
fn bad_input_is_one_line_and_exit_code_1() {
    fails_with(
        &["skel", "no/such/file.bpf.o"],
        "no/such/file.bpf.o: No such file",
    );
    fails_with(&["skel", "README.md"], "README.md");
    fails_with(&["skel", "tests/fixtures/malformed/not_bpf.o"], "not_bpf.o");
    fails_with(
        &["skel", "tests/fixtures/malformed/truncated.bpf.o"],
        "truncated.bpf.o",
    );
    fails_with(&["skel", "tests/fixtures/big_endian.bpf.o"], "big-endian");
    fails_with(
        &["skel", "tests/fixtures/malformed/self_typedef.bpf.o"],
        "self_typedef",
    );
    fails_with(
        &[
            "skel",
            "tests/fixtures/many_progs.bpf.o",
            "--type",
            "struct nope",
        ],
        "type `struct nope`",
    );
    fails_with(
        &["skel", "examples/minimal/minimal.bpf.o", "--name=--"],
        "skeleton name",
    );
    fails_with(
        &[
            "skel",
            "tests/fixtures/ring_events.bpf.o",
            "--event",
            "rb=event",
        ],
        "event map `rb` (as `event`): the object declares no such map",
    );
    fails_with(
        &[
            "skel",
            "tests/fixtures/ring_events.bpf.o",
            "--event",
            "config=event",
        ],
        "it is a `array` map; events come from ring buffers and perf event arrays",
    );
    fails_with(
        &[
            "skel",
            "tests/fixtures/ring_events.bpf.o",
            "--event",
            "ring=nope",
        ],
        "no type named `nope` in BTF. A type used only by local variables has no BTF",
    );
}

/// `--event MAP=TYPE` types the ring buffer's handle and declares the record type; an
/// argument without `=` is a usage error (clap's exit code 2).
#[test]
fn event_option_types_the_ring_buffer() {
    let usage = bpfgen(&[
        "skel",
        "tests/fixtures/ring_events.bpf.o",
        "--event",
        "ring",
    ]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("expected MAP=TYPE"));
    let text = stdout(&bpfgen(&[
        "skel",
        "tests/fixtures/ring_events.bpf.o",
        "--event",
        "ring=event",
    ]));
    assert!(
        text.contains("pub ring: ::bpfgen_runtime::maps::TypedRingBuf<types::event>,"),
        "{text}"
    );
    assert!(text.contains("pub struct event {"));
}

#[test]
fn absolute_path_outside_the_crate_is_refused_unless_inline() {
    let copy = std::env::temp_dir().join(format!("bpfgen-cli-{}.bpf.o", std::process::id()));
    std::fs::copy(workspace().join("examples/minimal/minimal.bpf.o"), &copy).unwrap();
    let path = copy.to_str().unwrap();
    fails_with(&["skel", path], "--inline");
    let inline = stdout(&bpfgen(&["skel", path, "--inline", "--name", "minimal"]));
    std::fs::remove_file(&copy).ok();
    assert!(inline.contains("*b\"\\x7FELF"), "inline bytes");
    assert!(!inline.contains("include_bytes!"));
    assert!(!inline.contains(path), "no absolute path in the output");
}

#[test]
fn absolute_path_inside_the_crate_becomes_relative() {
    let abs = workspace().join("examples/minimal/minimal.bpf.o");
    let text = stdout(&bpfgen(&["skel", abs.to_str().unwrap()]));
    assert!(
        text.contains(r#""/examples/minimal/minimal.bpf.o""#),
        "{text}"
    );
    assert_eq!(
        text,
        stdout(&bpfgen(&["skel", "./examples/minimal/minimal.bpf.o"]))
    );
}

#[test]
fn name_type_and_output_file() {
    let file = std::env::temp_dir().join(format!("bpfgen-cli-{}.skel.rs", std::process::id()));
    let args = [
        "skel",
        "tests/fixtures/many_progs.bpf.o",
        "--name",
        "Progs-2",
        "--type",
        "struct __sk_buff",
        "-o",
        file.to_str().unwrap(),
    ];
    let out = bpfgen(&args);
    assert!(stdout(&out).is_empty(), "-o writes nothing to stdout");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::remove_file(&file).ok();
    assert!(text.starts_with("// @generated by bpfgen "), "{text}");
    assert!(text.contains("from many_progs.bpf.o — do not edit"));
    assert!(text.contains("pub mod progs_2 {"));
    assert!(text.contains("pub struct Progs2Skel;"));
    assert!(text.contains("pub const NAME: &'static str = \"progs_2\";"));
    assert!(
        text.contains("pub struct __sk_buff {"),
        "--type declares `struct __sk_buff`"
    );
}

/// A hash key with padding is warned about on stderr (the skeleton is still written).
#[test]
fn padded_hash_key_is_warned_about() {
    let out = bpfgen(&[
        "skel",
        "bpfgen/tests/skel_fixtures/padded_key.bpf.o",
        "--inline",
    ]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("pub struct PaddedKeySkel;"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "warning: map `flows`: key type `struct flow_key` has padding (bytes 1..4 of its 8)"
        ) && err.contains("__builtin_memset"),
        "{err}"
    );
    let out = bpfgen(&["inspect", "bpfgen/tests/skel_fixtures/padded_key.bpf.o"]);
    assert!(
        stdout(&out).contains("warning: map `flows`"),
        "{}",
        stdout(&out)
    );
    let quiet = bpfgen(&["skel", "tests/fixtures/many_progs.bpf.o", "--inline"]);
    assert!(quiet.stderr.is_empty(), "no padded keys there");
}

#[test]
fn help_documents_the_embedding_rule() {
    let top = stdout(&bpfgen(&["--help"]));
    assert!(top.contains("skel"), "{top}");
    let help = stdout(&bpfgen(&["skel", "--help"]));
    for needle in [
        "CARGO_MANIFEST_DIR",
        "root of the crate",
        "--inline",
        "--type",
        "--name",
        "-o",
    ] {
        assert!(help.contains(needle), "`{needle}` not in:\n{help}");
    }
}

/// Queue, stack and bloom-filter maps get typed handles from their BTF value type.
#[test]
fn keyless_maps_get_typed_handles() {
    let out = bpfgen(&["skel", "tests/fixtures/keyless_maps.bpf.o"]);
    let text = stdout(&out);
    for handle in [
        "pub items_fifo: ::bpfgen_runtime::maps::Queue<types::item>,",
        "pub items_lifo: ::bpfgen_runtime::maps::Stack<types::item>,",
        "pub seen: ::bpfgen_runtime::maps::BloomFilter<u32>,",
    ] {
        assert!(text.contains(handle), "{handle} in:\n{text}");
    }
}
