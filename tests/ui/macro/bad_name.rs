bpfgen_macros::skeleton!("../../examples/minimal/minimal.bpf.o", name = "--");

fn main() {}
