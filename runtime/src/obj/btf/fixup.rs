//! Filling in DATASEC sizes and variable offsets that the compiler leaves
//! as zero (libbpf `btf_fixup_datasec`).

use super::types::{BtfKind, VarSecInfo};
use super::{Btf, BtfError};

/// Sections whose layout libbpf computes itself; they are only sorted.
const EXTERN_SECS: [&str; 2] = [".kconfig", ".ksyms"];

impl Btf {
    /// Fixes every DATASEC, like libbpf's `btf_fixup_datasec`:
    ///
    /// * `.kconfig` / `.ksyms` are only sorted by offset.
    /// * A DATASEC of size 0 gets `section_size(name)`; a missing (or zero)
    ///   size is [`BtfError::NotFound`]. Only then are variable offsets
    ///   rewritten.
    /// * Each entry must be a VAR. Global VARs are looked up with
    ///   `symbol_offset(section, var)`; a missing symbol is
    ///   [`BtfError::NotFound`] naming both. Static and extern VARs are
    ///   skipped, as in libbpf (the compiler already emits their offsets).
    /// * Entries are then sorted by offset.
    pub fn fixup_datasecs(
        &mut self,
        section_size: &dyn Fn(&str) -> Option<u32>,
        symbol_offset: &dyn Fn(&str, &str) -> Option<u32>,
    ) -> Result<(), BtfError> {
        for id in 1..self.type_count() {
            let Some(t) = self.type_by_id(id) else {
                continue;
            };
            let BtfKind::Datasec(entries) = &t.kind else {
                continue;
            };
            let sec = self
                .str_at(t.name_off)
                .ok_or(BtfError::BadString { offset: t.name_off })?;
            let mut entries = entries.clone();
            let mut size = t.size();
            // A section that only declares externs (e.g. `.maps` of an object that uses
            // another object's map, for a linker) has no ELF section behind it.
            let only_externs = entries.iter().all(|e| {
                matches!(
                    self.type_by_id(e.type_id).map(|v| &v.kind),
                    Some(BtfKind::Var { linkage: 2 })
                )
            });
            let declared_only = only_externs && section_size(sec).is_none();
            if !EXTERN_SECS.contains(&sec) && !declared_only {
                let fix_offsets = size == 0;
                if fix_offsets {
                    size = section_size(sec)
                        .filter(|&s| s != 0)
                        .ok_or_else(|| BtfError::NotFound(format!("size of section '{sec}'")))?;
                }
                for (i, e) in entries.iter_mut().enumerate() {
                    self.fixup_entry(id, sec, i, e, fix_offsets, symbol_offset)?;
                }
            }
            entries.sort_by_key(|e| e.offset);
            if let Some(t) = self.type_by_id_mut(id) {
                t.size_or_type = size;
                t.kind = BtfKind::Datasec(entries);
            }
        }
        Ok(())
    }

