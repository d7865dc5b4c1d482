//! The generator's BTF → Rust type lowering on arbitrary BTF.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(btf) = bpfgen_runtime::obj::btf::Btf::parse(data) {
        let mut gen = bpfgen::types::TypeGen::new(&btf);
        for id in 1..btf.type_count().min(256) {
            let _ = gen.request(id);
        }
        let _ = gen.emit();
    }
});
