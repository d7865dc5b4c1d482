//! [`RawMap`]: byte-level access to any map.

use std::sync::Arc;

use super::handle::{map_handle, MapAt, MapRef};
use crate::prepare::map::Map;
use crate::prepare::map::MapError;
use crate::PreparedObject;

/// A map of any type, by name, as an owned handle like the typed ones: for maps whose BTF
/// lacks key/value types and map types without a typed handle. Its byte-level operations
/// are the object's [`Map`]'s (`lookup`, `update(key, value, flags)`, `delete`, `keys`;
/// it derefs to it): there is one byte-level map API. Sizes are checked on every call.
#[derive(Debug, Clone)]
pub struct RawMap {
    map: MapRef,
}

map_handle!(RawMap);

impl std::ops::Deref for RawMap {
    type Target = Map;

    fn deref(&self) -> &Map {
        self.map.map()
    }
}

impl RawMap {
    /// The map `name` of `obj`, whatever its type.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        Self::open(MapAt::Object(obj, name))
    }

    fn open(at: MapAt<'_>) -> Result<Self, MapError> {
        Ok(RawMap {
            map: MapRef::at(at, "RawMap", &[], "any")?,
        })
    }

    /// The underlying map.
    pub fn map(&self) -> &Map {
        self.map.map()
    }

    /// Key size in bytes.
    pub fn key_size(&self) -> usize {
        self.map().spec().key_size as usize
    }
}
