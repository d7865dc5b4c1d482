//! Type-based (6–9, 12) and enumerator (10, 11) relocations.
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use super::testutil::{ld_imm64, mov, patch_one, resolve, B};
use super::CoreTarget;

const TYPE_ID_LOCAL: u32 = 6;
const TYPE_ID_TARGET: u32 = 7;
const TYPE_EXISTS: u32 = 8;
const TYPE_SIZE: u32 = 9;
const ENUMVAL_EXISTS: u32 = 10;
const ENUMVAL_VALUE: u32 = 11;
const TYPE_MATCHES: u32 = 12;

/// Kernel: `struct sock { int a; long b; }` (16 bytes), `typedef unsigned int u32`,
/// `enum state { S_A = 7, S_B = -1 }` (signed), `enum big : u64 { BIG = 1 << 40 }`.
fn kernel() -> (CoreTarget, u32) {
    let mut k = B::new();
    let int = k.int("int", 4, true);
    let long = k.int("long", 8, true);
    let sock = k.st("sock", 16, &[("a", int, 0), ("b", long, 64)]);
    let uint = k.int("unsigned int", 4, false);
    k.typedef("u32", uint);
    k.en("state", 4, &[("S_A", 7), ("S_B", -1)], true);
    k.en64("big", &[("BIG", 1 << 40)]);
    (k.target(), sock)
}

#[test]
fn type_existence_size_and_ids() {
    let (target, ksock) = kernel();
    let mut l = B::new();
    let int = l.int("int", 4, true);
    let sock = l.st("sock___new", 4, &[("a", int, 0)]);
    let gone = l.st("gone", 4, &[("a", int, 0)]);
    let cases = [
        (sock, TYPE_EXISTS, 1, 1),
        (gone, TYPE_EXISTS, 1, 0),
        (sock, TYPE_SIZE, 4, 16),
        // libbpf resolves every type-based kind to 0 when nothing matches.
        (gone, TYPE_SIZE, 4, 0),
        (gone, TYPE_ID_TARGET, 0, 0),
    ];
    for (id, kind, orig, new) in cases {
        let relo = l.relo(id, "0", kind);
        let (insn, out) = patch_one(&l.btf, &target, &relo, mov(orig));
        assert_eq!(
            (insn.imm, out.poisoned),
            (new, false),
            "kind {kind} on {id}"
        );
    }
    // Target ids are not validated (they change during linking).
    let relo = l.relo(sock, "0", TYPE_ID_TARGET);
    let mut pair = ld_imm64(12345);
    let out = super::relocate(&l.btf, &target, &relo, &mut pair, 0).unwrap();
    assert_eq!((pair[0].imm as u32, pair[1].imm), (ksock, 0));
    assert!(!out.resolution.validate);
    assert_eq!(out.description, "target type id of struct sock___new");
    // Local ids need no candidates, even for types the kernel lacks.
    let relo = l.relo(gone, "0", TYPE_ID_LOCAL);
    let (insn, out) = patch_one(&l.btf, &target, &relo, mov(999));
    assert_eq!((insn.imm as u32, out.resolution.target), (gone, None));
}

#[test]
fn type_compat_rules() {
    let (target, _) = kernel();
    let mut l = B::new();
    // typedef u32 → any int is compatible (size ignored).
    let short = l.int("short", 2, true);
    let u32_ = l.typedef("u32", short);
    // A union named like a kernel struct is not.
    let int = l.int("int", 4, true);
    let un = l.un("sock", 4, &[("a", int, 0)]);
    // Enums: sizes ignored.
    let st = l.en("state", 1, &[("X", 0)], false);
    for (id, exists) in [(u32_, 1), (un, 0), (st, 1)] {
        let relo = l.relo(id, "0", TYPE_EXISTS);
        assert_eq!(
            resolve(&l.btf, &target, &relo).unwrap().new_val,
            exists,
            "{id}"
        );
    }
    // Function prototypes: argument count and compatible types.
    let mut k = B::new();
    let kint = k.int("int", 4, true);
    let kp = k.ptr(kint);
    let kproto = k.proto(kint, &[kp, kint]);
    let kptr = k.ptr(kproto);
    k.typedef("handler_t", kptr);
    let kt = k.target();
    let lc = l.cnst(int);
    let lp = l.ptr(lc);
    let good = l.proto(int, &[lp, short]);
    let bad = l.proto(int, &[lp]);
    let gp = l.ptr(good);
    let bp = l.ptr(bad);
    let g = l.typedef("handler_t", gp);
    let b = l.typedef("handler_t___short", bp);
    let r = |l: &mut B, id| {
        let relo = l.relo(id, "0", TYPE_EXISTS);
        resolve(&l.btf, &kt, &relo).unwrap().new_val
    };
    assert_eq!((r(&mut l, g), r(&mut l, b)), (1, 0));
}

