//! Errors: unknown ids, cycles, depth, unsupported kinds; failed requests
//! leave nothing behind; nothing panics on garbage.

use super::*;
use crate::types::TypeGenError;

#[test]
fn unknown_ids_and_names() {
    let b = B::new();
    let mut gen = TypeGen::new(&b.btf);
    assert!(matches!(
        gen.request(42),
        Err(TypeGenError::UnknownId { id: 42 })
    ));
    assert!(matches!(
        gen.request(0),
        Err(TypeGenError::Unsupported { .. })
    ));
    let err = gen.request_named("struct nope").expect_err("missing");
    assert_eq!(err.to_string(), "no type named `struct nope` in BTF");
    let err = gen.request_datasec(".bss").expect_err("missing");
    assert_eq!(err.to_string(), "no DATASEC named `.bss` in BTF");
}

#[test]
fn self_containing_struct_is_cyclic() {
    let mut b = B::new();
    // struct loop { struct loop inner; } (id 1 refers to itself by value)
    let n = b.s("loop");
    let inner = b.s("inner");
    let id = b.btf.add_type(BtfType::new_struct(
        n,
        4,
        vec![Member {
            name_off: inner,
            type_id: 1,
            offset: 0,
        }],
    ));
    assert_eq!(id, 1);
    let mut gen = TypeGen::new(&b.btf);
    let err = gen.request(id).expect_err("cycle");
    assert!(
        matches!(
            err,
            TypeGenError::Cyclic { id: 1, .. } | TypeGenError::Btf(_)
        ),
        "{err}"
    );
}

#[test]
fn typedef_cycles_and_deep_nesting_are_too_deep() {
    let mut b = B::new();
    let n = b.s("T");
    b.btf.add_type(BtfType::new_typedef(n, 2));
    b.btf.add_type(BtfType::new_const(1));
    let mut gen = TypeGen::new(&b.btf);
    assert!(
        matches!(gen.request(1), Err(TypeGenError::TooDeep { .. })),
        "typedef cycle"
    );

    // 40 nested structs: each wraps the previous one.
    let mut b = B::new();
    let mut id = b.u8();
    for i in 0..40 {
        id = b.strukt(&format!("s{i}"), 1, &[("x", id, 0, 0)]);
    }
    let mut gen = TypeGen::new(&b.btf);
    let err = gen.request(id).expect_err("too deep");
    assert!(
        matches!(err, TypeGenError::TooDeep { .. } | TypeGenError::Btf(_)),
        "{err}"
    );
    assert!(
        decl_names(&gen).is_empty(),
        "a failed request declares nothing"
    );
}

#[test]
fn unsupported_kinds() {
    let mut b = B::new();
    let n = b.s("opaque");
    let fwd = b.btf.add_type(BtfType::new_fwd(n, false));
    let holder = b.strukt("holder", 8, &[("o", fwd, 0, 0)]);
    let proto = b.btf.add_type(BtfType::new_func_proto(0, vec![]));
    let fname = b.s("f");
    let func = b.btf.add_type(BtfType::new_func(fname, proto, 1));
    let odd = b.int("odd", 3, 0);
    let u32_ = b.u32();
    let wide_bits = b.strukt("wide_bits", 4, &[("w", u32_, 0, 40)]);
    let mut gen = TypeGen::new(&b.btf);
    for id in [fwd, holder, proto, func, odd, wide_bits] {
        let err = gen.request(id).expect_err("unsupported");
        assert!(
            matches!(err, TypeGenError::Unsupported { .. } | TypeGenError::Btf(_)),
            "{id}: {err}"
        );
    }
    assert!(decl_names(&gen).is_empty());
}

#[test]
fn failed_request_rolls_back_partial_declarations() {
    let mut b = B::new();
    let u8_ = b.u8();
    let good = b.strukt("good", 1, &[("a", u8_, 0, 0)]);
    let n = b.s("opaque");
    let fwd = b.btf.add_type(BtfType::new_fwd(n, false));
    let bad = b.strukt("bad", 2, &[("g", good, 0, 0), ("o", fwd, 8, 0)]);
    let mut gen = TypeGen::new(&b.btf);
    gen.request(bad).expect_err("fwd by value");
    assert!(decl_names(&gen).is_empty(), "{:?}", decl_names(&gen));
    gen.request(good).expect("good alone");
    assert_eq!(decl_names(&gen), ["good"]);
}

#[test]
fn garbage_never_panics() {
    // Every id of a BTF full of dangling references, bad sizes and odd kinds.
    let mut b = B::new();
    let u32_ = b.u32();
    b.strukt("dangling", 4, &[("x", 999, 0, 0)]);
    b.strukt("tiny", 1, &[("x", u32_, 0, 0)]);
    b.strukt("misaligned", 8, &[("x", u32_, 4, 0), ("y", u32_, 3, 0)]);
    b.union("far", 4, &[("x", u32_, 8, 0)]);
    b.array(999, 2);
    b.array(u32_, u32::MAX);
    b.ptr(999);
    b.typedef("t", 999);
    b.enumeration("e3", 3, &[("A", 1)], false);
    let v = b.var("v", 999, 1);
    b.datasec(".data", 4, &[(v, 0, 4), (999, 0, 4)]);
    let n = b.s("x");
    b.btf.add_type(BtfType::new_decl_tag(n, 1, -1));
    let count = b.btf.type_count();
    let mut gen = TypeGen::new(&b.btf);
    for id in 0..count + 2 {
        let _ = gen.request(id);
        let _ = gen.request_with_hint(id, Some("h"));
    }
    let _ = gen.request_datasec(".data");
    let _ = gen.request_named("t");
    syn::parse2::<syn::File>(gen.emit_module()).expect("whatever was declared is valid Rust");
}

/// BTF the fuzzer (`fuzz/`, target `types`) once crashed the generator with.
#[test]
fn fuzz_regressions_do_not_panic() {
    let raw = include_bytes!("../../../tests/types_golden/fuzz/int_bitfield_overflow.btf");
    let btf = bpfgen_runtime::obj::btf::Btf::parse(raw).expect("the crashing input parses");
    let mut gen = TypeGen::new(&btf);
    for id in 1..btf.type_count() {
        let _ = gen.request(id);
    }
    let _ = gen.emit();
}
