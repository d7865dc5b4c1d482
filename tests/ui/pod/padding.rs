#[derive(Clone, Copy, bpfgen_macros::Pod)]
#[repr(C)]
struct Event {
    pid: u32,
    value: u64,
}

fn main() {}
