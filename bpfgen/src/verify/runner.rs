//! Runs the verification: objects are prepared once, programs are cloned one at a time,
//! on `jobs` threads that pull (object, program) items in order — so threads share an
//! object while it is being verified and it is closed as soon as its last program is done.

use bpfgen_runtime::abi::MapType;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use bpfgen_runtime::load::verifier::VerifierStats;
use bpfgen_runtime::{CloneOpts, ObjectSpec, ParseError, PreparedObject, ProgramError};

use super::filter::Filter;
use super::fixups::veristat_fixups;
use super::mem_peak::MemPeak;
use super::prefetch::{object_ranks, Frontier};
use super::presets::{self, Preset};
use super::row::{Row, Verdict};

/// How to verify.
#[derive(Debug, Clone, Default)]
pub struct VerifyOpts {
    /// Verifier log level for every load (statistics are always collected).
    pub log_level: u32,
    /// Worker threads (0 or 1 = single-threaded).
    pub jobs: usize,
    /// `-f` filters.
    pub filters: Vec<Filter>,
    /// Keep the verifier log of failures in the rows.
    pub keep_failure_logs: bool,
    /// Draw a progress line on stderr (only when stderr is a terminal).
    pub progress: bool,
    /// `prog_flags` added to every load (`-t`: `BPF_F_TEST_STATE_FREQ`, `-r`:
    /// `BPF_F_TEST_REG_INVARIANTS`).
    pub prog_flags: u32,
    /// `--log-fixed`: no log rotation (`BPF_LOG_FIXED`).
    pub log_fixed: bool,
    /// `--log-size`: the initial verifier log buffer, bytes.
    pub log_size: Option<u32>,
    /// `-G`: global variable presets, applied to every object before prepare.
    pub presets: Vec<Preset>,
    /// `--attach-target`: verify tracing programs once per target (by name).
    pub attach_targets: Vec<String>,
    /// `-S N`: keep the N source lines the verifier spent most instructions on.
    pub top_src_lines: usize,
    /// Measure `mem_peak` around each load (one thread only).
    pub mem_peak: Option<Arc<MemPeak>>,
    /// `-d`: say on stderr what the loader did for each object.
    pub debug: bool,
}

impl std::fmt::Debug for MemPeak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("MemPeak")
    }
}

/// One program to verify: its object, name, attach target (`--attach-target`), size,
/// and what a failure row reports when the object fails before the program loads.
struct Item {
    obj: usize,
    prog: String,
    target: Option<String>,
    size: usize,
    prog_type: u32,
    attach_type: u32,
}

/// `BPF_LOG_FIXED`: the verifier keeps the log's start instead of rotating it.
const BPF_LOG_FIXED: u32 = 8;
/// `BPF_LOG_STATS`: the verifier prints its statistics (every row needs them).
const BPF_LOG_STATS: u32 = bpfgen_runtime::sys::consts::BPF_LOG_STATS;

enum ObjState {
    /// Not prepared yet.
    Pending(Source),
    Ready(Arc<PreparedObject>),
    Failed(String),
    Done,
}

/// Where an unprepared object's spec comes from.
enum Source {
    /// Read and parsed again when first needed, so that only the objects being verified
    /// (and the prefetch window) hold parsed state.
    File(PathBuf),
    /// Kept from the first pass (the first objects, up to [`KEEP_PARSED_BYTES`]): a run
    /// over one object reads and parses it once.
    Parsed(Box<ObjectSpec>),
}

struct Obj {
    file_name: String,
    /// Size of the object file: what it counts against the prefetch budget.
    bytes: usize,
    state: Mutex<ObjState>,
    remaining: AtomicUsize,
    /// Has an arena at a fixed user address (`map_extra`): two such objects cannot be
    /// prepared at once, the second mmap would collide with the first.
    fixed_arena: bool,
}

/// Admits one object with a fixed-address arena at a time, from prepare until release.
struct ArenaGate {
    busy: Mutex<bool>,
    freed: Condvar,
}

static ARENA_GATE: ArenaGate = ArenaGate {
    busy: Mutex::new(false),
    freed: Condvar::new(),
};

