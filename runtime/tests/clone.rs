//! `clone_with` on the real kernel.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::collections::HashSet;
use std::os::fd::AsFd;

use bpfgen_runtime::sys::{self, MapCreateAttr};
use bpfgen_runtime::CloneOpts;
use common::{kernel, map_ids, prepare, programs_using, Feature};

/// `BPF_F_XDP_HAS_FRAGS`.
const XDP_HAS_FRAGS: u32 = 1 << 5;
/// `BPF_F_SLEEPABLE`.
const SLEEPABLE: u32 = 1 << 4;

#[test]
fn ten_clones_are_ten_distinct_programs() {
    let Some(k) = kernel(
        "ten_clones_are_ten_distinct_programs",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    let p = obj.program("count_a").expect("count_a");
    if k.refuses(Feature::SOCKET_FILTER, "count_a", || {
        p.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    let clones: Vec<_> = (0..10)
        .map(|_| p.clone_with(&CloneOpts::default()).expect("clone"))
        .collect();
    let ids: HashSet<u32> = clones.iter().map(|c| c.report().prog_id).collect();
    assert_eq!(ids.len(), 10);
    let live: HashSet<u32> = programs_using(&map_ids(&obj)).into_iter().collect();
    assert_eq!(live, ids, "the kernel holds exactly the ten clones");
    assert!(!p.is_loaded(), "cloning does not load the original");
    drop(clones);
    assert!(
        programs_using(&map_ids(&obj)).is_empty(),
        "dropping clones unloads them"
    );
}

#[test]
fn clone_with_log_level_2_returns_a_log_and_stats() {
    let Some(k) = kernel(
        "clone_with_log_level_2_returns_a_log_and_stats",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    if k.refuses(Feature::SOCKET_FILTER, "socket_with_subprogs", || {
        obj.program("socket_with_subprogs").unwrap().load_lazy()
    }) {
        return;
    }
    let c = obj
        .program("socket_with_subprogs")
        .expect("program")
        .clone_with(&CloneOpts {
            log_level: Some(2 | 4), // very verbose, and the statistics (BPF_LOG_STATS)
            log_size: Some(64),     // far too small: the runtime must grow it
            ..Default::default()
        })
        .expect("clone");
    let log = c.report().log.as_deref().expect("log requested");
    assert!(log.contains("processed"), "{log}");
    assert!(c.report().attempts > 1, "the 64-byte log buffer was grown");
    assert!(c.report().verification_time_us.is_some());
    assert!(c.report().stats.processed_insns.unwrap_or(0) > 0);
    let plain = obj
        .program("count_b")
        .expect("p")
        .clone_with(&CloneOpts::default())
        .expect("clone");
    assert!(plain.report().log.is_none(), "no log unless requested");
}

#[test]
fn cloning_a_never_loaded_non_autoload_program_works() {
    let Some(k) = kernel(
        "cloning_a_never_loaded_non_autoload_program_works",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    let p = obj.program("disabled_filter").expect("program");
    if k.refuses(Feature::SOCKET_FILTER, "disabled_filter", || {
        p.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    assert!(!p.spec().autoload);
    let c = p
        .clone_with(&CloneOpts::default())
        .expect("clone of a `?socket` program");
    assert!(c.report().prog_id > 0);
    assert!(!p.is_loaded());
    let name = CloneOpts {
        name: Some("renamed"),
        ..Default::default()
    };
    let renamed = p.clone_with(&name).expect("clone");
    let info = sys::prog_get_info(renamed.as_fd()).expect("info");
    assert_eq!(info.name, "renamed");
}

/// Creates a 1-slot prog array.
fn prog_array() -> std::os::fd::OwnedFd {
    sys::map_create(&MapCreateAttr {
        map_type: bpfgen_runtime::abi::MapType::ProgArray,
        key_size: 4,
        value_size: 4,
        max_entries: 1,
        name: "probe_pa",
        ..Default::default()
    })
    .expect("prog array")
}

fn put(
    array: &std::os::fd::OwnedFd,
    prog: std::os::fd::BorrowedFd<'_>,
) -> Result<(), sys::SyscallError> {
    let fd = std::os::fd::AsRawFd::as_raw_fd(&prog) as u32;
    sys::map_update_elem(array.as_fd(), &0u32.to_ne_bytes(), &fd.to_ne_bytes(), 0)
}

#[test]
fn clone_with_prog_flags_some_zero_really_loads_with_zero() {
    let Some(k) = kernel(
        "clone_with_prog_flags_some_zero_really_loads_with_zero",
        &[Feature::SOCKET_FILTER, Feature::XDP, Feature::XDP_FRAGS],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    let p = obj.program("xdp_frags_pass").expect("program");
    if k.refuses(Feature::XDP_FRAGS, "xdp_frags_pass", || {
        p.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    if k.refuses(Feature::XDP, "xdp_frags_pass", || {
        p.clone_with(&CloneOpts {
            prog_flags: Some(0),
            ..Default::default()
        })
    }) {
        return;
    }
    if k.refuses(Feature::SOCKET_FILTER, "count_a", || {
        obj.program("count_a").unwrap().load_lazy()
    }) {
        return;
    }
    assert_eq!(
        p.spec().prog_flags & XDP_HAS_FRAGS,
        XDP_HAS_FRAGS,
        "SEC(xdp.frags) sets the flag"
    );
    let inherited = p.clone_with(&CloneOpts::default()).expect("inherit");
    let zero = p
        .clone_with(&CloneOpts {
            prog_flags: Some(0),
            ..Default::default()
        })
        .expect("flags 0");
    // The kernel refuses to mix frags and non-frags XDP programs in one prog array,
    // which makes the flag each instance was loaded with observable.
    let array = prog_array();
    put(&array, inherited.as_fd()).expect("frags program owns the array");
    let err = put(&array, zero.as_fd()).expect_err("a non-frags program is incompatible");
    assert_eq!(err.errno(), libc::EINVAL);
    let array = prog_array();
    put(&array, zero.as_fd()).expect("non-frags program owns a fresh array");
    put(&array, inherited.as_fd()).expect_err("and now the frags one is incompatible");

    // Overrides reach the kernel: a socket filter cannot be sleepable.
    let sock = obj.program("count_a").expect("count_a");
    let e = sock.clone_with(&CloneOpts {
        prog_flags: Some(SLEEPABLE),
        ..Default::default()
    });
    assert!(e.is_err(), "sleepable socket filter must be refused");
}

#[test]
fn clones_share_maps_and_see_rodata() {
    let Some(k) = kernel(
        "clones_share_maps_and_see_rodata",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    let p = obj.program("count_b").expect("count_b");
    if k.refuses(Feature::SOCKET_FILTER, "count_b", || {
        p.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    let c1 = p.clone_with(&CloneOpts::default()).expect("clone");
    let c2 = p.clone_with(&CloneOpts::default()).expect("clone");
    for c in [&c1, &c2] {
        common::test_run(c.as_fd(), &common::PACKET, &[]);
    }
    let v = obj
        .map("shared_counts")
        .unwrap()
        .lookup(&0u32.to_ne_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(
        common::u64_at(&v, 0),
        200,
        "both clones wrote the object's map"
    );
    let rodata = obj.map(".rodata").expect(".rodata").id().expect("id");
    for c in [&c1, &c2] {
        let info = sys::prog_get_info(c.as_fd()).expect("info");
        assert!(
            info.map_ids.contains(&rodata),
            ".rodata is bound to every clone: {:?}",
            info.map_ids
        );
    }
}

/// Load attributes the kernel refuses before verifying (here an unknown `prog_flags` bit)
/// are reported as such, not as a verdict on the program's code.
#[test]
fn refused_clone_attributes_are_named_as_attributes() {
    let Some(k) = kernel(
        "refused_clone_attributes_are_named_as_attributes",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    let p = obj.program("count_a").expect("count_a");
    if k.refuses(Feature::SOCKET_FILTER, "count_a", || {
        p.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    let err = p
        .clone_with(&CloneOpts {
            prog_flags: Some(1 << 31),
            ..Default::default()
        })
        .expect_err("unknown prog_flags bit");
    let bpfgen_runtime::ProgramError::Verifier(v) = &err else {
        panic!("{err}");
    };
    assert_eq!(v.errno, libc::EINVAL);
    let msg = err.to_string();
    assert!(
        msg.contains("refused the load attributes") && msg.contains("prog_flags 0x80000000"),
        "{msg}"
    );
    assert!(msg.contains("not the program's code"), "{msg}");
}

/// Attributes the kernel would misread are refused before the syscall, naming the
/// attribute: an attach type the table does not know (a socket filter's is ignored by the
/// kernel, so a typo would pass silently) and an attach target on a kind without one.
#[test]
fn misread_attributes_are_refused_before_the_syscall() {
    if kernel("misread_attributes_are_refused_before_the_syscall", &[]).is_none() {
        return;
    }
    let obj = prepare("many_progs.bpf.o");
    let p = obj.program("count_a").expect("count_a");
    let err = p
        .clone_with(&CloneOpts {
            expected_attach_type: Some(bpfgen_runtime::abi::AttachType::from_raw(999)),
            ..Default::default()
        })
        .expect_err("unknown attach type")
        .to_string();
    assert!(
        err.contains("count_a") && err.contains("expected_attach_type 999"),
        "{err}"
    );
    let err = p
        .clone_with(&CloneOpts {
            attach_target: Some("do_unlinkat"),
            ..Default::default()
        })
        .expect_err("no target on a socket filter")
        .to_string();
    assert!(
        err.contains("attach_target `do_unlinkat` on a socket_filter program"),
        "{err}"
    );
}
