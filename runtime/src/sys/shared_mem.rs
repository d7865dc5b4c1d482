//! Memory shared with BPF programs: `MAP_SHARED` mappings of maps (data sections, ring
//! buffers), written from Rust only through atomic stores.
//!
//! BPF programs write such memory at any time, so Rust must not hold a plain `&[u8]` or
//! `&T` into memory a program may write meanwhile. [`SharedRegion`] copies values in and
//! out with relaxed atomic accesses (8 bytes at a time where aligned), reads and writes
//! the ring-buffer positions with acquire/release ordering, and hands out exactly one
//! kind of reference: [`SharedRegion::ring_record`], a submitted ring-buffer record on
//! the read-only data mapping, which the kernel leaves alone until the consumer releases
//! it.

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::ptr::NonNull;
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicU8, Ordering};

use super::error::SyscallError;
use crate::pod::{self, Pod};

/// A `MAP_SHARED` mapping of part of a BPF map, unmapped on drop, accessed only through
/// atomics (so concurrent writes by the kernel, by other threads or by other processes are
/// never data races).
#[derive(Debug)]
pub struct SharedRegion {
    ptr: NonNull<u8>,
    /// Usable length: the mapped length (whole pages).
    len: usize,
    writable: bool,
}

// SAFETY: the region is plain memory owned by this value; every write from Rust goes
// through atomic operations, and the only plain reads (`ring_record`) cover ranges nothing
// writes meanwhile, so sharing it across threads cannot cause a data race.
unsafe impl Send for SharedRegion {}
// SAFETY: see `Send`.
unsafe impl Sync for SharedRegion {}

/// The system page size.
pub fn page_size() -> usize {
    // SAFETY: sysconf has no memory-safety preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size)
        .ok()
        .filter(|s| *s > 0)
        .unwrap_or(4096)
}

impl SharedRegion {
    /// Maps `len` bytes (rounded up to whole pages) of the map behind `fd`, starting at
    /// byte `offset` (a multiple of the page size). The map must have been created
    /// mmapable (`BPF_F_MMAPABLE` arrays, ring buffers, arenas).
    pub fn map(
        fd: BorrowedFd<'_>,
        offset: usize,
        len: usize,
        writable: bool,
    ) -> Result<SharedRegion, SyscallError> {
        Self::map_at(fd, offset, len, writable, None)
    }

    /// Like [`SharedRegion::map`], at the fixed user address `addr` when given (a BPF
    /// arena with `map_extra`). Uses `MAP_FIXED_NOREPLACE`, so an occupied range is an
    /// error (`EEXIST`), never a silently replaced mapping.
    pub fn map_at(
        fd: BorrowedFd<'_>,
        offset: usize,
        len: usize,
        writable: bool,
        addr: Option<usize>,
    ) -> Result<SharedRegion, SyscallError> {
        let page = page_size();
        let len = len
            .checked_next_multiple_of(page)
            .filter(|l| *l > 0 && offset % page == 0)
            .ok_or_else(|| SyscallError::invalid("mmap", format!("bad range {offset}+{len}")))?;
        let off = libc::off_t::try_from(offset)
            .map_err(|_| SyscallError::invalid("mmap", "offset too large"))?;
        let prot = if writable {
            libc::PROT_READ | libc::PROT_WRITE
        } else {
            libc::PROT_READ
        };
        let (hint, flags) = match addr {
            Some(a) => (
                a as *mut libc::c_void,
                libc::MAP_SHARED | libc::MAP_FIXED_NOREPLACE,
            ),
            None => (std::ptr::null_mut(), libc::MAP_SHARED),
        };
        // SAFETY: the mapping is either at a kernel-chosen address or, with
        // MAP_FIXED_NOREPLACE, at a range the kernel verified to be unused, so it cannot
        // alias existing Rust memory; `fd` is open for the call.
        let ptr = unsafe { libc::mmap(hint, len, prot, flags, fd.as_raw_fd(), off) };
        if ptr == libc::MAP_FAILED {
            return Err(SyscallError::new("mmap", io::Error::last_os_error()));
        }
        let ptr = NonNull::new(ptr.cast::<u8>())
            .ok_or_else(|| SyscallError::invalid("mmap", "kernel returned a NULL mapping"))?;
        Ok(SharedRegion { ptr, len, writable })
    }

    /// Mapped length in bytes (whole pages).
    pub fn len(&self) -> usize {
        self.len
    }

