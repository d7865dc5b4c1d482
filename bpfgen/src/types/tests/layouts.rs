//! Padding, bitfields, unions, packing and DATASEC layouts.

use super::*;
use crate::types::model::BitValue;

#[test]
fn padding_in_the_middle_and_at_the_end() {
    let mut b = B::new();
    let (u8_, u64_, u16_) = (b.u8(), b.u64(), b.u16());
    let s = b.strukt(
        "padded",
        24,
        &[
            ("tag", u8_, 0, 0),
            ("value", u64_, 64, 0),
            ("port", u16_, 128, 0),
        ],
    );
    let mut gen = TypeGen::new(&b.btf);
    assert_eq!(
        gen.request(s).map(|t| t.to_string()).ok().as_deref(),
        Some("types :: padded")
    );
    let c = composite(&gen, "padded");
    assert_eq!(
        fields(c),
        [
            ("tag", 0, 1),
            ("__pad_1", 1, 7),
            ("value", 8, 8),
            ("port", 16, 2),
            ("__pad_18", 18, 6)
        ]
    );
    assert_eq!((c.size, c.align, c.packed), (24, 8, None));
    assert_eq!(with_role(c, Role::Padding), ["__pad_1", "__pad_18"]);
    let code = code(&gen);
    assert!(code.contains("assert ! (size == 24)"), "{code}");
    assert!(
        code.contains("offset_of ! (padded , __pad_18) == 18"),
        "{code}"
    );
}

#[test]
fn bitfields_spanning_bytes_share_storage() {
    let mut b = B::new();
    let (u32_, i32_, u8_, u64_) = (b.u32(), b.i32(), b.u8(), b.u64());
    let s = b.strukt(
        "bits",
        16,
        &[
            ("a", u32_, 0, 3),
            ("b", u32_, 3, 7), // bits 3..10: bytes 0 and 1
            ("s", i32_, 10, 5),
            ("plain", u8_, 24, 0),
            ("wide", u64_, 64, 40),
            ("rest", u64_, 104, 24),
        ],
    );
    let mut gen = TypeGen::new(&b.btf);
    gen.request(s).expect("bits");
    let c = composite(&gen, "bits");
    assert_eq!(
        fields(c),
        [
            ("__align", 0, 0),
            ("__bitfield_0", 0, 2),
            ("__pad_2", 2, 1),
            ("plain", 3, 1),
            ("__pad_4", 4, 4),
            ("__bitfield_8", 8, 8),
        ]
    );
    let bits: Vec<_> = c
        .bitfields
        .iter()
        .map(|f| (f.getter.as_str(), f.storage.as_str(), f.bit_offset, f.width))
        .collect();
    assert_eq!(
        bits,
        [
            ("a", "__bitfield_0", 0, 3),
            ("b", "__bitfield_0", 3, 7),
            ("s", "__bitfield_0", 10, 5),
            ("wide", "__bitfield_8", 0, 40),
            ("rest", "__bitfield_8", 40, 24),
        ]
    );
    assert_eq!(c.bitfields[2].value, BitValue::Signed("i32"));
    assert_eq!(c.bitfields[3].value, BitValue::Unsigned("u64"));
    let code = code(&gen);
    assert!(code.contains("pub fn s (& self) -> i32 { :: bpfgen_runtime :: pod :: bitfield_get_signed (& self . __bitfield_0 , 10 , 5) as i32 }"), "{code}");
    assert!(code.contains("pub fn set_s (& mut self , v : i32) { :: bpfgen_runtime :: pod :: bitfield_set (& mut self . __bitfield_0 , 10 , 5 , v as u64) ; }"), "{code}");
    assert!(
        !code.contains("fn __bitfield_get"),
        "helpers live in the runtime"
    );
}

#[test]
fn legacy_bitfields_without_kind_flag() {
    // Old BTF: no kind_flag; the member type is an INT narrower than its size.
    let mut b = B::new();
    let n = b.s("u3");
    let narrow = b.btf.add_type(BtfType::new_int(n, 4, 3));
    let u8_ = b.u8();
    let s = b.strukt(
        "old",
        4,
        &[("x", narrow, 0, 0), ("y", narrow, 3, 0), ("z", u8_, 8, 0)],
    );
    let mut gen = TypeGen::new(&b.btf);
    gen.request(s).expect("old");
    let c = composite(&gen, "old");
    // libbpf's alignment rule reads a legacy bitfield at bit 3 as a misaligned
    // member, so BTF says align 1 (and so does the generated type).
    assert_eq!(
        fields(c),
        [("__bitfield_0", 0, 1), ("z", 1, 1), ("__pad_2", 2, 2)]
    );
    assert_eq!((c.align, c.packed), (1, None));
    assert_eq!(c.bitfields.len(), 2);
    assert_eq!((c.bitfields[1].bit_offset, c.bitfields[1].width), (3, 3));
}

