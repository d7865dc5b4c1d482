//! `--baseline FILE.csv`: verify, then compare against a saved result CSV and fail on a
//! regression: a verdict that went from success to failure, a program that disappeared
//! or newly fails, or `insns` / `states` that grew by more than the thresholds. A CI
//! gate for BPF code.

use super::column::Column;
use super::compare::Joined;
use super::row::Verdict;
use super::stat_spec::Variant;

/// How much growth is tolerated, in percent of the baseline.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// `--max-insns-growth`: processed instructions.
    pub insns_pct: f64,
    /// `--max-states-growth`: total states.
    pub states_pct: f64,
}

/// Every regression of `joined` (A = the baseline, B = this run), one line each.
pub fn regressions(joined: &[Joined], t: &Thresholds) -> Vec<String> {
    let mut out = Vec::new();
    for j in joined {
        let name = match &j.target {
            Some(target) => format!("{}/{} ({target})", j.file, j.prog),
            None => format!("{}/{}", j.file, j.prog),
        };
        match (&j.a, &j.b) {
            (Some(_), None) => out.push(format!("{name}: in the baseline, not verified now")),
            (None, Some(b)) if b.verdict == Verdict::Failure => {
                out.push(format!("{name}: new, and fails"));
            }
            (Some(a), Some(b))
                if a.verdict == Verdict::Success && b.verdict == Verdict::Failure =>
            {
                out.push(format!("{name}: verdict success -> failure"));
            }
            (Some(a), Some(b))
                if a.verdict == Verdict::Success && b.verdict == Verdict::Success =>
            {
                for (column, limit, what) in [
                    (Column::TotalInsns, t.insns_pct, "insns"),
                    (Column::TotalStates, t.states_pct, "states"),
                ] {
                    let pct = j.value(column, Variant::Pct);
                    if pct > limit {
                        out.push(format!(
                            "{name}: {what} {} -> {} ({pct:+.2}%, limit {limit}%)",
                            j.value(column, Variant::A),
                            j.value(column, Variant::B),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::compare::join;
    use crate::verify::row::Row;

    fn row(prog: &str, insns: u64, states: u64, ok: bool) -> Row {
        let mut r = Row::sample("a.bpf.o", prog, insns, ok);
        r.stats.total_states = Some(states);
        r
    }

    #[test]
    fn finds_each_kind_of_regression() {
        let baseline = vec![
            row("same", 100, 10, true),
            row("grew", 100, 10, true),
            row("broke", 100, 10, true),
            row("gone", 1, 1, true),
            row("still_failing", 5, 1, false),
        ];
        let now = vec![
            row("same", 105, 10, true),
            row("grew", 100, 12, true),
            row("broke", 100, 10, false),
            row("new_ok", 1, 1, true),
            row("new_bad", 1, 1, false),
            row("still_failing", 5, 1, false),
        ];
        let t = Thresholds {
            insns_pct: 10.0,
            states_pct: 10.0,
        };
        let found = regressions(&join(baseline, now), &t);
        assert_eq!(
            found,
            [
                "a.bpf.o/broke: verdict success -> failure",
                "a.bpf.o/gone: in the baseline, not verified now",
                "a.bpf.o/grew: states 10 -> 12 (+20.00%, limit 10%)",
                "a.bpf.o/new_bad: new, and fails",
            ]
        );
    }
}
