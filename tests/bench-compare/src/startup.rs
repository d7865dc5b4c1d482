//! Whole-process start-up of one object through each loader: open + prepare/load every
//! program (`all`), and open + load only the first program (`one`). Each run is a fresh
//! process (`bench-compare child …`) that reports its peak RSS; the parent times it and
//! takes its CPU time from `getrusage(RUSAGE_CHILDREN)` around the wait, and the time the
//! child spent inside `BPF_PROG_LOAD`, `BPF_MAP_CREATE` and `BPF_BTF_LOAD` from a
//! tracepoint stopwatch (`load_syscalls.rs`), and how many such syscalls it made ("loads":
//! the object's BTF, maps and programs, plus a loader's feature probes, which are
//! `BPF_PROG_LOAD`s and `BPF_BTF_LOAD`s too). "own" is wall minus that and minus the
//! wall time of the bare process (loader `none`: the same binary doing nothing, also the
//! RSS floor): the loader's own part (user space and the other syscalls it chose to make). Runs are interleaved, each
//! starting with the next loader in turn; each round keeps the median of its runs, and the
//! table gives the median over the rounds with min–max and bpfgen's ratios.
//!
//! Default objects: `tests/bench-compare/objects/proc_trace.bpf.o` (a six-program CO-RE
//! tracing tool) and, when the corpus is there (`../shared/corpus/build.sh`), the
//! selftests `test_core_reloc_kernel` (CO-RE), `test_xdp_noinline` (large, no CO-RE) and
//! `verifier_sdiv` (76 small programs, all of which the verifier accepts).

use std::process::Command;
use std::time::Instant;

use crate::load_syscalls::LoadStopwatch;
use crate::measure::{children_cpu, corpus_dir, median, spread, RunArgs};
use crate::Res;

/// The loaders compared, and `none`: the same process doing nothing, whose wall time
/// and peak RSS are subtracted from the others' "own" time and reported as the floor.
const LOADERS: [&str; 4] = ["bpfgen", "libbpf-rs", "aya", "none"];

/// Wall seconds, CPU seconds, peak MiB, seconds inside the load syscalls, how many load
/// syscalls (the object's own and any feature probes).
type Sample = (f64, f64, f64, f64, f64);

/// One measured run, or why the loader failed.
type Run = Result<Sample, String>;

fn default_objects() -> Vec<String> {
    let mut out =
        vec![concat!(env!("CARGO_MANIFEST_DIR"), "/objects/proc_trace.bpf.o").to_string()];
    let corpus = corpus_dir().display().to_string();
    for name in [
        "test_core_reloc_kernel",
        "test_xdp_noinline",
        "verifier_sdiv",
    ] {
        let path = format!("{corpus}/selftests/{name}.bpf.o");
        if std::path::Path::new(&path).exists() {
            out.push(path);
        } else {
            eprintln!("skipping {name}: no corpus at {corpus} (../shared/corpus/build.sh)");
        }
    }
    out
}

