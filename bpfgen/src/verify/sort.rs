//! `-s` sort specs and the default order, as veristat has them: comma-separated
//! statistics (names or aliases; in comparison mode with `_a`/`_b`/`_diff`/`_pct` and
//! `|…|`), each optionally suffixed with `^` (ascending) or one of `v V . ! _`
//! (descending). File, program and verdict sort ascending by default, the rest
//! descending; ties fall back to file then program name, so the order is total.

use std::cmp::Ordering;

use super::column::{Column, Value};
use super::compare::Joined;
use super::row::Row;
use super::stat_spec::StatRef;

/// One sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey {
    stat: StatRef,
    ascending: bool,
}

impl SortKey {
    /// Parses one `-s` item, e.g. `duration`, `insns^`, `verdict_`, `|insns_diff|v`.
    pub fn parse(item: &str) -> Result<SortKey, String> {
        let item = item.trim();
        let (name, order) = match item.chars().last() {
            Some('^') if item.len() > 1 => (&item[..item.len() - 1], Some(true)),
            Some('v' | 'V' | '.' | '!' | '_') if item.len() > 1 => {
                (&item[..item.len() - 1], Some(false))
            }
            _ => (item, None),
        };
        let stat =
            StatRef::parse(name).ok_or_else(|| format!("unrecognized stat name `{item}`"))?;
        let default_ascending = matches!(
            stat.column,
            Column::FileName | Column::ProgName | Column::Verdict | Column::AttachTarget
        );
        Ok(SortKey {
            stat,
            ascending: order.unwrap_or(default_ascending),
        })
    }

    /// Parses a whole `-s` argument (comma-separated).
    pub fn parse_list(spec: &str) -> Result<Vec<SortKey>, String> {
        spec.split(',').map(SortKey::parse).collect()
    }

    fn order(self, ord: Ordering) -> Ordering {
        if self.ascending {
            ord
        } else {
            ord.reverse()
        }
    }

    fn compare(self, a: &Row, b: &Row) -> Ordering {
        let value = |r: &Row| match self.stat.column.value(r) {
            Value::Num(n) if self.stat.abs => Value::Num(n.abs()),
            v => v,
        };
        self.order(value(a).cmp(&value(b)))
    }

    fn compare_joined(self, a: &Joined, b: &Joined) -> Ordering {
        let ord = if self.stat.column.is_numeric() {
            let value = |j: &Joined| {
                let v = j.value(self.stat.column, self.stat.variant);
                if self.stat.abs {
                    v.abs()
                } else {
                    v
                }
            };
            value(a).total_cmp(&value(b))
        } else {
            j_text(a, self.stat.column).cmp(j_text(b, self.stat.column))
        };
        self.order(ord)
    }
}

/// A joined row's name column.
fn j_text(j: &Joined, column: Column) -> &str {
    match column {
        Column::FileName => &j.file,
        Column::ProgName => &j.prog,
        _ => j.target.as_deref().unwrap_or(""),
    }
}

/// Sorts `rows` by `keys` (veristat's default, file then program name, when empty).
pub fn sort_rows(rows: &mut [Row], keys: &[SortKey]) {
    rows.sort_by(|a, b| {
        keys.iter()
            .map(|k| k.compare(a, b))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| {
                (&a.file_name, &a.prog_name, &a.attach_target).cmp(&(
                    &b.file_name,
                    &b.prog_name,
                    &b.attach_target,
                ))
            })
    });
}

/// Sorts compared rows by `keys` (default: file then program name).
pub fn sort_joined(rows: &mut [Joined], keys: &[SortKey]) {
    rows.sort_by(|a, b| {
        keys.iter()
            .map(|k| k.compare_joined(a, b))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| (&a.file, &a.prog, &a.target).cmp(&(&b.file, &b.prog, &b.target)))
    });
}

#[cfg(test)]
mod tests {
    use super::{sort_rows, SortKey};
    use crate::verify::row::Row;

    fn names(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.prog_name.as_str()).collect()
    }

    #[test]
    fn sorts_like_veristat() {
        let mut rows = vec![
            Row::sample("b.bpf.o", "x", 5, true),
            Row::sample("a.bpf.o", "z", 50, false),
            Row::sample("a.bpf.o", "y", 7, true),
        ];
        sort_rows(&mut rows, &[]);
        assert_eq!(names(&rows), ["y", "z", "x"], "file, then program");
        sort_rows(&mut rows, &SortKey::parse_list("insns").expect("spec"));
        assert_eq!(names(&rows), ["z", "y", "x"], "numbers descend by default");
        sort_rows(&mut rows, &SortKey::parse_list("insns^").expect("spec"));
        assert_eq!(names(&rows), ["x", "y", "z"]);
        sort_rows(
            &mut rows,
            &SortKey::parse_list("verdict,prog_").expect("spec"),
        );
        assert_eq!(
            names(&rows),
            ["z", "y", "x"],
            "failures first, then names descending"
        );
        assert!(SortKey::parse_list("bogus").is_err());
        assert!(SortKey::parse("dur!").is_ok());
        assert!(SortKey::parse("insnsv").is_ok());
        assert!(SortKey::parse("|insns_diff|v").is_ok());
        assert!(
            SortKey::parse("prog_v").is_err(),
            "one order symbol, like veristat"
        );
    }
}
