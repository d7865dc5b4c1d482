//! [`RingBufReader`]: the user-space consumer of a BPF ring buffer, following the
//! kernel's ABI (`kernel/bpf/ringbuf.c`):
//!
//! - offset 0: one page holding the consumer position, writable by user space;
//! - offset one page: one read-only page holding the producer position, followed by the
//!   data area mapped twice in a row, so a record that wraps around is contiguous;
//! - every record starts with an 8-byte header: `u32 len` (with the busy and discard bits
//!   on top) and a page offset; records are 8-byte aligned.

use std::os::fd::AsFd;
use std::time::Duration;

use super::handle::MapRef;
use crate::pod::{self, Pod};
use crate::prepare::map::MapError;
use crate::sys::{self, page_size, SharedRegion};

/// The producer has reserved the record but not submitted it yet.
const BUSY_BIT: u32 = 1 << 31;
/// The producer discarded the record: skip it.
const DISCARD_BIT: u32 = 1 << 30;
/// Size of a record header.
const HEADER: u64 = 8;

/// Consumes records of a [`RingBuf`](super::RingBuf). Three ways to read, all in order:
/// iterate it for owned `Vec<u8>` records; [`next_record`](Self::next_record) for a
/// record borrowed from the ring with no copy (or [`consume`](Self::consume) /
/// [`poll_consume`](Self::poll_consume) with a callback, like libbpf); or
/// [`next_as`](Self::next_as) for a typed copy. [`poll`](Self::poll) waits for more.
pub struct RingBufReader {
    map: MapRef,
    /// The consumer page (read-write).
    consumer: SharedRegion,
    /// The producer page followed by the data area twice (read-only).
    data: SharedRegion,
    /// Offset of the data area inside `data`.
    data_off: usize,
    /// `max_entries - 1` (the size is a power of two).
    mask: u64,
    /// Discarded records skipped so far.
    discarded: u64,
    /// The consumer position as last released (this reader is the only consumer).
    cons_pos: u64,
    /// The producer position as last read.
    prod_pos: u64,
}

impl std::fmt::Debug for RingBufReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RingBufReader")
            .field("map", &self.map)
            .field("pending", &self.pending())
            .finish()
    }
}

impl RingBufReader {
    /// Maps the consumer and producer/data pages of `map`.
    pub(crate) fn new(map: MapRef) -> Result<Self, MapError> {
        let m = map.map();
        if !m.claim_consumer() {
            return Err(MapError::Busy {
                map: m.name().to_string(),
                reason: "a reader of this ring buffer is alive; drop it first (one consumer \
                         owns the read position)",
            });
        }
        let mapped = Self::map_regions(m);
        if mapped.is_err() {
            m.release_consumer();
        }
        let (consumer, data) = mapped?;
        let size = m.spec().max_entries as usize;
        let page = page_size();
        let cons_pos = consumer.load_acquire_u64(0).unwrap_or(0);
        Ok(RingBufReader {
            cons_pos,
            prod_pos: cons_pos,
            mask: (size as u64).wrapping_sub(1),
            discarded: 0,
            data_off: page,
            consumer,
            data,
            map,
        })
    }

    /// The consumer page (read-write) and the producer page + data area twice.
    fn map_regions(m: &crate::prepare::map::Map) -> Result<(SharedRegion, SharedRegion), MapError> {
        let size = m.spec().max_entries as usize;
        let page = page_size();
        let consumer = SharedRegion::map(m.as_fd(), 0, page, true).map_err(|e| m.err(e))?;
        let data =
            SharedRegion::map(m.as_fd(), page, page + 2 * size, false).map_err(|e| m.err(e))?;
        Ok((consumer, data))
    }

    /// The ring buffer's map.
    #[cfg(feature = "tokio")]
    pub(crate) fn map_ref(&self) -> &MapRef {
        &self.map
    }

    #[inline]
    fn consumer_pos(&self) -> u64 {
        self.consumer.load_acquire_u64(0).unwrap_or(0)
    }

    #[inline]
    fn producer_pos(&self) -> u64 {
        self.data.load_acquire_u64(0).unwrap_or(0)
    }

    /// Bytes written by producers and not consumed yet (headers and unfinished records
    /// included).
    pub fn pending(&self) -> u64 {
        self.producer_pos().saturating_sub(self.consumer_pos())
    }

    /// Waits up to `timeout` for a record; returns whether one is ready. Returns at once
    /// when records are already waiting.
    pub fn poll(&self, timeout: Duration) -> Result<bool, MapError> {
        if self.pending() > 0 {
            return Ok(true);
        }
        let map = self.map.map();
        sys::poll_readable(map.as_fd(), Some(timeout))
            .map(|ready| ready || self.pending() > 0)
            .map_err(|e| map.err(e))
    }

    /// Moves the consumer position to `pos`, releasing the space before it to producers.
    #[inline]
    fn release(&mut self, pos: u64) {
        self.cons_pos = pos;
        self.publish(pos);
    }

    /// Stores `pos` in the consumer page: producers may reuse the space before it.
    #[inline]
    fn publish(&self, pos: u64) {
        // Cannot fail: the consumer page is writable and offset 0 is aligned.
        let _ = self.consumer.store_release_u64(0, pos);
    }

