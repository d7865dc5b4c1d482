//! Live maps of a prepared object, with byte-level access. The typed handles in
//! [`crate::maps`] build on these.

use super::UpdateFlags;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use crate::obj::MapSpec;
use crate::sys::{self, MapAccess, SyscallError};

/// A map operation failed.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum MapError {
    /// The object has no map (or data section) of this name.
    #[error("object `{object}` has no map `{map}`")]
    NotFound {
        /// Object name.
        object: String,
        /// Map name asked for.
        map: String,
    },
    /// A typed map handle was asked for a map of another type.
    #[error("map `{map}` is a `{found}` map; {handle} needs {expected}")]
    WrongType {
        /// Map name.
        map: String,
        /// The handle type, e.g. `HashMap`.
        handle: &'static str,
        /// Map types the handle accepts.
        expected: &'static str,
        /// The map's actual type.
        found: String,
    },
    /// Key or value has the wrong size for this map.
    #[error("map `{map}`: {what} is {got} bytes, the map expects {expected}")]
    Size {
        /// Map name.
        map: String,
        /// "key" or "value".
        what: &'static str,
        /// Size given.
        got: usize,
        /// Size expected.
        expected: usize,
    },
    /// An array index at or past `max_entries`.
    #[error("map `{map}`: index {index} is out of range (max_entries {len})")]
    OutOfRange {
        /// Map name.
        map: String,
        /// Index given.
        index: u32,
        /// The map's `max_entries`.
        len: u32,
    },
    /// A per-CPU update with a value count other than the number of possible CPUs.
    #[error("map `{map}`: {got} per-CPU values given, the kernel has {expected} possible CPUs")]
    PerCpu {
        /// Map name.
        map: String,
        /// Values given.
        got: usize,
        /// Possible CPUs.
        expected: usize,
    },
    /// An inner map could not be created from a map-in-map's template.
    #[error("map `{map}`: creating inner map `{inner}`: {source}")]
    CreateInner {
        /// The outer map.
        map: String,
        /// The inner map's name.
        inner: String,
        /// Why.
        #[source]
        source: Box<super::error::PrepareError>,
    },
    /// The map is in use in a way that excludes this request.
    #[error("map `{map}`: {reason}")]
    Busy {
        /// Map name.
        map: String,
        /// What holds it.
        reason: &'static str,
    },
    /// The kernel refused the operation.
    #[error("map `{map}`: {source}")]
    Syscall {
        /// Map name.
        map: String,
        /// Underlying error.
        #[source]
        source: SyscallError,
    },
}

/// Elements per batch syscall in [`Map::lookup_batch`] (grown when a hash bucket holds
/// more).
pub const BATCH: usize = 256;

/// A map created by [`crate::PreparedObject::prepare`]; owned by the object.
#[derive(Debug)]
pub struct Map {
    spec: MapSpec,
    kernel_name: String,
    fd: OwnedFd,
    /// Key size and per-lookup value size as the kernel holds them.
    sizes: (usize, usize),
    /// A mapping that must live as long as the map (arena memory).
    mapping: Option<sys::SharedRegion>,
    /// A consumer owns the map's read position (a ring buffer reader is alive).
    consumer: std::sync::atomic::AtomicBool,
}

impl Map {
    /// Wraps a map whose kernel type and sizes are `spec`'s: one created from `spec`, or
    /// one whose info was checked against it (a reused pin, a caller's replacement) or
    /// read into it ([`Map::from_pin`]). No syscall: the sizes come from `spec`.
    pub(crate) fn new(
        spec: MapSpec,
        kernel_name: String,
        fd: OwnedFd,
    ) -> Result<Map, SyscallError> {
        let access =
            MapAccess::of_definition(fd.as_fd(), spec.map_type, spec.key_size, spec.value_size)?;
        let sizes = (access.key_size(), access.value_size());
        Ok(Map {
            spec,
            kernel_name,
            fd,
            sizes,
            mapping: None,
            consumer: std::sync::atomic::AtomicBool::new(false),
        })
    }

