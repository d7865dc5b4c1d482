//! `cargo run --release --example tc_filter` (as root): see `src/tc_filter.rs`.

fn main() -> bpfgen_examples::Result {
    bpfgen_examples::tc_filter::run(&mut std::io::stdout())
}
