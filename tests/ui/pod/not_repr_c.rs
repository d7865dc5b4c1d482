#[derive(Clone, Copy, bpfgen_macros::Pod)]
struct Event {
    pid: u32,
    kind: u32,
}

fn main() {}