#[test]
fn nested_anonymous_unions_and_structs() {
    let mut b = B::new();
    let (u32_, u8_, u64_) = (b.u32(), b.u8(), b.u64());
    let bytes4 = b.array(u8_, 4);
    let inner_u = b.union("", 4, &[("as_u32", u32_, 0, 0), ("as_bytes", bytes4, 0, 0)]);
    let halves = b.strukt("", 8, &[("first", u32_, 0, 0), ("second", u32_, 32, 0)]);
    let outer_u = b.union("", 8, &[("big", u64_, 0, 0), ("", halves, 0, 0)]);
    let pair = b.strukt("", 4, &[("lo", u8_, 0, 0), ("hi", u8_, 8, 0)]);
    let s = b.strukt(
        "nested",
        24,
        &[
            ("kind", u32_, 0, 0),
            ("", inner_u, 32, 0),
            ("pair", pair, 64, 0),
            ("", outer_u, 128, 0),
        ],
    );
    let mut gen = TypeGen::new(&b.btf);
    gen.request(s).expect("nested");
    assert_eq!(
        decl_names(&gen),
        [
            "nested",
            "nested__anon_1",
            "nested__anon_2",
            "nested__anon_2__anon_1",
            "nested__pair"
        ]
    );
    let n = composite(&gen, "nested");
    let names: Vec<_> = n.fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["kind", "__anon_1", "pair", "__pad_12", "__anon_2"]);
    let u = composite(&gen, "nested__anon_2");
    assert_eq!(fields(u), [("__align", 0, 0), ("__bytes", 0, 8)]);
    let acc: Vec<_> = u
        .union_members
        .iter()
        .map(|m| (m.getter.as_str(), m.setter.as_str()))
        .collect();
    assert_eq!(acc, [("big", "set_big"), ("__anon_1", "set_anon_1")]);
    let code = code(&gen);
    assert!(
        code.contains("pub fn __anon_1 (& self) -> nested__anon_2__anon_1"),
        "{code}"
    );
    assert!(
        !code.contains("pub union"),
        "C unions are byte-storage structs: {code}"
    );
}

#[test]
fn union_bitfields_get_accessors() {
    let mut b = B::new();
    let u32_ = b.u32();
    let u = b.union("bf", 4, &[("raw", u32_, 0, 0), ("low3", u32_, 0, 3)]);
    let mut gen = TypeGen::new(&b.btf);
    gen.request(u).expect("bf");
    let c = composite(&gen, "bf");
    assert_eq!(c.bitfields.len(), 1);
    assert_eq!(c.bitfields[0].storage, "__bytes");
    assert_eq!(c.union_members.len(), 1);
}

#[test]
fn arrays_of_structs_and_long_arrays() {
    let mut b = B::new();
    let (i32_, u64_, u8_) = (b.i32(), b.u64(), b.u8());
    let point = b.strukt("point", 8, &[("x", i32_, 0, 0), ("y", i32_, 32, 0)]);
    let pts = b.array(point, 3);
    let row = b.array(u8_, 3);
    let grid = b.array(row, 2);
    let many = b.array(u64_, 33);
    let s = b.strukt(
        "arrays",
        24 + 6 + 2 + 264,
        &[
            ("pts", pts, 0, 0),
            ("grid", grid, 192, 0),
            ("many", many, 256, 0),
        ],
    );
    let mut gen = TypeGen::new(&b.btf);
    gen.request(s).expect("arrays");
    let code = code(&gen);
    assert!(code.contains("pub pts : [point ; 3]"), "{code}");
    assert!(code.contains("pub grid : [[u8 ; 3] ; 2]"), "{code}");
    assert!(code.contains("pub many : [u64 ; 33]"), "{code}");
    // No derived Default for [u64; 33]: a safe zeroed() instead.
    assert!(code.contains("fn default () -> Self { :: bpfgen_runtime :: pod :: zeroed () }"));
    assert_eq!(
        gen.request(many).map(|t| t.to_string()).ok().as_deref(),
        Some("[u64 ; 33]")
    );
    assert_eq!(
        gen.request(pts).map(|t| t.to_string()).ok().as_deref(),
        Some("[types :: point ; 3]")
    );
}

