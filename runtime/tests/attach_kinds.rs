//! Typed attach on the real kernel for raw tracepoints, tp_btf, uprobes/uretprobes, cgroup
//! sockets, tcx and task iterators (`attach_kinds.bpf.o`): attach the object's program or
//! a clone, trigger the event, read the counter, drop the link, see the counter stop.
//! Each test names the kernel features it needs; what the kernel refuses (kprobes and map
//! iterators on this project's CI VMs) is probed apart from bpfgen, reported, and only
//! bpfgen's side of the refusal is checked. A perf buffer reads what a program sends
//! with `bpf_perf_event_output`.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::net::UdpSocket;
use std::path::PathBuf;
use std::sync::Arc;

use bpfgen_runtime::attach::{CgroupOrder, Link, NetfilterHook, TaskScope, TcxOrder};
use bpfgen_runtime::kind::{
    CgroupSock, Iter, Kprobe, KprobeMulti, Netfilter, PerfEvent, RawTracepoint, SkLookup, Tcx,
    TpBtf, Uprobe, UprobeMulti, Uretprobe,
};
use bpfgen_runtime::maps::{Array, PerfEventArray, PerfRecord};
use bpfgen_runtime::Program;
use bpfgen_runtime::{sys, CloneOpts, PreparedObject};
use common::{kernel, open_fixture, send_through, Feature};

const RAW_TP: u32 = 0;
const TP_BTF: u32 = 1;
const SOCK_CREATE: u32 = 2;
const TCX: u32 = 3;
const UPROBE: u32 = 4;
const URETPROBE: u32 = 5;
const KPROBE: u32 = 6;
const UPROBE_MULTI: u32 = 7;
const URETPROBE_MULTI: u32 = 8;
const KPROBE_MULTI: u32 = 9;
const TCX_PASS: u32 = 10;
const SK_LOOKUP: u32 = 11;
const NETFILTER: u32 = 12;
const PERF_SAMPLE: u32 = 13;

const TP_BTF_SYS_ENTER: Feature = Feature::tp_btf("sys_enter");
const KPROBE_ATTACH: Feature = Feature::KprobeAttach("do_unlinkat");
const KPROBE_MULTI_ATTACH: Feature = Feature::KprobeMultiAttach("do_unlinkat");

/// The fixture, prepared, with config[0] = this process and config[1] = this thread.
fn attach_kinds() -> (Arc<PreparedObject>, Array<u64>) {
    let obj = open_fixture("attach_kinds.bpf.o").prepare().unwrap();
    let config: Array<u32> = Array::new(&obj, "config").unwrap();
    config.set(0, &std::process::id()).unwrap();
    // `/proc/thread-self` links to `<pid>/task/<tid>`.
    let link = std::fs::read_link("/proc/thread-self").unwrap();
    let tid: u32 = link.file_name().unwrap().to_str().unwrap().parse().unwrap();
    config.set(1, &tid).unwrap();
    let hits = Array::new(&obj, "hits").unwrap();
    (obj, hits)
}

/// A few system calls from this process.
fn syscalls() {
    for _ in 0..5 {
        let _ = std::fs::metadata("/");
    }
}

#[test]
fn raw_tracepoint_and_tp_btf_count_own_syscalls_until_dropped() {
    let Some(k) = kernel(
        "raw_tracepoint_and_tp_btf_count_own_syscalls_until_dropped",
        &[Feature::RAW_TRACEPOINT, TP_BTF_SYS_ENTER],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    let raw: Program<RawTracepoint> = Program::new(&obj, "count_raw_tp").unwrap();
    let btf: Program<TpBtf> = Program::new(&obj, "count_tp_btf").unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "count_raw_tp", || raw.load_lazy())
        || k.refuses(TP_BTF_SYS_ENTER, "count_tp_btf", || {
            btf.clone_with(&CloneOpts::default())
        })
    {
        return;
    }
    let raw_link = raw.load_lazy().unwrap().attach().unwrap();
    // tp_btf through a clone: an owned instance attaches like the object's own program.
    let btf_link = btf
        .clone_with(&CloneOpts::default())
        .unwrap()
        .attach()
        .unwrap();
    syscalls();
    let (raw_n, btf_n) = (hits.get(RAW_TP).unwrap(), hits.get(TP_BTF).unwrap());
    assert!(raw_n >= 5 && btf_n >= 5, "raw_tp {raw_n}, tp_btf {btf_n}");
    drop(raw_link);
    drop(btf_link);
    let (raw_n, btf_n) = (hits.get(RAW_TP).unwrap(), hits.get(TP_BTF).unwrap());
    syscalls();
    assert_eq!(hits.get(RAW_TP).unwrap(), raw_n, "raw_tp detached on drop");
    assert_eq!(hits.get(TP_BTF).unwrap(), btf_n, "tp_btf detached on drop");

    let err = raw
        .load_lazy()
        .unwrap()
        .attach_to("bpfgen_no_such_tp")
        .unwrap_err();
    assert!(
        err.to_string().contains("raw tracepoint bpfgen_no_such_tp"),
        "{err}"
    );
}

