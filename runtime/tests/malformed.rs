//! Malformed objects give a clear `ParseError`, never a panic or a hang.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::time::{Duration, Instant};

use bpfgen_runtime::{ObjectSpec, ParseError};
use common::fixture;

fn parse_err(name: &str) -> ParseError {
    let started = Instant::now();
    let err =
        ObjectSpec::parse(&fixture(&format!("malformed/{name}"))).expect_err("must be rejected");
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{name} took {:?}",
        started.elapsed()
    );
    err
}

/// A file that ends early says "truncated", with the sizes; an empty one says so.
#[test]
fn truncated_elf() {
    let e = parse_err("truncated.bpf.o");
    assert!(matches!(e, ParseError::Elf(_)), "{e}");
    assert!(
        e.to_string()
            .contains("truncated: the file is 100 bytes, but its section headers end at byte"),
        "{e}"
    );
    let bytes = fixture("many_progs.bpf.o");
    let e = ObjectSpec::parse(&bytes[..40]).unwrap_err().to_string();
    assert!(e.contains("shorter than its 64-byte ELF header"), "{e}");
    let e = ObjectSpec::parse(&[]).unwrap_err().to_string();
    assert!(e.contains("empty file (0 bytes)"), "{e}");
}

#[test]
fn non_bpf_elf() {
    let e = parse_err("not_bpf.o");
    assert!(matches!(e, ParseError::NotBpf(_)), "{e}");
    assert!(e.to_string().contains("EM_BPF"), "{e}");
}

#[test]
fn corrupt_btf_strings() {
    let e = parse_err("corrupt_btf_strings.bpf.o");
    assert!(matches!(e, ParseError::Btf(_)), "{e}");
}

#[test]
fn relocation_against_missing_symbol() {
    let e = parse_err("missing_symbol.bpf.o");
    assert!(matches!(e, ParseError::Relocation { .. }), "{e}");
    assert!(e.to_string().contains("16777215"), "{e}");
}

#[test]
fn self_referencing_typedef_in_maps_terminates() {
    let e = parse_err("self_typedef.bpf.o");
    let msg = e.to_string();
    assert!(
        msg.contains("flow_stats") && msg.contains("too deep or cyclic"),
        "{msg}"
    );
}

#[test]
fn empty_and_garbage_inputs() {
    for bytes in [&b""[..], b"\x7fELF", &[0u8; 64], &[0xffu8; 200]] {
        assert!(ObjectSpec::parse(bytes).is_err());
    }
    let e = ObjectSpec::parse(b"hello, not an object")
        .unwrap_err()
        .to_string();
    assert!(e.contains("not an ELF file"), "{e}");
}

/// Every prefix and a sweep of byte flips of a real object parse without panicking.
#[test]
fn truncations_and_bit_flips_never_panic() {
    let good = fixture("tail_calls.bpf.o");
    for len in (0..good.len()).step_by(7) {
        let _ = ObjectSpec::parse(&good[..len]);
    }
    let mut bytes = good.clone();
    for i in (0..bytes.len()).step_by(3) {
        for flip in [0x01u8, 0x80, 0xff] {
            bytes[i] ^= flip;
            let _ = ObjectSpec::parse(&bytes);
            bytes[i] ^= flip;
        }
    }
}

/// Inputs the fuzzer (`fuzz/`, target `object`) once crashed on; each must now be handled.
#[test]
fn fuzz_regressions_parse_without_panicking() {
    let dir = common::fixture_path("malformed/fuzz");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        if let Ok(spec) = ObjectSpec::parse(&bytes) {
            for p in &spec.programs {
                let _ = bpfgen_runtime::prepare::template::build_template(&spec, p);
            }
        }
        n += 1;
    }
    assert!(n >= 1, "regression inputs present");
}
