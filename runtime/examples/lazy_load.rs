//! Prepares an object, then loads one program lazily and clones it, printing timings.
//!
//! `cargo run --release -p bpfgen-runtime --example lazy_load -- OBJ [PROGRAM]`

use std::time::Instant;

use bpfgen_runtime::{CloneOpts, ObjectSpec, PreparedObject};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: lazy_load OBJ [PROGRAM]")?;
    let bytes = std::fs::read(&path)?;

    let t = Instant::now();
    let spec = ObjectSpec::parse(&bytes)?;
    let parse = t.elapsed();
    let name = match args.next() {
        Some(n) => n,
        None => spec
            .programs
            .first()
            .ok_or("object has no programs")?
            .name
            .clone(),
    };
    let t = Instant::now();
    let obj = PreparedObject::prepare(spec)?;
    let prepare = t.elapsed();
    let prog = obj.program(&name).ok_or("no such program")?;

    let t = Instant::now();
    let report = prog.load_lazy()?.report().clone();
    let first_load = t.elapsed();
    let t = Instant::now();
    let clone = prog.clone_with(&CloneOpts::default())?;
    let clone_time = t.elapsed();

    println!(
        "object {path}: {} programs, {} maps",
        obj.programs().len(),
        obj.maps().len()
    );
    println!("parse       {parse:>12?}");
    println!(
        "prepare     {prepare:>12?}  (BTF + {} maps; programs are linked when loaded)",
        obj.maps().len()
    );
    println!(
        "load_lazy   {first_load:>12?}  `{name}`: id {} verified {} insns in {:?} us, jit {} bytes",
        report.prog_id, report.verified_insns, report.verification_time_us, report.jited_size
    );
    println!(
        "clone_with  {clone_time:>12?}  id {}",
        clone.report().prog_id
    );
    Ok(())
}
