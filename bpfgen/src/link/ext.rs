//! Merging `.BTF.ext`: each input's func info, line info and CO-RE records move with
//! their section (instruction offsets shifted by where the section landed), with type
//! ids and strings renumbered into the output BTF; then serialized.

use bpfgen_runtime::obj::btf::{Btf, BtfExt, CoreRelo, ExtSection, FuncInfo, LineInfo};

use super::strings::StringTable;

/// `.BTF.ext` header length with the CO-RE block.
const HDR_LEN: u32 = 32;

/// Adds input `ext` (of `btf`, whose ids map through `ids`) to `out`; `shift(section)` is
/// where that input's section landed in the output section of the same name.
pub(super) fn merge_into(
    out: &mut Vec<ExtSection>,
    ext: &BtfExt,
    btf: &Btf,
    ids: &[u32],
    strings: &mut StringTable,
    shift: impl Fn(&str) -> Option<u64>,
) {
    let id = |t: u32| ids.get(t as usize).copied().unwrap_or(0);
    let mut text = |off: u32| strings.add(btf.str_at(off).unwrap_or(""));
    for sec in &ext.sections {
        let Some(shift) = shift(&sec.name) else {
            continue;
        };
        let shift = shift as u32;
        let pos = match out.iter().position(|s| s.name == sec.name) {
            Some(p) => p,
            None => {
                out.push(ExtSection {
                    name: sec.name.clone(),
                    ..ExtSection::default()
                });
                out.len() - 1
            }
        };
        let dst = &mut out[pos];
        dst.func_info.extend(sec.func_info.iter().map(|f| FuncInfo {
            insn_off: f.insn_off + shift,
            type_id: id(f.type_id),
        }));
        for l in &sec.line_info {
            dst.line_info.push(LineInfo {
                insn_off: l.insn_off + shift,
                file_name_off: text(l.file_name_off),
                line_off: text(l.line_off),
                line_col: l.line_col,
            });
        }
        for c in &sec.core_relos {
            dst.core_relos.push(CoreRelo {
                insn_off: c.insn_off + shift,
                type_id: id(c.type_id),
                access_str_off: text(c.access_str_off),
                kind: c.kind,
            });
        }
    }
}

/// Serializes `sections` as `.BTF.ext` (host byte order); section names go into
/// `strings`, the output BTF's string table.
pub(super) fn serialize(sections: &[ExtSection], strings: &mut StringTable) -> Vec<u8> {
    // One info block: the record size, then per section with records its name, count
    // and records (the first `rec_size / 4` words of each).
    let mut block = |rec_size: u32, records: &dyn Fn(&ExtSection) -> Vec<[u32; 4]>| {
        let mut out = Vec::new();
        let used: Vec<(&ExtSection, Vec<[u32; 4]>)> = sections
            .iter()
            .map(|s| (s, records(s)))
            .filter(|(_, recs)| !recs.is_empty())
            .collect();
        if used.is_empty() {
            return out;
        }
        out.extend(rec_size.to_ne_bytes());
        for (s, recs) in used {
            out.extend(strings.add(&s.name).to_ne_bytes());
            out.extend((recs.len() as u32).to_ne_bytes());
            for r in recs {
                for w in &r[..rec_size as usize / 4] {
                    out.extend(w.to_ne_bytes());
                }
            }
        }
        out
    };
    let func = block(8, &|s| {
        s.func_info
            .iter()
            .map(|f| [f.insn_off, f.type_id, 0, 0])
            .collect()
    });
    let line = block(16, &|s| {
        s.line_info
            .iter()
            .map(|l| [l.insn_off, l.file_name_off, l.line_off, l.line_col])
            .collect()
    });
    let core = block(16, &|s| {
        s.core_relos
            .iter()
            .map(|c| [c.insn_off, c.type_id, c.access_str_off, c.kind])
            .collect()
    });
    let mut out = Vec::new();
    out.extend(0xeb9f_u16.to_ne_bytes());
    out.push(1); // version
    out.push(0); // flags
    let (fl, ll, cl) = (func.len() as u32, line.len() as u32, core.len() as u32);
    for w in [HDR_LEN, 0, fl, fl, ll, fl + ll, cl] {
        out.extend(w.to_ne_bytes());
    }
    out.extend(func);
    out.extend(line);
    out.extend(core);
    out
}
