//! Typed map handles, one file per map family. Above `attach` in the pipeline (a
//! `ProgArray` holds loaded programs); under them all is the object's byte-level
//! [`Map`](crate::Map).
//!
//! Every handle holds the `Arc<PreparedObject>` and the map's index, so handles are cheap
//! to clone, `Send + Sync`, and all methods take `&self`. Constructors
//! (`Handle::new(obj, name)`) check the map type and that key and value sizes equal
//! `size_of::<K>()` / `size_of::<V>()`; using the wrong Rust type for a map declared in
//! a generated skeleton does not compile, and a mismatch found at run time is an
//! [`MapError`](crate::Error) naming the map and both sizes.
//!
//! | map type | handle |
//! |---|---|
//! | `HASH` | [`HashMap`] (`lookup`, `update`, `delete`, `take`, `keys`, `entries`, `drain`) |
//! | `LRU_HASH` | [`LruHash`] (or [`HashMap`]) |
//! | `ARRAY` | [`Array`] |
//! | `PERCPU_ARRAY` | [`PerCpuArray`] |
//! | `PERCPU_HASH`, `LRU_PERCPU_HASH` | [`PerCpuHash`] |
//! | `QUEUE`, `STACK` | [`Queue`], [`Stack`] (`push`, `pop`, `peek`) |
//! | `BLOOM_FILTER` | [`BloomFilter`] (`push`, `contains`) |
//! | `RINGBUF` | [`RingBuf`] → [`RingBufReader`]; [`TypedRingBuf<T>`] → [`TypedRingBufReader<T>`] |
//! | `PROG_ARRAY` | [`ProgArray`] (`set`, `get` → program id, `clear`) |
//! | `PERF_EVENT_ARRAY` | [`PerfEventArray`] → [`PerfBuffer`]; [`TypedPerfEventArray<T>`] → [`TypedPerfBuffer<T>`] |
//!
//! With the `tokio` feature, `AsyncRingBufReader` and `AsyncPerfBuffer` wait on the
//! reactor instead of blocking in `poll(2)`.
//! | `SOCKMAP`, `SOCKHASH` | [`SockMap`] (`set`, `cookie`, `clear`), [`SockHash`] (`insert`, `cookie`, `remove`) |
//! | `TASK_STORAGE`, `INODE_STORAGE`, `SK_STORAGE`, `CGRP_STORAGE` | [`TaskStorage`], [`InodeStorage`], [`SkStorage`], [`CgrpStorage`] (`get`, `set`, `remove` by the owner's fd) |
//! | `ARRAY_OF_MAPS`, `HASH_OF_MAPS` | [`MapOfMaps<K, I>`] (`create_inner` → `I`, `set`, `get` → map id, `remove`) |
//! | anything | [`RawMap`] (bytes) |

mod array;
mod batch;
mod handle;
mod hash;
mod keys;
mod local_storage;
mod map_of_maps;
mod percpu;
mod perf_buffer;
#[cfg(feature = "tokio")]
mod perf_buffer_async;
mod perf_event_array;
mod perf_typed;
mod prog_array;
mod queue;
mod raw;
mod ringbuf;
#[cfg(feature = "tokio")]
mod ringbuf_async;
mod ringbuf_reader;
mod ringbuf_typed;
mod sock_map;

pub use crate::prepare::UpdateFlags;
pub use array::Array;
pub use handle::MapHandle;
pub use hash::{HashMap, LruHash};
pub use keys::Keys;
pub use local_storage::{CgrpStorage, InodeStorage, SkStorage, TaskStorage};
pub use map_of_maps::MapOfMaps;
pub use percpu::{PerCpuArray, PerCpuHash};
pub use perf_buffer::{PerfBuffer, PerfRecord};
#[cfg(feature = "tokio")]
pub use perf_buffer_async::AsyncPerfBuffer;
pub use perf_event_array::PerfEventArray;
pub use perf_typed::{TypedPerfBuffer, TypedPerfEventArray};
pub use prog_array::ProgArray;
pub use queue::{BloomFilter, Queue, Stack};
pub use raw::RawMap;
pub use ringbuf::RingBuf;
#[cfg(feature = "tokio")]
pub use ringbuf_async::AsyncRingBufReader;
pub use ringbuf_reader::{RingBufReader, RingRecord};
pub use ringbuf_typed::{TypedRingBuf, TypedRingBufReader};
pub use sock_map::{SockHash, SockMap};
