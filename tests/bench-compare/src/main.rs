//! Benchmarks against the loaders users would pick instead of bpfgen-runtime: libbpf-rs
//! (libbpf 1.x through libbpf-sys) and aya, on the same objects in the same run.
//!
//! - `startup [--runs N] [--rounds R] [OBJ...]`: whole-process start-up per loader
//!   (see `startup.rs`);
//! - `ringbuf [ROUNDS]`: ring-buffer consumer throughput (see `ringbuf.rs`);
//! - `child LOADER MODE OBJ`: one start-up run, used by `startup`.

mod child;
mod ringbuf;
mod startup;

type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("ringbuf") => ringbuf::ringbuf(args.get(1).map_or(Ok(5), |r| r.parse())?),
        Some("startup") => startup::startup(&args[1..]),
        Some("child") if args.len() == 4 => child::child(&args[1], &args[2], &args[3]),
        _ => Err(
            "usage: bench-compare startup [--runs N] [--rounds R] [OBJ...] | ringbuf [ROUNDS]"
                .into(),
        ),
    }
}
