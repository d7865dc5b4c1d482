//! What preparing an object asks of the system, counted with strace on the real kernel:
//! an object that needs nothing of the kernel's (no CO-RE, ksyms, kconfig or attach
//! targets) reads no kernel BTF, kallsyms or kernel config, mounts nothing, probes no
//! feature (no `BPF_PROG_LOAD`) and makes one `bpf()` call per map step (no
//! `BPF_OBJ_GET_INFO_BY_FD`, data maps included). A CO-RE object
//! reads the kernel's BTF only when a program is loaded (templates are linked then),
//! opens it exactly once, and neither map creation nor a load makes a
//! `BPF_OBJ_GET_INFO_BY_FD` call.
//!
//! The test runs this binary again under `strace -f` with `BPFGEN_STARTUP_CHILD` naming
//! the fixture; the child parses and prepares it and exits. strace is required where
//! kernel tests are (`.ci/run` installs it).

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::process::Command;

use common::{fixture, kernel, Feature};

const CHILD: &str = "BPFGEN_STARTUP_CHILD";

/// Files whose reading is kernel discovery: none may be opened without a need.
const DISCOVERY: [&str; 6] = [
    "/sys/kernel/btf/",
    "/proc/kallsyms",
    "/proc/config.gz",
    "/boot/config-",
    "/sys/kernel/tracing",
    "/sys/kernel/debug",
];

/// The syscalls of preparing `fixture`, one strace line each; `None` (said why) when
/// strace is missing and kernel tests are not required.
fn traced_prepare(test: &str, fixture: &str) -> Option<Vec<String>> {
    if Command::new("strace").arg("-V").output().is_err() {
        assert!(
            std::env::var("BPFGEN_REQUIRE_KERNEL").as_deref() != Ok("1"),
            "{test}: strace is needed (apt-get install strace)"
        );
        eprintln!("SKIPPED {test}: strace is not installed");
        return None;
    }
    let log = std::env::temp_dir().join(format!(
        "bpfgen-startup-{}-{fixture}.log",
        std::process::id()
    ));
    let status = Command::new("strace")
        .args([
            "-f",
            "-qq",
            "-e",
            "trace=openat,open,bpf,mount,perf_event_open",
            "-o",
        ])
        .arg(&log)
        .arg(std::env::current_exe().unwrap())
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, fixture)
        .status()
        .unwrap();
    assert!(status.success(), "the traced child prepared {fixture}");
    let text = std::fs::read_to_string(&log).unwrap();
    std::fs::remove_file(&log).ok();
    // The whole child is traced: the test harness's own start-up (its executable,
    // libraries) opens none of the discovery files and makes no bpf() call, so every
    // such line comes from preparing.
    Some(text.lines().map(str::to_string).collect())
}

/// In the child: parse and prepare the fixture (`name`, or `name:load` to load every
/// program as well), then stop.
fn child() -> bool {
    let Some(arg) = std::env::var_os(CHILD) else {
        return false;
    };
    let arg = arg.to_str().unwrap().to_string();
    let (name, load) = match arg.split_once(':') {
        Some((name, _)) => (name.to_string(), true),
        None => (arg, false),
    };
    let spec =
        bpfgen_runtime::ObjectSpec::parse_named(&fixture(&name), name.trim_end_matches(".bpf.o"))
            .unwrap();
    let names: Vec<String> = spec.programs.iter().map(|p| p.name.clone()).collect();
    let obj = bpfgen_runtime::PreparedObject::prepare(spec).unwrap();
    if load {
        for n in &names {
            obj.program(n).unwrap().load_lazy().unwrap();
        }
    }
    drop(obj);
    true
}

fn count(lines: &[String], needle: &str) -> usize {
    lines.iter().filter(|l| l.contains(needle)).count()
}

fn discovery(lines: &[String]) -> Vec<&String> {
    lines
        .iter()
        .filter(|l| DISCOVERY.iter().any(|d| l.contains(d)))
        .collect()
}

