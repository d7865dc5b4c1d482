//! Batch element access: `BPF_MAP_LOOKUP_BATCH`, `BPF_MAP_LOOKUP_AND_DELETE_BATCH`,
//! `BPF_MAP_UPDATE_BATCH` and `BPF_MAP_DELETE_BATCH` (5.6+), on a [`MapAccess`] whose
//! sizes bound every buffer.

use crate::abi::Command;
use std::mem::size_of;
use std::os::fd::AsRawFd;

use super::elem::MapAccess;
use crate::sys::error::SyscallError;
use crate::sys::raw;

/// `bpf_attr` member `batch`.
#[repr(C)]
#[derive(Default)]
struct BatchAttr {
    in_batch: u64,
    out_batch: u64,
    keys: u64,
    values: u64,
    count: u32,
    map_fd: u32,
    elem_flags: u64,
    flags: u64,
}

const _: () = assert!(size_of::<BatchAttr>() == 56);

/// Size of the opaque batch position: a key for arrays, a bucket index for hash maps;
/// never less than 8 bytes.
fn token_size(key_size: usize) -> usize {
    key_size.max(8)
}

/// Elements read by one lookup batch, and whether the map has no more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchRead {
    /// Elements copied into the buffers.
    pub count: usize,
    /// The walk reached the end of the map.
    pub done: bool,
}

impl MapAccess<'_> {
    /// Runs one batch command; `ENOENT` (the end of the map) is reported in the result.
    ///
    /// # Safety
    /// `attr`'s pointers must be valid for the kernel to read and write what its
    /// `count` and the map's sizes say.
    unsafe fn run_batch(
        &self,
        cmd: Command,
        call: &'static str,
        attr: &mut BatchAttr,
    ) -> Result<BatchRead, SyscallError> {
        attr.map_fd = self.fd().as_raw_fd() as u32;
        // SAFETY: `BatchAttr` is the padding-free `batch` member of `bpf_attr`; buffer
        // validity is this function's contract.
        match unsafe { raw::sys_bpf(cmd, attr, size_of::<BatchAttr>()) } {
            Ok(_) => Ok(BatchRead {
                count: attr.count as usize,
                done: false,
            }),
            Err(e) if e.raw_os_error() == Some(libc::ENOENT) => Ok(BatchRead {
                count: attr.count as usize,
                done: true,
            }),
            Err(e) => Err(SyscallError::new(call, e)),
        }
    }

    /// Reads every element (removing each when `delete`) in batches of up to `batch`
    /// elements: keys and values packed back to back, and how many.
    pub fn lookup_all_batched(
        &self,
        batch: usize,
        delete: bool,
    ) -> Result<(Vec<u8>, Vec<u8>, usize), SyscallError> {
        let (cmd, call) = if delete {
            (
                Command::MapLookupAndDeleteBatch,
                "BPF_MAP_LOOKUP_AND_DELETE_BATCH",
            )
        } else {
            (Command::MapLookupBatch, "BPF_MAP_LOOKUP_BATCH")
        };
        let mut batch = batch.max(1);
        let (ks, vs) = (self.key_size(), self.value_size());
        let mut keys = Vec::new();
        let mut values = Vec::new();
        let mut total = 0;
        let mut token = vec![0u8; token_size(ks)];
        let mut next = vec![0u8; token_size(ks)];
        let mut first = true;
        loop {
            let count = u32::try_from(batch)
                .map_err(|_| SyscallError::invalid(call, format!("batch of {batch} elements")))?;
            keys.resize((total + batch) * ks, 0);
            values.resize((total + batch) * vs, 0);
            let mut attr = BatchAttr {
                in_batch: if first { 0 } else { token.as_ptr() as u64 },
                out_batch: next.as_mut_ptr() as u64,
                keys: keys[total * ks..].as_mut_ptr() as u64,
                values: values[total * vs..].as_mut_ptr() as u64,
                count,
                ..BatchAttr::default()
            };
            // SAFETY: the key and value buffers hold `count` elements past `total`, and
            // the batch tokens are at least as large as the kernel's position (a key or a
            // `u32` bucket index).
            let read = match unsafe { self.run_batch(cmd, call, &mut attr) } {
                Ok(read) => read,
                // A hash bucket holds more elements than the batch: retry it larger.
                Err(e) if e.errno() == libc::ENOSPC && batch < (1 << 20) => {
                    batch *= 2;
                    continue;
                }
                Err(e) => return Err(e),
            };
            total += read.count.min(batch);
            if read.done {
                break;
            }
            std::mem::swap(&mut token, &mut next);
            first = false;
        }
        keys.truncate(total * ks);
        values.truncate(total * vs);
        Ok((keys, values, total))
    }

    /// Stores `count` elements, keys and values packed back to back, creating or
    /// replacing each (the kernel accepts no other `elem_flags` but `BPF_F_LOCK` here);
    /// returns how many were stored.
    pub fn update_batch(
        &self,
        keys: &[u8],
        values: &[u8],
        count: usize,
    ) -> Result<usize, SyscallError> {
        const CALL: &str = "BPF_MAP_UPDATE_BATCH";
        self.check_batch(CALL, keys, Some(values), count)?;
        let mut attr = BatchAttr {
            keys: keys.as_ptr() as u64,
            values: values.as_ptr() as u64,
            count: u32::try_from(count).map_err(|_| SyscallError::invalid(CALL, "too many"))?,
            ..BatchAttr::default()
        };
        // SAFETY: `keys` and `values` hold `count` elements of the map's sizes (checked);
        // the kernel only reads them.
        unsafe { self.run_batch(Command::MapUpdateBatch, CALL, &mut attr) }.map(|r| r.count)
    }

    /// Removes `count` keys packed back to back; returns how many were removed (a missing
    /// key stops the batch with `ENOENT`, reported as the count so far).
    pub fn delete_batch(&self, keys: &[u8], count: usize) -> Result<usize, SyscallError> {
        const CALL: &str = "BPF_MAP_DELETE_BATCH";
        self.check_batch(CALL, keys, None, count)?;
        let mut attr = BatchAttr {
            keys: keys.as_ptr() as u64,
            count: u32::try_from(count).map_err(|_| SyscallError::invalid(CALL, "too many"))?,
            ..BatchAttr::default()
        };
        // SAFETY: `keys` holds `count` keys of the map's key size (checked); the kernel
        // only reads them.
        unsafe { self.run_batch(Command::MapDeleteBatch, CALL, &mut attr) }.map(|r| r.count)
    }

    fn check_batch(
        &self,
        call: &'static str,
        keys: &[u8],
        values: Option<&[u8]>,
        count: usize,
    ) -> Result<(), SyscallError> {
        let want_keys = count.checked_mul(self.key_size());
        if want_keys != Some(keys.len()) {
            return Err(SyscallError::invalid(
                call,
                format!(
                    "{} key bytes for {count} keys of {}",
                    keys.len(),
                    self.key_size()
                ),
            ));
        }
        if let Some(values) = values {
            if count.checked_mul(self.value_size()) != Some(values.len()) {
                return Err(SyscallError::invalid(
                    call,
                    format!(
                        "{} value bytes for {count} values of {}",
                        values.len(),
                        self.value_size()
                    ),
                ));
            }
        }
        Ok(())
    }
}
