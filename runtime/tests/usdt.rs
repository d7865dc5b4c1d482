//! USDT on the real kernel, with libbpf's `usdt.bpf.h` programs (`usdt.bpf.c`) and a
//! target process with probes (`tests/fixtures/usdt_target/`): arguments of every x86-64
//! form the target's compiler emitted reach the program, a probe with two sites fires at
//! both, a semaphore-guarded probe fires because attaching raised its semaphore, and
//! clones attach like the object's programs.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, MutexGuard};

use bpfgen_runtime::kind::Usdt;
use bpfgen_runtime::maps::Array;
use bpfgen_runtime::{CloneOpts, PreparedObject, Program};
use common::{kernel, prepare, Feature};

// `seen` slots of usdt.bpf.c.
const ARG0: u32 = 0;
const ARG_CNT: u32 = 5;
const ARGS_HITS: u32 = 6;
const SHARED_HITS: u32 = 7;
const SHARED_SUM: u32 = 8;
const SEMA_HITS: u32 = 9;
const COOKIE: u32 = 10;

/// Probes attached in every process see every test's target: one test at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn target() -> PathBuf {
    common::fixture_path("usdt_target/usdt_target")
}

/// Starts the target; it fires its probes once it reads a byte (see [`fire`]).
fn spawn() -> Child {
    Command::new(target())
        .stdin(Stdio::piped())
        .spawn()
        .expect("start usdt_target")
}

/// Starts kernel test `test`: one at a time (the returned guard), `usdt.bpf.o` prepared,
/// and `None` (reported) when uprobes are not permitted or the kernel refuses to load
/// `probe`, the program the test needs first.
fn start(test: &str, probe: &str) -> Option<(MutexGuard<'static, ()>, Arc<PreparedObject>)> {
    let alone = ONE_AT_A_TIME.lock().unwrap_or_else(|p| p.into_inner());
    let k = kernel(test, &[Feature::KPROBE])?;
    let obj = prepare("usdt.bpf.o");
    let prog: Program<Usdt> = Program::new(&obj, probe).unwrap();
    if k.refuses(Feature::KPROBE, probe, || prog.load_lazy()) {
        return None;
    }
    Some((alone, obj))
}

/// Lets the target fire its probes and waits until it exits.
fn fire(mut child: Child) {
    child.stdin.take().unwrap().write_all(b"x").unwrap();
    assert!(child.wait().unwrap().success(), "usdt_target failed");
}

#[test]
fn arguments_of_every_form_reach_the_program() {
    let Some((_alone, obj)) = start("arguments_of_every_form_reach_the_program", "on_args") else {
        return;
    };
    let prog: Program<Usdt> = Program::new(&obj, "on_args").unwrap();
    let child = spawn();
    let pid = i32::try_from(child.id()).unwrap();
    let link = prog
        .load_lazy()
        .unwrap()
        .attach_with_cookie(target(), "bpfgen", "args", Some(pid), 0xfeed)
        .unwrap();
    assert_eq!(link.links().len(), 1);
    fire(child);
    let seen: Array<i64> = Array::new(&obj, "seen").unwrap();
    let get = |slot| seen.get(slot).unwrap();
    assert_eq!(get(ARGS_HITS), 3, "fired for i = 1, 2, 3");
    // The last firing, i = 3: -4@$42 -8@%rdi -4@(%rsi) -2@%dx -4@8(%rcx).
    let args: Vec<i64> = (0..5).map(|i| get(ARG0 + i)).collect();
    assert_eq!(args, [42, 3 * 1_000_000_007, -10, -3, 33]);
    assert_eq!(get(ARG_CNT), 5);
    assert_eq!(get(COOKIE), 0xfeed, "bpf_usdt_cookie()");
}

#[test]
fn every_site_fires_and_semaphores_are_raised_for_clones_too() {
    let Some((_alone, obj)) = start(
        "every_site_fires_and_semaphores_are_raised_for_clones_too",
        "on_shared",
    ) else {
        return;
    };
    let shared: Program<Usdt> = Program::new(&obj, "on_shared").unwrap();
    let sema: Program<Usdt> = Program::new(&obj, "on_sema").unwrap();
    let seen: Array<i64> = Array::new(&obj, "seen").unwrap();
    // `bpfgen:shared` has two sites (i and i + 1000); attach it in every process.
    let shared_link = shared
        .load_lazy()
        .unwrap()
        .attach_to(target(), "bpfgen", "shared", None)
        .unwrap();
    assert_eq!(shared_link.links().len(), 2, "one uprobe per site");
    // `bpfgen:sema` fires only while its semaphore is raised; SEC() names it (relative
    // to this crate, where tests run). Attached through a clone.
    let sema_clone = sema.clone_with(&CloneOpts::default()).unwrap();
    let sema_link = sema_clone.attach().unwrap();
    fire(spawn());
    assert_eq!(seen.get(SHARED_HITS).unwrap(), 6);
    assert_eq!(
        seen.get(SHARED_SUM).unwrap(),
        (1 + 2 + 3) + (1001 + 1002 + 1003)
    );
    assert_eq!(seen.get(SEMA_HITS).unwrap(), 3, "the semaphore was raised");
    drop((shared_link, sema_link));
    fire(spawn());
    assert_eq!(seen.get(SHARED_HITS).unwrap(), 6, "detached on drop");
    assert_eq!(
        seen.get(SEMA_HITS).unwrap(),
        3,
        "detached, semaphore lowered"
    );
}

#[test]
fn a_missing_probe_lists_the_ones_there_are() {
    let Some((_alone, obj)) = start("a_missing_probe_lists_the_ones_there_are", "on_args") else {
        return;
    };
    let prog: Program<Usdt> = Program::new(&obj, "on_args").unwrap();
    let loaded = prog.load_lazy().unwrap();
    let err = loaded
        .attach_to(target(), "bpfgen", "nope", None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("no USDT probe bpfgen:nope")
            && err.contains("bpfgen:args, bpfgen:shared, bpfgen:sema")
            && err.contains("on_args"),
        "{err}"
    );
    let me = std::env::current_exe().unwrap();
    let err = loaded
        .attach_to(&me, "bpfgen", "args", None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("(it has none)"), "{err}");
    let err = loaded.attach().unwrap_err().to_string();
    assert!(err.contains("usdt/<binary>:<provider>:<name>"), "{err}");
}

#[test]
fn attach_auto_attaches_usdt_programs_whose_section_names_the_probe() {
    let Some((_alone, obj)) = start(
        "attach_auto_attaches_usdt_programs_whose_section_names_the_probe",
        "on_sema",
    ) else {
        return;
    };
    obj.load_autoload().unwrap();
    let links = bpfgen_runtime::attach::attach_auto(&obj).unwrap();
    let names: Vec<&str> = links.iter().map(|l| l.program.as_str()).collect();
    assert_eq!(
        names,
        ["on_sema"],
        "bare SEC(\"usdt\") programs are left alone"
    );
    assert!(matches!(
        &links[0].link,
        bpfgen_runtime::attach::Attachment::Usdt(u) if u.links().len() == 1
    ));
    fire(spawn());
    let seen: Array<i64> = Array::new(&obj, "seen").unwrap();
    assert_eq!(seen.get(SEMA_HITS).unwrap(), 3);
}
