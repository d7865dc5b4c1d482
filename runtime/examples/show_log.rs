//! Loads one program as a clone with a verbose log and prints the log.
//!
//! `cargo run -p bpfgen-runtime --example show_log -- OBJ PROGRAM [LEVEL]`

use bpfgen_runtime::{CloneOpts, ObjectSpec, PreparedObject, ProgramError};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (path, prog) = match args.as_slice() {
        [p, n, ..] => (p, n),
        _ => return Err("usage: show_log OBJ PROGRAM [LEVEL]".into()),
    };
    let level = args.get(2).map_or(Ok(1), |l| l.parse())?;
    let obj = PreparedObject::prepare(ObjectSpec::parse(&std::fs::read(path)?)?)?;
    let p = obj.program(prog).ok_or("no such program")?;
    match p.clone_with(&CloneOpts {
        log_level: Some(level),
        ..Default::default()
    }) {
        Ok(c) => println!("{}", c.report().log.as_deref().unwrap_or("")),
        Err(ProgramError::Verifier(v)) => println!("{}", v.log),
        Err(e) => println!("{e}"),
    }
    Ok(())
}
