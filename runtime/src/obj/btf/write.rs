//! Growing a [`Btf`] (strings, types) and serializing it back to bytes.

use super::build::{kind_of, payload_len, vlen_of};
use super::parse::HEADER_LEN;
use super::types::{BtfKind, BtfType};
use super::Btf;

/// The BTF magic number.
const BTF_MAGIC: u16 = 0xeb9f;

impl Btf {
    /// Adds `s` to the string table (reusing an existing identical string or
    /// string suffix) and returns its offset. `""` is offset 0. Anything from
    /// the first NUL byte in `s` on is ignored.
    pub fn add_string(&mut self, s: &str) -> u32 {
        let s = s.as_bytes();
        let s = s.split(|&b| b == 0).next().unwrap_or_default();
        if s.is_empty() {
            return 0;
        }
        if let Some(off) = self.find_string(s) {
            return off;
        }
        let strings = self.strings.to_mut();
        let off = u32::try_from(strings.len()).unwrap_or(u32::MAX);
        strings.extend_from_slice(s);
        strings.push(0);
        off
    }

    /// Offset of an existing NUL-terminated occurrence of `s`.
    fn find_string(&self, s: &[u8]) -> Option<u32> {
        let n = s.len();
        self.strings
            .as_slice()
            .windows(n + 1)
            .position(|w| w.get(..n) == Some(s) && w.get(n) == Some(&0))
            .and_then(|p| u32::try_from(p).ok())
    }

    /// Appends a type and returns its new id. The type is stored as given;
    /// use the `BtfType::new_*` constructors to get a consistent `info` word.
    pub fn add_type(&mut self, t: BtfType) -> u32 {
        let id = self.type_count();
        self.types_mut().push(t);
        id
    }

    /// Serializes to a `.BTF` blob in the host's native byte order with the
    /// standard 24-byte header, types first then strings.
    ///
    /// The kind bits of each `info` word are taken from the payload variant
    /// and `vlen` from the payload length (at most 65535 records are written),
    /// so the output always parses back.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut types = Vec::new();
        for (_, t) in self.iter_types() {
            write_type(&mut types, t);
        }
        let strings = self.strings.as_slice();
        let type_len = u32::try_from(types.len()).unwrap_or(u32::MAX);
        let str_len = u32::try_from(strings.len()).unwrap_or(u32::MAX);
        let mut out = Vec::with_capacity(
            24usize
                .saturating_add(types.len())
                .saturating_add(strings.len()),
        );
        out.extend_from_slice(&BTF_MAGIC.to_ne_bytes());
        out.push(1); // version
        out.push(0); // flags
        for w in [HEADER_LEN, 0, type_len, type_len, str_len] {
            out.extend_from_slice(&w.to_ne_bytes());
        }
        out.extend_from_slice(&types);
        out.extend_from_slice(strings);
        out
    }
}

fn put(out: &mut Vec<u8>, words: &[u32]) {
    for w in words {
        out.extend_from_slice(&w.to_ne_bytes());
    }
}

