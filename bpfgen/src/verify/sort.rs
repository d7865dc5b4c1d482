//! `-s` sort specs and the default order, as veristat has them: comma-separated column
//! names (or aliases), each optionally suffixed with `^` (ascending) or one of `v V . ! _`
//! (descending). Names sort ascending by default, numbers descending; ties fall back to
//! file then program name, so the order is total.

use std::cmp::Ordering;

use super::output::Column;
use super::row::Row;

/// One sort key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey {
    column: Column,
    ascending: bool,
}

impl SortKey {
    /// Parses one `-s` item, e.g. `duration`, `insns^`, `verdict_`.
    pub fn parse(item: &str) -> Result<SortKey, String> {
        let item = item.trim();
        let (name, order) = match item.chars().last() {
            Some('^') if item.len() > 1 => (&item[..item.len() - 1], Some(true)),
            Some('v' | 'V' | '.' | '!' | '_') if item.len() > 1 => {
                (&item[..item.len() - 1], Some(false))
            }
            _ => (item, None),
        };
        let column =
            Column::parse(name).ok_or_else(|| format!("unrecognized stat name `{item}`"))?;
        Ok(SortKey {
            column,
            ascending: order.unwrap_or_else(|| column.is_name_like()),
        })
    }

    /// Parses a whole `-s` argument (comma-separated).
    pub fn parse_list(spec: &str) -> Result<Vec<SortKey>, String> {
        spec.split(',').map(SortKey::parse).collect()
    }

    fn compare(self, a: &Row, b: &Row) -> Ordering {
        let ord = match self.column {
            Column::FileName => a.file_name.cmp(&b.file_name),
            Column::ProgName => a.prog_name.cmp(&b.prog_name),
            Column::Verdict => a.verdict.cmp(&b.verdict),
            c => c.number(a).cmp(&c.number(b)),
        };
        if self.ascending {
            ord
        } else {
            ord.reverse()
        }
    }
}

/// Sorts `rows` by `keys` (veristat's default, file then program name, when empty).
pub fn sort_rows(rows: &mut [Row], keys: &[SortKey]) {
    rows.sort_by(|a, b| {
        keys.iter()
            .map(|k| k.compare(a, b))
            .find(|o| o.is_ne())
            .unwrap_or_else(|| {
                a.file_name
                    .cmp(&b.file_name)
                    .then_with(|| a.prog_name.cmp(&b.prog_name))
            })
    });
}

#[cfg(test)]
mod tests {
    use super::{sort_rows, SortKey};
    use crate::verify::row::{Row, Verdict};

    fn row(file: &str, prog: &str, insns: u64, ok: bool) -> Row {
        let mut r = Row::failed(file, prog, String::new());
        r.stats.processed_insns = Some(insns);
        r.verdict = if ok {
            Verdict::Success
        } else {
            Verdict::Failure
        };
        r
    }

    fn names(rows: &[Row]) -> Vec<&str> {
        rows.iter().map(|r| r.prog_name.as_str()).collect()
    }

    #[test]
    fn sorts_like_veristat() {
        let mut rows = vec![
            row("b.bpf.o", "x", 5, true),
            row("a.bpf.o", "z", 50, false),
            row("a.bpf.o", "y", 7, true),
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
        assert!(
            SortKey::parse("prog_v").is_err(),
            "one order symbol, like veristat"
        );
    }
}
