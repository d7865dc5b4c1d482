//! Support for bpfgen's own kernel tests (not a stable API): the one rule that decides
//! whether a kernel test runs, is skipped, or checks only bpfgen's side of a refusal.
//!
//! - `bpf()` unusable here (not privileged, no BPF): the test is skipped and says why;
//!   under `BPFGEN_REQUIRE_KERNEL=1` (set by `.ci/run` where `bpf()` works) that is a
//!   failure.
//! - Every [`Feature`] the test needs is probed apart from bpfgen (see [`probe`]). A
//!   feature the kernel refuses is printed, appended to the file named by
//!   `BPFGEN_REFUSALS` (one `test<TAB>feature<TAB>reason` line, for `.ci/run`'s summary),
//!   and handed to the test as a [`Refusal`]: the test then checks bpfgen's side of it
//!   (the error names the program and carries the kernel's errno) instead of the
//!   behaviour the kernel will not show. A feature the probe loads must work through
//!   bpfgen too: the test's failure is bpfgen's, whatever its errno.

mod feature;
pub mod probe;

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

pub use feature::{BtfTarget, Feature};
pub use probe::ProbeResult;

use crate::sys::probe::bpf_available;

/// A feature the running kernel refuses, as its probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// What was refused.
    pub feature: Feature,
    /// The errno of the refusing call, if one refused it.
    pub errno: Option<i32>,
    /// Why, in words.
    pub reason: String,
}

impl Refusal {
    /// Checks bpfgen's side of a refused load or attach of `program`: `err` names the
    /// program and, when the probe saw an errno, carries the same one.
    pub fn check_error(&self, program: &str, err: &dyn std::fmt::Display) {
        let msg = err.to_string();
        assert!(
            msg.contains(program),
            "bpfgen's error for refused {} does not name `{program}`: {msg}",
            self.feature
        );
        if let Some(errno) = self.errno {
            let os = std::io::Error::from_raw_os_error(errno).to_string();
            assert!(
                msg.contains(&os),
                "bpfgen's error for refused {} does not carry the kernel's `{os}`: {msg}",
                self.feature
            );
        }
    }
}

/// What a kernel test may check on this machine.
#[derive(Debug, Clone)]
pub struct KernelTest {
    refusals: Vec<Refusal>,
}

impl KernelTest {
    /// The kernel's refusal of `feature`, if it refuses it.
    pub fn refusal(&self, feature: Feature) -> Option<&Refusal> {
        self.refusals.iter().find(|r| r.feature == feature)
    }

    /// Whether the kernel accepts `feature`.
    pub fn supports(&self, feature: Feature) -> bool {
        self.refusal(feature).is_none()
    }

    /// Every refusal among the test's needs.
    pub fn refusals(&self) -> &[Refusal] {
        &self.refusals
    }

    /// Whether the kernel refuses `feature`. If it does, `attempt` (bpfgen's load or
    /// attach of `program`) is run and must fail with an error that names the program and
    /// carries the kernel's errno ([`Refusal::check_error`]); the test then stops. If the
    /// kernel accepts `feature`, `attempt` is not run and the test goes on.
    pub fn refuses<T, E: std::fmt::Display>(
        &self,
        feature: Feature,
        program: &str,
        attempt: impl FnOnce() -> Result<T, E>,
    ) -> bool {
        let Some(refusal) = self.refusal(feature) else {
            return false;
        };
        match attempt() {
            Ok(_) => panic!(
                "the probe says the kernel refuses {feature} ({}), yet bpfgen's attempt with \
                 `{program}` succeeded: the probe is wrong",
                refusal.reason
            ),
            Err(e) => refusal.check_error(program, &e),
        }
        true
    }
}

/// Decides kernel test `test` that needs `needs`: `None` when `bpf()` is unusable here
/// (printed; a panic under `BPFGEN_REQUIRE_KERNEL=1`), otherwise what the kernel refuses
/// of `needs`. Panics when a probe fails without a refusal sign (a probe bug).
pub fn kernel_test(test: &str, needs: &[Feature]) -> Option<KernelTest> {
    if let Err(reason) = bpf_available() {
        assert!(
            std::env::var("BPFGEN_REQUIRE_KERNEL").as_deref() != Ok("1"),
            "{test}: kernel test would be skipped but BPFGEN_REQUIRE_KERNEL=1: {reason}"
        );
        eprintln!("SKIPPED kernel test {test}: {reason}");
        return None;
    }
    let mut refusals = Vec::new();
    for &feature in needs {
        match probed(feature) {
            ProbeResult::Supported => {}
            ProbeResult::Refused { errno, reason } => {
                let refusal = Refusal {
                    feature,
                    errno,
                    reason,
                };
                report(test, &refusal);
                refusals.push(refusal);
            }
            ProbeResult::ProbeFailed(why) => panic!("{test}: probing {feature} failed: {why}"),
        }
    }
    Some(KernelTest { refusals })
}

/// The probe's answer for `feature`, probed once per process.
pub fn probed(feature: Feature) -> ProbeResult {
    static CACHE: OnceLock<Mutex<HashMap<Feature, ProbeResult>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(r) = cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .get(&feature)
    {
        return r.clone();
    }
    let result = probe::probe(&feature);
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(feature, result.clone());
    result
}

/// Prints a refusal and appends it to `$BPFGEN_REFUSALS`.
fn report(test: &str, r: &Refusal) {
    eprintln!(
        "REFUSED by this kernel: {test} needs {}: {}; checking bpfgen's side only",
        r.feature, r.reason
    );
    let Some(path) = std::env::var_os("BPFGEN_REFUSALS") else {
        return;
    };
    let line = format!("{test}\t{}\t{}\n", r.feature, r.reason.replace('\n', " "));
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut f| f.write_all(line.as_bytes()));
    if let Err(e) = written {
        eprintln!(
            "could not record the refusal in {}: {e}",
            path.to_string_lossy()
        );
    }
}

#[cfg(test)]
mod tests;
