bpfgen_macros::skeleton!(
    "../../examples/minimal/minimal.bpf.o",
    name = "a",
    name = "b",
    inline = true,
);

fn main() {}
