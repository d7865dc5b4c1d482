//! [`Array`]: a typed `BPF_MAP_TYPE_ARRAY`.

use crate::abi::MapType;
use crate::prepare::UpdateFlags;
use std::marker::PhantomData;
use std::sync::Arc;

use super::handle::{handle_debug, map_handle, MapAt, MapRef};
use crate::pod::{self, Pod};
use crate::prepare::map::Map;
use crate::prepare::map::MapError;
use crate::PreparedObject;

/// A typed `BPF_MAP_TYPE_ARRAY`: `max_entries` values of type `V`, indexed by `u32`,
/// all present from creation (zeroed).
#[derive(Clone)]
pub struct Array<V: Pod> {
    map: MapRef,
    _value: PhantomData<fn() -> V>,
}

handle_debug!(Array<V>);
map_handle!(Array<V>);

impl<V: Pod> Array<V> {
    /// The array `name` of `obj`; fails if it is another map type, its key is not 4
    /// bytes, or its value size differs from `size_of::<V>()`.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        Self::open(MapAt::Object(obj, name))
    }

    fn open(at: MapAt<'_>) -> Result<Self, MapError> {
        let map = MapRef::at(at, "Array", &[MapType::Array], "array")?
            .key_is::<u32>()?
            .value_is::<V>()?;
        Ok(Array {
            map,
            _value: PhantomData,
        })
    }

    /// The underlying byte-level map.
    pub fn map(&self) -> &Map {
        self.map.map()
    }

    /// Number of elements (`max_entries`).
    pub fn len(&self) -> u32 {
        self.map().spec().max_entries
    }

    /// Whether the array has no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `index`.
    pub fn get(&self, index: u32) -> Result<V, MapError> {
        self.map()
            .lookup(&index.to_ne_bytes())?
            .and_then(|b| pod::read::<V>(&b))
            .ok_or_else(|| self.map.out_of_range(index))
    }

    /// Overwrites the element at `index`.
    pub fn set(&self, index: u32, value: &V) -> Result<(), MapError> {
        if index >= self.len() {
            return Err(self.map.out_of_range(index));
        }
        self.map()
            .update(&index.to_ne_bytes(), pod::bytes_of(value), UpdateFlags::Any)
    }
}
