//! Parsing a raw `.BTF` blob into a [`Btf`].

use super::decode::parse_type;
use super::reader::{detect_endian, Reader};
use super::store::{LazyTypes, SharedBytes, Strings, Types};
use super::{Btf, BtfError};

/// Size of the standard BTF header (through `str_len`).
pub(super) const HEADER_LEN: u32 = 24;

/// The fields of the BTF header this crate uses.
#[derive(Debug, Clone, Copy)]
struct Header {
    hdr_len: u32,
    type_off: u32,
    type_len: u32,
    str_off: u32,
    str_len: u32,
}

impl Btf {
    /// Parses and validates a `.BTF` blob in either byte order.
    ///
    /// Validation follows libbpf's `btf__new` sanity checks: sections inside
    /// the blob, a NUL-delimited string table, known kinds only, every string
    /// offset and type id in range, FUNC pointing at a FUNC_PROTO.
    pub fn parse(data: &[u8]) -> Result<Btf, BtfError> {
        let (big_endian, types_bytes, strings) = sections(data)?;
        let mut types = vec![Btf::void_placeholder()];
        let mut r = Reader::new(types_bytes, 0, big_endian);
        while r.remaining() > 0 {
            let id = u32::try_from(types.len()).unwrap_or(u32::MAX);
            types.push(parse_type(&mut r, id)?);
        }
        let btf = Btf {
            types: Types::Decoded(types),
            strings: Strings::Owned(strings.to_vec()),
            big_endian,
        };
        btf.validate()?;
        Ok(btf)
    }

    /// Reads a `.BTF` blob in place, for large BTF of which little is used (the
    /// kernel's): the header, the string table's bounds and every type record's kind and
    /// length are checked now; each type is decoded, and checked as [`Btf::parse`]
    /// checks it, when first asked for (one that fails is never returned). Nothing is
    /// copied: types and strings stay in `data`.
    pub fn parse_shared(data: SharedBytes) -> Result<Btf, BtfError> {
        Btf::parse_shared_visiting(data, |_, _, _, _| {})
    }

    /// [`Btf::parse_shared`], calling `visit(strings, id, name_off, kind)` for every type
    /// as the records are indexed: one walk over the names comes with the parse (the
    /// kernel's BTF uses it for the first object's name lookups).
    pub fn parse_shared_visiting(
        data: SharedBytes,
        mut visit: impl FnMut(&[u8], u32, u32, u32),
    ) -> Result<Btf, BtfError> {
        let bytes = data.as_slice();
        let (big_endian, types_bytes, strings) = sections(bytes)?;
        let at = |s: &[u8]| s.as_ptr() as usize - bytes.as_ptr() as usize;
        let (t0, s0) = (at(types_bytes), at(strings));
        let types = LazyTypes::index(
            data.slice(t0, t0 + types_bytes.len()),
            big_endian,
            |id, name_off, kind| visit(strings, id, name_off, kind),
        )?;
        Ok(Btf {
            types: Types::Lazy(std::sync::Arc::new(types)),
            strings: Strings::Shared(data.slice(s0, s0 + strings.len())),
            big_endian,
        })
    }
}

/// The byte order, type section and string table of a `.BTF` blob, with the header and
/// the string table's NUL bounds checked.
fn sections(data: &[u8]) -> Result<(bool, &[u8], &[u8]), BtfError> {
    let big_endian = detect_endian(data)?;
    let hdr = parse_header(data, big_endian)?;
    let (types, strings) = split_sections(data, &hdr)?;
    if strings.first() != Some(&0) || strings.last() != Some(&0) {
        return Err(BtfError::BadHeader(
            "string table must be non-empty and start and end with NUL".into(),
        ));
    }
    Ok((big_endian, types, strings))
}

/// Reads and checks the header.
fn parse_header(data: &[u8], big_endian: bool) -> Result<Header, BtfError> {
    let mut r = Reader::new(data, 0, big_endian);
    r.skip(2, "BTF magic")?;
    let version = r.u8("BTF version")?;
    let _flags = r.u8("BTF flags")?;
    let hdr_len = r.u32("BTF hdr_len")?;
    let hdr = Header {
        hdr_len,
        type_off: r.u32("BTF type_off")?,
        type_len: r.u32("BTF type_len")?,
        str_off: r.u32("BTF str_off")?,
        str_len: r.u32("BTF str_len")?,
    };
    if version != 1 {
        return Err(BtfError::BadHeader(format!(
            "unsupported version {version}"
        )));
    }
    if hdr_len < HEADER_LEN {
        return Err(BtfError::BadHeader(format!(
            "hdr_len {hdr_len} < {HEADER_LEN}"
        )));
    }
    if u64::from(hdr_len) > data.len() as u64 {
        return Err(BtfError::BadHeader(format!(
            "hdr_len {hdr_len} larger than data size {}",
            data.len()
        )));
    }
    if hdr.type_off % 4 != 0 {
        return Err(BtfError::BadHeader(format!(
            "type section offset {} not 4-byte aligned",
            hdr.type_off
        )));
    }
    Ok(hdr)
}

