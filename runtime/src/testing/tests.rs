//! The probes themselves: faked refusal signs classify as refusals, a faked rejection
//! as a probe failure, and every feature gets an answer from the real kernel.

use crate::abi::Command;
use std::io;

use super::{probe::probe, Feature, ProbeResult};
use crate::sys::with_fake_bpf;

/// Every feature the kernel tests name.
const ALL: &[Feature] = &[
    Feature::SOCKET_FILTER,
    Feature::XDP,
    Feature::XDP_FRAGS,
    Feature::TC,
    Feature::TCX_INGRESS,
    Feature::TRACEPOINT,
    Feature::RAW_TRACEPOINT,
    Feature::KPROBE,
    Feature::KPROBE_MULTI,
    Feature::UPROBE_MULTI,
    Feature::PERF_EVENT,
    Feature::CGROUP_SKB_INGRESS,
    Feature::CGROUP_SKB_EGRESS,
    Feature::CGROUP_SOCK_CREATE,
    Feature::CGROUP_CONNECT4,
    Feature::CGROUP_CONNECT_UNIX,
    Feature::CGROUP_SYSCTL,
    Feature::CGROUP_GETSOCKOPT,
    Feature::CGROUP_DEVICE,
    Feature::SOCK_OPS,
    Feature::SK_SKB_VERDICT,
    Feature::SK_MSG,
    Feature::FLOW_DISSECTOR,
    Feature::LWT_IN,
    Feature::SK_LOOKUP,
    Feature::SYSCALL,
    Feature::NETFILTER,
    Feature::MAP_ITER,
    Feature::TASK_ITER,
    Feature::CGROUP_ITER,
    Feature::tp_btf("sys_enter"),
    Feature::fentry("do_unlinkat"),
    Feature::lsm("bpf"),
    Feature::Freplace,
    Feature::StructOps {
        name: "tcp_congestion_ops",
        member: "ssthresh",
    },
    Feature::KprobeAttach("do_unlinkat"),
    Feature::KprobeMultiAttach("do_unlinkat"),
];

#[test]
fn every_feature_gets_an_answer_from_the_kernel() {
    crate::sys::require_bpf!();
    for feature in ALL {
        let result = probe(feature);
        eprintln!("{feature}: {result:?}");
        assert!(
            !matches!(result, ProbeResult::ProbeFailed(_)),
            "{feature}: {result:?}"
        );
    }
}

fn faked_load(errno: i32) -> ProbeResult {
    with_fake_bpf(
        |cmd| (cmd == Command::ProgLoad).then(|| Err(io::Error::from_raw_os_error(errno))),
        || probe(&Feature::SOCKET_FILTER),
    )
}

#[test]
fn refusal_signs_are_refusals_and_other_rejections_are_probe_bugs() {
    crate::sys::require_bpf!();
    for errno in [libc::EPERM, libc::EOPNOTSUPP, 524, libc::EINVAL] {
        let ProbeResult::Refused { errno: got, reason } = faked_load(errno) else {
            panic!("errno {errno} is a refusal sign");
        };
        assert_eq!(got, Some(errno));
        assert!(reason.contains("BPF_PROG_LOAD"), "{reason}");
    }
    assert!(matches!(
        faked_load(libc::EACCES),
        ProbeResult::ProbeFailed(_)
    ));
}

#[test]
fn a_target_missing_from_kernel_btf_is_refused() {
    crate::sys::require_bpf!();
    let result = probe(&Feature::fentry("bpfgen_no_such_function"));
    let ProbeResult::Refused {
        errno: None,
        reason,
    } = result
    else {
        panic!("{result:?}");
    };
    assert!(reason.contains("`bpfgen_no_such_function`"), "{reason}");
}
