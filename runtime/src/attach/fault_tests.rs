//! Fault sweep over attach, pin and the map operations, driven through the fake `bpf()`
//! layer: each call fails in turn, the error names what it was doing, no fd leaks, and
//! the object keeps working.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::attach::Link;
use crate::kind::RawTracepoint;
use crate::load::fault_tests::fault_sweep;
use crate::load::{CloneOpts, Program, ProgramFd};
use crate::obj::ObjectSpec;
use crate::prepare::map::Map;
use crate::prepare::UpdateFlags;
use crate::sys::probe::run_isolated;
use crate::sys::{ensure_bpffs, require_bpf, with_fake_bpf};
use crate::testing::Feature;
use crate::PreparedObject;

const MANY_PROGS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/many_progs.bpf.o"
));

/// What every error of the scenario must name: a program, a map or a pin path.
const NAMES: &[&str] = &[
    "raw_tp_sys_enter",
    "shared_counts",
    "recent_flows",
    "bpfgen-",
];

fn text(e: impl std::fmt::Display) -> String {
    e.to_string()
}

/// A fresh directory on bpffs for this process's pins.
fn pin_dir() -> PathBuf {
    let root = Path::new("/sys/fs/bpf");
    ensure_bpffs(root).expect("bpffs at /sys/fs/bpf");
    let dir = root.join(format!("bpfgen-faults-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("pin directory");
    dir
}

/// Loads and attaches `raw_tp_sys_enter`, pins and reopens its link and its program,
/// attaches a clone, and runs every kind of map operation and a map pin; the first error
/// as text. Pins are removed on the way, also after a failure.
fn attach_pin_map_ops(obj: &Arc<PreparedObject>, dir: &Path) -> Result<(), String> {
    let result = scenario(obj, dir);
    for pin in ["link", "prog", "map"] {
        let _ = std::fs::remove_file(dir.join(pin));
    }
    result
}

fn scenario(obj: &Arc<PreparedObject>, dir: &Path) -> Result<(), String> {
    let prog: Program<RawTracepoint> = Program::new(obj, "raw_tp_sys_enter").map_err(text)?;
    let loaded = prog.load_lazy().map_err(text)?;
    let link = loaded.attach().map_err(text)?;
    let link_pin = dir.join("link");
    link.pin(&link_pin).map_err(text)?;
    drop(Link::from_pin(&link_pin).map_err(text)?);
    Link::unpin(&link_pin).map_err(text)?;
    drop(link);
    let clone = prog.clone_with(&CloneOpts::default()).map_err(text)?;
    drop(clone.attach().map_err(text)?);
    let prog_pin = dir.join("prog");
    loaded.pin(&prog_pin).map_err(text)?;
    drop(ProgramFd::from_pin(&prog_pin).map_err(text)?);
    ProgramFd::unpin(&prog_pin).map_err(text)?;

    let counts = obj.map("shared_counts").ok_or("no shared_counts")?;
    let one = 1u32.to_ne_bytes();
    counts
        .update(&one, &7u64.to_ne_bytes(), UpdateFlags::Any)
        .map_err(text)?;
    counts.lookup(&one).map_err(text)?;
    counts.lookup_batch(false).map_err(text)?;
    let flows = obj.map("recent_flows").ok_or("no recent_flows")?;
    let key = vec![1u8; flows.spec().key_size as usize];
    let value = vec![2u8; flows.spec().value_size as usize];
    flows.update(&key, &value, UpdateFlags::Any).map_err(text)?;
    flows.keys().map_err(text)?;
    flows.lookup_and_delete(&key).map_err(text)?;
    flows.update(&key, &value, UpdateFlags::Any).map_err(text)?;
    flows.delete(&key).map_err(text)?;
    let map_pin = dir.join("map");
    counts.pin(&map_pin).map_err(text)?;
    drop(Map::from_pin(&map_pin).map_err(text)?);
    Map::unpin(&map_pin).map_err(text)?;
    Ok(())
}

fn errno(e: i32) -> Option<io::Result<i64>> {
    Some(Err(io::Error::from_raw_os_error(e)))
}

/// Each `bpf()` call of attach, pin, clone-attach and the map operations fails in turn
/// with ENOMEM, EPERM, EINVAL, E2BIG and EBADF. Every failure is an error naming the
/// program, map or pin path; no fd is left open; a clean run afterwards works.
#[test]
fn every_attach_pin_and_map_call_fails_in_turn() {
    let kernel = require_bpf!(Feature::RAW_TRACEPOINT);
    let obj = PreparedObject::prepare(
        ObjectSpec::parse_named(MANY_PROGS, "many_progs").expect("fixture parses"),
    )
    .expect("prepare");
    let prog: Program<RawTracepoint> = Program::new(&obj, "raw_tp_sys_enter").expect("program");
    if kernel.refuses(Feature::RAW_TRACEPOINT, "raw_tp_sys_enter", || {
        prog.load_lazy()
    }) {
        return;
    }
    drop((prog, obj));
    run_isolated(
        module_path!(),
        "every_attach_pin_and_map_call_fails_in_turn",
        || {
            let dir = pin_dir();
            let spec = ObjectSpec::parse_named(MANY_PROGS, "many_progs").expect("fixture parses");
            let obj = PreparedObject::prepare(spec).expect("prepare");
            attach_pin_map_ops(&obj, &dir).expect("clean run");
            // The program stays loaded across runs; unload it so each run starts alike
            // and the fd count compares.
            let unload = || {
                Program::<RawTracepoint>::new(&obj, "raw_tp_sys_enter")
                    .expect("program")
                    .unload();
            };
            let sweep = fault_sweep(
                || attach_pin_map_ops(&obj, &dir),
                unload,
                |k, e, msg| {
                    assert!(
                        NAMES.iter().any(|name| msg.contains(name)),
                        "call {k}, errno {e}: the error names nothing: {msg}"
                    );
                },
            );
            let (calls, failed) = (sweep.calls, sweep.failed);
            assert!(calls > 15, "{calls} calls");
            eprintln!("fault sweep (attach/pin/map): {calls} calls x 5 errnos, {failed} surfaced as errors");
            assert!(failed >= calls, "most injected faults surface: {failed}");
            attach_pin_map_ops(&obj, &dir).expect("a clean run after the faults");
            let _ = std::fs::remove_dir(&dir);
        },
    );
}

/// `EINTR` from any `bpf()` call is retried: a prepare, load and attach whose every
/// first call is interrupted succeeds.
#[test]
fn interrupted_calls_are_retried() {
    let kernel = require_bpf!(Feature::RAW_TRACEPOINT);
    let dir = pin_dir();
    let mut interrupted = 0;
    let mut last = None;
    let result = with_fake_bpf(
        |cmd| {
            // Interrupt each call once: a repeated command is the retry.
            if last == Some(cmd) {
                last = None;
                return None;
            }
            last = Some(cmd);
            interrupted += 1;
            errno(libc::EINTR)
        },
        || {
            let spec = ObjectSpec::parse_named(MANY_PROGS, "many_progs").map_err(text)?;
            let obj = PreparedObject::prepare(spec).map_err(text)?;
            let prog: Program<RawTracepoint> =
                Program::new(&obj, "raw_tp_sys_enter").map_err(text)?;
            if kernel.refuses(Feature::RAW_TRACEPOINT, "raw_tp_sys_enter", || {
                prog.load_lazy()
            }) {
                return Ok(());
            }
            attach_pin_map_ops(&obj, &dir)
        },
    );
    let _ = std::fs::remove_dir(&dir);
    result.expect("every interrupted call was retried");
    assert!(interrupted > 15, "{interrupted} calls interrupted");
}
