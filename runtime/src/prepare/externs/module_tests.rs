//! Module kfuncs and module variables through the real verifier. This kernel loads no
//! modules, so the test supplies a kernel BTF whose one "module" is named `vmlinux`:
//! its BTF object is the kernel's own, which the loader opens like a module's. The
//! verifier then refuses exactly where a module's BTF object is checked — proof that
//! the `fd_array` slot and the BTF object fd reached it.

use std::sync::{Arc, OnceLock};

use crate::load::ProgramError;
use crate::obj::btf::{kind, BtfType};
use crate::obj::ObjectSpec;
use crate::prepare::co_re::testutil::module_blob;
use crate::prepare::co_re::CoreTarget;
use crate::prepare::kernel::{vmlinux, KernelBtf};
use crate::sys::probe::require_bpf;
use crate::testing::Feature;
use crate::{PrepareOpts, PreparedObject};

const OBJECT: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/module_externs.bpf.o"
));

/// Real vmlinux plus a module `vmlinux` defining the fixture's kfunc and variable (built
/// once: it copies all of vmlinux BTF), with their ids.
fn kernel_with_module() -> (Arc<KernelBtf>, u32, u32) {
    static KERNEL: OnceLock<(Arc<KernelBtf>, u32, u32)> = OnceLock::new();
    KERNEL.get_or_init(build_kernel_with_module).clone()
}

fn build_kernel_with_module() -> (Arc<KernelBtf>, u32, u32) {
    let base = Arc::clone(vmlinux().expect("vmlinux BTF").btf());
    let int = base
        .iter_types()
        .find(|(id, t)| t.kind_num() == kind::INT && base.name_of(*id) == "int")
        .map(|(id, _)| id)
        .expect("int");
    let blob = module_blob(&base, |b| {
        let proto = b.add_type(BtfType::new_func_proto(0, Vec::new()));
        let f = b.add_string("bpfgen_module_kfunc");
        b.add_type(BtfType::new_func(f, proto, 1));
        let v = b.add_string("bpfgen_module_var");
        b.add_type(BtfType::new_var(v, int, 1));
    });
    let module = crate::prepare::co_re::parse_split(&blob, &base).expect("module parses");
    let (func, var) = (module.start_id() + 1, module.start_id() + 2);
    let mut target = CoreTarget::new(base);
    target.add_module("vmlinux".into(), Arc::new(module));
    (Arc::new(KernelBtf::from_target(target)), func, var)
}

#[test]
fn module_kfunc_and_variable_reach_the_verifier_with_their_btf_objects() {
    // The verifier's refusals below are the test's evidence: a kernel that refuses tc
    // programs before verification cannot give them.
    let kernel = require_bpf!(Feature::TC);
    if kernel.refusal(Feature::TC).is_some() {
        return;
    }
    let (kernel, func, var) = kernel_with_module();
    let opts = PrepareOpts {
        kernel_btf: Some(kernel),
        ..Default::default()
    };
    let spec = ObjectSpec::parse_named(OBJECT, "module_externs").expect("fixture parses");
    let obj = PreparedObject::prepare_with(spec, &opts).expect("prepare");

    let err = obj
        .program("call_module_kfunc")
        .expect("program")
        .load_lazy();
    let Err(ProgramError::Verifier(v)) = err else {
        panic!("expected a verifier refusal, got {err:?}");
    };
    // The call's `off` named fd_array slot 1, which holds the "module" BTF object.
    assert!(
        v.log.contains("BTF fd for kfunc is not a module BTF"),
        "{}",
        v.log
    );

    let err = obj.program("read_module_var").expect("program").load_lazy();
    let Err(ProgramError::Verifier(v)) = err else {
        panic!("expected a verifier refusal, got {err:?}");
    };
    // The BTF object was accepted as kernel BTF; the id is the module's, not vmlinux's.
    assert!(
        v.log
            .contains(&format!("ldimm64 insn specifies invalid btf_id {var}.")),
        "{}",
        v.log
    );
    assert!(func < var);
}

#[test]
fn module_externs_fail_clearly_when_no_module_has_them() {
    require_bpf!();
    let spec = ObjectSpec::parse_named(OBJECT, "module_externs").expect("fixture parses");
    let obj = PreparedObject::prepare(spec).expect("prepare");
    let err = obj
        .program("call_module_kfunc")
        .expect("program")
        .load_lazy()
        .expect_err("no such kfunc");
    let msg = err.to_string();
    assert!(
        msg.contains("bpfgen_module_kfunc") && msg.contains("not found in vmlinux or module BTF"),
        "{msg}"
    );
}

#[test]
fn attach_targets_are_searched_in_modules_and_module_prefixes_are_honoured() {
    use crate::abi::AttachType;
    use crate::load::attach_btf::resolve_attach_btf_id;
    require_bpf!();
    let (kernel, func, _) = kernel_with_module();
    let kernel = crate::prepare::kernel::KernelSource::new(Some(kernel));
    let tracing = ObjectSpec::parse_named(
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/tracing.bpf.o"
        )),
        "tracing",
    )
    .expect("fixture parses");
    let fentry = tracing
        .programs
        .iter()
        .find(|p| p.section.starts_with("fentry/"))
        .expect("fentry program");
    let resolve = |target: &str| {
        resolve_attach_btf_id(&kernel, fentry, Some(AttachType::TraceFentry), Some(target))
    };
    // A plain name misses vmlinux and is found in the module, with its BTF object.
    let (id, fd) = resolve("bpfgen_module_kfunc").expect("module target");
    assert_eq!(id, func);
    assert!(fd.is_some(), "attach_btf_obj_fd comes with a module target");
    // `module:name` looks in that module only; `vmlinux:name` in vmlinux only.
    assert!(resolve("vmlinux:do_unlinkat").expect("vmlinux").1.is_none());
    let err = resolve("no_such_module:do_unlinkat").expect_err("no module");
    assert!(err.to_string().contains("module `no_such_module`"), "{err}");
    let (vm_id, fd) = resolve("do_unlinkat").expect("vmlinux first");
    assert!(fd.is_none() && vm_id < func);
}
