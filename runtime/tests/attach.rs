//! Typed attach on the real kernel: socket filters, XDP on `lo`, tracepoints; loaded
//! programs and clones (`Instance`); detaching on drop.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::net::UdpSocket;
use std::sync::Arc;
use std::time::Duration;

use bpfgen_runtime::attach::{AttachError, XdpFlags};
use bpfgen_runtime::kind::{SocketFilter, Tracepoint, Xdp};
use bpfgen_runtime::maps::{Array, PerCpuArray, RingBuf, RingBufReader};
use bpfgen_runtime::Program;
use bpfgen_runtime::{CloneOpts, PreparedObject};
use common::{kernel, open_fixture, send_through, Feature};

fn many_progs() -> Arc<PreparedObject> {
    open_fixture("many_progs.bpf.o").prepare().unwrap()
}

#[test]
fn socket_filter_attach_counts_until_dropped() {
    let Some(k) = kernel(
        "socket_filter_attach_counts_until_dropped",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = many_progs();
    let counts: Array<u64> = Array::new(&obj, "shared_counts").unwrap();
    let count_a: Program<SocketFilter> = Program::new(&obj, "count_a").unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "count_a", || count_a.load_lazy()) {
        return;
    }
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let link = count_a.load_lazy().unwrap().attach(&rx).unwrap();
    send_through(&rx);
    send_through(&rx);
    assert_eq!(counts.get(0).unwrap(), 2);
    drop(link);
    send_through(&rx);
    assert_eq!(counts.get(0).unwrap(), 2, "detached on drop");

    // A clone attaches on its own; `detach` reports success.
    let count_b = Program::<SocketFilter>::new(&obj, "count_b").unwrap();
    let instance = count_b.clone_with(&CloneOpts::default()).unwrap();
    assert!(
        !count_b.is_loaded(),
        "cloning does not load the object's program"
    );
    let link = instance.attach(&rx).unwrap();
    send_through(&rx);
    assert_eq!(counts.get(0).unwrap(), 102);
    link.detach().unwrap();
    send_through(&rx);
    assert_eq!(counts.get(0).unwrap(), 102);
}

#[test]
fn attach_keeps_working_after_unload() {
    let Some(k) = kernel(
        "attach_keeps_working_after_unload",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = many_progs();
    let counts: Array<u64> = Array::new(&obj, "shared_counts").unwrap();
    let prog: Program<SocketFilter> = Program::new(&obj, "count_a").unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "count_a", || prog.load_lazy()) {
        return;
    }
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let _link = prog.load_lazy().unwrap().attach(&rx).unwrap();
    assert!(prog.unload());
    assert!(prog.loaded().is_none());
    send_through(&rx);
    assert_eq!(
        counts.get(0).unwrap(),
        1,
        "the socket holds the kernel program"
    );
}

#[test]
fn wrong_kind_is_refused() {
    if kernel("wrong_kind_is_refused", &[]).is_none() {
        return;
    }
    let obj = many_progs();
    let err = Program::<Xdp>::new(&obj, "count_a").unwrap_err();
    assert!(
        err.to_string().contains("SocketFilter program, not Xdp"),
        "{err}"
    );
    assert!(Program::<Tracepoint>::new(&obj, "no_such_prog").is_err());
}

/// Sum over CPUs of `percpu_counts[0]` (XDP adds 12 per packet).
fn xdp_count(counts: &PerCpuArray<u64>) -> u64 {
    counts.get(0).unwrap().iter().sum()
}

/// Sends datagrams to 127.0.0.1 until the XDP counter moves (other traffic on `lo`
/// may add more); returns whether it did.
fn xdp_sees_traffic(counts: &PerCpuArray<u64>) -> bool {
    let before = xdp_count(counts);
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    for _ in 0..10 {
        send_through(&rx);
        if xdp_count(counts) > before {
            return true;
        }
    }
    false
}

