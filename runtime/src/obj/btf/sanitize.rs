//! Rewriting BTF kinds an older kernel does not understand (libbpf
//! `bpf_object__sanitize_btf`).

use super::build::info_word;
use super::types::{kind, BtfKind, BtfType, Member};
use super::Btf;

/// Which BTF features the target kernel supports. Every `false` field makes
/// [`Btf::sanitize`] rewrite the corresponding kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BtfFeatures {
    /// `BTF_KIND_FLOAT` (5.13).
    pub float: bool,
    /// `BTF_KIND_DECL_TAG` (5.16).
    pub decl_tag: bool,
    /// `BTF_KIND_TYPE_TAG` (5.17).
    pub type_tag: bool,
    /// `BTF_KIND_ENUM64` and signed enums (6.0).
    pub enum64: bool,
    /// Global `FUNC` linkage (5.6).
    pub func_global: bool,
    /// `BTF_KIND_VAR` / `BTF_KIND_DATASEC` (5.2).
    pub datasec: bool,
    /// DATASEC names starting with `?` (6.7).
    pub qmark_datasec: bool,
}

impl BtfFeatures {
    /// Everything supported (any 6.7+ kernel): sanitizing is a no-op.
    pub fn all() -> BtfFeatures {
        BtfFeatures {
            float: true,
            decl_tag: true,
            type_tag: true,
            enum64: true,
            func_global: true,
            datasec: true,
            qmark_datasec: true,
        }
    }
}

