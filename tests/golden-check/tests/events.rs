//! Typed event maps from generated skeletons on the real kernel: `event("ring",
//! "event")` (build.rs) makes `maps.ring` a `TypedRingBuf<types::event>`, and
//! `events = ["events=syscall_event"]` (`skeleton!`) makes `maps.events` a
//! `TypedPerfEventArray<types::syscall_event>`; their readers yield those structs.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use std::os::fd::AsFd;
use std::time::Duration;

use bpfgen_runtime::sys::{self, TestRun};
use bpfgen_runtime::testing::{Feature, KernelTest};
use golden_check::{attach_kinds, ring_events};

fn kernel(test: &str, needs: &[Feature]) -> Option<KernelTest> {
    bpfgen_runtime::testing::kernel_test(test, needs)
}

#[test]
fn skeleton_ring_buffer_yields_its_event_type() {
    let Some(k) = kernel(
        "skeleton_ring_buffer_yields_its_event_type",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let skel = ring_events::RingEventsSkel::open()
        .unwrap()
        .prepare()
        .unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "emit", || {
        skel.progs.emit.load_lazy()
    }) {
        return;
    }
    let emit = skel.progs.emit.load_lazy().unwrap();
    skel.maps.config.set(0, &6).unwrap(); // six records per run
    skel.maps.config.set(1, &3).unwrap(); // every third discarded
    let mut reader = skel.maps.ring.reader().unwrap();
    sys::prog_test_run(&mut TestRun::new(emit.as_fd())).unwrap();
    let events: Vec<ring_events::types::event> = (&mut reader).collect();
    let seqs: Vec<u64> = events.iter().map(|e| e.seq).collect();
    assert_eq!(seqs, [0, 1, 3, 4], "in order, discarded ones skipped");
    for e in &events {
        let expected: Vec<u64> = (0..7).map(|j| e.seq + j).collect();
        assert_eq!(e.data.to_vec(), expected, "seq {}", e.seq);
    }
    assert_eq!(reader.discarded(), 2);
    // The callback loop, with a timeout, once more.
    sys::prog_test_run(&mut TestRun::new(emit.as_fd())).unwrap();
    let mut more = Vec::new();
    let n = reader
        .poll_consume(Duration::from_secs(5), |e| more.push(e.seq))
        .unwrap();
    assert_eq!((n, more), (4, vec![6, 7, 9, 10]));
    assert_eq!(
        reader
            .poll_consume(Duration::from_millis(20), |_| panic!("empty"))
            .unwrap(),
        0
    );
}

#[test]
fn skeleton_perf_event_array_yields_its_event_type() {
    let Some(k) = kernel(
        "skeleton_perf_event_array_yields_its_event_type",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let skel = attach_kinds::AttachKindsSkel::open()
        .unwrap()
        .prepare()
        .unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "emit_syscalls", || {
        skel.progs.emit_syscalls.load_lazy()
    }) {
        return;
    }
    let mut buffer = skel.maps.events.buffer(8).unwrap();
    // `/proc/thread-self` links to `<pid>/task/<tid>`: this thread's syscalls are sent.
    let link = std::fs::read_link("/proc/thread-self").unwrap();
    let tid: u32 = link.file_name().unwrap().to_str().unwrap().parse().unwrap();
    skel.maps.config.set(1, &tid).unwrap();
    let link = skel
        .progs
        .emit_syscalls
        .load_lazy()
        .unwrap()
        .attach()
        .unwrap();
    for _ in 0..3 {
        std::hint::black_box(std::os::unix::process::parent_id());
    }
    drop(link);
    let mut getppid = 0;
    let mut lost = 0;
    let n = buffer
        .poll_consume(
            Duration::from_secs(5),
            |_cpu, e: attach_kinds::types::syscall_event| {
                assert_eq!((e.tgid, e.magic), (std::process::id(), 0xb9f_6e11));
                getppid += usize::from(e.id == libc::SYS_getppid as u64);
            },
            |_cpu, count| lost += count,
        )
        .unwrap();
    assert!(n >= 3 && getppid >= 3, "{getppid} getppid of {n} samples");
    assert_eq!((lost, buffer.lost()), (0, 0));
    assert!(buffer.next().is_none(), "drained");
}
