//! How the verifier log is requested across load attempts: no log unless asked (like
//! libbpf: the kernel formats nothing and nothing is parsed), statistics or a verbose log
//! when asked, a bigger buffer on `ENOSPC`, and (for lazy loads) one verbose retry of a
//! failed load so the error carries a log, like libbpf.

use super::attrs::LoadAttrs;
use crate::sys::consts::BPF_LOG_STATS;
use crate::sys::{ProgLoadError, SyscallError};

/// Log buffer for statistics only.
const STATS_LOG_SIZE: usize = 4 << 10;
/// Initial log buffer when a verbose log is wanted.
const VERBOSE_LOG_SIZE: usize = 1 << 20;
/// Largest log buffer we will allocate (the kernel caps at `UINT_MAX >> 2`).
const MAX_LOG_SIZE: usize = 1 << 30;

/// The log level and buffer size of the next attempt.
#[derive(Debug)]
pub(crate) struct LogPolicy {
    /// `log_level` to pass.
    pub level: u32,
    /// Buffer size to allocate (0: no buffer, for log level 0).
    pub size: usize,
    /// The caller asked for a verbose log (it is returned on success too).
    pub wants_log: bool,
    retry_verbose: bool,
    /// The error of the first attempt, when a verbose retry followed it.
    pub first_error: Option<SyscallError>,
}

/// What to do after a failed attempt.
pub(crate) enum Next {
    /// Try again with the updated policy.
    Retry,
    /// Give up with this error.
    Fail(SyscallError),
}

impl LogPolicy {
    /// The policy for `attrs`.
    pub fn new(attrs: &LoadAttrs<'_>) -> LogPolicy {
        let wants_log = attrs.log_level & !BPF_LOG_STATS != 0;
        let default = if wants_log {
            VERBOSE_LOG_SIZE
        } else {
            STATS_LOG_SIZE
        };
        let size = match attrs.log_level {
            0 => 0,
            _ => attrs.log_size.map_or(default, |s| s as usize).max(64),
        };
        LogPolicy {
            level: attrs.log_level,
            size,
            wants_log,
            retry_verbose: attrs.log_on_failure && !wants_log,
            first_error: None,
        }
    }

    /// Updates the policy after a failed attempt.
    pub fn after_failure(&mut self, e: ProgLoadError) -> Next {
        let errno = e.source.errno();
        if errno == libc::ENOSPC && self.size > 0 && self.size < MAX_LOG_SIZE {
            let needed = e.log_true_size as usize;
            self.size = if needed > self.size {
                needed + 1
            } else {
                self.size.saturating_mul(4)
            }
            .min(MAX_LOG_SIZE);
            return Next::Retry;
        }
        if self.retry_verbose && self.first_error.is_none() && errno != libc::EPERM {
            self.first_error = Some(e.source);
            self.level = 1 | BPF_LOG_STATS;
            self.size = VERBOSE_LOG_SIZE;
            return Next::Retry;
        }
        Next::Fail(self.first_error.take().unwrap_or(e.source))
    }
}
