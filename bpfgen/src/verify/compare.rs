//! `-C A.csv B.csv` (and `--baseline`): joins two result sets (ours or veristat's CSVs)
//! on (file, program, attach target) and shows each statistic side by side with the
//! difference, veristat's layout: `X (A) | X (B) | X (DIFF)` in tables, `x_base,
//! x_comp, x_diff` in CSV. `-s` and `-f` see the four variants of each statistic.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::column::Column;
use super::output::{aligned, Format};
use super::row::Row;
use super::stat_spec::Variant;

/// One program's results on both sides (either may be missing).
#[derive(Debug, Clone)]
pub struct Joined {
    /// Object file name.
    pub file: String,
    /// Program name.
    pub prog: String,
    /// Attach target (`--attach-target` rows).
    pub target: Option<String>,
    /// The first set's row (`A`, the baseline).
    pub a: Option<Row>,
    /// The second set's row (`B`).
    pub b: Option<Row>,
}

/// Joins two result sets on (file, program, target), in key order.
pub fn join(a: Vec<Row>, b: Vec<Row>) -> Vec<Joined> {
    type Key = (String, String, Option<String>);
    let mut map: BTreeMap<Key, Joined> = BTreeMap::new();
    let key = |r: &Row| {
        (
            r.file_name.clone(),
            r.prog_name.clone(),
            r.attach_target.clone(),
        )
    };
    for (side, rows) in [(0, a), (1, b)] {
        for r in rows {
            let k = key(&r);
            let entry = map.entry(k.clone()).or_insert_with(|| Joined {
                file: k.0,
                prog: k.1,
                target: k.2,
                a: None,
                b: None,
            });
            if side == 0 {
                entry.a = Some(r);
            } else {
                entry.b = Some(r);
            }
        }
    }
    map.into_values().collect()
}

impl Joined {
    /// A statistic's variant, as veristat computes it: a missing side is the lowest
    /// value; the verdict's diff is 1 for a match, 0 for a mismatch; `_pct` of a zero
    /// base is 0 or ±100.
    pub fn value(&self, column: Column, variant: Variant) -> f64 {
        let (a, b) = (self.a.as_ref(), self.b.as_ref());
        match (variant, a, b) {
            (Variant::A, Some(a), _) => column.number(a) as f64,
            (Variant::B, _, Some(b)) => column.number(b) as f64,
            (Variant::Diff | Variant::Pct, Some(a), Some(b)) => {
                let (x, y) = (column.number(a), column.number(b));
                match variant {
                    _ if column == Column::Verdict && variant == Variant::Diff => {
                        f64::from(u8::from(x == y))
                    }
                    Variant::Diff => (y - x) as f64,
                    _ if x == 0 => match y.cmp(&x) {
                        std::cmp::Ordering::Equal => 0.0,
                        std::cmp::Ordering::Less => -100.0,
                        std::cmp::Ordering::Greater => 100.0,
                    },
                    _ => (y - x) as f64 * 100.0 / x as f64,
                }
            }
            _ => f64::MIN,
        }
    }

    /// The A, B and DIFF cells of `column`.
    fn cells(&self, column: Column) -> [String; 3] {
        let (a, b) = (self.a.as_ref(), self.b.as_ref());
        let side = |r: Option<&Row>| r.map_or_else(|| "N/A".to_string(), |r| column.cell(r));
        let diff = match (a, b) {
            (Some(a), Some(b)) if column.is_name_like() => {
                if column.cell(a) == column.cell(b) {
                    "MATCH".to_string()
                } else {
                    "MISMATCH".to_string()
                }
            }
            (Some(a), Some(b)) => {
                let d = column.number(b) - column.number(a);
                // No change is +0.00 % whatever the sign of the base (-1: unavailable).
                let pct = if d == 0 {
                    0.0
                } else {
                    self.value(column, Variant::Pct)
                };
                format!("{d:+} ({pct:+.2}%)")
            }
            _ => "N/A".to_string(),
        };
        [side(a), side(b), diff]
    }
}

