//! Candidates, ambiguity, split BTF, spec errors and robustness.
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use super::testutil::{module_blob, mov, resolve, B};
use super::{
    describe, essential_name, parse_split, CoreError, CoreRelocator, CoreTarget, TargetBtf,
};
use crate::obj::btf::{kind, BtfError, BtfType, CoreRelo};

#[test]
fn essential_names() {
    for (name, ess) in [
        ("task_struct___old", "task_struct"),
        ("a___b___c", "a___b"),
        ("task_struct", "task_struct"),
        ("x____y", "x____y"),
        ("x___", "x___"),
        ("___x", "___x"),
        ("a___b", "a"),
        ("", ""),
        ("ab", "ab"),
    ] {
        assert_eq!(essential_name(name), ess, "{name}");
    }
}

/// Kernel with `foo` (x at 0, y at 4) and `foo___2` (x at 8, no y).
fn two_flavors() -> CoreTarget {
    let mut k = B::new();
    let int = k.int("int", 4, true);
    k.st("foo", 8, &[("x", int, 0), ("y", int, 32)]);
    k.st("foo___2", 12, &[("z", int, 0), ("x", int, 64)]);
    k.target()
}

#[test]
fn disagreeing_candidates_are_ambiguous() {
    let target = two_flavors();
    let mut l = B::new();
    let int = l.int("int", 4, true);
    let lt = l.st("foo", 4, &[("x", int, 0), ("y", int, 32)]);
    let relo = l.relo(lt, "0:0", 0);
    let e = resolve(&l.btf, &target, &relo).unwrap_err();
    assert!(matches!(e, CoreError::Ambiguous { .. }), "{e}");
    assert!(
        e.to_string()
            .contains("field byte offset of struct foo.x (0:0)"),
        "{e}"
    );
    // As in libbpf, matches must agree on the bit offset even when only
    // existence is asked for.
    let relo = l.relo(lt, "0:0", 2);
    assert!(matches!(
        resolve(&l.btf, &target, &relo),
        Err(CoreError::Ambiguous { .. })
    ));
    // Same offsets in both flavors: fine.
    let mut k = B::new();
    let int = k.int("int", 4, true);
    k.st("foo", 8, &[("x", int, 0), ("y", int, 32)]);
    k.st("foo___2", 12, &[("x", int, 0)]);
    let same = k.target();
    let relo = l.relo(lt, "0:0", 0);
    let r = resolve(&l.btf, &same, &relo).unwrap();
    assert_eq!((r.new_val, r.target.map(|c| c.type_id)), (0, Some(3)));
    // Type size differs between the flavors: ambiguous.
    let relo = l.relo(lt, "0", 9);
    assert!(matches!(
        resolve(&l.btf, &target, &relo),
        Err(CoreError::Ambiguous { .. })
    ));
}

#[test]
fn the_relocator_keeps_only_matching_candidates() {
    let target = two_flavors();
    let mut l = B::new();
    let int = l.int("int", 4, true);
    let lt = l.st("foo", 8, &[("x", int, 0), ("y", int, 32)]);
    let (ry, rx) = (l.relo(lt, "0:1", 0), l.relo(lt, "0:0", 0));
    // `y` only exists in `foo`; afterwards `foo___2` is no longer a candidate,
    // so `x` resolves unambiguously (libbpf's candidate cache behaviour).
    let mut r = CoreRelocator::new(&l.btf, &target);
    assert_eq!(r.resolve(&ry).unwrap().new_val, 4);
    assert_eq!(r.resolve(&rx).unwrap().new_val, 0);
    // Without the shared cache, `x` alone is ambiguous.
    let mut insns = [mov(0)];
    assert!(super::relocate(&l.btf, &target, &rx, &mut insns, 0).is_err());
    // A relocation matching nothing leaves the candidate list unchanged.
    let missing = l.st("foo___m", 4, &[("nope", int, 0)]);
    let rm = l.relo(missing, "0:0", 2);
    let mut r = CoreRelocator::new(&l.btf, &target);
    assert_eq!(r.resolve(&rm).unwrap().new_val, 0);
    assert!(r.resolve(&rx).is_err());
}

