//! Parsing `.BTF.ext`: per-section func info, line info and CO-RE relocations.

use super::ext_block::{Block, Ctx, Sections};
use super::reader::{detect_endian, Reader};
use super::{Btf, BtfError};

/// Minimum record sizes (`bpf_func_info`, `bpf_line_info`, `bpf_core_relo`).
const MIN_FUNC_INFO: u32 = 8;
const MIN_LINE_INFO: u32 = 16;
const MIN_CORE_RELO: u32 = 16;
/// Header length up to and including `line_info_len`.
const HDR_LEN_BASE: u32 = 24;
/// Header length up to and including `core_relo_len`.
const HDR_LEN_CORE: u32 = 32;

/// One `bpf_func_info` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuncInfo {
    /// Instruction offset in BYTES from the start of the ELF section, as stored.
    pub insn_off: u32,
    /// FUNC type id.
    pub type_id: u32,
}

/// One `bpf_line_info` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineInfo {
    /// Instruction offset in BYTES from the start of the ELF section, as stored.
    pub insn_off: u32,
    /// String offset of the file name.
    pub file_name_off: u32,
    /// String offset of the source line text.
    pub line_off: u32,
    /// `line << 10 | column`.
    pub line_col: u32,
}

impl LineInfo {
    /// Source line number.
    pub fn line(&self) -> u32 {
        self.line_col >> 10
    }
    /// Source column number.
    pub fn col(&self) -> u32 {
        self.line_col & 0x3ff
    }
}

/// One `bpf_core_relo` record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoreRelo {
    /// Instruction offset in BYTES from the start of the ELF section, as stored.
    pub insn_off: u32,
    /// Root type id.
    pub type_id: u32,
    /// String offset of the access spec (e.g. `"0:1:2"`).
    pub access_str_off: u32,
    /// `enum bpf_core_relo_kind` value.
    pub kind: u32,
}

/// All records that belong to one ELF section.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExtSection {
    /// ELF section name (e.g. `"xdp"`, `".text"`).
    pub name: String,
    /// Func info records, by instruction offset (file order among equals).
    pub func_info: Vec<FuncInfo>,
    /// Line info records, by instruction offset (file order among equals).
    pub line_info: Vec<LineInfo>,
    /// CO-RE relocation records, by instruction offset (file order among equals).
    pub core_relos: Vec<CoreRelo>,
}

/// A parsed `.BTF.ext` blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BtfExt {
    /// Record size of the func info block (0 if the block is absent).
    pub func_info_rec_size: u32,
    /// Record size of the line info block (0 if the block is absent).
    pub line_info_rec_size: u32,
    /// Record size of the CO-RE block (0 if absent or the header predates it).
    pub core_relo_rec_size: u32,
    /// Sections in order of first appearance.
    pub sections: Vec<ExtSection>,
}

impl BtfExt {
    /// Parses a `.BTF.ext` blob; section names and the byte order come from
    /// `btf`. Records longer than the known layout are read by prefix.
    pub fn parse(data: &[u8], btf: &Btf) -> Result<BtfExt, BtfError> {
        let be = detect_endian(data)?;
        if be != btf.is_big_endian() {
            return Err(BtfError::Ext("byte order differs from .BTF".into()));
        }
        let mut r = Reader::new(data, 2, be);
        let version = r.u8("BTF.ext version")?;
        let flags = r.u8("BTF.ext flags")?;
        let hdr_len = r.u32("BTF.ext hdr_len")?;
        if version != 1 {
            return Err(BtfError::Ext(format!("unsupported version {version}")));
        }
        if flags != 0 {
            return Err(BtfError::Ext(format!("unsupported flags {flags:#x}")));
        }
        if u64::from(hdr_len) >= data.len() as u64 {
            return Err(BtfError::Ext(format!(
                "hdr_len {hdr_len} leaves no data (size {})",
                data.len()
            )));
        }
        if hdr_len < HDR_LEN_BASE {
            return Err(BtfError::Ext(format!(
                "hdr_len {hdr_len} lacks func_info/line_info"
            )));
        }
        let mut block = |min_rec, desc| -> Result<Block, BtfError> {
            let off = r.u32("BTF.ext info offset")?;
            let len = r.u32("BTF.ext info length")?;
            Ok(Block {
                off,
                len,
                min_rec,
                desc,
            })
        };
        let func = block(MIN_FUNC_INFO, "func_info")?;
        let line = block(MIN_LINE_INFO, "line_info")?;
        let core = if hdr_len >= HDR_LEN_CORE {
            Some(block(MIN_CORE_RELO, "core_relo")?)
        } else {
            None
        };
        let ctx = Ctx {
            data,
            be,
            hdr_len,
            btf,
        };
        let mut secs = Sections::new(data.len().saturating_add(btf.strings().len()));
        let func_info_rec_size = ctx.block(&func, &mut |r, name| {
            let rec = FuncInfo {
                insn_off: r.u32("func_info")?,
                type_id: r.u32("func_info")?,
            };
            secs.get(name)?.func_info.push(rec);
            Ok(())
        })?;
        let line_info_rec_size = ctx.block(&line, &mut |r, name| {
            let rec = LineInfo {
                insn_off: r.u32("line_info")?,
                file_name_off: r.u32("line_info")?,
                line_off: r.u32("line_info")?,
                line_col: r.u32("line_info")?,
            };
            secs.get(name)?.line_info.push(rec);
            Ok(())
        })?;
        let core_relo_rec_size = match core {
            None => 0,
            Some(core) => ctx.block(&core, &mut |r, name| {
                let rec = CoreRelo {
                    insn_off: r.u32("core_relo")?,
                    type_id: r.u32("core_relo")?,
                    access_str_off: r.u32("core_relo")?,
                    kind: r.u32("core_relo")?,
                };
                secs.get(name)?.core_relos.push(rec);
                Ok(())
            })?,
        };
        Ok(BtfExt {
            func_info_rec_size,
            line_info_rec_size,
            core_relo_rec_size,
            sections: secs.finish(),
        })
    }

