//! [`PerfBuffer`]: the user-space consumer of a `BPF_MAP_TYPE_PERF_EVENT_ARRAY`, the way
//! libbpf's `perf_buffer` works: one `PERF_COUNT_SW_BPF_OUTPUT` event per online CPU,
//! stored in the array at that CPU's index and mapped as a ring (`perf_event_mmap_page`
//! header page, then a power-of-two data area).
//!
//! Records in the data area start with `struct perf_event_header` (`u32 type`,
//! `u16 misc`, `u16 size`); a `PERF_RECORD_SAMPLE` carries `u32 size` and the raw bytes
//! `bpf_perf_event_output` wrote (padded to 8 bytes), a `PERF_RECORD_LOST` the number of
//! samples dropped because the ring was full. Records may wrap around the data area.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::time::Duration;

use super::handle::MapRef;
use crate::pod::{self, Pod};
use crate::prepare::map::MapError;
use crate::sys::{self, page_size, SharedRegion, SyscallError};

/// Offsets in `struct perf_event_mmap_page`.
const DATA_HEAD: usize = 1024;
const DATA_TAIL: usize = 1032;
const DATA_OFFSET: usize = 1040;
const DATA_SIZE: usize = 1048;
/// `PERF_RECORD_LOST`.
const RECORD_LOST: u32 = 2;
/// `PERF_RECORD_SAMPLE`.
const RECORD_SAMPLE: u32 = 9;
/// `sizeof(struct perf_event_header)`.
const HEADER: u64 = 8;

/// One record of a [`PerfBuffer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PerfRecord {
    /// What a program passed to `bpf_perf_event_output`, on `cpu`. The kernel pads it:
    /// `data` may be up to 7 bytes longer than what was written (the padding is zero).
    Sample {
        /// The CPU whose ring it came from.
        cpu: u32,
        /// The raw sample.
        data: Vec<u8>,
    },
    /// `count` samples were dropped on `cpu` because its ring was full.
    Lost {
        /// The CPU whose ring overflowed.
        cpu: u32,
        /// How many samples were lost.
        count: u64,
    },
}

/// The ring of one CPU.
#[derive(Debug)]
struct CpuRing {
    cpu: u32,
    event: OwnedFd,
    /// Header page followed by the data area (read-write: user space moves `data_tail`).
    region: SharedRegion,
    data_off: usize,
    data_size: u64,
}

impl CpuRing {
    fn head(&self) -> u64 {
        self.region.load_acquire_u64(DATA_HEAD).unwrap_or(0)
    }

    fn tail(&self) -> u64 {
        self.region.load_acquire_u64(DATA_TAIL).unwrap_or(0)
    }

    /// Copies `out.len()` bytes starting at ring position `pos`, across the wrap.
    fn read(&self, pos: u64, out: &mut [u8]) -> bool {
        let off = (pos % self.data_size) as usize;
        let first = out.len().min(self.data_size as usize - off);
        let (a, b) = out.split_at_mut(first);
        self.region.read_into(self.data_off + off, a)
            && (b.is_empty() || self.region.read_into(self.data_off, b))
    }

    /// Takes the next sample or loss report into `scratch` (reused: no allocation once
    /// it has grown to the largest record), if the kernel has published one.
    fn take_into(&self, scratch: &mut Vec<u8>) -> Option<Taken> {
        loop {
            let tail = self.tail();
            if tail >= self.head() {
                return None;
            }
            let mut header = [0u8; HEADER as usize];
            if !self.read(tail, &mut header) {
                return None;
            }
            let kind = u32::from_ne_bytes([header[0], header[1], header[2], header[3]]);
            let size = u64::from(u16::from_ne_bytes([header[6], header[7]])).max(HEADER);
            scratch.resize((size - HEADER) as usize, 0);
            let ok = self.read(tail + HEADER, scratch);
            // Cannot fail: the region is writable and the offset aligned.
            let _ = self.region.store_release_u64(DATA_TAIL, tail + size);
            if !ok {
                return None;
            }
            let word = |at: usize, n: usize| scratch.get(at..at + n);
            match kind {
                RECORD_SAMPLE => {
                    let len = word(0, 4)
                        .map_or(0, |b| u32::from_ne_bytes([b[0], b[1], b[2], b[3]]) as usize);
                    let len = len.min(scratch.len().saturating_sub(4));
                    return Some(Taken::Sample(4..4 + len));
                }
                RECORD_LOST => {
                    let count = word(8, 8)
                        .map_or(0, |b| u64::from_ne_bytes(b.try_into().unwrap_or_default()));
                    return Some(Taken::Lost(count));
                }
                _ => {} // Other record types carry nothing for us: skip them.
            }
        }
    }
}

