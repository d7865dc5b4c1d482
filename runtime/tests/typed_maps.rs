//! Typed map handles on the real kernel: round trips, values written by programs,
//! construction-time type and size checks.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use bpfgen_runtime::abi::MapType;
use std::os::fd::AsFd;
use std::sync::Arc;

use bpfgen_runtime::kind::{SocketFilter, Xdp};
use bpfgen_runtime::maps::{
    Array, HashMap, LruHash, PerCpuArray, PerCpuHash, PerfEventArray, ProgArray, RawMap, RingBuf,
    UpdateFlags,
};
use bpfgen_runtime::pod::Pod;
use bpfgen_runtime::prepare::map::MapError;
use bpfgen_runtime::sys::{self};
use bpfgen_runtime::PreparedObject;
use bpfgen_runtime::Program;
use common::{kernel, open_fixture, test_run, Feature, PACKET};

/// `struct key` of many_progs.bpf.c.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    ifindex: u32,
    proto: u32,
}
// SAFETY: two u32s, no padding, any bit pattern valid.
unsafe impl Pod for Key {}

/// `struct value` of many_progs.bpf.c.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Value {
    packets: u64,
    bytes: u64,
}
// SAFETY: two u64s, no padding, any bit pattern valid.
unsafe impl Pod for Value {}

fn many_progs() -> Arc<PreparedObject> {
    open_fixture("many_progs.bpf.o").prepare().unwrap()
}

fn key(i: u32) -> Key {
    Key {
        ifindex: i,
        proto: 17,
    }
}

