//! Global data after prepare: [`DataView`], a live view shared with the kernel, and
//! [`snapshot`] for frozen sections.

use std::marker::PhantomData;
use std::mem::{align_of, size_of};
use std::os::fd::AsFd;
use std::sync::Arc;

use super::error::SkelError;
use crate::obj::{DataKind, MapOrigin};
use crate::pod::{self, Pod};
use crate::prepare::map::Map;
use crate::prepare::UpdateFlags;
use crate::sys::consts::BPF_F_MMAPABLE;
use crate::sys::SharedRegion;
use crate::{Error, PreparedObject};

/// How a Rust type must relate to a section's size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fit {
    /// Equal, or the size rounded up to the type's alignment (tail padding).
    Exact,
    /// As `Exact`, or smaller (a prefix of the section).
    Prefix,
}

/// Checks `size_of::<T>()` against a section of `size` bytes.
pub(crate) fn check_fit<T: Pod>(section: &str, size: usize, fit: Fit) -> Result<(), SkelError> {
    let got = size_of::<T>();
    let padded = size.checked_next_multiple_of(align_of::<T>());
    if got == size || Some(got) == padded || (fit == Fit::Prefix && got < size) {
        return Ok(());
    }
    Err(SkelError::DataSize {
        section: section.to_string(),
        type_name: std::any::type_name::<T>(),
        got,
        expected: size,
    })
}

/// Copies the first bytes of `bytes` into a zeroed `T` (the rest stays zero).
fn from_prefix<T: Pod>(bytes: &[u8]) -> T {
    let mut value = pod::zeroed::<T>();
    let out = pod::bytes_of_mut(&mut value);
    let n = out.len().min(bytes.len());
    out[..n].copy_from_slice(&bytes[..n]);
    value
}

/// Finds the data map `section`, checks `T` fits it, returns its index.
fn data_map<T: Pod>(obj: &PreparedObject, section: &str) -> Result<usize, Error> {
    let index = obj.map_index(section)?;
    let map = &obj.maps()[index];
    let MapOrigin::Data(kind) = map.spec().origin else {
        return Err(SkelError::NotData {
            map: section.to_string(),
        }
        .into());
    };
    check_fit::<T>(section, map.spec().value_size as usize, Fit::Prefix)?;
    if matches!(kind, DataKind::Rodata | DataKind::Kconfig) {
        return Err(SkelError::Frozen {
            section: section.to_string(),
        }
        .into());
    }
    Ok(index)
}

/// Reads the current contents of any data section, including frozen ones (`.rodata`,
/// `.kconfig`), as a `T` (see [`DataView::new`] for the size rule).
pub fn snapshot<T: Pod>(obj: &PreparedObject, section: &str) -> Result<T, Error> {
    let map = &obj.maps()[obj.map_index(section)?];
    if !matches!(map.spec().origin, MapOrigin::Data(_)) {
        return Err(SkelError::NotData {
            map: section.to_string(),
        }
        .into());
    }
    check_fit::<T>(section, map.spec().value_size as usize, Fit::Prefix)?;
    let bytes = map.lookup(&0u32.to_ne_bytes())?.unwrap_or_default();
    Ok(from_prefix(&bytes))
}

/// Where a [`DataView`] reads and writes.
#[derive(Debug)]
enum Backing {
    /// The map's memory, mapped into this process.
    Mmap(SharedRegion),
    /// `BPF_MAP_LOOKUP_ELEM` / `UPDATE_ELEM` on element 0 (map not mmapable).
    Syscall,
}

/// A live view of a writable global-data section (`.data`, `.bss`, `.data.*`), shared
/// with the object's BPF programs: a value the program writes is seen by the next
/// [`load`](Self::load), a [`store`](Self::store) is seen by the program's next run.
///
/// Data maps with at least one global variable are created `BPF_F_MMAPABLE`, and the view
/// maps them into memory (accessed only with atomic copies, never through references).
/// Other data maps fall back to one lookup/update syscall per access.
pub struct DataView<T: Pod> {
    obj: Arc<PreparedObject>,
    index: usize,
    backing: Backing,
    _value: PhantomData<fn() -> T>,
}

