//! [`RingBuf`]: a `BPF_MAP_TYPE_RINGBUF` handle; records are read with a
//! [`RingBufReader`].

use crate::abi::MapType;
use std::sync::Arc;

use super::handle::MapRef;
use super::ringbuf_reader::RingBufReader;
use crate::prepare::map::Map;
use crate::prepare::map::MapError;
use crate::PreparedObject;

/// A `BPF_MAP_TYPE_RINGBUF`: BPF programs write records (`bpf_ringbuf_output`,
/// `bpf_ringbuf_reserve`/`submit`), user space consumes them through a
/// [`RingBufReader`].
///
/// ```no_run
/// # fn main() -> Result<(), bpfgen_runtime::Error> {
/// # let obj: std::sync::Arc<bpfgen_runtime::PreparedObject> = unimplemented!();
/// use bpfgen_runtime::maps::RingBuf;
/// use std::time::Duration;
///
/// let mut reader = RingBuf::new(&obj, "events")?.reader()?;
/// while reader.poll(Duration::from_secs(1))? {
///     for record in &mut reader {
///         println!("{} bytes", record.len());
///     }
/// }
/// # Ok(()) }
/// ```
///
/// Minimum kernel version: 5.8.
#[derive(Debug, Clone)]
pub struct RingBuf {
    map: MapRef,
}

impl RingBuf {
    /// The ring buffer `name` of `obj`; fails if it is another map type.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        let map = MapRef::new(obj, name, "RingBuf", &[MapType::Ringbuf], "ringbuf")?;
        Ok(RingBuf { map })
    }

    /// The underlying map.
    pub fn map(&self) -> &Map {
        self.map.map()
    }

    /// Data area size in bytes (`max_entries`).
    pub fn capacity(&self) -> usize {
        self.map().spec().max_entries as usize
    }

    /// Maps the ring buffer into memory and returns its consumer. One reader at a time:
    /// readers would share the kernel's consumer position, so a second `reader()` while
    /// one is alive is refused ([`MapError::Busy`]) until that one is dropped.
    pub fn reader(&self) -> Result<RingBufReader, MapError> {
        RingBufReader::new(self.map.clone())
    }
}
