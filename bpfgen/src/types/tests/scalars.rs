//! Integers, chars, floats, pointers and enums.

use super::*;

#[test]
fn scalar_mapping() {
    let mut b = B::new();
    let char_ = b.int("char", 1, 1); // clang: SIGNED, no CHAR bit
    let schar = b.int("signed char", 1, 1);
    let uchar = b.int("unsigned char", 1, 0);
    let bool_ = b.int("_Bool", 1, 4);
    let i16_ = b.int("short", 2, 1);
    let i64_ = b.int("long", 8, 1);
    let u128_ = b.int("unsigned __int128", 16, 0);
    let i128_ = b.int("__int128", 16, 1);
    let fname = b.s("float");
    let f32_ = b.btf.add_type(BtfType::new_float(fname, 4));
    let dname = b.s("double");
    let f64_ = b.btf.add_type(BtfType::new_float(dname, 8));
    let ptr = b.ptr(char_);
    let proto = b.btf.add_type(BtfType::new_func_proto(0, vec![]));
    let fnptr = b.ptr(proto);
    let void_ptr = b.ptr(0);
    let c = b.btf.add_type(BtfType::new_const(i16_));
    let v = b.btf.add_type(BtfType::new_volatile(c));
    let tag_name = b.s("user");
    let tagged = b.btf.add_type(BtfType::new_type_tag(tag_name, v));
    let mut gen = TypeGen::new(&b.btf);
    let mut ty = |id| {
        gen.request(id)
            .map(|t| t.to_string())
            .unwrap_or_else(|e| e.to_string())
    };
    let got: Vec<String> = [
        char_, schar, uchar, bool_, i16_, i64_, u128_, i128_, f32_, f64_, ptr, fnptr, void_ptr,
        tagged,
    ]
    .into_iter()
    .map(&mut ty)
    .collect();
    assert_eq!(
        got,
        [
            "u8",
            "i8",
            "u8",
            ":: bpfgen_runtime :: pod :: Bool",
            "i16",
            "i64",
            "[u64 ; 2]",
            "[u64 ; 2]",
            "f32",
            "f64",
            "u64",
            "u64",
            "u64",
            "i16"
        ]
    );
}

#[test]
fn enums_with_negative_values() {
    let mut b = B::new();
    let e = b.enumeration(
        "signed_e",
        4,
        &[
            ("NEG_ONE", u64::MAX),
            ("ZERO", 0),
            ("BIG", 1000),
            ("ALIAS", 0),
        ],
        true,
    );
    let mut gen = TypeGen::new(&b.btf);
    assert_eq!(
        gen.request(e).map(|t| t.to_string()).ok().as_deref(),
        Some("types :: signed_e")
    );
    let d = enum_decl(&gen, "signed_e");
    assert_eq!(d.repr, "i32");
    let vals: Vec<_> = d.values.iter().map(|(n, v)| (n.as_str(), *v)).collect();
    assert_eq!(
        vals,
        [("NEG_ONE", -1), ("ZERO", 0), ("BIG", 1000), ("ALIAS", 0)]
    );
    let code = code(&gen);
    assert!(code.contains("pub struct signed_e (pub i32) ;"), "{code}");
    assert!(
        code.contains("pub const NEG_ONE : Self = Self (- 1) ;"),
        "{code}"
    );
    // Debug arms: one per distinct value (the alias would be unreachable).
    assert!(
        code.contains("- 1 => f . write_str (\"NEG_ONE\")"),
        "{code}"
    );
    assert!(!code.contains("write_str (\"ALIAS\")"), "{code}");
}

#[test]
fn enum64_and_small_enums() {
    let mut b = B::new();
    let big = b.enum64(
        "big64",
        &[("SMALL", 1), ("LARGE", 1 << 32), ("MAX", u64::MAX)],
        false,
    );
    let sbig = b.enum64("sbig64", &[("MIN", 1 << 63)], true);
    let small = b.enumeration("small8", 1, &[("A", 1), ("B", 200)], false);
    let empty = b.enumeration("empty", 4, &[], false);
    let mut gen = TypeGen::new(&b.btf);
    for id in [big, sbig, small, empty] {
        gen.request(id).expect("enum");
    }
    assert_eq!(enum_decl(&gen, "big64").repr, "u64");
    assert_eq!(enum_decl(&gen, "big64").values[2].1, i128::from(u64::MAX));
    assert_eq!(enum_decl(&gen, "sbig64").values[0].1, i128::from(i64::MIN));
    assert_eq!(enum_decl(&gen, "small8").repr, "u8");
    let code = code(&gen);
    assert!(
        code.contains("pub const MIN : Self = Self (- 9223372036854775808) ;"),
        "{code}"
    );
    assert!(
        code.contains("pub const MAX : Self = Self (18446744073709551615) ;"),
        "{code}"
    );
    assert!(
        code.contains("f . debug_tuple (\"empty\") . field (& self . 0) . finish ()"),
        "{code}"
    );
    assert!(!code.contains("impl empty {"), "{code}");
}

#[test]
fn enum_bitfields_use_the_newtype() {
    let mut b = B::new();
    let e = b.enumeration("", 4, &[("X", 1), ("Y", 2)], false);
    let s = b.strukt("holder", 4, &[("mode", e, 0, 2)]);
    let mut gen = TypeGen::new(&b.btf);
    gen.request(s).expect("holder");
    let code = code(&gen);
    assert!(code.contains("pub fn mode (& self) -> holder__mode { holder__mode (:: bpfgen_runtime :: pod :: bitfield_get (& self . __bitfield_0 , 0 , 2) as u32) }"), "{code}");
    assert!(code.contains("u64 :: from (v . 0)"), "{code}");
}

#[test]
fn typedefs_resolve_and_alias_on_request() {
    let mut b = B::new();
    let u32_ = b.u32();
    let u32_t = b.typedef("__u32", u32_);
    let point = b.strukt("point", 4, &[("x", u32_t, 0, 0)]);
    b.typedef("point_t", point);
    b.typedef("u32", u32_);
    let mut gen = TypeGen::new(&b.btf);
    let ty = |gen: &mut TypeGen<'_>, n: &str| gen.request_named(n).map(|t| t.to_string()).ok();
    assert_eq!(ty(&mut gen, "point_t").as_deref(), Some("types :: point_t"));
    assert_eq!(ty(&mut gen, "point_t").as_deref(), Some("types :: point_t"));
    assert_eq!(
        ty(&mut gen, "struct point").as_deref(),
        Some("types :: point")
    );
    assert_eq!(ty(&mut gen, "__u32").as_deref(), Some("types :: __u32"));
    // A typedef named like the primitive it maps to needs no alias.
    assert_eq!(ty(&mut gen, "u32").as_deref(), Some("u32"));
    let code = code(&gen);
    assert!(code.contains("pub type point_t = point ;"), "{code}");
    assert!(code.contains("pub type __u32 = u32 ;"), "{code}");
    assert!(
        code.contains("pub x : u32"),
        "fields use the resolved type: {code}"
    );
}