    /// The records for ELF section `name`, if any.
    pub fn section(&self, name: &str) -> Option<&ExtSection> {
        self.sections.iter().find(|s| s.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{sample, SAMPLE_BE_BTF, SAMPLE_BE_EXT, SAMPLE_EXT};
    use super::*;

    #[test]
    fn parses_clang_output() {
        let b = sample();
        let e = BtfExt::parse(SAMPLE_EXT, &b).expect("ext parses");
        assert_eq!(
            (
                e.func_info_rec_size,
                e.line_info_rec_size,
                e.core_relo_rec_size
            ),
            (8, 16, 16)
        );
        let names: Vec<&str> = e.sections.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, [".text", "xdp", "tc", "tp/x"]);
        let xdp = e.section("xdp").expect("xdp");
        assert_eq!(
            xdp.func_info,
            [FuncInfo {
                insn_off: 0,
                type_id: 23
            }]
        );
        assert_eq!(b.name_of(23), "prog");
        assert_eq!(xdp.core_relos.len(), 1);
        let relo = &xdp.core_relos[0];
        assert_eq!((relo.insn_off, relo.kind), (144, 0));
        assert_eq!(b.type_name(relo.type_id), "struct task_struct");
        assert_eq!(b.str_at(relo.access_str_off), Some("0:0"));
        let l = &xdp.line_info[0];
        assert_eq!((l.insn_off, l.line(), l.col()), (0, 23, 15));
        assert_eq!(b.str_at(l.line_off), Some("  local_static++;"));
        assert!(b
            .str_at(l.file_name_off)
            .is_some_and(|f| f.ends_with("sample.bpf.c")));
        assert!(e.section("nope").is_none());
    }

    #[test]
    fn big_endian_matches_little_endian() {
        let le = BtfExt::parse(SAMPLE_EXT, &sample()).expect("le");
        let bb = Btf::parse(SAMPLE_BE_BTF).expect("be btf");
        let be = BtfExt::parse(SAMPLE_BE_EXT, &bb).expect("be ext");
        assert_eq!(le, be);
        // Mixed byte orders are rejected.
        assert!(matches!(
            BtfExt::parse(SAMPLE_BE_EXT, &sample()),
            Err(BtfError::Ext(_))
        ));
    }

    /// Builds a little-endian .BTF.ext: `hdr_len` 24 or 32, blocks given as words.
    fn ext(hdr_len: u32, func: &[u32], line: &[u32], core: &[u32]) -> Vec<u8> {
        let len = |b: &[u32]| u32::try_from(b.len() * 4).unwrap_or(0);
        let (fl, ll, cl) = (len(func), len(line), len(core));
        let mut words = vec![hdr_len, 0, fl, fl, ll];
        if hdr_len >= 32 {
            words.extend([fl + ll, cl]);
        }
        let mut out = vec![0x9f, 0xeb, 1, 0];
        for w in words.iter().chain(func).chain(line).chain(core) {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// A BTF with a string "sec" at offset 1.
    fn btf() -> Btf {
        let mut b = Btf::new_empty();
        b.add_string("sec");
        b
    }

    #[test]
    fn header_without_core_relo() {
        let data = ext(24, &[8, 1, 1, 16, 7], &[], &[]);
        let e = BtfExt::parse(&data, &btf()).expect("parses");
        assert_eq!(e.core_relo_rec_size, 0);
        assert_eq!(e.line_info_rec_size, 0);
        assert_eq!(e.sections.len(), 1);
        assert_eq!(
            e.sections[0].func_info,
            [FuncInfo {
                insn_off: 16,
                type_id: 7
            }]
        );
        // Same data, header too short to even hold line_info.
        let mut short = data.clone();
        short[4] = 16;
        assert!(matches!(
            BtfExt::parse(&short, &btf()),
            Err(BtfError::Ext(_))
        ));
    }

    #[test]
    fn merges_blocks_and_skips_record_tails() {
        // func_info rec_size 12 (4 unknown trailing bytes), two sections with the same name.
        let func = [12, 1, 1, 8, 3, 0xdead, 1, 1, 16, 4, 0xbeef];
        let core = [20, 1, 1, 0, 5, 1, 2, 0xff];
        let data = ext(32, &func, &[16, 1, 1, 0, 1, 2, 5 << 10 | 3], &core);
        let e = BtfExt::parse(&data, &btf()).expect("parses");
        assert_eq!(e.func_info_rec_size, 12);
        assert_eq!(e.sections.len(), 1);
        let s = &e.sections[0];
        assert_eq!(s.name, "sec");
        assert_eq!(s.func_info.len(), 2);
        assert_eq!(
            s.func_info[1],
            FuncInfo {
                insn_off: 16,
                type_id: 4
            }
        );
        assert_eq!((s.line_info[0].line(), s.line_info[0].col()), (5, 3));
        let want = CoreRelo {
            insn_off: 0,
            type_id: 5,
            access_str_off: 1,
            kind: 2,
        };
        assert_eq!(s.core_relos, [want]);
    }

    #[test]
    fn rejects_malformed() {
        let b = btf();
        let bad = |data: Vec<u8>| {
            let r = BtfExt::parse(&data, &b);
            assert!(r.is_err(), "accepted {data:?}: {r:?}");
        };
        bad(vec![0x9f, 0xeb, 1]); // truncated header
        bad(vec![0x12, 0x34, 1, 0, 24, 0, 0, 0]); // bad magic
        let ok = ext(24, &[8, 1, 1, 0, 1], &[], &[]);
        assert!(BtfExt::parse(&ok, &b).is_ok());
        let mut v = ok.clone();
        v[2] = 2; // version
        bad(v);
        let mut v = ok.clone();
        v[3] = 1; // flags
        bad(v);
        bad(ok[..24].to_vec()); // header only, no data
        bad(ok[..ok.len() - 4].to_vec()); // block runs past the end
        bad(ext(24, &[8, 1, 0x4000_0000, 0, 1], &[], &[])); // huge num_info
        bad(ext(24, &[8, 1, u32::MAX, 0, 1], &[], &[])); // huge num_info
        bad(ext(24, &[8, 1, 0], &[], &[])); // num_info 0
        bad(ext(24, &[4, 1, 1, 0], &[], &[])); // rec_size below minimum
        bad(ext(24, &[10, 1, 1, 0, 0, 0], &[], &[])); // rec_size not multiple of 4
        bad(ext(24, &[8], &[], &[])); // no records
        bad(ext(24, &[8, 1], &[], &[])); // truncated section header
        bad(ext(24, &[8, 99, 1, 0, 1], &[], &[])); // section name offset out of range
        bad(ext(32, &[], &[], &[12, 1, 1, 0, 0, 0])); // core rec_size below 16
        let mut v = ext(24, &[8, 1, 1, 0, 1], &[], &[]);
        v[12] = 2; // func_info_len 2: shorter than a record size word
        bad(v);
        let mut v = ext(24, &[8, 1, 1, 0, 1, 0], &[], &[]);
        v[8] = 2; // func_info_off unaligned
        bad(v);
    }

    #[test]
    fn never_panics_on_prefixes_or_mutations() {
        let b = sample();
        for n in 0..SAMPLE_EXT.len() {
            let _ = BtfExt::parse(&SAMPLE_EXT[..n], &b);
        }
        for i in 0..SAMPLE_EXT.len() {
            for v in [0u8, 0x7f, 0xff] {
                let mut d = SAMPLE_EXT.to_vec();
                d[i] = v;
                let _ = BtfExt::parse(&d, &b);
            }
        }
    }
}
