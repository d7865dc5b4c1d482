//! What a successful load tells the caller.

use crate::load::verifier::VerifierStats;

/// The outcome of one `BPF_PROG_LOAD`: identity, verifier statistics, JIT size, log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// Kernel program id.
    pub prog_id: u32,
    /// Instructions the verifier processed (`verified_insns` from `BPF_OBJ_GET_INFO_BY_FD`).
    pub verified_insns: u32,
    /// Verification time in microseconds (from the log-level-4 statistics).
    pub verification_time_us: Option<u64>,
    /// Statistics parsed from the log.
    pub stats: VerifierStats,
    /// JITed image size in bytes (0 when the JIT is off).
    pub jited_size: u32,
    /// Instructions sent to the kernel.
    pub insn_count: usize,
    /// The verifier log, when a log level above the statistics level was requested.
    pub log: Option<String>,
    /// Number of `BPF_PROG_LOAD` attempts (log-buffer growth adds attempts).
    pub attempts: u32,
    /// The `expected_attach_type` field sent (for struct_ops, the member index, which
    /// the kernel reads there).
    pub expected_attach_type: u32,
}