/// What [`CpuRing::take_into`] found: a sample (its bytes' range in the scratch buffer)
/// or a count of lost samples.
enum Taken {
    Sample(std::ops::Range<usize>),
    Lost(u64),
}

/// Consumes a [`PerfEventArray`](super::PerfEventArray): made by
/// [`PerfEventArray::buffer`](super::PerfEventArray::buffer). Iterate it for owned
/// [`PerfRecord`]s, [`consume`](Self::consume) / [`poll_consume`](Self::poll_consume)
/// with callbacks (samples borrowed, no allocation per record), or
/// [`next_as`](Self::next_as) for typed samples; [`poll`](Self::poll) waits for more. Dropping
/// it empties the array slots it filled and closes the events.
#[derive(Debug)]
pub struct PerfBuffer {
    map: MapRef,
    rings: Vec<CpuRing>,
    /// The ring the iterator reads next (round-robin keeps CPUs fair).
    next: usize,
    /// Where records are copied (reused across records).
    scratch: Vec<u8>,
    /// Lost samples reported so far, by whichever reading method saw the report.
    lost: u64,
}

impl PerfBuffer {
    /// Opens, maps and installs one event per online CPU, with `pages` data pages each
    /// (a power of two).
    pub(crate) fn new(map: MapRef, pages: usize) -> Result<Self, MapError> {
        let m = map.map();
        let err = |e: SyscallError| m.err(e);
        if !pages.is_power_of_two() {
            return Err(err(SyscallError::invalid(
                "perf buffer",
                format!("{pages} pages per CPU: not a power of two"),
            )));
        }
        let page = page_size();
        let mut buffer = PerfBuffer {
            map: map.clone(),
            rings: Vec::new(),
            next: 0,
            scratch: Vec::new(),
            lost: 0,
        };
        let slots = m.spec().max_entries;
        for cpu in sys::online_cpus()
            .map_err(err)?
            .into_iter()
            .filter(|c| *c < slots)
        {
            let cpu_arg = i32::try_from(cpu)
                .map_err(|_| err(SyscallError::from_errno("perf buffer", libc::EINVAL)))?;
            let event = sys::perf_event_open_bpf_output(cpu_arg).map_err(err)?;
            let region =
                SharedRegion::map(event.as_fd(), 0, page * (pages + 1), true).map_err(err)?;
            let data_off = region
                .load_acquire_u64(DATA_OFFSET)
                .filter(|o| *o != 0)
                .map_or(page, |o| o as usize);
            let data_size = region
                .load_acquire_u64(DATA_SIZE)
                .filter(|s| *s != 0)
                .unwrap_or((page * pages) as u64);
            let fd = event.as_raw_fd() as u32;
            m.access()
                .update(&cpu.to_ne_bytes(), &fd.to_ne_bytes(), 0)
                .map_err(err)?;
            // The event is enabled from its creation; kept right after its slot is set,
            // so dropping `buffer` on a later error clears the slot again.
            buffer.rings.push(CpuRing {
                cpu,
                event,
                region,
                data_off,
                data_size,
            });
        }
        Ok(buffer)
    }

    /// The CPUs with a ring, in array-slot order.
    pub fn cpus(&self) -> Vec<u32> {
        self.rings.iter().map(|r| r.cpu).collect()
    }

