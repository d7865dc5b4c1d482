//! [`MapRef`]: what every typed handle holds — the object and the map's index — plus the
//! checks done when a handle is created.

use std::mem::size_of;
use std::sync::Arc;

use crate::abi::MapType;
use crate::prepare::map::{Map, MapError};
use crate::prepare::UpdateFlags;
use crate::PreparedObject;

/// A map of a prepared object, by index. Cheap to clone.
#[derive(Clone)]
pub(crate) struct MapRef {
    obj: Arc<PreparedObject>,
    index: usize,
}

impl std::fmt::Debug for MapRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.map().name())
    }
}

impl MapRef {
    /// Finds `name` and checks its type is one of `types` (empty accepts any). `handle`
    /// and `expected` name the handle and the types in errors.
    pub(crate) fn new(
        obj: &Arc<PreparedObject>,
        name: &str,
        handle: &'static str,
        types: &[MapType],
        expected: &'static str,
    ) -> Result<MapRef, MapError> {
        let index = obj.map_index(name)?;
        let found = obj.maps()[index].spec().map_type;
        if !types.is_empty() && !types.contains(&found) {
            return Err(MapError::WrongType {
                map: name.to_string(),
                handle,
                expected,
                found: found.to_string(),
            });
        }
        Ok(MapRef {
            obj: Arc::clone(obj),
            index,
        })
    }

    /// The live map.
    pub(crate) fn map(&self) -> &Map {
        &self.obj.maps()[self.index]
    }

    /// Checks that the map's key size is `size_of::<K>()`.
    pub(crate) fn key_is<K>(self) -> Result<Self, MapError> {
        self.size_is("key", size_of::<K>(), self.map().spec().key_size)?;
        Ok(self)
    }

    /// Checks that the map's value size is `size_of::<V>()` (per CPU for per-CPU maps).
    pub(crate) fn value_is<V>(self) -> Result<Self, MapError> {
        self.size_is("value", size_of::<V>(), self.map().spec().value_size)?;
        Ok(self)
    }

    fn size_is(&self, what: &'static str, got: usize, expected: u32) -> Result<(), MapError> {
        if got == expected as usize {
            return Ok(());
        }
        Err(MapError::Size {
            map: self.map().name().to_string(),
            what,
            got,
            expected: expected as usize,
        })
    }

    /// An out-of-range error for `index`.
    pub(crate) fn out_of_range(&self, index: u32) -> MapError {
        MapError::OutOfRange {
            map: self.map().name().to_string(),
            index,
            len: self.map().spec().max_entries,
        }
    }

    /// Stores a file descriptor's number under a `u32` key (prog / perf-event arrays). A
    /// slot past `max_entries` is an [`MapError::OutOfRange`] naming the map, the slot and
    /// `max_entries`, not the kernel's bare `E2BIG`.
    pub(crate) fn set_fd(
        &self,
        index: u32,
        fd: std::os::fd::BorrowedFd<'_>,
    ) -> Result<(), MapError> {
        if index >= self.map().spec().max_entries {
            return Err(self.out_of_range(index));
        }
        let raw = std::os::fd::AsRawFd::as_raw_fd(&fd) as u32;
        self.map()
            .update(&index.to_ne_bytes(), &raw.to_ne_bytes(), UpdateFlags::Any)
    }
}

/// `Debug` for a typed handle `$name<$param...>`: its name and the map. (A derive would
/// demand `Debug` of the key/value types, which only need to be `Pod`.)
macro_rules! handle_debug {
    ($name:ident < $($param:ident),+ >) => {
        impl<$($param: crate::pod::Pod),+> std::fmt::Debug for $name<$($param),+> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(self.map()).finish()
            }
        }
    };
}
pub(crate) use handle_debug;
