//! `-f` filters, veristat's grammar: a name glob (`GLOB` matches the file or the
//! program, `FILE_GLOB/PROG_GLOB` each, either side may be empty), or a statistic
//! comparison `STAT OP VALUE` (`OP` one of `== != <> <= < >= > =`; `VALUE` an integer or
//! `success`/`failure` and their aliases). A leading `!` makes either a deny filter.
//! Anything with an operator that does not parse as a comparison is an error, never a
//! glob that silently matches nothing.

use bpfgen_runtime::glob::glob_match;

use super::column::Column;
use super::row::Row;
use super::stat_spec::{StatRef, Variant};

/// One filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    deny: bool,
    kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// `GLOB` (file or program), or `FILE_GLOB/PROG_GLOB` (either may be absent).
    Name {
        any: Option<Pattern>,
        file: Option<Pattern>,
        prog: Option<Pattern>,
    },
    /// `STAT OP VALUE`.
    Stat { stat: StatRef, op: Op, value: i64 },
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Operators in the order they are looked for (longer ones first, as veristat does).
const OPERATORS: [(&str, Op); 8] = [
    ("==", Op::Eq),
    ("!=", Op::Ne),
    ("<>", Op::Ne),
    ("<=", Op::Le),
    ("<", Op::Lt),
    (">=", Op::Ge),
    (">", Op::Gt),
    ("=", Op::Eq),
];

/// A glob, or — the common case, e.g. a long `@file` list of exact names — a literal
/// compared without any matching machinery.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    text: String,
    wild: bool,
}

impl Pattern {
    fn new(text: &str) -> Pattern {
        Pattern {
            text: text.to_string(),
            wild: text.contains(['*', '?']),
        }
    }

    fn matches(&self, text: &str) -> bool {
        if self.wild {
            glob_match(&self.text, text)
        } else {
            self.text == text
        }
    }

    /// A file name matches with or without its `.bpf.o` (bpfgen's convenience).
    fn matches_file(&self, file: &str) -> bool {
        self.matches(file)
            || file
                .strip_suffix(".bpf.o")
                .is_some_and(|stem| self.matches(stem))
    }
}

/// The value `true`, `success`, … or `false`, `failure`, … stand for, or an integer.
fn parse_value(text: &str) -> Option<i64> {
    let lower = text.trim().to_ascii_lowercase();
    match lower.as_str() {
        "true" | "t" | "success" | "succ" | "s" | "match" | "m" => Some(1),
        "false" | "f" | "failure" | "fail" | "mismatch" | "mis" => Some(0),
        other => other.parse().ok(),
    }
}

impl Filter {
    /// Parses one expression.
    pub fn parse(text: &str) -> Result<Filter, String> {
        let (deny, rest) = match text.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, text),
        };
        for (op_text, op) in OPERATORS {
            let Some((name, value)) = rest.split_once(op_text) else {
                continue;
            };
            let stat = StatRef::parse(name)
                .ok_or_else(|| format!("-f `{text}`: unrecognized stat name `{}`", name.trim()))?;
            if !stat.column.is_numeric() {
                return Err(format!(
                    "-f `{text}`: `{}` is a name, not a statistic (filter names with globs)",
                    name.trim()
                ));
            }
            let value = parse_value(value).ok_or_else(|| {
                format!(
                    "-f `{text}`: `{}` is not an integer, success/failure or true/false",
                    value.trim()
                )
            })?;
            return Ok(Filter {
                deny,
                kind: Kind::Stat { stat, op, value },
            });
        }
        let kind = match rest.split_once('/') {
            None => Kind::Name {
                any: Some(Pattern::new(rest)),
                file: None,
                prog: None,
            },
            Some((file, prog)) => Kind::Name {
                any: None,
                file: (!file.is_empty()).then(|| Pattern::new(file)),
                prog: (!prog.is_empty()).then(|| Pattern::new(prog)),
            },
        };
        Ok(Filter { deny, kind })
    }

    /// Whether the name filters let program `prog` of `file` through (`prog` is `None`
    /// while only the file is known: then a filter that could match one of its programs
    /// keeps it). veristat's rules: a deny filter that matches excludes; with allow
    /// filters, one must match.
    pub fn allows(filters: &[Filter], file: &str, prog: Option<&str>) -> bool {
        let names = filters.iter().filter_map(|f| match &f.kind {
            Kind::Name { any, file, prog } => Some((f.deny, any, file, prog)),
            Kind::Stat { .. } => None,
        });
        let mut allow_count = 0;
        let mut allowed = false;
        for (deny, any, file_glob, prog_glob) in names {
            if deny {
                let hit =
                    any.as_ref().is_some_and(|g| {
                        g.matches_file(file) || prog.is_some_and(|p| g.matches(p))
                    }) || file_glob.as_ref().is_some_and(|g| {
                        g.matches_file(file)
                            && prog_glob
                                .as_ref()
                                .map_or(true, |pg| prog.is_some_and(|p| pg.matches(p)))
                    }) || (file_glob.is_none()
                        && prog_glob
                            .as_ref()
                            .is_some_and(|g| prog.is_some_and(|p| g.matches(p))));
                if hit {
                    return false;
                }
                continue;
            }
            allow_count += 1;
            allowed |= match any {
                Some(g) => g.matches_file(file) || prog.map_or(true, |p| g.matches(p)),
                None => {
                    file_glob.as_ref().map_or(true, |g| g.matches_file(file))
                        && prog_glob
                            .as_ref()
                            .map_or(true, |g| prog.map_or(true, |p| g.matches(p)))
                }
            };
        }
        allowed || allow_count == 0
    }

    /// Whether the statistic filters let a result through; `get` gives a statistic's
    /// value (in comparison mode, of the variant asked for).
    pub fn allows_stats(filters: &[Filter], get: impl Fn(Column, Variant) -> i64) -> bool {
        let mut allow_count = 0;
        let mut allowed = false;
        for f in filters {
            let Kind::Stat { stat, op, value } = f.kind else {
                continue;
            };
            let mut v = get(stat.column, stat.variant);
            if stat.abs {
                v = v.abs();
            }
            let hit = match op {
                Op::Eq => v == value,
                Op::Ne => v != value,
                Op::Lt => v < value,
                Op::Le => v <= value,
                Op::Gt => v > value,
                Op::Ge => v >= value,
            };
            if f.deny {
                if hit {
                    return false;
                }
            } else {
                allow_count += 1;
                allowed |= hit;
            }
        }
        allowed || allow_count == 0
    }

    /// [`Filter::allows_stats`] for a row of this run.
    pub fn allows_row(filters: &[Filter], row: &Row) -> bool {
        Filter::allows_stats(filters, |column, _| column.number(row))
    }

    /// Whether any filter compares statistics.
    pub fn has_stat_filters(filters: &[Filter]) -> bool {
        filters.iter().any(|f| matches!(f.kind, Kind::Stat { .. }))
    }
}