/// The C library this test process has mapped: the uprobes probe its `getppid` and
/// `getpid` (the programs count the calls of the test's own thread only).
fn libc_path() -> PathBuf {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
    maps.lines()
        .filter_map(|l| l.split_whitespace().nth(5))
        .find(|p| p.contains("/libc.so") || p.contains("/libc-"))
        .map(PathBuf::from)
        .expect("libc is mapped")
}

#[test]
fn uprobe_and_uretprobe_count_calls_of_a_function_until_dropped() {
    let Some(k) = kernel(
        "uprobe_and_uretprobe_count_calls_of_a_function_until_dropped",
        &[Feature::KPROBE],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    let libc = libc_path();
    let entry: Program<Uprobe> = Program::new(&obj, "count_uprobe").unwrap();
    let ret: Program<Uretprobe> = Program::new(&obj, "count_uretprobe").unwrap();
    if k.refuses(Feature::KPROBE, "count_uprobe", || entry.load_lazy()) {
        return;
    }
    let pid = i32::try_from(std::process::id()).unwrap();
    let entry_link = entry
        .load_lazy()
        .unwrap()
        .attach_to(&libc, "getppid", Some(pid))
        .unwrap();
    let ret_link = ret
        .clone_with(&CloneOpts::default())
        .unwrap()
        .attach_to(&libc, "getppid", None)
        .unwrap();
    for _ in 0..3 {
        std::hint::black_box(std::os::unix::process::parent_id());
    }
    assert_eq!(hits.get(UPROBE).unwrap(), 3);
    assert_eq!(hits.get(URETPROBE).unwrap(), 3);
    drop(entry_link);
    drop(ret_link);
    std::hint::black_box(std::os::unix::process::parent_id());
    assert_eq!(hits.get(UPROBE).unwrap(), 3, "detached on drop");
    assert_eq!(hits.get(URETPROBE).unwrap(), 3, "detached on drop");

    let err = entry
        .load_lazy()
        .unwrap()
        .attach_to(&libc, "bpfgen_no_such_function", None)
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("no function `bpfgen_no_such_function`"),
        "{err}"
    );
}

/// The cgroup v2 directory this process belongs to, mounting cgroup2 if needed.
fn own_cgroup() -> PathBuf {
    let mounts = std::fs::read_to_string("/proc/mounts").unwrap();
    let root = mounts
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .find(|f| f.get(2) == Some(&"cgroup2"))
        .map(|f| PathBuf::from(f[1]))
        .unwrap_or_else(|| {
            let dir = std::env::temp_dir().join("bpfgen-cgroup2");
            std::fs::create_dir_all(&dir).unwrap();
            sys::ensure_cgroup2(&dir).unwrap();
            dir
        });
    let own = std::fs::read_to_string("/proc/self/cgroup").unwrap();
    let rel = own
        .lines()
        .find_map(|l| l.strip_prefix("0::"))
        .unwrap_or("/");
    root.join(rel.trim_start_matches('/'))
}

