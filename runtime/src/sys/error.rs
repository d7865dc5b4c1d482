//! The error type of every syscall wrapper.

use std::io;

/// A failed system call: which call, and the OS error it returned.
///
/// Errors synthesised by the wrappers themselves (for instance a buffer that
/// is too small for the map's value size) use
/// [`io::ErrorKind::InvalidInput`] and report `EINVAL` from [`errno`].
///
/// [`errno`]: SyscallError::errno
#[derive(Debug, thiserror::Error)]
#[error("{call} failed: {source}{}", missing_caps.as_deref().map(|m| format!("; {m}")).unwrap_or_default())]
pub struct SyscallError {
    /// The command or call that failed, e.g. `"BPF_PROG_LOAD"`.
    pub call: &'static str,
    /// The underlying OS error.
    #[source]
    pub source: io::Error,
    /// For a permission error of `bpf()` or `perf_event_open`: the capabilities this
    /// process lacks for it, in words.
    pub missing_caps: Option<String>,
}

impl SyscallError {
    /// Wraps `source` as the failure of `call`. A permission error (`EPERM`, `EACCES`)
    /// of a `bpf()` command or `perf_event_open` names the capabilities the process
    /// lacks.
    pub fn new(call: &'static str, source: io::Error) -> Self {
        let denied = matches!(source.raw_os_error(), Some(libc::EPERM | libc::EACCES));
        let missing_caps = denied.then(|| super::caps::missing_for(call)).flatten();
        Self {
            call,
            source,
            missing_caps,
        }
    }

    /// An error for `call` with the given raw errno value.
    pub fn from_errno(call: &'static str, errno: i32) -> Self {
        Self::new(call, io::Error::from_raw_os_error(errno))
    }

    /// An `InvalidInput` error for `call`, raised before reaching the kernel.
    pub(crate) fn invalid(call: &'static str, msg: impl Into<String>) -> Self {
        Self::new(
            call,
            io::Error::new(io::ErrorKind::InvalidInput, msg.into()),
        )
    }

    /// The raw errno of the failure.
    ///
    /// Errors that did not come from the kernel (argument validation done
    /// in user space) report `EINVAL`.
    pub fn errno(&self) -> i32 {
        self.source.raw_os_error().unwrap_or(libc::EINVAL)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_errno() {
        let e = SyscallError::from_errno("BPF_MAP_CREATE", libc::EPERM);
        assert_eq!(e.errno(), libc::EPERM);
        assert!(e.to_string().starts_with("BPF_MAP_CREATE failed: "));
        let e = SyscallError::invalid("BPF_MAP_LOOKUP_ELEM", "value too small");
        assert_eq!(e.errno(), libc::EINVAL);
        assert!(e.to_string().contains("value too small"));
    }
}
