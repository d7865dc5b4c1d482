//! The statistics a row has, named as veristat names them (v0.5.1): the CSV name, its
//! aliases, the table title, and the value of a row.

use bpfgen_runtime::abi::{AttachType, ProgramType};

use super::row::{Row, Verdict};

/// A result column (`-e`, `-s`, `-f`). CSV names and aliases follow veristat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// `file_name`.
    FileName,
    /// `prog_name`.
    ProgName,
    /// `verdict` (failure < success).
    Verdict,
    /// `duration` (µs, the kernel's verification time).
    Duration,
    /// `total_insns`: instructions the verifier processed.
    TotalInsns,
    /// `total_states`.
    TotalStates,
    /// `peak_states`.
    PeakStates,
    /// `max_states_per_insn`.
    MaxStatesPerInsn,
    /// `max_mark_read_len`.
    MarkRead,
    /// `prog_size`: instructions sent to the kernel.
    ProgSize,
    /// `prog_size_jited`: JITed image bytes.
    JitedSize,
    /// `stack_depth`: the verifier's stack depth, summed over subprograms.
    StackDepth,
    /// `prog_type`.
    ProgType,
    /// `attach_type` (the expected attach type).
    AttachType,
    /// `mem_peak`: cgroup v2 `memory.peak` during the load, MiB (-1: unavailable).
    MemPeak,
    /// `attach_target`: the target a clone was verified against (`--attach-target`;
    /// bpfgen's).
    AttachTarget,
}

/// A cell's value: what filters compare and sorts order.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Value {
    /// A number (the verdict is 0 for failure, 1 for success).
    Num(i64),
    /// A name.
    Text(String),
}

impl Column {
    /// Every column, in veristat's order (ours last).
    pub const ALL: [Column; 16] = [
        Column::FileName,
        Column::ProgName,
        Column::Verdict,
        Column::Duration,
        Column::TotalInsns,
        Column::TotalStates,
        Column::PeakStates,
        Column::MaxStatesPerInsn,
        Column::MarkRead,
        Column::ProgSize,
        Column::JitedSize,
        Column::StackDepth,
        Column::ProgType,
        Column::AttachType,
        Column::MemPeak,
        Column::AttachTarget,
    ];

    /// veristat's default table columns.
    pub const DEFAULT: [Column; 8] = [
        Column::FileName,
        Column::ProgName,
        Column::Verdict,
        Column::Duration,
        Column::TotalInsns,
        Column::TotalStates,
        Column::ProgSize,
        Column::JitedSize,
    ];

    /// veristat's default CSV columns.
    pub const DEFAULT_CSV: [Column; 15] = [
        Column::FileName,
        Column::ProgName,
        Column::Verdict,
        Column::Duration,
        Column::TotalInsns,
        Column::TotalStates,
        Column::PeakStates,
        Column::MaxStatesPerInsn,
        Column::MarkRead,
        Column::ProgSize,
        Column::JitedSize,
        Column::ProgType,
        Column::AttachType,
        Column::StackDepth,
        Column::MemPeak,
    ];

