//! Batch operations on the typed hash and array handles: every element in a few
//! syscalls (`BPF_MAP_*_BATCH`, 5.6+) — how histogram tools read and clear their maps.

use super::array::Array;
use super::hash::HashMap;
use crate::pod::{self, Pod};
use crate::prepare::map::{Map, MapError};

/// Splits packed keys and values into typed pairs.
fn pairs<K: Pod, V: Pod>(map: &Map, keys: &[u8], values: &[u8], n: usize) -> Vec<(K, V)> {
    let (ks, vs) = (map.spec().key_size as usize, map.lookup_value_size());
    (0..n)
        .filter_map(|i| {
            Some((
                pod::read::<K>(&keys[i * ks..(i + 1) * ks])?,
                pod::read::<V>(&values[i * vs..(i + 1) * vs])?,
            ))
        })
        .collect()
}

/// Packs typed pairs for an update batch.
fn pack<K: Pod, V: Pod>(elements: &[(K, V)]) -> (Vec<u8>, Vec<u8>) {
    let mut keys = Vec::with_capacity(elements.len() * size_of::<K>());
    let mut values = Vec::with_capacity(elements.len() * size_of::<V>());
    for (k, v) in elements {
        keys.extend_from_slice(pod::bytes_of(k));
        values.extend_from_slice(pod::bytes_of(v));
    }
    (keys, values)
}

impl<K: Pod, V: Pod> HashMap<K, V> {
    /// Every entry, read in batches of [`BATCH`](crate::prepare::map::BATCH)
    /// (`BPF_MAP_LOOKUP_BATCH`): a consistent-per-batch snapshot in two syscalls per
    /// batch instead of two per entry.
    pub fn lookup_batch(&self) -> Result<Vec<(K, V)>, MapError> {
        let (keys, values, n) = self.map().lookup_batch(false)?;
        Ok(pairs(self.map(), &keys, &values, n))
    }

    /// Every entry, removed as it is read (`BPF_MAP_LOOKUP_AND_DELETE_BATCH`): read and
    /// clear a histogram in one pass, with no update lost between the read and the
    /// delete.
    pub fn lookup_and_delete_batch(&self) -> Result<Vec<(K, V)>, MapError> {
        let (keys, values, n) = self.map().lookup_batch(true)?;
        Ok(pairs(self.map(), &keys, &values, n))
    }

    /// Stores every `(key, value)` of `elements` in one syscall (`BPF_MAP_UPDATE_BATCH`),
    /// creating or replacing each (the kernel's batch update has no create-only or
    /// replace-only mode).
    pub fn update_batch(&self, elements: &[(K, V)]) -> Result<(), MapError> {
        let (keys, values) = pack(elements);
        self.map().update_batch(&keys, &values, elements.len())
    }

    /// Removes every key of `keys` in one syscall (`BPF_MAP_DELETE_BATCH`); returns how
    /// many were removed (a missing key stops the batch there).
    pub fn delete_batch(&self, keys: &[K]) -> Result<usize, MapError> {
        let bytes: Vec<u8> = keys
            .iter()
            .flat_map(|k| pod::bytes_of(k).to_vec())
            .collect();
        self.map().delete_batch(&bytes, keys.len())
    }
}

impl<V: Pod> Array<V> {
    /// Every slot as `(index, value)`, read in batches (`BPF_MAP_LOOKUP_BATCH`).
    pub fn lookup_batch(&self) -> Result<Vec<(u32, V)>, MapError> {
        let (keys, values, n) = self.map().lookup_batch(false)?;
        Ok(pairs(self.map(), &keys, &values, n))
    }

    /// Stores every `(index, value)` of `elements` in one syscall
    /// (`BPF_MAP_UPDATE_BATCH`).
    pub fn update_batch(&self, elements: &[(u32, V)]) -> Result<(), MapError> {
        let (keys, values) = pack(elements);
        self.map().update_batch(&keys, &values, elements.len())
    }
}
