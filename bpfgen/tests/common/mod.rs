//! Helpers the `bpfgen` CLI tests share: workspace paths, running the built binary and
//! reading its CSV output.

#![allow(dead_code, reason = "each test crate uses a subset")]

use std::path::PathBuf;
use std::process::{Command, Output};

/// `path` relative to the workspace root, as a string argument.
pub fn repo(path: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path);
    p.to_str().expect("UTF-8 path").to_string()
}

/// Runs the built `bpfgen` with `args`.
pub fn bpfgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bpfgen"))
        .args(args)
        .output()
        .expect("run bpfgen")
}

/// A run's stdout, as text.
pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A run's stderr, as text.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The CSV rows (header first) of a run.
pub fn csv(out: &Output) -> Vec<Vec<String>> {
    stdout(out)
        .lines()
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}
