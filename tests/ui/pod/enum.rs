#[derive(Clone, Copy, bpfgen_macros::Pod)]
#[repr(C)]
enum Kind {
    A,
    B,
}

fn main() {}
