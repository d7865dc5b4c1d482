//! `cargo run --release --example clone_to_many -- [TRACEPOINT…] [--fentry f1,f2,…]`
//! (as root): see `src/clone_to_many.rs`.

fn main() -> bpfgen_examples::Result {
    let args: Vec<String> = std::env::args().skip(1).collect();
    bpfgen_examples::clone_to_many::run(&mut std::io::stdout(), &args)
}
