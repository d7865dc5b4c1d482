//! Error paths the kernel will not produce on demand, driven through the fake `bpf()`
//! layer: each must give a clear error and leak no fd.

use crate::abi::Command;
use std::io;

use crate::load::ProgramError;
use crate::obj::ObjectSpec;
use crate::prepare::PrepareError;
use crate::sys::probe::{open_fd_count, run_isolated};
use crate::sys::{require_bpf, with_fake_bpf};
use crate::testing::Feature;
use crate::PreparedObject;

const MANY_PROGS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/many_progs.bpf.o"
));

fn spec() -> ObjectSpec {
    ObjectSpec::parse_named(MANY_PROGS, "many_progs").expect("fixture parses")
}

/// Whether the kernel refuses socket filters: then loading `count_a` must fail with the
/// kernel's error, and the test stops.
fn socket_filters_refused(kernel: &crate::testing::KernelTest) -> bool {
    let obj = PreparedObject::prepare(spec()).expect("prepare");
    let p = obj.program("count_a").expect("program");
    kernel.refuses(Feature::SOCKET_FILTER, "count_a", || p.load_lazy())
}

fn errno(e: i32) -> Option<io::Result<i64>> {
    Some(Err(io::Error::from_raw_os_error(e)))
}

#[test]
fn eperm_before_verification_is_reported_without_log() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if socket_filters_refused(&kernel) {
        return;
    }
    let obj = PreparedObject::prepare(spec()).expect("prepare");
    let p = obj.program("count_a").expect("program");
    let err = with_fake_bpf(
        |cmd| {
            (cmd == Command::ProgLoad)
                .then(|| errno(libc::EPERM))
                .flatten()
        },
        || p.load_lazy().expect_err("faked EPERM"),
    );
    let ProgramError::Verifier(v) = &err else {
        panic!("unexpected {err}");
    };
    assert_eq!(v.errno, libc::EPERM);
    assert!(v.log.is_empty());
    assert!(
        err.to_string().contains("refused before verification"),
        "{err}"
    );
    assert!(!p.is_loaded());
    p.load_lazy().expect("a later real load works");
}

#[test]
fn log_buffer_grows_on_enospc() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if socket_filters_refused(&kernel) {
        return;
    }
    let obj = PreparedObject::prepare(spec()).expect("prepare");
    let p = obj.program("socket_with_subprogs").expect("program");
    let mut left = 2;
    let report = with_fake_bpf(
        |cmd| {
            if cmd == Command::ProgLoad && left > 0 {
                left -= 1;
                return errno(libc::ENOSPC);
            }
            None
        },
        || p.load_lazy().expect("third attempt reaches the kernel"),
    );
    assert_eq!(report.report().attempts, 3);
}

#[test]
fn failures_after_a_successful_load_close_the_program() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if socket_filters_refused(&kernel) {
        return;
    }
    run_isolated(
        module_path!(),
        "failures_after_a_successful_load_close_the_program",
        || {
            let obj = PreparedObject::prepare(spec()).expect("prepare");
            let p = obj.program("count_a").expect("program");
            let before = open_fd_count();
            let err = with_fake_bpf(
                |cmd| {
                    (cmd == Command::ProgBindMap)
                        .then(|| errno(libc::EFAULT))
                        .flatten()
                },
                || p.load_lazy().expect_err("faked failure"),
            );
            assert!(matches!(err, ProgramError::Syscall { .. }), "{err}");
            assert!(err.to_string().contains("count_a"), "{err}");
            assert!(!p.is_loaded());
            assert_eq!(open_fd_count(), before, "a failed bind leaked an fd");
        },
    );
}

#[test]
fn a_load_queries_its_report_once_and_only_when_asked() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if socket_filters_refused(&kernel) {
        return;
    }
    let obj = PreparedObject::prepare(spec()).expect("prepare");
    let p = obj.program("count_a").expect("program");
    // `body`'s result and how many BPF_OBJ_GET_INFO_BY_FD calls it made.
    fn info_queries<R>(body: impl FnOnce() -> R) -> (R, usize) {
        let mut queries = 0;
        let r = with_fake_bpf(
            |cmd| {
                queries += usize::from(cmd == Command::ObjGetInfoByFd);
                None
            },
            body,
        );
        (r, queries)
    }
    let (loaded, queries) = info_queries(|| p.load_lazy().expect("load"));
    assert_eq!(queries, 0, "a load makes no BPF_OBJ_GET_INFO_BY_FD call");
    let ((first, again, via_program), queries) = info_queries(|| {
        (
            loaded.report().clone(),
            p.load_lazy().expect("loaded").report().clone(),
            p.report().expect("loaded"),
        )
    });
    assert_eq!(
        queries, 1,
        "the object's load and its handles share one query ({queries})"
    );
    assert!(first.prog_id > 0 && first.verified_insns > 0, "{first:?}");
    assert_eq!(first, again);
    assert_eq!(first, via_program);
    assert!(
        first.stats.processed_insns.is_none(),
        "no statistics unless asked"
    );
}

