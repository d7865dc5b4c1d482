//! The checks compiled into the scratch crate (see `harness.rs`).

/// `src/checks.rs` of the scratch crate; `/*DATA*/` becomes `.data`'s bytes.
/// The expected values are the initialisers in `layout.bpf.c`.
pub const CHECKS: &str = r#"//! Reads clang-initialised `.data` of `layout.bpf.o` through the generated types.

use bpfgen_runtime::pod::{bytes_of, read};

use crate::layout::types;

const DATA: &[u8] = &/*DATA*/;

fn everything() -> types::everything {
    let data: types::Data = read(DATA).expect(".data is as large as its struct");
    data.everything
}

#[test]
fn plain_fields_and_padding() {
    let e = everything();
    assert_eq!((e.padded.tag, e.padded.value, e.padded.port), (0xab, 0x1122_3344_5566_7788, 8080));
    assert_eq!((e.pt.x, e.pt.y), (-4, 4));
    assert_eq!(e.cv, 99);
    assert_eq!((e.anon.id, e.anon.ratio, e.anon.score), (13, 1.5, -2.25));
    assert_eq!((e.a16.v, e.prim_named.x, e.data_named.d, e.same.s), (16, 32, 64, 128));
    assert_eq!((e.hp8.x, e.hp8.p.a, e.hp8.p.b), (7, 8, 9));
    assert_eq!(std::mem::align_of::<types::pair8>(), 8, "placement proves aligned(8)");
    assert_eq!((e.kw.type_, e.kw.match_, e.kw.ref_, e.kw.self_, e.kw.fn_, e.kw.Self_), (1, 2, 3, 4, 5, 6));
}

#[test]
fn bitfields_read_and_write_clang_layout() {
    let b = everything().bits;
    assert_eq!((b.a(), b.b(), b.s()), (5, 100, -7));
    assert_eq!((b.lvl(), b.on(), b.plain), (types::level::LVL_HIGH, 1, 0x5a));
    assert_eq!((b.wide(), b.rest()), (0x12_3456_789a, 0xab_cdef));
    let mut mine = types::bits::default();
    mine.set_a(5);
    mine.set_b(100);
    mine.set_s(-7);
    mine.set_lvl(types::level::LVL_HIGH);
    mine.set_on(1);
    mine.plain = 0x5a;
    mine.set_wide(0x12_3456_789a);
    mine.set_rest(0xab_cdef);
    assert_eq!(bytes_of(&mine), bytes_of(&b));
    // Setters drop excess bits and leave neighbours alone.
    mine.set_a(0xff);
    assert_eq!((mine.a(), mine.b(), mine.s()), (7, 100, -7));
    mine.set_s(-16);
    assert_eq!((mine.s(), mine.lvl()), (-16, types::level::LVL_HIGH));
    let dbg = format!("{b:?}");
    assert!(dbg.contains("s: -7") && dbg.contains("lvl: LVL_HIGH"), "{dbg}");
}

#[test]
fn unions_and_anonymous_members() {
    let e = everything();
    let n = e.nested;
    assert_eq!(n.kind, 3);
    assert_eq!(n.__anon_1.as_u32(), 0xdead_beef);
    assert_eq!(n.__anon_1.as_bytes(), [0xef, 0xbe, 0xad, 0xde]);
    assert_eq!((n.pair.lo, n.pair.hi), (1, 2));
    assert_eq!(n.__anon_2.big(), 0x0102_0304_0506_0708);
    assert_eq!(n.__anon_2.__anon_1().first, 0x0506_0708);
    assert_eq!((e.dup.__anon_1.x(), e.dup.__anon_2.z()), (11, 12));
    assert_eq!((e.bfu.raw(), e.bfu.low3()), (0x1234_5678, 0));
    let mut u = types::bf_union::default();
    u.set_low3(5);
    assert_eq!(u.raw(), 5);
    u.set_raw(0xffff_fff8);
    assert_eq!(u.low3(), 0);
    let mut pair = types::nested__anon_2::default();
    pair.set_anon_1(types::nested__anon_2__anon_1 { first: 1, second: 2 });
    assert_eq!(pair.big(), 0x2_0000_0001);
}

#[test]
fn enums_arrays_packed_and_wide() {
    let e = everything();
    assert_eq!((e.se, e.b64, e.s8), (types::signed_e::NEG_ONE, types::big64::B64_LARGE, types::small8::S8_B));
    assert_eq!(e.mode, types::everything__mode::MODE_Y);
    assert_eq!(format!("{:?} {:?}", e.se, types::signed_e(5)), "NEG_ONE signed_e(5)");
    assert_eq!(types::big64::B64_MAX.0, u64::MAX);
    let a = e.arrays;
    assert_eq!((a.pts[2].x, a.pts[2].y, a.grid[1][2]), (3, -3, 6));
    assert_eq!(&a.name[..11], b"everything\0");
    assert_eq!((a.many[0], a.many[32]), (1, 33));
    let hp = e.hp;
    let (version, len, flags) = (hp.hdr.version, hp.hdr.len, hp.hdr.flags);
    assert_eq!((hp.pre, version, len, flags, hp.post), (9, 4, 0x0102_0304, 0xbeef, 77));
    let w = e.wide;
    assert_eq!((w.lo, w.u, w.i), (1, [2, 0], [u64::MAX - 2, u64::MAX]));
    assert_eq!((w.flag.get(), w.flag.raw(), w.sc, w.uc, w.c), (true, 1, -5, 250, b'z'));
    assert_eq!(e.ptr, 0);
    assert!(format!("{e:?}").starts_with("everything { padded: padded { tag: 171"));
}

#[test]
fn rodata_and_defaults() {
    assert_eq!(core::mem::size_of::<types::Rodata>(), 16);
    let r = types::Rodata { ro_first: 1, ro_last: 3, ..Default::default() };
    assert_eq!(&bytes_of(&r)[..5], &[1, 0, 0, 0, 3]);
    assert!(bytes_of(&types::arrays::default()).iter().all(|&b| b == 0));
}
"#;
