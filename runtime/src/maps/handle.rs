//! [`MapRef`]: what every typed handle holds — the object and the map's index — plus the
//! checks done when a handle is created.

use std::mem::size_of;
use std::sync::Arc;

use crate::abi::MapType;
use crate::prepare::map::{Map, MapError};
use crate::prepare::UpdateFlags;
use crate::PreparedObject;

/// Where a handle's map is: in an object, by name, or created on its own.
pub(crate) enum MapAt<'a> {
    /// Map `.1` of object `.0`.
    Object(&'a Arc<PreparedObject>, &'a str),
    /// A map created outside any object (an inner map).
    Standalone(Arc<Map>),
}

/// A typed handle that can also wrap a map created on its own, such as an inner map
/// made by [`MapOfMaps::create_inner`](super::MapOfMaps::create_inner).
pub trait MapHandle: Sized {
    /// Wraps `map`, with the same type and size checks as the handle's `new`.
    fn from_map(map: Arc<Map>) -> Result<Self, MapError>;

    /// The map under the handle.
    fn map(&self) -> &Map;
}

/// Implements [`MapHandle`] (and `AsFd`, so the handle can go into a map-in-map) for
/// `$name<$params>` whose `open(MapAt)` does the checks.
macro_rules! map_handle {
    ($name:ident $(< $($param:ident),+ >)?) => {
        impl$(<$($param: crate::pod::Pod),+>)? super::handle::MapHandle for $name$(<$($param),+>)? {
            fn from_map(map: Arc<Map>) -> Result<Self, MapError> {
                Self::open(super::handle::MapAt::Standalone(map))
            }

            fn map(&self) -> &Map {
                self.map.map()
            }
        }

        impl$(<$($param: crate::pod::Pod),+>)? std::os::fd::AsFd for $name$(<$($param),+>)? {
            fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
                self.map.map().as_fd()
            }
        }
    };
}
pub(crate) use map_handle;

/// A map of a prepared object (by index), or one created on its own (an inner map).
/// Cheap to clone.
#[derive(Clone)]
pub(crate) struct MapRef(Source);

#[derive(Clone)]
enum Source {
    Object {
        obj: Arc<PreparedObject>,
        index: usize,
    },
    Standalone(Arc<Map>),
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
        MapRef(Source::Object {
            obj: Arc::clone(obj),
            index,
        })
        .type_is(handle, types, expected)
    }

    /// The map `at` names, checked as [`MapRef::new`] checks.
    pub(crate) fn at(
        at: MapAt<'_>,
        handle: &'static str,
        types: &[MapType],
        expected: &'static str,
    ) -> Result<MapRef, MapError> {
        match at {
            MapAt::Object(obj, name) => MapRef::new(obj, name, handle, types, expected),
            MapAt::Standalone(map) => {
                MapRef(Source::Standalone(map)).type_is(handle, types, expected)
            }
        }
    }

    fn type_is(
        self,
        handle: &'static str,
        types: &[MapType],
        expected: &'static str,
    ) -> Result<MapRef, MapError> {
        let found = self.map().spec().map_type;
        if !types.is_empty() && !types.contains(&found) {
            return Err(MapError::WrongType {
                map: self.map().name().to_string(),
                handle,
                expected,
                found: found.to_string(),
            });
        }
        Ok(self)
    }

    /// The live map.
    pub(crate) fn map(&self) -> &Map {
        match &self.0 {
            Source::Object { obj, index } => &obj.maps()[*index],
            Source::Standalone(map) => map,
        }
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
