//! `cargo run --release --example exec_events` (as root): see `src/exec_events.rs`.

fn main() -> bpfgen_examples::Result {
    bpfgen_examples::exec_events::run(&mut std::io::stdout())
}
