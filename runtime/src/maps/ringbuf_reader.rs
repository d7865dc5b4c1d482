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
use crate::prepare::map::MapError;
use crate::sys::{self, page_size, SharedRegion};

/// The producer has reserved the record but not submitted it yet.
const BUSY_BIT: u32 = 1 << 31;
/// The producer discarded the record: skip it.
const DISCARD_BIT: u32 = 1 << 30;
/// Size of a record header.
const HEADER: u64 = 8;

/// Consumes records of a [`RingBuf`](super::RingBuf). Iterate it (or call `next`) to take
/// the records available now; [`poll`](Self::poll) waits for more.
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
        let size = m.spec().max_entries as usize;
        let page = page_size();
        let consumer = SharedRegion::map(m.as_fd(), 0, page, true).map_err(|e| m.err(e))?;
        let data =
            SharedRegion::map(m.as_fd(), page, page + 2 * size, false).map_err(|e| m.err(e))?;
        Ok(RingBufReader {
            mask: (size as u64).wrapping_sub(1),
            data_off: page,
            consumer,
            data,
            map,
        })
    }

    fn consumer_pos(&self) -> u64 {
        self.consumer.load_acquire_u64(0).unwrap_or(0)
    }

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
    fn release(&self, pos: u64) {
        // Cannot fail: the consumer page is writable and offset 0 is aligned.
        let _ = self.consumer.store_release_u64(0, pos);
    }

    /// Takes the next submitted record, skipping discarded ones; `None` when there is
    /// none (yet).
    fn take(&mut self) -> Option<Vec<u8>> {
        let mut cons = self.consumer_pos();
        while cons < self.producer_pos() {
            let off = self.data_off + (cons & self.mask) as usize;
            let header = self.data.load_acquire_u32(off)?;
            if header & BUSY_BIT != 0 {
                return None;
            }
            let len = header & !(BUSY_BIT | DISCARD_BIT);
            cons += (u64::from(len) + HEADER).next_multiple_of(8);
            if header & DISCARD_BIT == 0 {
                let mut record = vec![0u8; len as usize];
                let copied = self.data.read_into(off + HEADER as usize, &mut record);
                self.release(cons);
                return copied.then_some(record);
            }
            self.release(cons);
        }
        None
    }
}

impl Iterator for RingBufReader {
    type Item = Vec<u8>;

    /// The next record available now, copied out of the ring; `None` when the ring is
    /// empty (a later call may return more records).
    fn next(&mut self) -> Option<Vec<u8>> {
        self.take()
    }
}
