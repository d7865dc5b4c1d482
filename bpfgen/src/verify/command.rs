//! `bpfgen verify`'s options (every option of veristat v0.5.1, then bpfgen's own) and
//! the three modes they select: verify objects, replay a results CSV (`-R`), compare two
//! (`-C`).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, ValueEnum};

use super::at_file;
use super::baseline::{regressions, Thresholds};
use super::column::Column;
use super::compare::{join, render_joined};
use super::csv_in::read_rows;
use super::filter::Filter;
use super::mem_peak::MemPeak;
use super::output::{render, Format};
use super::presets::read_presets;
use super::row::{Row, Verdict};
use super::runner::{verify, VerifyOpts};
use super::sort::{sort_joined, sort_rows, SortKey};

/// `BPF_F_TEST_STATE_FREQ`: checkpoint verifier states often (`-t`).
const BPF_F_TEST_STATE_FREQ: u32 = 1 << 3;
/// `BPF_F_TEST_REG_INVARIANTS`: fail on a register invariant violation (`-r`).
const BPF_F_TEST_REG_INVARIANTS: u32 = 1 << 7;

/// Output format (`-o`).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    /// Aligned table.
    Table,
    /// CSV, veristat's columns.
    Csv,
    /// JSON (bpfgen's).
    Json,
}

/// Options of `bpfgen verify`.
#[derive(Debug, Args)]
#[command(after_help = "\
Each object is prepared once (BTF, maps, relocation) and every program is then loaded as \
an independent clone, so one failing program never hides the others.

