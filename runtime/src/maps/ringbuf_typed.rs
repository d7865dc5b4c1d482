//! [`TypedRingBuf`]: a ring buffer whose records are one Rust type, the handle a skeleton
//! emits for a ring named with `.event("rb", "event")`; [`TypedRingBufReader`] yields
//! that type.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use super::ringbuf::RingBuf;
use super::ringbuf_reader::RingBufReader;
use crate::pod::Pod;
use crate::prepare::map::{Map, MapError};
use crate::PreparedObject;

/// A `BPF_MAP_TYPE_RINGBUF` whose records are `T`. BTF does not say what a program
/// writes into a ring buffer, so the type is the caller's word (in a skeleton, the
/// generator's `event` setting); a record shorter than `T` fills its prefix and leaves
/// the rest zero, a longer one is cut.
///
/// ```no_run
/// # fn main() -> Result<(), bpfgen_runtime::Error> {
/// # let obj: std::sync::Arc<bpfgen_runtime::PreparedObject> = unimplemented!();
/// use bpfgen_runtime::maps::TypedRingBuf;
/// use std::time::Duration;
///
/// let events = TypedRingBuf::<[u64; 2]>::new(&obj, "events")?;
/// let mut reader = events.reader()?;
/// reader.poll_consume(Duration::from_millis(100), |[pid, ts]| println!("{pid} at {ts}"))?;
/// # Ok(()) }
/// ```
pub struct TypedRingBuf<T> {
    ring: RingBuf,
    record: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for TypedRingBuf<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedRingBuf")
            .field("ring", &self.ring)
            .field("record", &std::any::type_name::<T>())
            .finish()
    }
}

impl<T> Clone for TypedRingBuf<T> {
    fn clone(&self) -> Self {
        TypedRingBuf {
            ring: self.ring.clone(),
            record: PhantomData,
        }
    }
}

impl<T: Pod> TypedRingBuf<T> {
    /// The ring buffer `name` of `obj`, read as `T` records; fails if it is another map
    /// type.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        Ok(TypedRingBuf {
            ring: RingBuf::new(obj, name)?,
            record: PhantomData,
        })
    }

    /// The untyped ring buffer, for byte-level reading.
    pub fn ring(&self) -> &RingBuf {
        &self.ring
    }

    /// The underlying map.
    pub fn map(&self) -> &Map {
        self.ring.map()
    }

    /// Maps the ring buffer and returns a consumer of `T` records (one reader per ring
    /// at a time, as with [`RingBuf::reader`]).
    pub fn reader(&self) -> Result<TypedRingBufReader<T>, MapError> {
        Ok(TypedRingBufReader {
            reader: self.ring.reader()?,
            record: PhantomData,
        })
    }
}

/// Consumes the `T` records of a [`TypedRingBuf`], in order: iterate it, or use
/// [`consume`](Self::consume) / [`poll_consume`](Self::poll_consume) with a callback
/// (libbpf's `ring_buffer__consume` / `ring_buffer__poll`).
pub struct TypedRingBufReader<T> {
    reader: RingBufReader,
    record: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for TypedRingBufReader<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedRingBufReader")
            .field("reader", &self.reader)
            .field("record", &std::any::type_name::<T>())
            .finish()
    }
}

impl<T: Pod> TypedRingBufReader<T> {
    /// Waits up to `timeout` for a record; returns whether one is ready.
    pub fn poll(&self, timeout: Duration) -> Result<bool, MapError> {
        self.reader.poll(timeout)
    }

    /// Hands every record available now to `f`, in order; returns how many.
    pub fn consume(&mut self, mut f: impl FnMut(T)) -> usize {
        let mut n = 0;
        while let Some(record) = self.reader.next_as::<T>() {
            f(record);
            n += 1;
        }
        n
    }

    /// Waits up to `timeout` for records, then hands every one available to `f`;
    /// returns how many (0 on timeout).
    pub fn poll_consume(&mut self, timeout: Duration, f: impl FnMut(T)) -> Result<usize, MapError> {
        self.reader.poll(timeout)?;
        Ok(self.consume(f))
    }

    /// Records the producer discarded (`bpf_ringbuf_discard`) that were skipped.
    pub fn discarded(&self) -> u64 {
        self.reader.discarded()
    }

    /// The byte-level reader underneath (borrowed records, lengths).
    pub fn bytes(&mut self) -> &mut RingBufReader {
        &mut self.reader
    }

    /// The byte-level reader, e.g. for an `AsyncRingBufReader` (feature `tokio`)
    /// (whose `next_as` reads typed records).
    pub fn into_bytes(self) -> RingBufReader {
        self.reader
    }
}

impl<T: Pod> Iterator for TypedRingBufReader<T> {
    type Item = T;

    /// The next record available now; `None` when the ring is empty (a later call may
    /// return more).
    #[inline]
    fn next(&mut self) -> Option<T> {
        self.reader.next_as()
    }
}
