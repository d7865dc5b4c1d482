//! [`SockMap`] and [`SockHash`]: sockets that `sk_msg` / `sk_skb` programs redirect
//! between, filled from user space with socket fds.

use crate::abi::MapType;
use std::marker::PhantomData;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::sync::Arc;

use super::handle::{handle_debug, MapRef};
use crate::pod::{self, Pod};
use crate::prepare::map::{Map, MapError};
use crate::prepare::UpdateFlags;
use crate::PreparedObject;

/// The value user space writes into a socket map: the socket's fd, as a `u32` or `u64`
/// (the map's value size).
fn socket_value(map: &Map, socket: BorrowedFd<'_>) -> Vec<u8> {
    let fd = socket.as_raw_fd() as u32;
    if map.spec().value_size == 8 {
        u64::from(fd).to_ne_bytes().to_vec()
    } else {
        fd.to_ne_bytes().to_vec()
    }
}

/// What a lookup answers from user space: the socket's cookie, when the value is 8 bytes.
fn cookie(bytes: Option<Vec<u8>>) -> Option<u64> {
    bytes.and_then(|b| pod::read::<u64>(&b))
}

/// Checks that a socket map's value can hold an fd (4 or 8 bytes).
fn check_value(map: MapRef) -> Result<MapRef, MapError> {
    let m = map.map();
    match m.spec().value_size {
        4 | 8 => Ok(map),
        other => Err(MapError::Size {
            map: m.name().to_string(),
            what: "value",
            got: 4,
            expected: other as usize,
        }),
    }
}

/// A `BPF_MAP_TYPE_SOCKMAP`: an array of sockets. Attach `sk_msg` and `sk_skb` programs
/// to it (`attach(&map)` on those program kinds) before inserting sockets: the kernel
/// gives each socket the map's programs when it is inserted.
#[derive(Debug, Clone)]
pub struct SockMap {
    map: MapRef,
}

impl SockMap {
    /// The sockmap `name` of `obj`; fails if it is another map type or its key is not a
    /// `u32`.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        let map =
            MapRef::new(obj, name, "SockMap", &[MapType::Sockmap], "sockmap")?.key_is::<u32>()?;
        Ok(SockMap {
            map: check_value(map)?,
        })
    }

    /// The underlying map.
    pub fn map(&self) -> &Map {
        self.map.map()
    }

    /// Number of slots (`max_entries`).
    pub fn len(&self) -> u32 {
        self.map().spec().max_entries
    }

    /// Whether the map has no slots.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Puts `socket` (an established TCP socket, a UDP or Unix socket, …) into slot
    /// `index`, replacing what was there.
    pub fn set(&self, index: u32, socket: &impl AsFd) -> Result<(), MapError> {
        if index >= self.len() {
            return Err(self.map.out_of_range(index));
        }
        let value = socket_value(self.map(), socket.as_fd());
        self.map()
            .update(&index.to_ne_bytes(), &value, UpdateFlags::Any)
    }

    /// The cookie of the socket in slot `index` (what the kernel answers user space for
    /// an 8-byte value); `Ok(None)` when the slot is empty.
    pub fn cookie(&self, index: u32) -> Result<Option<u64>, MapError> {
        if index >= self.len() {
            return Err(self.map.out_of_range(index));
        }
        Ok(cookie(self.map().lookup(&index.to_ne_bytes())?))
    }

    /// Removes the socket in slot `index`; `Ok(false)` when it was empty.
    pub fn clear(&self, index: u32) -> Result<bool, MapError> {
        self.map().delete(&index.to_ne_bytes())
    }
}

impl AsFd for SockMap {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.map().as_fd()
    }
}

/// A `BPF_MAP_TYPE_SOCKHASH`: sockets under keys of type `K`. Attach programs before
/// inserting sockets, as for [`SockMap`].
pub struct SockHash<K: Pod> {
    map: MapRef,
    _key: PhantomData<fn() -> K>,
}

handle_debug!(SockHash<K>);

impl<K: Pod> Clone for SockHash<K> {
    fn clone(&self) -> Self {
        SockHash {
            map: self.map.clone(),
            _key: PhantomData,
        }
    }
}

impl<K: Pod> SockHash<K> {
    /// The sockhash `name` of `obj`; fails if it is another map type or its key is not
    /// `size_of::<K>()` bytes.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        let map =
            MapRef::new(obj, name, "SockHash", &[MapType::Sockhash], "sockhash")?.key_is::<K>()?;
        Ok(SockHash {
            map: check_value(map)?,
            _key: PhantomData,
        })
    }

    /// The underlying map.
    pub fn map(&self) -> &Map {
        self.map.map()
    }

    /// Puts `socket` under `key`, replacing what was there.
    pub fn insert(&self, key: &K, socket: &impl AsFd) -> Result<(), MapError> {
        let value = socket_value(self.map(), socket.as_fd());
        self.map()
            .update(pod::bytes_of(key), &value, UpdateFlags::Any)
    }

    /// The cookie of the socket under `key`; `Ok(None)` when there is none.
    pub fn cookie(&self, key: &K) -> Result<Option<u64>, MapError> {
        Ok(cookie(self.map().lookup(pod::bytes_of(key))?))
    }

    /// Removes the socket under `key`; `Ok(false)` when there was none.
    pub fn remove(&self, key: &K) -> Result<bool, MapError> {
        self.map().delete(pod::bytes_of(key))
    }
}

impl<K: Pod> AsFd for SockHash<K> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.map().as_fd()
    }
}
