//! The ring-buffer reader on the real kernel: records written by `bpf_ringbuf_output`
//! under `BPF_PROG_TEST_RUN`, wrap-around, a full ring, poll timeouts.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use bpfgen_runtime::kind::RawTracepoint;
use bpfgen_runtime::maps::RingBuf;
use bpfgen_runtime::sys::{self, TestRun};
use bpfgen_runtime::Program;
use common::{kernel, open_fixture, Feature};

/// Runs a raw tracepoint program once (no data, no context; `repeat` must be 0).
fn test_run(prog: std::os::fd::BorrowedFd<'_>) {
    sys::prog_test_run(&mut TestRun::new(prog)).expect("test run");
}

/// `struct event` of many_progs.bpf.c: (pid, kind, value).
fn decode(record: &[u8]) -> (u32, u32, u64) {
    assert_eq!(record.len(), 16, "sizeof(struct event)");
    let u32_at = |o: usize| u32::from_ne_bytes(record[o..o + 4].try_into().unwrap());
    let value = u64::from_ne_bytes(record[8..16].try_into().unwrap());
    (u32_at(0), u32_at(4), value)
}

#[test]
fn reader_sees_test_run_records_across_wrap_around() {
    let Some(k) = kernel(
        "reader_sees_test_run_records_across_wrap_around",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let obj = open_fixture("many_progs.bpf.o").prepare().unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "raw_tp_process_exit", || {
        obj.program("raw_tp_process_exit").unwrap().load_lazy()
    }) {
        return;
    }
    let events = RingBuf::new(&obj, "events").unwrap();
    assert_eq!(events.capacity(), 4096);
    let mut reader = events.reader().unwrap();
    assert_eq!(reader.next(), None);
    assert!(
        !reader.poll(Duration::from_millis(20)).unwrap(),
        "times out when empty"
    );

    // raw_tp_process_exit emits (pid, 2, 0) with bpf_ringbuf_output.
    let prog: Program<RawTracepoint> = Program::new(&obj, "raw_tp_process_exit").unwrap();
    let prog = prog.load_lazy().unwrap();
    // 24-byte records in a 4096-byte ring: 1000 of them wrap around ~6 times.
    for i in 0..1000 {
        test_run(prog.as_fd());
        assert!(
            reader.poll(Duration::from_secs(5)).unwrap(),
            "record {i} ready"
        );
        let record = reader.next().unwrap_or_else(|| panic!("record {i}"));
        assert_eq!(decode(&record), (std::process::id(), 2, 0));
        assert_eq!(reader.next(), None, "exactly one record per run");
    }
    assert_eq!(reader.pending(), 0);
}

#[test]
fn full_ring_drops_records_and_drains() {
    let Some(k) = kernel(
        "full_ring_drops_records_and_drains",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let obj = open_fixture("many_progs.bpf.o").prepare().unwrap();
    let mut reader = RingBuf::new(&obj, "events").unwrap().reader().unwrap();
    let prog: Program<RawTracepoint> = Program::new(&obj, "raw_tp_process_exit").unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "raw_tp_process_exit", || {
        prog.load_lazy()
    }) {
        return;
    }
    let prog = prog.load_lazy().unwrap();
    for _ in 0..300 {
        test_run(prog.as_fd());
    }
    let records: Vec<Vec<u8>> = (&mut reader).collect();
    assert_eq!(records.len(), 4096 / 24, "a full ring holds 170 records");
    assert!(records.iter().all(|r| decode(r).1 == 2));
    // Space is released: the next record fits again.
    test_run(prog.as_fd());
    assert_eq!(reader.next().map(|r| decode(&r).1), Some(2));
}

#[test]
fn poll_wakes_up_for_a_record_from_another_thread() {
    let Some(k) = kernel(
        "poll_wakes_up_for_a_record_from_another_thread",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let obj = open_fixture("many_progs.bpf.o").prepare().unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "raw_tp_process_exit", || {
        obj.program("raw_tp_process_exit").unwrap().load_lazy()
    }) {
        return;
    }
    let mut reader = RingBuf::new(&obj, "events").unwrap().reader().unwrap();
    let writer = std::thread::spawn({
        let obj = std::sync::Arc::clone(&obj);
        move || {
            std::thread::sleep(Duration::from_millis(50));
            let prog: Program<RawTracepoint> = Program::new(&obj, "raw_tp_process_exit").unwrap();
            test_run(prog.load_lazy().unwrap().as_fd());
        }
    });
    let started = Instant::now();
    assert!(reader.poll(Duration::from_secs(10)).unwrap());
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "woken by the record"
    );
    assert!(reader.next().is_some());
    writer.join().unwrap();
}

/// `ring_events.bpf.o` prepared, with its two producers loaded and its config map; `None`
/// (after reporting) when the kernel refuses raw tracepoints.
fn ring_events(
    k: &bpfgen_runtime::testing::KernelTest,
) -> Option<(
    std::sync::Arc<bpfgen_runtime::PreparedObject>,
    bpfgen_runtime::maps::Array<u32>,
)> {
    let obj = open_fixture("ring_events.bpf.o").prepare().unwrap();
    let emit: Program<RawTracepoint> = Program::new(&obj, "emit").unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "emit", || emit.load_lazy()) {
        return None;
    }
    let config = bpfgen_runtime::maps::Array::new(&obj, "config").unwrap();
    Some((obj, config))
}