    /// The per-CPU event fds, for registering with a reactor.
    #[cfg(feature = "tokio")]
    pub(crate) fn event_fds(&self) -> impl Iterator<Item = BorrowedFd<'_>> {
        self.rings.iter().map(|r| r.event.as_fd())
    }

    /// The array's map.
    #[cfg(feature = "tokio")]
    pub(crate) fn array_map(&self) -> &crate::prepare::map::Map {
        self.map.map()
    }

    /// Whether a record is waiting in any ring.
    pub fn has_records(&self) -> bool {
        self.rings.iter().any(|r| r.tail() < r.head())
    }

    /// Waits up to `timeout` for a record; returns whether one is ready. Returns at once
    /// when records are already waiting.
    pub fn poll(&self, timeout: Duration) -> Result<bool, MapError> {
        if self.has_records() {
            return Ok(true);
        }
        let fds: Vec<BorrowedFd<'_>> = self.rings.iter().map(|r| r.event.as_fd()).collect();
        let map = self.map.map();
        sys::poll_any_readable(&fds, Some(timeout))
            .map(|ready| ready || self.has_records())
            .map_err(|e| map.err(e))
    }
}

impl PerfBuffer {
    /// The next record of any CPU (in turn) into the scratch buffer, counting losses.
    fn take_next(&mut self) -> Option<(u32, Taken)> {
        for _ in 0..self.rings.len() {
            let i = self.next % self.rings.len();
            self.next = i + 1;
            if let Some(taken) = self.rings[i].take_into(&mut self.scratch) {
                if let Taken::Lost(count) = taken {
                    self.lost += count;
                }
                return Some((self.rings[i].cpu, taken));
            }
        }
        None
    }

    /// Hands every record available now to a callback, CPUs in turn, like libbpf's
    /// `perf_buffer__consume`: `on_sample(cpu, bytes)` with the sample borrowed (valid
    /// for the call; padded by the kernel to 8 bytes, as with [`PerfRecord::Sample`]),
    /// `on_lost(cpu, count)` for samples dropped because a ring was full. Returns how many
    /// samples were handed over.
    pub fn consume(
        &mut self,
        mut on_sample: impl FnMut(u32, &[u8]),
        mut on_lost: impl FnMut(u32, u64),
    ) -> usize {
        let mut n = 0;
        while let Some((cpu, taken)) = self.take_next() {
            match taken {
                Taken::Sample(range) => {
                    on_sample(cpu, &self.scratch[range]);
                    n += 1;
                }
                Taken::Lost(count) => on_lost(cpu, count),
            }
        }
        n
    }

    /// Waits up to `timeout` for records, then [`consume`](Self::consume)s them (libbpf's
    /// `perf_buffer__poll`); returns how many samples (0 on timeout).
    pub fn poll_consume(
        &mut self,
        timeout: Duration,
        on_sample: impl FnMut(u32, &[u8]),
        on_lost: impl FnMut(u32, u64),
    ) -> Result<usize, MapError> {
        self.poll(timeout)?;
        Ok(self.consume(on_sample, on_lost))
    }

    /// The next sample read as a `T`, with its CPU: a sample shorter than `T` fills its
    /// prefix and leaves the rest zero, a longer one is cut. Loss reports on the way are
    /// counted in [`lost`](Self::lost). `None` when every ring is empty.
    pub fn next_as<T: Pod>(&mut self) -> Option<(u32, T)> {
        loop {
            let (cpu, taken) = self.take_next()?;
            if let Taken::Sample(range) = taken {
                return Some((cpu, pod::read_prefix(&self.scratch[range])));
            }
        }
    }

    /// Samples the kernel reported lost so far (rings full), as seen by any reading
    /// method.
    pub fn lost(&self) -> u64 {
        self.lost
    }
}

impl Iterator for PerfBuffer {
    type Item = PerfRecord;

    /// The next record available now (CPUs in turn); `None` when every ring is empty (a
    /// later call may return more).
    fn next(&mut self) -> Option<PerfRecord> {
        let (cpu, taken) = self.take_next()?;
        Some(match taken {
            Taken::Sample(range) => PerfRecord::Sample {
                cpu,
                data: self.scratch[range].to_vec(),
            },
            Taken::Lost(count) => PerfRecord::Lost { cpu, count },
        })
    }
}

impl Drop for PerfBuffer {
    fn drop(&mut self) {
        let map = self.map.map();
        for r in &self.rings {
            // The map may outlive this buffer: leave no slot naming a closed event.
            let _ = map.access().delete(&r.cpu.to_ne_bytes());
        }
    }
}