/// `name=event` for each `tp_btf` program of `path` (what aya's load needs).
fn tp_btf_targets(path: &str) -> String {
    let Ok(bytes) = std::fs::read(path) else {
        return String::new();
    };
    let Ok(spec) = bpfgen_runtime::ObjectSpec::parse(&bytes) else {
        return String::new();
    };
    spec.programs
        .iter()
        .filter_map(|p| {
            let event = p.section.strip_prefix("tp_btf/")?;
            Some(format!("{}={event}", p.name))
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn run(watch: &LoadStopwatch, loader: &str, mode: &str, obj: &str, targets: &str) -> Run {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let cpu_before = children_cpu();
    let t = Instant::now();
    let (out, load_ms, loads) = watch
        .measure(|| {
            Command::new(exe)
                .args(["child", loader, mode, obj])
                .env("BENCH_TARGETS", targets)
                .output()
        })
        .map_err(|e| e.to_string())?;
    let out = out.map_err(|e| e.to_string())?;
    let wall = t.elapsed().as_secs_f64();
    let cpu = children_cpu() - cpu_before;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.trim();
    if let Some(reason) = line.strip_prefix("fail ") {
        return Err(reason.to_string());
    }
    let peak: f64 = line
        .strip_prefix("ok ")
        .and_then(|v| v.trim().parse().ok())
        .ok_or(format!("bad report: {line}"))?;
    Ok((wall, cpu, peak / 1024.0, load_ms / 1e3, loads as f64))
}

/// Runs the start-up comparison and prints the table.
pub fn startup(args: &[String]) -> Res {
    let RunArgs { runs, rounds, objs } = RunArgs::parse(args, default_objects)?;
    let watch = LoadStopwatch::start()?;
    println!(
        "whole process, {runs} runs x {rounds} rounds; median (min-max over rounds); ratio = bpfgen / other"
    );
    println!(
        "{:24} {:4} {:10} {:>22} {:>22} {:>20} {:>22} {:>6}",
        "object", "mode", "loader", "wall ms", "cpu ms", "peak RSS MiB", "own ms", "loads"
    );
    for obj in &objs {
        let targets = tp_btf_targets(obj);
        let name = std::path::Path::new(obj)
            .file_name()
            .map_or(obj.clone(), |f| f.to_string_lossy().replace(".bpf.o", ""));
        for mode in ["all", "one"] {
            // Per loader: per round, the medians of its runs (or the failure).
            let mut rows: Vec<Result<Vec<Sample>, String>> =
                LOADERS.iter().map(|_| Ok(Vec::new())).collect();
            for _ in 0..rounds {
                let mut per: Vec<Vec<Sample>> = LOADERS.iter().map(|_| Vec::new()).collect();
                for r in 0..runs {
                    // Each run starts with another loader, so that no loader always runs
                    // right after the same one (aya leaves 38 MiB to tear down).
                    for i in (0..LOADERS.len()).map(|k| (k + r) % LOADERS.len()) {
                        let loader = &LOADERS[i];
                        if rows[i].is_err() {
                            continue;
                        }
                        match run(&watch, loader, mode, obj, &targets) {
                            Ok(r) => per[i].push(r),
                            Err(e) => rows[i] = Err(e),
                        }
                    }
                }
                // The bare process's wall time this round: not the loaders' own.
                let floor = per
                    .last()
                    .filter(|p| !p.is_empty())
                    .map_or(0.0, |p| median(p.iter().map(|r| r.0).collect()));
                for (i, p) in per.into_iter().enumerate() {
                    if let Ok(rs) = &mut rows[i] {
                        rs.push((
                            median(p.iter().map(|r| r.0).collect()),
                            median(p.iter().map(|r| r.1).collect()),
                            median(p.iter().map(|r| r.2).collect()),
                            median(p.iter().map(|r| r.0 - r.3).collect()) - floor,
                            median(p.iter().map(|r| r.4).collect()),
                        ));
                    }
                }
            }
            let meds: Vec<Option<Sample>> = rows
                .iter()
                .map(|r| {
                    r.as_ref().ok().map(|rs| {
                        (
                            median(rs.iter().map(|x| x.0).collect()),
                            median(rs.iter().map(|x| x.1).collect()),
                            median(rs.iter().map(|x| x.2).collect()),
                            median(rs.iter().map(|x| x.3).collect()),
                            median(rs.iter().map(|x| x.4).collect()),
                        )
                    })
                })
                .collect();
            for (i, loader) in LOADERS.iter().enumerate() {
                match &rows[i] {
                    Err(e) => println!("{name:24} {mode:4} {loader:10} cannot load: {e}"),
                    Ok(rs) => {
                        let col = |f: &dyn Fn(&Sample) -> f64, scale: f64| {
                            spread(rs.iter().map(|x| f(x) * scale).collect())
                        };
                        let mut ratios = String::new();
                        if i == 0 {
                            if let Some(b) = meds[0] {
                                let others = LOADERS.iter().enumerate().skip(1);
                                for (j, other) in others.filter(|(_, o)| **o != "none") {
                                    if let Some(o) = meds[j] {
                                        ratios.push_str(&format!(
                                            "  vs {other}: wall {:.2}x cpu {:.2}x rss {:.2}x",
                                            b.0 / o.0,
                                            b.1 / o.1,
                                            b.2 / o.2
                                        ));
                                        ratios.push_str(&format!(" own {:.2}x", b.3 / o.3));
                                    }
                                }
                            }
                        }
                        println!(
                            "{name:24} {mode:4} {loader:10} {:>22} {:>22} {:>20} {:>22} {:>6}{ratios}",
                            col(&|x| x.0, 1e3),
                            col(&|x| x.1, 1e3),
                            col(&|x| x.2, 1.0),
                            col(&|x| x.3, 1e3),
                            median(rs.iter().map(|x| x.4).collect()),
                        );
                    }
                }
            }
        }
    }
    Ok(())
}