#[test]
fn spec_errors_are_reported_not_panics() {
    let target = two_flavors();
    let mut l = B::new();
    let int = l.int("int", 4, true);
    let lt = l.st("foo", 8, &[("x", int, 0), ("y", int, 32)]);
    let anon = l.st("", 4, &[("x", int, 0)]);
    for access in [
        "",
        ":0",
        "0:",
        "0::1",
        "a",
        "-1",
        "0:2",
        "0:0:0",
        "2147483648",
        " 0",
    ] {
        let relo = l.relo(lt, access, 0);
        let e = resolve(&l.btf, &target, &relo).unwrap_err();
        assert!(
            matches!(e, CoreError::InvalidSpec { .. }),
            "{access:?}: {e}"
        );
    }
    let deep = vec!["0"; 65].join(":");
    let relo = l.relo(lt, &deep, 0);
    assert!(resolve(&l.btf, &target, &relo).is_err());
    let relo = l.relo(lt, "1", 8);
    assert!(matches!(
        resolve(&l.btf, &target, &relo),
        Err(CoreError::InvalidSpec { .. })
    ));
    let relo = l.relo(anon, "0:0", 0);
    assert!(matches!(
        resolve(&l.btf, &target, &relo),
        Err(CoreError::AnonymousType { .. })
    ));
    let bad_kind = CoreRelo {
        kind: 13,
        ..l.relo(lt, "0", 0)
    };
    assert!(matches!(
        resolve(&l.btf, &target, &bad_kind),
        Err(CoreError::UnknownKind { kind: 13, .. })
    ));
    let bad_type = CoreRelo {
        type_id: 999,
        ..l.relo(lt, "0:0", 0)
    };
    assert!(resolve(&l.btf, &target, &bad_type).is_err());
    let bad_str = CoreRelo {
        access_str_off: 1 << 20,
        ..l.relo(lt, "0:0", 0)
    };
    assert!(resolve(&l.btf, &target, &bad_str).is_err());
    assert_eq!(
        describe(&l.btf, &bad_str),
        "field byte offset of struct foo (<invalid>)"
    );
    assert_eq!(
        describe(&l.btf, &bad_kind),
        "CO-RE relocation kind 13 of struct foo (0)"
    );
}

#[test]
fn split_btf_modules_are_searched_after_vmlinux() {
    let mut k = B::new();
    let int = k.int("int", 4, true);
    k.st("foo", 4, &[("x", int, 0)]);
    let base = Arc::new(k.btf);
    let blob = module_blob(&base, |b| {
        let n = b.add_string("nf_conn");
        let m = b.add_string("mark");
        let x = b.add_string("x");
        let ms = vec![
            crate::obj::btf::Member {
                name_off: x,
                type_id: int,
                offset: 0,
            },
            crate::obj::btf::Member {
                name_off: m,
                type_id: int,
                offset: 64,
            },
        ];
        b.add_type(BtfType::new_struct(n, 12, ms));
    });
    let module = parse_split(&blob, &base).unwrap();
    let mid = module.start_id();
    assert_eq!((mid, module.type_count()), (base.type_count(), mid + 1));
    assert_eq!(module.name_of(mid), "nf_conn");
    assert_eq!(module.name_of(int), "int");
    assert_eq!(module.own_types().count(), 1);
    let mut target = CoreTarget::new(Arc::clone(&base));
    target.add_module("nf_conntrack".into(), Arc::new(module));
    assert_eq!(target.module_name(0), Some("nf_conntrack"));
    // Exact lookups see the module's own types only.
    assert_eq!(target.find_in_module(0, "nf_conn", kind::STRUCT), vec![mid]);
    assert!(target.find_in_module(0, "int", kind::INT).is_empty());
    assert!(target.find_in_module(1, "nf_conn", kind::STRUCT).is_empty());
    assert_eq!(target.module_position("nf_conntrack"), Some(0));
    let kernel = crate::prepare::kernel::KernelBtf::from_target(target);
    assert_eq!(
        kernel.find_anywhere("nf_conn", kind::STRUCT),
        (Some("nf_conntrack"), vec![mid])
    );
    assert_eq!(
        kernel.find_anywhere("foo", kind::STRUCT).0,
        None,
        "vmlinux first"
    );
    assert_eq!(
        kernel.find_in_module("nf_conntrack", "foo", kind::STRUCT),
        Some(vec![])
    );
    assert_eq!(kernel.find_in_module("absent", "foo", kind::STRUCT), None);
    let target = kernel.core();
    let mut l = B::new();
    let lint = l.int("int", 4, true);
    let conn = l.st("nf_conn", 8, &[("mark", lint, 32)]);
    let foo = l.st("foo", 4, &[("x", lint, 0)]);
    let relo = l.relo(conn, "0:0", 0);
    let r = resolve(&l.btf, target, &relo).unwrap();
    assert_eq!(r.new_val, 8);
    assert_eq!(
        r.target.map(|c| (c.btf, c.type_id)),
        Some((TargetBtf::Module(0), mid))
    );
    let relo = l.relo(foo, "0:0", 0);
    assert_eq!(
        resolve(&l.btf, target, &relo)
            .unwrap()
            .target
            .map(|c| c.btf),
        Some(TargetBtf::Vmlinux)
    );
    // Lazily added modules are parsed on the first vmlinux miss; broken ones
    // are skipped and report why.
    let mut lazy = CoreTarget::new(Arc::clone(&base));
    lazy.add_module_lazy("broken".into(), blob[..30].to_vec());
    lazy.add_module_lazy("nf_conntrack".into(), blob.clone());
    assert_eq!(lazy.module_error(0), None);
    let relo = l.relo(conn, "0:0", 0);
    let r = resolve(&l.btf, &lazy, &relo).unwrap();
    assert_eq!(r.target.map(|c| c.btf), Some(TargetBtf::Module(1)));
    assert!(
        lazy.module_error(0)
            .is_some_and(|e| e.contains("out of bounds")),
        "{:?}",
        lazy.module_error(0)
    );
    assert!(lazy.module(0).is_none() && lazy.module(1).is_some() && lazy.module(2).is_none());
}

