//! Prints the slowest objects to prepare (a profiling aid).
use std::time::Instant;

use bpfgen_runtime::{ObjectSpec, PreparedObject};

fn main() {
    let mut times: Vec<(f64, String)> = Vec::new();
    for path in std::env::args().skip(1) {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(spec) = ObjectSpec::parse(&bytes) else {
            continue;
        };
        let t = Instant::now();
        let obj = PreparedObject::prepare(spec);
        let prep = t.elapsed().as_secs_f64();
        let t = Instant::now();
        drop(obj);
        times.push((
            prep,
            format!("{path} (drop {:.1} ms)", t.elapsed().as_secs_f64() * 1e3),
        ));
    }
    let total: f64 = times.iter().map(|t| t.0).sum();
    times.sort_by(|a, b| b.0.total_cmp(&a.0));
    println!("total prepare {total:.3} s over {} objects", times.len());
    for (t, p) in times.iter().take(12) {
        println!("{:8.1} ms  {p}", t * 1e3);
    }
}