#[test]
fn packed_structs() {
    let mut b = B::new();
    let (u8_, u32_, u16_) = (b.u8(), b.u32(), b.u16());
    let hdr = b.strukt(
        "hdr",
        7,
        &[
            ("v", u8_, 0, 0),
            ("len", u32_, 8, 0),
            ("flags", u16_, 40, 0),
        ],
    );
    let holder = b.strukt(
        "holder",
        12,
        &[
            ("pre", u8_, 0, 0),
            ("hdr", hdr, 8, 0),
            ("post", u32_, 64, 0),
        ],
    );
    let mut gen = TypeGen::new(&b.btf);
    gen.request(holder).expect("holder");
    assert_eq!(composite(&gen, "hdr").packed, Some(1));
    assert_eq!(composite(&gen, "holder").packed, None);
    let code = code(&gen);
    assert!(
        code.contains(
            "# [repr (C , packed)] # [derive (Clone , Copy , Debug , Default , PartialEq , Eq , Hash)] pub struct hdr"
        ),
        "{code}"
    );
}

#[test]
fn packed_with_padding_reads_fields_by_copy() {
    // A packed struct with a hole: manual Debug must not take references.
    let mut b = B::new();
    let (u8_, u32_) = (b.u8(), b.u32());
    let s = b.strukt("holey", 7, &[("a", u8_, 0, 0), ("b", u32_, 16, 0)]);
    let mut gen = TypeGen::new(&b.btf);
    gen.request(s).expect("holey");
    let code = code(&gen);
    assert!(code.contains(". field (\"b\" , & { self . b })"), "{code}");
}

#[test]
fn datasec_pads_statics_and_rounds_up() {
    let mut b = B::new();
    let (u32_, u8_, u64_) = (b.u32(), b.u8(), b.u64());
    let first = b.var("ro_first", u32_, 1);
    let last = b.var("ro_last", u8_, 1);
    let hidden = b.var("ro_static", u64_, 0);
    let sec = b.datasec(
        ".rodata.custom",
        13,
        &[(hidden, 8, 8), (last, 4, 1), (first, 0, 4)],
    );
    let mut gen = TypeGen::new(&b.btf);
    let ty = gen.request_datasec(".rodata.custom").expect("datasec");
    assert_eq!(ty.to_string(), "types :: RodataCustom");
    assert_eq!(
        gen.request(sec).map(|t| t.to_string()).ok(),
        Some(ty.to_string())
    );
    let c = composite(&gen, "RodataCustom");
    // 13 bytes of section, rounded up to the u32 alignment.
    assert_eq!(
        fields(c),
        [("ro_first", 0, 4), ("ro_last", 4, 1), ("__pad_5", 5, 11)]
    );
    assert_eq!((c.size, c.align), (16, 4));
}

#[test]
fn datasec_entry_size_must_match() {
    let mut b = B::new();
    let u32_ = b.u32();
    let v = b.var("x", u32_, 1);
    b.datasec(".data", 8, &[(v, 0, 8)]);
    let mut gen = TypeGen::new(&b.btf);
    let err = gen.request_datasec(".data").expect_err("size mismatch");
    assert!(err.to_string().contains("section entry says 8"), "{err}");
}

#[test]
fn overlapping_members_are_rejected() {
    let mut b = B::new();
    let u32_ = b.u32();
    let s = b.strukt("bad", 8, &[("a", u32_, 0, 0), ("b", u32_, 16, 0)]);
    let past = b.strukt("past", 4, &[("a", u32_, 32, 0)]);
    let mut gen = TypeGen::new(&b.btf);
    let err = gen.request(s).expect_err("overlap");
    assert!(err.to_string().contains("overlaps"), "{err}");
    let err = gen.request(past).expect_err("past the end");
    assert!(err.to_string().contains("past the size"), "{err}");
}

#[test]
fn flexible_array_member() {
    let mut b = B::new();
    let (u32_, u8_) = (b.u32(), b.u8());
    let data = b.array(u8_, 0);
    let s = b.strukt("flex", 4, &[("len", u32_, 0, 0), ("data", data, 32, 0)]);
    let mut gen = TypeGen::new(&b.btf);
    gen.request(s).expect("flex");
    assert_eq!(
        fields(composite(&gen, "flex")),
        [("len", 0, 4), ("data", 4, 0)]
    );
}

