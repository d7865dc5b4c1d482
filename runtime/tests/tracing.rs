//! BTF-attached program kinds: attach targets resolved from SEC() or a clone's target name.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::os::fd::AsFd;

use bpfgen_runtime::kernel::vmlinux;
use bpfgen_runtime::obj::btf::kind;
use bpfgen_runtime::{sys, CloneOpts, ProgramError};
use common::{kernel, prepare};

#[test]
fn tp_btf_and_iter_resolve_their_targets() {
    if !kernel("tp_btf_and_iter_resolve_their_targets") {
        return;
    }
    let obj = prepare("tracing.bpf.o");
    let k = vmlinux().unwrap();
    for (prog, btf_name, want) in [
        ("on_sched_switch", "btf_trace_sched_switch", kind::TYPEDEF),
        ("dump_task", "bpf_iter_task", kind::FUNC),
    ] {
        let p = obj.program(prog).unwrap();
        p.load_lazy().unwrap_or_else(|e| panic!("{prog}: {e}"));
        let info = sys::prog_get_info(p.fd().unwrap().as_fd()).unwrap();
        assert_eq!(info.attach_btf_id, k.find(btf_name, want)[0], "{prog}");
    }
}

#[test]
fn clones_retarget_by_name() {
    if !kernel("clones_retarget_by_name") {
        return;
    }
    let obj = prepare("tracing.bpf.o");
    let p = obj.program("on_sched_switch").unwrap();
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
/// verifier runs; elsewhere they must load.
#[test]
fn fentry_and_lsm_load_or_the_kernel_refusal_is_reported() {
    if !kernel("fentry_and_lsm_load_or_the_kernel_refusal_is_reported") {
        return;
    }
    let obj = prepare("tracing.bpf.o");
    for prog in ["on_unlinkat", "on_bpf"] {
        match obj.program(prog).unwrap().load_lazy() {
            Ok(r) => assert!(r.verified_insns > 0),
            Err(ProgramError::Verifier(v)) if v.errno == libc::EPERM && v.log.is_empty() => {
                eprintln!(
                    "{prog}: this kernel refuses it with EPERM before verification (expected here)"
                );
            }
            Err(e) => panic!("{prog}: {e}"),
        }
    }
}

/// `BPF_TRACE_FREPLACE` has no attach type of its own: EXT links take the program's.
#[test]
fn freplace_clone_resolves_its_target_in_the_target_programs_btf() {
    if !kernel("freplace_clone_resolves_its_target_in_the_target_programs_btf") {
        return;
    }
    let obj = prepare("freplace.bpf.o");
    let target = obj.program("classify").unwrap();
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
    // never reaches the kernel). Trampoline-based kinds, EXT included, are refused with
    // EPERM before verification by this project's CI kernel.
    match ext.clone_with(&opts) {
        Ok(replacement) => {
            let _link =
                sys::link_create(replacement.as_fd(), 0, 0, 0).expect("attach the replacement");
            assert_eq!(
                common::test_run(target_fd.as_fd(), &common::PACKET, &[]),
                42,
                "decide() was replaced"
            );
        }
        Err(ProgramError::Verifier(v)) if v.errno == libc::EPERM && v.log.is_empty() => {
            eprintln!("freplace: target resolved; this kernel refuses EXT programs with EPERM before verification");
        }
        Err(e) => panic!("{e}"),
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
