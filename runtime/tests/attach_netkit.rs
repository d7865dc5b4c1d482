//! `SEC("netkit/primary")` on the real kernel (`tc_classifier.bpf.o`). Where the kernel
//! has the netkit driver, a netkit pair is made with `ip link` and the program is
//! attached, ordered and detached. Without it (this is said on stderr), the test checks
//! bpfgen's side only: attaching to a device that is not netkit is an error naming the
//! program and the hook.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::process::Command;

use bpfgen_runtime::attach::TcxOrder;
use bpfgen_runtime::kind::Netkit;
use bpfgen_runtime::Program;
use common::{kernel, prepare, Feature};

/// The index of interface `name`, from sysfs.
fn ifindex(name: &str) -> u32 {
    std::fs::read_to_string(format!("/sys/class/net/{name}/ifindex"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn netkit_program_attaches_to_a_netkit_device() {
    let Some(k) = kernel(
        "netkit_program_attaches_to_a_netkit_device",
        &[Feature::NETKIT_PRIMARY],
    ) else {
        return;
    };
    let obj = prepare("tc_classifier.bpf.o");
    let prog: Program<Netkit> = Program::new(&obj, "count_netkit").unwrap();
    if k.refuses(Feature::NETKIT_PRIMARY, "count_netkit", || prog.load_lazy()) {
        return;
    }
    let loaded = prog.load_lazy().unwrap();
    // `lo` is no netkit device: refused, with the program and hook named.
    let err = loaded.attach(1).unwrap_err().to_string();
    assert!(
        err.contains("count_netkit") && err.contains("netkit primary"),
        "{err}"
    );
    let name = format!("bpfgen-nk{}", std::process::id() % 10_000);
    let made = Command::new("ip")
        .args(["link", "add", &name, "type", "netkit"])
        .output()
        .unwrap();
    if !made.status.success() {
        eprintln!(
            "netkit_program_attaches_to_a_netkit_device: this kernel has no netkit driver \
             (`ip link add type netkit`: {}); only bpfgen's side was checked",
            String::from_utf8_lossy(&made.stderr).trim()
        );
        return;
    }
    let index = ifindex(&name);
    let first = loaded.attach(index);
    let second = first
        .as_ref()
        .ok()
        .map(|l| loaded.attach_with(index, TcxOrder::Before(l)));
    Command::new("ip")
        .args(["link", "del", &name])
        .status()
        .unwrap();
    let first = first.unwrap();
    second.unwrap().unwrap();
    drop(first);
}