impl ArenaGate {
    fn enter(&self) {
        let mut busy = lock(&self.busy);
        while *busy {
            busy = self.freed.wait(busy).unwrap_or_else(|p| p.into_inner());
        }
        *busy = true;
    }

    fn leave(&self) {
        *lock(&self.busy) = false;
        self.freed.notify_all();
    }
}

/// Threads preparing objects ahead of the workers (map creation mostly sleeps). One is
/// enough to hide those sleeps; each more keeps its own malloc arena of freed object
/// state (3 threads: 22 MB peak on the corpus, 1: 17 MB, the same wall time).
const PREFETCH_THREADS: usize = 1;

/// Threads reading and parsing the objects in the first pass.
const OPEN_THREADS: usize = 3;

/// File bytes of the leading objects whose first-pass parse is kept for prepare rather
/// than read again: enough for a run over a few objects, too little to matter to the
/// peak of a run over many.
const KEEP_PARSED_BYTES: usize = 1 << 20;

/// Verifies every selected program of `paths`; rows come back in input order.
pub fn verify(paths: &[PathBuf], opts: &VerifyOpts) -> Vec<Row> {
    let mut rows_early = Vec::new();
    let mut objs = Vec::new();
    let mut items = Vec::new();
    let mut weights = Vec::new();
    let mut kept_bytes = 0usize;
    let selected: Vec<(&PathBuf, String, usize, bool)> = paths
        .iter()
        .map(|p| (p, display_name(p)))
        .filter(|(_, name)| Filter::allows(&opts.filters, name, None))
        .map(|(p, name)| {
            let bytes = std::fs::metadata(p).map_or(0, |m| m.len() as usize);
            kept_bytes = kept_bytes.saturating_add(bytes);
            (p, name, bytes, kept_bytes <= KEEP_PARSED_BYTES)
        })
        .collect();
    // Only a summary of each object is kept from this pass, and the parse of the first
    // few: holding every parsed object at once is what made memory grow with the
    // number of objects.
    let parsed = parallel_map(&selected, |(path, name, _, keep)| {
        open_object(path, name, &opts.presets)
            .map(|spec| (Summary::of(&spec, opts, name), keep.then(|| Box::new(spec))))
    });
    for ((path, file_name, bytes, _), parsed) in selected.into_iter().zip(parsed) {
        let (summary, kept) = match parsed {
            Ok(s) => s,
            Err(e) => {
                rows_early.push(Row::failed(
                    &file_name,
                    "",
                    format!("cannot open object: {e}"),
                ));
                continue;
            }
        };
        let Summary { progs, fixed_arena } = summary;
        if progs.is_empty() {
            continue;
        }
        let idx = objs.len();
        weights.push(progs.iter().map(|p| p.size).sum::<usize>());
        let count = progs.len();
        items.extend(progs.into_iter().map(|p| Item {
            obj: idx,
            prog: p.name,
            target: p.target,
            size: p.size,
            prog_type: p.prog_type,
            attach_type: p.attach_type,
        }));
        let state = ObjState::Pending(match kept {
            Some(spec) => Source::Parsed(spec),
            None => Source::File(path.clone()),
        });
        objs.push(Obj {
            fixed_arena,
            file_name,
            bytes,
            state: Mutex::new(state),
            remaining: AtomicUsize::new(count),
        });
    }
    let results: Vec<Mutex<Option<Row>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let schedule = schedule(&items, &weights, opts.jobs);
    let (obj_order, obj_rank) = object_ranks(&schedule, |i| items[i].obj, objs.len());
    let frontier = Frontier::default();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let progress = opts.progress && std::io::stderr().is_terminal();
    let worker = || loop {
        let Some(&i) = schedule.get(next.fetch_add(1, Ordering::Relaxed)) else {
            return;
        };
        let item = &items[i];
        frontier.reach(obj_rank[item.obj]);
        let row = verify_one(&objs[item.obj], item, opts, &frontier);
        *lock(&results[i]) = Some(row);
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if progress && (n % 16 == 0 || n == items.len()) {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r[{n}/{}] programs verified", items.len());
            let _ = err.flush();
        }
    };
    let next_rank = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let prefetch = || loop {
            let r = next_rank.fetch_add(1, Ordering::Relaxed);
            let Some(&obj) = obj_order.get(r) else { return };
            if !frontier.wait_for(r, objs[obj].bytes) {
                return;
            }
            // Fixed-address arenas are prepared by the workers, one object at a time.
            if !objs[obj].fixed_arena {
                let _ = acquire(&objs[obj], &frontier, opts);
            }
        };
        // The first object is prepared by the worker that needs it: a run over one
        // object starts no prefetch thread.
        let prefetch_threads = PREFETCH_THREADS.min(objs.len().saturating_sub(1));
        let prefetchers: Vec<_> = (0..prefetch_threads).map(|_| s.spawn(prefetch)).collect();
        let workers: Vec<_> = (1..opts.jobs.max(1)).map(|_| s.spawn(worker)).collect();
        worker();
        for w in workers {
            let _ = w.join();
        }
        frontier.finish();
        for p in prefetchers {
            let _ = p.join();
        }
    });
    if progress {
        eprintln!();
    }
    rows_early.extend(
        results
            .into_iter()
            .filter_map(|r| r.into_inner().unwrap_or_else(|p| p.into_inner())),
    );
    rows_early
}

