//! `bpfgen inspect` end to end through the built binary.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use std::path::PathBuf;
use std::process::{Command, Output};

fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

fn bpfgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bpfgen"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn inspect_text_lists_programs_maps_globals() {
    let obj = repo("tests/fixtures/many_progs.bpf.o");
    let out = bpfgen(&["inspect", obj.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "programs (35)",
        "count_a",
        "bogus/section",
        "unknown",
        "shared_counts",
        "struct key (8B)",
        "rodata_multiplier",
        "const volatile __u32",
        "BTF: 179 types",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in:\n{text}");
    }
    let disabled = text
        .lines()
        .find(|l| l.contains("disabled_filter"))
        .unwrap();
    assert!(
        disabled.trim_end().ends_with("no"),
        "autoload off: {disabled}"
    );
}

#[test]
fn inspect_json_is_machine_readable() {
    let obj = repo("tests/fixtures/tail_calls.bpf.o");
    let out = bpfgen(&["inspect", "--json", obj.to_str().unwrap()]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let progs = v["programs"].as_array().unwrap();
    assert_eq!(progs.len(), 3);
    let jump = v["maps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "jump_table")
        .unwrap();
    assert_eq!(jump["type"], "prog_array");
    assert_eq!(jump["has_initial_value"], true);
    assert_eq!(v["file"], "tail_calls.bpf.o", "no absolute paths");
}

#[test]
fn inspect_big_endian_object() {
    let obj = repo("tests/fixtures/big_endian.bpf.o");
    let out = bpfgen(&["inspect", obj.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("big-endian"));
}

#[test]
fn bad_inputs_give_one_line_and_exit_1() {
    for (path, needle) in [
        (repo("tests/fixtures/does_not_exist.o"), "No such file"),
        (repo("README.md"), "not a valid ELF"),
        (
            repo("tests/fixtures/malformed/not_bpf.o"),
            "not a BPF object",
        ),
        (
            repo("tests/fixtures/malformed/self_typedef.bpf.o"),
            "cyclic",
        ),
    ] {
        let out = bpfgen(&["inspect", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{}", path.display());
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
        assert!(err.starts_with("bpfgen: ") && err.contains(needle), "{err}");
    }
}
