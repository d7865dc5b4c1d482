//! Table, CSV and JSON output with veristat's column names.

use std::fmt::Write;

use serde_json::{Map, Value};

use super::column::Column;
use super::row::Row;

/// Output format (`-o`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned table (veristat's default look).
    Table,
    /// CSV with veristat's header, readable by `veristat -C`.
    Csv,
    /// JSON array of objects keyed by the CSV column names.
    Json,
}

/// Renders `rows` with `columns` in `format`.
pub fn render(rows: &[Row], columns: &[Column], format: Format) -> String {
    match format {
        Format::Csv => csv(rows, columns),
        Format::Table => table(rows, columns),
        Format::Json => json(rows, columns),
    }
}

fn csv_escape(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(rows: &[Row], columns: &[Column]) -> String {
    let mut out = columns
        .iter()
        .map(|c| c.csv_name())
        .collect::<Vec<_>>()
        .join(",");
    out.push('\n');
    for r in rows {
        let cells: Vec<String> = columns.iter().map(|c| csv_escape(&c.cell(r))).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn table(rows: &[Row], columns: &[Column]) -> String {
    let head: Vec<(String, bool)> = columns
        .iter()
        .map(|c| (c.title().to_string(), c.is_name_like()))
        .collect();
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| columns.iter().map(|c| c.cell(r)).collect())
        .collect();
    let mut out = aligned(&head, &cells);
    let ok = rows
        .iter()
        .filter(|r| r.verdict == super::row::Verdict::Success)
        .count();
    let _ = writeln!(
        out,
        "\nDone. Processed {} programs: {ok} succeeded, {} failed.",
        rows.len(),
        rows.len() - ok
    );
    out
}

/// veristat's table: a header of titles, a rule, then the rows; each column as wide as
/// its widest cell, left-aligned where `head` says so (names), else right-aligned.
pub(super) fn aligned(head: &[(String, bool)], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = head
        .iter()
        .enumerate()
        .map(|(i, (title, _))| {
            rows.iter()
                .map(|row| row[i].len())
                .chain([title.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| -> String {
        let parts: Vec<String> = cells
            .iter()
            .zip(head.iter().zip(&widths))
            .map(|(v, ((_, left), w))| {
                if *left {
                    format!("{v:<w$}")
                } else {
                    format!("{v:>w$}")
                }
            })
            .collect();
        parts.join(" | ").trim_end().to_string()
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        line(head.iter().map(|(h, _)| h.as_str()).collect())
    );
    let _ = writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    );
    for row in rows {
        let _ = writeln!(out, "{}", line(row.iter().map(String::as_str).collect()));
    }
    out
}

fn json(rows: &[Row], columns: &[Column]) -> String {
    let arr: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut m = Map::new();
            for c in columns {
                let cell = c.cell(r);
                let v = if c.is_name_like() {
                    Value::String(cell)
                } else {
                    cell.parse::<u64>().map_or(Value::String(cell), Value::from)
                };
                m.insert(c.csv_name().to_string(), v);
            }
            if let Some(e) = &r.error {
                m.insert("error".into(), Value::String(e.clone()));
            }
            Value::Object(m)
        })
        .collect();
    serde_json::to_string_pretty(&Value::Array(arr)).unwrap_or_default()
}