#[test]
fn cgroup_sock_create_counts_own_sockets_until_dropped() {
    let Some(k) = kernel(
        "cgroup_sock_create_counts_own_sockets_until_dropped",
        &[Feature::CGROUP_SOCK_CREATE],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    let cgroup = std::fs::File::open(own_cgroup()).unwrap();
    let prog: Program<CgroupSock> = Program::new(&obj, "count_sock_create").unwrap();
    if k.refuses(Feature::CGROUP_SOCK_CREATE, "count_sock_create", || {
        prog.load_lazy()
    }) {
        return;
    }
    let link = prog.load_lazy().unwrap().attach(&cgroup).unwrap();
    let _a = UdpSocket::bind("127.0.0.1:0").unwrap();
    let _b = UdpSocket::bind("127.0.0.1:0").unwrap();
    assert_eq!(hits.get(SOCK_CREATE).unwrap(), 2);
    drop(link);
    let _c = UdpSocket::bind("127.0.0.1:0").unwrap();
    assert_eq!(hits.get(SOCK_CREATE).unwrap(), 2, "detached on drop");
}

/// A pinned link keeps the program attached after every fd is gone; `from_pin` reopens
/// it; `unpin` (with the last fd closed) detaches. Pins only go on bpffs.
#[test]
fn pinned_link_outlives_its_fds_until_unpinned() {
    let Some(k) = kernel(
        "pinned_link_outlives_its_fds_until_unpinned",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    let raw: Program<RawTracepoint> = Program::new(&obj, "count_raw_tp").unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "count_raw_tp", || raw.load_lazy()) {
        return;
    }
    let bpffs = std::path::Path::new("/sys/fs/bpf");
    sys::ensure_bpffs(bpffs).unwrap();
    let pin = bpffs.join(format!("bpfgen-test-link-{}", std::process::id()));
    let count = || {
        let before = hits.get(RAW_TP).unwrap();
        syscalls();
        hits.get(RAW_TP).unwrap() - before
    };
    let link = raw.load_lazy().unwrap().attach().unwrap();
    link.pin(&pin).unwrap();
    drop(link);
    assert!(count() >= 5, "attached through the pin alone");
    let reopened = Link::from_pin(&pin).unwrap();
    drop(reopened);
    assert!(count() >= 5, "dropping a reopened link leaves the pin");
    Link::unpin(&pin).unwrap();
    // The kernel frees a pinned object after an RCU grace period, from a work item:
    // the detach follows the unlink shortly, not at once.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while count() != 0 {
        assert!(
            std::time::Instant::now() < deadline,
            "unpinned with no fd left: detached within 5 s"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(Link::from_pin(&pin).is_err(), "the pin is gone");

    // Not on bpffs: refused before any syscall, naming the directory.
    let link = raw.load_lazy().unwrap().attach().unwrap();
    let tmp = std::env::temp_dir().join("bpfgen-not-bpffs");
    let err = link.pin(&tmp).unwrap_err().to_string();
    assert!(err.contains("is not on a bpffs mount"), "{err}");
    // A pin path that escapes bpffs through `..` is refused too.
    let escape = bpffs.join("..").join("bpfgen-escape");
    let err = link.pin(&escape).unwrap_err().to_string();
    assert!(err.contains("is not on a bpffs mount"), "{err}");
}

/// A directory that is not cgroup v2 gets an error that says so (the kernel says only
/// EBADF): any other directory, and a cgroup v1 hierarchy where one can be mounted.
#[test]
fn cgroup_attach_outside_cgroup_v2_names_the_cause() {
    let Some(k) = kernel(
        "cgroup_attach_outside_cgroup_v2_names_the_cause",
        &[Feature::CGROUP_SOCK_CREATE],
    ) else {
        return;
    };
    let (obj, _) = attach_kinds();
    let prog: Program<CgroupSock> = Program::new(&obj, "count_sock_create").unwrap();
    if k.refuses(Feature::CGROUP_SOCK_CREATE, "count_sock_create", || {
        prog.load_lazy()
    }) {
        return;
    }
    let loaded = prog.load_lazy().unwrap();
    let tmp = std::fs::File::open(std::env::temp_dir()).unwrap();
    let err = loaded.attach(&tmp).unwrap_err().to_string();
    assert!(
        err.contains("count_sock_create") && err.contains("not a cgroup v2 directory"),
        "{err}"
    );
    let v1 = std::env::temp_dir().join(format!("bpfgen-cgroup1-{}", std::process::id()));
    std::fs::create_dir_all(&v1).unwrap();
    let mounted = std::process::Command::new("mount")
        .args(["-t", "cgroup", "-o", "none,name=bpfgen_test", "cgroup"])
        .arg(&v1)
        .status()
        .is_ok_and(|s| s.success());
    if mounted {
        let dir = std::fs::File::open(&v1).unwrap();
        let err = loaded.attach(&dir).unwrap_err().to_string();
        drop(dir);
        let _ = std::process::Command::new("umount").arg(&v1).status();
        assert!(err.contains("cgroup v1 directory"), "{err}");
    } else {
        eprintln!("cgroup v1 part skipped: this machine cannot mount a cgroup v1 hierarchy");
    }
    std::fs::remove_dir(&v1).ok();
}

#[test]
fn task_iterator_lists_this_process_threads() {
    let Some(k) = kernel(
        "task_iterator_lists_this_process_threads",
        &[Feature::TASK_ITER],
    ) else {
        return;
    };
    let (obj, _) = attach_kinds();
    let prog: Program<Iter> = Program::new(&obj, "list_threads").unwrap();
    if k.refuses(Feature::TASK_ITER, "list_threads", || prog.load_lazy()) {
        return;
    }
    let iter = prog.load_lazy().unwrap().attach().unwrap();
    let tids: Vec<u32> = iter
        .read_to_string()
        .unwrap()
        .lines()
        .map(|l| l.parse().unwrap())
        .collect();
    // Every thread of this process, the main thread (tid == pid) among them.
    let threads = std::fs::read_dir("/proc/self/task").unwrap().count();
    assert!(tids.contains(&std::process::id()), "{tids:?}");
    assert!(!tids.is_empty() && tids.len() <= threads + 8, "{tids:?}");
    // Each open() is a fresh session.
    assert!(iter.read_to_string().unwrap().lines().count() > 0);
}

#[test]
fn kprobe_attaches_or_the_kernel_refuses_clearly() {
    let Some(k) = kernel(
        "kprobe_attaches_or_the_kernel_refuses_clearly",
        &[Feature::KPROBE, KPROBE_ATTACH],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    let prog: Program<Kprobe> = Program::new(&obj, "count_kprobe").unwrap();
    if k.refuses(Feature::KPROBE, "count_kprobe", || prog.load_lazy()) {
        return;
    }
    let loaded = prog.load_lazy().unwrap();
    // Kernels without kprobes (this project's CI VM): the error names the probe.
    if k.refuses(KPROBE_ATTACH, "kprobe do_unlinkat+0x0", || loaded.attach()) {
        return;
    }
    let link = loaded.attach().unwrap();
    let path = std::env::temp_dir().join(format!("bpfgen-kprobe-{}", std::process::id()));
    std::fs::write(&path, b"x").unwrap();
    std::fs::remove_file(&path).unwrap();
    assert!(hits.get(KPROBE).unwrap() >= 1, "do_unlinkat was probed");
    drop(link);
    let before = hits.get(KPROBE).unwrap();
    std::fs::write(&path, b"x").unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(hits.get(KPROBE).unwrap(), before, "detached on drop");
}

/// A fresh object's perf buffer (8 pages per CPU) after `emit_syscalls` saw three
/// getppid calls of this thread; `None` (reported) when the kernel refuses raw
/// tracepoints. The object and the array come along: the buffer needs them alive.
fn three_getppid_samples(
    k: &bpfgen_runtime::testing::KernelTest,
) -> Option<(
    Arc<PreparedObject>,
    PerfEventArray,
    bpfgen_runtime::maps::PerfBuffer,
)> {
    let (obj, _) = attach_kinds();
    let events: PerfEventArray = PerfEventArray::new(&obj, "events").unwrap();
    let buffer = events.buffer(8).unwrap();
    let prog: Program<RawTracepoint> = Program::new(&obj, "emit_syscalls").unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "emit_syscalls", || {
        prog.load_lazy()
    }) {
        return None;
    }
    let link = prog.load_lazy().unwrap().attach().unwrap();
    for _ in 0..3 {
        std::hint::black_box(std::os::unix::process::parent_id());
    }
    drop(link);
    Some((obj, events, buffer))
}

#[test]
fn perf_buffer_delivers_own_syscalls_per_cpu() {
    let Some(k) = kernel(
        "perf_buffer_delivers_own_syscalls_per_cpu",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let Some((_obj, events, mut buffer)) = three_getppid_samples(&k) else {
        return;
    };
    assert!(!buffer.cpus().is_empty());
    assert!(events.buffer(3).is_err(), "pages must be a power of two");
    assert!(buffer.poll(std::time::Duration::from_secs(5)).unwrap());
    let mut getppid = 0;
    let mut samples = 0;
    for record in &mut buffer {
        let PerfRecord::Sample { data, .. } = record else {
            panic!("nothing may be lost: {record:?}");
        };
        // struct syscall_event, padded by the kernel to 20 bytes.
        assert_eq!(data.len(), 20, "{data:?}");
        let id = u64::from_ne_bytes(data[0..8].try_into().unwrap());
        let tgid = u32::from_ne_bytes(data[8..12].try_into().unwrap());
        let magic = u32::from_ne_bytes(data[12..16].try_into().unwrap());
        assert_eq!((tgid, magic), (std::process::id(), 0xb9f_6e11));
        samples += 1;
        getppid += usize::from(id == libc::SYS_getppid as u64);
    }
    assert!(getppid >= 3, "{getppid} getppid samples of {samples}");
    assert!(buffer.next().is_none(), "drained");
    let cpus = buffer.cpus();
    assert!(
        events.clear(cpus[0]).unwrap(),
        "the buffer filled its slots"
    );
    drop(buffer);
    for cpu in cpus {
        assert!(
            !events.clear(cpu).unwrap(),
            "dropping the buffer emptied slot {cpu}"
        );
    }
}

/// Samples of getppid in `buffer`, and the number reported lost.
/// Takes every record through the callback form: (getppid samples, lost samples).
fn drain_getppid(buffer: &mut bpfgen_runtime::maps::PerfBuffer) -> (usize, u64) {
    let (mut seen, mut lost) = (0, 0);
    buffer.consume(
        |_, data| {
            let id = u64::from_ne_bytes(data[0..8].try_into().unwrap());
            let magic = u32::from_ne_bytes(data[12..16].try_into().unwrap());
            assert_eq!(magic, 0xb9f_6e11, "an intact sample");
            seen += usize::from(id == libc::SYS_getppid as u64);
        },
        |_, count| lost += count,
    );
    (seen, lost)
}

/// Typed samples (`next_as`): `struct syscall_event` as `[u32; 4]` (id, tgid, magic).
#[test]
fn perf_buffer_reads_typed_samples() {
    let Some(k) = kernel(
        "perf_buffer_reads_typed_samples",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let Some((_obj, _events, mut buffer)) = three_getppid_samples(&k) else {
        return;
    };
    let mut getppid = 0;
    while let Some((cpu, [id, _, tgid, magic])) = buffer.next_as::<[u32; 4]>() {
        assert!(buffer.cpus().contains(&cpu));
        assert_eq!((tgid, magic), (std::process::id(), 0xb9f_6e11));
        getppid += usize::from(u64::from(id) == libc::SYS_getppid as u64);
    }
    assert!(getppid >= 3, "{getppid} typed getppid samples");
    assert_eq!(buffer.lost(), 0);
}

#[test]
fn perf_buffer_reports_lost_samples_and_reads_across_the_wrap() {
    let Some(k) = kernel(
        "perf_buffer_reports_lost_samples_and_reads_across_the_wrap",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let (obj, _) = attach_kinds();
    let events: PerfEventArray = PerfEventArray::new(&obj, "events").unwrap();
    // One data page: 128 records of 32 bytes (only this thread's system calls are sent).
    let mut buffer = events.buffer(1).unwrap();
    let prog: Program<RawTracepoint> = Program::new(&obj, "emit_syscalls").unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "emit_syscalls", || {
        prog.load_lazy()
    }) {
        return;
    }
    let link = prog.load_lazy().unwrap().attach().unwrap();
    let calls = || {
        for _ in 0..100 {
            std::hint::black_box(std::os::unix::process::parent_id());
        }
    };
    // Ten times what one page holds, unread: the rest is reported lost.
    for _ in 0..10 {
        calls();
    }
    let (seen, lost) = drain_getppid(&mut buffer);
    assert!(seen < 1000 && lost == 0, "seen {seen}, lost {lost}");
    // Each round fits in every ring; the positions soon pass the end of the data area,
    // so records wrap. The kernel reports the earlier loss with the next sample it
    // writes on the CPU whose ring overflowed (whichever that was).
    let mut reported = 0;
    for round in 0..50 {
        calls();
        let (seen, lost) = drain_getppid(&mut buffer);
        assert_eq!(seen, 100, "round {round}: every sample, intact");
        reported += lost;
        if reported > 0 && round >= 5 {
            break;
        }
    }
    assert!(reported > 0, "the overflow is reported");
    assert_eq!(
        buffer.lost(),
        reported,
        "lost() adds up what the callbacks saw"
    );
    drop(link);
}

#[test]
fn attach_auto_attaches_loaded_programs_with_complete_sections() {
    let Some(k) = kernel(
        "attach_auto_attaches_loaded_programs_with_complete_sections",
        &[
            Feature::RAW_TRACEPOINT,
            TP_BTF_SYS_ENTER,
            Feature::TASK_ITER,
            Feature::KPROBE,
            Feature::CGROUP_SOCK_CREATE,
            KPROBE_ATTACH,
        ],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    for (feature, name) in [
        (Feature::RAW_TRACEPOINT, "count_raw_tp"),
        (TP_BTF_SYS_ENTER, "count_tp_btf"),
        (Feature::TASK_ITER, "list_threads"),
        (Feature::KPROBE, "count_uprobe"),
        (Feature::CGROUP_SOCK_CREATE, "count_sock_create"),
    ] {
        let prog = obj.program(name).unwrap();
        if k.refuses(feature, name, || prog.load_lazy()) {
            return;
        }
        prog.load_lazy().unwrap();
    }
    let links = bpfgen_runtime::attach::attach_auto(&obj).unwrap();
    let names: Vec<&str> = links.iter().map(|l| l.program.as_str()).collect();
    // Bare SEC("uprobe") and the cgroup hook need run-time targets: skipped, as are the
    // programs that are not loaded.
    assert_eq!(names, ["count_raw_tp", "count_tp_btf", "list_threads"]);
    syscalls();
    assert!(hits.get(RAW_TP).unwrap() >= 5 && hits.get(TP_BTF).unwrap() >= 5);
    drop(links);
    let before = hits.get(RAW_TP).unwrap();
    syscalls();
    assert_eq!(hits.get(RAW_TP).unwrap(), before, "detached on drop");

    // All or nothing: with the kprobe loaded, a kernel without kprobes fails the whole
    // call and nothing stays attached.
    obj.program("count_kprobe").unwrap().load_lazy().unwrap();
    if k.supports(KPROBE_ATTACH) {
        assert_eq!(
            bpfgen_runtime::attach::attach_auto(&obj).unwrap().len(),
            4,
            "kprobes work here"
        );
        return;
    }
    let err = bpfgen_runtime::attach::attach_auto(&obj).unwrap_err();
    assert!(err.to_string().contains("count_kprobe"), "{err}");
    // (raw_tp was attached while the call ran: it counted the call's own system calls.)
    let after = hits.get(RAW_TP).unwrap();
    syscalls();
    assert_eq!(hits.get(RAW_TP).unwrap(), after, "nothing left attached");
}

#[test]
fn uprobe_multi_counts_calls_of_several_functions_until_dropped() {
    let Some(k) = kernel(
        "uprobe_multi_counts_calls_of_several_functions_until_dropped",
        &[Feature::UPROBE_MULTI],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    let libc = libc_path();
    let functions = ["getppid", "getpid"];
    let entry: Program<UprobeMulti> = Program::new(&obj, "count_uprobe_multi").unwrap();
    let ret: Program<UprobeMulti> = Program::new(&obj, "count_uretprobe_multi").unwrap();
    if k.refuses(Feature::UPROBE_MULTI, "count_uprobe_multi", || {
        entry.load_lazy()
    }) {
        return;
    }
    let entry_link = entry
        .load_lazy()
        .unwrap()
        .attach_to(&libc, &functions, Some(std::process::id()))
        .unwrap();
    let ret_link = ret
        .clone_with(&CloneOpts::default())
        .unwrap()
        .attach_to(&libc, &functions, None)
        .unwrap();
    // Only this thread is counted (other tests call getpid too).
    for _ in 0..2 {
        std::hint::black_box(std::os::unix::process::parent_id());
    }
    for _ in 0..3 {
        std::hint::black_box(std::process::id());
    }
    assert_eq!(hits.get(UPROBE_MULTI).unwrap(), 5);
    assert_eq!(hits.get(URETPROBE_MULTI).unwrap(), 5);
    drop(entry_link);
    drop(ret_link);
    std::hint::black_box(std::process::id());
    assert_eq!(hits.get(UPROBE_MULTI).unwrap(), 5, "detached on drop");
    assert_eq!(hits.get(URETPROBE_MULTI).unwrap(), 5, "detached on drop");

    // A glob, like SEC("uprobe.multi/<libc>:getp*id"): getpid and getppid (and getpgid,
    // never called here).
    let link = entry
        .load_lazy()
        .unwrap()
        .attach_matching(&libc, "getp*id", Some(std::process::id()))
        .unwrap();
    std::hint::black_box(std::os::unix::process::parent_id());
    std::hint::black_box(std::process::id());
    assert_eq!(hits.get(UPROBE_MULTI).unwrap(), 7);
    drop(link);
    let err = entry
        .load_lazy()
        .unwrap()
        .attach_matching(&libc, "bpfgen_no_such_*", None)
        .unwrap_err();
    assert!(err.to_string().contains("no function matches"), "{err}");
}

#[test]
fn map_iterator_walks_the_map_it_is_attached_to() {
    let Some(k) = kernel(
        "map_iterator_walks_the_map_it_is_attached_to",
        &[Feature::MAP_ITER],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    for (slot, value) in [(0u32, 7u64), (3, 40), (8, 12345)] {
        hits.set(slot, &value).unwrap();
    }
    let prog: Program<Iter> = Program::new(&obj, "dump_u64_array").unwrap();
    if k.refuses(Feature::MAP_ITER, "dump_u64_array", || {
        prog.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    let instance = prog.clone_with(&CloneOpts::default()).unwrap();
    let iter = instance.attach_map(hits.map()).unwrap();
    let text = iter.read_to_string().unwrap();
    let lines: Vec<&str> = text.lines().collect();
    // An array iterator visits every slot, set or not.
    let slots = hits.map().spec().max_entries as usize;
    assert_eq!(lines.len(), slots, "{text}");
    assert_eq!(lines[0], "0 7");
    assert_eq!(lines[3], "3 40");
    assert_eq!(lines[8], "8 12345");
    assert_eq!(lines[1], "1 0");

    let config: Array<u32> = Array::new(&obj, "config").unwrap();
    let err = instance.attach_map(config.map()).unwrap_err();
    assert!(err.to_string().contains("map `config`"), "{err}");
}

#[test]
fn kprobe_multi_attaches_or_the_kernel_refuses_clearly() {
    let Some(k) = kernel(
        "kprobe_multi_attaches_or_the_kernel_refuses_clearly",
        &[Feature::KPROBE_MULTI, KPROBE_MULTI_ATTACH],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    let prog: Program<KprobeMulti> = Program::new(&obj, "count_kprobe_multi").unwrap();
    if k.refuses(Feature::KPROBE_MULTI, "count_kprobe_multi", || {
        prog.load_lazy()
    }) {
        return;
    }
    let loaded = prog.load_lazy().unwrap();
    // Kernels without kprobes (this project's CI VM): the error names the target.
    if k.refuses(KPROBE_MULTI_ATTACH, "kernel function do_unlinkat", || {
        loaded.attach()
    }) {
        return;
    }
    let link = loaded.attach().unwrap();
    let path = std::env::temp_dir().join(format!("bpfgen-kmulti-{}", std::process::id()));
    std::fs::write(&path, b"x").unwrap();
    std::fs::remove_file(&path).unwrap();
    let hit = hits.get(KPROBE_MULTI).unwrap();
    assert!(hit >= 1, "do_unlinkat was probed");
    drop(link);
    std::fs::write(&path, b"x").unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(hits.get(KPROBE_MULTI).unwrap(), hit, "detached on drop");
}

/// tcx on `lo` ingress: attach, order in the chain, detach on drop. One test function:
/// a program placed first on `lo` would hide other tests' programs from the traffic.
#[test]
fn tcx_on_loopback_attaches_in_order_until_dropped() {
    let Some(k) = kernel(
        "tcx_on_loopback_attaches_in_order_until_dropped",
        &[Feature::TCX_INGRESS],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    let next: Program<Tcx> = Program::new(&obj, "count_tcx").unwrap();
    let pass: Program<Tcx> = Program::new(&obj, "count_tcx_pass").unwrap();
    if k.refuses(Feature::TCX_INGRESS, "count_tcx_pass", || pass.load_lazy()) {
        return;
    }
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let tx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let mut buf = [0u8; 8];
    // Counts of (count_tcx, count_tcx_pass) after one more datagram.
    let mut step = || {
        let before = (hits.get(TCX).unwrap(), hits.get(TCX_PASS).unwrap());
        tx.send_to(b"ping", rx.local_addr().unwrap()).unwrap();
        rx.recv(&mut buf).unwrap();
        let after = (hits.get(TCX).unwrap(), hits.get(TCX_PASS).unwrap());
        (after.0 > before.0, after.1 > before.1)
    };
    // A clone attaches like the object's own program.
    let next_link = next
        .clone_with(&CloneOpts::default())
        .unwrap()
        .attach(1)
        .unwrap();
    assert_eq!(step(), (true, false), "count_tcx alone");
    let pass_loaded = pass.load_lazy().unwrap();
    // count_tcx_pass first: it ends the chain, count_tcx never runs.
    let pass_link = pass_loaded
        .attach_with(1, TcxOrder::Before(&next_link))
        .unwrap();
    assert_eq!(step(), (false, true));
    drop(pass_link);
    // After it: both run.
    let pass_link = pass_loaded
        .attach_with(1, TcxOrder::After(&next_link))
        .unwrap();
    assert_eq!(step(), (true, true));
    drop(pass_link);
    let pass_link = pass_loaded.attach_with(1, TcxOrder::First).unwrap();
    assert_eq!(step(), (false, true));
    drop((pass_link, next_link));
    assert_eq!(step(), (false, false), "detached on drop");
}

#[test]
fn task_and_cgroup_iterators_walk_only_their_scope() {
    let Some(k) = kernel(
        "task_and_cgroup_iterators_walk_only_their_scope",
        &[Feature::TASK_ITER, Feature::CGROUP_ITER],
    ) else {
        return;
    };
    let (obj, _) = attach_kinds();
    let pid = std::process::id();
    let tasks: Program<Iter> = Program::new(&obj, "list_tasks").unwrap();
    let cgroups: Program<Iter> = Program::new(&obj, "list_cgroup_ids").unwrap();
    if k.refuses(Feature::TASK_ITER, "list_tasks", || tasks.load_lazy())
        || k.refuses(Feature::CGROUP_ITER, "list_cgroup_ids", || {
            cgroups.load_lazy()
        })
    {
        return;
    }
    let loaded = tasks.load_lazy().unwrap();
    let pairs = |scope| -> Vec<(u32, u32)> {
        let text = loaded.attach_task(scope).unwrap().read_to_string().unwrap();
        text.lines()
            .map(|l| {
                let (tgid, tid) = l.split_once(' ').unwrap();
                (tgid.parse().unwrap(), tid.parse().unwrap())
            })
            .collect()
    };
    let process = pairs(TaskScope::Process(pid));
    assert!(process.contains(&(pid, pid)), "{process:?}");
    assert!(
        process.iter().all(|(tgid, _)| *tgid == pid),
        "only this process: {process:?}"
    );
    assert_eq!(
        pairs(TaskScope::Thread(pid)),
        [(pid, pid)],
        "only the main thread"
    );

    let dir = own_cgroup();
    let cgroup = std::fs::File::open(&dir).unwrap();
    let text = cgroups
        .load_lazy()
        .unwrap()
        .attach_cgroup(&cgroup, CgroupOrder::SelfOnly)
        .unwrap()
        .read_to_string()
        .unwrap();
    // A cgroup's id is its directory's inode number.
    let ino = std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&dir).unwrap());
    assert_eq!(text.trim(), ino.to_string(), "{}", dir.display());
}

#[test]
fn sk_lookup_and_netfilter_see_datagrams_until_dropped() {
    let Some(k) = kernel(
        "sk_lookup_and_netfilter_see_datagrams_until_dropped",
        &[Feature::SK_LOOKUP, Feature::NETFILTER],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    let rx = UdpSocket::bind("127.0.0.1:0").unwrap();
    let config: Array<u32> = Array::new(&obj, "config").unwrap();
    config
        .set(2, &u32::from(rx.local_addr().unwrap().port()))
        .unwrap();

    let netns = std::fs::File::open("/proc/self/ns/net").unwrap();
    let lookup: Program<SkLookup> = Program::new(&obj, "count_sk_lookup").unwrap();
    let nf: Program<Netfilter> = Program::new(&obj, "count_netfilter").unwrap();
    if k.refuses(Feature::SK_LOOKUP, "count_sk_lookup", || lookup.load_lazy())
        || k.refuses(Feature::NETFILTER, "count_netfilter", || {
            nf.clone_with(&CloneOpts::default())
        })
    {
        return;
    }
    let lookup_link = lookup.load_lazy().unwrap().attach(&netns).unwrap();
    let hook = NetfilterHook {
        family: NetfilterHook::IPV4,
        hook: NetfilterHook::LOCAL_IN,
        priority: -128,
        flags: 0,
    };
    let nf_link = nf
        .clone_with(&CloneOpts::default())
        .unwrap()
        .attach(hook)
        .unwrap();
    send_through(&rx);
    send_through(&rx);
    assert_eq!(
        hits.get(SK_LOOKUP).unwrap(),
        2,
        "one lookup per datagram to our port"
    );
    assert!(hits.get(NETFILTER).unwrap() >= 2, "LOCAL_IN saw them");
    drop((lookup_link, nf_link));
    let after = (hits.get(SK_LOOKUP).unwrap(), hits.get(NETFILTER).unwrap());
    send_through(&rx);
    assert_eq!(
        (hits.get(SK_LOOKUP).unwrap(), hits.get(NETFILTER).unwrap()),
        after,
        "detached on drop"
    );
}

#[test]
fn perf_event_program_samples_this_process_until_dropped() {
    let Some(k) = kernel(
        "perf_event_program_samples_this_process_until_dropped",
        &[Feature::PERF_EVENT],
    ) else {
        return;
    };
    let (obj, hits) = attach_kinds();
    let prog: Program<PerfEvent> = Program::new(&obj, "count_samples").unwrap();
    if k.refuses(Feature::PERF_EVENT, "count_samples", || prog.load_lazy()) {
        return;
    }
    let loaded = prog.load_lazy().unwrap();
    let links: Vec<_> = bpfgen_runtime::sys::online_cpus()
        .unwrap()
        .into_iter()
        .map(|cpu| loaded.attach_sampling(1000, cpu).unwrap())
        .collect();
    // Spin until a sample lands while this process runs (about 1 ms at 1000 Hz).
    let start = std::time::Instant::now();
    while hits.get(PERF_SAMPLE).unwrap() == 0 && start.elapsed().as_secs() < 5 {
        std::hint::black_box((0..10_000u64).sum::<u64>());
    }
    assert!(hits.get(PERF_SAMPLE).unwrap() > 0, "sampled while spinning");
    drop(links);
    let after = hits.get(PERF_SAMPLE).unwrap();
    let start = std::time::Instant::now();
    while start.elapsed().as_millis() < 50 {
        std::hint::black_box((0..10_000u64).sum::<u64>());
    }
    assert_eq!(hits.get(PERF_SAMPLE).unwrap(), after, "detached on drop");
}
