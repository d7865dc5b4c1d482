//! Per-clone constants, private maps and map replacements on the real kernel: clones of
//! one program with their own `.rodata` compute different results on the same input;
//! a clone with a private map counts into it alone; a caller's map stands in for one of
//! the object's, for a clone or at prepare, after the same checks as a pinned map.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::os::fd::AsFd;
use std::sync::Arc;

use bpfgen_runtime::maps::{Array, MapHandle};
use bpfgen_runtime::{CloneOpts, ObjectSpec, PrepareOpts, PreparedObject, ProgramError};
use common::{fixture, kernel, prepare, test_run, Feature, PACKET};

/// `shared_counts` slot `socket_reads_globals` adds
/// `data_var + rodata_multiplier + custom_data + custom_rodata` to (7 + 3 + 11 + 5).
const GLOBALS_SLOT: u32 = 2;
const DEFAULT_SUM: u64 = 26;

fn counts(obj: &Arc<PreparedObject>) -> Array<u64> {
    Array::new(obj, "shared_counts").unwrap()
}

/// Whether this kernel refuses socket filters (then the test has reported it and stops).
fn refused(test: &str) -> Option<Arc<PreparedObject>> {
    let k = kernel(test, &[Feature::SOCKET_FILTER])?;
    let obj = prepare("many_progs.bpf.o");
    let p = obj.program("socket_reads_globals").unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "socket_reads_globals", || {
        p.clone_with(&CloneOpts::default())
    }) {
        return None;
    }
    Some(obj)
}

#[test]
fn clones_with_their_own_rodata_compute_with_their_constants() {
    let Some(obj) = refused("clones_with_their_own_rodata_compute_with_their_constants") else {
        return;
    };
    let p = obj.program("socket_reads_globals").unwrap();
    let ten = CloneOpts::default().with_rodata(".rodata", &10u32);
    let both = ten.clone().with_rodata(".rodata.custom", &100u32);
    let (c_ten, c_both) = (p.clone_with(&ten).unwrap(), p.clone_with(&both).unwrap());
    let plain = p.clone_with(&CloneOpts::default()).unwrap();
    let counts = counts(&obj);
    let run = |clone: &bpfgen_runtime::ClonedProgram| {
        let before = counts.get(GLOBALS_SLOT).unwrap();
        test_run(clone.as_fd(), &PACKET, &[]);
        counts.get(GLOBALS_SLOT).unwrap() - before
    };
    assert_eq!(run(&plain), DEFAULT_SUM, "the object's constants");
    assert_eq!(run(&c_ten), DEFAULT_SUM - 3 + 10, "rodata_multiplier = 10");
    assert_eq!(
        run(&c_both),
        DEFAULT_SUM - 3 + 10 - 5 + 100,
        "and custom_rodata = 100"
    );
    // The clone's .rodata is its own, frozen, and holds what was given.
    let rodata = c_ten.map(".rodata").expect("the clone's .rodata");
    assert_eq!(
        rodata.lookup(&0u32.to_ne_bytes()).unwrap().unwrap(),
        10u32.to_ne_bytes()
    );
    assert!(rodata
        .update(&0u32.to_ne_bytes(), &1u32.to_ne_bytes(), Default::default())
        .is_err());
    assert!(
        c_ten.map(".rodata.custom").is_none(),
        "shared with the object"
    );
    // The object's own programs still see the object's constants.
    let loaded = p.load_lazy().unwrap();
    let before = counts.get(GLOBALS_SLOT).unwrap();
    test_run(loaded.fd().as_fd(), &PACKET, &[]);
    assert_eq!(counts.get(GLOBALS_SLOT).unwrap() - before, DEFAULT_SUM);
}

