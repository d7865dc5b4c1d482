//! The linker on arbitrary objects: linking a mutated object with a fixed, valid one
//! never panics, and what it writes parses (or is refused) without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

const LINK_B: &[u8] = include_bytes!("../../tests/fixtures/link_b.bpf.o");

fuzz_target!(|data: &[u8]| {
    for inputs in [[("fuzz", data), ("b", LINK_B)], [("b", LINK_B), ("fuzz", data)]] {
        if let Ok(out) = bpfgen::link::link(&inputs) {
            let _ = bpfgen_runtime::ObjectSpec::parse(&out);
        }
    }
});
