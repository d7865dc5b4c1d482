//! Lazy start-up on the 200-program object of the `feature_flags` example
//! (`examples/feature_flags/feature_flags.bpf.o`, 25 features × 8 raw-tracepoint
//! programs), in process, bpfgen-runtime only:
//!
//! - prepare alone, against prepare + an eager load of all 200 programs;
//! - prepare + load K of the N programs, against an object that holds only those K
//!   (the same spec with the other programs removed before prepare).
//!
//! Also `shared-btf`: 100 prepared copies of a CO-RE object in one process, with the
//! RSS each adds (they share one kernel BTF).

use std::time::Instant;

use bpfgen_runtime::{ObjectSpec, PreparedObject};

use crate::measure::{median, spread};
use crate::Res;

const OBJECT: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/feature_flags/feature_flags.bpf.o"
);

fn spec() -> Res<ObjectSpec> {
    Ok(ObjectSpec::parse_named(
        &std::fs::read(OBJECT)?,
        "feature_flags",
    )?)
}

fn spread_ms(v: &[f64]) -> String {
    format!("{} ms", spread(v.to_vec()))
}

/// Milliseconds of `f`, `runs` times.
fn time(runs: usize, mut f: impl FnMut() -> Res) -> Res<Vec<f64>> {
    let mut out = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        f()?;
        out.push(t.elapsed().as_secs_f64() * 1e3);
    }
    Ok(out)
}

/// Prepares `spec` and loads the programs named in `load`.
fn prepare_and_load(spec: ObjectSpec, load: &[String]) -> Res {
    let obj = PreparedObject::prepare(spec)?;
    for name in load {
        obj.program(name).ok_or("no program")?.load_lazy()?;
    }
    Ok(())
}

/// Runs the lazy start-up comparison, `runs` times each.
pub fn lazy(runs: usize, k: usize) -> Res {
    let all: Vec<String> = spec()?.programs.iter().map(|p| p.name.clone()).collect();
    let n = all.len();
    let some: Vec<String> = all
        .iter()
        .step_by((n / k.max(1)).max(1))
        .take(k)
        .cloned()
        .collect();
    let prepare = time(runs, || prepare_and_load(spec()?, &[]))?;
    let eager = time(runs, || prepare_and_load(spec()?, &all))?;
    let k_of_n = time(runs, || prepare_and_load(spec()?, &some))?;
    let k_only = time(runs, || {
        let mut s = spec()?;
        s.programs.retain(|p| some.contains(&p.name));
        prepare_and_load(s, &some)
    })?;
    println!("feature_flags.bpf.o, {n} programs, {runs} runs, median (min-max):");
    println!("  prepare alone                  {}", spread_ms(&prepare));
    println!("  prepare + load all {n:3}         {}", spread_ms(&eager));
    println!(
        "  prepare / eager                {:8.3}",
        median(prepare.clone()) / median(eager.clone())
    );
    println!("  prepare + load {k} of {n}         {}", spread_ms(&k_of_n));
    println!("  object of those {k} alone         {}", spread_ms(&k_only));
    println!(
        "  K of N / K alone               {:8.3}",
        median(k_of_n) / median(k_only)
    );
    Ok(())
}

/// RSS of this process in KiB (`VmRSS`).
fn rss_kb() -> Res<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status
        .lines()
        .find(|l| l.starts_with("VmRSS:"))
        .ok_or("no VmRSS")?;
    Ok(line.split_whitespace().nth(1).ok_or("VmRSS")?.parse()?)
}

/// Prepares `copies` copies of `path` in this process and prints the RSS each adds.
pub fn shared_btf(path: &str, copies: usize) -> Res {
    let bytes = std::fs::read(path)?;
    let before = rss_kb()?;
    let first = PreparedObject::prepare(ObjectSpec::parse(&bytes)?)?;
    let after_first = rss_kb()?;
    let mut held = vec![first];
    for _ in 1..copies {
        held.push(PreparedObject::prepare(ObjectSpec::parse(&bytes)?)?);
    }
    let after_all = rss_kb()?;
    println!(
        "{copies} prepared copies of {path} ({} KiB file):\n  first: +{} KiB (kernel BTF read once, shared)\n  each of the other {}: +{:.0} KiB",
        bytes.len() / 1024,
        after_first - before,
        copies - 1,
        (after_all - after_first) as f64 / (copies - 1).max(1) as f64
    );
    drop(held);
    Ok(())
}
