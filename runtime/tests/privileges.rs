//! Without privileges: this test binary runs again under `setpriv` with every capability
//! dropped (`--bounding-set=-all --inh-caps=-all`). Parsing works; preparing an object is
//! refused with an error that names the map, the call and the missing capabilities; no
//! panic. `setpriv` (util-linux) is required where kernel tests are.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::process::Command;

use common::{fixture, kernel};

const CHILD: &str = "BPFGEN_UNPRIVILEGED_CHILD";

/// In the child: parse and try to prepare, printing the outcome.
fn child() -> bool {
    if std::env::var_os(CHILD).is_none() {
        return false;
    }
    let caps = std::fs::read_to_string("/proc/self/status").unwrap();
    let eff = caps.lines().find(|l| l.starts_with("CapEff:")).unwrap();
    println!("CHILD {eff}");
    let spec = bpfgen_runtime::ObjectSpec::parse(&fixture("many_progs.bpf.o")).unwrap();
    println!("CHILD parsed {} programs", spec.programs.len());
    match bpfgen_runtime::PreparedObject::prepare(spec) {
        Ok(_) => println!("CHILD prepared"),
        Err(e) => println!("CHILD refused: {e}"),
    }
    true
}

#[test]
fn without_capabilities_prepare_names_what_is_missing() {
    if child() {
        return;
    }
    if kernel("without_capabilities_prepare_names_what_is_missing", &[]).is_none() {
        return;
    }
    let out = Command::new("setpriv")
        .args(["--bounding-set=-all", "--inh-caps=-all", "--"])
        .arg(std::env::current_exe().unwrap())
        .args([
            "without_capabilities_prepare_names_what_is_missing",
            "--exact",
            "--nocapture",
        ])
        .env(CHILD, "1")
        .output();
    let Ok(out) = out else {
        assert!(
            std::env::var("BPFGEN_REQUIRE_KERNEL").as_deref() != Ok("1"),
            "setpriv (util-linux) is needed"
        );
        eprintln!("SKIPPED: setpriv is not installed");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "no panic: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("CHILD CapEff:\t0000000000000000"), "{text}");
    assert!(
        text.contains("CHILD parsed"),
        "parsing needs no privilege: {text}"
    );
    let refused = text
        .lines()
        .find_map(|l| l.strip_prefix("CHILD refused: "))
        .unwrap_or_else(|| panic!("prepare must be refused: {text}"));
    assert!(
        refused.contains("Operation not permitted")
            && refused.contains("neither CAP_BPF nor CAP_SYS_ADMIN"),
        "{refused}"
    );
}