/// Renders compared rows with the statistics `columns` (file, program and target are
/// keys, shown once).
pub fn render_joined(rows: &[Joined], columns: &[Column], format: Format) -> String {
    let keys: Vec<Column> = {
        let mut k = vec![Column::FileName, Column::ProgName];
        if rows.iter().any(|r| r.target.is_some()) {
            k.push(Column::AttachTarget);
        }
        k
    };
    let stats: Vec<Column> = columns
        .iter()
        .copied()
        .filter(|c| !keys.contains(c))
        .collect();
    let mut head: Vec<(String, bool)> = keys
        .iter()
        .map(|k| match format {
            Format::Csv => (k.csv_name().to_string(), true),
            _ => (k.title().to_string(), true),
        })
        .collect();
    for c in &stats {
        for (table, csv) in [(" (A)", "_base"), (" (B)", "_comp"), (" (DIFF)", "_diff")] {
            head.push(match format {
                Format::Csv => (format!("{}{csv}", c.csv_name()), c.is_name_like()),
                _ => (format!("{}{table}", c.title()), c.is_name_like()),
            });
        }
    }
    let body: Vec<Vec<String>> = rows
        .iter()
        .map(|j| {
            let mut cells: Vec<String> = keys
                .iter()
                .map(|k| match k {
                    Column::FileName => j.file.clone(),
                    Column::ProgName => j.prog.clone(),
                    _ => j.target.clone().unwrap_or_default(),
                })
                .collect();
            for c in &stats {
                cells.extend(j.cells(*c));
            }
            cells
        })
        .collect();
    let mut out = String::new();
    match format {
        Format::Csv | Format::Json => {
            let line = |cells: Vec<&str>| cells.join(",");
            let _ = writeln!(
                out,
                "{}",
                line(head.iter().map(|(h, _)| h.as_str()).collect())
            );
            for row in &body {
                let _ = writeln!(out, "{}", line(row.iter().map(String::as_str).collect()));
            }
        }
        Format::Table => out.push_str(&aligned(&head, &body)),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(prog: &str, insns: u64, ok: bool) -> Row {
        Row::sample("a.bpf.o", prog, insns, ok)
    }

    #[test]
    fn variants_and_cells() {
        let joined = join(
            vec![row("p", 100, true), row("gone", 1, true), row("z", 0, true)],
            vec![row("p", 150, false), row("new", 2, true), row("z", 3, true)],
        );
        let names: Vec<&str> = joined.iter().map(|j| j.prog.as_str()).collect();
        assert_eq!(names, ["gone", "new", "p", "z"]);
        let p = &joined[2];
        assert_eq!(p.value(Column::TotalInsns, Variant::Diff), 50.0);
        assert_eq!(p.value(Column::TotalInsns, Variant::Pct), 50.0);
        assert_eq!(p.value(Column::Verdict, Variant::Diff), 0.0, "mismatch");
        assert_eq!(p.cells(Column::TotalInsns)[2], "+50 (+50.00%)");
        assert_eq!(p.cells(Column::Verdict)[2], "MISMATCH");
        assert_eq!(joined[3].cells(Column::TotalInsns)[2], "+3 (+100.00%)");
        assert_eq!(joined[0].cells(Column::TotalInsns), ["1", "N/A", "N/A"]);
        assert_eq!(joined[0].value(Column::TotalInsns, Variant::B), f64::MIN);
        let table = render_joined(
            &joined,
            &[Column::Verdict, Column::TotalInsns],
            Format::Table,
        );
        assert!(
            table.starts_with("File    | Program | Verdict (A) | Verdict (B) | Verdict (DIFF)"),
            "{table}"
        );
        let csv = render_joined(&joined, &[Column::TotalInsns], Format::Csv);
        assert!(
            csv.starts_with(
                "file_name,prog_name,total_insns_base,total_insns_comp,total_insns_diff\n"
            ),
            "{csv}"
        );
    }
}