/// Appends one type record; `vlen` and kind bits are derived from the payload.
fn write_type(out: &mut Vec<u8>, t: &BtfType) {
    let mut info = (t.info & !(0x1f << 24)) | (kind_of(&t.kind) << 24);
    let mut count = usize::MAX;
    if let Some(n) = payload_len(&t.kind) {
        let vlen = vlen_of(n);
        info = (info & !0xffff) | vlen;
        count = vlen as usize;
    }
    put(out, &[t.name_off, info, t.size_or_type]);
    match &t.kind {
        BtfKind::Int { encoding } => put(out, &[*encoding]),
        BtfKind::Array {
            elem_type,
            index_type,
            nelems,
        } => put(out, &[*elem_type, *index_type, *nelems]),
        BtfKind::Struct(ms) | BtfKind::Union(ms) => {
            for m in ms.iter().take(count) {
                put(out, &[m.name_off, m.type_id, m.offset]);
            }
        }
        BtfKind::Enum(es) => {
            for e in es.iter().take(count) {
                put(out, &[e.name_off, e.value as u32]);
            }
        }
        BtfKind::Enum64(es) => {
            for e in es.iter().take(count) {
                put(out, &[e.name_off, e.value as u32, (e.value >> 32) as u32]);
            }
        }
        BtfKind::FuncProto(ps) => {
            for p in ps.iter().take(count) {
                put(out, &[p.name_off, p.type_id]);
            }
        }
        BtfKind::Var { linkage } => put(out, &[*linkage]),
        BtfKind::Datasec(vs) => {
            for v in vs.iter().take(count) {
                put(out, &[v.type_id, v.offset, v.size]);
            }
        }
        BtfKind::DeclTag { component_idx } => put(out, &[*component_idx as u32]),
        BtfKind::Ptr
        | BtfKind::Fwd
        | BtfKind::Typedef
        | BtfKind::Volatile
        | BtfKind::Const
        | BtfKind::Restrict
        | BtfKind::Func
        | BtfKind::Float
        | BtfKind::TypeTag => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{small, SAMPLE_BTF};
    use super::super::types::{kind, Member};
    use super::*;

    #[test]
    fn strings_are_deduplicated() {
        let mut b = Btf::new_empty();
        assert_eq!(b.add_string(""), 0);
        let foo = b.add_string("foobar");
        assert_eq!(foo, 1);
        assert_eq!(b.add_string("foobar"), foo);
        assert_eq!(b.add_string("bar"), foo + 3); // suffix reuse
        assert_eq!(b.add_string("foo"), 8);
        assert_eq!(b.add_string("foo\0ignored"), 8);
        assert_eq!(b.add_string("\0x"), 0);
        assert_eq!(b.strings(), b"\0foobar\0foo\0");
        assert_eq!(b.str_at(foo + 3), Some("bar"));
    }

    #[test]
    fn types_get_sequential_ids() {
        let mut b = Btf::new_empty();
        assert_eq!(b.add_type(BtfType::new_int(0, 4, 32)), 1);
        assert_eq!(b.add_type(BtfType::new_ptr(1)), 2);
        assert_eq!(b.type_count(), 3);
    }

    #[test]
    fn header_layout() {
        let (b, _) = small();
        let d = b.to_bytes();
        let word = |i: usize| {
            d.get(i..i + 4)
                .map(|w| u32::from_ne_bytes([w[0], w[1], w[2], w[3]]))
        };
        assert_eq!(d.get(..4), Some(&[0x9f, 0xeb, 1, 0][..]));
        assert_eq!(word(4), Some(24));
        assert_eq!(word(8), Some(0));
        let type_len = word(12).unwrap_or(0);
        assert_eq!(word(16), Some(type_len));
        assert_eq!(word(20), Some(b.strings().len() as u32));
        assert_eq!(d.len(), 24 + type_len as usize + b.strings().len());
    }

    #[test]
    fn inconsistent_info_words_are_repaired() {
        let mut b = Btf::new_empty();
        let int = b.add_type(BtfType::new_int(0, 4, 32));
        let mut s = BtfType::new_struct(0, 4, vec![]);
        if let BtfKind::Struct(ms) = &mut s.kind {
            ms.push(Member {
                name_off: 0,
                type_id: int,
                offset: 0,
            });
        }
        s.info = kind::UNION << 24 | 7; // wrong kind, wrong vlen
        let id = b.add_type(s);
        let back = Btf::parse(&b.to_bytes()).expect("reparses");
        let t = back.type_by_id(id).expect("type");
        assert_eq!((t.kind_num(), t.vlen()), (kind::STRUCT, 1));
    }

    #[test]
    fn clang_output_round_trips() {
        let b = Btf::parse(SAMPLE_BTF).expect("parse");
        assert_eq!(b.to_bytes(), SAMPLE_BTF);
    }
}