#[test]
fn preparing_a_plain_object_discovers_nothing() {
    if child() {
        return;
    }
    if kernel("preparing_a_plain_object_discovers_nothing", &[]).is_none() {
        return;
    }
    let Some(lines) = traced_prepare(
        "preparing_a_plain_object_discovers_nothing",
        "many_progs.bpf.o",
    ) else {
        return;
    };
    assert!(discovery(&lines).is_empty(), "{:#?}", discovery(&lines));
    assert_eq!(count(&lines, "mount("), 0, "nothing mounted");
    assert_eq!(count(&lines, "perf_event_open("), 0);
    assert_eq!(
        count(&lines, "BPF_PROG_LOAD"),
        0,
        "no feature probe, no program load"
    );
    assert_eq!(count(&lines, "BPF_BTF_LOAD"), 1, "the object's BTF, once");
    let spec = bpfgen_runtime::ObjectSpec::parse(&fixture("many_progs.bpf.o")).unwrap();
    assert_eq!(
        count(&lines, "BPF_MAP_CREATE"),
        spec.maps.len(),
        "one create per map"
    );
}

#[test]
fn preparing_data_maps_asks_the_kernel_no_map_info() {
    if child() {
        return;
    }
    if kernel("preparing_data_maps_asks_the_kernel_no_map_info", &[]).is_none() {
        return;
    }
    let Some(lines) = traced_prepare(
        "preparing_data_maps_asks_the_kernel_no_map_info",
        "globals.bpf.o",
    ) else {
        return;
    };
    let spec = bpfgen_runtime::ObjectSpec::parse(&fixture("globals.bpf.o")).unwrap();
    let initialised = spec
        .maps
        .iter()
        .filter(|m| m.initial_value.is_some())
        .count();
    assert!(initialised > 0, "the fixture has an initialised .rodata");
    assert_eq!(
        count(&lines, "BPF_MAP_UPDATE_ELEM"),
        initialised,
        "one write per initialised data map"
    );
    assert_eq!(
        count(&lines, "BPF_OBJ_GET_INFO_BY_FD"),
        0,
        "created maps' sizes come from their definitions"
    );
}

#[test]
fn loading_a_co_re_object_reads_only_the_kernel_btf() {
    if child() {
        return;
    }
    let needs = [Feature::RAW_TRACEPOINT];
    let Some(k) = kernel("loading_a_co_re_object_reads_only_the_kernel_btf", &needs) else {
        return;
    };
    if k.refuses(Feature::RAW_TRACEPOINT, "core_read_ids", || {
        common::prepare("core_read.bpf.o")
            .program("core_read_ids")
            .unwrap()
            .load_lazy()
    }) {
        return;
    }
    let Some(prepared) = traced_prepare(
        "loading_a_co_re_object_reads_only_the_kernel_btf",
        "core_read.bpf.o",
    ) else {
        return;
    };
    assert!(
        discovery(&prepared).is_empty(),
        "prepare alone reads no kernel BTF: {:#?}",
        discovery(&prepared)
    );
    let Some(lines) = traced_prepare(
        "loading_a_co_re_object_reads_only_the_kernel_btf",
        "core_read.bpf.o:load",
    ) else {
        return;
    };
    let found = discovery(&lines);
    assert!(
        found.len() == 1 && found[0].contains("/sys/kernel/btf/vmlinux"),
        "vmlinux BTF opened once and no module BTF read, nothing else: {found:#?}"
    );
    assert!(
        count(&lines, "\"/sys/kernel/btf\"") <= 1,
        "the module list, at most once"
    );
    assert_eq!(count(&lines, "mount("), 0);
    let spec = bpfgen_runtime::ObjectSpec::parse(&fixture("core_read.bpf.o")).unwrap();
    assert_eq!(
        count(&lines, "BPF_PROG_LOAD"),
        spec.programs.len(),
        "one load per program, no feature probe"
    );
    assert_eq!(
        count(&lines, "BPF_OBJ_GET_INFO_BY_FD"),
        0,
        "no size query per created map (its definition holds them), none per load (a \
         report is read when asked for)"
    );
}
