//! Field-based relocations (kinds 0–5) on hand-built BTF.
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use super::testutil::{ld_imm64, ldx, mov, patch_one, resolve, B};
use super::{is_poisoned, CoreError, CoreReloKind, TargetBtf, POISON_IMM};
use crate::obj::btf::Btf;
use crate::obj::insn::Insn;

const BYTE_OFF: u32 = 0;
const BYTE_SZ: u32 = 1;
const EXISTS: u32 = 2;
const SIGNED: u32 = 3;
const LSHIFT: u32 = 4;
const RSHIFT: u32 = 5;
const SZ_W: u8 = 0x00;
const SZ_DW: u8 = 0x18;

/// `struct <name> { int pid; int tgid; struct <name> *real_parent; }`.
fn local_task(name: &str) -> (B, u32) {
    let mut b = B::new();
    let int = b.int("int", 4, true);
    let fwd = b.fwd(name, false);
    let p = b.ptr(fwd);
    let t = b.st(
        name,
        16,
        &[("pid", int, 0), ("tgid", int, 32), ("real_parent", p, 64)],
    );
    (b, t)
}

/// The kernel's: `{ long state; int prio; int pid; int tgid; struct task_struct *real_parent; }`.
fn kernel_task() -> (B, u32) {
    let mut b = B::new();
    let int = b.int("int", 4, true);
    let long = b.int("long", 8, true);
    let fwd = b.fwd("task_struct", false);
    let p = b.ptr(fwd);
    let ms = [
        ("state", long, 0),
        ("prio", int, 64),
        ("pid", int, 128),
        ("tgid", int, 160),
        ("real_parent", p, 192),
    ];
    let t = b.st("task_struct", 32, &ms);
    (b, t)
}

#[test]
fn byte_offset_follows_the_kernel_layout() {
    let (mut l, lt) = local_task("task_struct");
    let (k, kt) = kernel_task();
    let target = k.target();
    let relo = l.relo(lt, "0:1", BYTE_OFF);
    let (insn, out) = patch_one(&l.btf, &target, &relo, mov(4));
    assert_eq!(insn.imm, 20);
    assert!(!out.poisoned);
    assert_eq!((out.resolution.orig_val, out.resolution.new_val), (4, 20));
    assert_eq!(
        out.resolution.target.map(|c| (c.btf, c.type_id)),
        Some((TargetBtf::Vmlinux, kt))
    );
    assert_eq!(
        out.description,
        "field byte offset of struct task_struct.tgid (0:1)"
    );
    assert_eq!(
        (out.local_type.as_str(), out.access.as_str()),
        ("struct task_struct", "0:1")
    );
    // The same relocation on a load patches the offset.
    let relo = l.relo(lt, "0:0", BYTE_OFF);
    let (insn, _) = patch_one(&l.btf, &target, &relo, ldx(SZ_W, 0));
    assert_eq!((insn.off, insn.code), (16, 0x61));
    // Root array index: task[1].pid.
    let relo = l.relo(lt, "1:0", BYTE_OFF);
    let (insn, _) = patch_one(&l.btf, &target, &relo, mov(16));
    assert_eq!(insn.imm, 32 + 16);
}

#[test]
fn flavors_are_ignored_when_matching() {
    let (mut l, lt) = local_task("task_struct___old");
    let target = kernel_task().0.target();
    let relo = l.relo(lt, "0:2", BYTE_OFF);
    let (insn, out) = patch_one(&l.btf, &target, &relo, mov(8));
    assert_eq!(insn.imm, 24);
    assert_eq!(
        out.description,
        "field byte offset of struct task_struct___old.real_parent (0:2)"
    );
}