    fn fixup_entry(
        &self,
        id: u32,
        sec: &str,
        idx: usize,
        e: &mut VarSecInfo,
        fix_offsets: bool,
        symbol_offset: &dyn Fn(&str, &str) -> Option<u32>,
    ) -> Result<(), BtfError> {
        let var = self.type_by_id(e.type_id);
        let Some(BtfKind::Var { linkage }) = var.map(|v| &v.kind) else {
            return Err(BtfError::invalid(
                id,
                format!(
                    "DATASEC '{sec}' entry #{idx} (type {}) is not a VAR",
                    e.type_id
                ),
            ));
        };
        // 0 = static, 2 = extern: nothing to look up.
        if *linkage != 1 {
            return Ok(());
        }
        let name = self.name_of(e.type_id);
        if name.is_empty() {
            return Err(BtfError::invalid(
                id,
                format!("DATASEC '{sec}' entry #{idx} has no name"),
            ));
        }
        let off = symbol_offset(sec, name)
            .ok_or_else(|| BtfError::NotFound(format!("symbol '{name}' in section '{sec}'")))?;
        if fix_offsets {
            e.offset = off;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::types::kind;
    use super::*;

    /// `.data` { static s @4, global g @0(unfixed) }, `.kconfig` { extern k @8, extern j @0 }.
    fn sample() -> (Btf, u32, u32) {
        let mut b = Btf::new_empty();
        let int = b.add_string("int");
        let int = b.add_type(BtfType::new_int(int, 4, 1 << 24 | 32));
        let n = b.add_string("g");
        let g = b.add_type(BtfType::new_var(n, int, 1));
        let n = b.add_string("s");
        let s = b.add_type(BtfType::new_var(n, int, 0));
        let n = b.add_string(".data");
        let entries = vec![
            VarSecInfo {
                type_id: s,
                offset: 4,
                size: 4,
            },
            VarSecInfo {
                type_id: g,
                offset: 0,
                size: 4,
            },
        ];
        let data = b.add_type(BtfType::new_datasec(n, 0, entries));
        let n = b.add_string("k");
        let k = b.add_type(BtfType::new_var(n, int, 2));
        let n = b.add_string("j");
        let j = b.add_type(BtfType::new_var(n, int, 2));
        let n = b.add_string(".kconfig");
        let entries = vec![
            VarSecInfo {
                type_id: k,
                offset: 8,
                size: 4,
            },
            VarSecInfo {
                type_id: j,
                offset: 0,
                size: 4,
            },
        ];
        let kc = b.add_type(BtfType::new_datasec(n, 12, entries));
        (b, data, kc)
    }

    use super::super::types::BtfType;

    fn entries(b: &Btf, id: u32) -> Vec<(String, u32)> {
        match b.type_by_id(id).map(|t| &t.kind) {
            Some(BtfKind::Datasec(v)) => v
                .iter()
                .map(|e| (b.name_of(e.type_id).to_string(), e.offset))
                .collect(),
            _ => vec![],
        }
    }

    #[test]
    fn fixes_sizes_offsets_and_sorts() {
        let (mut b, data, kc) = sample();
        let r = b.fixup_datasecs(&|s| (s == ".data").then_some(16), &|s, v| {
            (s == ".data" && v == "g").then_some(8)
        });
        assert!(r.is_ok(), "{r:?}");
        assert_eq!(b.type_by_id(data).map(|t| t.size()), Some(16));
        assert_eq!(entries(&b, data), [("s".into(), 4), ("g".into(), 8)]);
        assert_eq!(b.type_by_id(kc).map(|t| t.size()), Some(12));
        assert_eq!(entries(&b, kc), [("j".into(), 0), ("k".into(), 8)]);
        assert_eq!(
            b.type_by_id(data).map(|t| t.kind_num()),
            Some(kind::DATASEC)
        );
    }

    #[test]
    fn missing_section_or_symbol_is_error() {
        let (mut b, _, _) = sample();
        let e = b.fixup_datasecs(&|_| None, &|_, _| Some(0));
        assert!(
            matches!(&e, Err(BtfError::NotFound(m)) if m.contains(".data")),
            "{e:?}"
        );
        let e = b.fixup_datasecs(&|_| Some(16), &|_, _| None);
        assert!(
            matches!(&e, Err(BtfError::NotFound(m)) if m.contains("'g'") && m.contains(".data")),
            "{e:?}"
        );
    }

    #[test]
    fn non_var_entry_is_error() {
        let mut b = Btf::new_empty();
        let n = b.add_string("int");
        let int = b.add_type(BtfType::new_int(n, 4, 32));
        let n = b.add_string(".bss");
        let e = vec![VarSecInfo {
            type_id: int,
            offset: 0,
            size: 4,
        }];
        b.add_type(BtfType::new_datasec(n, 4, e));
        let r = b.fixup_datasecs(&|_| Some(4), &|_, _| Some(0));
        assert!(matches!(r, Err(BtfError::Invalid { .. })), "{r:?}");
    }

    #[test]
    fn real_object() {
        let mut b = Btf::parse(include_bytes!("testdata/sample.btf")).expect("parse");
        let r = b.fixup_datasecs(&|_| Some(64), &|_, v| match v {
            "global_counter" => Some(8),
            "big_var" => Some(16),
            _ => Some(0),
        });
        assert!(r.is_ok(), "{r:?}");
        let (id, _) = b.datasec_by_name(".data").expect(".data");
        let got = entries(&b, id);
        let want = [
            ("prog.local_static", 4),
            ("global_counter", 8),
            ("big_var", 16),
        ];
        let want: Vec<(String, u32)> = want.iter().map(|(n, o)| (n.to_string(), *o)).collect();
        assert_eq!(got, want);
        // Still serializes and parses.
        assert!(Btf::parse(&b.to_bytes()).is_ok());
    }
}
