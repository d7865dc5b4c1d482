//! The scratch crate that compiles generated types for real.
//!
//! Its `bpfgen-runtime` dependency is a stand-in crate whose only module is
//! the workspace's real `runtime/src/pod/mod.rs` (through `#[path]`): generated
//! code needs nothing else from the runtime, the stand-in builds in a moment
//! with no registry access, and warnings elsewhere in the runtime cannot fail
//! this test. Lints are denied by attributes on the scratch crate itself, so
//! they cover the generated code and the checks only.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// Writes the crate under `dir`: one `include!`d module per generated source,
/// and tests that read `layout.bpf.o`'s `.data` (`data`) through the
/// generated types. The stand-in runtime goes to `dir/../types-compile-runtime`.
pub fn write_crate(dir: &Path, workspace: &Path, sources: &[(String, String)], data: &[u8]) {
    let standin = dir.with_file_name("types-compile-runtime");
    write_standin(&standin, workspace);
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("create scratch crate");
    let manifest = format!(
        "[package]\nname = \"types-compile-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n\n[dependencies]\nbpfgen-runtime = {{ path = {:?} }}\n\n[workspace]\n",
        standin.to_string_lossy()
    );
    write_if_changed(&dir.join("Cargo.toml"), &manifest);
    let mut lib = String::from(
        "//! Generated types of every fixture, compiled with `-D warnings`.\n\
         #![deny(warnings, clippy::all)]\n\n",
    );
    for (name, code) in sources {
        write_if_changed(&src.join(format!("{name}.rs")), code);
        writeln!(
            lib,
            "/// Types of `{name}`.\npub mod {name} {{\n    include!(\"{name}.rs\");\n}}"
        )
        .expect("write to string");
    }
    writeln!(lib, "\n#[cfg(test)]\nmod checks;").expect("write to string");
    write_if_changed(&src.join("lib.rs"), &lib);
    let checks = super::harness_checks::CHECKS.replace("/*DATA*/", &format!("{data:?}"));
    write_if_changed(&src.join("checks.rs"), &checks);
}

/// The stand-in `bpfgen-runtime`: just the real `pod` module.
fn write_standin(dir: &Path, workspace: &Path) {
    std::fs::create_dir_all(dir.join("src")).expect("create stand-in runtime");
    let manifest = "[package]\nname = \"bpfgen-runtime\"\nversion = \"0.0.0\"\n\
                    edition = \"2021\"\npublish = false\n\n[workspace]\n";
    write_if_changed(&dir.join("Cargo.toml"), manifest);
    let pod = workspace.join("runtime/src/pod/mod.rs");
    let lib = format!(
        "//! Stand-in for `bpfgen-runtime`: its `pod` module only.\n\
         #[path = {:?}]\npub mod pod;\n",
        pod.to_string_lossy()
    );
    write_if_changed(&dir.join("src/lib.rs"), &lib);
}

/// Keeps mtimes (and so cargo's incremental state) when nothing changed.
fn write_if_changed(path: &Path, content: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(content) {
        std::fs::write(path, content).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
}

fn cargo_bin() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string())
}

/// Runs `cargo args…` in `dir`; panics with its output on failure.
pub fn cargo(dir: &Path, args: &[&str]) {
    let out = Command::new(cargo_bin())
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "cargo {} failed in {}:\n{}\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Whether `cargo clippy` is available.
pub fn has_clippy() -> bool {
    Command::new(cargo_bin())
        .args(["clippy", "--version"])
        .output()
        .is_ok_and(|o| o.status.success())
}
