//! `cargo run --release --example tail_calls` (as root): see `src/tail_calls.rs`.

fn main() -> bpfgen_examples::Result {
    bpfgen_examples::tail_calls::run(&mut std::io::stdout())
}
