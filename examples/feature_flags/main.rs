//! `cargo run --release --example feature_flags` (as root): see `src/feature_flags.rs`.

fn main() -> bpfgen_examples::Result {
    bpfgen_examples::feature_flags::run(&mut std::io::stdout())
}
