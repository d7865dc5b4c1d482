//! Parsing the statistics the verifier prints at log level 4 (`BPF_LOG_STATS`):
//!
//! ```text
//! verification time 12 usec
//! stack depth 0+8
//! processed 7 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0
//! ```

/// Verifier statistics of one load, as veristat reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VerifierStats {
    /// Verification time in microseconds.
    pub verification_time_us: Option<u64>,
    /// Instructions processed by the verifier (`total_insns` in veristat).
    pub processed_insns: Option<u64>,
    /// Total states.
    pub total_states: Option<u64>,
    /// Peak states.
    pub peak_states: Option<u64>,
    /// Maximum states per instruction.
    pub max_states_per_insn: Option<u64>,
    /// Longest mark-read chain.
    pub mark_read: Option<u64>,
    /// Stack depth in bytes, summed over the program and its subprograms (`stack depth
    /// 8+16` is 24, as veristat sums it).
    pub stack_depth: Option<u64>,
}

impl VerifierStats {
    /// Extracts the statistics from a verifier log (missing values stay `None`).
    pub fn parse(log: &str) -> VerifierStats {
        let mut s = VerifierStats::default();
        for line in log.lines().rev() {
            if s.verification_time_us.is_none() {
                if let Some(rest) = line.strip_prefix("verification time ") {
                    s.verification_time_us = first_number(rest);
                }
            }
            if s.stack_depth.is_none() {
                if let Some(rest) = line.strip_prefix("stack depth ") {
                    s.stack_depth = rest
                        .trim()
                        .split('+')
                        .map(|d| d.trim().parse::<u64>().ok())
                        .sum();
                }
            }
            if s.processed_insns.is_none() && line.starts_with("processed ") {
                s.processed_insns = value_after(line, "processed");
                s.max_states_per_insn = value_after(line, "max_states_per_insn");
                s.total_states = value_after(line, "total_states");
                s.peak_states = value_after(line, "peak_states");
                s.mark_read = value_after(line, "mark_read");
            }
            // The statistics close the log: a long (failure) log is not read further.
            if s.verification_time_us.is_some()
                && s.stack_depth.is_some()
                && s.processed_insns.is_some()
            {
                break;
            }
        }
        s
    }
}

fn first_number(s: &str) -> Option<u64> {
    s.split_whitespace().next()?.parse().ok()
}

fn value_after(line: &str, key: &str) -> Option<u64> {
    let mut words = line.split_whitespace();
    while let Some(w) = words.next() {
        if w == key {
            return first_number(words.next()?);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::VerifierStats;

    #[test]
    fn parses_level4_stats() {
        let log = "func#0 @0\nverification time 42 usec\nstack depth 0+8\nprocessed 17 insns (limit 1000000) max_states_per_insn 1 total_states 3 peak_states 3 mark_read 2\n";
        let s = VerifierStats::parse(log);
        assert_eq!(s.verification_time_us, Some(42));
        assert_eq!(s.processed_insns, Some(17));
        assert_eq!(s.max_states_per_insn, Some(1));
        assert_eq!(s.total_states, Some(3));
        assert_eq!(s.peak_states, Some(3));
        assert_eq!(s.mark_read, Some(2));
        assert_eq!(s.stack_depth, Some(8));
    }

    #[test]
    fn missing_stats_stay_none() {
        assert_eq!(VerifierStats::parse("garbage\n"), VerifierStats::default());
    }
}
