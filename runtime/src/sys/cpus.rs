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

/// Counts the CPUs in a list like `0-3,8,10-11`; `None` if malformed.
fn parse_cpu_list(text: &str) -> Option<usize> {
    let mut count = 0usize;
    for part in text.trim().split(',') {
        let (lo, hi) = match part.split_once('-') {
            Some((lo, hi)) => (lo.parse::<usize>().ok()?, hi.parse::<usize>().ok()?),
            None => {
                let cpu = part.parse::<usize>().ok()?;
                (cpu, cpu)
            }
        };
        count = count.checked_add(hi.checked_sub(lo)? + 1)?;
    }
    (count > 0).then_some(count)
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
        assert!(possible_cpus().expect("possible cpus") >= 1);
    }
}
