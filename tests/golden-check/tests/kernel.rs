//! A generated skeleton end to end on the real kernel (the committed golden
//! `golden_check::minimal`): open → set `.rodata`, `.bss` and settings →
//! prepare → `load_lazy()` one program → trigger it → read a typed map and a
//! typed `.bss` variable. Skips (saying why) only when `bpf()` is not
//! permitted; with `BPFGEN_REQUIRE_KERNEL=1` a skip is a failure. A program kind the
//! kernel refuses (probed apart from bpfgen) is reported, and only bpfgen's error for it
//! is checked.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use std::net::UdpSocket;
use std::time::Duration;

use bpfgen_runtime::attach::XdpFlags;
use bpfgen_runtime::testing::{Feature, KernelTest};
use bpfgen_runtime::CloneOpts;
use golden_check::minimal::{names, types, MinimalCloneMaps, MinimalSkel};

/// Decides kernel test `test` needing `needs` (`bpfgen_runtime::testing::kernel_test`):
/// `None` skips, otherwise which of `needs` the kernel refuses.
fn kernel(test: &str, needs: &[Feature]) -> Option<KernelTest> {
    bpfgen_runtime::testing::kernel_test(test, needs)
}

/// A bound receiver and a sender; `send(n)` delivers `n` datagrams and waits
/// until the receiver got them (so a socket filter on it has run).
struct Loopback {
    rx: UdpSocket,
    tx: UdpSocket,
}

impl Loopback {
    fn new() -> Loopback {
        let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
        rx.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
        Loopback { rx, tx }
    }

    fn send(&self, n: usize) {
        let to = self.rx.local_addr().unwrap();
        let mut buf = [0u8; 64];
        for _ in 0..n {
            self.tx.send_to(b"bpfgen skeleton test", to).unwrap();
            self.rx.recv(&mut buf).unwrap();
        }
    }
}

