//! Split BTF: a kernel module's BTF (`/sys/kernel/btf/<module>`), whose type
//! ids continue after vmlinux's last id and whose string offsets continue
//! vmlinux's string table (libbpf `btf__new_split`).
//!
//! **Design choice.** A module is kept as a [`SplitBtf`]: its own types and
//! strings plus an `Arc` of the base. A merged standalone [`Btf`] (base types
//! copied + module types) would be simpler to consume, but vmlinux holds
//! ~150k types, and a machine loads dozens to hundreds of modules: one vmlinux
//! copy per module costs gigabytes. The CO-RE engine reads types through
//! [`BtfView`], which both implement.
//!
//! Parsing reuses [`Btf::parse`] for decoding *and* validation instead of a
//! second decoder: the module's type section is placed behind one 12-byte
//! placeholder record (`PTR` to `void`) per base type, and its strings behind
//! a copy of the base string table, so every id and string offset keeps its
//! final value and is range-checked. Only the module's own types are kept.
//! The transient cost is linear in the base size (a few ms for vmlinux; see
//! the vmlinux test); a native `Btf::parse_split` in `obj::btf` would remove it.

use std::ops::Range;
use std::sync::Arc;

use super::view::{c_str, BtfView};
use crate::obj::btf::{kind, Btf, BtfError, BtfType};

/// Length of the standard BTF header.
const HDR_LEN: u32 = 24;

/// A module's BTF on top of a shared base (vmlinux).
#[derive(Debug, Clone)]
pub struct SplitBtf {
    base: Arc<Btf>,
    /// First module type id (= base type count).
    start_id: u32,
    /// First module string offset (= base string table length).
    start_str: u32,
    /// Module types; `types[i]` has id `start_id + i`.
    types: Vec<BtfType>,
    /// The module's own string section (may be empty).
    strings: Vec<u8>,
}

/// Parses a module's raw BTF (`data`) as split BTF over `base`.
///
/// The byte order must match the base. Every type id must lie below the
/// combined type count and every string offset inside the combined string
/// table.
pub fn parse_split(data: &[u8], base: &Arc<Btf>) -> Result<SplitBtf, BtfError> {
    let big_endian = match data {
        [0x9f, 0xeb, ..] => false,
        [0xeb, 0x9f, ..] => true,
        [a, b, ..] => return Err(BtfError::BadMagic(u16::from_le_bytes([*a, *b]))),
        _ => return Err(truncated(data, 2)),
    };
    if big_endian != base.is_big_endian() {
        return Err(BtfError::BadHeader(
            "split BTF byte order differs from its base".into(),
        ));
    }
    let (types, strings) = sections(data, big_endian)?;
    let start_id = base.type_count();
    let start_str = u32::try_from(base.strings().len())
        .map_err(|_| BtfError::BadHeader("base string table too large".into()))?;
    let synth = synthesize(base, types, strings, big_endian)?;
    let merged = Btf::parse(&synth)?;
    let own = (start_id..merged.type_count())
        .filter_map(|id| merged.type_by_id(id).cloned())
        .collect();
    Ok(SplitBtf {
        base: Arc::clone(base),
        start_id,
        start_str,
        types: own,
        strings: strings.to_vec(),
    })
}

fn truncated(data: &[u8], need: usize) -> BtfError {
    BtfError::Truncated {
        what: "split BTF header",
        offset: 0,
        need,
        have: data.len(),
    }
}

