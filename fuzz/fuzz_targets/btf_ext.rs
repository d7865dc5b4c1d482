//! `.BTF.ext` against the BTF of a real fixture object.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn btf() -> &'static bpfgen_runtime::obj::btf::Btf {
    static BTF: OnceLock<bpfgen_runtime::obj::btf::Btf> = OnceLock::new();
    BTF.get_or_init(|| {
        let obj = include_bytes!("../../tests/fixtures/many_progs.bpf.o");
        let spec = bpfgen_runtime::ObjectSpec::parse(obj).expect("fixture parses");
        spec.btf.expect("fixture has BTF")
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = bpfgen_runtime::obj::btf::BtfExt::parse(data, btf());
});