#[test]
fn map_creation_failure_names_the_map_and_leaks_nothing() {
    require_bpf!();
    run_isolated(
        module_path!(),
        "map_creation_failure_names_the_map_and_leaks_nothing",
        || {
            let before = open_fd_count();
            let mut created = 0;
            let err = with_fake_bpf(
                |cmd| {
                    if cmd == Command::MapCreate {
                        created += 1;
                        // Call 3 creates `recent_flows` with BTF ids, call 4 retries without.
                        if created == 3 || created == 4 {
                            return errno(libc::ENOMEM);
                        }
                    }
                    None
                },
                || PreparedObject::prepare(spec()).expect_err("third map fails"),
            );
            let PrepareError::CreateMap { map, source, .. } = &err else {
                panic!("unexpected {err}");
            };
            assert_eq!(map, "recent_flows");
            assert_eq!(source.errno(), libc::ENOMEM);
            let err = with_fake_bpf(
                |cmd| {
                    (cmd == Command::MapFreeze)
                        .then(|| errno(libc::EPERM))
                        .flatten()
                },
                || PreparedObject::prepare(spec()).expect_err("freeze fails"),
            );
            assert!(
                matches!(&err, PrepareError::InitMap { map, .. } if map == ".rodata"),
                "{err}"
            );
            assert_eq!(open_fd_count(), before);
        },
    );
}

#[test]
fn rejected_btf_is_a_warning_and_programs_still_load() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if socket_filters_refused(&kernel) {
        return;
    }
    // The kernel's BTF features are probed once per process: probe them for real before
    // the fake fails every BPF_BTF_LOAD, or the cache would say the kernel has none.
    crate::prepare::kernel_btf_features();
    let obj = with_fake_bpf(
        |cmd| {
            (cmd == Command::BtfLoad)
                .then(|| errno(libc::EINVAL))
                .flatten()
        },
        || PreparedObject::prepare(spec()).expect("prepare without BTF"),
    );
    assert!(obj
        .btf_warning()
        .is_some_and(|w| w.contains("BPF_BTF_LOAD")));
    assert!(obj.btf_fd().is_none());
    obj.program("count_a")
        .expect("program")
        .load_lazy()
        .expect("loads without BTF");
}

#[test]
fn fd_valued_maps_are_created_once_without_btf_types() {
    require_bpf!();
    // The kernel refuses BTF key/value types for ARRAY_OF_MAPS (and sockmaps, devmaps,
    // queues...): sending them would cost a failed creation and a retry. inner_a, inner_b,
    // outer's inner template and outer: four creations, none retried.
    let spec = ObjectSpec::parse_named(
        include_bytes!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/map_in_map.bpf.o"
        )),
        "map_in_map",
    )
    .expect("fixture parses");
    let mut created = 0;
    let obj = with_fake_bpf(
        |cmd| {
            created += usize::from(cmd == Command::MapCreate);
            None
        },
        || PreparedObject::prepare(spec).expect("prepare"),
    );
    assert_eq!(created, 4);
    assert!(obj.map("outer").is_some());
}

/// What [`fault_sweep`] saw.
pub(crate) struct Sweep {
    /// `bpf()` calls of one clean run.
    pub calls: usize,
    /// Faulted runs that ended in an error (the rest tolerated the fault).
    pub failed: usize,
}

/// Runs `run` once clean to count its `bpf()` calls, then once per call and errno
/// (ENOMEM, EPERM, EINVAL, E2BIG, EBADF) with that call failing. Each error goes to
/// `check(call, errno, message)`; after each run `reset` puts the state back, and the
/// process's fd count must be what it was before the first faulted run.
pub(crate) fn fault_sweep(
    mut run: impl FnMut() -> Result<(), String>,
    mut reset: impl FnMut(),
    check: impl Fn(usize, i32, &str),
) -> Sweep {
    let mut calls = 0;
    with_fake_bpf(
        |_| {
            calls += 1;
            None
        },
        || run().expect("clean run"),
    );
    reset();
    let before = open_fd_count();
    let mut failed = 0;
    for k in 1..=calls {
        for e in [
            libc::ENOMEM,
            libc::EPERM,
            libc::EINVAL,
            libc::E2BIG,
            libc::EBADF,
        ] {
            let mut n = 0;
            let result = with_fake_bpf(
                |_| {
                    n += 1;
                    (n == k).then(|| errno(e)).flatten()
                },
                &mut run,
            );
            if let Err(msg) = result {
                failed += 1;
                check(k, e, &msg);
            }
            reset();
            assert_eq!(
                open_fd_count(),
                before,
                "call {k} failing with errno {e} leaked an fd"
            );
        }
    }
    Sweep { calls, failed }
}

