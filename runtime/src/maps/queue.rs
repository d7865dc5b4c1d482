//! [`Queue`], [`Stack`] and [`BloomFilter`]: the key-less map families
//! (`BPF_MAP_TYPE_QUEUE`, `BPF_MAP_TYPE_STACK`, `BPF_MAP_TYPE_BLOOM_FILTER`).

use std::marker::PhantomData;
use std::sync::Arc;

use super::handle::{handle_debug, MapRef};
use crate::abi::MapType;
use crate::pod::{self, Pod};
use crate::prepare::map::{Map, MapError};
use crate::prepare::UpdateFlags;
use crate::PreparedObject;

/// Pushes onto a key-less map; `BPF_EXIST` lets a full queue or stack drop its oldest.
fn push<V: Pod>(map: &Map, value: &V, overwrite_oldest: bool) -> Result<(), MapError> {
    let flags = if overwrite_oldest {
        UpdateFlags::Exist
    } else {
        UpdateFlags::Any
    };
    map.update(&[], pod::bytes_of(value), flags)
}

/// Reads the front value of a key-less map, removing it when `take`.
fn front<V: Pod>(map: &Map, take: bool) -> Result<Option<V>, MapError> {
    let bytes = if take {
        map.lookup_and_delete(&[])?
    } else {
        map.lookup(&[])?
    };
    Ok(bytes.and_then(|b| pod::read::<V>(&b)))
}

macro_rules! fifo_or_lifo {
    ($name:ident, $type:ident, $label:literal, $order:literal) => {
        #[doc = concat!("A typed `BPF_MAP_TYPE_", $label, "` of `V` values (", $order, ").")]
        #[derive(Clone)]
        pub struct $name<V: Pod> {
            map: MapRef,
            _value: PhantomData<fn() -> V>,
        }

        handle_debug!($name<V>);

        impl<V: Pod> $name<V> {
            #[doc = concat!("The ", $label, " map `name` of `obj`; fails if it is another map type or its value size differs from `size_of::<V>()`.")]
            pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
                let map = MapRef::new(obj, name, stringify!($name), &[MapType::$type], $label)?
                    .value_is::<V>()?;
                Ok($name {
                    map,
                    _value: PhantomData,
                })
            }

            /// The underlying byte-level map.
            pub fn map(&self) -> &Map {
                self.map.map()
            }

            /// Adds `value`; fails with `E2BIG` when full.
            pub fn push(&self, value: &V) -> Result<(), MapError> {
                push(self.map(), value, false)
            }

            /// Adds `value`, dropping the oldest value when full (`BPF_EXIST`).
            pub fn push_overwriting(&self, value: &V) -> Result<(), MapError> {
                push(self.map(), value, true)
            }

            /// Takes the next value; `Ok(None)` when empty.
            pub fn pop(&self) -> Result<Option<V>, MapError> {
                front(self.map(), true)
            }

            /// The next value, left in place; `Ok(None)` when empty.
            pub fn peek(&self) -> Result<Option<V>, MapError> {
                front(self.map(), false)
            }
        }
    };
}

fifo_or_lifo!(Queue, Queue, "QUEUE", "first in, first out");
fifo_or_lifo!(Stack, Stack, "STACK", "last in, first out");

/// A typed `BPF_MAP_TYPE_BLOOM_FILTER` of `V` values: `contains` may say yes for a value
/// never pushed (at the rate its `map_extra` hash count allows), never no for one pushed.
#[derive(Clone)]
pub struct BloomFilter<V: Pod> {
    map: MapRef,
    _value: PhantomData<fn() -> V>,
}

handle_debug!(BloomFilter<V>);

impl<V: Pod> BloomFilter<V> {
    /// The bloom filter `name` of `obj`; fails if it is another map type or its value
    /// size differs from `size_of::<V>()`.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        let map = MapRef::new(
            obj,
            name,
            "BloomFilter",
            &[MapType::BloomFilter],
            "bloom_filter",
        )?
        .value_is::<V>()?;
        Ok(BloomFilter {
            map,
            _value: PhantomData,
        })
    }

    /// The underlying byte-level map.
    pub fn map(&self) -> &Map {
        self.map.map()
    }

    /// Adds `value` to the set.
    pub fn push(&self, value: &V) -> Result<(), MapError> {
        push(self.map(), value, false)
    }

    /// Whether `value` may be in the set (`false`: certainly not).
    pub fn contains(&self, value: &V) -> Result<bool, MapError> {
        // The kernel answers a bloom-filter lookup in the value buffer's place: 0 for
        // "maybe", ENOENT for "no".
        let mut probe = pod::bytes_of(value).to_vec();
        let map = self.map();
        map.access()
            .lookup(&[], &mut probe, 0)
            .map_err(|e| map.err(e))
    }
}