impl Btf {
    /// Rewrites kinds the kernel lacks, in place, as libbpf does:
    /// VAR/DECL_TAG → 1-byte INT, DATASEC → STRUCT (name `.`/`?` → `_`),
    /// `?`-prefixed DATASEC name → `_`, global FUNC → static, FLOAT → empty
    /// anonymous STRUCT of the same size, TYPE_TAG → CONST, ENUM kind_flag
    /// cleared, ENUM64 → UNION of 1-byte INT placeholders. Renamed sections
    /// get fresh strings, so shared strings are never modified.
    pub fn sanitize(&mut self, feats: &BtfFeatures) {
        let mut enum64_placeholder = 0;
        for id in 1..self.type_count() {
            let Some(t) = self.type_by_id(id) else {
                continue;
            };
            let new = match &t.kind {
                // 1-byte INT, `BTF_INT_ENC(0, 0, 8)`.
                BtfKind::Var { .. } if !feats.datasec => Some(BtfType::new_int(t.name_off, 1, 8)),
                BtfKind::DeclTag { .. } if !feats.decl_tag => {
                    Some(BtfType::new_int(t.name_off, 1, 8))
                }
                BtfKind::Datasec(vs) if !feats.datasec => {
                    let members = vs
                        .iter()
                        .map(|v| Member {
                            name_off: self.type_by_id(v.type_id).map_or(0, |vt| vt.name_off),
                            type_id: v.type_id,
                            offset: v.offset.wrapping_mul(8),
                        })
                        .collect();
                    let name = self.name_of(id).replace(['.', '?'], "_");
                    let size = t.size();
                    let name_off = self.add_string(&name);
                    let mut st = BtfType::new_struct(name_off, size, members);
                    st.info = info_word(kind::STRUCT, st.vlen(), false);
                    Some(st)
                }
                BtfKind::Datasec(vs)
                    if !feats.qmark_datasec && self.name_of(id).starts_with('?') =>
                {
                    let name = self.name_of(id).replacen('?', "_", 1);
                    let mut t = BtfType::new_datasec(0, t.size(), vs.clone());
                    t.name_off = self.add_string(&name);
                    Some(t)
                }
                BtfKind::Func if !feats.func_global => {
                    Some(BtfType::new_func(t.name_off, t.type_id(), 0))
                }
                BtfKind::Float if !feats.float => Some(BtfType::new_struct(0, t.size(), vec![])),
                BtfKind::TypeTag if !feats.type_tag => Some(BtfType::new_const(t.type_id())),
                BtfKind::Enum(_) if !feats.enum64 && t.kind_flag() => {
                    let mut t = t.clone();
                    t.info = info_word(kind::ENUM, t.vlen(), false);
                    Some(t)
                }
                BtfKind::Enum64(es) if !feats.enum64 => {
                    let es = es.clone();
                    let size = t.size();
                    let name_off = t.name_off;
                    if enum64_placeholder == 0 {
                        let n = self.add_string("enum64_placeholder");
                        enum64_placeholder = self.add_type(BtfType::new_int(n, 1, 8));
                    }
                    let members = es
                        .iter()
                        .map(|e| Member {
                            name_off: e.name_off,
                            type_id: enum64_placeholder,
                            offset: 0,
                        })
                        .collect();
                    Some(BtfType::new_union(name_off, size, members))
                }
                _ => None,
            };
            if let (Some(new), Some(slot)) = (new, self.type_by_id_mut(id)) {
                *slot = new;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::sample;
    use super::super::types::VarSecInfo;
    use super::*;

    fn none() -> BtfFeatures {
        BtfFeatures {
            float: false,
            decl_tag: false,
            type_tag: false,
            enum64: false,
            func_global: false,
            datasec: false,
            qmark_datasec: false,
        }
    }

    fn kinds(b: &Btf) -> Vec<u32> {
        b.iter_types().map(|(_, t)| t.kind_num()).collect()
    }

    #[test]
    fn all_features_is_a_no_op() {
        let mut b = sample();
        let before = b.to_bytes();
        b.sanitize(&BtfFeatures::all());
        assert_eq!(b.to_bytes(), before);
    }

    #[test]
    fn strips_everything_for_old_kernels() {
        let mut b = sample();
        let n = b.type_count();
        b.sanitize(&none());
        let b = Btf::parse(&b.to_bytes()).expect("sanitized BTF parses");
        let ks = kinds(&b);
        for k in [
            kind::FLOAT,
            kind::DECL_TAG,
            kind::TYPE_TAG,
            kind::ENUM64,
            kind::VAR,
            kind::DATASEC,
        ] {
            assert!(!ks.contains(&k), "kind {k} left");
        }
        // One placeholder INT was appended for ENUM64.
        assert_eq!(b.type_count(), n + 1);
        assert_eq!(b.name_of(n), "enum64_placeholder");
        // Global FUNCs became static.
        let prog = b.find_by_name_kind("prog", kind::FUNC).expect("prog");
        assert_eq!(b.type_by_id(prog).map(BtfType::vlen), Some(0));
        // DATASEC -> STRUCT named after the section, members named after VARs.
        let data = b.find_by_name_kind("_data", kind::STRUCT).expect("_data");
        match b.type_by_id(data).map(|t| (&t.kind, t.kind_flag())) {
            Some((BtfKind::Struct(ms), false)) => {
                let names: Vec<&str> = ms
                    .iter()
                    .map(|m| b.str_at(m.name_off).unwrap_or("?"))
                    .collect();
                assert_eq!(names, ["global_counter", "prog.local_static", "big_var"]);
                assert_eq!(ms.get(1).map(|m| m.offset), Some(32));
            }
            other => panic!("unexpected {other:?}"),
        }
        // The original ".data" string is untouched (strings are never rewritten in place).
        assert!(b.strings().windows(7).any(|w| w == b"\0.data\0"));
        // FLOAT became an anonymous STRUCT.
        assert!(b.find_by_name_kind("float", kind::FLOAT).is_none());
        assert!(b.find_by_name_kind("float", kind::STRUCT).is_none());
        let e64 = b
            .find_by_name_kind("big64", kind::UNION)
            .expect("big64 union");
        assert_eq!(b.resolve_size(e64).ok(), Some(8));
        assert!(b
            .find_by_name_kind("color", kind::ENUM)
            .is_some_and(|id| { b.type_by_id(id).is_some_and(|t| !t.kind_flag()) }));
    }

    #[test]
    fn qmark_datasec_renamed_only() {
        let mut b = Btf::new_empty();
        let n = b.add_string("int");
        let int = b.add_type(BtfType::new_int(n, 4, 32));
        let n = b.add_string("v");
        let v = b.add_type(BtfType::new_var(n, int, 1));
        let n = b.add_string("?.data.x");
        let e = vec![VarSecInfo {
            type_id: v,
            offset: 0,
            size: 4,
        }];
        let ds = b.add_type(BtfType::new_datasec(n, 4, e.clone()));
        let feats = BtfFeatures {
            qmark_datasec: false,
            ..BtfFeatures::all()
        };
        b.sanitize(&feats);
        assert_eq!(b.name_of(ds), "_.data.x");
        assert_eq!(
            b.type_by_id(ds).map(|t| &t.kind),
            Some(&BtfKind::Datasec(e))
        );
        assert_eq!(b.str_at(n), Some("?.data.x"));
    }
}
