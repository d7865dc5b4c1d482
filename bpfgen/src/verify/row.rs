//! One result row: a program of an object, its verdict and statistics.

use bpfgen_runtime::load::verifier::VerifierStats;

/// Whether the kernel accepted the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    /// Rejected (or never sent to the kernel: see `Row::error`).
    Failure,
    /// Loaded.
    Success,
}

impl Verdict {
    /// veristat's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Success => "success",
            Verdict::Failure => "failure",
        }
    }
}

/// The result of verifying one program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Object file name (no directory), as veristat prints it.
    pub file_name: String,
    /// Program name.
    pub prog_name: String,
    /// Verdict.
    pub verdict: Verdict,
    /// Statistics from the verifier log (present for rejections too, when logged).
    pub stats: VerifierStats,
    /// JITed size in bytes (successes only).
    pub jited_size: u32,
    /// Instructions sent to the kernel.
    pub prog_size: u64,
    /// `enum bpf_prog_type` it was loaded as.
    pub prog_type: u32,
    /// `expected_attach_type` it was loaded with.
    pub attach_type: u32,
    /// cgroup v2 `memory.peak` during the load, MiB (`None`: unavailable).
    pub mem_peak_mib: Option<i64>,
    /// The target it was verified against (`--attach-target`).
    pub attach_target: Option<String>,
    /// `-S`: the source lines the verifier walked most, with their counts.
    pub top_lines: Vec<(usize, String)>,
    /// Why it failed (one line), for failures.
    pub error: Option<String>,
    /// The verifier log of a failure, when `-l` asked for one.
    pub log: Option<String>,
}

impl Row {
    /// A failure that never reached the verifier (e.g. the object failed to prepare).
    pub fn failed(file_name: &str, prog_name: &str, error: String) -> Row {
        Row {
            file_name: file_name.to_string(),
            prog_name: prog_name.to_string(),
            verdict: Verdict::Failure,
            stats: VerifierStats::default(),
            jited_size: 0,
            prog_size: 0,
            prog_type: 0,
            attach_type: 0,
            mem_peak_mib: None,
            attach_target: None,
            top_lines: Vec::new(),
            error: Some(error),
            log: None,
        }
    }
}

#[cfg(test)]
impl Row {
    /// A row for tests: `insns` instructions processed, success or failure.
    pub(crate) fn sample(file_name: &str, prog_name: &str, insns: u64, ok: bool) -> Row {
        let mut r = Row::failed(file_name, prog_name, String::new());
        r.stats.processed_insns = Some(insns);
        r.verdict = if ok {
            Verdict::Success
        } else {
            Verdict::Failure
        };
        r
    }
}
