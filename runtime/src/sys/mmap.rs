//! Memory-mapping `BPF_F_MMAPABLE` maps (arrays, and the like).

use std::io;
use std::os::fd::{AsRawFd, BorrowedFd};
use std::ptr::NonNull;

use super::error::SyscallError;

/// A `MAP_SHARED` mapping of a BPF map, unmapped on drop.
///
/// The memory is shared with the kernel: BPF programs (and other processes
/// mapping the same map) may change it at any time, so slices obtained from
/// this region should be read as snapshots of racy data (e.g. copied out or
/// accessed with per-field reads), exactly as with any shared memory.
#[derive(Debug)]
pub struct MmapRegion {
    ptr: NonNull<u8>,
    /// Requested length; slices have this length.
    len: usize,
    /// Length actually mapped (`len` rounded up to the page size).
    map_len: usize,
    writable: bool,
}

// SAFETY: the region is plain memory owned by this value, with no
// thread-affine state; `&self` only hands out shared slices and mutation
// needs `&mut self`, so Rust's aliasing rules carry over across threads.
unsafe impl Send for MmapRegion {}
// SAFETY: see `Send`; shared access only yields `&[u8]`.
unsafe impl Sync for MmapRegion {}

fn page_size() -> usize {
    // SAFETY: sysconf has no memory-safety preconditions.
    let size = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(size)
        .ok()
        .filter(|s| *s > 0)
        .unwrap_or(4096)
}

impl MmapRegion {
    /// Maps the first `len` bytes of the map behind `fd`, read-only or
    /// read-write. The mapping is rounded up to whole pages; slices have
    /// exactly `len` bytes.
    pub fn map(fd: BorrowedFd<'_>, len: usize, writable: bool) -> Result<MmapRegion, SyscallError> {
        Self::map_at(fd, len, writable, None)
    }

    /// Like [`MmapRegion::map`], at a fixed user address when `addr` is given (BPF arenas
    /// with `map_extra`). Uses `MAP_FIXED_NOREPLACE`, so an occupied range is an error
    /// (`EEXIST`), never a silently replaced mapping.
    pub fn map_at(
        fd: BorrowedFd<'_>,
        len: usize,
        writable: bool,
        addr: Option<usize>,
    ) -> Result<MmapRegion, SyscallError> {
        let page = page_size();
        let map_len = len
            .checked_next_multiple_of(page)
            .filter(|l| *l > 0)
            .ok_or_else(|| SyscallError::invalid("mmap", format!("bad length {len}")))?;
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
        // MAP_FIXED_NOREPLACE, at a range the kernel verified to be unused, so it
        // cannot alias existing Rust memory; `fd` is open for the call.
        let ptr = unsafe { libc::mmap(hint, map_len, prot, flags, fd.as_raw_fd(), 0) };
        if ptr == libc::MAP_FAILED {
            return Err(SyscallError::new("mmap", io::Error::last_os_error()));
        }
        let ptr = NonNull::new(ptr.cast::<u8>())
            .ok_or_else(|| SyscallError::invalid("mmap", "kernel returned a NULL mapping"))?;
        Ok(MmapRegion {
            ptr,
            len,
            map_len,
            writable,
        })
    }

    /// The requested length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the region is empty (never true: `map` rejects length 0).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the region was mapped writable.
    pub fn is_writable(&self) -> bool {
        self.writable
    }

    /// The mapped bytes.
    pub fn as_slice(&self) -> &[u8] {
        // SAFETY: `ptr` is a live mapping of `map_len >= len` readable bytes
        // until `drop`, which needs `&mut self`.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    /// The mapped bytes, writable; `None` for a read-only mapping.
    pub fn as_mut_slice(&mut self) -> Option<&mut [u8]> {
        if !self.writable {
            return None;
        }
        // SAFETY: the mapping is writable and `&mut self` guarantees no other
        // slice of it is alive.
        Some(unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) })
    }
}

impl Drop for MmapRegion {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping created in `map`; no slices
        // outlive `self`. A failure cannot be reported from drop and leaves
        // the mapping in place, which is memory-safe.
        unsafe { libc::munmap(self.ptr.as_ptr().cast(), self.map_len) };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sys::consts::*;
    use crate::sys::map::tests::new_map;
    use crate::sys::map::{map_freeze, map_lookup_elem};
    use crate::sys::probe::require_bpf;
    use std::os::fd::AsFd;

    #[test]
    fn write_through_mmap_read_through_lookup() {
        require_bpf!();
        let map = new_map(BPF_MAP_TYPE_ARRAY, 8, 4, BPF_F_MMAPABLE);
        let mut region = MmapRegion::map(map.as_fd(), 32, true).expect("mmap");
        assert_eq!(region.as_slice().len(), 32);
        let slice = region.as_mut_slice().expect("writable");
        slice[16..24].copy_from_slice(&0x1122_3344_5566_7788u64.to_ne_bytes());
        let mut value = [0u8; 8];
        assert!(map_lookup_elem(map.as_fd(), &2u32.to_ne_bytes(), &mut value).expect("lookup"));
        assert_eq!(u64::from_ne_bytes(value), 0x1122_3344_5566_7788);
        // A writable mapping prevents freezing.
        let err = map_freeze(map.as_fd()).expect_err("freeze with writable mmap");
        assert_eq!(err.errno(), libc::EBUSY);
    }

    #[test]
    fn read_only_mapping() {
        require_bpf!();
        let map = new_map(BPF_MAP_TYPE_ARRAY, 4, 1, BPF_F_MMAPABLE);
        let mut region = MmapRegion::map(map.as_fd(), 4, false).expect("mmap");
        assert!(region.as_mut_slice().is_none());
        assert_eq!(region.as_slice(), &[0; 4]);
        assert!(MmapRegion::map(map.as_fd(), 0, false).is_err());
        // Not mmapable without the flag.
        let plain = new_map(BPF_MAP_TYPE_ARRAY, 4, 1, 0);
        assert!(MmapRegion::map(plain.as_fd(), 4, false).is_err());
    }
}
