//! [`TypedPerfEventArray`]: a perf event array whose samples are one Rust type, the
//! handle a skeleton emits for an array named with `.event("events", "event")`;
//! [`TypedPerfBuffer`] yields `(cpu, T)`.

use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use super::perf_buffer::PerfBuffer;
use super::perf_event_array::PerfEventArray;
use crate::pod::{self, Pod};
use crate::prepare::map::{Map, MapError};
use crate::PreparedObject;

/// A `BPF_MAP_TYPE_PERF_EVENT_ARRAY` whose samples (`bpf_perf_event_output`) are `T`.
/// The type is the caller's word, as for [`TypedRingBuf`](super::TypedRingBuf); a
/// sample shorter than `T` fills its prefix and leaves the rest zero, a longer one (the
/// kernel pads samples to 8 bytes) is cut.
pub struct TypedPerfEventArray<T> {
    array: PerfEventArray,
    sample: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for TypedPerfEventArray<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedPerfEventArray")
            .field("array", &self.array)
            .field("sample", &std::any::type_name::<T>())
            .finish()
    }
}

impl<T> Clone for TypedPerfEventArray<T> {
    fn clone(&self) -> Self {
        TypedPerfEventArray {
            array: self.array.clone(),
            sample: PhantomData,
        }
    }
}

impl<T: Pod> TypedPerfEventArray<T> {
    /// The perf event array `name` of `obj`, read as `T` samples; fails if it is another
    /// map type.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        Ok(TypedPerfEventArray {
            array: PerfEventArray::new(obj, name)?,
            sample: PhantomData,
        })
    }

    /// The untyped array.
    pub fn array(&self) -> &PerfEventArray {
        &self.array
    }

    /// The underlying map.
    pub fn map(&self) -> &Map {
        self.array.map()
    }

    /// Opens a perf buffer with `pages_per_cpu` data pages per CPU (a power of two), as
    /// [`PerfEventArray::buffer`] does, yielding `T` samples.
    pub fn buffer(&self, pages_per_cpu: usize) -> Result<TypedPerfBuffer<T>, MapError> {
        Ok(TypedPerfBuffer {
            buffer: self.array.buffer(pages_per_cpu)?,
            sample: PhantomData,
        })
    }
}

/// Reads the `T` samples of a [`TypedPerfEventArray`], CPUs in turn: iterate it for
/// `(cpu, T)`, or use [`consume`](Self::consume) / [`poll_consume`](Self::poll_consume)
/// with callbacks (libbpf's `perf_buffer__consume` / `perf_buffer__poll`). Lost samples
/// are counted in [`lost`](Self::lost).
pub struct TypedPerfBuffer<T> {
    buffer: PerfBuffer,
    sample: PhantomData<fn() -> T>,
}

impl<T> std::fmt::Debug for TypedPerfBuffer<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedPerfBuffer")
            .field("buffer", &self.buffer)
            .field("sample", &std::any::type_name::<T>())
            .finish()
    }
}

impl<T: Pod> TypedPerfBuffer<T> {
    /// Waits up to `timeout` for a record; returns whether one is ready.
    pub fn poll(&self, timeout: Duration) -> Result<bool, MapError> {
        self.buffer.poll(timeout)
    }

    /// Hands every record available now to a callback: `on_sample(cpu, T)`, and
    /// `on_lost(cpu, count)` for samples dropped because a ring was full. Returns how
    /// many samples.
    pub fn consume(
        &mut self,
        mut on_sample: impl FnMut(u32, T),
        on_lost: impl FnMut(u32, u64),
    ) -> usize {
        self.buffer.consume(
            |cpu, bytes| on_sample(cpu, pod::read_prefix(bytes)),
            on_lost,
        )
    }

    /// Waits up to `timeout` for records, then [`consume`](Self::consume)s them;
    /// returns how many samples (0 on timeout).
    pub fn poll_consume(
        &mut self,
        timeout: Duration,
        on_sample: impl FnMut(u32, T),
        on_lost: impl FnMut(u32, u64),
    ) -> Result<usize, MapError> {
        self.buffer.poll(timeout)?;
        Ok(self.consume(on_sample, on_lost))
    }

    /// Samples the kernel reported lost so far.
    pub fn lost(&self) -> u64 {
        self.buffer.lost()
    }

    /// The byte-level buffer underneath.
    pub fn bytes(&mut self) -> &mut PerfBuffer {
        &mut self.buffer
    }

    /// The byte-level buffer, e.g. for an async reader.
    pub fn into_bytes(self) -> PerfBuffer {
        self.buffer
    }
}

impl<T: Pod> Iterator for TypedPerfBuffer<T> {
    type Item = (u32, T);

    /// The next sample available now with its CPU; `None` when every ring is empty.
    fn next(&mut self) -> Option<(u32, T)> {
        self.buffer.next_as()
    }
}