#[test]
fn a_private_map_is_the_clones_alone() {
    let Some(obj) = refused("a_private_map_is_the_clones_alone") else {
        return;
    };
    let p = obj.program("count_b").unwrap();
    let private = p
        .clone_with(&CloneOpts::default().with_private_map("shared_counts"))
        .unwrap();
    let shared = p.clone_with(&CloneOpts::default()).unwrap();
    let mine: Array<u64> = Array::from_map(private.map("shared_counts").unwrap().clone()).unwrap();
    let object = counts(&obj);
    test_run(private.as_fd(), &PACKET, &[]);
    test_run(private.as_fd(), &PACKET, &[]);
    test_run(shared.as_fd(), &PACKET, &[]);
    assert_eq!(
        mine.get(0).unwrap(),
        200,
        "the private map counts the clone's runs"
    );
    assert_eq!(
        object.get(0).unwrap(),
        100,
        "the object's map counts the other clone's"
    );
    // The private map outlives nothing: dropping the clone keeps the handle valid.
    drop(private);
    assert_eq!(mine.get(0).unwrap(), 200);
}

#[test]
fn a_callers_map_replaces_one_for_a_clone_or_at_prepare() {
    let Some(obj) = refused("a_callers_map_replaces_one_for_a_clone_or_at_prepare") else {
        return;
    };
    let other = prepare("many_progs.bpf.o");
    let theirs = other.map("shared_counts").unwrap();
    let p = obj.program("count_b").unwrap();
    let clone = p
        .clone_with(&CloneOpts::default().with_map("shared_counts", theirs.as_fd()))
        .unwrap();
    test_run(clone.as_fd(), &PACKET, &[]);
    assert_eq!(
        counts(&other).get(0).unwrap(),
        100,
        "counted in the caller's map"
    );
    assert_eq!(counts(&obj).get(0).unwrap(), 0);
    assert!(
        clone.map("shared_counts").is_none(),
        "not the clone's to own"
    );

    // At prepare: the whole object uses the caller's map.
    let spec = ObjectSpec::parse_named(&fixture("many_progs.bpf.o"), "many_progs").unwrap();
    let opts = PrepareOpts::default()
        .with_map("shared_counts", theirs.as_fd())
        .unwrap();
    let third = PreparedObject::prepare_with(spec, &opts).unwrap();
    let loaded = third.program("count_b").unwrap().load_lazy().unwrap();
    test_run(loaded.fd().as_fd(), &PACKET, &[]);
    assert_eq!(counts(&other).get(0).unwrap(), 200);
    assert_eq!(
        third.map("shared_counts").unwrap().id().unwrap(),
        theirs.id().unwrap(),
        "one kernel map"
    );
}

#[test]
fn clone_map_options_are_checked_before_anything_is_created() {
    let Some(obj) = refused("clone_map_options_are_checked_before_anything_is_created") else {
        return;
    };
    let p = obj.program("count_b").unwrap();
    let percpu = obj.map("percpu_counts").unwrap();
    let cases: [(CloneOpts<'_>, &str); 5] = [
        (
            CloneOpts::default().with_rodata(".rodata", &1u16),
            "rodata `.rodata`: 2 bytes given, the section has 4",
        ),
        (
            CloneOpts::default().with_rodata(".data", &7u32),
            "rodata `.data`: not a read-only data section",
        ),
        (
            CloneOpts::default().with_private_map("no_such_map"),
            "private map `no_such_map`: the object has no such map",
        ),
        (
            CloneOpts::default()
                .with_private_map("shared_counts")
                .with_map("shared_counts", percpu.as_fd()),
            "map `shared_counts` is named twice",
        ),
        (
            CloneOpts::default().with_map("shared_counts", percpu.as_fd()),
            "replacement map `shared_counts`: type is 6, the object wants 2",
        ),
    ];
    for (opts, want) in cases {
        let err = p.clone_with(&opts).unwrap_err();
        assert!(matches!(err, ProgramError::InvalidOptions { .. }), "{err}");
        assert!(err.to_string().contains(want), "{err}\nwanted: {want}");
        assert!(err.to_string().contains("count_b"), "{err}");
    }
    let spec = ObjectSpec::parse_named(&fixture("many_progs.bpf.o"), "many_progs").unwrap();
    let opts = PrepareOpts::default()
        .with_map("shared_counts", percpu.as_fd())
        .unwrap();
    let err = PreparedObject::prepare_with(spec, &opts)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("map `shared_counts`: replacement map: type is 6"),
        "{err}"
    );
}