#[cfg(test)]
mod tests {
    use super::Filter;
    use crate::verify::row::Row;

    fn parse(list: &[&str]) -> Vec<Filter> {
        list.iter()
            .map(|f| Filter::parse(f).expect("parses"))
            .collect()
    }

    #[test]
    fn name_filters() {
        let f = parse(&["tail_*/tail_a"]);
        assert!(Filter::allows(&f, "tail_calls.bpf.o", Some("tail_a")));
        assert!(!Filter::allows(&f, "tail_calls.bpf.o", Some("tail_b")));
        assert!(
            Filter::allows(&f, "tail_calls.bpf.o", None),
            "object is visited"
        );
        let f = parse(&["!*/tail_b"]);
        assert!(Filter::allows(&f, "tail_calls.bpf.o", Some("tail_a")));
        assert!(!Filter::allows(&f, "tail_calls.bpf.o", Some("tail_b")));
        assert!(
            Filter::allows(&f, "tail_calls.bpf.o", None),
            "object still visited"
        );
        let f = parse(&["!tail_calls"]);
        assert!(!Filter::allows(&f, "tail_calls.bpf.o", None));
        // A bare glob matches the file or the program, as in veristat.
        let f = parse(&["tail_a"]);
        assert!(Filter::allows(&f, "tail_calls.bpf.o", Some("tail_a")));
        assert!(!Filter::allows(&f, "tail_calls.bpf.o", Some("tail_b")));
        assert!(
            Filter::allows(&f, "other.bpf.o", None),
            "its programs may match"
        );
        let f = parse(&["/tail_a"]);
        assert!(Filter::allows(&f, "x.bpf.o", Some("tail_a")));
        assert!(!Filter::allows(&f, "x.bpf.o", Some("tail_b")));
        let f = parse(&["!tail_calls.bpf.o/tail_b"]);
        assert!(
            !Filter::allows(&f, "tail_calls.bpf.o", Some("tail_b")),
            "literal"
        );
        assert!(Filter::allows(&f, "tail_calls.bpf.o", Some("tail_bb")));
    }

    #[test]
    fn stat_filters() {
        let row = Row::sample("a.bpf.o", "p", 30, true);
        let check = |list: &[&str]| Filter::allows_row(&parse(list), &row);
        assert!(check(&["insns>20"]));
        assert!(!check(&["insns>30"]));
        assert!(check(&["insns>=30"]));
        assert!(check(&["total_insns == 30"]));
        assert!(check(&["verdict=success"]));
        assert!(!check(&["verdict==failure"]));
        assert!(!check(&["!insns<>0"]));
        assert!(check(&["insns<10", "verdict=s"]), "any allow filter");
        assert!(check(&["tail_*"]), "name filters are not stat filters");
    }

    #[test]
    fn bad_expressions_are_errors() {
        for (text, why) in [
            ("insnz>20", "unrecognized stat name `insnz`"),
            ("insns>lots", "`lots` is not an integer"),
            ("prog_name==x", "is a name, not a statistic"),
        ] {
            let err = Filter::parse(text).expect_err(text);
            assert!(err.contains(why), "{text}: {err}");
        }
    }
}
