//! Validation and record iteration for one `.BTF.ext` info block, and the
//! per-name section accumulator.

use std::collections::HashMap;

use super::ext::ExtSection;
use super::reader::Reader;
use super::{Btf, BtfError};

/// Location of one info block, from the header.
#[derive(Debug, Clone, Copy)]
pub(super) struct Block {
    pub(super) off: u32,
    pub(super) len: u32,
    pub(super) min_rec: u32,
    pub(super) desc: &'static str,
}

/// Accumulates sections by name while parsing.
pub(super) struct Sections<'a> {
    list: Vec<ExtSection>,
    index: HashMap<&'a str, usize>,
    /// The section found last: a block's records come in runs of one section, whose
    /// name is the same slice of the string table each time.
    last: Option<(&'a str, usize)>,
    /// Bytes of section names still allowed to be copied (keeps memory use
    /// proportional to the input even for adversarial name offsets).
    name_budget: usize,
}

impl<'a> Sections<'a> {
    /// An empty accumulator that may copy at most `name_budget` name bytes.
    pub(super) fn new(name_budget: usize) -> Self {
        Sections {
            list: Vec::new(),
            index: HashMap::new(),
            last: None,
            name_budget,
        }
    }

    /// The sections, in order of first appearance, each one's records sorted by
    /// instruction offset (stably: file order among equal offsets), so that a function's
    /// records are found by binary search.
    pub(super) fn finish(mut self) -> Vec<ExtSection> {
        for s in &mut self.list {
            s.func_info.sort_by_key(|r| r.insn_off);
            s.line_info.sort_by_key(|r| r.insn_off);
            s.core_relos.sort_by_key(|r| r.insn_off);
        }
        self.list
    }

    /// The section named `name`, created on first use.
    pub(super) fn get(&mut self, name: &'a str) -> Result<&mut ExtSection, BtfError> {
        let cached = self
            .last
            .filter(|(last, _)| std::ptr::eq(*last, name))
            .map(|(_, i)| i);
        let i = match cached.or_else(|| self.index.get(name).copied()) {
            Some(i) => i,
            None => {
                self.name_budget = self
                    .name_budget
                    .checked_sub(name.len())
                    .ok_or_else(|| BtfError::Ext("too many distinct section names".into()))?;
                self.list.push(ExtSection {
                    name: name.to_string(),
                    ..ExtSection::default()
                });
                let i = self.list.len().saturating_sub(1);
                self.index.insert(name, i);
                i
            }
        };
        self.last = Some((name, i));
        self.list
            .get_mut(i)
            .ok_or_else(|| BtfError::Ext("internal section index".into()))
    }
}

/// Shared parsing context.
pub(super) struct Ctx<'a> {
    pub(super) data: &'a [u8],
    pub(super) be: bool,
    pub(super) hdr_len: u32,
    pub(super) btf: &'a Btf,
}

/// Called once per record with a reader over exactly that record.
type RecordFn<'a, 'f> = dyn FnMut(&mut Reader<'_>, &'a str) -> Result<(), BtfError> + 'f;

impl<'a> Ctx<'a> {
    /// Validates one info block and feeds its records to `each`; returns the
    /// record size (0 for an empty block).
    pub(super) fn block(&self, b: &Block, each: &mut RecordFn<'a, '_>) -> Result<u32, BtfError> {
        let err = |msg: String| BtfError::Ext(format!("{}: {msg}", b.desc));
        if b.len == 0 {
            return Ok(0);
        }
        if b.off % 4 != 0 {
            return Err(err(format!("offset {} not 4-byte aligned", b.off)));
        }
        let start = u64::from(self.hdr_len) + u64::from(b.off);
        let end = start + u64::from(b.len);
        let bytes = usize::try_from(start)
            .ok()
            .zip(usize::try_from(end).ok())
            .and_then(|(s, e)| self.data.get(s..e))
            .ok_or_else(|| err(format!("off {} len {} beyond end of data", b.off, b.len)))?;
        let mut r = Reader::new(bytes, 0, self.be);
        let rec_size = r.u32("record size")?;
        if rec_size < b.min_rec || rec_size % 4 != 0 {
            return Err(err(format!("invalid record size {rec_size}")));
        }
        if r.remaining() == 0 {
            return Err(err("no records".into()));
        }
        while r.remaining() > 0 {
            let at = r.pos();
            if r.remaining() < 8 {
                return Err(err(format!("truncated section header at {at}")));
            }
            let name_off = r.u32("section name")?;
            let num = r.u32("num_info")?;
            let total = u64::from(num) * u64::from(rec_size);
            if num == 0 || total > r.remaining() as u64 {
                return Err(err(format!("bad num_info {num} at {at}")));
            }
            let name = self
                .btf
                .str_at(name_off)
                .ok_or_else(|| err(format!("bad section name offset {name_off}")))?;
            for _ in 0..num {
                let rec = r.bytes(rec_size as usize, "record")?;
                each(&mut Reader::new(rec, 0, self.be), name)?;
            }
        }
        Ok(rec_size)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_budget_limits_copies() {
        let mut s = Sections::new(6);
        assert!(s.get("abc").is_ok());
        assert!(s.get("abc").is_ok()); // already present: free
        assert!(s.get("de").is_ok());
        assert!(matches!(s.get("fg"), Err(BtfError::Ext(_))));
        let names: Vec<String> = s.finish().into_iter().map(|s| s.name).collect();
        assert_eq!(names, ["abc", "de"]);
    }

    #[test]
    fn equal_names_from_different_slices_share_a_section() {
        let rec = || super::super::ext::FuncInfo {
            insn_off: 0,
            type_id: 1,
        };
        let (a, b) = (String::from("xdp"), String::from("xdp"));
        let mut s = Sections::new(64);
        s.get(&a).expect("first").func_info.push(rec());
        s.get("tc").expect("other");
        s.get(&b)
            .expect("equal name, other slice")
            .func_info
            .push(rec());
        s.get(&b).expect("same slice again").func_info.push(rec());
        let secs = s.finish();
        assert_eq!(secs.len(), 2);
        assert_eq!((secs[0].name.as_str(), secs[0].func_info.len()), ("xdp", 3));
    }

    #[test]
    fn adversarial_name_offsets_are_bounded() {
        // One long string; thousands of sections each naming a different suffix.
        let mut b = Btf::new_empty();
        b.add_string(&"x".repeat(4000));
        let mut block = vec![8u32];
        for off in 1..4000 {
            block.extend([off, 1, 0, 0]);
        }
        let data: Vec<u8> = block.iter().flat_map(|w| w.to_le_bytes()).collect();
        let len = u32::try_from(data.len()).unwrap_or(0);
        let ctx = Ctx {
            data: &data,
            be: false,
            hdr_len: 0,
            btf: &b,
        };
        let blk = Block {
            off: 0,
            len,
            min_rec: 8,
            desc: "func_info",
        };
        let mut secs = Sections::new(data.len() + b.strings().len());
        let r = ctx.block(&blk, &mut |_, name| secs.get(name).map(|_| ()));
        assert!(matches!(r, Err(BtfError::Ext(_))), "{r:?}");
    }
}