#[test]
fn type_matches() {
    let mut k = B::new();
    let int = k.int("int", 4, true);
    let long = k.int("long", 8, true);
    let fwd = k.fwd("sock", false);
    let pf = k.ptr(fwd);
    let en = k.en("state", 4, &[("S_A", 1), ("S_B", 2)], false);
    k.st(
        "task",
        32,
        &[
            ("pid", int, 0),
            ("cnt", long, 64),
            ("sk", pf, 128),
            ("st", en, 192),
        ],
    );
    let target = k.target();
    let mut l = B::new();
    let int = l.int("int", 4, true);
    let uint = l.int("unsigned int", 4, false);
    let sock = l.st("sock", 8, &[("x", int, 0)]);
    let ps = l.ptr(sock);
    let en = l.en("state___x", 4, &[("S_B", 0)], false);
    let big_en = l.en("state", 8, &[("S_B", 0)], false);
    let t_sub = l.st(
        "task",
        16,
        &[("pid", int, 0), ("sk", ps, 64), ("st", en, 128)],
    );
    let t_uns = l.st("task___u", 4, &[("pid", uint, 0)]);
    let t_extra = l.st("task___e", 8, &[("pid", int, 0), ("nope", int, 32)]);
    let t_enum = l.st("task___en", 8, &[("st", big_en, 0)]);
    for (id, want) in [(t_sub, 1), (t_uns, 0), (t_extra, 0), (t_enum, 0)] {
        let relo = l.relo(id, "0", TYPE_MATCHES);
        let (insn, out) = patch_one(&l.btf, &target, &relo, mov(1));
        assert_eq!(
            (insn.imm, out.poisoned),
            (want, false),
            "{}",
            l.btf.name_of(id)
        );
    }
    let relo = l.relo(t_sub, "0", TYPE_MATCHES);
    assert_eq!(super::describe(&l.btf, &relo), "type match of struct task");
}

#[test]
fn enum_values() {
    let (target, _) = kernel();
    let mut l = B::new();
    let st = l.en(
        "state___old",
        4,
        &[("S_A", 1), ("S_B", 2), ("S_GONE", 3)],
        false,
    );
    let big = l.en64("big", &[("BIG___v1", 1)]);
    let r = |l: &mut B, id, access, kind| {
        let relo = l.relo(id, access, kind);
        resolve(&l.btf, &target, &relo).unwrap()
    };
    assert_eq!(r(&mut l, st, "0", ENUMVAL_VALUE).new_val, 7);
    // Signed 32-bit values are sign-extended, and validated that way.
    let relo = l.relo(st, "1", ENUMVAL_VALUE);
    let (insn, out) = patch_one(&l.btf, &target, &relo, mov(2));
    assert_eq!((insn.imm, out.resolution.new_val), (-1, u64::MAX));
    assert_eq!(out.description, "enum value of enum state___old::S_B");
    assert_eq!(r(&mut l, st, "2", ENUMVAL_EXISTS).new_val, 0);
    assert_eq!(r(&mut l, st, "0", ENUMVAL_EXISTS).new_val, 1);
    assert!(r(&mut l, st, "2", ENUMVAL_VALUE).poison);
    // 64-bit values go into ld_imm64; enumerator flavors are ignored.
    let relo = l.relo(big, "0", ENUMVAL_VALUE);
    let mut pair = ld_imm64(1);
    super::relocate(&l.btf, &target, &relo, &mut pair, 0).unwrap();
    assert_eq!((pair[0].imm, pair[1].imm), (0, 1 << 8));
    // Bad enum specs.
    let relo = l.relo(st, "3", ENUMVAL_VALUE);
    assert!(super::CoreRelocator::new(&l.btf, &target)
        .resolve(&relo)
        .is_err());
    let relo = l.relo(st, "0:1", ENUMVAL_VALUE);
    assert!(super::CoreRelocator::new(&l.btf, &target)
        .resolve(&relo)
        .is_err());
}