/// What the first pass keeps of an object: its selected programs (one per attach target
/// with `--attach-target`) with their sizes, and whether it has a fixed-address arena.
struct Summary {
    progs: Vec<Selected>,
    fixed_arena: bool,
}

/// A selected program, as the first pass saw it.
struct Selected {
    name: String,
    target: Option<String>,
    size: usize,
    prog_type: u32,
    attach_type: u32,
}

/// Whether `--attach-target` retargets this program: tracing (`tp_btf`, `fentry`,
/// `fexit`, `fmod_ret`, `iter`) and LSM programs, which attach by BTF name.
fn retargetable(prog: &bpfgen_runtime::obj::ProgramSpec) -> bool {
    use bpfgen_runtime::abi::ProgramType;
    matches!(
        prog.prog_type,
        Some(ProgramType::Tracing | ProgramType::Lsm)
    )
}

impl Summary {
    fn of(spec: &ObjectSpec, opts: &VerifyOpts, file_name: &str) -> Summary {
        let mut progs = Vec::new();
        for p in &spec.programs {
            if !Filter::allows(&opts.filters, file_name, Some(&p.name)) {
                continue;
            }
            let selected = |target: Option<String>| Selected {
                name: p.name.clone(),
                target,
                size: p.insn_count(),
                prog_type: p.prog_type.map_or(0, |t| t.as_raw()),
                attach_type: p.load_attach_type().as_raw(),
            };
            if opts.attach_targets.is_empty() || !retargetable(p) {
                progs.push(selected(None));
            } else {
                progs.extend(
                    opts.attach_targets
                        .iter()
                        .map(|t| selected(Some(t.clone()))),
                );
            }
        }
        Summary {
            progs,
            fixed_arena: spec
                .maps
                .iter()
                .any(|m| m.map_type == MapType::Arena && m.map_extra != 0),
        }
    }
}

/// Reads, parses and fixes up one object file, and applies the `-G` presets.
fn open_object(path: &Path, file_name: &str, presets: &[Preset]) -> Result<ObjectSpec, String> {
    let mut spec = ObjectSpec::from_file(path).map_err(|e| match e {
        // The row already names the file.
        ParseError::Read { source, .. } => source.to_string(),
        e => e.to_string(),
    })?;
    spec.name = ObjectSpec::name_for_file(file_name).to_string();
    let mut spec = veristat_fixups(spec);
    presets::apply(presets, &mut spec)?;
    Ok(spec)
}

