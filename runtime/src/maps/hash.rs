//! Hash maps: [`HashMap`] (`BPF_MAP_TYPE_HASH`, also accepts `LRU_HASH`) and [`LruHash`].

use crate::abi::MapType;
use std::marker::PhantomData;
use std::sync::Arc;

use super::handle::{handle_debug, map_handle, MapAt, MapHandle, MapRef};
use super::keys::Keys;
use crate::pod::{self, Pod};
use crate::prepare::map::Map;
use crate::prepare::map::MapError;
use crate::prepare::UpdateFlags;
use crate::PreparedObject;

/// A typed `BPF_MAP_TYPE_HASH` (or `LRU_HASH`) map: `K` → `V`.
#[derive(Clone)]
pub struct HashMap<K: Pod, V: Pod> {
    map: MapRef,
    _types: PhantomData<fn() -> (K, V)>,
}

handle_debug!(HashMap<K, V>);
map_handle!(HashMap<K, V>);

impl<K: Pod, V: Pod> HashMap<K, V> {
    /// The hash map `name` of `obj`; fails if it is another map type or if its key or
    /// value size differs from `size_of::<K>()` / `size_of::<V>()`.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        Self::open(MapAt::Object(obj, name))
    }

    fn open(at: MapAt<'_>) -> Result<Self, MapError> {
        let types = [MapType::Hash, MapType::LruHash];
        Self::with_types(at, "HashMap", &types, "hash or lru_hash")
    }

    fn with_types(
        at: MapAt<'_>,
        handle: &'static str,
        types: &[MapType],
        expected: &'static str,
    ) -> Result<Self, MapError> {
        let map = MapRef::at(at, handle, types, expected)?
            .key_is::<K>()?
            .value_is::<V>()?;
        Ok(HashMap {
            map,
            _types: PhantomData,
        })
    }

    /// The underlying byte-level map.
    pub fn map(&self) -> &Map {
        self.map.map()
    }

    /// The value stored under `key`, if any.
    pub fn lookup(&self, key: &K) -> Result<Option<V>, MapError> {
        let bytes = self.map().lookup(pod::bytes_of(key))?;
        Ok(bytes.and_then(|b| pod::read::<V>(&b)))
    }

    /// Stores `value` under `key`.
    pub fn update(&self, key: &K, value: &V, flags: UpdateFlags) -> Result<(), MapError> {
        self.map()
            .update(pod::bytes_of(key), pod::bytes_of(value), flags)
    }

    /// Removes `key`; `Ok(false)` when it was absent.
    pub fn delete(&self, key: &K) -> Result<bool, MapError> {
        self.map().delete(pod::bytes_of(key))
    }

    /// The keys currently in the map.
    pub fn keys(&self) -> Keys<'_, K> {
        Keys::new(self.map())
    }

    /// The `(key, value)` pairs currently in the map, one lookup per key. A key deleted
    /// between the two steps is left out.
    pub fn entries(&self) -> impl Iterator<Item = Result<(K, V), MapError>> + '_ {
        self.keys().filter_map(move |key| match key {
            Ok(key) => self.lookup(&key).transpose().map(|v| v.map(|v| (key, v))),
            Err(e) => Some(Err(e)),
        })
    }

    /// Removes `key` and returns its value, in one step
    /// (`BPF_MAP_LOOKUP_AND_DELETE_ELEM`, Linux 5.14); `Ok(None)` when absent.
    pub fn take(&self, key: &K) -> Result<Option<V>, MapError> {
        let bytes = self.map().lookup_and_delete(pod::bytes_of(key))?;
        Ok(bytes.and_then(|b| pod::read::<V>(&b)))
    }

    /// Takes every entry: the keys first, then each one with [`take`](Self::take), so
    /// what a program adds meanwhile stays for the next call (how histogram tools read
    /// and clear their maps).
    pub fn drain(&self) -> Result<Vec<(K, V)>, MapError> {
        let keys: Vec<K> = self.keys().collect::<Result<_, _>>()?;
        let mut out = Vec::with_capacity(keys.len());
        for key in keys {
            if let Some(value) = self.take(&key)? {
                out.push((key, value));
            }
        }
        Ok(out)
    }
}

/// A typed `BPF_MAP_TYPE_LRU_HASH` map: like [`HashMap`], but the kernel evicts the
/// least recently used element when the map is full.
#[derive(Clone)]
pub struct LruHash<K: Pod, V: Pod>(HashMap<K, V>);

handle_debug!(LruHash<K, V>);

impl<K: Pod, V: Pod> LruHash<K, V> {
    /// The LRU hash map `name` of `obj`, checked as in [`HashMap::new`].
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        Self::open(MapAt::Object(obj, name))
    }

    fn open(at: MapAt<'_>) -> Result<Self, MapError> {
        let types = [MapType::LruHash];
        HashMap::with_types(at, "LruHash", &types, "lru_hash").map(LruHash)
    }

    /// The underlying byte-level map.
    pub fn map(&self) -> &Map {
        self.0.map()
    }

    /// The value stored under `key`, if any (marks it recently used).
    pub fn lookup(&self, key: &K) -> Result<Option<V>, MapError> {
        self.0.lookup(key)
    }

    /// Stores `value` under `key`, evicting an old element if the map is full.
    pub fn update(&self, key: &K, value: &V, flags: UpdateFlags) -> Result<(), MapError> {
        self.0.update(key, value, flags)
    }

    /// Removes `key`; `Ok(false)` when it was absent.
    pub fn delete(&self, key: &K) -> Result<bool, MapError> {
        self.0.delete(key)
    }

    /// The keys currently in the map.
    pub fn keys(&self) -> Keys<'_, K> {
        self.0.keys()
    }

    /// The `(key, value)` pairs currently in the map (see [`HashMap::entries`]).
    pub fn entries(&self) -> impl Iterator<Item = Result<(K, V), MapError>> + '_ {
        self.0.entries()
    }

    /// Removes `key` and returns its value, in one step (see [`HashMap::take`]).
    pub fn take(&self, key: &K) -> Result<Option<V>, MapError> {
        self.0.take(key)
    }

    /// Takes every entry (see [`HashMap::drain`]).
    pub fn drain(&self) -> Result<Vec<(K, V)>, MapError> {
        self.0.drain()
    }
}

impl<K: Pod, V: Pod> std::os::fd::AsFd for LruHash<K, V> {
    fn as_fd(&self) -> std::os::fd::BorrowedFd<'_> {
        self.0.map().as_fd()
    }
}

impl<K: Pod, V: Pod> MapHandle for LruHash<K, V> {
    fn from_map(map: Arc<Map>) -> Result<Self, MapError> {
        Self::open(MapAt::Standalone(map))
    }

    fn map(&self) -> &Map {
        self.0.map()
    }
}