#[test]
fn missing_fields_poison_or_resolve_to_zero() {
    let mut l = B::new();
    let int = l.int("int", 4, true);
    let lt = l.st("task_struct", 8, &[("pid", int, 0), ("comm_old", int, 32)]);
    let target = kernel_task().0.target();
    for kind in [BYTE_OFF, BYTE_SZ, SIGNED, LSHIFT, RSHIFT] {
        let relo = l.relo(lt, "0:1", kind);
        let (insn, out) = patch_one(&l.btf, &target, &relo, mov(0x1234));
        assert!(out.poisoned && out.resolution.poison, "kind {kind}");
        assert!(is_poisoned(&insn));
        assert_eq!(
            insn,
            Insn {
                code: 0x85,
                dst: 0,
                src: 0,
                off: 0,
                imm: POISON_IMM
            }
        );
    }
    let relo = l.relo(lt, "0:1", BYTE_OFF);
    let (insn, out) = patch_one(&l.btf, &target, &relo, ldx(SZ_W, 4));
    assert!(out.poisoned && is_poisoned(&insn));
    assert_eq!(
        out.description,
        "field byte offset of struct task_struct.comm_old (0:1)"
    );
    // Existence: 0, not poison; an existing field gives 1.
    let relo = l.relo(lt, "0:1", EXISTS);
    let (insn, out) = patch_one(&l.btf, &target, &relo, mov(1));
    assert_eq!((insn.imm, out.poisoned), (0, false));
    let relo = l.relo(lt, "0:0", EXISTS);
    assert_eq!(patch_one(&l.btf, &target, &relo, mov(1)).0.imm, 1);
    // A missing root type poisons too (no candidates at all).
    let other = l.st("not_in_kernel", 4, &[("pid", int, 0)]);
    let relo = l.relo(other, "0:0", BYTE_OFF);
    let mut pair = ld_imm64(0);
    let out = super::relocate(&l.btf, &target, &relo, &mut pair, 0).unwrap();
    assert!(out.poisoned && is_poisoned(&pair[0]) && is_poisoned(&pair[1]));
}

/// `struct flags { unsigned a:3; int b:5; unsigned c:30; }` locally (c at
/// bit 8); in the kernel b is at bit 35 and c at bit 60 of a u64 storage.
fn bitfields() -> (B, u32, Btf) {
    let mut l = B::new();
    let u = l.int("unsigned int", 4, false);
    let i = l.int("int", 4, true);
    let lt = l.st_bf(
        "flags",
        8,
        &[("a", u, 0, 3), ("b", i, 3, 5), ("c", u, 8, 30)],
    );
    let mut k = B::new();
    let u = k.int("unsigned int", 4, false);
    let i = k.int("int", 4, true);
    k.st_bf(
        "flags",
        16,
        &[("a", u, 0, 3), ("b", i, 35, 5), ("c", u, 60, 30)],
    );
    (l, lt, k.btf)
}

#[test]
fn bitfields_pick_the_smallest_covering_load() {
    let (mut l, lt, k) = bitfields();
    let target = super::CoreTarget::new(std::sync::Arc::new(k));
    let r = |l: &mut B, access, kind| {
        let relo = l.relo(lt, access, kind);
        resolve(&l.btf, &target, &relo).unwrap()
    };
    let off = r(&mut l, "0:1", BYTE_OFF);
    assert_eq!((off.orig_val, off.new_val, off.validate), (0, 4, false));
    assert_eq!((off.orig_sz, off.new_sz), (0, 0));
    let sz = r(&mut l, "0:1", BYTE_SZ);
    assert_eq!((sz.orig_val, sz.new_val), (4, 4));
    // b: bits 35..40 → u32 at byte 4; lshift = 64 - (3 + 5) = 56.
    let ls = r(&mut l, "0:1", LSHIFT);
    let rs = r(&mut l, "0:1", RSHIFT);
    if cfg!(target_endian = "little") {
        assert_eq!((ls.orig_val, ls.new_val), (64 - 8, 56));
    }
    assert_eq!((rs.orig_val, rs.new_val, rs.validate), (59, 59, true));
    let sg = r(&mut l, "0:1", SIGNED);
    assert_eq!((sg.orig_val, sg.new_val, sg.validate), (1, 1, true));
    let sg = r(&mut l, "0:0", SIGNED);
    assert_eq!(sg.new_val, 0);
    // c: bits 60..90 straddle 4- and 8-byte loads: needs 16 bytes → error.
    let relo = l.relo(lt, "0:2", BYTE_OFF);
    let e = resolve(&l.btf, &target, &relo).unwrap_err();
    assert!(matches!(e, CoreError::Unsatisfiable { .. }), "{e}");
    // Locally c (bits 8..38) needs a u64 load at byte 0.
    let mut k2 = B::new();
    let u = k2.int("unsigned int", 4, false);
    k2.st_bf("flags", 8, &[("c", u, 8, 30)]);
    let t2 = k2.target();
    let relo = l.relo(lt, "0:2", BYTE_SZ);
    assert_eq!(resolve(&l.btf, &t2, &relo).unwrap().orig_val, 8);
}

