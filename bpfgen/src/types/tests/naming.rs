//! Names: keywords, primitives, anonymous types, clashes, order independence.

use super::*;

#[test]
fn keyword_field_and_type_names() {
    let mut b = B::new();
    let u32_ = b.u32();
    let kw = b.strukt(
        "type",
        24,
        &[
            ("type", u32_, 0, 0),
            ("match", u32_, 32, 0),
            ("ref", u32_, 64, 0),
            ("self", u32_, 96, 0),
            ("Self", u32_, 128, 0),
            ("crate", u32_, 160, 0),
        ],
    );
    let prim = b.strukt("u32", 4, &[("super", u32_, 0, 0)]);
    let mut gen = TypeGen::new(&b.btf);
    assert_eq!(
        gen.request(kw).map(|t| t.to_string()).ok().as_deref(),
        Some("types :: type_")
    );
    assert_eq!(
        gen.request(prim).map(|t| t.to_string()).ok().as_deref(),
        Some("types :: u32_")
    );
    let names: Vec<_> = composite(&gen, "type_")
        .fields
        .iter()
        .map(|f| f.name.clone())
        .collect();
    assert_eq!(
        names,
        ["type_", "match_", "ref_", "self_", "Self_", "crate_"]
    );
    let code = code(&gen);
    assert!(code.contains("pub super_ : u32"), "{code}");
    // The emitted tokens re-parse as Rust.
    syn::parse2::<syn::File>(gen.emit_module()).expect("valid Rust");
}

#[test]
fn keyword_bitfield_accessors() {
    let mut b = B::new();
    let u32_ = b.u32();
    let s = b.strukt(
        "kw_bits",
        4,
        &[
            ("type", u32_, 0, 2),
            ("x", u32_, 2, 2),
            ("set_x", u32_, 4, 2),
            ("clone", u32_, 6, 2),
        ],
    );
    let mut gen = TypeGen::new(&b.btf);
    gen.request(s).expect("kw_bits");
    let acc: Vec<_> = composite(&gen, "kw_bits")
        .bitfields
        .iter()
        .map(|f| (f.getter.as_str(), f.setter.as_str()))
        .collect();
    assert_eq!(
        acc,
        [
            ("type_", "set_type"),
            ("x", "set_x"),
            ("set_x_", "set_set_x"),
            ("clone_", "set_clone")
        ]
    );
}

#[test]
fn duplicate_anonymous_names() {
    // Two structs, each with two anonymous unions; and a struct whose member
    // names would clash with generated padding names.
    let mut b = B::new();
    let (u32_, u16_, u64_) = (b.u32(), b.u16(), b.u64());
    let anon = |b: &mut B| b.union("", 4, &[("x", u32_, 0, 0), ("y", u16_, 0, 0)]);
    let (a1, a2, b1, b2) = (anon(&mut b), anon(&mut b), anon(&mut b), anon(&mut b));
    let da = b.strukt("dup_a", 8, &[("", a1, 0, 0), ("", a2, 32, 0)]);
    let db = b.strukt("dup_b", 8, &[("", b1, 0, 0), ("", b2, 32, 0)]);
    let clash = b.strukt(
        "clash",
        16,
        &[("__pad_1", u32_, 0, 0), ("__anon_1", u64_, 64, 0)],
    );
    let mut gen = TypeGen::new(&b.btf);
    for id in [da, db, clash] {
        gen.request(id).expect("request");
    }
    assert_eq!(
        decl_names(&gen),
        [
            "clash",
            "dup_a",
            "dup_a__anon_1",
            "dup_a__anon_2",
            "dup_b",
            "dup_b__anon_1",
            "dup_b__anon_2"
        ]
    );
    let c = composite(&gen, "clash");
    assert_eq!(
        fields(c),
        [("__pad_1", 0, 4), ("__pad_4", 4, 4), ("__anon_1", 8, 8)]
    );
}

#[test]
fn clashing_type_names_get_suffixes_in_id_order() {
    let mut b = B::new();
    let u8_ = b.u8();
    let first = b.strukt("foo", 1, &[("a", u8_, 0, 0)]);
    let second = b.strukt("foo", 1, &[("b", u8_, 0, 0)]);
    let data_struct = b.strukt("Data", 1, &[("d", u8_, 0, 0)]);
    let v = b.var("g", u8_, 1);
    b.datasec(".data", 1, &[(v, 0, 1)]);
    let anon = b.strukt("", 1, &[("c", u8_, 0, 0)]);
    b.typedef("foo", anon);
    let mut gen = TypeGen::new(&b.btf);
    // Requested in reverse: names do not depend on request order.
    let ty = |gen: &mut TypeGen<'_>, id| gen.request(id).map(|t| t.to_string()).ok();
    assert_eq!(ty(&mut gen, anon).as_deref(), Some("types :: foo_3"));
    assert_eq!(
        ty(&mut gen, data_struct).as_deref(),
        Some("types :: Data_2")
    );
    assert_eq!(ty(&mut gen, second).as_deref(), Some("types :: foo_2"));
    assert_eq!(ty(&mut gen, first).as_deref(), Some("types :: foo"));
    assert_eq!(
        gen.request_datasec(".data")
            .map(|t| t.to_string())
            .ok()
            .as_deref(),
        Some("types :: Data")
    );
}

#[test]
fn anonymous_top_level_types_use_the_hint() {
    let mut b = B::new();
    let u8_ = b.u8();
    let anon = b.strukt("", 1, &[("c", u8_, 0, 0)]);
    let anon2 = b.strukt("", 1, &[("c", u8_, 0, 0)]);
    let mut gen = TypeGen::new(&b.btf);
    let hinted = gen
        .request_with_hint(anon, Some("events_value"))
        .expect("hinted");
    assert_eq!(hinted.to_string(), "types :: events_value");
    assert_eq!(
        gen.request(anon2).map(|t| t.to_string()).ok().as_deref(),
        Some("types :: anon_struct")
    );
    // Named again later: still the first name.
    assert_eq!(
        gen.request(anon).map(|t| t.to_string()).ok(),
        Some(hinted.to_string())
    );
}

#[test]
fn emission_is_sorted_and_identical_across_request_orders() {
    let mut b = B::new();
    let (u8_, u32_) = (b.u8(), b.u32());
    let inner = b.strukt("", 1, &[("x", u8_, 0, 0)]);
    let a = b.strukt("zeta", 4, &[("i", inner, 0, 0), ("n", u32_, 0, 0)][1..]);
    let c = b.strukt("alpha", 1, &[("i", inner, 0, 0)]);
    let mut one = TypeGen::new(&b.btf);
    let mut two = TypeGen::new(&b.btf);
    for id in [a, c] {
        one.request(id).expect("one");
    }
    for id in [c, a] {
        two.request(id).expect("two");
    }
    assert_eq!(decl_names(&one), ["alpha", "alpha__i", "zeta"]);
    assert_eq!(code(&one), code(&two));
}
