//! [`RawMap`]: byte-level access to any map.

use std::sync::Arc;

use super::flags::UpdateFlags;
use super::handle::MapRef;
use crate::prepare::map::Map;
use crate::prepare::map::MapError;
use crate::PreparedObject;

/// Byte-level access to a map of any type: for maps whose BTF lacks key/value types and
/// map types without a typed handle. Sizes are checked on every call.
#[derive(Debug, Clone)]
pub struct RawMap {
    map: MapRef,
}

impl RawMap {
    /// The map `name` of `obj`, whatever its type.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        Ok(RawMap {
            map: MapRef::new(obj, name, "RawMap", &[], "any")?,
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

    /// Bytes a lookup returns (per-CPU maps: one 8-byte aligned value per possible CPU).
    pub fn value_size(&self) -> usize {
        self.map().lookup_value_size()
    }

    /// The value under `key`, if any.
    pub fn lookup(&self, key: &[u8]) -> Result<Option<Vec<u8>>, MapError> {
        self.map().lookup(key)
    }

    /// Stores `value` under `key`.
    pub fn update(&self, key: &[u8], value: &[u8], flags: UpdateFlags) -> Result<(), MapError> {
        let map = self.map();
        map.access()
            .update(key, value, flags.bits())
            .map_err(|e| map.err(e))
    }

    /// Removes `key`; `Ok(false)` when it was absent.
    pub fn delete(&self, key: &[u8]) -> Result<bool, MapError> {
        self.map().delete(key)
    }

    /// All keys currently in the map.
    pub fn keys(&self) -> Result<Vec<Vec<u8>>, MapError> {
        self.map().keys()
    }
}
