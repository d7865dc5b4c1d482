//! Local-storage maps on the real kernel (`local_storage.bpf.o`). A `tp_btf` program
//! counts this process's system calls in task storage (on the group leader) and cgrp
//! storage (on the process's cgroup); the test reads both through a pidfd and the
//! cgroup directory. Socket storage is written and read through a socket from user
//! space. Values set from user space are seen, removed values are gone.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::net::UdpSocket;
use std::path::PathBuf;

use bpfgen_runtime::kind::TpBtf;
use bpfgen_runtime::maps::{Array, CgrpStorage, InodeStorage, SkStorage, TaskStorage, UpdateFlags};
use bpfgen_runtime::{sys, Program};
use common::{kernel, prepare, Feature};

/// `struct counter`: calls, last system call id.
type Counter = [u64; 2];

/// This process's cgroup v2 directory (`0::<path>` of `/proc/self/cgroup`, under the
/// cgroup2 mount).
fn own_cgroup() -> PathBuf {
    let mounts = std::fs::read_to_string("/proc/self/mounts").unwrap();
    let root = mounts
        .lines()
        .map(|l| l.split(' ').collect::<Vec<_>>())
        .find(|f| f.get(2) == Some(&"cgroup2"))
        .map(|f| PathBuf::from(f[1]))
        .expect("a cgroup2 mount");
    let cgroups = std::fs::read_to_string("/proc/self/cgroup").unwrap();
    let rel = cgroups
        .lines()
        .find_map(|l| l.strip_prefix("0::"))
        .expect("a cgroup v2 entry");
    root.join(rel.trim_start_matches('/'))
}

const NEEDS: [Feature; 4] = [
    Feature::TASK_STORAGE,
    Feature::CGRP_STORAGE,
    Feature::SK_STORAGE,
    Feature::tp_btf("sys_enter"),
];

#[test]
fn task_and_cgroup_storage_count_this_process_and_socket_storage_round_trips() {
    let Some(k) = kernel(
        "task_and_cgroup_storage_count_this_process_and_socket_storage_round_trips",
        &NEEDS,
    ) else {
        return;
    };
    let spec = || {
        bpfgen_runtime::ObjectSpec::parse_named(&common::fixture("local_storage.bpf.o"), "ls")
            .unwrap()
    };
    for (feature, map) in [
        (Feature::TASK_STORAGE, "task_counts"),
        (Feature::CGRP_STORAGE, "cgrp_counts"),
        (Feature::SK_STORAGE, "sk_values"),
    ] {
        if k.refuses(feature, map, || {
            bpfgen_runtime::PreparedObject::prepare(spec())
        }) {
            return;
        }
    }
    let obj = prepare("local_storage.bpf.o");
    let prog: Program<TpBtf> = Program::new(&obj, "count_calls").unwrap();
    if k.refuses(Feature::tp_btf("sys_enter"), "count_calls", || {
        prog.load_lazy()
    }) {
        return;
    }
    let tasks: TaskStorage<Counter> = TaskStorage::new(&obj, "task_counts").unwrap();
    let cgroups: CgrpStorage<Counter> = CgrpStorage::new(&obj, "cgrp_counts").unwrap();
    let me = sys::pidfd_open(std::process::id()).unwrap();
    let cgroup = std::fs::File::open(own_cgroup()).unwrap();
    assert_eq!(tasks.get(&me).unwrap(), None, "nothing stored yet");
    assert_eq!(cgroups.get(&cgroup).unwrap(), None);

    let config: Array<u32> = Array::new(&obj, "config").unwrap();
    config.set(0, &std::process::id()).unwrap();
    let link = prog.load_lazy().unwrap().attach().unwrap();
    for _ in 0..5 {
        std::hint::black_box(std::os::unix::process::parent_id());
    }
    drop(link);
    let task = tasks
        .get(&me)
        .unwrap()
        .expect("task storage created by the program");
    assert!(task[0] >= 5, "{task:?}");
    let cgrp = cgroups.get(&cgroup).unwrap().expect("cgrp storage created");
    assert!(cgrp[0] >= task[0], "{cgrp:?} vs {task:?}");

    // User space writes and removes too.
    let preset: Counter = [1000, 7];
    tasks.set(&me, &preset, UpdateFlags::Exist).unwrap();
    assert_eq!(tasks.get(&me).unwrap(), Some(preset));
    assert!(tasks.remove(&me).unwrap());
    assert!(!tasks.remove(&me).unwrap(), "already gone");
    assert!(cgroups.remove(&cgroup).unwrap());

    let sockets: SkStorage<u64> = SkStorage::new(&obj, "sk_values").unwrap();
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    let other = UdpSocket::bind("127.0.0.1:0").unwrap();
    assert_eq!(sockets.get(&socket).unwrap(), None);
    sockets.set(&socket, &42, UpdateFlags::NoExist).unwrap();
    assert!(
        sockets.set(&socket, &43, UpdateFlags::NoExist).is_err(),
        "NoExist refuses a second value"
    );
    assert_eq!(sockets.get(&socket).unwrap(), Some(42));
    assert_eq!(sockets.get(&other).unwrap(), None, "storage is per socket");
    assert!(sockets.remove(&socket).unwrap());
    assert_eq!(sockets.get(&socket).unwrap(), None);
}

#[test]
fn inode_storage_is_per_inode_whichever_fd_names_it() {
    let Some(k) = kernel(
        "inode_storage_is_per_inode_whichever_fd_names_it",
        &[Feature::INODE_STORAGE],
    ) else {
        return;
    };
    let spec = || {
        bpfgen_runtime::ObjectSpec::parse_named(&common::fixture("inode_storage.bpf.o"), "is")
            .unwrap()
    };
    if k.refuses(Feature::INODE_STORAGE, "inode_values", || {
        bpfgen_runtime::PreparedObject::prepare(spec())
    }) {
        return;
    }
    let obj = prepare("inode_storage.bpf.o");
    let inodes: InodeStorage<u64> = InodeStorage::new(&obj, "inode_values").unwrap();
    let dir = std::env::temp_dir();
    let path = dir.join(format!("bpfgen-inode-{}", std::process::id()));
    std::fs::write(&path, b"x").unwrap();
    let first = std::fs::File::open(&path).unwrap();
    let second = std::fs::File::open(&path).unwrap();
    let elsewhere = std::fs::File::open(&dir).unwrap();
    inodes.set(&first, &7, UpdateFlags::Any).unwrap();
    assert_eq!(
        inodes.get(&second).unwrap(),
        Some(7),
        "same inode, other fd"
    );
    assert_eq!(inodes.get(&elsewhere).unwrap(), None);
    assert!(inodes.remove(&second).unwrap());
    assert_eq!(inodes.get(&first).unwrap(), None);
    std::fs::remove_file(&path).unwrap();
}
