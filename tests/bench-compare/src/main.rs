//! Benchmarks against the loaders users would pick instead of bpfgen-runtime: libbpf-rs
//! (libbpf 1.x through libbpf-sys) and aya, on the same objects in the same run.
//!
//! - `startup [--runs N] [--rounds R] [OBJ...]`: whole-process start-up per loader
//!   (see `startup.rs`);
//! - `verify [--runs N] [--rounds R] [OBJ...]`: `bpfgen verify` against the clone-based
//!   veristat and veristat, object by object (see `verify_cli.rs`);
//! - `ringbuf [ROUNDS]`: ring-buffer consumer throughput (see `ringbuf.rs`);
//! - `lazy [RUNS] [K]`: prepare against eager load, and K of N programs against an object
//!   of those K, on the 200-program `feature_flags` object (see `lazy.rs`);
//! - `shared-btf [OBJ] [COPIES]`: RSS of many prepared copies of a CO-RE object;
//! - `child LOADER MODE OBJ`: one start-up run, used by `startup`.

mod child;
mod lazy;
mod load_syscalls;
mod measure;
mod ringbuf;
mod startup;
mod verify_cli;

type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("ringbuf") => ringbuf::ringbuf(args.get(1).map_or(Ok(5), |r| r.parse())?),
        Some("startup") => startup::startup(&args[1..]),
        Some("verify") => verify_cli::verify_cli(&args[1..]),
        Some("lazy") => lazy::lazy(
            args.get(1).map_or(Ok(20), |r| r.parse())?,
            args.get(2).map_or(Ok(8), |k| k.parse())?,
        ),
        Some("shared-btf") => lazy::shared_btf(
            args.get(1).map_or(
                concat!(env!("CARGO_MANIFEST_DIR"), "/objects/proc_trace.bpf.o"),
                String::as_str,
            ),
            args.get(2).map_or(Ok(100), |c| c.parse())?,
        ),
        Some("child") if args.len() == 4 => child::child(&args[1], &args[2], &args[3]),
        _ => Err(
            "usage: bench-compare startup|verify [--runs N] [--rounds R] [OBJ...] | ringbuf [ROUNDS]"
                .into(),
        ),
    }
}
