//! Table, CSV and JSON output with veristat's column names.

use std::fmt::Write;

use serde_json::{Map, Value};

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

/// A result column (`-e`). CSV names and aliases follow veristat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// `file_name`.
    FileName,
    /// `prog_name`.
    ProgName,
    /// `verdict`.
    Verdict,
    /// `duration` (µs, the kernel's verification time).
    Duration,
    /// `total_insns`.
    TotalInsns,
    /// `total_states`.
    TotalStates,
    /// `peak_states`.
    PeakStates,
    /// `max_states_per_insn`.
    MaxStatesPerInsn,
    /// `max_mark_read_len`.
    MarkRead,
    /// `jited_size` (ours; not in veristat).
    JitedSize,
}

impl Column {
    /// veristat's default columns, in its order.
    pub const DEFAULT: [Column; 9] = [
        Column::FileName,
        Column::ProgName,
        Column::Verdict,
        Column::Duration,
        Column::TotalInsns,
        Column::TotalStates,
        Column::PeakStates,
        Column::MaxStatesPerInsn,
        Column::MarkRead,
    ];

    /// CSV header name.
    pub fn csv_name(self) -> &'static str {
        match self {
            Column::FileName => "file_name",
            Column::ProgName => "prog_name",
            Column::Verdict => "verdict",
            Column::Duration => "duration",
            Column::TotalInsns => "total_insns",
            Column::TotalStates => "total_states",
            Column::PeakStates => "peak_states",
            Column::MaxStatesPerInsn => "max_states_per_insn",
            Column::MarkRead => "max_mark_read_len",
            Column::JitedSize => "jited_size",
        }
    }

    /// Table header.
    pub fn title(self) -> &'static str {
        match self {
            Column::FileName => "File",
            Column::ProgName => "Program",
            Column::Verdict => "Verdict",
            Column::Duration => "Duration (us)",
            Column::TotalInsns => "Insns",
            Column::TotalStates => "States",
            Column::PeakStates => "Peak states",
            Column::MaxStatesPerInsn => "Max states per insn",
            Column::MarkRead => "Max mark read length",
            Column::JitedSize => "JIT size",
        }
    }

    /// Parses a column name or one of veristat's aliases.
    pub fn parse(name: &str) -> Option<Column> {
        Some(match name.trim() {
            "file_name" | "filename" | "file" => Column::FileName,
            "prog_name" | "progname" | "prog" => Column::ProgName,
            "verdict" => Column::Verdict,
            "duration" | "dur" => Column::Duration,
            "total_insns" | "insns" => Column::TotalInsns,
            "total_states" | "states" => Column::TotalStates,
            "peak_states" => Column::PeakStates,
            "max_states_per_insn" => Column::MaxStatesPerInsn,
            "max_mark_read_len" | "mark_read" => Column::MarkRead,
            "jited_size" | "jit" => Column::JitedSize,
            _ => return None,
        })
    }

    fn is_left(self) -> bool {
        self.is_name_like()
    }

    /// Names and the verdict: printed left-aligned, sorted ascending by default.
    pub(crate) fn is_name_like(self) -> bool {
        matches!(self, Column::FileName | Column::ProgName | Column::Verdict)
    }

    /// The numeric value of a statistics column (0 when unknown, as veristat prints it).
    pub(crate) fn number(self, row: &Row) -> u64 {
        let s = &row.stats;
        match self {
            Column::Duration => s.verification_time_us,
            Column::TotalInsns => s.processed_insns,
            Column::TotalStates => s.total_states,
            Column::PeakStates => s.peak_states,
            Column::MaxStatesPerInsn => s.max_states_per_insn,
            Column::MarkRead => s.mark_read,
            Column::JitedSize => Some(u64::from(row.jited_size)),
            Column::FileName | Column::ProgName | Column::Verdict => None,
        }
        .unwrap_or(0)
    }

    /// The cell of `row` (numbers as veristat prints them: 0 when unknown).
    pub fn cell(self, row: &Row) -> String {
        match self {
            Column::FileName => row.file_name.clone(),
            Column::ProgName => row.prog_name.clone(),
            Column::Verdict => row.verdict.as_str().to_string(),
            numeric => numeric.number(row).to_string(),
        }
    }
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
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| columns.iter().map(|c| c.cell(r)).collect())
        .collect();
    let widths: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|row| row[i].len())
                .chain([c.title().len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |vals: Vec<&str>| -> String {
        let parts: Vec<String> = vals
            .iter()
            .zip(columns.iter().zip(&widths))
            .map(|(v, (c, w))| {
                if c.is_left() {
                    format!("{v:<w$}")
                } else {
                    format!("{v:>w$}")
                }
            })
            .collect();
        parts.join(" | ").trim_end().to_string()
    };
    let mut out = String::new();
    let _ = writeln!(out, "{}", line(columns.iter().map(|c| c.title()).collect()));
    let _ = writeln!(
        out,
        "{}",
        widths
            .iter()
            .map(|w| "-".repeat(*w))
            .collect::<Vec<_>>()
            .join("-+-")
    );
    for row in &cells {
        let _ = writeln!(out, "{}", line(row.iter().map(String::as_str).collect()));
    }
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

fn json(rows: &[Row], columns: &[Column]) -> String {
    let arr: Vec<Value> = rows
        .iter()
        .map(|r| {
            let mut m = Map::new();
            for c in columns {
                let cell = c.cell(r);
                let v = if c.is_left() {
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
