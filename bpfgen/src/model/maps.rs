//! Declared maps → typed handles: the map-type table and the BTF checks that
//! decide between a typed handle and a raw byte handle.

use bpfgen_runtime::abi::MapType;
use bpfgen_runtime::obj::btf::Btf;
use bpfgen_runtime::obj::MapSpec;
use proc_macro2::TokenStream;

use crate::skel::SkelError;
use crate::types::TypeGen;

/// The runtime handle a map gets.
#[derive(Debug, Clone)]
pub(crate) enum Handle {
    /// `maps::HashMap<K, V>`.
    Hash {
        key: TokenStream,
        value: TokenStream,
    },
    /// `maps::LruHash<K, V>`.
    LruHash {
        key: TokenStream,
        value: TokenStream,
    },
    /// `maps::PerCpuHash<K, V>` (also `LRU_PERCPU_HASH`).
    PerCpuHash {
        key: TokenStream,
        value: TokenStream,
    },
    /// `maps::Array<V>`.
    Array { value: TokenStream },
    /// `maps::PerCpuArray<V>`.
    PerCpuArray { value: TokenStream },
    /// `maps::Queue<V>`.
    Queue { value: TokenStream },
    /// `maps::Stack<V>`.
    Stack { value: TokenStream },
    /// `maps::BloomFilter<V>`.
    BloomFilter { value: TokenStream },
    /// `maps::RingBuf`.
    RingBuf,
    /// `maps::TypedRingBuf<R>`: a ring buffer named in the `events` option.
    TypedRingBuf { record: TokenStream },
    /// `maps::TypedPerfEventArray<R>`: a perf event array named in the `events` option.
    TypedPerfEventArray { record: TokenStream },
    /// `maps::ProgArray`.
    ProgArray,
    /// `maps::SockMap`.
    SockMap,
    /// `maps::MapOfMaps<K, I>`: `inner` is the inner map's typed handle when it has one
    /// that can wrap a created map, else `RawMap`.
    MapOfMaps {
        key: TokenStream,
        inner: Option<Box<Handle>>,
    },
    /// `maps::TaskStorage<V>`, `InodeStorage<V>`, `SkStorage<V>` or `CgrpStorage<V>`
    /// (`handle` names which).
    LocalStorage {
        handle: &'static str,
        value: TokenStream,
    },
    /// `maps::SockHash<K>`.
    SockHash { key: TokenStream },
    /// `maps::PerfEventArray`.
    PerfEventArray,
    /// `maps::RawMap`, with the reason when a typed handle was expected.
    Raw { reason: Option<String> },
}

/// What a map handle needs: key and value types, or none.
enum Shape {
    KeyValue,
    Key,
    Value,
    Untyped,
}

/// A declared (non-data) map of the skeleton.
#[derive(Debug, Clone)]
pub(crate) struct MapModel {
    /// C name.
    pub c_name: String,
    /// Field name in `maps` structs.
    pub field: String,
    /// Its constant in `names::maps`.
    pub constant: String,
    /// Map type name for docs (`hash`, `array`, … or the raw number).
    pub type_name: String,
    /// The handle.
    pub handle: Handle,
}

/// The handle of `map`, requesting its key and value types from `gen`.
pub(crate) fn handle(map: &MapSpec, btf: Option<&Btf>, gen: &mut TypeGen<'_>) -> Handle {
    let ty = map.map_type;
    if !ty.is_known() {
        return Handle::Raw { reason: None };
    }
    let shape = match ty {
        MapType::Hash | MapType::LruHash | MapType::PercpuHash | MapType::LruPercpuHash => {
            Shape::KeyValue
        }
        MapType::Array
        | MapType::PercpuArray
        | MapType::Queue
        | MapType::Stack
        | MapType::BloomFilter
        | MapType::TaskStorage
        | MapType::InodeStorage
        | MapType::SkStorage
        | MapType::CgrpStorage => Shape::Value,
        MapType::Sockhash | MapType::ArrayOfMaps | MapType::HashOfMaps => Shape::Key,
        _ => Shape::Untyped,
    };
    let typed = match shape {
        Shape::Untyped => Ok((None, None)),
        Shape::Value => typed_part(map, btf, gen, Part::Value).map(|v| (None, Some(v))),
        Shape::Key => typed_part(map, btf, gen, Part::Key).map(|k| (Some(k), None)),
        Shape::KeyValue => typed_part(map, btf, gen, Part::Key)
            .and_then(|k| Ok((Some(k), Some(typed_part(map, btf, gen, Part::Value)?)))),
    };
    let (key, value) = match typed {
        Ok(kv) => kv,
        Err(reason) => {
            return Handle::Raw {
                reason: Some(reason),
            }
        }
    };
    match (ty, key, value) {
        (MapType::Hash, Some(key), Some(value)) => Handle::Hash { key, value },
        (MapType::LruHash, Some(key), Some(value)) => Handle::LruHash { key, value },
        (MapType::PercpuHash | MapType::LruPercpuHash, Some(key), Some(value)) => {
            Handle::PerCpuHash { key, value }
        }
        (MapType::Array, _, Some(value)) => Handle::Array { value },
        (MapType::PercpuArray, _, Some(value)) => Handle::PerCpuArray { value },
        (MapType::Queue, _, Some(value)) => Handle::Queue { value },
        (MapType::Stack, _, Some(value)) => Handle::Stack { value },
        (MapType::BloomFilter, _, Some(value)) => Handle::BloomFilter { value },
        (MapType::Ringbuf, ..) => Handle::RingBuf,
        (MapType::ProgArray, ..) => Handle::ProgArray,
        (MapType::ArrayOfMaps | MapType::HashOfMaps, Some(key), _) if map.value_size == 4 => {
            let inner = map
                .inner
                .as_deref()
                .map(|i| handle(i, btf, gen))
                .filter(Handle::wraps_created_maps)
                .map(Box::new);
            Handle::MapOfMaps { key, inner }
        }
        (MapType::TaskStorage, _, Some(value)) => storage("TaskStorage", value),
        (MapType::InodeStorage, _, Some(value)) => storage("InodeStorage", value),
        (MapType::SkStorage, _, Some(value)) => storage("SkStorage", value),
        (MapType::CgrpStorage, _, Some(value)) => storage("CgrpStorage", value),
        (MapType::Sockmap, ..) if map.key_size == 4 && matches!(map.value_size, 4 | 8) => {
            Handle::SockMap
        }
        (MapType::Sockhash, Some(key), _) if matches!(map.value_size, 4 | 8) => {
            Handle::SockHash { key }
        }
        (MapType::PerfEventArray, ..) => Handle::PerfEventArray,
        _ => Handle::Raw { reason: None },
    }
}