Modes: verify OBJECTs (default); -R replays result CSVs (filters, sorting and columns \
applied again); -C A.csv B.csv compares two (ours or veristat's).

Filters (-f): GLOB (file or program), FILE_GLOB/PROG_GLOB, or STAT OP VALUE with OP one \
of == != <> <= < >= > = and VALUE an integer or success/failure (e.g. -f 'insns>20', \
-f 'verdict=failure'); with -C, STAT may end in _a, _b, _diff or _pct and be written \
|STAT| for its absolute value. A leading ! denies; @FILE reads one filter per line.

CI gate: bpfgen verify progs/*.bpf.o --baseline main.csv fails (exit 1) when a verdict \
regresses or insns/states grow past --max-insns-growth/--max-states-growth percent.")]
pub struct VerifyArgs {
    /// Object files (`@FILE`: one path per line); with -R, result CSVs.
    #[arg(required_unless_present = "compare")]
    pub objects: Vec<PathBuf>,
    /// Output format.
    #[arg(
        short = 'o',
        long = "output-format",
        alias = "output",
        value_enum,
        default_value = "table"
    )]
    pub format: OutputFormat,
    /// Columns, comma-separated (veristat's names and aliases: file_name, prog_name,
    /// verdict, duration, total_insns, total_states, peak_states, max_states_per_insn,
    /// max_mark_read_len, prog_size, prog_size_jited, stack_depth, prog_type,
    /// attach_type, mem_peak; bpfgen's attach_target).
    #[arg(short = 'e', long = "emit", value_delimiter = ',')]
    pub emit: Vec<String>,
    /// Filter expression, or `@FILE` (see below); repeatable.
    #[arg(short = 'f', long = "filter")]
    pub filters: Vec<String>,
    /// Sort order: statistics, comma-separated, each optionally followed by `^`
    /// (ascending) or `v` (descending); default: file, then program.
    #[arg(short = 's', long = "sort")]
    pub sort: Vec<String>,
    /// Show only the first N results (after sorting).
    #[arg(short = 'n', long = "top-n")]
    pub top_n: Option<usize>,
    /// Verifier log level (1 verbose, 2 very verbose); statistics are always collected.
    #[arg(short = 'l', long = "log-level", default_value_t = 0)]
    pub log_level: u32,
    /// Keep the start of the verifier log instead of rotating it (`BPF_LOG_FIXED`).
    #[arg(long = "log-fixed")]
    pub log_fixed: bool,
    /// Initial verifier log buffer, bytes (grown on demand).
    #[arg(long = "log-size", value_name = "BYTES")]
    pub log_size: Option<u32>,
    /// Checkpoint verifier states often (`BPF_F_TEST_STATE_FREQ`).
    #[arg(short = 't', long = "test-states")]
    pub test_states: bool,
    /// Fail on register invariant violations (`BPF_F_TEST_REG_INVARIANTS`).
    #[arg(short = 'r', long = "test-reg-invariants")]
    pub test_reg_invariants: bool,
    /// Print the N source lines the verifier spent most instructions on, per program.
    #[arg(
        short = 'S',
        long = "top-src-lines",
        value_name = "N",
        default_value_t = 0
    )]
    pub top_src_lines: usize,
    /// Set a global variable before prepare: `NAME[.FIELD|[INDEX]]* = VALUE`
    /// (integer or enumerator), or `@FILE`; repeatable.
    #[arg(short = 'G', long = "set-global-vars", value_name = "GLOBAL")]
    pub globals: Vec<String>,
    /// Print the verifier log of every failing program on stderr.
    #[arg(short = 'v', long = "verbose")]
    pub verbose: bool,
    /// Verbose, and say what the loader did for each object (on stderr).
    #[arg(short = 'd', long = "debug")]
    pub debug: bool,
    /// Quiet: no progress, no per-failure lines on stderr.
    #[arg(short = 'q', long = "quiet")]
    pub quiet: bool,
    /// Compare two result CSVs instead of verifying.
    #[arg(short = 'C', long = "compare", num_args = 2, value_names = ["A", "B"])]
    pub compare: Option<Vec<PathBuf>>,
    /// Replay: read result CSVs (the positional arguments) instead of verifying.
    #[arg(short = 'R', long = "replay", conflicts_with = "compare")]
    pub replay: bool,
    /// Verify on N threads (the kernel verifies programs in parallel).
    #[arg(short = 'j', long = "jobs", default_value_t = 1)]
    pub jobs: usize,
    /// Verify each tracing and LSM program once per target (comma-separated names,
    /// repeatable), through clones retargeted by name; rows carry the target.
    #[arg(long = "attach-target", value_delimiter = ',', value_name = "NAME")]
    pub attach_targets: Vec<String>,
    /// After verifying, compare with this results CSV and exit 1 on a regression.
    #[arg(long = "baseline", value_name = "FILE.csv")]
    pub baseline: Option<PathBuf>,
    /// With --baseline: tolerated growth of processed instructions, percent.
    #[arg(long = "max-insns-growth", value_name = "PCT", default_value_t = 10.0)]
    pub max_insns_growth: f64,
    /// With --baseline: tolerated growth of total states, percent.
    #[arg(long = "max-states-growth", value_name = "PCT", default_value_t = 10.0)]
    pub max_states_growth: f64,
}

impl VerifyArgs {
    fn format(&self) -> Format {
        match self.format {
            OutputFormat::Table => Format::Table,
            OutputFormat::Csv => Format::Csv,
            OutputFormat::Json => Format::Json,
        }
    }

    /// The `-e` columns, or veristat's default for the format.
    fn columns(&self) -> Result<Vec<Column>, String> {
        if self.emit.is_empty() {
            let mut columns = match self.format() {
                Format::Csv => Column::DEFAULT_CSV.to_vec(),
                _ => Column::DEFAULT.to_vec(),
            };
            if !self.attach_targets.is_empty() {
                columns.insert(2, Column::AttachTarget);
            }
            return Ok(columns);
        }
        self.emit
            .iter()
            .map(|n| Column::parse(n).ok_or_else(|| format!("-e: unknown column `{n}`")))
            .collect()
    }

    fn sort_keys(&self) -> Result<Vec<SortKey>, String> {
        let mut keys = Vec::new();
        for spec in &self.sort {
            keys.extend(SortKey::parse_list(spec)?);
        }
        Ok(keys)
    }
}

/// Parses the `-f` arguments (`@FILE` expanded).
fn read_filters(args: &[String]) -> Result<Vec<Filter>, String> {
    at_file::expand("-f", args)?
        .iter()
        .map(|f| Filter::parse(f))
        .collect()
}

/// The object list (`@FILE` expanded).
fn read_objects(args: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for a in args {
        // Any path that is not `@…` (non-UTF-8 ones too) is taken as it is.
        match a.to_str().filter(|s| s.starts_with('@')) {
            Some(at) => out.extend(
                at_file::expand("", &[at.to_string()])?
                    .into_iter()
                    .map(PathBuf::from),
            ),
            None => out.push(a.clone()),
        }
    }
    Ok(out)
}

/// Runs `bpfgen verify`.
pub fn run(args: VerifyArgs) -> Result<ExitCode, String> {
    let filters = read_filters(&args.filters)?;
    let presets = read_presets(&args.globals)?;
    let columns = args.columns()?;
    let keys = args.sort_keys()?;
    let format = args.format();
    if let Some(pair) = &args.compare {
        let (a, b) = (read_rows(&pair[0])?, read_rows(&pair[1])?);
        let mut joined: Vec<_> = join(a, b)
            .into_iter()
            .filter(|j| {
                Filter::allows(&filters, &j.file, Some(&j.prog))
                    && Filter::allows_stats(&filters, |c, v| j.value(c, v) as i64)
            })
            .collect();
        sort_joined(&mut joined, &keys);
        joined.truncate(args.top_n.unwrap_or(joined.len()));
        print!("{}", render_joined(&joined, &columns, format));
        return Ok(ExitCode::SUCCESS);
    }
    let paths = read_objects(&args.objects)?;
    let mut rows = if args.replay {
        let mut rows = Vec::new();
        for path in &paths {
            rows.extend(read_rows(path)?);
        }
        rows.retain(|r| Filter::allows(&filters, &r.file_name, Some(&r.prog_name)));
        rows
    } else {
        verify_rows(&args, &paths, &filters, &columns, presets)?
    };
    // The gate sees every program verified (stat filters only shape the output).
    let verified = args.baseline.is_some().then(|| rows.clone());
    rows.retain(|r| Filter::allows_row(&filters, r));
    sort_rows(&mut rows, &keys);
    let shown = &rows[..args.top_n.unwrap_or(rows.len()).min(rows.len())];
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(render(shown, &columns, format).as_bytes());
    for r in shown.iter().filter(|r| !r.top_lines.is_empty()) {
        let _ = writeln!(out, "\nTop source lines ({}/{}):", r.file_name, r.prog_name);
        for (count, line) in &r.top_lines {
            let (code, place) = match line.rsplit_once('@') {
                Some((code, place)) => (code.trim_end(), Some(place.trim())),
                None => (line.as_str(), None),
            };
            let _ = match place {
                Some(place) => writeln!(out, "{count:5}: ({place})\t{code}"),
                None => writeln!(out, "{count:5}: {code}"),
            };
        }
    }
    let _ = out.flush();
    if !args.replay && !args.quiet {
        report_failures(&rows);
    }
    let mut failed = !args.replay && rows.iter().any(|r| r.verdict == Verdict::Failure);
    if let (Some(baseline), Some(verified)) = (&args.baseline, verified) {
        let mut saved = read_rows(baseline)?;
        // Programs the name filters leave out are not compared.
        saved.retain(|r| Filter::allows(&filters, &r.file_name, Some(&r.prog_name)));
        let found = regressions(
            &join(saved, verified),
            &Thresholds {
                insns_pct: args.max_insns_growth,
                states_pct: args.max_states_growth,
            },
        );
        let mut out = std::io::stdout().lock();
        let _ = writeln!(
            out,
            "\nBaseline {}: {} regression(s)",
            baseline.display(),
            found.len()
        );
        for line in &found {
            let _ = writeln!(out, "  {line}");
        }
        // With a baseline, known failures are not a regression: the exit status is the
        // gate's verdict.
        failed = !found.is_empty();
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Verifies `paths` as the options say.
fn verify_rows(
    args: &VerifyArgs,
    paths: &[PathBuf],
    filters: &[Filter],
    columns: &[Column],
    presets: Vec<super::presets::Preset>,
) -> Result<Vec<Row>, String> {
    let mem_peak = if columns.contains(&Column::MemPeak) {
        match MemPeak::start() {
            Ok(m) if args.jobs <= 1 => Some(Arc::new(m)),
            Ok(_) => {
                if !args.quiet {
                    eprintln!(
                        "mem_peak: unavailable with -j above 1 (loads would share the cgroup)"
                    );
                }
                None
            }
            Err(why) => {
                if !args.quiet {
                    eprintln!("Memory usage metric unavailable: {why}");
                }
                None
            }
        }
    } else {
        None
    };
    let mut prog_flags = 0;
    if args.test_states {
        prog_flags |= BPF_F_TEST_STATE_FREQ;
    }
    if args.test_reg_invariants {
        prog_flags |= BPF_F_TEST_REG_INVARIANTS;
    }
    let opts = VerifyOpts {
        log_level: args.log_level,
        jobs: args.jobs,
        filters: filters.to_vec(),
        keep_failure_logs: args.verbose || args.debug,
        progress: !args.quiet,
        prog_flags,
        log_fixed: args.log_fixed,
        log_size: args.log_size,
        presets,
        attach_targets: args.attach_targets.clone(),
        top_src_lines: args.top_src_lines,
        mem_peak,
        debug: args.debug,
    };
    let rows = verify(paths, &opts);
    if !args.attach_targets.is_empty() && !args.quiet {
        report_refused_targets(&rows);
    }
    Ok(rows)
}

/// One line per failure on stderr (the log too with -v), one buffered stream.
fn report_failures(rows: &[Row]) {
    let mut err = std::io::BufWriter::new(std::io::stderr().lock());
    for r in rows.iter().filter(|r| r.verdict == Verdict::Failure) {
        let name = match &r.attach_target {
            Some(t) => format!("{}/{} ({t})", r.file_name, r.prog_name),
            None => format!("{}/{}", r.file_name, r.prog_name),
        };
        if let Some(e) = &r.error {
            let _ = writeln!(err, "{name}: {e}");
        }
        if let Some(log) = &r.log {
            let _ = writeln!(err, "{log}");
        }
    }
    let _ = err.flush();
}

/// With `--attach-target`, a kernel that refuses a program kind before verifying it
/// (EPERM or EOPNOTSUPP, no instruction processed) is said once, not once per target.
fn report_refused_targets(rows: &[Row]) {
    let refused: Vec<&Row> = rows
        .iter()
        .filter(|r| {
            r.attach_target.is_some()
                && r.verdict == Verdict::Failure
                && r.stats.processed_insns.unwrap_or(0) == 0
                && r.error.as_deref().is_some_and(|e| {
                    e.starts_with("Operation not permitted")
                        || e.starts_with("Operation not supported")
                })
        })
        .collect();
    if let Some(first) = refused.first() {
        eprintln!(
            "the kernel refuses these programs before verifying them ({}): {} of {} retargeted \
             loads",
            first.error.as_deref().unwrap_or(""),
            refused.len(),
            rows.iter().filter(|r| r.attach_target.is_some()).count()
        );
    }
}
