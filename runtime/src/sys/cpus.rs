//! Number of possible CPUs, which sizes per-CPU map values.

use std::io;
use std::sync::OnceLock;

use super::error::SyscallError;

/// Where the kernel lists possible CPUs, e.g. `0-3,8-11`.
const POSSIBLE: &str = "/sys/devices/system/cpu/possible";

/// The kernel's `num_possible_cpus()`: how many per-CPU slots a per-CPU
/// map value has. Read once from `/sys/devices/system/cpu/possible`.
pub fn possible_cpus() -> Result<usize, SyscallError> {
    static CACHE: OnceLock<usize> = OnceLock::new();
    if let Some(n) = CACHE.get() {
        return Ok(*n);
    }
    let text = std::fs::read_to_string(POSSIBLE)
        .map_err(|e| SyscallError::new("read /sys/devices/system/cpu/possible", e))?;
    let n = parse_cpu_list(&text).ok_or_else(|| {
        SyscallError::new(
            "read /sys/devices/system/cpu/possible",
            io::Error::new(io::ErrorKind::InvalidData, format!("bad CPU list {text:?}")),
        )
    })?;
    Ok(*CACHE.get_or_init(|| n))
}

/// The ids of the online CPUs (`/sys/devices/system/cpu/online`): the CPUs a per-CPU
/// perf buffer needs an event on.
pub fn online_cpus() -> Result<Vec<u32>, SyscallError> {
    const ONLINE: &str = "/sys/devices/system/cpu/online";
    let text = std::fs::read_to_string(ONLINE)
        .map_err(|e| SyscallError::new("read /sys/devices/system/cpu/online", e))?;
    cpu_ids(&text).ok_or_else(|| {
        SyscallError::new(
            "read /sys/devices/system/cpu/online",
            io::Error::new(io::ErrorKind::InvalidData, format!("bad CPU list {text:?}")),
        )
    })
}

/// Counts the CPUs in a list like `0-3,8,10-11`; `None` if malformed.
fn parse_cpu_list(text: &str) -> Option<usize> {
    cpu_ids(text).map(|ids| ids.len())
}

/// The CPU ids in a list like `0-3,8,10-11`; `None` if malformed, empty or beyond the
/// kernel's limit of CPU ids.
fn cpu_ids(text: &str) -> Option<Vec<u32>> {
    /// `CONFIG_NR_CPUS` is at most 8192.
    const MAX_ID: u32 = 8192;
    let mut ids = Vec::new();
    for part in text.trim().split(',') {
        let (lo, hi) = match part.split_once('-') {
            Some((lo, hi)) => (lo.parse::<u32>().ok()?, hi.parse::<u32>().ok()?),
            None => {
                let cpu = part.parse::<u32>().ok()?;
                (cpu, cpu)
            }
        };
        if lo > hi || hi >= MAX_ID {
            return None;
        }
        ids.extend(lo..=hi);
    }
    (!ids.is_empty()).then_some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lists() {
        assert_eq!(parse_cpu_list("0\n"), Some(1));
        assert_eq!(parse_cpu_list("0-3\n"), Some(4));
        assert_eq!(parse_cpu_list("0-3,8,10-11"), Some(7));
        assert_eq!(parse_cpu_list("3-1"), None);
        assert_eq!(parse_cpu_list(""), None);
        assert_eq!(cpu_ids("0-1,4"), Some(vec![0, 1, 4]));
        assert_eq!(cpu_ids("0-99999"), None);
        assert!(!online_cpus().expect("online cpus").is_empty());
        assert!(possible_cpus().expect("possible cpus") >= 1);
    }
}
