//! Number of possible CPUs (`/sys/devices/system/cpu/possible`), for per-CPU values and
//! `PERF_EVENT_ARRAY` sizing.

use std::sync::OnceLock;

/// Parses a CPU list such as `0-3,5,7-8` and returns the highest CPU + 1.
pub(crate) fn parse_cpu_list(s: &str) -> Option<usize> {
    let mut max = None;
    for part in s.trim().split(',').filter(|p| !p.is_empty()) {
        let last = part.rsplit('-').next()?;
        let n: usize = last.trim().parse().ok()?;
        max = Some(max.map_or(n, |m: usize| m.max(n)));
    }
    max.map(|m| m + 1)
}

/// Number of possible CPUs, read once per process.
pub fn possible_cpus() -> Option<usize> {
    static CPUS: OnceLock<Option<usize>> = OnceLock::new();
    *CPUS.get_or_init(|| {
        std::fs::read_to_string("/sys/devices/system/cpu/possible")
            .ok()
            .and_then(|s| parse_cpu_list(&s))
    })
}

#[cfg(test)]
mod tests {
    use super::parse_cpu_list;

    #[test]
    fn cpu_lists() {
        assert_eq!(parse_cpu_list("0-3\n"), Some(4));
        assert_eq!(parse_cpu_list("0"), Some(1));
        assert_eq!(parse_cpu_list("0-1,4,6-7"), Some(8));
        assert_eq!(parse_cpu_list("x"), None);
    }
}
