//! `SEC("tc")` / `SEC("classifier")` on the real kernel (`tc_classifier.bpf.o`), on `lo`:
//! `attach` (tcx where the kernel has it), and the netlink path (`clsact` qdisc plus a
//! direct-action `bpf` filter) on ingress and, for a clone, egress. Each step sends
//! datagrams carrying the fixture's magic and reads the counters; dropping or detaching
//! stops them. One test function in its own binary, so no other test's program sits on
//! `lo` meanwhile.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::net::UdpSocket;

use bpfgen_runtime::attach::{TcDirection, TcHook, TcLink};
use bpfgen_runtime::kind::Tc;
use bpfgen_runtime::maps::Array;
use bpfgen_runtime::{CloneOpts, Program};
use common::{kernel, open_fixture, Feature};

/// Counts of (`count_tc`, `count_classifier`) gained by one magic datagram over `lo`.
fn one_datagram(hits: &Array<u64>) -> (u64, u64) {
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let before = (hits.get(0).unwrap(), hits.get(1).unwrap());
    tx.send_to(b"bpfg-tc", rx.local_addr().unwrap()).unwrap();
    let mut buf = [0u8; 16];
    rx.recv(&mut buf).unwrap();
    (
        hits.get(0).unwrap() - before.0,
        hits.get(1).unwrap() - before.1,
    )
}

#[test]
fn tc_classifiers_attach_through_tcx_and_netlink_until_dropped() {
    let Some(k) = kernel(
        "tc_classifiers_attach_through_tcx_and_netlink_until_dropped",
        &[Feature::TC],
    ) else {
        return;
    };
    let obj = open_fixture("tc_classifier.bpf.o").prepare().unwrap();
    let hits: Array<u64> = Array::new(&obj, "tc_hits").unwrap();
    let tc: Program<Tc> = Program::new(&obj, "count_tc").unwrap();
    let classifier: Program<Tc> = Program::new(&obj, "count_classifier").unwrap();
    if k.refuses(Feature::TC, "count_tc", || tc.load_lazy()) {
        return;
    }
    let loaded = tc.load_lazy().unwrap();
    assert_eq!(one_datagram(&hits), (0, 0), "nothing attached yet");

    // attach: tcx on this kernel (6.6+), a netlink filter before it.
    let link = loaded.attach(1, TcDirection::Ingress).unwrap();
    let how = match &link {
        TcLink::Tcx(_) => "tcx",
        TcLink::Filter(_) => "netlink filter",
    };
    eprintln!("SEC(\"tc\") attach went through {how}");
    assert_eq!(
        one_datagram(&hits),
        (1, 0),
        "ingress on lo sees the datagram once"
    );
    drop(link);
    assert_eq!(one_datagram(&hits), (0, 0), "detached on drop");

    // The netlink path, asked for explicitly.
    let created = TcHook::create_qdisc(1).unwrap();
    assert!(!TcHook::create_qdisc(1).unwrap(), "the qdisc exists now");
    let hook = TcHook::new(1, TcDirection::Ingress).priority(7).handle(3);
    let filter = loaded.attach_filter(hook).unwrap();
    assert_eq!(filter.hook(), hook);
    assert_eq!(one_datagram(&hits), (1, 0), "the filter runs");
    let taken = loaded.attach_filter(hook).unwrap_err().to_string();
    assert!(
        taken.contains("count_tc")
            && taken.contains("priority 7, handle 3")
            && taken.contains("already holds"),
        "{taken}"
    );
    // A clone of the classifier on egress: lo's egress sees the same datagram.
    let clone = classifier.clone_with(&CloneOpts::default()).unwrap();
    let egress = clone
        .attach_filter(TcHook::new(1, TcDirection::Egress))
        .unwrap();
    assert_eq!(
        one_datagram(&hits),
        (1, 1),
        "ingress filter and egress clone"
    );
    filter.detach().unwrap();
    assert_eq!(
        one_datagram(&hits),
        (0, 1),
        "detach removed the ingress filter"
    );
    drop(egress);
    assert_eq!(
        one_datagram(&hits),
        (0, 0),
        "drop removed the egress filter"
    );
    if created {
        TcHook::destroy_qdisc(1).unwrap();
    }

    // Without a clsact qdisc on the interface, the error says what to do.
    let missing = TcHook::new(1, TcDirection::Ingress);
    if created {
        let err = loaded.attach_filter(missing).unwrap_err().to_string();
        assert!(err.contains("TcHook::create_qdisc"), "{err}");
    }
}
