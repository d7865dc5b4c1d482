//! [`MapOfMaps`]: `BPF_MAP_TYPE_ARRAY_OF_MAPS` and `HASH_OF_MAPS`, whose values are other
//! maps; [`create_inner`](MapOfMaps::create_inner) makes a map from the declared inner
//! definition (`__array(values, struct inner)`), typed as `I`.

use crate::abi::MapType;
use std::marker::PhantomData;
use std::os::fd::{AsFd, AsRawFd};
use std::sync::Arc;

use super::handle::{MapHandle, MapRef};
use super::raw::RawMap;
use crate::pod::{self, Pod};
use crate::prepare::create_map::create_inner;
use crate::prepare::map::{Map, MapError};
use crate::prepare::UpdateFlags;
use crate::PreparedObject;

/// A map whose values are maps: an `ARRAY_OF_MAPS` (`K` = `u32`) or `HASH_OF_MAPS`.
/// BPF programs look a key up and use the map found there; user space puts maps in
/// ([`set`](Self::set)) and reads back their ids. Inner maps made with
/// [`create_inner`](Self::create_inner) come as `I` (a typed handle such as
/// `Array<u64>`, or [`RawMap`]).
pub struct MapOfMaps<K: Pod, I: MapHandle = RawMap> {
    obj: Arc<PreparedObject>,
    map: MapRef,
    _types: PhantomData<fn() -> (K, I)>,
}

impl<K: Pod, I: MapHandle> std::fmt::Debug for MapOfMaps<K, I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("MapOfMaps").field(self.map()).finish()
    }
}

impl<K: Pod, I: MapHandle> Clone for MapOfMaps<K, I> {
    fn clone(&self) -> Self {
        MapOfMaps {
            obj: Arc::clone(&self.obj),
            map: self.map.clone(),
            _types: PhantomData,
        }
    }
}

impl<K: Pod, I: MapHandle> MapOfMaps<K, I> {
    /// The map-in-map `name` of `obj`; fails if it is another map type or its key is not
    /// `size_of::<K>()` bytes.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        let types = [MapType::ArrayOfMaps, MapType::HashOfMaps];
        let expected = "array_of_maps or hash_of_maps";
        let map = MapRef::new(obj, name, "MapOfMaps", &types, expected)?
            .key_is::<K>()?
            .value_is::<u32>()?;
        Ok(MapOfMaps {
            obj: Arc::clone(obj),
            map,
            _types: PhantomData,
        })
    }

    /// The underlying map.
    pub fn map(&self) -> &Map {
        self.map.map()
    }

    /// Creates a new map from the declared inner definition, named `name` (for the
    /// kernel; at most 15 characters are kept), with the object's BTF for its types. It
    /// is not in this map until [`set`](Self::set); it lives while the handle (or a
    /// slot of this map) holds it.
    pub fn create_inner(&self, name: &str) -> Result<I, MapError> {
        let outer = self.map();
        let template = outer
            .spec()
            .inner
            .as_deref()
            .ok_or_else(|| MapError::CreateInner {
                map: outer.name().to_string(),
                inner: name.to_string(),
                source: Box::new(crate::PrepareError::BadMap {
                    map: outer.name().to_string(),
                    reason: "no inner map definition (`__array(values, …)`)".to_string(),
                }),
            })?;
        let created = create_inner(
            self.obj.name(),
            self.obj.btf_fd(),
            self.obj.token_fd(),
            template,
            name,
        )
        .map_err(|source| MapError::CreateInner {
            map: outer.name().to_string(),
            inner: name.to_string(),
            source: Box::new(source),
        })?;
        I::from_map(Arc::new(created))
    }

    /// Puts `inner` (an inner map handle, or any map fd the kernel finds compatible
    /// with the inner definition) under `key`, replacing what was there.
    pub fn set(&self, key: &K, inner: &impl AsFd) -> Result<(), MapError> {
        let fd = inner.as_fd().as_raw_fd() as u32;
        self.map()
            .update(pod::bytes_of(key), &fd.to_ne_bytes(), UpdateFlags::Any)
    }

    /// The kernel id of the map under `key`; `Ok(None)` when there is none.
    pub fn get(&self, key: &K) -> Result<Option<u32>, MapError> {
        let bytes = self.map().lookup(pod::bytes_of(key))?;
        Ok(bytes.and_then(|b| pod::read::<u32>(&b)))
    }

    /// Takes the map under `key` out; `Ok(false)` when there was none (for an array,
    /// an empty slot).
    pub fn remove(&self, key: &K) -> Result<bool, MapError> {
        self.map().delete(pod::bytes_of(key))
    }
}
