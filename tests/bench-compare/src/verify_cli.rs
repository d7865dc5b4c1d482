//! `bpfgen verify OBJ` against veristat on libbpf's `bpf_program__clone()` (the seed's
//! tool, `../shared/corpus/45-build-seed-veristat.sh`) and plain veristat, one object at
//! a time, whole process. Per run: wall time, CPU time (`getrusage(RUSAGE_CHILDREN)`
//! around the wait) and the time the tool spent inside `BPF_PROG_LOAD`,
//! `BPF_MAP_CREATE` and `BPF_BTF_LOAD` (the tracepoint stopwatch, `load_syscalls.rs`);
//! "user" is wall minus that: process start, parsing, preparing, printing. "start" is the
//! wall time of the tool printing its version (process start alone), and "work" is
//! user minus start. Peak RSS comes from one more run a round under `/usr/bin/time -f %M`. Runs are interleaved, each
//! starting with the next tool in turn; a round keeps the median of its runs and the
//! table gives the median over rounds with min–max, and bpfgen's ratios.
//!
//! Objects may be paths or bare names of corpus selftests (`test_xdp_noinline`); the
//! default is the five of the README's table.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::load_syscalls::LoadStopwatch;
use crate::measure::{children_cpu, corpus_dir, median, spread, RunArgs};
use crate::Res;

/// Wall ms, CPU ms, ms inside the load syscalls.
type Sample = (f64, f64, f64);

/// Wall ms, CPU ms, load ms, user ms (wall − load), peak MiB: one round's medians.
type Round = [f64; 5];

const DEFAULT_OBJECTS: [&str; 5] = [
    "test_core_reloc_kernel",
    "test_task_under_cgroup",
    "test_core_autosize",
    "test_xdp_noinline",
    "verifier_bounds",
];

/// A tool compared: its name, its command (the object path is appended) and the
/// argument that makes it print its version and exit.
struct Tool {
    name: &'static str,
    cmd: Vec<String>,
    version: &'static str,
}

fn tools() -> Res<Vec<Tool>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let status = Command::new("cargo")
        .args(["build", "--release", "-q", "-p", "bpfgen"])
        .current_dir(&root)
        .status()?;
    if !status.success() {
        return Err("cargo build -p bpfgen failed".into());
    }
    let bpfgen = root.join("target/release/bpfgen");
    let mut out = vec![Tool {
        name: "bpfgen",
        cmd: vec![path_str(&bpfgen), "verify".to_string()],
        version: "--version",
    }];
    for name in ["veristat-clone", "veristat"] {
        let path = corpus_dir().join("bin").join(name);
        if path.exists() {
            out.push(Tool {
                name,
                cmd: vec![path_str(&path)],
                version: "-V",
            });
        } else {
            eprintln!(
                "skipping {name}: no {} (../shared/corpus/build.sh)",
                path.display()
            );
        }
    }
    Ok(out)
}

