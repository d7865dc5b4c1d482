//! Where a [`Btf`](super::Btf) keeps its types and strings: decoded and owned (object
//! BTF, built BTF), or read lazily from bytes shared with their source (the kernel's BTF,
//! mapped from sysfs): an offset per type, each type decoded and checked on first use.

use std::sync::{Arc, OnceLock};

use super::decode::{parse_type, record_len};
use super::reader::Reader;
use super::types::BtfType;
use super::BtfError;

/// Bytes shared with their owner (a file mapping, a buffer): cheap to clone and slice.
#[derive(Clone)]
pub struct SharedBytes {
    data: Arc<dyn AsRef<[u8]> + Send + Sync>,
    start: usize,
    end: usize,
}

impl SharedBytes {
    /// All of `data`.
    pub fn new(data: Arc<dyn AsRef<[u8]> + Send + Sync>) -> SharedBytes {
        let end = (*data).as_ref().len();
        SharedBytes {
            data,
            start: 0,
            end,
        }
    }

    /// The bytes.
    pub fn as_slice(&self) -> &[u8] {
        (*self.data)
            .as_ref()
            .get(self.start..self.end)
            .unwrap_or_default()
    }

    /// The part `start..end` of these bytes (clamped to them).
    pub(super) fn slice(&self, start: usize, end: usize) -> SharedBytes {
        let len = self.end - self.start;
        let (s, e) = (start.min(len), end.min(len));
        SharedBytes {
            data: Arc::clone(&self.data),
            start: self.start + s,
            end: self.start + e.max(s),
        }
    }
}

impl std::fmt::Debug for SharedBytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SharedBytes({} bytes)", self.end - self.start)
    }
}

/// The string table: owned, or shared with the source until it is changed.
#[derive(Debug, Clone)]
pub(super) enum Strings {
    Owned(Vec<u8>),
    Shared(SharedBytes),
}

impl Strings {
    pub(super) fn as_slice(&self) -> &[u8] {
        match self {
            Strings::Owned(v) => v,
            Strings::Shared(s) => s.as_slice(),
        }
    }

    /// The table, copied out of its source first if it is shared.
    pub(super) fn to_mut(&mut self) -> &mut Vec<u8> {
        if let Strings::Shared(s) = self {
            *self = Strings::Owned(s.as_slice().to_vec());
        }
        match self {
            Strings::Owned(v) => v,
            Strings::Shared(_) => unreachable!("converted above"),
        }
    }
}

/// The types: decoded (index = id, 0 is `void`), or lazily from shared bytes.
#[derive(Debug, Clone)]
pub(super) enum Types {
    Decoded(Vec<BtfType>),
    Lazy(Arc<LazyTypes>),
}

/// Types decoded on first use: a type record is found by its offset, decoded once and
/// kept (or found invalid, and then never returned). Offsets are kept for every
/// [`CHUNK`]-th type, and for the types of a chunk once one of them is used: the
/// kernel's 150,000 types cost about 10 KiB of index, not 600 KiB.
pub(super) struct LazyTypes {
    raw: SharedBytes,
    big_endian: bool,
    /// Number of types (ids `1..=count`).
    count: usize,
    /// `starts[c]`: where type `c * CHUNK + 1`, the first of chunk `c`, starts in `raw`.
    starts: Vec<u32>,
    /// Chunk `c`'s offsets and decoded types, made on its first use (one pointer a
    /// chunk until then).
    chunks: Vec<OnceLock<Box<Chunk>>>,
}

/// [`CHUNK`] types: where each starts, and each decoded (`None`: invalid) on first use.
struct Chunk {
    offsets: Box<[u32]>,
    types: OnceLock<Box<[OnceLock<Option<BtfType>>]>>,
}

/// Types per chunk of the decoded-type cache.
const CHUNK: usize = 64;

impl std::fmt::Debug for LazyTypes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let decoded = self
            .chunks
            .iter()
            .filter(|c| c.get().is_some_and(|c| c.types.get().is_some()))
            .count();
        f.debug_struct("LazyTypes")
            .field("types", &self.count)
            .field("chunks_decoded", &decoded)
            .finish()
    }
}

impl LazyTypes {
    /// Finds where every type record of the type section `raw` starts, checking each
    /// record's kind and that it fits (what a full parse checks of the syntax), and calls
    /// `visit(id, name_off, kind)` for each on the way: a caller that needs one walk over
    /// the names (the kernel's name lookups) gets it for free.
    pub(super) fn index(
        raw: SharedBytes,
        big_endian: bool,
        mut visit: impl FnMut(u32, u32, u32),
    ) -> Result<LazyTypes, BtfError> {
        let bytes = raw.as_slice();
        if u32::try_from(bytes.len()).is_err() {
            return Err(BtfError::BadHeader("type section larger than 4 GiB".into()));
        }
        let mut starts: Vec<u32> = Vec::with_capacity(bytes.len() / (12 * CHUNK) + 1);
        let mut count = 0usize;
        let mut pos = 0usize;
        while pos < bytes.len() {
            let id = u32::try_from(count + 1)
                .map_err(|_| BtfError::BadHeader("too many types".into()))?;
            let truncated = |need| BtfError::Truncated {
                what: "type record",
                offset: pos,
                need,
                have: bytes.len() - pos,
            };
            let (name_off, info) = header_at(bytes, pos, big_endian).ok_or(truncated(8))?;
            let len = record_len(info, id)?;
            if bytes.len() - pos < len {
                return Err(truncated(len));
            }
            if count % CHUNK == 0 {
                // Below 4 GiB: checked above.
                starts.push(pos as u32);
            }
            count += 1;
            visit(id, name_off, (info >> 24) & 0x1f);
            pos += len;
        }
        Ok(LazyTypes {
            raw,
            big_endian,
            count,
            chunks: (0..starts.len()).map(|_| OnceLock::new()).collect(),
            starts,
        })
    }

