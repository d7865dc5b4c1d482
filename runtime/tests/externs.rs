//! `.kconfig`, ksyms and kfuncs resolved against the running kernel.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use bpfgen_runtime::sys::{self, TestRun};
use bpfgen_runtime::ProgramError;
use common::{kernel, prepare, u64_at, Feature};
use std::os::fd::AsFd;

fn release_code() -> u64 {
    let r = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap();
    let v: Vec<u64> = r
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .map(|s| s.parse().unwrap())
        .collect();
    (v[0] << 16) + (v[1].min(255) << 8) + v[2].min(255)
}

#[test]
fn kconfig_ksyms_and_kfuncs_resolve() {
    let Some(k) = kernel("kconfig_ksyms_and_kfuncs_resolve", &[Feature::SYSCALL]) else {
        return;
    };
    let obj = prepare("externs.bpf.o");
    let p = obj.program("read_externs").unwrap();
    if k.refuses(Feature::SYSCALL, "read_externs", || p.load_lazy()) {
        return;
    }
    p.load_lazy()
        .expect("externs resolve and the program loads");
    sys::prog_test_run(&mut TestRun::new(p.fd().unwrap().as_fd())).expect("run");
    let results = obj.map("results").unwrap();
    let get = |i: u32| u64_at(&results.lookup(&i.to_ne_bytes()).unwrap().unwrap(), 0);
    assert_eq!(get(0), release_code(), "LINUX_KERNEL_VERSION");
    assert_eq!(get(1), 1, "CONFIG_BPF_SYSCALL=y");
    assert_eq!(get(2), 0, "a weak option the kernel lacks reads as 0");
    assert_eq!(get(3), 1, "typeless ksym has an address");
    assert_eq!(
        get(4),
        2,
        "bpf_ksym_exists() is false for the absent weak kfunc"
    );
    // .kconfig is a frozen map: user space cannot change what programs see.
    let kconfig = obj.map(".kconfig").expect(".kconfig map");
    assert!(kconfig
        .update(
            &0u32.to_ne_bytes(),
            &vec![0u8; kconfig.spec().value_size as usize],
            bpfgen_runtime::maps::UpdateFlags::Any
        )
        .is_err());
}

#[test]
fn unguarded_call_to_absent_weak_kfunc_fails_only_that_program() {
    let Some(k) = kernel(
        "unguarded_call_to_absent_weak_kfunc_fails_only_that_program",
        &[Feature::SYSCALL],
    ) else {
        return;
    };
    let obj = prepare("externs.bpf.o");
    if k.refuses(Feature::SYSCALL, "read_externs", || {
        obj.program("read_externs").unwrap().load_lazy()
    }) {
        return;
    }
    let err = obj
        .program("call_missing_kfunc")
        .unwrap()
        .load_lazy()
        .unwrap_err();
    let ProgramError::Verifier(v) = &err else {
        panic!("{err}")
    };
    assert!(
        v.notes.iter().any(|n| n.contains("bpfgen_no_such_kfunc")),
        "{err}"
    );
    obj.program("read_externs")
        .unwrap()
        .load_lazy()
        .expect("the other program loads");
}
