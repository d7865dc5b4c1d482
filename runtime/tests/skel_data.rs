//! The skeleton layer on the real kernel: open-phase data, live `DataView`s shared with
//! BPF programs (mmap and syscall fallback), frozen `.rodata` snapshots.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::os::fd::AsFd;

use bpfgen_runtime::kind::SocketFilter;
use bpfgen_runtime::maps::Array;
use bpfgen_runtime::skel::{snapshot, DataView, SkelError};
use bpfgen_runtime::sys::consts::BPF_F_MMAPABLE;
use bpfgen_runtime::Error;
use bpfgen_runtime::Program;
use common::{kernel, open_fixture, test_run, Feature, KernelTest, PACKET};

#[test]
fn open_phase_reads_and_writes_initial_data() {
    // Pure: no kernel needed.
    let mut open = open_fixture("many_progs.bpf.o");
    assert_eq!(open.data::<u32>(".rodata").unwrap(), 3);
    assert_eq!(open.data::<i32>(".data").unwrap(), 7);
    assert_eq!(open.data::<u64>(".bss").unwrap(), 0, ".bss reads as zeroes");
    open.set_data(".rodata", &9u32).unwrap();
    assert_eq!(open.data::<u32>(".rodata").unwrap(), 9);
    // A u64 is the 4-byte section rounded up to its alignment: accepted, tail not written.
    open.set_data(".rodata", &u64::from(11u32)).unwrap();
    assert_eq!(
        open.spec()
            .map(".rodata")
            .unwrap()
            .initial_value
            .as_ref()
            .unwrap()
            .len(),
        4
    );
    assert_eq!(open.data::<u64>(".rodata").unwrap(), 11);
    // A [u32; 2] is 8 bytes with alignment 4: too big.
    let err = open.set_data(".rodata", &[1u32, 2]).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Skel(SkelError::DataSize {
                got: 8,
                expected: 4,
                ..
            })
        ),
        "{err}"
    );
    let err = open.data::<u32>("flow_stats").unwrap_err();
    assert!(
        matches!(err, Error::Skel(SkelError::NotData { .. })),
        "{err}"
    );
    assert!(matches!(
        open.map_mut("nope"),
        Err(Error::Map(
            bpfgen_runtime::prepare::map::MapError::NotFound { .. }
        ))
    ));
    let err = open.program_mut("nope").unwrap_err();
    assert!(err.to_string().contains("has no program `nope`"), "{err}");
}

#[test]
fn rodata_is_a_snapshot_after_prepare() {
    if kernel("rodata_is_a_snapshot_after_prepare", &[]).is_none() {
        return;
    }
    let mut open = open_fixture("many_progs.bpf.o");
    open.set_data(".rodata", &21u32).unwrap();
    let obj = open.prepare().unwrap();
    assert_eq!(snapshot::<u32>(&obj, ".rodata").unwrap(), 21);
    assert_eq!(snapshot::<i32>(&obj, ".data.custom").unwrap(), 11);
    let err = DataView::<u32>::new(&obj, ".rodata").unwrap_err();
    assert!(
        matches!(err, Error::Skel(SkelError::Frozen { .. })),
        "{err}"
    );
    let err = DataView::<u32>::new(&obj, "shared_counts").unwrap_err();
    assert!(
        matches!(err, Error::Skel(SkelError::NotData { .. })),
        "{err}"
    );
    let err = DataView::<[u64; 2]>::new(&obj, ".bss").unwrap_err();
    assert!(
        matches!(err, Error::Skel(SkelError::DataSize { .. })),
        "{err}"
    );
}

/// `.bss` and `.data` shared both ways between a `DataView` and `count_a` /
/// `socket_with_subprogs`.
fn shares_globals_with_programs(k: &KernelTest, mmapable: bool) {
    let mut open = open_fixture("many_progs.bpf.o");
    if !mmapable {
        for section in [".bss", ".data"] {
            open.map_mut(section).unwrap().map_flags &= !BPF_F_MMAPABLE;
        }
    }
    let obj = open.prepare().unwrap();
    let bss: DataView<u64> = DataView::new(&obj, ".bss").unwrap();
    let data: DataView<i32> = DataView::new(&obj, ".data").unwrap();
    assert_eq!(bss.is_mmapped(), mmapable);
    assert_eq!(data.load(), 7);

    let count_a: Program<SocketFilter> = Program::new(&obj, "count_a").unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "count_a", || count_a.load_lazy()) {
        return;
    }
    let count_a = count_a.load_lazy().unwrap();
    test_run(count_a.as_fd(), &PACKET, &[]);
    assert_eq!(bss.load(), 1, "the view sees the program's increment");
    bss.store(&100);
    test_run(count_a.as_fd(), &PACKET, &[]);
    assert_eq!(bss.load(), 101, "the program saw the store");
    bss.update(|v| *v *= 2);
    assert_eq!(bss.try_load().unwrap(), 202);

    data.store(&1000);
    let subprogs: Program<SocketFilter> = Program::new(&obj, "socket_with_subprogs").unwrap();
    test_run(subprogs.load_lazy().unwrap().as_fd(), &PACKET, &[]);
    let counts: Array<u64> = Array::new(&obj, "shared_counts").unwrap();
    assert_eq!(
        counts.get(1).unwrap(),
        50 + 1000 + 1,
        "global_sub read data_var"
    );
}

#[test]
fn data_view_shares_globals_through_mmap() {
    let Some(k) = kernel(
        "data_view_shares_globals_through_mmap",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    shares_globals_with_programs(&k, true);
}

#[test]
fn data_view_falls_back_to_syscalls_without_mmap() {
    let Some(k) = kernel(
        "data_view_falls_back_to_syscalls_without_mmap",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    shares_globals_with_programs(&k, false);
}

#[test]
fn data_view_is_send_and_sync_and_outlives_handles() {
    if kernel("data_view_is_send_and_sync_and_outlives_handles", &[]).is_none() {
        return;
    }
    fn send_sync<T: Send + Sync>(_: &T) {}
    let obj = open_fixture("many_progs.bpf.o").prepare().unwrap();
    let bss: DataView<u64> = DataView::new(&obj, ".bss").unwrap();
    send_sync(&bss);
    drop(obj);
    let other = std::thread::spawn(move || {
        bss.store(&5);
        bss
    })
    .join()
    .unwrap();
    assert_eq!(other.load(), 5);
}