impl<T: Pod> std::fmt::Debug for DataView<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DataView")
            .field("section", &self.map().name())
            .field("mmap", &matches!(self.backing, Backing::Mmap(_)))
            .finish()
    }
}

impl<T: Pod> DataView<T> {
    /// A view of `section`. `size_of::<T>()` must be at most the section size, or the
    /// section size rounded up to `T`'s alignment (as generated section structs are).
    /// Frozen sections (`.rodata*`, `.kconfig`) are refused: use [`snapshot`].
    pub fn new(obj: &Arc<PreparedObject>, section: &str) -> Result<Self, Error> {
        let index = data_map::<T>(obj, section)?;
        let map = &obj.maps()[index];
        let backing = if map.spec().map_flags & BPF_F_MMAPABLE != 0 {
            let len = size_of::<T>().max(map.spec().value_size as usize);
            let region = SharedRegion::map(map.as_fd(), 0, len, true).map_err(|e| map.err(e))?;
            Backing::Mmap(region)
        } else {
            Backing::Syscall
        };
        Ok(DataView {
            obj: Arc::clone(obj),
            index,
            backing,
            _value: PhantomData,
        })
    }

    fn map(&self) -> &Map {
        &self.obj.maps()[self.index]
    }

    /// Bytes of `T` that belong to the section (the rest is tail padding).
    fn live_len(&self) -> usize {
        size_of::<T>().min(self.map().spec().value_size as usize)
    }

    /// Whether the view is memory-mapped (rather than syscall-backed).
    pub fn is_mmapped(&self) -> bool {
        matches!(self.backing, Backing::Mmap(_))
    }

    /// A copy of the current value. Fails only on the syscall fallback.
    pub fn try_load(&self) -> Result<T, Error> {
        match &self.backing {
            Backing::Mmap(region) => {
                let mut value = pod::zeroed::<T>();
                let n = self.live_len();
                // In range: the region covers at least `value_size` bytes.
                region.read_into(0, &mut pod::bytes_of_mut(&mut value)[..n]);
                Ok(value)
            }
            Backing::Syscall => {
                let bytes = self.map().lookup(&0u32.to_ne_bytes())?;
                Ok(from_prefix(&bytes.unwrap_or_default()))
            }
        }
    }

    /// Writes `value`. Fails only on the syscall fallback.
    pub fn try_store(&self, value: &T) -> Result<(), Error> {
        let bytes = &pod::bytes_of(value)[..self.live_len()];
        match &self.backing {
            Backing::Mmap(region) => region.write_from(0, bytes).map_err(|e| self.map().err(e)),
            Backing::Syscall => {
                let mut full = self.map().lookup(&0u32.to_ne_bytes())?.unwrap_or_default();
                full.resize(self.map().spec().value_size as usize, 0);
                full[..bytes.len()].copy_from_slice(bytes);
                self.map()
                    .update(&0u32.to_ne_bytes(), &full, UpdateFlags::Any)
            }
        }
        .map_err(Error::from)
    }

    /// A copy of the current value.
    ///
    /// # Panics
    /// Only on the syscall fallback (map created without `BPF_F_MMAPABLE`) when the
    /// kernel refuses to look element 0 up; use [`try_load`](Self::try_load) to handle that.
    pub fn load(&self) -> T {
        self.try_load()
            .unwrap_or_else(|e| panic!("DataView::load: {e}"))
    }

    /// Writes `value`; BPF programs see it on their next access.
    ///
    /// # Panics
    /// As [`load`](Self::load); [`try_store`](Self::try_store) returns the error instead.
    pub fn store(&self, value: &T) {
        self.try_store(value)
            .unwrap_or_else(|e| panic!("DataView::store: {e}"));
    }

    /// Loads, lets `f` change the copy, stores it back. Not atomic with respect to BPF
    /// programs writing the same section meanwhile.
    pub fn update(&self, f: impl FnOnce(&mut T)) {
        let mut value = self.load();
        f(&mut value);
        self.store(&value);
    }
}