fn path_str(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

fn object_path(obj: &str) -> PathBuf {
    if Path::new(obj).exists() {
        PathBuf::from(obj)
    } else {
        corpus_dir().join("selftests").join(format!("{obj}.bpf.o"))
    }
}

fn run(watch: &LoadStopwatch, cmd: &[String], obj: &Path) -> Res<Sample> {
    let cpu_before = children_cpu();
    let t = Instant::now();
    let (status, load_ms, _) = watch.measure(|| {
        Command::new(&cmd[0])
            .args(&cmd[1..])
            .arg(obj)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
    })?;
    let wall = t.elapsed().as_secs_f64() * 1e3;
    let cpu = (children_cpu() - cpu_before) * 1e3;
    // 1: some program failed verification (bpfgen's exit status; veristat's is 0).
    let status = status?;
    if !matches!(status.code(), Some(0 | 1)) {
        return Err(format!("{} {}: {status}", cmd.join(" "), obj.display()).into());
    }
    Ok((wall, cpu, load_ms))
}

/// Median wall ms of `runs` × `rounds` runs of each tool printing its version
/// (interleaved): the process start every run of the tool pays.
fn start_ms(tools: &[Tool], runs: usize, rounds: usize) -> Res<Vec<f64>> {
    let mut walls: Vec<Vec<f64>> = tools.iter().map(|_| Vec::new()).collect();
    for r in 0..runs * rounds {
        for i in (0..tools.len()).map(|k| (k + r) % tools.len()) {
            let t = Instant::now();
            let status = Command::new(&tools[i].cmd[0])
                .arg(tools[i].version)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()?;
            walls[i].push(t.elapsed().as_secs_f64() * 1e3);
            if !status.success() {
                return Err(format!("{} {}: {status}", tools[i].cmd[0], tools[i].version).into());
            }
        }
    }
    Ok(walls.into_iter().map(median).collect())
}

/// Peak RSS of one run, MiB, from `/usr/bin/time`.
fn peak_mib(cmd: &[String], obj: &Path) -> Res<f64> {
    let file = std::env::temp_dir().join(format!("bench-verify-cli-{}.peak", std::process::id()));
    Command::new("/usr/bin/time")
        .args(["-f", "%M", "-o"])
        .arg(&file)
        .args(cmd)
        .arg(obj)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    let text = std::fs::read_to_string(&file)?;
    let _ = std::fs::remove_file(&file);
    let kib: f64 = text
        .split_whitespace()
        .last()
        .and_then(|v| v.parse().ok())
        .ok_or("no peak from /usr/bin/time (apt install time)")?;
    Ok(kib / 1024.0)
}

/// Runs the comparison and prints the table.
pub fn verify_cli(args: &[String]) -> Res {
    let RunArgs { runs, rounds, objs } = RunArgs::parse(args, || {
        DEFAULT_OBJECTS.iter().map(|s| s.to_string()).collect()
    })?;
    let tools = tools()?;
    let watch = LoadStopwatch::start()?;
    let start = start_ms(&tools, runs, rounds)?;
    println!("whole process, {runs} runs x {rounds} rounds; median (min-max over rounds); user = wall - load syscalls; work = user - start");
    for (tool, ms) in tools.iter().zip(&start) {
        println!("start (`{} {}`): {ms:.2} ms", tool.name, tool.version);
    }
    println!(
        "{:24} {:15} {:>20} {:>20} {:>20} {:>20} {:>8} {:>18}",
        "object", "tool", "wall ms", "cpu ms", "load ms", "user ms", "work ms", "peak MiB"
    );
    for obj in &objs {
        let path = object_path(obj);
        let mut per_tool: Vec<Vec<Round>> = tools.iter().map(|_| Vec::new()).collect();
        for _ in 0..rounds {
            let mut samples: Vec<Vec<Sample>> = tools.iter().map(|_| Vec::new()).collect();
            for r in 0..runs {
                for i in (0..tools.len()).map(|k| (k + r) % tools.len()) {
                    samples[i].push(run(&watch, &tools[i].cmd, &path)?);
                }
            }
            for (i, s) in samples.iter().enumerate() {
                per_tool[i].push([
                    median(s.iter().map(|x| x.0).collect()),
                    median(s.iter().map(|x| x.1).collect()),
                    median(s.iter().map(|x| x.2).collect()),
                    median(s.iter().map(|x| x.0 - x.2).collect()),
                    peak_mib(&tools[i].cmd, &path)?,
                ]);
            }
        }
        let meds: Vec<Round> = per_tool
            .iter()
            .map(|rs| std::array::from_fn(|c| median(rs.iter().map(|r| r[c]).collect())))
            .collect();
        let name = obj.trim_end_matches(".bpf.o");
        let name = Path::new(name)
            .file_name()
            .map_or(name.to_string(), |n| n.to_string_lossy().into_owned());
        for (i, tool) in tools.iter().enumerate() {
            let col = |c: usize| spread(per_tool[i].iter().map(|r| r[c]).collect());
            let work = |j: usize| meds[j][3] - start[j];
            let mut ratios = String::new();
            if i == 0 {
                for (j, other) in tools.iter().enumerate().skip(1) {
                    let (b, o) = (meds[0], meds[j]);
                    ratios.push_str(&format!(
                        "  vs {}: wall {:.2}x cpu {:.2}x user {:.2}x work {:.2}x peak {:.2}x",
                        other.name,
                        b[0] / o[0],
                        b[1] / o[1],
                        b[3] / o[3],
                        work(0) / work(j),
                        b[4] / o[4]
                    ));
                }
            }
            println!(
                "{name:24} {:15} {:>20} {:>20} {:>20} {:>20} {:>8.2} {:>18}{ratios}",
                tool.name,
                col(0),
                col(1),
                col(2),
                col(3),
                work(i),
                col(4)
            );
        }
    }
    Ok(())
}
