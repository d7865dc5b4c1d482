//! Smoke test: prepare an object and lazily load one program.
use bpfgen_runtime::{CloneOpts, ObjectSpec, PreparedObject};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1])?;
    let spec = ObjectSpec::parse_named(&bytes, "many_progs")?;
    let obj = PreparedObject::prepare(spec)?;
    println!("prepared in {:?}, btf warning: {:?}", obj.prepare_time(), obj.btf_warning());
    for p in obj.programs() {
        match p.load_lazy() {
            Ok(r) => println!("{:<28} ok id={} insns={} time={:?}us jit={}", p.name(), r.prog_id, r.verified_insns, r.verification_time_us, r.jited_size),
            Err(e) => println!("{:<28} ERR {e}", p.name()),
        }
    }
    if let Some(p) = obj.program(&args[2]) {
        let c = p.clone_with(&CloneOpts { log_level: Some(2), ..Default::default() })?;
        println!("clone id {} log {} bytes", c.report().prog_id, c.report().log.as_ref().map_or(0, |l| l.len()));
    }
    Ok(())
}
#[allow(dead_code)]
fn dbg() {}