    /// Chunk `c`, its offsets found (walked from its first type) on first use.
    fn chunk(&self, c: usize) -> Option<&Chunk> {
        let start = *self.starts.get(c)? as usize;
        let chunk = self.chunks.get(c)?.get_or_init(|| {
            let n = CHUNK.min(self.count - c * CHUNK);
            let mut out = Vec::with_capacity(n);
            // Ids are below 2^32: the index pass counted them in a u32.
            let first = (c * CHUNK + 1) as u32;
            // Offsets are below 4 GiB: the index pass checked the section's size.
            self.walk_from(start, first, n, |_, off, _, _| out.push(off as u32));
            Box::new(Chunk {
                offsets: out.into_boxed_slice(),
                types: OnceLock::new(),
            })
        });
        Some(chunk)
    }

    /// Where type `id` starts in `raw`.
    fn offset(&self, id: u32) -> Option<usize> {
        let index = (id as usize).checked_sub(1)?;
        let chunk = self.chunk(index / CHUNK)?;
        chunk.offsets.get(index % CHUNK).map(|&o| o as usize)
    }

    /// Number of type ids including `void`.
    pub(super) fn count(&self) -> usize {
        self.count + 1
    }

    /// `name_off` and `info` of type `id`, read without decoding it.
    pub(super) fn header(&self, id: u32) -> Option<(u32, u32)> {
        header_at(self.raw.as_slice(), self.offset(id)?, self.big_endian)
    }

    /// Calls `f(id, name_off, info)` for every type in id order, without decoding: one
    /// walk over the records, as the index pass made.
    pub(super) fn for_each_header(&self, mut f: impl FnMut(u32, u32, u32)) {
        self.walk(|id, _, name, info| f(id, name, info));
    }

    /// Calls `f(id, offset, name_off, info)` for every record in order.
    fn walk(&self, f: impl FnMut(u32, usize, u32, u32)) {
        self.walk_from(0, 1, self.count, f);
    }

    /// [`LazyTypes::walk`] over the `n` records from the one at `pos`, type `first`.
    fn walk_from(
        &self,
        mut pos: usize,
        first: u32,
        n: usize,
        mut f: impl FnMut(u32, usize, u32, u32),
    ) {
        let bytes = self.raw.as_slice();
        for id in (first..).take(n) {
            // The index pass checked every record's header, kind and length.
            let Some((name, info)) = header_at(bytes, pos, self.big_endian) else {
                return;
            };
            f(id, pos, name, info);
            pos += record_len(info, id).unwrap_or(0);
        }
    }

    /// Type `id`, decoded on first use; `check` decides (once) whether it is valid.
    pub(super) fn get(&self, id: u32, check: impl FnOnce(&BtfType) -> bool) -> Option<&BtfType> {
        let index = (id as usize).checked_sub(1)?;
        let chunk = self.chunk(index / CHUNK)?;
        let off = *chunk.offsets.get(index % CHUNK)? as usize;
        chunk
            .types
            .get_or_init(|| (0..CHUNK).map(|_| OnceLock::new()).collect())
            .get(index % CHUNK)?
            .get_or_init(|| {
                let mut r = Reader::new(self.raw.as_slice(), off, self.big_endian);
                parse_type(&mut r, id).ok().filter(|t| check(t))
            })
            .as_ref()
    }

    /// Every type decoded, invalid ones included (for a BTF about to be changed).
    pub(super) fn decode_all(&self) -> Vec<BtfType> {
        let bytes = self.raw.as_slice();
        let mut out = Vec::with_capacity(self.count());
        out.push(super::Btf::void_placeholder());
        self.walk(|id, off, _, _| {
            let mut r = Reader::new(bytes, off, self.big_endian);
            out.push(parse_type(&mut r, id).unwrap_or_else(|_| super::Btf::void_placeholder()));
        });
        out
    }
}

/// `name_off` and `info` of the type record at `off`.
#[inline]
fn header_at(bytes: &[u8], off: usize, big_endian: bool) -> Option<(u32, u32)> {
    let h: &[u8; 8] = bytes.get(off..off + 8)?.try_into().ok()?;
    let word = |b: [u8; 4]| {
        if big_endian {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        }
    };
    Some((
        word([h[0], h[1], h[2], h[3]]),
        word([h[4], h[5], h[6], h[7]]),
    ))
}