    /// The next submitted record: its offset in `data`, length and the consumer position
    /// after it. Discarded records on the way are released and counted; `None` when there
    /// is no submitted record (yet).
    #[inline]
    fn next_span(&mut self) -> Option<(usize, usize, u64)> {
        // This reader is the ring's only consumer, so the position it last released is
        // the consumer position; the producer position is read again only once the
        // records known to be there are used up (as libbpf does per batch).
        let mut cons = self.cons_pos;
        loop {
            if cons >= self.prod_pos {
                self.prod_pos = self.producer_pos();
                if cons >= self.prod_pos {
                    return None;
                }
            }
            let off = self.data_off + (cons & self.mask) as usize;
            let header = self.data.load_acquire_u32(off)?;
            if header & BUSY_BIT != 0 {
                return None;
            }
            let len = header & !(BUSY_BIT | DISCARD_BIT);
            cons += (u64::from(len) + HEADER).next_multiple_of(8);
            if header & DISCARD_BIT == 0 {
                return Some((off + HEADER as usize, len as usize, cons));
            }
            self.discarded += 1;
            self.release(cons);
        }
    }

    /// Takes the next submitted record, copied out; `None` when there is none (yet).
    #[inline]
    fn take(&mut self) -> Option<Vec<u8>> {
        let (off, len, end) = self.next_span()?;
        let record = self.data.ring_record(off, len).map(<[u8]>::to_vec);
        self.release(end);
        record
    }

    /// The next record available now, borrowed from the ring with no copy; its space goes
    /// back to producers when the [`RingRecord`] is dropped, so records are released in
    /// order and a producer never overwrites one being read. `None` when the ring is
    /// empty (a later call may return more).
    ///
    /// A record borrows the reader, so the next one cannot be taken while it lives:
    ///
    /// ```compile_fail
    /// # fn f(reader: &mut bpfgen_runtime::maps::RingBufReader) {
    /// let first = reader.next_record();
    /// let second = reader.next_record(); // `first` still holds its space in the ring
    /// drop(first);
    /// # }
    /// ```
    #[inline]
    pub fn next_record(&mut self) -> Option<RingRecord<'_>> {
        let (off, len, end) = self.next_span()?;
        // The next span starts after this record; the consumer page keeps pointing
        // before it (so producers leave it alone) until the record is dropped.
        self.cons_pos = end;
        let this: &RingBufReader = self;
        match this.data.ring_record(off, len) {
            Some(bytes) => Some(RingRecord {
                reader: this,
                bytes,
                end,
            }),
            None => {
                this.publish(end);
                None
            }
        }
    }

    /// The next record read as a `T` (copied; a record shorter than `T` fills its prefix
    /// and leaves the rest zero, for variable-length samples; a longer one is cut).
    pub fn next_as<T: Pod>(&mut self) -> Option<T> {
        let (off, len, end) = self.next_span()?;
        let value = self.data.ring_record(off, len).map(pod::read_prefix::<T>);
        self.release(end);
        value
    }

    /// Hands every record available now to `f`, borrowed, in order (libbpf's
    /// `ring_buffer__consume`); returns how many.
    pub fn consume(&mut self, mut f: impl FnMut(&[u8])) -> usize {
        let mut n = 0;
        while let Some((off, len, end)) = self.next_span() {
            if let Some(bytes) = self.data.ring_record(off, len) {
                f(bytes);
                n += 1;
            }
            self.release(end);
        }
        n
    }

    /// Waits up to `timeout` for records, then hands every one available to `f`
    /// (libbpf's `ring_buffer__poll`); returns how many (0 on timeout).
    pub fn poll_consume(
        &mut self,
        timeout: Duration,
        f: impl FnMut(&[u8]),
    ) -> Result<usize, MapError> {
        self.poll(timeout)?;
        Ok(self.consume(f))
    }

    /// Records the producer discarded (`bpf_ringbuf_discard`) that this reader skipped.
    /// Records a program could not reserve never reach the ring: only the program sees
    /// that (`bpf_ringbuf_reserve` returns NULL), so count them there.
    pub fn discarded(&self) -> u64 {
        self.discarded
    }
}

/// A record borrowed from a ring buffer ([`RingBufReader::next_record`]): the bytes stay
/// in the ring, untouched by producers, until this is dropped.
pub struct RingRecord<'r> {
    reader: &'r RingBufReader,
    bytes: &'r [u8],
    end: u64,
}

impl RingRecord<'_> {
    /// The record as a `T`: a record shorter than `T` fills its prefix and leaves the
    /// rest zero; a longer one is cut to `size_of::<T>()`.
    pub fn read<T: Pod>(&self) -> T {
        pod::read_prefix(self.bytes)
    }
}

impl std::ops::Deref for RingRecord<'_> {
    type Target = [u8];

    #[inline]
    fn deref(&self) -> &[u8] {
        self.bytes
    }
}

impl std::fmt::Debug for RingRecord<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RingRecord")
            .field("len", &self.bytes.len())
            .finish()
    }
}

impl Drop for RingRecord<'_> {
    #[inline]
    fn drop(&mut self) {
        self.reader.publish(self.end);
    }
}

impl Drop for RingBufReader {
    fn drop(&mut self) {
        self.map.map().release_consumer();
    }
}

impl Iterator for RingBufReader {
    type Item = Vec<u8>;

    /// The next record available now, copied out of the ring; `None` when the ring is
    /// empty (a later call may return more records).
    #[inline]
    fn next(&mut self) -> Option<Vec<u8>> {
        self.take()
    }
}
