//! What the start-up and verify comparisons share: their arguments, where the corpus
//! is, the children's CPU time, and medians.

use crate::Res;

/// `[--runs N] [--rounds R] [OBJ...]`: runs per round (10), rounds (3), objects.
pub struct RunArgs {
    pub runs: usize,
    pub rounds: usize,
    pub objs: Vec<String>,
}

impl RunArgs {
    /// Parses the arguments; `default_objects` when none is named.
    pub fn parse(args: &[String], default_objects: impl FnOnce() -> Vec<String>) -> Res<RunArgs> {
        let mut out = RunArgs {
            runs: 10,
            rounds: 3,
            objs: Vec::new(),
        };
        let mut it = args.iter();
        while let Some(a) = it.next() {
            match a.as_str() {
                "--runs" => out.runs = it.next().ok_or("--runs N")?.parse()?,
                "--rounds" => out.rounds = it.next().ok_or("--rounds R")?.parse()?,
                obj => out.objs.push(obj.to_string()),
            }
        }
        if out.objs.is_empty() {
            out.objs = default_objects();
        }
        Ok(out)
    }
}

/// Where `../shared/corpus/build.sh` put the corpus: `CORPUS_DIR`, or
/// `~/.cache/bpfgen-corpus`.
pub fn corpus_dir() -> std::path::PathBuf {
    std::env::var_os("CORPUS_DIR").map_or_else(
        || {
            std::path::Path::new(&std::env::var_os("HOME").unwrap_or_default())
                .join(".cache/bpfgen-corpus")
        },
        std::path::PathBuf::from,
    )
}

/// CPU seconds (user + system) of every child waited for so far.
pub fn children_cpu() -> f64 {
    use nix::sys::resource::{getrusage, UsageWho};
    getrusage(UsageWho::RUSAGE_CHILDREN).map_or(0.0, |u| {
        let secs = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
        secs(u.user_time()) + secs(u.system_time())
    })
}

/// The middle value (the upper one of an even count).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// `median (min-max)` of `v`, two decimals.
pub fn spread(v: Vec<f64>) -> String {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(0.0, f64::max);
    format!("{:7.2} ({:.2}-{:.2})", median(v), lo, hi)
}
