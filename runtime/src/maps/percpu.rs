//! Per-CPU maps: [`PerCpuArray`] and [`PerCpuHash`]. The kernel keeps one value per
//! possible CPU; user space reads and writes all of them at once, each in an 8-byte
//! aligned slot.

use crate::abi::MapType;
use std::marker::PhantomData;
use std::mem::size_of;
use std::sync::Arc;

use super::handle::{handle_debug, map_handle, MapAt, MapRef};
use super::keys::Keys;
use crate::pod::{self, Pod};
use crate::prepare::map::{Map, MapError};
use crate::prepare::UpdateFlags;
use crate::PreparedObject;

/// Bytes between two CPUs' values.
fn stride<V>() -> usize {
    size_of::<V>().next_multiple_of(8)
}

/// Splits a per-CPU lookup buffer into one `V` per CPU.
fn decode<V: Pod>(bytes: &[u8]) -> Vec<V> {
    bytes
        .chunks_exact(stride::<V>())
        .filter_map(pod::read::<V>)
        .collect()
}

/// Lays `values` (one per possible CPU) out as the kernel expects.
fn encode<V: Pod>(map: &Map, values: &[V]) -> Result<Vec<u8>, MapError> {
    let cpus = map.lookup_value_size() / stride::<V>();
    if values.len() != cpus {
        return Err(MapError::PerCpu {
            map: map.name().to_string(),
            got: values.len(),
            expected: cpus,
        });
    }
    let mut out = vec![0u8; map.lookup_value_size()];
    for (slot, value) in out.chunks_exact_mut(stride::<V>()).zip(values) {
        slot[..size_of::<V>()].copy_from_slice(pod::bytes_of(value));
    }
    Ok(out)
}

/// A typed `BPF_MAP_TYPE_PERCPU_ARRAY`: every element holds one `V` per possible CPU.
#[derive(Clone)]
pub struct PerCpuArray<V: Pod> {
    map: MapRef,
    _value: PhantomData<fn() -> V>,
}

handle_debug!(PerCpuArray<V>);
map_handle!(PerCpuArray<V>);

impl<V: Pod> PerCpuArray<V> {
    /// The per-CPU array `name` of `obj`; fails on another map type, a key other than 4
    /// bytes, or a per-CPU value size other than `size_of::<V>()`.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        Self::open(MapAt::Object(obj, name))
    }

    fn open(at: MapAt<'_>) -> Result<Self, MapError> {
        let types = [MapType::PercpuArray];
        let map = MapRef::at(at, "PerCpuArray", &types, "percpu_array")?
            .key_is::<u32>()?
            .value_is::<V>()?;
        Ok(PerCpuArray {
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

    /// The values at `index`, one per possible CPU (index = CPU number).
    pub fn get(&self, index: u32) -> Result<Vec<V>, MapError> {
        let bytes = self.map().lookup(&index.to_ne_bytes())?;
        bytes
            .map(|b| decode(&b))
            .ok_or_else(|| self.map.out_of_range(index))
    }

    /// Overwrites the values at `index`; `values` has one entry per possible CPU.
    pub fn set(&self, index: u32, values: &[V]) -> Result<(), MapError> {
        if index >= self.len() {
            return Err(self.map.out_of_range(index));
        }
        let bytes = encode(self.map(), values)?;
        self.map()
            .update(&index.to_ne_bytes(), &bytes, UpdateFlags::Any)
    }
}

/// A typed `BPF_MAP_TYPE_PERCPU_HASH` (or `LRU_PERCPU_HASH`): `K` → one `V` per CPU.
#[derive(Clone)]
pub struct PerCpuHash<K: Pod, V: Pod> {
    map: MapRef,
    _types: PhantomData<fn() -> (K, V)>,
}

handle_debug!(PerCpuHash<K, V>);
map_handle!(PerCpuHash<K, V>);

impl<K: Pod, V: Pod> PerCpuHash<K, V> {
    /// The per-CPU hash map `name` of `obj`; fails on another map type or when the key
    /// or per-CPU value size differs from `size_of::<K>()` / `size_of::<V>()`.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        Self::open(MapAt::Object(obj, name))
    }

    fn open(at: MapAt<'_>) -> Result<Self, MapError> {
        let types = [MapType::PercpuHash, MapType::LruPercpuHash];
        let expected = "percpu_hash or lru_percpu_hash";
        let map = MapRef::at(at, "PerCpuHash", &types, expected)?
            .key_is::<K>()?
            .value_is::<V>()?;
        Ok(PerCpuHash {
            map,
            _types: PhantomData,
        })
    }

    /// The underlying byte-level map.
    pub fn map(&self) -> &Map {
        self.map.map()
    }

    /// The values under `key`, one per possible CPU, if the key is present.
    pub fn lookup(&self, key: &K) -> Result<Option<Vec<V>>, MapError> {
        let bytes = self.map().lookup(pod::bytes_of(key))?;
        Ok(bytes.map(|b| decode(&b)))
    }

    /// Stores `values` (one per possible CPU) under `key`.
    pub fn update(&self, key: &K, values: &[V], flags: UpdateFlags) -> Result<(), MapError> {
        let map = self.map();
        let bytes = encode(map, values)?;
        map.update(pod::bytes_of(key), &bytes, flags)
    }

    /// Removes `key`; `Ok(false)` when it was absent.
    pub fn delete(&self, key: &K) -> Result<bool, MapError> {
        self.map().delete(pod::bytes_of(key))
    }

    /// The keys currently in the map.
    pub fn keys(&self) -> Keys<'_, K> {
        Keys::new(self.map())
    }
}