/// Runs program `name` of the object once.
fn run_program(obj: &std::sync::Arc<bpfgen_runtime::PreparedObject>, name: &str) {
    let prog: Program<RawTracepoint> = Program::new(obj, name).unwrap();
    test_run(prog.load_lazy().unwrap().as_fd());
}

fn seq(record: &[u8]) -> u64 {
    u64::from_ne_bytes(record[..8].try_into().unwrap())
}

#[test]
fn borrowed_records_come_in_order_and_are_released_on_drop() {
    let Some(k) = kernel(
        "borrowed_records_come_in_order_and_are_released_on_drop",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let Some((obj, config)) = ring_events(&k) else {
        return;
    };
    config.set(0, &100).unwrap();
    let mut reader = RingBuf::new(&obj, "ring").unwrap().reader().unwrap();
    run_program(&obj, "emit");
    assert_eq!(
        reader.pending(),
        100 * 72,
        "64-byte records plus 8-byte headers"
    );
    let first = reader.next_record().unwrap();
    assert_eq!((first.len(), seq(&first)), (64, 0));
    assert_eq!(first.read::<[u64; 8]>(), [0, 0, 1, 2, 3, 4, 5, 6]);
    drop(first);
    assert_eq!(
        reader.pending(),
        99 * 72,
        "dropping the record released its space"
    );
    let mut seqs = Vec::new();
    assert_eq!(reader.consume(|r| seqs.push(seq(r))), 99);
    assert_eq!(seqs, (1..100).collect::<Vec<u64>>());
    assert_eq!(reader.pending(), 0);
    let waited = reader
        .poll_consume(Duration::from_millis(20), |_| panic!("the ring is empty"))
        .unwrap();
    assert_eq!(waited, 0, "times out with nothing to hand over");
}

#[test]
fn discarded_records_are_skipped_and_counted() {
    let Some(k) = kernel(
        "discarded_records_are_skipped_and_counted",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let Some((obj, config)) = ring_events(&k) else {
        return;
    };
    config.set(0, &30).unwrap();
    config.set(1, &3).unwrap();
    let mut reader = RingBuf::new(&obj, "ring").unwrap().reader().unwrap();
    run_program(&obj, "emit");
    let mut seqs = Vec::new();
    assert_eq!(reader.consume(|r| seqs.push(seq(r))), 20);
    assert_eq!(reader.discarded(), 10);
    let kept: Vec<u64> = (0..30).filter(|i| (i + 1) % 3 != 0).collect();
    assert_eq!(seqs, kept, "every third discarded");
    // The owned and typed readers skip them too.
    run_program(&obj, "emit");
    assert_eq!((&mut reader).count(), 20);
    assert_eq!(reader.discarded(), 20);
}

#[test]
fn short_records_read_as_a_typed_prefix_with_zeros() {
    let Some(k) = kernel(
        "short_records_read_as_a_typed_prefix_with_zeros",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let Some((obj, config)) = ring_events(&k) else {
        return;
    };
    let mut reader = RingBuf::new(&obj, "ring").unwrap().reader().unwrap();
    config.set(2, &12).unwrap();
    run_program(&obj, "emit_short");
    // 12 bytes: the sequence number and the low half of data[0].
    assert_eq!(
        reader.next_as::<[u64; 8]>(),
        Some([0xab_cdef, 0x1111_1111, 0, 0, 0, 0, 0, 0])
    );
    config.set(2, &64).unwrap();
    run_program(&obj, "emit_short");
    let whole = reader.next_as::<[u64; 8]>().unwrap();
    assert_eq!(whole[7], 0x7777_7777_7777_7777);
    // A longer record than the type is cut to the type.
    run_program(&obj, "emit_short");
    assert_eq!(reader.next_as::<u64>(), Some(0xab_cdef));
    assert_eq!(reader.next_as::<u64>(), None);
}

/// One consumer at a time: a second reader while one is alive is refused with a reason
/// (two would move the kernel's consumer position past each other's records); after the
/// first is dropped, a new one reads on from where it stopped.
#[test]
fn a_second_reader_is_refused_while_one_is_alive() {
    let Some(k) = kernel(
        "a_second_reader_is_refused_while_one_is_alive",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let Some((obj, config)) = ring_events(&k) else {
        return;
    };
    config.set(0, &4).unwrap();
    let ring = RingBuf::new(&obj, "ring").unwrap();
    let mut first = ring.reader().unwrap();
    let err = ring.reader().unwrap_err().to_string();
    assert!(err.contains("ring") && err.contains("reader"), "{err}");
    run_program(&obj, "emit");
    assert_eq!(first.next_as::<u64>(), Some(0));
    drop(first);
    let mut second = ring.reader().expect("free again");
    let rest: Vec<u64> = std::iter::from_fn(|| second.next_as::<u64>()).collect();
    assert_eq!(rest, [1, 2, 3], "reads on from the released position");
}
