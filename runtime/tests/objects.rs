//! Fixture objects beyond many_progs: legacy maps, tail calls, byte order.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::os::fd::AsFd;

use bpfgen_runtime::maps::{Array, MapOfMaps, UpdateFlags};
use bpfgen_runtime::sys;
use bpfgen_runtime::{ObjectSpec, PrepareError, PreparedObject};
use common::{fixture, kernel, prepare, Feature};

#[test]
fn big_endian_object_parses_but_prepare_refuses_it() {
    let spec = ObjectSpec::parse(&fixture("big_endian.bpf.o")).expect("bpfeb parses");
    assert!(spec.big_endian);
    assert_eq!(spec.programs[0].name, "be_filter");
    let err = PreparedObject::prepare(spec).unwrap_err();
    assert!(matches!(err, PrepareError::ForeignEndian), "{err}");
    assert!(err.to_string().contains("big-endian"));
}

#[test]
fn legacy_maps_load() {
    let Some(k) = kernel("legacy_maps_load", &[Feature::SOCKET_FILTER]) else {
        return;
    };
    let obj = prepare("legacy_maps.bpf.o");
    if k.refuses(Feature::SOCKET_FILTER, "legacy_count", || {
        obj.program("legacy_count").unwrap().load_lazy()
    }) {
        return;
    }
    let m = obj.map("legacy_counts").expect("legacy map");
    assert_eq!(
        (m.spec().key_size, m.spec().value_size, m.spec().max_entries),
        (4, 8, 4)
    );
    obj.program("legacy_count")
        .expect("program")
        .load_lazy()
        .expect("loads");
}

/// Runs `tail_entry` with `cb[0] = slot` and returns its result.
fn run_entry(obj: &std::sync::Arc<PreparedObject>, slot: u32) -> u32 {
    let entry = obj
        .program("tail_entry")
        .expect("entry")
        .fd()
        .expect("loaded");
    common::test_run(entry.as_fd(), &common::PACKET, &skb_ctx_with_cb0(slot))
}

/// A `struct __sk_buff` context whose `cb[0]` (byte 48) is `v`.
fn skb_ctx_with_cb0(v: u32) -> [u8; 192] {
    let mut ctx = [0u8; 192];
    ctx[48..52].copy_from_slice(&v.to_ne_bytes());
    ctx
}

