//! The tokio readers on the real kernel. Ring buffer: a task waits on the ring while
//! another thread produces records (`ring_events.bpf.o` under `BPF_PROG_TEST_RUN`); the
//! wait ends with the records, and an empty ring keeps it waiting. Perf buffer: a task
//! waits on every CPU's ring while another thread makes the system calls
//! `attach_kinds.bpf.o` sends; typed samples arrive.

#![cfg(feature = "tokio")]
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::os::fd::AsFd;
use std::time::Duration;

use bpfgen_runtime::kind::RawTracepoint;
use bpfgen_runtime::maps::{Array, AsyncPerfBuffer, AsyncRingBufReader, PerfEventArray, RingBuf};
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
    runtime().block_on(async {
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

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .unwrap()
}

#[test]
fn async_perf_buffer_wakes_for_samples_from_another_thread() {
    let Some(k) = kernel(
        "async_perf_buffer_wakes_for_samples_from_another_thread",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let obj = open_fixture("attach_kinds.bpf.o").prepare().unwrap();
    let prog: Program<RawTracepoint> = Program::new(&obj, "emit_syscalls").unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "emit_syscalls", || {
        prog.load_lazy()
    }) {
        return;
    }
    let link = prog.load_lazy().unwrap().attach().unwrap();
    let config: Array<u32> = Array::new(&obj, "config").unwrap();
    let buffer = PerfEventArray::new(&obj, "events")
        .unwrap()
        .buffer(8)
        .unwrap();
    runtime().block_on(async {
        let mut buffer = AsyncPerfBuffer::new(buffer).unwrap();
        let early = tokio::time::timeout(Duration::from_millis(50), buffer.wait()).await;
        assert!(early.is_err(), "no samples yet: the wait goes on");
        let producer = std::thread::spawn(move || {
            let link = std::fs::read_link("/proc/thread-self").unwrap();
            let tid: u32 = link.file_name().unwrap().to_str().unwrap().parse().unwrap();
            config.set(1, &tid).unwrap();
            std::thread::sleep(Duration::from_millis(50));
            for _ in 0..3 {
                std::hint::black_box(std::os::unix::process::parent_id());
            }
            config.set(1, &0).unwrap();
        });
        let mut getppid = 0;
        let woken = tokio::time::timeout(Duration::from_secs(10), async {
            while getppid < 3 {
                // struct syscall_event: id, tgid, magic.
                let (_cpu, [id, _, tgid, magic]) = buffer.next_as::<[u32; 4]>().await.unwrap();
                assert_eq!((tgid, magic), (std::process::id(), 0xb9f_6e11));
                getppid += usize::from(u64::from(id) == libc::SYS_getppid as u64);
            }
        })
        .await;
        producer.join().unwrap();
        assert!(woken.is_ok(), "woken by the samples ({getppid} getppid)");
        while buffer.buffer().next().is_some() {}
        let again = tokio::time::timeout(Duration::from_millis(50), buffer.next()).await;
        assert!(again.is_err(), "drained: the wait goes on");
    });
    drop(link);
}
