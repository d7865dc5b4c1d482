//! Raw BTF: parse, then walk and name every type, and round-trip through the writer.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(btf) = bpfgen_runtime::obj::btf::Btf::parse(data) {
        for id in 0..btf.type_count().min(4096) {
            let _ = btf.type_name(id);
            let _ = btf.resolve_size(id);
            let _ = btf.align_of(id);
            let _ = btf.skip_mods_and_typedefs(id);
        }
        let again = bpfgen_runtime::obj::btf::Btf::parse(&btf.to_bytes());
        assert!(again.is_ok(), "writer output must parse");
    }
});
