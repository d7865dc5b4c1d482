//! [`PerfEventArray`]: the per-CPU perf-event fds `bpf_perf_event_output` writes to.

use crate::abi::MapType;
use std::os::fd::AsFd;
use std::sync::Arc;

use super::handle::MapRef;
use super::perf_buffer::PerfBuffer;
use crate::prepare::map::Map;
use crate::prepare::map::MapError;
use crate::PreparedObject;

/// A `BPF_MAP_TYPE_PERF_EVENT_ARRAY`: slot `cpu` holds a perf event fd (usually a
/// `PERF_COUNT_SW_BPF_OUTPUT` event opened on that CPU). [`buffer`](Self::buffer) sets
/// that up and reads what `bpf_perf_event_output` writes; on 5.8+ kernels
/// [`RingBuf`](super::RingBuf) is the cheaper channel.
#[derive(Debug, Clone)]
pub struct PerfEventArray {
    map: MapRef,
}

impl PerfEventArray {
    /// The perf event array `name` of `obj`; fails if it is another map type.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        let types = [MapType::PerfEventArray];
        let map = MapRef::new(obj, name, "PerfEventArray", &types, "perf_event_array")?
            .key_is::<u32>()?
            .value_is::<u32>()?;
        Ok(PerfEventArray { map })
    }

    /// The underlying map.
    pub fn map(&self) -> &Map {
        self.map.map()
    }

    /// Number of slots (`max_entries`; 0 in C means "one per possible CPU").
    pub fn len(&self) -> u32 {
        self.map().spec().max_entries
    }

    /// Whether the array has no slots.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Puts the perf event `event` into slot `index` (usually the CPU number).
    pub fn set(&self, index: u32, event: &impl AsFd) -> Result<(), MapError> {
        self.map.set_fd(index, event.as_fd())
    }

    /// Opens a perf buffer: one `PERF_COUNT_SW_BPF_OUTPUT` event per online CPU with
    /// `pages_per_cpu` data pages (a power of two; libbpf's default is 8), installed in
    /// this array. Use one buffer per array at a time.
    pub fn buffer(&self, pages_per_cpu: usize) -> Result<PerfBuffer, MapError> {
        PerfBuffer::new(self.map.clone(), pages_per_cpu)
    }

    /// Empties slot `index`; `Ok(false)` when it was already empty.
    pub fn clear(&self, index: u32) -> Result<bool, MapError> {
        self.map().delete(&index.to_ne_bytes())
    }
}