/// `f` over `inputs` on `OPEN_THREADS` threads, results in input order. Opening
/// the objects (mostly copying files out of the page cache) is the only work before the
/// first program can be verified, so it is spread over the cores.
fn parallel_map<T: Sync, R: Send>(inputs: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let out: Vec<Mutex<Option<R>>> = inputs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let Some(input) = inputs.get(i) else { return };
        *lock(&out[i]) = Some(f(input));
    };
    std::thread::scope(|s| {
        for _ in 1..OPEN_THREADS.min(inputs.len()) {
            s.spawn(work);
        }
        work();
    });
    out.into_iter()
        .filter_map(|r| r.into_inner().unwrap_or_else(|p| p.into_inner()))
        .collect()
}

/// The order items are handed to workers. With several workers, the heaviest objects
/// (by instruction count) go first and a program's largest programs first, so the run
/// does not end with one thread verifying a giant program while the others idle
/// (longest-processing-time-first). Rows are still reported in input order.
fn schedule(items: &[Item], weights: &[usize], jobs: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    if jobs > 1 {
        order.sort_by_key(|&i| {
            let item = &items[i];
            (
                std::cmp::Reverse(weights[item.obj]),
                item.obj,
                std::cmp::Reverse(item.size),
            )
        });
    }
    order
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Takes (preparing on first use) the object's prepared state.
fn acquire(
    obj: &Obj,
    frontier: &Frontier,
    opts: &VerifyOpts,
) -> Result<Arc<PreparedObject>, String> {
    let mut state = lock(&obj.state);
    let source = match std::mem::replace(&mut *state, ObjState::Done) {
        ObjState::Pending(source) => source,
        ObjState::Ready(p) => {
            *state = ObjState::Ready(Arc::clone(&p));
            return Ok(p);
        }
        ObjState::Failed(e) => {
            *state = ObjState::Failed(e.clone());
            return Err(e);
        }
        ObjState::Done => return Err("object already closed".to_string()),
    };
    frontier.charge(obj.bytes);
    let opened = match source {
        Source::File(path) => open_object(&path, &obj.file_name, &opts.presets),
        Source::Parsed(spec) => Ok(*spec),
    };
    let spec = opened.map_err(|e| {
        frontier.refund(obj.bytes);
        let e = format!("cannot open object: {e}");
        *state = ObjState::Failed(e.clone());
        e
    })?;
    if obj.fixed_arena {
        ARENA_GATE.enter();
    }
    match PreparedObject::prepare(spec) {
        Ok(p) => {
            if opts.debug {
                debug_object(&obj.file_name, &p);
            }
            *state = ObjState::Ready(Arc::clone(&p));
            Ok(p)
        }
        Err(e) => {
            if obj.fixed_arena {
                ARENA_GATE.leave();
            }
            frontier.refund(obj.bytes);
            let e = format!("object failed to prepare: {e}");
            *state = ObjState::Failed(e.clone());
            Err(e)
        }
    }
}

fn release(obj: &Obj, frontier: &Frontier) {
    if obj.remaining.fetch_sub(1, Ordering::AcqRel) == 1 {
        let was = std::mem::replace(&mut *lock(&obj.state), ObjState::Done);
        let prepared = matches!(was, ObjState::Ready(_));
        // The object (and its arena mapping) is gone once the last handle drops here.
        drop(was);
        if prepared {
            frontier.refund(obj.bytes);
        }
        if obj.fixed_arena && prepared {
            ARENA_GATE.leave();
        }
    }
}

fn verify_one(obj: &Obj, item: &Item, opts: &VerifyOpts, frontier: &Frontier) -> Row {
    let prog_name = item.prog.as_str();
    let mut row = match acquire(obj, frontier, opts) {
        Ok(prepared) => match prepared.program(prog_name) {
            Some(p) => clone_row(&obj.file_name, item.target.as_deref(), &p, opts),
            None => Row::failed(&obj.file_name, prog_name, "program vanished".into()),
        },
        Err(e) => {
            let mut row = Row::failed(&obj.file_name, prog_name, e);
            (row.prog_type, row.attach_type, row.prog_size) =
                (item.prog_type, item.attach_type, item.size as u64);
            row
        }
    };
    row.attach_target.clone_from(&item.target);
    release(obj, frontier);
    row
}

/// `-d`: what prepare did for the object, on stderr.
fn debug_object(file: &str, obj: &Arc<PreparedObject>) {
    let maps: Vec<String> = obj
        .maps()
        .iter()
        .map(|m| format!("{} ({})", m.name(), m.spec().map_type))
        .collect();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(
        err,
        "{file}: prepared in {:?}; BTF {}; {} map(s): {}; {} program(s)",
        obj.prepare_time(),
        match (obj.btf_fd(), obj.btf_warning()) {
            (Some(_), _) => "loaded".to_string(),
            (None, Some(w)) => format!("not loaded: {}", w.lines().next().unwrap_or("")),
            (None, None) => "absent".to_string(),
        },
        maps.len(),
        maps.join(", "),
        obj.programs().len()
    );
}

fn clone_row(
    file: &str,
    target: Option<&str>,
    p: &bpfgen_runtime::Program,
    opts: &VerifyOpts,
) -> Row {
    let spec = p.spec();
    let mut row = Row::failed(file, p.name(), String::new());
    row.prog_type = spec.prog_type.map_or(0, |t| t.as_raw());
    row.attach_type = spec.load_attach_type().as_raw();
    row.prog_size = p.template().map_or(0, |t| t.insns.len() as u64);
    // -S needs the verbose log, which has the source line before each instruction.
    let mut level = opts.log_level;
    if opts.top_src_lines > 0 && level == 0 {
        level = 2;
    }
    let clone_opts = CloneOpts {
        // Statistics only unless asked: no second, verbose verification of failures.
        log_level: Some(level | BPF_LOG_STATS | if opts.log_fixed { BPF_LOG_FIXED } else { 0 }),
        log_size: opts.log_size,
        prog_flags: (opts.prog_flags != 0).then_some(spec.prog_flags | opts.prog_flags),
        attach_target: target,
        ..Default::default()
    };
    let (result, mem_peak) = match &opts.mem_peak {
        Some(m) => m.measure(|| p.clone_with(&clone_opts)),
        None => (p.clone_with(&clone_opts), None),
    };
    row.mem_peak_mib = mem_peak;
    match result {
        Ok(c) => {
            if opts.top_src_lines > 0 {
                row.top_lines =
                    top_src_lines(c.report().log.as_deref().unwrap_or(""), opts.top_src_lines);
            }
            let report = c.report();
            row.verdict = Verdict::Success;
            row.stats = report.stats;
            row.jited_size = report.jited_size;
            row.prog_size = report.insn_count as u64;
            row.attach_type = report.expected_attach_type;
            row.error = None;
        }
        Err(ProgramError::Verifier(v)) => {
            if opts.top_src_lines > 0 {
                row.top_lines = top_src_lines(&v.log, opts.top_src_lines);
            }
            row.stats = VerifierStats::parse(&v.log);
            row.error = Some(failure_reason(&v));
            row.log = opts.keep_failure_logs.then(|| v.log.clone());
        }
        Err(e) => row.error = Some(e.to_string()),
    }
    row
}

/// The `n` source lines the verifier walked most often: in a verbose log with line
/// info, each instruction is preceded by `; <code> @ <file>:<line>`. Most frequent first,
/// ties by text (veristat's order).
pub fn top_src_lines(log: &str, n: usize) -> Vec<(usize, String)> {
    let mut counts: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for line in log.lines() {
        if let Some(src) = line.strip_prefix("; ") {
            *counts.entry(src).or_default() += 1;
        }
    }
    let mut lines: Vec<(usize, String)> = counts
        .into_iter()
        .map(|(line, count)| (count, line.to_string()))
        .collect();
    lines.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    lines.truncate(n);
    lines
}

/// One line: errno plus the verifier's own message (the last line before the statistics).
fn failure_reason(v: &bpfgen_runtime::VerifierError) -> String {
    let errno = std::io::Error::from_raw_os_error(v.errno);
    let msg = v
        .log
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| {
            !l.is_empty()
                && !l.starts_with("processed ")
                && !l.starts_with("verification time")
                && !l.starts_with("stack depth")
        })
        .unwrap_or("");
    if msg.is_empty() {
        format!("{errno}")
    } else {
        format!("{errno}: {msg}")
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    )
}
