//! What the running kernel offers, asked the way product code picks a program variant:
//! tracepoints (tracefs wherever it is), kernel functions and BTF types. Present and
//! absent names both, so a probe that always says yes (or no) fails.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use bpfgen_runtime::prepare::kernel::{
    kernel_function_exists, kernel_type_exists, tracepoint_exists,
};
use common::kernel;

#[test]
fn present_and_absent_names_are_told_apart() {
    if kernel("present_and_absent_names_are_told_apart", &[]).is_none() {
        return;
    }
    assert!(tracepoint_exists("syscalls", "sys_enter_getpid").unwrap());
    assert!(tracepoint_exists("sched", "sched_process_fork").unwrap());
    assert!(!tracepoint_exists("syscalls", "sys_enter_bpfgen_nope").unwrap());
    assert!(!tracepoint_exists("bpfgen_no_category", "x").unwrap());
    assert!(
        tracepoint_exists("../x", "y").is_err(),
        "not a path component"
    );

    assert!(kernel_function_exists("do_unlinkat").unwrap());
    assert!(!kernel_function_exists("bpfgen_no_such_function").unwrap());

    assert!(kernel_type_exists("task_struct").unwrap());
    assert!(kernel_type_exists("bpf_map_type").unwrap(), "enums count");
    assert!(!kernel_type_exists("bpfgen_no_such_type").unwrap());
}
