#[derive(Clone, Copy, bpfgen_macros::Pod)]
#[repr(C)]
struct Event {
    pid: u32,
    on: bool,
    _pad: [u8; 3],
}

fn main() {}
