//! Pins across processes and pinned maps on the real kernel. A child process (this test
//! binary run again) attaches a program, pins its link and its counter map, and exits;
//! the parent then sees the program still counting, reads the counter through the pinned
//! map, and detaches it by removing the link's pin. Map pins go only on bpffs, prepare
//! creates missing pin directories there, and refuses a pin root elsewhere.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bpfgen_runtime::attach::Link;
use bpfgen_runtime::kind::RawTracepoint;
use bpfgen_runtime::maps::{Array, MapHandle};
use bpfgen_runtime::prepare::map::Map;
use bpfgen_runtime::{sys, ObjectSpec, PrepareError, PrepareOpts, PreparedObject, Program};
use common::{fixture, kernel, prepare, Feature};

/// `hits[RAW_TP]` of attach_kinds.bpf.c.
const RAW_TP: u32 = 0;
/// Set in the child: the directory to pin in, and the parent's pid to count.
const CHILD_DIR: &str = "BPFGEN_PIN_CHILD_DIR";
const CHILD_TARGET: &str = "BPFGEN_PIN_CHILD_TARGET";

fn bpffs_dir(what: &str) -> PathBuf {
    let root = Path::new("/sys/fs/bpf");
    sys::ensure_bpffs(root).unwrap();
    root.join(format!("bpfgen-{what}-{}", std::process::id()))
}

/// The child's part: count the target's system calls, pin the link and the counters.
fn child(dir: &Path, target: u32) {
    let obj = prepare("attach_kinds.bpf.o");
    Array::<u32>::new(&obj, "config")
        .unwrap()
        .set(0, &target)
        .unwrap();
    let prog: Program<RawTracepoint> = Program::new(&obj, "count_raw_tp").unwrap();
    let link = prog.load_lazy().unwrap().attach().unwrap();
    std::fs::create_dir_all(dir).unwrap();
    link.pin(dir.join("link")).unwrap();
    obj.map("hits").unwrap().pin(dir.join("hits")).unwrap();
}

#[test]
fn pinned_link_keeps_counting_after_its_process_exits() {
    if let (Some(dir), Some(target)) = (std::env::var_os(CHILD_DIR), std::env::var_os(CHILD_TARGET))
    {
        child(Path::new(&dir), target.to_str().unwrap().parse().unwrap());
        return;
    }
    let Some(k) = kernel(
        "pinned_link_keeps_counting_after_its_process_exits",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let obj = prepare("attach_kinds.bpf.o");
    if k.refuses(Feature::RAW_TRACEPOINT, "count_raw_tp", || {
        obj.program("count_raw_tp").unwrap().load_lazy()
    }) {
        return;
    }
    let dir = bpffs_dir("xproc");
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "pinned_link_keeps_counting_after_its_process_exits",
            "--exact",
            "--nocapture",
        ])
        .env(CHILD_DIR, &dir)
        .env(CHILD_TARGET, std::process::id().to_string())
        .status()
        .unwrap();
    assert!(status.success(), "the child pinned its link and map");
    // The child is gone; its program still counts this process through the pinned link.
    let hits: Array<u64> =
        Array::from_map(Arc::new(Map::from_pin(dir.join("hits")).unwrap())).unwrap();
    let count = || {
        let before = hits.get(RAW_TP).unwrap();
        for _ in 0..5 {
            let _ = std::fs::metadata("/");
        }
        hits.get(RAW_TP).unwrap() - before
    };
    assert!(count() >= 5, "attached after its process exited");
    Link::unpin(dir.join("link")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(5);
    while count() != 0 {
        assert!(Instant::now() < deadline, "unpinned: detached within 5 s");
        std::thread::sleep(Duration::from_millis(10));
    }
    Map::unpin(dir.join("hits")).unwrap();
    std::fs::remove_dir(&dir).unwrap();
}

#[test]
fn map_pins_live_on_bpffs_and_reopen_typed() {
    if kernel("map_pins_live_on_bpffs_and_reopen_typed", &[]).is_none() {
        return;
    }
    let obj = prepare("many_progs.bpf.o");
    let counts = obj.map("shared_counts").unwrap();
    let dir = bpffs_dir("mappin");
    std::fs::create_dir_all(&dir).unwrap();
    let pin = dir.join("counts");
    counts.pin(&pin).unwrap();
    let reopened: Array<u64> = Array::from_map(Arc::new(Map::from_pin(&pin).unwrap())).unwrap();
    Array::<u64>::new(&obj, "shared_counts")
        .unwrap()
        .set(2, &77)
        .unwrap();
    assert_eq!(reopened.get(2).unwrap(), 77, "one kernel map");
    assert_eq!(
        reopened.map().spec().max_entries,
        8,
        "described by the kernel"
    );
    let wrong = Array::<u32>::from_map(Arc::new(Map::from_pin(&pin).unwrap())).unwrap_err();
    assert!(wrong.to_string().contains("value is 4 bytes"), "{wrong}");
    let tmp = std::env::temp_dir().join("bpfgen-map-not-bpffs");
    let err = counts.pin(&tmp).unwrap_err().to_string();
    assert!(err.contains("is not on a bpffs mount"), "{err}");
    assert!(Map::unpin(&tmp).is_err(), "only pins on bpffs are removed");
    Map::unpin(&pin).unwrap();
    assert!(Map::from_pin(&pin).is_err(), "the pin is gone");
    std::fs::remove_dir(&dir).unwrap();
}

#[test]
fn prepare_pins_under_bpffs_only_creating_directories() {
    if kernel("prepare_pins_under_bpffs_only_creating_directories", &[]).is_none() {
        return;
    }
    let spec = || {
        let mut spec = ObjectSpec::parse_named(&fixture("many_progs.bpf.o"), "many_progs").unwrap();
        spec.map_mut("shared_counts").unwrap().pinning = bpfgen_runtime::obj::Pinning::ByName;
        spec
    };
    let dir = bpffs_dir("pinroot");
    let nested = dir.join("a/b");
    let opts = PrepareOpts {
        pin_root: nested.clone(),
        ..Default::default()
    };
    let obj = PreparedObject::prepare_with(spec(), &opts).unwrap();
    assert!(
        nested.join("shared_counts").exists(),
        "directories made, map pinned"
    );
    drop(obj);
    std::fs::remove_file(nested.join("shared_counts")).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();

    let elsewhere = std::env::temp_dir().join(format!("bpfgen-pinroot-{}", std::process::id()));
    std::fs::create_dir_all(&elsewhere).unwrap();
    let opts = PrepareOpts {
        pin_root: elsewhere.clone(),
        ..Default::default()
    };
    let err = PreparedObject::prepare_with(spec(), &opts).unwrap_err();
    assert!(
        matches!(err, PrepareError::Pin { .. }) && err.to_string().contains("bpffs"),
        "{err}"
    );
    assert!(
        std::fs::read_dir(&elsewhere).unwrap().next().is_none(),
        "nothing written outside bpffs"
    );
    std::fs::remove_dir(&elsewhere).unwrap();
}
