//! Element access: lookup, update, delete and key iteration.
//!
//! The kernel copies the map's key and value sizes to and from the caller's
//! buffers without knowing their lengths, so every call first checks the
//! buffers against the map's real sizes. [`MapAccess`] queries those sizes
//! once (one `BPF_OBJ_GET_INFO_BY_FD`) and can be reused; the free functions
//! build a fresh one per call.

use crate::abi::{Command, MapType};
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd};

use super::map_get_info;
use crate::sys::cpus::possible_cpus;
use crate::sys::error::SyscallError;
use crate::sys::raw;

/// `bpf_attr` member used by the `BPF_MAP_*_ELEM` commands.
#[repr(C)]
#[derive(Default)]
struct ElemAttr {
    map_fd: u32,
    pad: u32,
    key: u64,
    /// `value` or `next_key`.
    value: u64,
    flags: u64,
}

const _: () = assert!(size_of::<ElemAttr>() == 32);

/// A map fd together with its verified key and value sizes.
#[derive(Debug, Clone, Copy)]
pub struct MapAccess<'a> {
    fd: BorrowedFd<'a>,
    key_size: usize,
    value_size: usize,
}

impl<'a> MapAccess<'a> {
    /// Reads the map's sizes from the kernel.
    pub fn new(fd: BorrowedFd<'a>) -> Result<Self, SyscallError> {
        let info = map_get_info(fd)?;
        Self::of_definition(fd, info.map_type, info.key_size, info.value_size)
    }

    /// A handle for a map whose type and sizes the kernel is known to hold without
    /// asking it: the definition it was just created with (the kernel stores key and
    /// value sizes as given), or one a compatibility check matched against its info.
    /// Crate-private: wrong sizes would let the kernel write past a buffer.
    pub(crate) fn of_definition(
        fd: BorrowedFd<'a>,
        map_type: MapType,
        key_size: u32,
        value_size: u32,
    ) -> Result<Self, SyscallError> {
        let mut value_size = value_size as usize;
        if matches!(
            map_type,
            MapType::PercpuHash
                | MapType::PercpuArray
                | MapType::LruPercpuHash
                | MapType::PercpuCgroupStorage
        ) {
            value_size = value_size
                .next_multiple_of(8)
                .checked_mul(possible_cpus()?)
                .ok_or_else(|| SyscallError::invalid("BPF_MAP_LOOKUP_ELEM", "value too large"))?;
        }
        Ok(Self {
            fd,
            key_size: key_size as usize,
            value_size,
        })
    }

    /// A handle whose sizes were read from the kernel earlier (by [`MapAccess::new`] on
    /// the same map), so no syscall is needed. Crate-private: wrong sizes would let the
    /// kernel write past a buffer.
    pub(crate) fn from_verified(fd: BorrowedFd<'a>, key_size: usize, value_size: usize) -> Self {
        Self {
            fd,
            key_size,
            value_size,
        }
    }

    /// Key size in bytes.
    pub fn key_size(&self) -> usize {
        self.key_size
    }

    /// Bytes of one value as copied by the syscalls: the map's value size, or
    /// for per-CPU maps the value size rounded up to 8 times the number of
    /// possible CPUs.
    pub fn value_size(&self) -> usize {
        self.value_size
    }

    fn check(
        call: &'static str,
        what: &str,
        got: usize,
        need: usize,
        exact: bool,
    ) -> Result<(), SyscallError> {
        if got == need || (!exact && got > need) {
            return Ok(());
        }
        Err(SyscallError::invalid(
            call,
            format!("{what} buffer is {got} bytes, the map needs {need}"),
        ))
    }

