//! Queue, stack and bloom filter on the real kernel (`keyless_maps.bpf.o`): a BPF program
//! pushes, Rust pops and peeks in the family's order, pushes of its own, fills a queue
//! and overwrites its oldest, and asks the bloom filter what the program added.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::os::fd::AsFd;

use bpfgen_runtime::kind::RawTracepoint;
use bpfgen_runtime::maps::{BloomFilter, Queue, Stack};
use bpfgen_runtime::sys::{self, TestRun};
use bpfgen_runtime::Program;
use common::{kernel, open_fixture, Feature};

/// `struct item` of the fixture, as (id, weight) in two u32s.
type Item = [u32; 2];

#[test]
fn queue_stack_and_bloom_filter_follow_their_order() {
    let Some(k) = kernel(
        "queue_stack_and_bloom_filter_follow_their_order",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let obj = open_fixture("keyless_maps.bpf.o").prepare().unwrap();
    let push: Program<RawTracepoint> = Program::new(&obj, "push_items").unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "push_items", || push.load_lazy()) {
        return;
    }
    let fifo: Queue<Item> = Queue::new(&obj, "items_fifo").unwrap();
    let lifo: Stack<Item> = Stack::new(&obj, "items_lifo").unwrap();
    let seen: BloomFilter<u32> = BloomFilter::new(&obj, "seen").unwrap();
    assert_eq!(fifo.pop().unwrap(), None, "empty: Ok(None)");
    assert_eq!(lifo.peek().unwrap(), None);
    assert!(
        Queue::<u32>::new(&obj, "items_fifo").is_err(),
        "value size is checked"
    );
    assert!(
        Stack::<Item>::new(&obj, "items_fifo").is_err(),
        "map type is checked"
    );

    sys::prog_test_run(&mut TestRun::new(push.load_lazy().unwrap().as_fd())).unwrap();

    // The queue gives first in, first out; peek leaves the value in place.
    assert_eq!(fifo.peek().unwrap(), Some([1, 10]));
    assert_eq!(fifo.pop().unwrap(), Some([1, 10]));
    assert_eq!(fifo.pop().unwrap(), Some([2, 20]));
    // Rust pushes behind what the program pushed, up to max_entries (4).
    fifo.push(&[7, 70]).unwrap();
    fifo.push(&[8, 80]).unwrap();
    fifo.push(&[9, 90]).unwrap();
    assert!(fifo.push(&[10, 100]).is_err(), "full");
    fifo.push_overwriting(&[10, 100]).unwrap();
    let rest: Vec<Item> = std::iter::from_fn(|| fifo.pop().unwrap()).collect();
    assert_eq!(
        rest,
        [[7, 70], [8, 80], [9, 90], [10, 100]],
        "the oldest (3) was dropped"
    );

    // The stack gives last in, first out.
    let order: Vec<u32> = std::iter::from_fn(|| lifo.pop().unwrap())
        .map(|i| i[0])
        .collect();
    assert_eq!(order, [3, 2, 1]);

    // The bloom filter never says no to what was added.
    for v in [100, 200, 300] {
        assert!(seen.contains(&v).unwrap(), "{v} was added");
    }
    seen.push(&5).unwrap();
    assert!(seen.contains(&5).unwrap());
    let absent = (1000..1064).filter(|v| !seen.contains(v).unwrap()).count();
    assert!(
        absent > 50,
        "most values never added are reported absent ({absent}/64)"
    );
}