/// Prepares `many_progs`, loads `count_a` and `count_b`, and clones `count_a`; the first
/// error as text.
fn prepare_load_clone() -> Result<(), String> {
    let obj = PreparedObject::prepare(spec()).map_err(|e| e.to_string())?;
    for name in ["count_a", "count_b"] {
        let p = obj.program(name).ok_or("no program")?;
        p.load_lazy().map_err(|e| e.to_string())?;
    }
    let p = obj.program("count_a").ok_or("no program")?;
    p.clone_with(&crate::CloneOpts::default())
        .map(drop)
        .map_err(|e| e.to_string())
}

/// Fault sweep: each `bpf()` call of prepare, two loads and a clone fails in turn with
/// ENOMEM, EPERM, EINVAL, E2BIG and EBADF. Every run ends in a clear error (or succeeds
/// where the failure is tolerated, e.g. BTF load falling back), leaks no fd, and a clean
/// run afterwards still works.
#[test]
fn every_bpf_call_fails_in_turn_without_leaks_or_panics() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if socket_filters_refused(&kernel) {
        return;
    }
    run_isolated(
        module_path!(),
        "every_bpf_call_fails_in_turn_without_leaks_or_panics",
        || {
            // Warm the process-wide caches (BTF features) first.
            prepare_load_clone().expect("clean run");
            let Sweep { calls, failed } = fault_sweep(
                prepare_load_clone,
                || {},
                |k, e, msg| {
                    assert!(msg.len() > 10, "call {k}, errno {e}: {msg:?}");
                },
            );
            assert!(calls > 10, "{calls} calls");
            eprintln!("fault sweep (prepare/load/clone): {calls} calls x 5 errnos, {failed} surfaced as errors");
            assert!(failed > calls, "most injected faults surface: {failed}");
            prepare_load_clone().expect("a clean run after the faults");
        },
    );
}

/// A failed lazy load does not poison the object: the other programs load, and the same
/// program loads once the fault is gone.
#[test]
fn a_failed_lazy_load_leaves_the_object_usable() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if socket_filters_refused(&kernel) {
        return;
    }
    let obj = PreparedObject::prepare(spec()).expect("prepare");
    let a = obj.program("count_a").expect("count_a");
    let err = with_fake_bpf(
        |cmd| {
            (cmd == Command::ProgLoad)
                .then(|| errno(libc::ENOMEM))
                .flatten()
        },
        || a.load_lazy().expect_err("injected"),
    );
    assert!(err.to_string().contains("count_a"), "{err}");
    assert!(!a.is_loaded());
    obj.program("count_b")
        .expect("count_b")
        .load_lazy()
        .expect("another program loads");
    a.load_lazy().expect("the retry succeeds");
}

/// `EAGAIN` from `BPF_PROG_LOAD` (the verifier stops when a signal is pending) is retried
/// as libbpf retries it: four in a row still load on the fifth try. A load that keeps
/// getting `EAGAIN` is reported, naming the program, and loads once the fault is gone.
#[test]
fn prog_load_eagain_is_retried() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if socket_filters_refused(&kernel) {
        return;
    }
    let obj = PreparedObject::prepare(spec()).expect("prepare");
    let p = obj.program("count_a").expect("program");
    let attempts = crate::sys::prog::PROG_LOAD_ATTEMPTS;
    let mut tries = 0;
    with_fake_bpf(
        |cmd| {
            if cmd == Command::ProgLoad {
                tries += 1;
                if tries < attempts {
                    return errno(libc::EAGAIN);
                }
            }
            None
        },
        || p.load_lazy().expect("loads on the last try"),
    );
    assert_eq!(tries, attempts);
    p.unload();
    let err = with_fake_bpf(
        |cmd| {
            (cmd == Command::ProgLoad)
                .then(|| errno(libc::EAGAIN))
                .flatten()
        },
        || p.load_lazy().expect_err("EAGAIN every time"),
    );
    assert!(err.to_string().contains("count_a"), "{err}");
    assert!(!p.is_loaded());
    p.load_lazy().expect("loads once the fault is gone");
}
