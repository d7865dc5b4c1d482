//! The generator on arbitrary objects: generation never panics, and every skeleton it
//! generates is a Rust file that parses (and formats).
#![no_main]
use bpfgen::{SkelOptions, Skeleton};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(skel) = Skeleton::generate(data, "fuzz.bpf.o", &SkelOptions::default()) else {
        return;
    };
    let file = syn::parse2::<syn::File>(skel.tokens().clone());
    assert!(file.is_ok(), "generated skeleton does not parse: {:?}", file.err());
    assert!(skel.to_file_string().is_ok(), "generated skeleton does not format");
});