    /// CSV header name, then the aliases `-e`/`-s`/`-f` accept (veristat's, then ours).
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Column::FileName => &["file_name", "filename", "file"],
            Column::ProgName => &["prog_name", "progname", "prog"],
            Column::Verdict => &["verdict"],
            Column::Duration => &["duration", "dur"],
            Column::TotalInsns => &["total_insns", "insns"],
            Column::TotalStates => &["total_states", "states"],
            Column::PeakStates => &["peak_states"],
            Column::MaxStatesPerInsn => &["max_states_per_insn"],
            Column::MarkRead => &["max_mark_read_len", "mark_read"],
            Column::ProgSize => &["prog_size", "size"],
            Column::JitedSize => &["prog_size_jited", "jited_size", "jit"],
            Column::StackDepth => &["stack_depth", "stack"],
            Column::ProgType => &["prog_type"],
            Column::AttachType => &["attach_type"],
            Column::MemPeak => &["mem_peak"],
            Column::AttachTarget => &["attach_target", "target"],
        }
    }

    /// CSV header name.
    pub fn csv_name(self) -> &'static str {
        self.names()[0]
    }

    /// Table header (veristat's).
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
            Column::ProgSize => "Program size",
            Column::JitedSize => "Jited size",
            Column::StackDepth => "Stack depth",
            Column::ProgType => "Program type",
            Column::AttachType => "Attach type",
            Column::MemPeak => "Peak memory (MiB)",
            Column::AttachTarget => "Attach target",
        }
    }

    /// Parses a column name or one of its aliases.
    pub fn parse(name: &str) -> Option<Column> {
        let name = name.trim();
        Column::ALL.into_iter().find(|c| c.names().contains(&name))
    }

    /// Columns shown as text: left-aligned, sorted ascending by default.
    pub fn is_name_like(self) -> bool {
        matches!(
            self,
            Column::FileName
                | Column::ProgName
                | Column::Verdict
                | Column::ProgType
                | Column::AttachType
                | Column::AttachTarget
        )
    }

    /// Whether `-f` can compare it with a number (veristat: every statistic, not names).
    pub fn is_numeric(self) -> bool {
        !matches!(
            self,
            Column::FileName | Column::ProgName | Column::AttachTarget
        )
    }

    /// The value of `row` in this column (unknown numbers are 0, as veristat has them;
    /// an unavailable `mem_peak` is -1).
    pub fn value(self, row: &Row) -> Value {
        let s = &row.stats;
        let num = |v: Option<u64>| Value::Num(v.map_or(0, |v| v as i64));
        match self {
            Column::FileName => Value::Text(row.file_name.clone()),
            Column::ProgName => Value::Text(row.prog_name.clone()),
            Column::AttachTarget => Value::Text(row.attach_target.clone().unwrap_or_default()),
            Column::Verdict => Value::Num(i64::from(row.verdict == Verdict::Success)),
            Column::Duration => num(s.verification_time_us),
            Column::TotalInsns => num(s.processed_insns),
            Column::TotalStates => num(s.total_states),
            Column::PeakStates => num(s.peak_states),
            Column::MaxStatesPerInsn => num(s.max_states_per_insn),
            Column::MarkRead => num(s.mark_read),
            Column::StackDepth => num(s.stack_depth),
            Column::ProgSize => Value::Num(row.prog_size as i64),
            Column::JitedSize => Value::Num(i64::from(row.jited_size)),
            Column::ProgType => Value::Num(i64::from(row.prog_type)),
            Column::AttachType => Value::Num(i64::from(row.attach_type)),
            Column::MemPeak => Value::Num(row.mem_peak_mib.unwrap_or(-1)),
        }
    }

    /// The value of `row` as a number (names count as 0): what `-f` compares and
    /// comparisons subtract.
    pub fn number(self, row: &Row) -> i64 {
        match self.value(row) {
            Value::Num(n) => n,
            Value::Text(_) => 0,
        }
    }

    /// The cell of `row` as printed.
    pub fn cell(self, row: &Row) -> String {
        match self {
            Column::Verdict => row.verdict.as_str().to_string(),
            Column::ProgType => type_name(ProgramType::from_raw(row.prog_type).name()),
            Column::AttachType => type_name(AttachType::from_raw(row.attach_type).name()),
            other => match other.value(row) {
                Value::Num(n) => n.to_string(),
                Value::Text(t) => t,
            },
        }
    }

    /// Sets this column of `row` from a CSV cell (replay, baselines). Unknown names
    /// become 0; an unparsable number is an error.
    pub fn set(self, row: &mut Row, cell: &str) -> Result<(), String> {
        let cell = cell.trim();
        let number = || -> Result<u64, String> {
            cell.parse()
                .map_err(|_| format!("column {}: `{cell}` is not a number", self.csv_name()))
        };
        let s = &mut row.stats;
        match self {
            Column::FileName => row.file_name = cell.to_string(),
            Column::ProgName => row.prog_name = cell.to_string(),
            Column::AttachTarget => {
                row.attach_target = (!cell.is_empty()).then(|| cell.to_string())
            }
            Column::Verdict => {
                row.verdict = match cell {
                    "success" => Verdict::Success,
                    "failure" => Verdict::Failure,
                    other => return Err(format!("verdict `{other}` is not success or failure")),
                }
            }
            Column::Duration => s.verification_time_us = Some(number()?),
            Column::TotalInsns => s.processed_insns = Some(number()?),
            Column::TotalStates => s.total_states = Some(number()?),
            Column::PeakStates => s.peak_states = Some(number()?),
            Column::MaxStatesPerInsn => s.max_states_per_insn = Some(number()?),
            Column::MarkRead => s.mark_read = Some(number()?),
            Column::StackDepth => s.stack_depth = Some(number()?),
            Column::ProgSize => row.prog_size = number()?,
            Column::JitedSize => row.jited_size = number()? as u32,
            Column::ProgType => {
                row.prog_type = ProgramType::ALL
                    .iter()
                    .find(|t| t.name() == cell)
                    .map_or(0, |t| t.as_raw())
            }
            Column::AttachType => {
                row.attach_type = AttachType::ALL
                    .iter()
                    .find(|t| t.name() == cell)
                    .map_or(0, |t| t.as_raw())
            }
            Column::MemPeak => {
                row.mem_peak_mib = match cell {
                    "N/A" | "-1" | "" => None,
                    _ => Some(number()? as i64),
                }
            }
        }
        Ok(())
    }
}

/// A kernel enum's name as veristat prints it (`N/A` for one libbpf does not know).
fn type_name(name: &str) -> String {
    if name == "unknown" {
        "N/A".into()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_round_trip() {
        for c in Column::ALL {
            for name in c.names() {
                assert_eq!(Column::parse(name), Some(c), "{name}");
            }
        }
        assert_eq!(Column::parse("prog_size_jited"), Some(Column::JitedSize));
        assert_eq!(Column::parse("bogus"), None);
    }

    #[test]
    fn cells_set_and_print_back() {
        let mut row = Row::failed("a.bpf.o", "p", String::new());
        for (c, text) in [
            (Column::Verdict, "success"),
            (Column::TotalInsns, "42"),
            (Column::ProgType, "socket_filter"),
            (Column::AttachType, "cgroup_inet_ingress"),
            (Column::StackDepth, "16"),
            (Column::MemPeak, "-1"),
        ] {
            c.set(&mut row, text).expect("parses");
            assert_eq!(c.cell(&row), text);
        }
        assert_eq!(Column::Verdict.value(&row), Value::Num(1));
        assert!(Column::TotalInsns.set(&mut row, "x").is_err());
    }
}
