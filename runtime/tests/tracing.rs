//! BTF-attached program kinds: attach targets resolved from SEC() or a clone's target name.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::os::fd::AsFd;

use bpfgen_runtime::obj::btf::kind;
use bpfgen_runtime::prepare::kernel::vmlinux;
use bpfgen_runtime::{sys, CloneOpts, ProgramError};
use common::{kernel, prepare, Feature};

const TP_BTF_SCHED_SWITCH: Feature = Feature::tp_btf("sched_switch");
const TP_BTF_SCHED_WAKEUP: Feature = Feature::tp_btf("sched_wakeup");
const FENTRY_UNLINKAT: Feature = Feature::fentry("do_unlinkat");
const LSM_BPF: Feature = Feature::lsm("bpf");

#[test]
fn tp_btf_and_iter_resolve_their_targets() {
    let Some(kt) = kernel(
        "tp_btf_and_iter_resolve_their_targets",
        &[TP_BTF_SCHED_SWITCH, Feature::TASK_ITER],
    ) else {
        return;
    };
    let obj = prepare("tracing.bpf.o");
    let k = vmlinux().unwrap();
    for (feature, prog, btf_name, want) in [
        (
            TP_BTF_SCHED_SWITCH,
            "on_sched_switch",
            "btf_trace_sched_switch",
            kind::TYPEDEF,
        ),
        (Feature::TASK_ITER, "dump_task", "bpf_iter_task", kind::FUNC),
    ] {
        let p = obj.program(prog).unwrap();
        if kt.refuses(feature, prog, || p.load_lazy()) {
            continue;
        }
        p.load_lazy().unwrap_or_else(|e| panic!("{prog}: {e}"));
        let info = sys::prog_get_info(p.fd().unwrap().as_fd()).unwrap();
        assert_eq!(info.attach_btf_id, k.find(btf_name, want)[0], "{prog}");
    }
}

#[test]
fn clones_retarget_by_name() {
    let Some(kt) = kernel("clones_retarget_by_name", &[TP_BTF_SCHED_WAKEUP]) else {
        return;
    };
    let obj = prepare("tracing.bpf.o");
    let p = obj.program("on_sched_switch").unwrap();
    let retargeted = CloneOpts {
        attach_target: Some("sched_wakeup"),
        ..Default::default()
    };
    if kt.refuses(TP_BTF_SCHED_WAKEUP, "on_sched_switch", || {
        p.clone_with(&retargeted)
    }) {
        return;
    }
    let c = p
        .clone_with(&CloneOpts {
            attach_target: Some("sched_wakeup"),
            ..Default::default()
        })
        .unwrap();
    let info = sys::prog_get_info(c.as_fd()).unwrap();
    let k = vmlinux().unwrap();
    assert_eq!(
        info.attach_btf_id,
        k.find("btf_trace_sched_wakeup", kind::TYPEDEF)[0]
    );
    let err = p
        .clone_with(&CloneOpts {
            attach_target: Some("no_such_tracepoint"),
            ..Default::default()
        })
        .unwrap_err();
    assert!(matches!(err, ProgramError::AttachTarget { .. }), "{err}");
    assert!(
        err.to_string().contains("btf_trace_no_such_tracepoint"),
        "{err}"
    );
}

/// fentry and LSM programs: this project's CI kernel refuses them with EPERM before the
/// verifier runs; where the probe loads them, bpfgen must too.
#[test]
fn fentry_and_lsm_load_or_the_kernel_refusal_is_reported() {
    let Some(kt) = kernel(
        "fentry_and_lsm_load_or_the_kernel_refusal_is_reported",
        &[FENTRY_UNLINKAT, LSM_BPF],
    ) else {
        return;
    };
    let obj = prepare("tracing.bpf.o");
    for (feature, prog) in [(FENTRY_UNLINKAT, "on_unlinkat"), (LSM_BPF, "on_bpf")] {
        let p = obj.program(prog).unwrap();
        if kt.refuses(feature, prog, || p.load_lazy()) {
            // bpfgen's side: the error is the kernel's, before verification, no log.
            let Err(ProgramError::Verifier(v)) = p.load_lazy() else {
                panic!("{prog}: a verifier error");
            };
            assert!(v.log.is_empty(), "{prog}: {}", v.log);
            assert!(!p.is_loaded());
            continue;
        }
        let report = p.load_lazy().unwrap_or_else(|e| panic!("{prog}: {e}"));
        assert!(report.report().verified_insns > 0);
    }
}

/// `BPF_TRACE_FREPLACE` has no attach type of its own: EXT links take the program's.
#[test]
fn freplace_clone_resolves_its_target_in_the_target_programs_btf() {
    let Some(kt) = kernel(
        "freplace_clone_resolves_its_target_in_the_target_programs_btf",
        &[Feature::TC, Feature::Freplace],
    ) else {
        return;
    };
    let obj = prepare("freplace.bpf.o");
    let target = obj.program("classify").unwrap();
    if kt.refuses(Feature::TC, "classify", || target.load_lazy()) {
        return;
    }
    target.load_lazy().unwrap();
    let target_fd = target.fd().unwrap();
    assert_eq!(common::test_run(target_fd.as_fd(), &common::PACKET, &[]), 1);

    let ext = obj.program("decide_always_42").unwrap();
    let err = ext.load_lazy().unwrap_err();
    assert!(err.to_string().contains("attach_prog_fd"), "{err}");
    let opts = CloneOpts {
        attach_prog_fd: Some(Some(target_fd.as_fd())),
        ..Default::default()
    };
    // `decide` was found in classify's BTF (a failed lookup is an AttachTarget error and
    // never reaches the kernel). This project's CI kernel refuses EXT programs with EPERM
    // before verification.
    if !kt.refuses(Feature::Freplace, "decide_always_42", || {
        ext.clone_with(&opts)
    }) {
        let replacement = ext.clone_with(&opts).unwrap();
        let _link = sys::link_create(replacement.as_fd(), 0, Default::default(), 0)
            .expect("attach the replacement");
        assert_eq!(
            common::test_run(target_fd.as_fd(), &common::PACKET, &[]),
            42,
            "decide() was replaced"
        );
    }

    let bad = CloneOpts {
        attach_target: Some("no_such_function"),
        ..opts
    };
    let err = ext.clone_with(&bad).unwrap_err();
    assert!(
        err.to_string().contains("no function `no_such_function`"),
        "{err}"
    );
}