/// XDP on `lo` (ifindex 1, generic mode). One test function: `lo` takes one XDP program
/// at a time.
#[test]
fn xdp_attach_on_loopback_until_dropped() {
    let Some(k) = kernel("xdp_attach_on_loopback_until_dropped", &[Feature::XDP]) else {
        return;
    };
    let obj = many_progs();
    let counts: PerCpuArray<u64> = PerCpuArray::new(&obj, "percpu_counts").unwrap();
    let xdp: Program<Xdp> = Program::new(&obj, "xdp_pass_count").unwrap();
    if k.refuses(Feature::XDP, "xdp_pass_count", || xdp.load_lazy()) {
        return;
    }
    let loaded = xdp.load_lazy().unwrap();
    let link = loaded.attach(1, XdpFlags::DEFAULT).unwrap();
    assert!(xdp_sees_traffic(&counts), "XDP counts packets on lo");
    assert_eq!(xdp_count(&counts) % 12, 0);

    let busy = loaded.attach(1, XdpFlags::DEFAULT).unwrap_err();
    assert!(matches!(busy, AttachError::Syscall { .. }), "{busy}");
    assert!(busy.to_string().contains("interface 1 (XDP)"), "{busy}");

    drop(link);
    let after = xdp_count(&counts);
    assert!(!xdp_sees_traffic(&counts), "detached on drop");
    assert_eq!(xdp_count(&counts), after);

    let instance = xdp.clone_with(&CloneOpts::default()).unwrap();
    let link = instance.attach(1, XdpFlags::SKB_MODE).unwrap();
    assert!(xdp_sees_traffic(&counts), "the clone counts");
    link.detach();
    assert!(!xdp_sees_traffic(&counts));
}

/// Waits for a `tp_getpid` event (kind 1, value `rodata_multiplier` = 3) from this
/// process; other processes' getpid calls are skipped.
fn saw_own_getpid(reader: &mut RingBufReader) -> bool {
    let me = std::process::id();
    for _ in 0..20 {
        // std::process::id() is a real getpid(2): glibc stopped caching it in 2.25.
        assert_eq!(std::process::id(), me);
        if !reader.poll(Duration::from_millis(50)).unwrap() {
            continue;
        }
        for record in &mut *reader {
            let pid = u32::from_ne_bytes(record[0..4].try_into().unwrap());
            let kind = u32::from_ne_bytes(record[4..8].try_into().unwrap());
            let value = u64::from_ne_bytes(record[8..16].try_into().unwrap());
            if pid == me && kind == 1 {
                assert_eq!(value, 3);
                return true;
            }
        }
    }
    false
}

#[test]
fn tracepoint_attach_sees_getpid_until_dropped() {
    let Some(k) = kernel(
        "tracepoint_attach_sees_getpid_until_dropped",
        &[Feature::TRACEPOINT],
    ) else {
        return;
    };
    let obj = many_progs();
    let mut reader = RingBuf::new(&obj, "events").unwrap().reader().unwrap();
    let tp: Program<Tracepoint> = Program::new(&obj, "tp_getpid").unwrap();
    if k.refuses(Feature::TRACEPOINT, "tp_getpid", || tp.load_lazy()) {
        return;
    }
    let link = tp.load_lazy().unwrap().attach().unwrap();
    assert!(
        link.perf_event().is_some(),
        "a BPF_PERF_EVENT link over a perf event"
    );
    assert!(
        saw_own_getpid(&mut reader),
        "SEC() target syscalls/sys_enter_getpid"
    );
    drop(link);
    reader.by_ref().for_each(drop);
    assert!(!saw_own_getpid(&mut reader), "detached on drop");

    let instance = tp.clone_with(&CloneOpts::default()).unwrap();
    let link = instance.attach_to("syscalls", "sys_enter_getpid").unwrap();
    assert!(
        saw_own_getpid(&mut reader),
        "a clone attached with attach_to"
    );
    drop(link);

    let err = instance
        .attach_to("no_such_category", "nothing")
        .unwrap_err();
    assert!(matches!(err, AttachError::Target { .. }), "{err}");
    assert!(err.to_string().contains("not found in tracefs"), "{err}");
}