/// Returns the type and string sections, checking they lie inside `data`
/// and that types come before strings.
fn split_sections<'a>(data: &'a [u8], h: &Header) -> Result<(&'a [u8], &'a [u8]), BtfError> {
    let base = u64::from(h.hdr_len);
    let type_end = u64::from(h.type_off) + u64::from(h.type_len);
    let str_end = u64::from(h.str_off) + u64::from(h.str_len);
    if base + str_end > data.len() as u64 || base + type_end > data.len() as u64 {
        return Err(BtfError::BadHeader(format!(
            "sections (types {}+{}, strings {}+{}) exceed data size {}",
            h.type_off,
            h.type_len,
            h.str_off,
            h.str_len,
            data.len()
        )));
    }
    if type_end > u64::from(h.str_off) {
        return Err(BtfError::BadHeader(format!(
            "type data {}+{} overlaps strings at {}",
            h.type_off, h.type_len, h.str_off
        )));
    }
    let slice = |off: u64, end: u64| {
        let s = usize::try_from(base + off).ok()?;
        let e = usize::try_from(base + end).ok()?;
        data.get(s..e)
    };
    let bad = || BtfError::BadHeader("section bounds".into());
    let types = slice(u64::from(h.type_off), type_end).ok_or_else(bad)?;
    let strings = slice(u64::from(h.str_off), str_end).ok_or_else(bad)?;
    Ok((types, strings))
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{raw, sample, small, SAMPLE_BE_BTF, SAMPLE_BTF};
    use super::super::types::{kind, BtfKind};
    use super::*;

    const INT: u32 = kind::INT << 24;
    const FUNC: u32 = kind::FUNC << 24;
    const TYPEDEF: u32 = kind::TYPEDEF << 24;
    /// `\0int\0`
    const STRS: &[u8] = b"\0int\0";

    fn err(data: &[u8]) -> BtfError {
        match Btf::parse(data) {
            Ok(b) => panic!("accepted: {b:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn parses_clang_output() {
        let b = sample();
        assert!(!b.is_big_endian());
        assert_eq!(b.type_count(), 56);
        assert_eq!(b.name_of(1), "int");
        assert!(
            matches!(b.type_by_id(44).map(|t| &t.kind), Some(BtfKind::Enum64(v))
            if v.get(1).map(|e| e.value) == Some(0x1_2345_6789))
        );
        assert!(matches!(
            b.type_by_id(29).map(|t| &t.kind),
            Some(BtfKind::DeclTag { component_idx: -1 })
        ));
        let f = b.type_by_id(5).map(|t| (t.kind_flag(), t.vlen()));
        assert_eq!(f, Some((true, 7)));
    }

    #[test]
    fn big_endian_parses_to_the_same_model() {
        let be = Btf::parse(SAMPLE_BE_BTF).expect("be");
        let le = sample();
        assert!(be.is_big_endian());
        assert_eq!(model(&be), model(&le));
    }

    #[test]
    fn round_trips_exactly() {
        let b = sample();
        assert_eq!(b.to_bytes(), SAMPLE_BTF);
        let again = Btf::parse(&b.to_bytes()).expect("reparse");
        assert_eq!(model(&again), model(&b));
        let (s, _) = small();
        let again = Btf::parse(&s.to_bytes()).expect("small reparses");
        assert_eq!(model(&again), model(&s));
    }

    /// Every type and the string table, for comparing two `Btf`s.
    fn model(b: &Btf) -> (Vec<(u32, crate::obj::btf::BtfType)>, Vec<u8>) {
        let types = b.iter_types().map(|(id, t)| (id, t.clone())).collect();
        (types, b.strings().to_vec())
    }

    fn shared(bytes: &[u8]) -> Result<Btf, BtfError> {
        Btf::parse_shared(SharedBytes::new(std::sync::Arc::new(bytes.to_vec())))
    }

    /// Reading in place gives the same types, strings and names as a full parse, in both
    /// byte orders and on the running kernel's BTF; it changes like a parsed BTF.
    #[test]
    fn shared_reads_the_same_model_lazily() {
        for bytes in [SAMPLE_BTF, SAMPLE_BE_BTF] {
            let full = Btf::parse(bytes).expect("parse");
            let lazy = shared(bytes).expect("parse_shared");
            assert_eq!(model(&lazy), model(&full));
            assert_eq!(lazy.type_count(), full.type_count());
            for id in 0..=full.type_count() {
                assert_eq!(lazy.name_and_kind(id), full.name_and_kind(id), "type {id}");
            }
            assert_eq!(lazy.to_bytes(), full.to_bytes());
        }
        if let Ok(vmlinux) = std::fs::read("/sys/kernel/btf/vmlinux") {
            let full = Btf::parse(&vmlinux).expect("vmlinux parses");
            let lazy = shared(&vmlinux).expect("vmlinux reads in place");
            assert_eq!(lazy.type_count(), full.type_count());
            for id in (1..full.type_count()).step_by(97).chain(1..200) {
                assert_eq!(lazy.type_by_id(id), full.type_by_id(id), "type {id}");
            }
        }
        let mut lazy = shared(SAMPLE_BTF).expect("parse_shared");
        let before = lazy.type_count();
        let name = lazy.add_string("added_by_test");
        let id = lazy.add_type(crate::obj::btf::BtfType::new_int(name, 4, 0));
        assert_eq!((id, lazy.type_count()), (before, before + 1));
        assert_eq!(lazy.name_of(id), "added_by_test");
    }

    /// A type that fails the reference checks is never handed out; the others are.
    #[test]
    fn shared_checks_each_type_on_first_use() {
        // A PTR to type 9 (out of range), then a valid INT.
        let d = raw(
            &[0, kind::PTR << 24, 9, 1, kind::INT << 24, 4, 32],
            b"\0int\0",
            |_| {},
        );
        assert!(Btf::parse(&d).is_err(), "a full parse refuses it");
        let lazy = shared(&d).expect("the syntax is fine");
        assert_eq!(lazy.type_by_id(1), None, "the bad PTR");
        assert_eq!(lazy.name_of(2), "int");
        assert!(
            shared(&raw(&[0, 31 << 24, 0], b"\0", |_| {})).is_err(),
            "unknown kind"
        );
        assert!(
            shared(&raw(&[0, kind::STRUCT << 24 | 3, 4], b"\0", |_| {})).is_err(),
            "members past the end"
        );
    }

    #[test]
    fn accepts_minimal_and_longer_headers() {
        let b = Btf::parse(&raw(&[], b"\0", |_| {})).expect("empty");
        assert_eq!(b.type_count(), 1);
        // 32-byte header with extra (ignored) fields.
        let mut d = raw(&[], b"", |h| {
            h[0] = 32;
            h[4] = 1;
        });
        d.extend_from_slice(&[0xaa; 8]);
        d.push(0);
        let b = Btf::parse(&d);
        assert!(b.is_ok(), "{b:?}");
    }

    #[test]
    fn rejects_bad_headers() {
        let good = raw(&[1, INT, 4, 32], STRS, |_| {});
        assert!(Btf::parse(&good).is_ok());
        assert!(matches!(err(&good[..10]), BtfError::Truncated { .. }));
        assert!(matches!(err(&[]), BtfError::Truncated { .. }));
        let mut d = good.clone();
        d[0] = 0;
        assert!(matches!(err(&d), BtfError::BadMagic(_)));
        let mut d = good.clone();
        d[2] = 2;
        assert!(matches!(err(&d), BtfError::BadHeader(_)));
        let hdr = |f: fn(&mut [u32; 5])| err(&raw(&[1, INT, 4, 32], STRS, f));
        assert!(matches!(hdr(|h| h[0] = 16), BtfError::BadHeader(_)));
        assert!(matches!(hdr(|h| h[0] = 1 << 20), BtfError::BadHeader(_)));
        assert!(matches!(hdr(|h| h[4] = u32::MAX), BtfError::BadHeader(_)));
        assert!(matches!(hdr(|h| h[3] = u32::MAX), BtfError::BadHeader(_)));
        assert!(matches!(hdr(|h| h[2] = u32::MAX), BtfError::BadHeader(_)));
        assert!(matches!(hdr(|h| h[1] = 2), BtfError::BadHeader(_)));
        assert!(matches!(hdr(|h| h[3] = 8), BtfError::BadHeader(_))); // overlap
        assert!(matches!(hdr(|h| h[4] = 0), BtfError::BadHeader(_))); // no strings
    }

    #[test]
    fn rejects_bad_string_tables() {
        assert!(matches!(
            err(&raw(&[], b"int\0", |_| {})),
            BtfError::BadHeader(_)
        ));
        assert!(matches!(
            err(&raw(&[], b"\0int", |_| {})),
            BtfError::BadHeader(_)
        ));
        assert!(matches!(
            err(&raw(&[5, INT, 4, 32], STRS, |_| {})),
            BtfError::BadString { offset: 5 }
        ));
        // Member name out of range.
        let st = [0, kind::STRUCT << 24 | 1, 4, 99, 0, 0];
        assert!(matches!(
            err(&raw(&st, STRS, |_| {})),
            BtfError::BadString { offset: 99 }
        ));
    }

    #[test]
    fn rejects_bad_types() {
        let e = err(&raw(&[0, TYPEDEF, 2], STRS, |_| {}));
        assert!(
            matches!(
                e,
                BtfError::BadTypeId {
                    id: 2,
                    referenced_from: 1
                }
            ),
            "{e}"
        );
        let e = err(&raw(&[1, INT, 4, 32, 1, FUNC, 1], STRS, |_| {}));
        assert!(matches!(e, BtfError::Invalid { id: 2, .. }), "{e}");
        let e = err(&raw(&[1, FUNC, 0], STRS, |_| {}));
        assert!(matches!(e, BtfError::Invalid { id: 1, .. }), "{e}");
        let e = err(&raw(&[0, 20 << 24, 0], STRS, |_| {}));
        assert!(
            matches!(e, BtfError::UnknownKind { id: 1, kind: 20 }),
            "{e}"
        );
        let e = err(&raw(&[0, 0, 0], STRS, |_| {}));
        assert!(matches!(e, BtfError::UnknownKind { id: 1, kind: 0 }), "{e}");
        let var = [1, INT, 4, 32, 1, kind::VAR << 24, 1, 3];
        assert!(matches!(
            err(&raw(&var, STRS, |_| {})),
            BtfError::Invalid { id: 2, .. }
        ));
        let ds = [1, kind::DATASEC << 24 | 1, 0, 0, 0, 0];
        assert!(matches!(
            err(&raw(&ds, STRS, |_| {})),
            BtfError::Invalid { id: 1, .. }
        ));
    }

    #[test]
    fn rejects_truncated_types_without_allocating() {
        // vlen 0xffff members announced, none present.
        let e = err(&raw(&[0, kind::STRUCT << 24 | 0xffff, 4], STRS, |_| {}));
        assert!(
            matches!(e, BtfError::Truncated { need: 786_420, .. }),
            "{e}"
        );
        // Partial record at the end.
        let e = err(&raw(&[1, INT, 4, 32, 0, TYPEDEF], STRS, |_| {}));
        assert!(matches!(e, BtfError::Truncated { .. }), "{e}");
        let e = err(&raw(&[1, INT, 4], STRS, |_| {}));
        assert!(matches!(e, BtfError::Truncated { .. }), "{e}");
    }

    #[test]
    fn never_panics_on_prefixes_or_mutations() {
        for n in 0..SAMPLE_BTF.len() {
            let _ = Btf::parse(&SAMPLE_BTF[..n]);
        }
        for i in 0..SAMPLE_BTF.len() {
            for v in [0u8, 1, 0x7f, 0xff] {
                let mut d = SAMPLE_BTF.to_vec();
                d[i] = v;
                if let Ok(b) = Btf::parse(&d) {
                    for id in 0..b.type_count() + 1 {
                        let _ = b.resolve_size(id);
                        let _ = b.align_of(id);
                        let _ = b.skip_mods_and_typedefs(id);
                        let _ = b.type_name(id);
                    }
                    let mut b = b;
                    let _ = b.fixup_datasecs(&|_| Some(8), &|_, _| Some(0));
                    b.sanitize(&super::super::BtfFeatures {
                        float: false,
                        decl_tag: false,
                        type_tag: false,
                        enum64: false,
                        func_global: false,
                        datasec: false,
                        qmark_datasec: false,
                    });
                    let _ = Btf::parse(&b.to_bytes());
                }
            }
        }
    }
}
