//! struct_ops from a generated skeleton on the real kernel: `skel.struct_ops.bpfgen_ca`
//! registers the fixture's `tcp_congestion_ops` (the kernel lists it as an available
//! congestion control) and dropping the registration removes it.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use bpfgen_runtime::testing::{Feature, KernelTest};
use golden_check::struct_ops::StructOpsSkel;

fn kernel(test: &str, needs: &[Feature]) -> Option<KernelTest> {
    bpfgen_runtime::testing::kernel_test(test, needs)
}

/// The tcp_congestion_ops members the fixture implements.
const MEMBERS: [Feature; 3] = [
    member("ssthresh"),
    member("cong_avoid"),
    member("undo_cwnd"),
];

const fn member(member: &'static str) -> Feature {
    Feature::StructOps {
        name: "tcp_congestion_ops",
        member,
    }
}

fn available() -> String {
    std::fs::read_to_string("/proc/sys/net/ipv4/tcp_available_congestion_control")
        .unwrap_or_default()
}

#[test]
fn skeleton_registers_its_struct_ops_and_drop_unregisters() {
    let Some(k) = kernel(
        "skeleton_registers_its_struct_ops_and_drop_unregisters",
        &MEMBERS,
    ) else {
        return;
    };
    let skel = StructOpsSkel::open().unwrap().prepare().unwrap();
    let ca = &skel.struct_ops.bpfgen_ca;
    assert_eq!(
        (ca.name(), ca.struct_name()),
        ("bpfgen_ca", "tcp_congestion_ops")
    );
    for feature in MEMBERS {
        if k.refuses(feature, "bpfgen_ca", || ca.register()) {
            return;
        }
    }
    assert!(!available().contains("bpfgen_ca"));
    let registration = ca.register().unwrap();
    assert!(skel.progs.bpfgen_ssthresh.is_loaded(), "members loaded");
    assert!(available().contains("bpfgen_ca"), "{}", available());
    drop(registration);
    assert!(!available().contains("bpfgen_ca"), "unregistered on drop");
}
