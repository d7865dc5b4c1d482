//! Stress on the real kernel: many threads on one prepared object, and many rounds over
//! every fixture. Each test holds [`ALONE`] so the fd and RSS counts see only its own
//! work (the tests of one binary run in parallel threads).

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::collections::{HashMap, HashSet};
use std::net::UdpSocket;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bpfgen_runtime::kind::{RawTracepoint, SocketFilter};
use bpfgen_runtime::prepare::UpdateFlags;
use bpfgen_runtime::{CloneOpts, ObjectSpec, PreparedObject, Program};
use common::{kernel, map_ids, open_fds, programs_using, Feature};

static ALONE: Mutex<()> = Mutex::new(());

/// Resident set size of this process, in bytes.
fn rss() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4096
}

/// Seconds the threaded test runs: `BPFGEN_STRESS_SECS`, default 10.
fn stress_secs() -> u64 {
    std::env::var("BPFGEN_STRESS_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10)
}

/// Every committed fixture object (not the malformed ones).
fn fixtures() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<_> = std::fs::read_dir(common::fixture_path(""))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".bpf.o"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// One round: prepare every fixture, load every program, clone each, unload, drop.
/// Returns how many loads and clones succeeded.
fn round(objects: &[(String, Vec<u8>)]) -> (usize, usize) {
    let (mut loads, mut clones) = (0, 0);
    for (name, bytes) in objects {
        let stem = name.trim_end_matches(".bpf.o");
        let Ok(spec) = ObjectSpec::parse_named(bytes, stem) else {
            continue;
        };
        let Ok(obj) = PreparedObject::prepare(spec) else {
            continue;
        };
        for p in obj.programs() {
            loads += usize::from(p.load_lazy().is_ok());
            clones += usize::from(p.clone_with(&CloneOpts::default()).is_ok());
            p.unload();
        }
    }
    (loads, clones)
}

#[test]
fn hundred_rounds_over_every_fixture_keep_fds_and_rss_flat() {
    let _alone = ALONE.lock().unwrap_or_else(|p| p.into_inner());
    if kernel(
        "hundred_rounds_over_every_fixture_keep_fds_and_rss_flat",
        &[],
    )
    .is_none()
    {
        return;
    }
    let objects = fixtures();
    let first = round(&objects);
    assert!(first.0 > 20 && first.1 > 20, "loads and clones: {first:?}");
    let (fds, rss_after_first) = (open_fds(), rss());
    let start = Instant::now();
    for i in 1..100 {
        let this = round(&objects);
        assert_eq!(this, first, "round {i} loaded a different set");
    }
    let grown = rss().saturating_sub(rss_after_first);
    eprintln!(
        "100 rounds over {} fixtures: {} loads + {} clones each, {:.1?}, RSS grew {} KiB after round 1",
        objects.len(),
        first.0,
        first.1,
        start.elapsed(),
        grown / 1024
    );
    assert_eq!(open_fds(), fds, "fds after 100 rounds");
    assert!(
        grown < 1 << 20,
        "RSS grew {grown} bytes after the first round"
    );
}

/// A small xorshift generator: the threads' choice of operation.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

/// What the threads saw: per program, the kernel ids `load_lazy` returned and how many
/// `unload` calls unloaded something.
#[derive(Default)]
struct Seen {
    ids: HashMap<&'static str, HashSet<u32>>,
    unloads: HashMap<&'static str, usize>,
    ops: u64,
}

const SOCKET_PROGS: [&str; 2] = ["count_a", "count_b"];
const RAW_TP: &str = "raw_tp_sys_enter";

/// One thread's loop until `stop`: load, unload, clone and attach, attach the object's
/// own program, and map operations, chosen at random.
fn worker(obj: &Arc<PreparedObject>, seed: u64, stop: &AtomicBool, seen: &Mutex<Seen>) {
    let mut rng = Rng(seed | 1);
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let counts = obj.map("shared_counts").unwrap();
    let flows = obj.map("recent_flows").unwrap();
    let mut local = Seen::default();
    while !stop.load(Ordering::Relaxed) {
        local.ops += 1;
        let name = match rng.below(3) {
            0 | 1 => SOCKET_PROGS[rng.below(2) as usize],
            _ => RAW_TP,
        };
        let p = obj.program(name).unwrap();
        match rng.below(6) {
            0 | 1 => {
                let loaded = p.load_lazy().unwrap();
                local
                    .ids
                    .entry(name)
                    .or_default()
                    .insert(loaded.report().prog_id);
            }
            2 => {
                if p.unload() {
                    *local.unloads.entry(name).or_default() += 1;
                }
            }
            3 if name == RAW_TP => {
                let raw: Program<RawTracepoint> = p.typed().unwrap();
                let clone = raw.clone_with(&CloneOpts::default()).unwrap();
                drop(clone.attach().unwrap());
            }
            3 => {
                let filter: Program<SocketFilter> = p.typed().unwrap();
                let clone = filter.clone_with(&CloneOpts::default()).unwrap();
                drop(clone.attach(&socket).unwrap());
            }
            4 if name == RAW_TP => {
                let raw: Program<RawTracepoint> = p.typed().unwrap();
                let loaded = raw.load_lazy().unwrap();
                local
                    .ids
                    .entry(name)
                    .or_default()
                    .insert(loaded.report().prog_id);
                drop(loaded.attach().unwrap());
            }
            4 => {
                let filter: Program<SocketFilter> = p.typed().unwrap();
                let loaded = filter.load_lazy().unwrap();
                local
                    .ids
                    .entry(name)
                    .or_default()
                    .insert(loaded.report().prog_id);
                drop(loaded.attach(&socket).unwrap());
            }
            _ => {
                let key = (rng.below(8) as u32).to_ne_bytes();
                counts
                    .update(&key, &local.ops.to_ne_bytes(), UpdateFlags::Any)
                    .unwrap();
                assert!(counts.lookup(&key).unwrap().is_some());
                let mut flow = vec![0u8; flows.spec().key_size as usize];
                flow[0] = rng.below(64) as u8;
                let value = vec![1u8; flows.spec().value_size as usize];
                flows.update(&flow, &value, UpdateFlags::Any).unwrap();
                flows.delete(&flow).unwrap();
            }
        }
    }
    let mut all = seen.lock().unwrap();
    all.ops += local.ops;
    for (name, ids) in local.ids {
        all.ids.entry(name).or_default().extend(ids);
    }
    for (name, n) in local.unloads {
        *all.unloads.entry(name).or_default() += n;
    }
}

/// Runs 16 workers for `secs` seconds; a worker that has not finished 30 s after the
/// deadline is a deadlock.
fn run_workers(obj: &Arc<PreparedObject>, secs: u64, seen: &Arc<Mutex<Seen>>) {
    let stop = Arc::new(AtomicBool::new(false));
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let seed = AtomicU64::new(0x9e37_79b9_7f4a_7c15);
    let handles: Vec<_> = (0..16)
        .map(|_| {
            let (obj, stop, seen, done) =
                (obj.clone(), stop.clone(), seen.clone(), done_tx.clone());
            let seed = seed.fetch_add(0x1234_5678_9abc_def1, Ordering::Relaxed);
            std::thread::spawn(move || {
                worker(&obj, seed, &stop, &seen);
                let _ = done.send(());
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(secs));
    stop.store(true, Ordering::Relaxed);
    for _ in 0..handles.len() {
        done_rx
            .recv_timeout(Duration::from_secs(30))
            .expect("a worker is stuck 30 s after the deadline: deadlock");
    }
    for h in handles {
        h.join().expect("worker panicked");
    }
}

#[test]
fn sixteen_threads_share_one_object() {
    let _alone = ALONE.lock().unwrap_or_else(|p| p.into_inner());
    let needs = [Feature::SOCKET_FILTER, Feature::RAW_TRACEPOINT];
    let Some(k) = kernel("sixteen_threads_share_one_object", &needs) else {
        return;
    };
    let obj = common::prepare("many_progs.bpf.o");
    let a = obj.program("count_a").unwrap();
    let raw = obj.program(RAW_TP).unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "count_a", || a.load_lazy())
        || k.refuses(Feature::RAW_TRACEPOINT, RAW_TP, || raw.load_lazy())
    {
        return;
    }
    let unload_all = || {
        for name in SOCKET_PROGS.iter().chain([&RAW_TP]) {
            obj.program(name).unwrap().unload();
        }
    };
    // A warm-up second grows the thread arenas and caches; then measure.
    run_workers(&obj, 1, &Arc::new(Mutex::new(Seen::default())));
    unload_all();
    let (fds, rss_before) = (open_fds(), rss());
    let seen = Arc::new(Mutex::new(Seen::default()));
    let secs = stress_secs();
    run_workers(&obj, secs, &seen);
    let seen = seen.lock().unwrap();

    // No double load: each kernel program load_lazy handed out needed an unload first.
    for name in SOCKET_PROGS.iter().chain([&RAW_TP]) {
        let ids = seen.ids.get(name).map_or(0, HashSet::len);
        let unloads = seen.unloads.get(name).copied().unwrap_or(0);
        assert!(ids >= 1, "{name} was never loaded");
        assert!(
            ids <= unloads + 1,
            "{name}: {ids} kernel programs for {unloads} unloads"
        );
    }
    // And the kernel holds exactly the programs still loaded: clones, links and
    // replaced loads are gone (links and sockets release theirs after a grace period).
    let loaded: HashSet<u32> = SOCKET_PROGS
        .iter()
        .chain([&RAW_TP])
        .filter_map(|n| obj.program(n).unwrap().report().map(|r| r.prog_id))
        .collect();
    let maps = map_ids(&obj);
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut live: HashSet<u32> = programs_using(&maps).into_iter().collect();
    while live != loaded && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
        live = programs_using(&maps).into_iter().collect();
    }
    assert_eq!(live, loaded, "kernel programs using the object's maps");
    unload_all();
    let grown = rss().saturating_sub(rss_before);
    eprintln!(
        "16 threads, {secs} s: {} operations, {:?} distinct loads, {:?} unloads; RSS grew {} KiB",
        seen.ops,
        seen.ids
            .iter()
            .map(|(n, ids)| (*n, ids.len()))
            .collect::<Vec<_>>(),
        seen.unloads,
        grown / 1024
    );
    assert_eq!(open_fds(), fds, "fds after the run");
    assert!(grown < 2 << 20, "RSS grew {grown} bytes");
}
