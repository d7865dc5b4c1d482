//! CO-RE relocation: an object's local BTF and `.BTF.ext` CO-RE records, relocated
//! against two targets: the fixed, committed kernel BTF in `target_btf/` and the
//! object's own BTF (every named local type then has a candidate, so matching walks
//! as deep as the records ask).
#![no_main]
use bpfgen_runtime::obj::btf::Btf;
use bpfgen_runtime::prepare::co_re::{CoreRelocator, CoreTarget};
use bpfgen_runtime::prepare::template::build_template;
use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};

fn kernel() -> &'static CoreTarget {
    static KERNEL: OnceLock<CoreTarget> = OnceLock::new();
    KERNEL.get_or_init(|| {
        let raw = include_bytes!("../target_btf/kernel_types.btf");
        CoreTarget::new(Arc::new(Btf::parse(raw).expect("committed BTF parses")))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(spec) = bpfgen_runtime::ObjectSpec::parse(data) else {
        return;
    };
    let Some(local) = spec.btf.as_ref() else {
        return;
    };
    let own = CoreTarget::new(Arc::new(local.clone()));
    for target in [kernel(), &own] {
        let mut relocator = CoreRelocator::new(local, target);
        for prog in &spec.programs {
            let Ok(mut t) = build_template(&spec, prog) else {
                continue;
            };
            for (idx, relo) in std::mem::take(&mut t.core_relos) {
                let _ = relocator.relocate(&relo, &mut t.insns, idx);
            }
        }
    }
});
