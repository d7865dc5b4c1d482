bpfgen_macros::skeleton!("no/such/object.bpf.o");

fn main() {}