    /// The map fd.
    pub(super) fn fd(&self) -> BorrowedFd<'a> {
        self.fd
    }

    /// Pointer for a key buffer; NULL for key-less maps (queue, stack,
    /// bloom filter), as the kernel rejects a non-NULL key there.
    fn key_ptr(&self, key: &[u8]) -> u64 {
        if self.key_size == 0 {
            0
        } else {
            key.as_ptr() as u64
        }
    }

    /// Runs one element command; `Ok(false)` on `ENOENT`.
    ///
    /// # Safety
    ///
    /// `attr`'s pointers must be valid for the kernel to read (key) or
    /// read/write (value, next key) `self.key_size` / `self.value_size`
    /// bytes.
    unsafe fn run(
        &self,
        cmd: Command,
        call: &'static str,
        attr: &mut ElemAttr,
    ) -> Result<bool, SyscallError> {
        attr.map_fd = self.fd.as_raw_fd() as u32;
        // SAFETY: `ElemAttr` is the padding-free element member of
        // `bpf_attr`; buffer validity is this function's contract.
        match unsafe { raw::sys_bpf(cmd, attr, size_of::<ElemAttr>()) } {
            Ok(_) => Ok(true),
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => Ok(false),
            Err(e) => Err(SyscallError::new(call, e)),
        }
    }

    /// Copies the value for `key` into `value`; `false` if there is none.
    pub fn lookup(&self, key: &[u8], value: &mut [u8], flags: u64) -> Result<bool, SyscallError> {
        const CALL: &str = "BPF_MAP_LOOKUP_ELEM";
        Self::check(CALL, "key", key.len(), self.key_size, true)?;
        Self::check(CALL, "value", value.len(), self.value_size, false)?;
        let mut attr = ElemAttr {
            key: self.key_ptr(key),
            value: value.as_mut_ptr() as u64,
            flags,
            ..ElemAttr::default()
        };
        // SAFETY: `key` holds exactly `key_size` bytes and `value` (borrowed
        // exclusively) at least `value_size`, checked above.
        unsafe { self.run(Command::MapLookupElem, CALL, &mut attr) }
    }

    /// Stores `value` under `key` (`flags`: `BPF_ANY`, `BPF_NOEXIST`,
    /// `BPF_EXIST`, optionally `| BPF_F_LOCK`).
    pub fn update(&self, key: &[u8], value: &[u8], flags: u64) -> Result<(), SyscallError> {
        const CALL: &str = "BPF_MAP_UPDATE_ELEM";
        Self::check(CALL, "key", key.len(), self.key_size, true)?;
        Self::check(CALL, "value", value.len(), self.value_size, true)?;
        let mut attr = ElemAttr {
            key: self.key_ptr(key),
            value: value.as_ptr() as u64,
            flags,
            ..ElemAttr::default()
        };
        // SAFETY: the kernel only reads `key_size` bytes of `key` and
        // `value_size` bytes of `value`, the lengths checked above.
        // ENOENT from an update is a real error, not "absent".
        match unsafe { self.run(Command::MapUpdateElem, CALL, &mut attr) } {
            Ok(true) => Ok(()),
            Ok(false) => Err(SyscallError::from_errno(CALL, libc::ENOENT)),
            Err(e) => Err(e),
        }
    }

    /// Copies the value for `key` into `value` and removes it, in one step; `false` if
    /// there is none. For queues and stacks (no key) this is a pop.
    pub fn lookup_and_delete(&self, key: &[u8], value: &mut [u8]) -> Result<bool, SyscallError> {
        const CALL: &str = "BPF_MAP_LOOKUP_AND_DELETE_ELEM";
        Self::check(CALL, "key", key.len(), self.key_size, true)?;
        Self::check(CALL, "value", value.len(), self.value_size, false)?;
        let mut attr = ElemAttr {
            key: self.key_ptr(key),
            value: value.as_mut_ptr() as u64,
            ..ElemAttr::default()
        };
        // SAFETY: `key` holds exactly `key_size` bytes and `value` (borrowed
        // exclusively) at least `value_size`, checked above.
        unsafe { self.run(Command::MapLookupAndDeleteElem, CALL, &mut attr) }
    }

    /// Deletes `key`; `false` if it was not present.
    pub fn delete(&self, key: &[u8]) -> Result<bool, SyscallError> {
        const CALL: &str = "BPF_MAP_DELETE_ELEM";
        Self::check(CALL, "key", key.len(), self.key_size, true)?;
        let mut attr = ElemAttr {
            key: self.key_ptr(key),
            ..ElemAttr::default()
        };
        // SAFETY: the kernel reads `key_size` bytes of `key`, checked above.
        unsafe { self.run(Command::MapDeleteElem, CALL, &mut attr) }
    }

    /// Writes the key following `key` (the first key if `None`) into
    /// `next`; `false` once there are no more keys.
    pub fn get_next_key(&self, key: Option<&[u8]>, next: &mut [u8]) -> Result<bool, SyscallError> {
        const CALL: &str = "BPF_MAP_GET_NEXT_KEY";
        if let Some(key) = key {
            Self::check(CALL, "key", key.len(), self.key_size, true)?;
        }
        Self::check(CALL, "next key", next.len(), self.key_size, false)?;
        let mut attr = ElemAttr {
            key: key.map_or(0, |k| self.key_ptr(k)),
            value: next.as_mut_ptr() as u64,
            ..ElemAttr::default()
        };
        // SAFETY: `key` (if any) holds `key_size` readable bytes and `next`
        // (borrowed exclusively) at least `key_size` writable ones.
        unsafe { self.run(Command::MapGetNextKey, CALL, &mut attr) }
    }
}

/// Stores `value` under `key`; see [`MapAccess::update`].
pub fn map_update_elem(
    fd: BorrowedFd<'_>,
    key: &[u8],
    value: &[u8],
    flags: u64,
) -> Result<(), SyscallError> {
    MapAccess::new(fd)?.update(key, value, flags)
}

/// Copies the value for `key` into `value`; `false` if absent (`ENOENT`).
pub fn map_lookup_elem(
    fd: BorrowedFd<'_>,
    key: &[u8],
    value: &mut [u8],
) -> Result<bool, SyscallError> {
    MapAccess::new(fd)?.lookup(key, value, 0)
}

/// Deletes `key`; `false` if it was absent (`ENOENT`).
pub fn map_delete_elem(fd: BorrowedFd<'_>, key: &[u8]) -> Result<bool, SyscallError> {
    MapAccess::new(fd)?.delete(key)
}

/// Writes the key after `key` (first key if `None`) into `next`; `false` at
/// the end (`ENOENT`).
pub fn map_get_next_key(
    fd: BorrowedFd<'_>,
    key: Option<&[u8]>,
    next: &mut [u8],
) -> Result<bool, SyscallError> {
    MapAccess::new(fd)?.get_next_key(key, next)
}