#[test]
fn arrays_and_flexible_arrays() {
    let mut l = B::new();
    let int = l.int("int", 4, true);
    let arr = l.array(int, 4);
    let flex = l.array(int, 0);
    let lt = l.st(
        "buf",
        16,
        &[("len", int, 0), ("data", arr, 32), ("tail", flex, 160)],
    );
    let mut k = B::new();
    let int = k.int("int", 4, true);
    let long = k.int("long", 8, true);
    let arr = k.array(int, 3);
    let flex = k.array(int, 0);
    k.st(
        "buf",
        24,
        &[("len", long, 0), ("data", arr, 64), ("tail", flex, 192)],
    );
    let target = k.target();
    // &b->data[2]: 8 + 2 * 4.
    let relo = l.relo(lt, "0:1:2", BYTE_OFF);
    let (insn, out) = patch_one(&l.btf, &target, &relo, mov(12));
    assert_eq!(insn.imm, 16);
    assert_eq!(
        out.description,
        "field byte offset of struct buf.data[2] (0:1:2)"
    );
    assert_eq!((out.resolution.orig_sz, out.resolution.new_sz), (4, 4));
    // Element size of an array accessor.
    let relo = l.relo(lt, "0:1:2", BYTE_SZ);
    assert_eq!(resolve(&l.btf, &target, &relo).unwrap().new_val, 4);
    // Whole-array size.
    let relo = l.relo(lt, "0:1", BYTE_SZ);
    assert_eq!(resolve(&l.btf, &target, &relo).unwrap().new_val, 12);
    // Index 3 is out of the kernel's bounds: no match, poison.
    let relo = l.relo(lt, "0:1:3", BYTE_OFF);
    assert!(resolve(&l.btf, &target, &relo).unwrap().poison);
    // Flexible arrays take any index, locally and in the target.
    let relo = l.relo(lt, "0:2:10", BYTE_OFF);
    let r = resolve(&l.btf, &target, &relo).unwrap();
    assert_eq!((r.orig_val, r.new_val), (20 + 40, 24 + 40));
    // Bit-level kinds on array elements are errors.
    let relo = l.relo(lt, "0:1:1", LSHIFT);
    let e = resolve(&l.btf, &target, &relo).unwrap_err();
    assert!(matches!(e, CoreError::Unsatisfiable { .. }), "{e}");
    // Out-of-range local index is an invalid spec.
    let relo = l.relo(lt, "0:1:4", BYTE_OFF);
    let e = resolve(&l.btf, &target, &relo).unwrap_err();
    assert!(matches!(e, CoreError::InvalidSpec { .. }), "{e}");
}

#[test]
fn anonymous_members_are_searched() {
    let (mut l, lt) = local_task("task_struct");
    let mut k = B::new();
    let int = k.int("int", 4, true);
    let inner = k.st("", 8, &[("prio", int, 0), ("pid", int, 32)]);
    let u = k.un("", 8, &[("x", int, 0), ("", inner, 0)]);
    k.st("task_struct", 24, &[("state", int, 0), ("", u, 64)]);
    let target = k.target();
    let relo = l.relo(lt, "0:0", BYTE_OFF);
    let r = resolve(&l.btf, &target, &relo).unwrap();
    assert_eq!(r.new_val, 8 + 4);
    // tgid is nowhere: poison.
    let relo = l.relo(lt, "0:1", BYTE_OFF);
    assert!(resolve(&l.btf, &target, &relo).unwrap().poison);
}

#[test]
fn incompatible_field_types_do_not_match() {
    let (mut l, lt) = local_task("task_struct");
    let mut k = B::new();
    let int = k.int("int", 4, true);
    let s = k.st("pid_wrapper", 4, &[("v", int, 0)]);
    k.st("task_struct", 8, &[("pid", s, 0), ("tgid", int, 32)]);
    let target = k.target();
    let relo = l.relo(lt, "0:0", BYTE_OFF);
    assert!(resolve(&l.btf, &target, &relo).unwrap().poison);
}

/// Local `struct s { unsigned int u; int i; void *p; }` against a kernel
/// where `u` and `i` became 8-byte and `p` moved.
fn resized() -> (B, u32, super::CoreTarget) {
    let mut l = B::new();
    let u = l.int("unsigned int", 4, false);
    let i = l.int("int", 4, true);
    let p = l.ptr(0);
    let lt = l.st("s", 16, &[("u", u, 0), ("i", i, 32), ("p", p, 64)]);
    let mut k = B::new();
    let u = k.int("unsigned long", 8, false);
    let i = k.int("long", 8, true);
    let p = k.ptr(0);
    k.st("s", 24, &[("u", u, 0), ("i", i, 64), ("p", p, 128)]);
    (l, lt, k.target())
}