#[test]
fn open_set_prepare_load_trigger_read() {
    let Some(k) = kernel(
        "open_set_prepare_load_trigger_read",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let mut open = MinimalSkel::open().unwrap();
    assert_eq!(open.rodata.sample_every, 1, "initial value from the object");
    open.rodata.sample_every = 2; // count every second packet in `stats`
    open.bss.total_seen = 10; // initial `.bss`
    open.maps.calls_by_pid.max_entries = 64;
    open.progs.xdp_count.autoload = false;
    let skel = open.prepare().unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "count_packets", || {
        skel.progs.count_packets.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    assert_eq!(skel.rodata().sample_every, 2);
    assert_eq!(skel.maps.calls_by_pid.map().spec().max_entries, 64);
    assert!(!skel.object().program("xdp_count").unwrap().spec().autoload);

    let net = Loopback::new();
    let report = skel.progs.count_packets.load_lazy().unwrap();
    assert!(report.report().verified_insns > 0);
    let link = report.attach(&net.rx).unwrap();
    assert!(skel.progs.count_packets.is_loaded());
    assert!(
        !skel.progs.count_getpid.is_loaded(),
        "only one program loaded"
    );

    net.send(4); // total_seen 11, 12, 13, 14: stats counts 12 and 14
    assert_eq!(skel.bss().load().total_seen, 14, "typed .bss variable");
    let stats: types::packet_stats = skel.maps.stats.get(0).unwrap();
    assert_eq!(stats.packets, 2, "typed map, rodata sample_every = 2");
    assert!(stats.bytes > 0);

    skel.bss().store(&types::Bss { total_seen: 99 }); // live: the program sees it
    net.send(1);
    assert_eq!(skel.bss().load().total_seen, 100);
    assert_eq!(skel.maps.stats.get(0).unwrap().packets, 3);
    drop(link);
    net.send(1);
    assert_eq!(skel.bss().load().total_seen, 100, "detached on drop");
}

#[test]
fn clone_and_tracepoint_attach() {
    let Some(k) = kernel(
        "clone_and_tracepoint_attach",
        &[Feature::SOCKET_FILTER, Feature::TRACEPOINT],
    ) else {
        return;
    };
    let skel = MinimalSkel::open().unwrap().prepare().unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "count_packets", || {
        skel.progs.count_packets.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    if k.refuses(Feature::TRACEPOINT, "count_getpid", || {
        skel.progs.count_getpid.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    let net = Loopback::new();
    let clone = skel
        .progs
        .count_packets
        .clone_with(&CloneOpts::default())
        .unwrap();
    assert!(
        !skel.progs.count_packets.is_loaded(),
        "a clone is its own load"
    );
    let _link = clone.attach(&net.rx).unwrap();
    net.send(3);
    assert_eq!(
        skel.maps.stats.get(0).unwrap().packets,
        3,
        "clones share maps"
    );

    let _tp = skel
        .progs
        .count_getpid
        .load_lazy()
        .unwrap()
        .attach()
        .unwrap();
    let pid = std::process::id();
    for _ in 0..3 {
        assert_eq!(std::process::id(), pid); // getpid(2)
    }
    let calls = skel.maps.calls_by_pid.lookup(&pid).unwrap();
    assert!(calls.is_some_and(|n| n >= 3), "getpid calls: {calls:?}");
}

#[test]
fn xdp_on_loopback() {
    let Some(k) = kernel("xdp_on_loopback", &[Feature::XDP]) else {
        return;
    };
    let skel = MinimalSkel::open().unwrap().prepare().unwrap();
    if k.refuses(Feature::XDP, "xdp_count", || {
        skel.progs.xdp_count.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    let link = skel
        .progs
        .xdp_count
        .load_lazy()
        .unwrap()
        .attach(1, XdpFlags::SKB_MODE)
        .unwrap();
    let net = Loopback::new();
    net.send(2);
    let seen = skel.bss().load().total_seen;
    assert!(seen >= 2, "XDP saw the loopback packets: {seen}");
    drop(link);
}

#[test]
fn load_autoload_then_attach_auto() {
    let Some(k) = kernel(
        "load_autoload_then_attach_auto",
        &[Feature::SOCKET_FILTER, Feature::XDP, Feature::TRACEPOINT],
    ) else {
        return;
    };
    let skel = MinimalSkel::open().unwrap().prepare().unwrap();
    for (feature, name) in [
        (Feature::SOCKET_FILTER, "count_packets"),
        (Feature::XDP, "xdp_count"),
        (Feature::TRACEPOINT, "count_getpid"),
    ] {
        if k.refuses(feature, name, || skel.load_autoload()) {
            return;
        }
    }
    skel.load_autoload().unwrap();
    // The socket filter and XDP programs need run-time targets; the tracepoint names
    // its own.
    let links = skel.attach_auto().unwrap();
    let names: Vec<&str> = links.iter().map(|l| l.program.as_str()).collect();
    assert_eq!(names, ["count_getpid"]);
    let pid = std::process::id();
    for _ in 0..3 {
        assert_eq!(std::process::id(), pid); // getpid(2)
    }
    let calls = skel.maps.calls_by_pid.lookup(&pid).unwrap();
    assert!(calls.is_some_and(|n| n >= 3), "getpid calls: {calls:?}");
}

#[test]
fn a_clone_with_its_own_constants_and_stats_map() {
    let Some(k) = kernel(
        "a_clone_with_its_own_constants_and_stats_map",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let skel = MinimalSkel::open().unwrap().prepare().unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "count_packets", || {
        skel.progs.count_packets.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    // One program, two configurations: the object's counts every packet, the clone
    // every third, into a `stats` map of its own.
    let every_third = skel
        .progs
        .count_packets
        .clone_with(
            &skel
                .clone_rodata(|r| r.sample_every = 3)
                .with_private_map(names::maps::STATS),
        )
        .unwrap();
    // One socket filter per socket: each instance gets its own receiver.
    let (to_clone, to_object) = (Loopback::new(), Loopback::new());
    let clone_link = every_third.attach(&to_clone.rx).unwrap();
    let object_link = skel
        .progs
        .count_packets
        .load_lazy()
        .unwrap()
        .attach(&to_object.rx)
        .unwrap();
    to_clone.send(6); // `.bss` total_seen 1..=6: the clone counts 3 and 6
    to_object.send(6); // total_seen 7..=12: the object counts each
    let own = MinimalCloneMaps::of(&every_third).unwrap();
    assert!(own.calls_by_pid.is_none(), "shared with the object");
    let clone_stats = own.stats.expect("the clone's own stats").get(0).unwrap();
    let object_stats = skel.maps.stats.get(0).unwrap();
    assert_eq!(clone_stats.packets, 2, "sample_every = 3");
    assert_eq!(
        object_stats.packets, 6,
        "sample_every = 1, and none of the clone's"
    );
    assert_eq!(skel.bss().load().total_seen, 12, "`.bss` is shared");
    assert_eq!(
        skel.rodata().sample_every,
        1,
        "the object's constant is unchanged"
    );
    drop((clone_link, object_link));
}
