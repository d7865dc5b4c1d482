//! struct_ops member programs load with the kernel struct's BTF id and member index.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::os::fd::AsFd;

use bpfgen_runtime::obj::btf::kind;
use bpfgen_runtime::prepare::kernel::vmlinux;
use bpfgen_runtime::sys;
use common::{kernel, prepare, Feature};

/// The tcp_congestion_ops members the fixture implements, with its programs.
const MEMBERS: [(Feature, &str); 3] = [
    (member("ssthresh"), "bpfgen_ssthresh"),
    (member("cong_avoid"), "bpfgen_cong_avoid"),
    (member("undo_cwnd"), "bpfgen_undo_cwnd"),
];

const fn member(member: &'static str) -> Feature {
    Feature::StructOps {
        name: "tcp_congestion_ops",
        member,
    }
}

#[test]
fn struct_ops_members_load_against_the_kernel_struct() {
    let Some(k) = kernel(
        "struct_ops_members_load_against_the_kernel_struct",
        &MEMBERS.map(|(f, _)| f),
    ) else {
        return;
    };
    let obj = prepare("struct_ops.bpf.o");
    let ops = vmlinux().unwrap().find("tcp_congestion_ops", kind::STRUCT)[0];
    for (feature, name) in MEMBERS {
        let p = obj.program(name).unwrap();
        if k.refuses(feature, name, || p.load_lazy()) {
            continue;
        }
        let m = p.spec().struct_ops.as_ref().expect("linked to a member");
        assert_eq!(
            (m.map.as_str(), m.struct_name.as_str()),
            ("bpfgen_ca", "tcp_congestion_ops")
        );
        p.load_lazy().unwrap_or_else(|e| panic!("{name}: {e}"));
        let info = sys::prog_get_info(p.fd().unwrap().as_fd()).unwrap();
        assert_eq!(
            info.attach_btf_id, ops,
            "{name} attaches to struct tcp_congestion_ops"
        );
    }
}

fn available_congestion_controls() -> String {
    std::fs::read_to_string("/proc/sys/net/ipv4/tcp_available_congestion_control")
        .unwrap_or_default()
}

#[test]
fn registering_a_struct_ops_makes_the_kernel_use_it_and_dropping_unregisters() {
    let Some(k) = kernel(
        "registering_a_struct_ops_makes_the_kernel_use_it_and_dropping_unregisters",
        &MEMBERS.map(|(f, _)| f),
    ) else {
        return;
    };
    let obj = prepare("struct_ops.bpf.o");
    for (feature, name) in MEMBERS {
        if k.refuses(feature, name, || {
            bpfgen_runtime::attach::struct_ops::register(&obj, "bpfgen_ca")
        }) {
            return;
        }
    }
    assert!(!available_congestion_controls().contains("bpfgen_ca"));
    let reg = bpfgen_runtime::attach::struct_ops::register(&obj, "bpfgen_ca").expect("register");
    assert!(
        obj.program("bpfgen_ssthresh").unwrap().is_loaded(),
        "members were loaded"
    );
    assert!(
        available_congestion_controls().contains("bpfgen_ca"),
        "{}",
        available_congestion_controls()
    );
    drop(reg);
    assert!(
        !available_congestion_controls().contains("bpfgen_ca"),
        "unregistered on drop"
    );
    assert!(bpfgen_runtime::attach::struct_ops::register(&obj, "no_such_ops").is_err());
}