#[test]
fn memory_size_is_adjusted_only_when_safe() {
    let (mut l, lt, target) = resized();
    let relo = l.relo(lt, "0:0", BYTE_OFF);
    let (insn, out) = patch_one(&l.btf, &target, &relo, ldx(SZ_W, 0));
    assert_eq!(
        (insn.code, insn.off, out.poisoned),
        (0x61 | SZ_DW, 0, false)
    );
    // The same relocation on an ALU instruction ignores sizes.
    let (insn, _) = patch_one(&l.btf, &target, &relo, mov(0));
    assert_eq!(insn.imm, 0);
    // Signed int → long: unsafe, poisoned on loads only.
    let relo = l.relo(lt, "0:1", BYTE_OFF);
    let (insn, out) = patch_one(&l.btf, &target, &relo, ldx(SZ_W, 4));
    assert!(out.poisoned && is_poisoned(&insn) && out.resolution.fail_memsz_adjust);
    let (insn, out) = patch_one(&l.btf, &target, &relo, mov(4));
    assert_eq!((insn.imm, out.poisoned), (8, false));
    // Pointers keep size 8: only the offset moves.
    let relo = l.relo(lt, "0:2", BYTE_OFF);
    let (insn, _) = patch_one(&l.btf, &target, &relo, ldx(SZ_DW, 8));
    assert_eq!((insn.code, insn.off), (0x61 | SZ_DW, 16));
    // A load whose size disagrees with the local field is rejected.
    let relo = l.relo(lt, "0:0", BYTE_OFF);
    let mut insns = [ldx(SZ_DW, 0)];
    let e = super::relocate(&l.btf, &target, &relo, &mut insns, 0).unwrap_err();
    assert!(matches!(e, CoreError::BadInsn { insn_idx: 0, .. }), "{e}");
}

#[test]
fn instruction_checks() {
    let (mut l, lt) = local_task("task_struct");
    let target = kernel_task().0.target();
    let relo = l.relo(lt, "0:1", BYTE_OFF);
    let bad =
        |insns: &mut [Insn], idx| super::relocate(&l.btf, &target, &relo, insns, idx).unwrap_err();
    // Wrong expected value.
    let e = bad(&mut [mov(5)], 0);
    assert!(e.to_string().contains("expected 4"), "{e}");
    // Register-source ALU, jumps, out-of-range index.
    let mut x = mov(4);
    x.code = 0xbf;
    assert!(matches!(bad(&mut [x], 0), CoreError::BadInsn { .. }));
    let mut j = mov(4);
    j.code = 0x05;
    assert!(matches!(bad(&mut [j], 0), CoreError::BadInsn { .. }));
    assert!(matches!(
        bad(&mut [mov(4)], 1),
        CoreError::BadInsn { insn_idx: 1, .. }
    ));
    // ld_imm64 truncated or malformed.
    let [lo, mut hi] = ld_imm64(4);
    assert!(matches!(bad(&mut [lo], 0), CoreError::BadInsn { .. }));
    hi.dst = 1;
    assert!(matches!(bad(&mut [lo, hi], 0), CoreError::BadInsn { .. }));
    // Offsets beyond i16 cannot be encoded in a load.
    let mut k = B::new();
    let int = k.int("int", 4, true);
    k.st(
        "task_struct",
        0x10000,
        &[("pid", int, 0), ("tgid", int, 0x8000 * 8)],
    );
    let far = k.target();
    let e = super::relocate(&l.btf, &far, &relo, &mut [ldx(SZ_W, 4)], 0).unwrap_err();
    assert!(e.to_string().contains("too big"), "{e}");
    assert_eq!(patch_one(&l.btf, &far, &relo, mov(4)).0.imm, 0x8000);
}

#[test]
fn kind_helpers() {
    for raw in 0..13 {
        let k = CoreReloKind::from_raw(raw).unwrap();
        let n = [k.is_field_based(), k.is_type_based(), k.is_enumval_based()];
        assert_eq!(n.iter().filter(|&&b| b).count(), 1, "{k}");
    }
    assert!(CoreReloKind::from_raw(13).is_none());
}
