//! `cargo run --release --example xdp_counter` (as root): see `src/xdp_counter.rs`.

fn main() -> bpfgen_examples::Result {
    bpfgen_examples::xdp_counter::run(&mut std::io::stdout())
}