/// Keys must compare and hash: `PartialEq` always, `Eq` and `Hash` only without a float
/// anywhere inside (through nested structs), and `Debug` shows padding that is not zero.
#[test]
fn derives_follow_floats_and_debug_shows_dirty_padding() {
    let mut b = B::new();
    let (u8_, u32_) = (b.u8(), b.u32());
    let n = b.s("double");
    let f64_ = b.btf.add_type(BtfType::new_float(n, 8));
    let key = b.strukt("key", 8, &[("proto", u8_, 0, 0), ("port", u32_, 32, 0)]);
    let inner = b.strukt("inner", 8, &[("x", f64_, 0, 0)]);
    let outer = b.strukt("outer", 8, &[("i", inner, 0, 0)]);
    let mut gen = TypeGen::new(&b.btf);
    gen.request(key).expect("key");
    gen.request(outer).expect("outer");
    let code = code(&gen);
    assert!(
        code.contains("# [derive (Clone , Copy , Default , PartialEq , Eq , Hash)] pub struct key"),
        "{code}"
    );
    assert!(
        code.contains("# [derive (Clone , Copy , Debug , Default , PartialEq)] pub struct outer"),
        "a float two levels down: no Eq, no Hash: {code}"
    );
    assert!(
        code.contains(
            "if self . __pad_1 . iter () . any (| b | * b != 0) { d . field (\"__pad_1\""
        ),
        "{code}"
    );
}

/// BTF records no `aligned(N)`: tail padding proves the tightest alignment consistent
/// with it (`{ u32 v[3]; } aligned(16)`, size 16: at least 8), and a raised member raises
/// its holder.
#[test]
fn tail_padding_proves_alignment() {
    let mut b = B::new();
    let u32_ = b.u32();
    let v3 = b.array(u32_, 3);
    let a = b.strukt("a16", 16, &[("v", v3, 0, 0)]);
    // At offset 8 (not 16), so the placement proves no more than the tail padding.
    let holder = b.strukt("holder", 24, &[("x", u32_, 0, 0), ("a", a, 64, 0)]);
    let mut gen = TypeGen::new(&b.btf);
    gen.request(holder).expect("holder");
    assert_eq!(composite(&gen, "a16").align, 8);
    assert_eq!(composite(&gen, "holder").align, 8);
    let code = code(&gen);
    assert!(code.contains("pub __align : [u64 ; 0]"), "{code}");
    assert!(code.contains("assert ! (align == 8)"), "{code}");
}

/// A struct whose size shows no tail padding is still proven over-aligned by where it
/// is placed: after a gap in another struct, or in a data section.
#[test]
fn placements_prove_alignment() {
    let mut b = B::new();
    let u32_ = b.u32();
    // struct __attribute__((aligned(8))) pair { u32 a, b; }: size 8, BTF alignment 4.
    let pair = b.strukt("pair", 8, &[("a", u32_, 0, 0), ("b", u32_, 32, 0)]);
    let holder = b.strukt("holder", 16, &[("x", u32_, 0, 0), ("p", pair, 64, 0)]);
    let mut gen = TypeGen::new(&b.btf);
    gen.request(holder).expect("holder");
    assert_eq!(composite(&gen, "pair").align, 8);
    assert_eq!(composite(&gen, "holder").align, 8);

    // The same record as a data-section variable after a 4-byte one.
    let mut b = B::new();
    let u32_ = b.u32();
    let pair = b.strukt("pair", 8, &[("a", u32_, 0, 0), ("b", u32_, 32, 0)]);
    let small = b.var("small", u32_, 1);
    let big = b.var("big", pair, 1);
    b.datasec(".data", 16, &[(small, 0, 4), (big, 8, 8)]);
    let mut gen = TypeGen::new(&b.btf);
    gen.request(pair).expect("pair");
    assert_eq!(composite(&gen, "pair").align, 8);

    // Evidence a placement contradicts (the record also sits at offset 4) is dropped.
    let mut b = B::new();
    let u32_ = b.u32();
    let pair = b.strukt("pair", 8, &[("a", u32_, 0, 0), ("b", u32_, 32, 0)]);
    b.strukt("gap", 16, &[("x", u32_, 0, 0), ("p", pair, 64, 0)]);
    let tight = b.strukt("tight", 12, &[("x", u32_, 0, 0), ("p", pair, 32, 0)]);
    let mut gen = TypeGen::new(&b.btf);
    gen.request(tight).expect("tight");
    assert_eq!(composite(&gen, "pair").align, 4);
}
