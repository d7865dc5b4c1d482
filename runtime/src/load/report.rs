//! What a successful load tells the caller.

use crate::load::verifier::VerifierStats;

/// The outcome of one `BPF_PROG_LOAD`: identity, verifier statistics, JIT size, log.
/// `prog_id`, `verified_insns` and `jited_size` are the kernel's answer to one
/// `BPF_OBJ_GET_INFO_BY_FD`, asked when the report is first read (0 if it refused).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadReport {
    /// Kernel program id.
    pub prog_id: u32,
    /// Instructions the verifier processed (`verified_insns` from `BPF_OBJ_GET_INFO_BY_FD`).
    pub verified_insns: u32,
    /// Verification time in microseconds (from the statistics, which a load collects
    /// when its log level has `BPF_LOG_STATS` (4); `None` otherwise).
    pub verification_time_us: Option<u64>,
    /// Statistics parsed from the log (empty unless the log level has `BPF_LOG_STATS`).
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

/// A load's report whose kernel-side fields (`prog_id`, `verified_insns`, `jited_size`)
/// are read with `BPF_OBJ_GET_INFO_BY_FD` the first time the report is asked for: a load
/// nobody inspects costs no extra syscall. Shared (`Arc`) by the object's load state and
/// the [`LoadedProgram`](super::LoadedProgram)s handed out, so the query runs once.
#[derive(Debug)]
pub(crate) struct LazyReport {
    partial: LoadReport,
    full: std::sync::OnceLock<LoadReport>,
}

impl LazyReport {
    /// A report whose kernel-side fields are still to be read.
    pub(crate) fn new(partial: LoadReport) -> LazyReport {
        LazyReport {
            partial,
            full: std::sync::OnceLock::new(),
        }
    }

    /// The whole report of the program behind `fd`, querying the kernel on first use. If
    /// the kernel refuses the query, the kernel-side fields stay 0.
    pub(crate) fn get(&self, fd: std::os::fd::BorrowedFd<'_>) -> &LoadReport {
        self.full.get_or_init(|| {
            let mut report = self.partial.clone();
            if let Ok(info) = crate::sys::prog_get_summary(fd) {
                report.prog_id = info.id;
                report.verified_insns = info.verified_insns;
                report.jited_size = info.jited_prog_len;
            }
            report
        })
    }
}
