//! The tokio ring-buffer reader on the real kernel: a task waits on the ring while
//! another thread produces records (`ring_events.bpf.o` under `BPF_PROG_TEST_RUN`); the
//! wait ends with the records, and an empty ring keeps it waiting.

#![cfg(feature = "tokio")]
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::os::fd::AsFd;
use std::time::Duration;

use bpfgen_runtime::kind::RawTracepoint;
use bpfgen_runtime::maps::{Array, AsyncRingBufReader, RingBuf};
use bpfgen_runtime::sys::{self, TestRun};
use bpfgen_runtime::Program;
use common::{kernel, open_fixture, Feature};

#[test]
fn async_reader_wakes_for_records_from_another_thread() {
    let Some(k) = kernel(
        "async_reader_wakes_for_records_from_another_thread",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let obj = open_fixture("ring_events.bpf.o").prepare().unwrap();
    let emit: Program<RawTracepoint> = Program::new(&obj, "emit").unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "emit", || emit.load_lazy()) {
        return;
    }
    let emit = emit.load_lazy().unwrap();
    Array::<u32>::new(&obj, "config")
        .unwrap()
        .set(0, &5)
        .unwrap();
    let reader = RingBuf::new(&obj, "ring").unwrap().reader().unwrap();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut reader = AsyncRingBufReader::new(reader).unwrap();
        // Nothing produced yet: the wait does not end on its own.
        let early = tokio::time::timeout(Duration::from_millis(50), reader.wait()).await;
        assert!(early.is_err(), "an empty ring keeps the reader waiting");
        // Produce from another thread a little later; the waiting task is woken.
        let producer = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            sys::prog_test_run(&mut TestRun::new(emit.as_fd())).unwrap();
        });
        let mut seqs = Vec::new();
        let woken = tokio::time::timeout(Duration::from_secs(10), async {
            while seqs.len() < 5 {
                reader
                    .consume(|r| seqs.push(u64::from_ne_bytes(r[..8].try_into().unwrap())))
                    .await
                    .unwrap();
            }
        })
        .await;
        producer.join().unwrap();
        assert!(woken.is_ok(), "woken by the records");
        assert_eq!(seqs, [0, 1, 2, 3, 4]);
        // Drained: the next wait blocks again.
        let again = tokio::time::timeout(Duration::from_millis(50), reader.next()).await;
        assert!(again.is_err(), "an empty ring keeps the reader waiting");
    });
}
