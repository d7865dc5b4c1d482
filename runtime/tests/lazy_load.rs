//! Lazy loading on the real kernel: one program of many, after others are attached,
//! and from many threads at once.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::net::UdpSocket;
use std::os::fd::AsFd;
use std::sync::Barrier;

use bpfgen_runtime::sys;
use common::{kernel, map_ids, prepare, programs_using, send_through, u64_at, Feature};

#[test]
fn prepare_then_load_exactly_one_of_many() {
    let Some(k) = kernel(
        "prepare_then_load_exactly_one_of_many",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    if k.refuses(Feature::SOCKET_FILTER, "count_a", || {
        obj.program("count_a").unwrap().load_lazy()
    }) {
        return;
    }
    assert!(
        obj.programs().len() >= 20,
        "fixture has {} programs",
        obj.programs().len()
    );
    let maps = map_ids(&obj);
    assert_eq!(
        maps.len(),
        obj.maps().len(),
        "every map exists in the kernel"
    );
    assert!(programs_using(&maps).is_empty(), "prepare loads no program");

    let report = obj
        .program("count_a")
        .expect("count_a")
        .load_lazy()
        .expect("load count_a");
    assert!(report.report().verified_insns > 0);
    assert_eq!(
        programs_using(&maps),
        vec![report.report().prog_id],
        "exactly one program of the object is loaded"
    );
    let loaded: Vec<_> = obj
        .programs()
        .into_iter()
        .filter(|p| p.is_loaded())
        .map(|p| p.name().to_string())
        .collect();
    assert_eq!(loaded, ["count_a"]);
}

#[test]
fn lazy_load_after_another_program_is_attached_shares_maps() {
    let Some(k) = kernel(
        "lazy_load_after_another_program_is_attached_shares_maps",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    let counts = obj.map("shared_counts").expect("shared_counts");

    let a = obj.program("count_a").expect("count_a");
    if k.refuses(Feature::SOCKET_FILTER, "count_a", || a.load_lazy()) {
        return;
    }
    a.load_lazy().expect("load A");
    let rx_a = UdpSocket::bind("127.0.0.1:0").expect("bind");
    sys::setsockopt_attach_filter(rx_a.as_fd(), a.fd().expect("A fd").as_fd()).expect("attach A");
    send_through(&rx_a);
    assert_eq!(
        u64_at(&counts.lookup(&0u32.to_ne_bytes()).unwrap().unwrap(), 0),
        1
    );

    // B is loaded only now, while A is loaded and attached.
    let b = obj.program("count_b").expect("count_b");
    assert!(!b.is_loaded());
    b.load_lazy().expect("lazy load B after A is attached");
    let rx_b = UdpSocket::bind("127.0.0.1:0").expect("bind");
    sys::setsockopt_attach_filter(rx_b.as_fd(), b.fd().expect("B fd").as_fd()).expect("attach B");
    send_through(&rx_b);
    send_through(&rx_a);
    let v = u64_at(&counts.lookup(&0u32.to_ne_bytes()).unwrap().unwrap(), 0);
    assert_eq!(v, 1 + 100 + 1, "A and B update the same map");
    // count_a also bumps a .bss variable through the object's .bss map.
    let bss = obj
        .map(".bss")
        .expect(".bss")
        .lookup(&0u32.to_ne_bytes())
        .unwrap()
        .unwrap();
    assert_eq!(u64_at(&bss, 0), 2);
}

#[test]
fn eight_threads_load_one_program_once() {
    let Some(k) = kernel(
        "eight_threads_load_one_program_once",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    let prog = obj.program("socket_with_subprogs").expect("program");
    if k.refuses(Feature::SOCKET_FILTER, "socket_with_subprogs", || {
        prog.load_lazy()
    }) {
        return;
    }
    let barrier = Barrier::new(8);
    let ids: Vec<u32> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|_| {
                s.spawn(|| {
                    barrier.wait();
                    prog.load_lazy().expect("load").report().prog_id
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    assert!(
        ids.iter().all(|&id| id == ids[0]),
        "all callers see one program: {ids:?}"
    );
    assert_eq!(
        programs_using(&map_ids(&obj)),
        vec![ids[0]],
        "the kernel has one instance"
    );
}

#[test]
fn unload_then_load_again_gives_a_new_instance() {
    let Some(k) = kernel(
        "unload_then_load_again_gives_a_new_instance",
        &[Feature::XDP],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    let p = obj.program("xdp_pass_count").expect("program");
    if k.refuses(Feature::XDP, "xdp_pass_count", || p.load_lazy()) {
        return;
    }
    let first = p.load_lazy().expect("load").report().prog_id;
    assert_eq!(p.load_lazy().expect("idempotent").report().prog_id, first);
    assert!(p.unload());
    assert!(!p.is_loaded());
    assert!(!p.unload(), "second unload is a no-op");
    let second = p.load_lazy().expect("reload").report().prog_id;
    assert_ne!(first, second);
}

#[test]
fn unknown_section_fails_only_that_program() {
    let Some(k) = kernel(
        "unknown_section_fails_only_that_program",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    if k.refuses(Feature::SOCKET_FILTER, "count_b", || {
        obj.program("count_b").unwrap().load_lazy()
    }) {
        return;
    }
    let err = obj
        .program("bogus_section_prog")
        .expect("program")
        .load_lazy()
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("bogus/section") && msg.contains("bogus_section_prog"),
        "{msg}"
    );
    obj.program("count_b")
        .expect("count_b")
        .load_lazy()
        .expect("others still load");
}

#[test]
fn program_attributes_can_be_changed_before_prepare() {
    let Some(k) = kernel(
        "program_attributes_can_be_changed_before_prepare",
        &[Feature::SOCKET_FILTER, Feature::XDP],
    ) else {
        return;
    };
    let mut spec =
        bpfgen_runtime::ObjectSpec::parse_named(&common::fixture("many_progs.bpf.o"), "many_progs")
            .expect("parse");
    // Give the unknown-section program a type, and turn autoload on for the `?` one.
    let bogus = spec.program_mut("bogus_section_prog").expect("program");
    bogus.prog_type = Some(bpfgen_runtime::abi::ProgramType::SocketFilter);
    spec.program_mut("disabled_filter")
        .expect("program")
        .autoload = true;
    // xdp.frags without the frags flag.
    spec.program_mut("xdp_frags_pass")
        .expect("program")
        .prog_flags = 0;
    let obj = bpfgen_runtime::PreparedObject::prepare(spec).expect("prepare");
    if k.refuses(Feature::SOCKET_FILTER, "disabled_filter", || {
        obj.program("disabled_filter").unwrap().load_lazy()
    }) {
        return;
    }
    if k.refuses(Feature::XDP, "xdp_frags_pass", || {
        obj.program("xdp_frags_pass").unwrap().load_lazy()
    }) {
        return;
    }
    obj.program("bogus_section_prog")
        .unwrap()
        .load_lazy()
        .expect("loads as a socket filter");
    let info = sys::prog_get_info(
        obj.program("bogus_section_prog")
            .unwrap()
            .fd()
            .unwrap()
            .as_fd(),
    )
    .unwrap();
    assert_eq!(
        info.prog_type,
        bpfgen_runtime::abi::ProgramType::SocketFilter
    );
    obj.program("xdp_frags_pass")
        .unwrap()
        .load_lazy()
        .expect("xdp without frags");
}

#[test]
fn load_autoload_loads_what_libbpf_would() {
    let Some(k) = kernel(
        "load_autoload_loads_what_libbpf_would",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("verifier_reject.bpf.o");
    if k.refuses(Feature::SOCKET_FILTER, "deref_without_null_check", || {
        obj.load_autoload()
    }) {
        return;
    }
    assert!(
        obj.load_autoload().is_err(),
        "the rejected program is autoloaded"
    );
    let obj = prepare("tail_calls.bpf.o");
    obj.load_autoload().expect("all three load");
    assert!(obj.programs().iter().all(|p| p.is_loaded()));
}

/// A pinned program outlives its unload and every fd; `ProgramFd::from_pin` opens the
/// same kernel program again; a clone pins too; `unpin` removes the pins.
#[test]
fn pinned_program_outlives_unload_until_unpinned() {
    let Some(k) = kernel(
        "pinned_program_outlives_unload_until_unpinned",
        &[Feature::XDP],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    let p = obj.program("xdp_pass_count").expect("program");
    if k.refuses(Feature::XDP, "xdp_pass_count", || p.load_lazy()) {
        return;
    }
    let bpffs = std::path::Path::new("/sys/fs/bpf");
    sys::ensure_bpffs(bpffs).expect("bpffs");
    let pin = bpffs.join(format!("bpfgen-test-prog-{}", std::process::id()));
    let clone_pin = bpffs.join(format!("bpfgen-test-clone-{}", std::process::id()));
    let loaded = p.load_lazy().expect("load");
    let id = loaded.report().prog_id;
    loaded.pin(&pin).expect("pin");
    drop(loaded);
    assert!(p.unload());
    let reopened = bpfgen_runtime::ProgramFd::from_pin(&pin).expect("from_pin");
    let info = sys::prog_get_info(reopened.as_fd()).expect("info");
    assert_eq!(info.id, id, "the same kernel program, kept by its pin");
    drop(reopened);

    let clone = p
        .clone_with(&bpfgen_runtime::CloneOpts::default())
        .expect("clone");
    clone.pin(&clone_pin).expect("a clone pins too");
    assert!(clone.pin(&clone_pin).is_err(), "the path is taken");

    bpfgen_runtime::ProgramFd::unpin(&pin).expect("unpin");
    bpfgen_runtime::ProgramFd::unpin(&clone_pin).expect("unpin clone");
    let err = bpfgen_runtime::ProgramFd::from_pin(&pin).unwrap_err();
    assert!(
        err.to_string().contains(&pin.display().to_string()),
        "{err}"
    );
    let tmp = std::env::temp_dir().join("bpfgen-not-bpffs-prog");
    let err = clone.pin(&tmp).unwrap_err().to_string();
    assert!(err.contains("is not on a bpffs mount"), "{err}");
}