    /// Opens the map pinned at `path` (on bpffs), described by what the kernel reports
    /// (type, sizes, flags, name). Wrap it in a typed handle with
    /// [`MapHandle::from_map`](crate::maps::MapHandle::from_map).
    pub fn from_pin(path: impl AsRef<std::path::Path>) -> Result<Map, MapError> {
        let path = path.as_ref();
        let err = |source| MapError::Syscall {
            map: path.display().to_string(),
            source,
        };
        let fd = sys::open_pin_on_bpffs(path).map_err(err)?;
        let info = sys::map_get_info(fd.as_fd()).map_err(err)?;
        let mut spec = MapSpec::basic(&info.name, crate::obj::MapOrigin::Btf, 0);
        spec.map_type = info.map_type;
        spec.key_size = info.key_size;
        spec.value_size = info.value_size;
        spec.max_entries = info.max_entries;
        spec.map_flags = info.map_flags;
        Map::new(spec, info.name, fd).map_err(err)
    }

    /// Pins the map at `path` on bpffs: it then outlives this process until the pin is
    /// removed ([`Map::unpin`]). The path's directory must lie on a bpffs mount.
    pub fn pin(&self, path: impl AsRef<std::path::Path>) -> Result<(), MapError> {
        sys::pin_on_bpffs(self.fd.as_fd(), path.as_ref()).map_err(|e| self.err(e))
    }

    /// Removes the pin at `path` (which must lie on bpffs).
    pub fn unpin(path: impl AsRef<std::path::Path>) -> Result<(), MapError> {
        let path = path.as_ref();
        sys::unpin_on_bpffs(path).map_err(|source| MapError::Syscall {
            map: path.display().to_string(),
            source,
        })
    }

    /// Claims the map's read position for one consumer (a ring buffer reader: two would
    /// each move the kernel's consumer position past records the other has not read).
    /// `false` when another consumer holds it.
    pub(crate) fn claim_consumer(&self) -> bool {
        !self
            .consumer
            .swap(true, std::sync::atomic::Ordering::AcqRel)
    }

    /// Releases the claim of [`Map::claim_consumer`].
    pub(crate) fn release_consumer(&self) {
        self.consumer
            .store(false, std::sync::atomic::Ordering::Release);
    }

    /// Keeps `region` alive with the map (an arena's user mapping).
    pub(crate) fn keep_mapping(&mut self, region: sys::SharedRegion) {
        self.mapping = Some(region);
    }