/// Checks the header and returns the type and string sections.
fn sections(data: &[u8], be: bool) -> Result<(&[u8], &[u8]), BtfError> {
    let word = |i: usize| -> Result<u32, BtfError> {
        let b = data.get(i..i + 4).ok_or_else(|| truncated(data, i + 4))?;
        let a = [b[0], b[1], b[2], b[3]];
        Ok(if be {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    };
    let version = data.get(2).copied().ok_or_else(|| truncated(data, 3))?;
    if version != 1 {
        return Err(BtfError::BadHeader(format!(
            "unsupported version {version}"
        )));
    }
    let [hdr_len, type_off, type_len, str_off, str_len] =
        [word(4)?, word(8)?, word(12)?, word(16)?, word(20)?];
    let bad = |m: &str| BtfError::BadHeader(format!("split BTF: {m}"));
    if hdr_len < HDR_LEN || u64::from(hdr_len) > data.len() as u64 {
        return Err(bad("bad hdr_len"));
    }
    if type_off % 4 != 0 || type_len % 4 != 0 {
        return Err(bad("type section not 4-byte aligned"));
    }
    if u64::from(type_off) + u64::from(type_len) > u64::from(str_off) {
        return Err(bad("type section overlaps strings"));
    }
    let slice = |off: u32, len: u32| {
        let start = u64::from(hdr_len) + u64::from(off);
        let end = start + u64::from(len);
        let s = usize::try_from(start).ok()?;
        let e = usize::try_from(end).ok()?;
        data.get(s..e)
    };
    let types = slice(type_off, type_len).ok_or_else(|| bad("type section out of bounds"))?;
    let strings = slice(str_off, str_len).ok_or_else(|| bad("string section out of bounds"))?;
    if strings.last().is_some_and(|&b| b != 0) {
        return Err(bad("string section does not end with NUL"));
    }
    Ok((types, strings))
}

/// A standalone blob: placeholders for the base ids, then the module types;
/// the base strings, then the module strings.
fn synthesize(base: &Btf, types: &[u8], strings: &[u8], be: bool) -> Result<Vec<u8>, BtfError> {
    let placeholders = base.type_count().saturating_sub(1) as usize;
    let ph_len = placeholders.saturating_mul(12);
    let too_big = || BtfError::BadHeader("split BTF too large".into());
    let type_len = u32::try_from(ph_len.saturating_add(types.len())).map_err(|_| too_big())?;
    let str_len = base.strings().len().saturating_add(strings.len());
    let str_len = u32::try_from(str_len).map_err(|_| too_big())?;
    let enc = |w: u32| if be { w.to_be_bytes() } else { w.to_le_bytes() };
    let total = 24 + type_len as usize + str_len as usize;
    let mut out = Vec::with_capacity(total);
    out.extend_from_slice(if be {
        &[0xeb, 0x9f, 1, 0]
    } else {
        &[0x9f, 0xeb, 1, 0]
    });
    for w in [HDR_LEN, 0, type_len, type_len, str_len] {
        out.extend_from_slice(&enc(w));
    }
    let ptr_to_void = [enc(0), enc(kind::PTR << 24), enc(0)].concat();
    for _ in 0..placeholders {
        out.extend_from_slice(&ptr_to_void);
    }
    out.extend_from_slice(types);
    out.extend_from_slice(base.strings());
    out.extend_from_slice(strings);
    Ok(out)
}

impl SplitBtf {
    /// The base BTF (vmlinux).
    pub fn base(&self) -> &Arc<Btf> {
        &self.base
    }

    /// Id of the first module type.
    pub fn start_id(&self) -> u32 {
        self.start_id
    }

    /// Total number of type ids, base included (last id + 1).
    pub fn type_count(&self) -> u32 {
        let own = u32::try_from(self.types.len()).unwrap_or(u32::MAX);
        self.start_id.saturating_add(own)
    }

    /// The module's own types, `(id, type)`.
    pub fn own_types(&self) -> impl Iterator<Item = (u32, &BtfType)> {
        (self.start_id..).zip(self.types.iter())
    }

    /// The type with this id, from the module or the base.
    pub fn type_by_id(&self, id: u32) -> Option<&BtfType> {
        match id.checked_sub(self.start_id) {
            Some(i) => self.types.get(i as usize),
            None => self.base.type_by_id(id),
        }
    }

    /// The string at `off`, from the module's or the base's table.
    pub fn str_at(&self, off: u32) -> Option<&str> {
        let Some(rel) = off.checked_sub(self.start_str) else {
            return self.base.str_at(off);
        };
        let s = crate::obj::strtab::c_str_at(&self.strings, rel as usize)?;
        std::str::from_utf8(s).ok()
    }

    /// Name of type `id`; `""` for anonymous, `void` and invalid ids.
    pub fn name_of(&self, id: u32) -> &str {
        BtfView::name_of(self, id)
    }
}

impl BtfView for SplitBtf {
    fn type_by_id(&self, id: u32) -> Option<&BtfType> {
        SplitBtf::type_by_id(self, id)
    }
    fn str_at(&self, off: u32) -> Option<&str> {
        SplitBtf::str_at(self, off)
    }
    fn own_ids(&self) -> Range<u32> {
        self.start_id..self.type_count()
    }
    fn name_bytes(&self, off: u32) -> &[u8] {
        match off.checked_sub(self.start_str) {
            Some(rel) => c_str(&self.strings, rel as usize),
            None => self.base.name_bytes(off),
        }
    }
}