    /// Never true: `map` rejects empty ranges.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the region was mapped writable.
    pub fn is_writable(&self) -> bool {
        self.writable
    }

    /// `Some(ptr + offset)` when `offset..offset + size` lies inside the mapping.
    #[inline]
    fn at(&self, offset: usize, size: usize) -> Option<*mut u8> {
        let end = offset.checked_add(size)?;
        (end <= self.len).then(|| self.ptr.as_ptr().wrapping_add(offset))
    }

    /// Copies `out.len()` bytes at `offset` into `out`, 8 bytes at a time where aligned.
    /// `false` when the range is outside the region.
    pub fn read_into(&self, offset: usize, out: &mut [u8]) -> bool {
        let Some(base) = self.at(offset, out.len()) else {
            return false;
        };
        let mut i = 0;
        while i < out.len() {
            // Inside the mapping: `at` checked the whole range.
            let p = base.wrapping_add(i);
            if p as usize % 8 == 0 && out.len() - i >= 8 {
                // SAFETY: `p` is 8-aligned and in bounds for 8 bytes; Rust code writes this
                // memory only atomically.
                let word = unsafe { AtomicU64::from_ptr(p.cast()) }.load(Ordering::Relaxed);
                out[i..i + 8].copy_from_slice(&word.to_ne_bytes());
                i += 8;
            } else {
                // SAFETY: `p` is in bounds; one byte is always aligned.
                out[i] = unsafe { AtomicU8::from_ptr(p) }.load(Ordering::Relaxed);
                i += 1;
            }
        }
        true
    }

    /// Copies `bytes` to `offset`, 8 bytes at a time where aligned. Fails for a read-only
    /// mapping or a range outside the region.
    pub fn write_from(&self, offset: usize, bytes: &[u8]) -> Result<(), SyscallError> {
        let base = self
            .at(offset, bytes.len())
            .filter(|_| self.writable)
            .ok_or_else(|| SyscallError::invalid("mmap write", "read-only or out of range"))?;
        let mut i = 0;
        while i < bytes.len() {
            // Inside the mapping: `at` checked the whole range.
            let p = base.wrapping_add(i);
            if p as usize % 8 == 0 && bytes.len() - i >= 8 {
                let mut word = [0u8; 8];
                word.copy_from_slice(&bytes[i..i + 8]);
                // SAFETY: `p` is 8-aligned, in bounds, writable; Rust code writes it only atomically.
                unsafe { AtomicU64::from_ptr(p.cast()) }
                    .store(u64::from_ne_bytes(word), Ordering::Relaxed);
                i += 8;
            } else {
                // SAFETY: `p` is in bounds and writable.
                unsafe { AtomicU8::from_ptr(p) }.store(bytes[i], Ordering::Relaxed);
                i += 1;
            }
        }
        Ok(())
    }

    /// The bytes at `offset..offset + len` as a plain slice, for a ring buffer's
    /// submitted records: the kernel writes a record's bytes before it publishes the
    /// record and not again until the consumer position moves past it, and this mapping
    /// is read-only to us, so nothing writes the range while the slice lives if the
    /// caller keeps the consumer position before it meanwhile (`RingRecord` does: it
    /// releases the space when dropped). `None` when out of range or on a writable
    /// mapping (which Rust code could write through).
    #[inline]
    pub fn ring_record(&self, offset: usize, len: usize) -> Option<&[u8]> {
        let p = self.at(offset, len).filter(|_| !self.writable)?;
        // SAFETY: `p..p + len` lies inside the live mapping (checked by `at`), which
        // outlives `&self`; the mapping is read-only to this process and, per the
        // contract above, the kernel does not write the range while the slice lives.
        Some(unsafe { std::slice::from_raw_parts(p.cast_const(), len) })
    }

    /// Reads a `T` at `offset`; `None` when out of range.
    pub fn load<T: Pod>(&self, offset: usize) -> Option<T> {
        let mut value = pod::zeroed::<T>();
        self.read_into(offset, pod::bytes_of_mut(&mut value))
            .then_some(value)
    }

    /// Reads the 8-aligned `u64` at `offset` with acquire ordering (ring-buffer positions).
    #[inline]
    pub fn load_acquire_u64(&self, offset: usize) -> Option<u64> {
        let p = self.at(offset, 8).filter(|p| *p as usize % 8 == 0)?;
        // SAFETY: `p` is 8-aligned and in bounds; Rust code writes it only atomically.
        Some(unsafe { AtomicU64::from_ptr(p.cast()) }.load(Ordering::Acquire))
    }