    /// Element access with the sizes verified at creation (no syscall to build).
    pub(crate) fn access(&self) -> MapAccess<'_> {
        MapAccess::from_verified(self.fd.as_fd(), self.sizes.0, self.sizes.1)
    }

    /// Name as declared in the object (`.rodata` etc. for data maps).
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// Name the kernel knows the map by (at most 15 characters).
    pub fn kernel_name(&self) -> &str {
        &self.kernel_name
    }

    /// The final definition the map was created with.
    pub fn spec(&self) -> &MapSpec {
        &self.spec
    }

    /// Kernel map id.
    pub fn id(&self) -> Result<u32, MapError> {
        sys::map_get_info(self.fd.as_fd())
            .map(|i| i.id)
            .map_err(|e| self.err(e))
    }

    /// Wraps a failed syscall on this map.
    pub(crate) fn err(&self, source: SyscallError) -> MapError {
        MapError::Syscall {
            map: self.spec.name.clone(),
            source,
        }
    }

    fn check(&self, what: &'static str, got: usize, expected: u32) -> Result<(), MapError> {
        if got != expected as usize {
            return Err(MapError::Size {
                map: self.spec.name.clone(),
                what,
                got,
                expected: expected as usize,
            });
        }
        Ok(())
    }

    /// Value size a lookup returns: per-CPU maps return one value (rounded up to 8 bytes)
    /// per possible CPU.
    pub fn lookup_value_size(&self) -> usize {
        self.sizes.1
    }

    /// Looks `key` up; `Ok(None)` when absent.
    pub fn lookup(&self, key: &[u8]) -> Result<Option<Vec<u8>>, MapError> {
        self.check("key", key.len(), self.spec.key_size)?;
        let mut value = vec![0u8; self.lookup_value_size()];
        match self.access().lookup(key, &mut value, 0) {
            Ok(true) => Ok(Some(value)),
            Ok(false) => Ok(None),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Stores `value` under `key` as `flags` says (create, replace, or either). `value`
    /// is the map's value size, or for per-CPU maps one 8-byte aligned value per
    /// possible CPU ([`Self::lookup_value_size`]).
    pub fn update(&self, key: &[u8], value: &[u8], flags: UpdateFlags) -> Result<(), MapError> {
        self.check("key", key.len(), self.spec.key_size)?;
        if value.len() != self.lookup_value_size() {
            self.check("value", value.len(), self.spec.value_size)?;
        }
        self.access()
            .update(key, value, flags.bits())
            .map_err(|e| self.err(e))
    }

    /// Looks `key` up and removes it in one step (`BPF_MAP_LOOKUP_AND_DELETE_ELEM`);
    /// `Ok(None)` when absent. With an empty key on a queue or stack, pops.
    pub fn lookup_and_delete(&self, key: &[u8]) -> Result<Option<Vec<u8>>, MapError> {
        self.check("key", key.len(), self.spec.key_size)?;
        let mut value = vec![0u8; self.lookup_value_size()];
        match self.access().lookup_and_delete(key, &mut value) {
            Ok(true) => Ok(Some(value)),
            Ok(false) => Ok(None),
            Err(e) => Err(self.err(e)),
        }
    }

    /// Every element, read in batches (`BPF_MAP_LOOKUP_BATCH`, or
    /// `BPF_MAP_LOOKUP_AND_DELETE_BATCH` when `delete`): keys and values packed back to
    /// back (each `key_size` / [`Self::lookup_value_size`] bytes) and the count. One
    /// syscall per [`BATCH`] elements instead of two per element; kernels before 5.6 (or
    /// map types without batch support) answer `EINVAL`.
    pub fn lookup_batch(&self, delete: bool) -> Result<(Vec<u8>, Vec<u8>, usize), MapError> {
        self.access()
            .lookup_all_batched(BATCH, delete)
            .map_err(|e| self.err(e))
    }

    /// Stores `count` elements packed back to back (`BPF_MAP_UPDATE_BATCH`), creating or
    /// replacing each.
    pub fn update_batch(&self, keys: &[u8], values: &[u8], count: usize) -> Result<(), MapError> {
        self.access()
            .update_batch(keys, values, count)
            .map(drop)
            .map_err(|e| self.err(e))
    }

    /// Removes `count` keys packed back to back (`BPF_MAP_DELETE_BATCH`); returns how
    /// many were removed before a missing key stopped the batch.
    pub fn delete_batch(&self, keys: &[u8], count: usize) -> Result<usize, MapError> {
        self.access()
            .delete_batch(keys, count)
            .map_err(|e| self.err(e))
    }

    /// Removes `key`; `Ok(false)` when it was absent.
    pub fn delete(&self, key: &[u8]) -> Result<bool, MapError> {
        self.check("key", key.len(), self.spec.key_size)?;
        self.access().delete(key).map_err(|e| self.err(e))
    }

    /// All keys currently in the map.
    pub fn keys(&self) -> Result<Vec<Vec<u8>>, MapError> {
        let mut out = Vec::new();
        let mut cur: Option<Vec<u8>> = None;
        loop {
            let mut next = vec![0u8; self.spec.key_size as usize];
            let more = self
                .access()
                .get_next_key(cur.as_deref(), &mut next)
                .map_err(|e| self.err(e))?;
            if !more || out.len() > self.spec.max_entries as usize {
                return Ok(out);
            }
            out.push(next.clone());
            cur = Some(next);
        }
    }
}

impl AsFd for Map {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

debug_as_display!(MapError);
