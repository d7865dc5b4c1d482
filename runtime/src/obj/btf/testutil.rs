//! Helpers shared by the BTF unit tests.

use super::types::{BtfType, Member, Param};
use super::Btf;

/// Real clang-19 output for `testdata/sample.bpf.c` (little-endian).
pub(super) const SAMPLE_BTF: &[u8] = include_bytes!("testdata/sample.btf");
/// `.BTF.ext` matching [`SAMPLE_BTF`].
pub(super) const SAMPLE_EXT: &[u8] = include_bytes!("testdata/sample.btf.ext");
/// Big-endian (`--target=bpfeb`) build of the same source.
pub(super) const SAMPLE_BE_BTF: &[u8] = include_bytes!("testdata/sample_be.btf");
/// `.BTF.ext` matching [`SAMPLE_BE_BTF`].
pub(super) const SAMPLE_BE_EXT: &[u8] = include_bytes!("testdata/sample_be.btf.ext");

/// Parses [`SAMPLE_BTF`].
pub(super) fn sample() -> Btf {
    Btf::parse(SAMPLE_BTF).expect("sample.btf parses")
}

/// Ids of the types in [`small`].
pub(super) struct Ids {
    pub int: u32,
    pub uint: u32,
    pub chr: u32,
    pub ptr_const_char: u32,
    pub arr: u32,
    pub s: u32,
    pub td: u32,
    pub proto: u32,
    pub func: u32,
}

/// A small hand-built BTF:
/// `struct foo { int a; char name[16]; const char *p; }`, `typedef struct foo foo_t`,
/// `int f(foo_t *x, unsigned int y)`.
pub(super) fn small() -> (Btf, Ids) {
    let mut b = Btf::new_empty();
    let n = b.add_string("int");
    let int = b.add_type(BtfType::new_int(n, 4, 1 << 24 | 32));
    let n = b.add_string("unsigned int");
    let uint = b.add_type(BtfType::new_int(n, 4, 32));
    let n = b.add_string("char");
    let chr = b.add_type(BtfType::new_int(n, 1, 1 << 24 | 8));
    let cc = b.add_type(BtfType::new_const(chr));
    let ptr_const_char = b.add_type(BtfType::new_ptr(cc));
    let arr = b.add_type(BtfType::new_array(chr, uint, 16));
    let m = |b: &mut Btf, name: &str, type_id, offset| Member {
        name_off: b.add_string(name),
        type_id,
        offset,
    };
    let members = vec![
        m(&mut b, "a", int, 0),
        m(&mut b, "name", arr, 32),
        m(&mut b, "p", ptr_const_char, 192),
    ];
    let n = b.add_string("foo");
    let s = b.add_type(BtfType::new_struct(n, 32, members));
    let n = b.add_string("foo_t");
    let td = b.add_type(BtfType::new_typedef(n, s));
    let ptd = b.add_type(BtfType::new_ptr(td));
    let params = vec![
        Param {
            name_off: b.add_string("x"),
            type_id: ptd,
        },
        Param {
            name_off: b.add_string("y"),
            type_id: uint,
        },
    ];
    let proto = b.add_type(BtfType::new_func_proto(int, params));
    let n = b.add_string("f");
    let func = b.add_type(BtfType::new_func(n, proto, 1));
    let ids = Ids {
        int,
        uint,
        chr,
        ptr_const_char,
        arr,
        s,
        td,
        proto,
        func,
    };
    (b, ids)
}

/// A raw little-endian BTF blob from `types` (already encoded words) and
/// `strings`, with the standard header; `patch` may edit the header words
/// `[hdr_len, type_off, type_len, str_off, str_len]` first.
pub(super) fn raw(types: &[u32], strings: &[u8], patch: impl FnOnce(&mut [u32; 5])) -> Vec<u8> {
    let tl = u32::try_from(types.len() * 4).unwrap_or(0);
    let sl = u32::try_from(strings.len()).unwrap_or(0);
    let mut h = [24, 0, tl, tl, sl];
    patch(&mut h);
    let mut out = vec![0x9f, 0xeb, 1, 0];
    for w in h.iter().chain(types) {
        out.extend_from_slice(&w.to_le_bytes());
    }
    out.extend_from_slice(strings);
    out
}
