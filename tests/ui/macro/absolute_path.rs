bpfgen_macros::skeleton!("/etc/passwd");

fn main() {}
