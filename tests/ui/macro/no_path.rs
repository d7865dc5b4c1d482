bpfgen_macros::skeleton!();

fn main() {}