    /// Reads the 4-aligned `u32` at `offset` with acquire ordering (ring-buffer headers).
    #[inline]
    pub fn load_acquire_u32(&self, offset: usize) -> Option<u32> {
        let p = self.at(offset, 4).filter(|p| *p as usize % 4 == 0)?;
        // SAFETY: `p` is 4-aligned and in bounds; Rust code writes it only atomically.
        Some(unsafe { AtomicU32::from_ptr(p.cast()) }.load(Ordering::Acquire))
    }

    /// Writes the 8-aligned `u64` at `offset` with release ordering. Fails for a read-only
    /// mapping or a bad offset.
    #[inline]
    pub fn store_release_u64(&self, offset: usize, value: u64) -> Result<(), SyscallError> {
        let p = self
            .at(offset, 8)
            .filter(|p| self.writable && *p as usize % 8 == 0)
            .ok_or_else(|| SyscallError::invalid("mmap write", "read-only or bad offset"))?;
        // SAFETY: `p` is 8-aligned, in bounds and writable; Rust code writes it only atomically.
        unsafe { AtomicU64::from_ptr(p.cast()) }.store(value, Ordering::Release);
        Ok(())
    }
}

impl Drop for SharedRegion {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping created in `map`; no reference into it exists
        // (`ring_record` slices borrow `self`, so they are gone by now). A failure leaves the mapping in place, memory-safe.
        unsafe { libc::munmap(self.ptr.as_ptr().cast(), self.len) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::MapType;
    use crate::sys::consts::*;
    use crate::sys::map::map_lookup_elem;
    use crate::sys::map::tests::new_map;
    use crate::sys::probe::require_bpf;
    use std::os::fd::AsFd;

    #[test]
    fn atomic_copies_round_trip_through_the_kernel() {
        require_bpf!();
        let map = new_map(MapType::Array, 16, 2, BPF_F_MMAPABLE);
        let region = SharedRegion::map(map.as_fd(), 0, 32, true).expect("mmap");
        assert!(region.len() >= 32);
        // Unaligned start: exercises the byte path, then the word path.
        let bytes: Vec<u8> = (1..=19).collect();
        region.write_from(13, &bytes).expect("write");
        let mut value = [0u8; 16];
        assert!(map_lookup_elem(map.as_fd(), &1u32.to_ne_bytes(), &mut value).expect("lookup"));
        assert_eq!(value, bytes[3..].try_into().unwrap_or([0; 16]));
        assert_eq!(
            region.load::<u64>(16),
            Some(u64::from_ne_bytes([4, 5, 6, 7, 8, 9, 10, 11]))
        );
        assert_eq!(region.load::<u8>(region.len()), None);
        region.store_release_u64(8, 7).expect("store");
        assert_eq!(region.load_acquire_u64(8), Some(7));
        assert_eq!(region.load_acquire_u64(9), None, "misaligned");
        assert!(SharedRegion::map(map.as_fd(), 1, 8, false).is_err());
    }

    #[test]
    fn read_only_region_refuses_writes() {
        require_bpf!();
        let map = new_map(MapType::Array, 8, 1, BPF_F_MMAPABLE);
        let region = SharedRegion::map(map.as_fd(), 0, 8, false).expect("mmap");
        assert!(!region.is_writable());
        assert!(region.write_from(0, &[1]).is_err());
        assert!(region.store_release_u64(0, 1).is_err());
        assert_eq!(region.load::<u64>(0), Some(0));
        assert!(SharedRegion::map(map.as_fd(), 0, 0, false).is_err());
        // Not mmapable without the flag.
        let plain = new_map(MapType::Array, 4, 1, 0);
        assert!(SharedRegion::map(plain.as_fd(), 0, 4, false).is_err());
    }

    #[test]
    fn writable_mapping_prevents_freezing() {
        require_bpf!();
        let map = new_map(MapType::Array, 8, 4, BPF_F_MMAPABLE);
        let _region = SharedRegion::map(map.as_fd(), 0, 32, true).expect("mmap");
        let err = crate::sys::map::map_freeze(map.as_fd()).expect_err("freeze with writable mmap");
        assert_eq!(err.errno(), libc::EBUSY);
    }
}