#[test]
fn hash_map_round_trips_and_sees_program_writes() {
    let Some(k) = kernel(
        "hash_map_round_trips_and_sees_program_writes",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = many_progs();
    if k.refuses(Feature::SOCKET_FILTER, "socket_flow_stats", || {
        obj.program("socket_flow_stats").unwrap().load_lazy()
    }) {
        return;
    }
    let flows: HashMap<Key, Value> = HashMap::new(&obj, "flow_stats").unwrap();
    let v = Value {
        packets: 1,
        bytes: 2,
    };
    assert_eq!(flows.lookup(&key(9)).unwrap(), None);
    flows.update(&key(9), &v, UpdateFlags::Any).unwrap();
    assert_eq!(flows.lookup(&key(9)).unwrap(), Some(v));
    assert!(
        flows.update(&key(9), &v, UpdateFlags::NoExist).is_err(),
        "EEXIST"
    );
    assert!(
        flows.update(&key(8), &v, UpdateFlags::Exist).is_err(),
        "ENOENT"
    );
    assert!(flows.delete(&key(9)).unwrap());
    assert!(!flows.delete(&key(9)).unwrap());

    let prog: Program<SocketFilter> = Program::new(&obj, "socket_flow_stats").unwrap();
    test_run(prog.load_lazy().unwrap().as_fd(), &PACKET, &[]);
    let keys: Vec<Key> = flows.keys().collect::<Result<_, _>>().unwrap();
    assert_eq!(keys.len(), 1, "the program inserted one flow");
    let stats = flows.lookup(&keys[0]).unwrap().unwrap();
    assert_eq!((stats.packets, stats.bytes), (1, 50));

    // entries, take and drain.
    flows.update(&key(1), &v, UpdateFlags::Any).unwrap();
    flows.update(&key(2), &v, UpdateFlags::Any).unwrap();
    let entries: Vec<(Key, Value)> = flows.entries().collect::<Result<_, _>>().unwrap();
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert_eq!(entries.iter().filter(|(_, value)| *value == v).count(), 2);
    assert_eq!(flows.take(&key(1)).unwrap(), Some(v));
    assert_eq!(flows.take(&key(1)).unwrap(), None, "taken: gone");
    let drained = flows.drain().unwrap();
    assert_eq!(drained.len(), 2, "{drained:?}");
    assert_eq!(flows.keys().count(), 0, "drained: empty");
}

#[test]
fn lru_hash_evicts_and_hash_map_accepts_it_too() {
    if kernel("lru_hash_evicts_and_hash_map_accepts_it_too", &[]).is_none() {
        return;
    }
    let obj = many_progs();
    let lru: LruHash<Key, u64> = LruHash::new(&obj, "recent_flows").unwrap();
    for i in 0..300 {
        lru.update(&key(i), &u64::from(i), UpdateFlags::Any)
            .unwrap();
    }
    assert_eq!(lru.lookup(&key(299)).unwrap(), Some(299), "newest survives");
    let n = lru.keys().count();
    assert!(n > 0 && n <= 128, "{n} keys in a 128-entry LRU map");
    let as_hash: HashMap<Key, u64> = HashMap::new(&obj, "recent_flows").unwrap();
    assert_eq!(as_hash.lookup(&key(299)).unwrap(), Some(299));
    assert!(lru.delete(&key(299)).unwrap());
    let err = LruHash::<Key, Value>::new(&obj, "flow_stats").unwrap_err();
    assert!(matches!(err, MapError::WrongType { .. }), "{err}");
}

#[test]
fn array_get_set_and_bounds() {
    let Some(k) = kernel("array_get_set_and_bounds", &[Feature::SOCKET_FILTER]) else {
        return;
    };
    let obj = many_progs();
    if k.refuses(Feature::SOCKET_FILTER, "count_a", || {
        obj.program("count_a").unwrap().load_lazy()
    }) {
        return;
    }
    let counts: Array<u64> = Array::new(&obj, "shared_counts").unwrap();
    assert_eq!(counts.len(), 8);
    counts.set(3, &42).unwrap();
    assert_eq!(counts.get(3).unwrap(), 42);
    let err = counts.get(8).unwrap_err();
    assert!(
        matches!(
            err,
            MapError::OutOfRange {
                index: 8,
                len: 8,
                ..
            }
        ),
        "{err}"
    );
    assert!(counts.set(8, &1).is_err());
    let prog: Program<SocketFilter> = Program::new(&obj, "count_a").unwrap();
    test_run(prog.load_lazy().unwrap().as_fd(), &PACKET, &[]);
    assert_eq!(counts.get(0).unwrap(), 1);
}

#[test]
fn per_cpu_array_has_one_value_per_cpu() {
    let Some(k) = kernel("per_cpu_array_has_one_value_per_cpu", &[Feature::XDP]) else {
        return;
    };
    let obj = many_progs();
    if k.refuses(Feature::XDP, "xdp_pass_count", || {
        obj.program("xdp_pass_count").unwrap().load_lazy()
    }) {
        return;
    }
    let cpus = sys::possible_cpus().unwrap();
    let counts: PerCpuArray<u64> = PerCpuArray::new(&obj, "percpu_counts").unwrap();
    assert_eq!(counts.get(0).unwrap(), vec![0; cpus]);
    let values: Vec<u64> = (0..cpus as u64).map(|c| c * 10 + 1).collect();
    counts.set(1, &values).unwrap();
    assert_eq!(counts.get(1).unwrap(), values);
    let err = counts.set(1, &[1]).unwrap_err();
    let short = cpus != 1;
    assert!(
        !short || matches!(err, MapError::PerCpu { got: 1, .. }),
        "{err}"
    );
    assert!(counts.get(4).is_err());

    let xdp: Program<Xdp> = Program::new(&obj, "xdp_pass_count").unwrap();
    test_run(xdp.load_lazy().unwrap().as_fd(), &PACKET, &[]);
    let sum: u64 = counts.get(0).unwrap().iter().sum();
    assert_eq!(sum, 12, "custom_data + 1 on one CPU");
}

#[test]
fn per_cpu_hash_round_trips() {
    if kernel("per_cpu_hash_round_trips", &[]).is_none() {
        return;
    }
    let mut open = open_fixture("many_progs.bpf.o");
    open.map_mut("recent_flows").unwrap().map_type = MapType::PercpuHash;
    let obj = open.prepare().unwrap();
    let cpus = sys::possible_cpus().unwrap();
    let map: PerCpuHash<Key, u64> = PerCpuHash::new(&obj, "recent_flows").unwrap();
    let values: Vec<u64> = (0..cpus as u64).map(|c| c + 7).collect();
    map.update(&key(1), &values, UpdateFlags::NoExist).unwrap();
    assert_eq!(map.lookup(&key(1)).unwrap(), Some(values));
    assert_eq!(map.keys().map(Result::unwrap).collect::<Vec<_>>(), [key(1)]);
    assert!(map.delete(&key(1)).unwrap());
    assert_eq!(map.lookup(&key(1)).unwrap(), None);
    assert!(LruHash::<Key, u64>::new(&obj, "recent_flows").is_err());
}

#[test]
fn construction_checks_types_and_sizes() {
    if kernel("construction_checks_types_and_sizes", &[]).is_none() {
        return;
    }
    let obj = many_progs();
    let err = HashMap::<u32, Value>::new(&obj, "flow_stats").unwrap_err();
    assert!(
        matches!(
            err,
            MapError::Size {
                what: "key",
                got: 4,
                expected: 8,
                ..
            }
        ),
        "{err}"
    );
    let err = Array::<u32>::new(&obj, "shared_counts").unwrap_err();
    assert!(matches!(err, MapError::Size { what: "value", .. }), "{err}");
    let err = HashMap::<u32, u64>::new(&obj, "shared_counts").unwrap_err();
    assert!(
        err.to_string().contains("`array` map; HashMap needs"),
        "{err}"
    );
    let err = RingBuf::new(&obj, "no_such_map").unwrap_err();
    assert!(matches!(err, MapError::NotFound { .. }), "{err}");
    assert!(ProgArray::new(&obj, "shared_counts").is_err());
    assert!(PerCpuArray::<u64>::new(&obj, "shared_counts").is_err());
    assert!(RingBuf::new(&obj, "events").is_ok());
}

#[test]
fn raw_map_reads_any_map_in_bytes() {
    if kernel("raw_map_reads_any_map_in_bytes", &[]).is_none() {
        return;
    }
    let obj = many_progs();
    let raw = RawMap::new(&obj, "shared_counts").unwrap();
    assert_eq!((raw.key_size(), raw.lookup_value_size()), (4, 8));
    raw.update(&2u32.to_ne_bytes(), &5u64.to_ne_bytes(), UpdateFlags::Exist)
        .unwrap();
    let typed: Array<u64> = Array::new(&obj, "shared_counts").unwrap();
    assert_eq!(typed.get(2).unwrap(), 5);
    assert_eq!(
        raw.lookup(&2u32.to_ne_bytes()).unwrap(),
        Some(5u64.to_ne_bytes().to_vec())
    );
    assert_eq!(raw.keys().unwrap().len(), 8);
    assert!(raw.lookup(&[0; 3]).is_err(), "wrong key size");
    assert!(
        raw.delete(&0u32.to_ne_bytes()).is_err(),
        "arrays refuse deletes"
    );
}

/// Runs `tail_entry` with `cb[0] = slot` (cb starts at byte 48 of `__sk_buff`).
fn run_entry(prog: std::os::fd::BorrowedFd<'_>, slot: u32) -> u32 {
    let mut ctx = [0u8; 192];
    ctx[48..52].copy_from_slice(&slot.to_ne_bytes());
    test_run(prog, &PACKET, &ctx)
}

#[test]
fn prog_array_slots_set_and_clear() {
    let Some(k) = kernel("prog_array_slots_set_and_clear", &[Feature::SOCKET_FILTER]) else {
        return;
    };
    let obj = open_fixture("tail_calls.bpf.o").prepare().unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "tail_entry", || {
        obj.program("tail_entry").unwrap().load_lazy()
    }) {
        return;
    }
    let table = ProgArray::new(&obj, "jump_table").unwrap();
    assert_eq!(table.len(), 4);
    let entry: Program<SocketFilter> = Program::new(&obj, "tail_entry").unwrap();
    let entry = entry.load_lazy().unwrap();
    let tail_b: Program<SocketFilter> = Program::new(&obj, "tail_b").unwrap();
    assert_eq!(run_entry(entry.as_fd(), 1), 1, "slot 1 starts empty");
    assert_eq!(table.get(1).unwrap(), None);
    let tail_b_loaded = tail_b.load_lazy().unwrap();
    table.set(1, &tail_b_loaded).unwrap();
    let tail_b_id = sys::prog_get_info(tail_b_loaded.as_fd()).unwrap().id;
    assert_eq!(
        table.get(1).unwrap(),
        Some(tail_b_id),
        "get answers the program id"
    );
    assert!(table.get(4).is_err(), "past max_entries");
    assert_eq!(run_entry(entry.as_fd(), 1), 20);
    assert_eq!(
        run_entry(entry.as_fd(), 2),
        20,
        "declared slot filled by load_lazy"
    );
    assert!(table.clear(1).unwrap());
    assert!(!table.clear(1).unwrap());
    assert_eq!(run_entry(entry.as_fd(), 1), 1);
    // An owned clone works as a slot value too.
    let clone = Program::<SocketFilter>::new(&obj, "tail_a")
        .unwrap()
        .clone_with(&Default::default())
        .unwrap();
    table.set(3, &clone).unwrap();
    assert_eq!(run_entry(entry.as_fd(), 3), 10);
    // Past max_entries: the error names the map, the slot and the size (not bare E2BIG).
    let err = table.set(4, &clone).unwrap_err();
    assert!(
        matches!(
            err,
            MapError::OutOfRange {
                index: 4,
                len: 4,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("jump_table"), "{err}");
}

#[test]
fn perf_event_array_takes_perf_event_fds() {
    if kernel("perf_event_array_takes_perf_event_fds", &[]).is_none() {
        return;
    }
    let mut open = open_fixture("many_progs.bpf.o");
    let spec = open.map_mut("recent_flows").unwrap();
    (
        spec.map_type,
        spec.key_size,
        spec.value_size,
        spec.max_entries,
    ) = (MapType::PerfEventArray, 4, 4, 2);
    spec.key_type_id = 0;
    spec.value_type_id = 0;
    let obj = open.prepare().unwrap();
    let events = PerfEventArray::new(&obj, "recent_flows").unwrap();
    assert_eq!(events.len(), 2);
    assert!(!events.clear(0).unwrap(), "starts empty");
    let not_perf = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    assert!(
        events.set(0, &not_perf).is_err(),
        "the kernel wants a perf event"
    );
    sys::ensure_tracefs().unwrap();
    let id: u64 =
        std::fs::read_to_string("/sys/kernel/tracing/events/syscalls/sys_enter_getpid/id")
            .unwrap()
            .trim()
            .parse()
            .unwrap();
    let perf = sys::perf_event_open_tracepoint(id, 0, -1).unwrap();
    events.set(0, &perf).unwrap();
    assert!(events.clear(0).unwrap());
}

/// Batch operations: 600 entries (more than one 256-element batch) stored, read, read
/// and cleared, and deleted in a few syscalls; an array read whole.
#[test]
fn batch_operations_cover_every_entry() {
    if kernel("batch_operations_cover_every_entry", &[]).is_none() {
        return;
    }
    let obj = many_progs();
    let flows: HashMap<Key, Value> = HashMap::new(&obj, "flow_stats").unwrap();
    let elements: Vec<(Key, Value)> = (0..600)
        .map(|i| {
            let value = Value {
                packets: u64::from(i),
                bytes: u64::from(i) * 10,
            };
            (key(i), value)
        })
        .collect();
    flows.update_batch(&elements).unwrap();
    assert_eq!(flows.keys().count(), 600);
    let mut read = flows.lookup_batch().unwrap();
    read.sort_by_key(|(k, _)| k.ifindex);
    assert_eq!(read, elements, "every entry, once");
    assert_eq!(flows.keys().count(), 600, "a lookup batch leaves them");

    let doomed: Vec<Key> = (0..100).map(key).collect();
    assert_eq!(flows.delete_batch(&doomed).unwrap(), 100);
    let mut taken = flows.lookup_and_delete_batch().unwrap();
    taken.sort_by_key(|(k, _)| k.ifindex);
    assert_eq!(taken, elements[100..], "the rest, read and removed");
    assert_eq!(flows.keys().count(), 0, "cleared");
    assert!(
        flows.lookup_batch().unwrap().is_empty(),
        "an empty map reads empty"
    );

    let counts: Array<u64> = Array::new(&obj, "shared_counts").unwrap();
    let values: Vec<(u32, u64)> = (0..8).map(|i| (i, u64::from(i) * 3)).collect();
    counts.update_batch(&values).unwrap();
    assert_eq!(counts.lookup_batch().unwrap(), values);
}
