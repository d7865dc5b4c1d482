bpfgen_macros::skeleton!(examples / minimal.bpf.o);

fn main() {}