#[test]
fn split_btf_rejects_bad_input() {
    let mut k = B::new();
    let int = k.int("int", 4, true);
    let base = Arc::new(k.btf);
    let good = module_blob(&base, |b| {
        b.add_type(BtfType::new_ptr(int));
    });
    assert!(parse_split(&good, &base).is_ok());
    for n in 0..good.len() {
        assert!(parse_split(&good[..n], &base).is_err(), "prefix {n}");
    }
    let dangling = module_blob(&base, |b| {
        b.add_type(BtfType::new_ptr(99));
    });
    assert!(matches!(
        parse_split(&dangling, &base),
        Err(BtfError::BadTypeId { id: 99, .. })
    ));
    let mut be = good.clone();
    be[0..2].copy_from_slice(&[0xeb, 0x9f]);
    assert!(parse_split(&be, &base).is_err());
    for i in 0..good.len() {
        for v in [0u8, 0x7f, 0xff] {
            let mut d = good.clone();
            d[i] = v;
            if let Ok(m) = parse_split(&d, &base) {
                for id in 0..m.type_count() + 2 {
                    let _ = m.name_of(id);
                }
            }
        }
    }
}

#[test]
fn cyclic_and_hostile_graphs_terminate() {
    let mut k = B::new();
    let int = k.int("int", 4, true);
    // Anonymous members that contain each other: exponential for a naive search.
    let a = k.btf.type_count();
    let ms: Vec<_> = (0..8).map(|_| ("", a, 0)).collect();
    k.st("", 4, &ms);
    k.st("foo", 4, &[("", a, 0), ("", a, 0)]);
    let n = k.s("loop");
    let td = k.btf.type_count();
    k.btf.add_type(BtfType::new_typedef(n, td));
    k.st("bar", 4, &[("x", td, 0)]);
    let target = k.target();
    let mut l = B::new();
    let lint = l.int("int", 4, true);
    let foo = l.st("foo", 4, &[("x", lint, 0)]);
    let bar = l.st("bar", 4, &[("x", lint, 0)]);
    let start = Instant::now();
    for (id, kind) in [(foo, 0), (foo, 12), (bar, 0), (bar, 12), (bar, 8)] {
        let relo = l.relo(id, if kind >= 8 { "0" } else { "0:0" }, kind);
        let _ = resolve(&l.btf, &target, &relo);
    }
    assert!(
        start.elapsed() < Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
    let _ = int;
}

#[test]
fn exponential_type_matches_hit_the_step_budget() {
    // struct n0 { int a; }, struct nK { struct nK-1 a, a, a, a, a, a; }: a
    // naive TYPE_MATCHES walk visits 6^depth member pairs.
    let build = |b: &mut B| {
        let mut prev = b.int("int", 4, true);
        for _ in 0..28 {
            let ms: Vec<_> = (0..6).map(|_| ("a", prev, 0)).collect();
            prev = b.st("n", 4, &ms);
        }
        prev
    };
    let mut k = B::new();
    build(&mut k);
    let target = k.target();
    let mut l = B::new();
    let top = build(&mut l);
    let relo = l.relo(top, "0", 12);
    let start = Instant::now();
    let e = resolve(&l.btf, &target, &relo).unwrap_err();
    assert!(matches!(e, CoreError::TooComplex { .. }), "{e}");
    assert!(start.elapsed() < Duration::from_secs(10));
}

#[test]
fn random_records_never_panic() {
    let mut k = B::new();
    let int = k.int("int", 4, true);
    let arr = k.array(int, 2);
    let e = k.en("e", 4, &[("A", 1)], true);
    let s = k.st("s", 16, &[("a", int, 0), ("b", arr, 32), ("c", e, 96)]);
    let p = k.ptr(s);
    k.typedef("s_t", p);
    let target = k.target();
    let mut l = B::new();
    let int = l.int("int", 4, true);
    let arr = l.array(int, 2);
    let e = l.en("e", 4, &[("A", 1)], true);
    let s = l.st("s", 16, &[("a", int, 0), ("b", arr, 32), ("c", e, 96)]);
    let p = l.ptr(s);
    l.typedef("s_t", p);
    l.st_bf("s___bf", 16, &[("a", int, 3, 9), ("b", e, 30, 40)]);
    let accesses = ["0", "1", "0:0", "0:1:1", "0:2", "0:1:5", "3:1", "0:0:0"];
    let offs: Vec<u32> = accesses.iter().map(|a| l.s(a)).collect();
    let mut r = CoreRelocator::new(&l.btf, &target);
    for type_id in 0..l.btf.type_count() + 2 {
        for kind in 0..14 {
            for &access_str_off in &offs {
                let relo = CoreRelo {
                    insn_off: 0,
                    type_id,
                    access_str_off,
                    kind,
                };
                let _ = r.resolve(&relo);
                let _ = describe(&l.btf, &relo);
                for insn in [mov(0), super::testutil::ldx(0, 0)] {
                    let _ = r.relocate(&relo, &mut [insn], 0);
                }
            }
        }
    }
}