impl Handle {
    /// Whether the runtime handle implements `MapHandle` (can wrap an inner map or a
    /// clone's private map).
    pub(crate) fn wraps_created_maps(&self) -> bool {
        matches!(
            self,
            Handle::Hash { .. }
                | Handle::LruHash { .. }
                | Handle::PerCpuHash { .. }
                | Handle::Array { .. }
                | Handle::PerCpuArray { .. }
                | Handle::Raw { .. }
        )
    }
}

fn storage(handle: &'static str, value: TokenStream) -> Handle {
    Handle::LocalStorage { handle, value }
}

#[derive(Clone, Copy)]
enum Part {
    Key,
    Value,
}

/// The Rust type of the key or value of `map`, or why there is none: no BTF
/// type, a type `bpfgen::types` cannot represent, or a size that differs from
/// the map definition.
fn typed_part(
    map: &MapSpec,
    btf: Option<&Btf>,
    gen: &mut TypeGen<'_>,
    part: Part,
) -> Result<TokenStream, String> {
    let (what, id, size) = match part {
        Part::Key => ("key", map.key_type_id, map.key_size),
        Part::Value => ("value", map.value_type_id, map.value_size),
    };
    let btf = btf.ok_or_else(|| "the object has no BTF".to_string())?;
    if id == 0 {
        return Err(format!("BTF has no {what} type"));
    }
    let btf_size = btf.resolve_size(id).map_err(|e| format!("{what}: {e}"))?;
    if btf_size != size {
        return Err(format!(
            "the BTF {what} type is {btf_size} bytes but the map's {what} is {size}"
        ));
    }
    let hint = format!("{}_{what}", map.name);
    gen.request_with_hint(id, Some(&hint))
        .map_err(|e| format!("{what}: {e}"))
}

/// Gives each map named in `events` (`(map, C type)` pairs) its typed event handle:
/// a ring buffer becomes a `TypedRingBuf` and a perf event array a
/// `TypedPerfEventArray` of that type.
pub(crate) fn apply_events(
    maps: &mut [MapModel],
    events: &[(String, String)],
    gen: &mut TypeGen<'_>,
) -> Result<(), SkelError> {
    for (map, type_name) in events {
        let event_err = |reason: String| SkelError::Event {
            map: map.clone(),
            type_name: type_name.clone(),
            reason,
        };
        let model = maps
            .iter_mut()
            .find(|m| m.c_name == *map)
            .ok_or_else(|| event_err("the object declares no such map".to_string()))?;
        let record = gen.request_named(type_name).map_err(|e| {
            event_err(format!(
                "{e}. A type used only by local variables has no BTF: keep it with a global \
                 (`struct {type_name} {type_name}_btf_anchor;`), or read the map with a \
                 `#[derive(Pod)]` Rust struct (`maps::TypedRingBuf::<Event>::new(skel.object(), \"{map}\")`)"
            ))
        })?;
        model.handle = match model.handle {
            Handle::RingBuf => Handle::TypedRingBuf { record },
            Handle::PerfEventArray => Handle::TypedPerfEventArray { record },
            _ => {
                return Err(event_err(format!(
                    "it is a `{}` map; events come from ring buffers and perf event arrays",
                    model.type_name
                )))
            }
        };
    }
    Ok(())
}