#[test]
fn tail_call_slots_follow_lazy_loads_and_unloads() {
    let Some(k) = kernel(
        "tail_call_slots_follow_lazy_loads_and_unloads",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("tail_calls.bpf.o");
    if k.refuses(Feature::SOCKET_FILTER, "tail_entry", || {
        obj.program("tail_entry").unwrap().load_lazy()
    }) {
        return;
    }
    let spec = obj.map("jump_table").expect("prog array").spec().clone();
    assert_eq!(spec.init_slots.len(), 2);
    obj.program("tail_entry")
        .expect("entry")
        .load_lazy()
        .expect("entry loads alone");
    assert_eq!(run_entry(&obj, 0), 1, "slot 0 empty until tail_a is loaded");
    obj.program("tail_a").expect("a").load_lazy().expect("a");
    assert_eq!(run_entry(&obj, 0), 10);
    assert_eq!(run_entry(&obj, 2), 1, "tail_b not loaded yet");
    obj.program("tail_b").expect("b").load_lazy().expect("b");
    assert_eq!(run_entry(&obj, 2), 20);
    obj.program("tail_b").unwrap().unload();
    assert_eq!(run_entry(&obj, 2), 1, "unload clears the slot");
    assert_eq!(run_entry(&obj, 0), 10);
}

#[test]
fn rodata_can_be_changed_before_prepare() {
    if kernel("rodata_can_be_changed_before_prepare", &[]).is_none() {
        return;
    }
    let mut spec =
        ObjectSpec::parse_named(&fixture("many_progs.bpf.o"), "many_progs").expect("parse");
    let ro = spec.map_mut(".rodata").expect(".rodata");
    ro.initial_value = Some(9u32.to_ne_bytes().to_vec());
    let obj = PreparedObject::prepare(spec).expect("prepare");
    let v = obj
        .map(".rodata")
        .unwrap()
        .lookup(&0u32.to_ne_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(v, 9u32.to_ne_bytes());
    // .rodata is frozen: user space can no longer change it.
    assert!(obj
        .map(".rodata")
        .unwrap()
        .update(&0u32.to_ne_bytes(), &1u32.to_ne_bytes(), UpdateFlags::Any)
        .is_err());
}

#[test]
fn pinned_maps_are_reused_or_refused() {
    let Some(k) = kernel(
        "pinned_maps_are_reused_or_refused",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let root = std::path::Path::new("/sys/fs/bpf");
    sys::ensure_bpffs(root).expect("bpffs");
    let dir = root.join(format!("bpfgen-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let opts = bpfgen_runtime::PrepareOpts {
        pin_root: dir.clone(),
        ..Default::default()
    };
    let spec_with = |max_entries: u32| {
        let mut spec =
            ObjectSpec::parse_named(&fixture("many_progs.bpf.o"), "many_progs").expect("parse");
        let m = spec.map_mut("shared_counts").expect("map");
        m.pinning = bpfgen_runtime::obj::Pinning::ByName;
        m.max_entries = max_entries;
        spec
    };
    let first = PreparedObject::prepare_with(spec_with(8), &opts).expect("first prepare pins");
    let second = PreparedObject::prepare_with(spec_with(8), &opts).expect("second prepare reuses");
    let id = |o: &PreparedObject| o.map("shared_counts").unwrap().id().unwrap();
    assert_eq!(id(&first), id(&second), "the pinned map is shared");
    let err = PreparedObject::prepare_with(spec_with(16), &opts).unwrap_err();
    assert!(matches!(err, PrepareError::IncompatiblePin { .. }), "{err}");
    assert!(
        err.to_string()
            .contains("max_entries is 8, the object wants 16"),
        "{err}"
    );

    // A pin path taken by something that is not a map is a clear error too.
    let prog = first.program("count_a").unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "count_a", || prog.load_lazy()) {
        return;
    }
    prog.load_lazy().unwrap();
    std::fs::remove_file(dir.join("shared_counts")).expect("unpin");
    sys::obj_pin(prog.fd().unwrap().as_fd(), &dir.join("shared_counts")).expect("pin a program");
    let err = PreparedObject::prepare_with(spec_with(8), &opts).unwrap_err();
    assert!(
        matches!(
            err,
            PrepareError::Pin { .. } | PrepareError::IncompatiblePin { .. }
        ),
        "{err}"
    );
    std::fs::remove_file(dir.join("shared_counts")).expect("cleanup");
    std::fs::remove_dir(&dir).expect("cleanup dir");
}

#[test]
fn map_in_map_slots_are_filled_at_prepare() {
    let Some(k) = kernel(
        "map_in_map_slots_are_filled_at_prepare",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("map_in_map.bpf.o");
    if k.refuses(Feature::SOCKET_FILTER, "bump_through_outer", || {
        obj.program("bump_through_outer").unwrap().load_lazy()
    }) {
        return;
    }
    let outer = obj.map("outer").expect("outer");
    assert_eq!(
        outer
            .spec()
            .inner
            .as_ref()
            .expect("inner template")
            .value_size,
        8
    );
    let id_in_slot = outer
        .lookup(&0u32.to_ne_bytes())
        .unwrap()
        .expect("slot 0 filled");
    let inner_a = obj.map("inner_a").unwrap().id().unwrap();
    assert_eq!(
        u32::from_ne_bytes(id_in_slot[..4].try_into().unwrap()),
        inner_a
    );
    assert!(
        outer.lookup(&1u32.to_ne_bytes()).unwrap().is_none(),
        "slot 1 empty"
    );

    let prog = obj.program("bump_through_outer").unwrap();
    prog.load_lazy().expect("loads");
    let run = |slot: u32| {
        common::test_run(
            prog.fd().unwrap().as_fd(),
            &common::PACKET,
            &skb_ctx_with_cb0(slot),
        )
    };
    assert_eq!(run(0), 1);
    assert_eq!(run(1), 0);
    let v = obj
        .map("inner_a")
        .unwrap()
        .lookup(&0u32.to_ne_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(
        common::u64_at(&v, 0),
        5,
        "the program wrote through the declared slot"
    );
}

#[test]
fn core_relocations_are_applied_against_the_running_kernel() {
    let Some(k) = kernel(
        "core_relocations_are_applied_against_the_running_kernel",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    let obj = prepare("core_read.bpf.o");
    let p = obj.program("core_read_ids").unwrap();
    if k.refuses(Feature::RAW_TRACEPOINT, "core_read_ids", || p.load_lazy()) {
        return;
    }
    let t = p.template().unwrap();
    assert!(
        t.core_relos.is_empty() && t.core_notes.is_empty(),
        "all 3 relocations applied"
    );
    p.load_lazy().expect("CO-RE-relocated program loads");
    let _link =
        sys::raw_tracepoint_open(Some(c"sys_enter"), p.fd().unwrap().as_fd()).expect("attach");
    // Every bpf() lookup below enters a syscall, so the program records this thread.
    let me = std::process::id() as u64;
    let seen = (0..1000).any(|_| {
        let v = obj
            .map("last_ids")
            .unwrap()
            .lookup(&0u32.to_ne_bytes())
            .unwrap()
            .unwrap();
        common::u64_at(&v, 0) >> 32 == me
    });
    assert!(seen, "task_struct.tgid read through CO-RE matches our pid");
}

/// A map the object leaves for the loader to size (`max_entries` 0, as libbpf-tools do)
/// fails prepare with the kernel's EINVAL and a hint that names the attribute.
#[test]
fn refused_map_creation_names_the_likely_attribute() {
    if kernel("refused_map_creation_names_the_likely_attribute", &[]).is_none() {
        return;
    }
    let mut spec =
        ObjectSpec::parse_named(&fixture("many_progs.bpf.o"), "many_progs").expect("parse");
    spec.map_mut("shared_counts").expect("map").max_entries = 0;
    let err = PreparedObject::prepare(spec).expect_err("an array of 0 entries");
    let msg = err.to_string();
    assert!(matches!(err, PrepareError::CreateMap { .. }), "{msg}");
    assert!(msg.contains("map `shared_counts`"), "{msg}");
    assert!(msg.contains("Invalid argument"), "{msg}");
    assert!(
        msg.contains("max_entries is 0") && msg.contains("open.maps.shared_counts.max_entries"),
        "{msg}"
    );
}

/// A map made from the inner definition goes into the outer map typed, and the program
/// writes through it; removing it empties the slot.
#[test]
fn map_in_map_takes_a_created_inner_map() {
    let Some(k) = kernel(
        "map_in_map_takes_a_created_inner_map",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("map_in_map.bpf.o");
    let prog = obj.program("bump_through_outer").unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "bump_through_outer", || {
        prog.load_lazy()
    }) {
        return;
    }
    let outer: MapOfMaps<u32, Array<u64>> = MapOfMaps::new(&obj, "outer").unwrap();
    let mine = outer.create_inner("mine").unwrap();
    assert_eq!(
        mine.map().spec().max_entries,
        2,
        "from the inner definition"
    );
    assert_eq!(outer.get(&2).unwrap(), None);
    outer.set(&2, &mine).unwrap();
    assert_eq!(outer.get(&2).unwrap(), Some(mine.map().id().unwrap()));
    prog.load_lazy().unwrap();
    let run = |slot: u32| {
        common::test_run(
            prog.fd().unwrap().as_fd(),
            &common::PACKET,
            &skb_ctx_with_cb0(slot),
        )
    };
    assert_eq!(run(2), 1);
    assert_eq!(run(2), 1);
    assert_eq!(
        mine.get(0).unwrap(),
        10,
        "the program wrote into the created map"
    );
    assert!(outer.remove(&2).unwrap());
    assert_eq!(run(2), 0, "slot emptied");
    assert_eq!(mine.get(0).unwrap(), 10, "the map outlives its slot");
    // An untyped inner map works as well.
    let raw: MapOfMaps<u32> = MapOfMaps::new(&obj, "outer").unwrap();
    let bytes = raw.create_inner("raw").unwrap();
    raw.set(&3, &bytes.map().as_fd()).unwrap();
    assert_eq!(raw.get(&3).unwrap(), Some(bytes.map().id().unwrap()));
    assert_eq!(run(3), 1);
    assert!(
        MapOfMaps::<u64>::new(&obj, "outer").is_err(),
        "an array of maps has u32 keys"
    );
}

/// A static function in a section of its own (cilium/ebpf's loader testdata does this)
/// does not fail the object: it is a program of an unknown section that fails alone when
/// loaded, a program calling into it fails alone with the relocation's reason, and the
/// others load.
#[test]
fn static_function_in_its_own_section_fails_only_its_users() {
    let spec = ObjectSpec::parse_named(&fixture("static_section.bpf.o"), "static_section")
        .expect("the object opens");
    let names: Vec<&str> = spec.programs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["calls_static", "plain", "static_fn"]);
    let Some(k) = kernel(
        "static_function_in_its_own_section_fails_only_its_users",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = PreparedObject::prepare(spec).expect("prepares");
    let plain = obj.program("plain").unwrap();
    if k.refuses(Feature::SOCKET_FILTER, "plain", || plain.load_lazy()) {
        return;
    }
    plain.load_lazy().expect("the other program loads");
    let err = obj
        .program("static_fn")
        .unwrap()
        .load_lazy()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("static_fn") && err.contains("unknown section `static`"),
        "{err}"
    );
    let err = obj
        .program("calls_static")
        .unwrap()
        .load_lazy()
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("calls_static") && err.contains("must target .text"),
        "{err}"
    );
}
