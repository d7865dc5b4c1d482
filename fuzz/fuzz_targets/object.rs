//! Whole-object parse, then link every program (pure: no syscalls).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(spec) = bpfgen_runtime::ObjectSpec::parse(data) {
        for p in &spec.programs {
            let _ = bpfgen_runtime::prepare::template::build_template(&spec, p);
        }
    }
});
