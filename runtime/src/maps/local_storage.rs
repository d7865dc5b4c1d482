//! Local storage: a value kept by the kernel on each task, inode, socket or cgroup,
//! which user space reaches through an fd of the owner: [`TaskStorage`] (a pidfd),
//! [`InodeStorage`] (any open file of the inode), [`SkStorage`] (a socket) and
//! [`CgrpStorage`] (an open cgroup v2 directory).

use crate::abi::MapType;
use std::marker::PhantomData;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};
use std::sync::Arc;

use super::handle::{handle_debug, MapRef};
use crate::pod::{self, Pod};
use crate::prepare::map::{Map, MapError};
use crate::prepare::UpdateFlags;
use crate::PreparedObject;

/// The key user space passes for an owner: its fd.
fn owner_key(owner: BorrowedFd<'_>) -> [u8; 4] {
    owner.as_raw_fd().to_ne_bytes()
}

/// Declares one local-storage handle.
macro_rules! local_storage {
    ($(#[$doc:meta])* $name:ident, $map_type:ident, $type_name:literal, $owner:literal) => {
        $(#[$doc])*
        pub struct $name<V: Pod> {
            map: MapRef,
            _value: PhantomData<fn() -> V>,
        }

        handle_debug!($name<V>);

        impl<V: Pod> Clone for $name<V> {
            fn clone(&self) -> Self {
                $name {
                    map: self.map.clone(),
                    _value: PhantomData,
                }
            }
        }

        impl<V: Pod> $name<V> {
            #[doc = concat!("The ", $type_name, " map `name` of `obj`; fails if it is another")]
            /// map type or its value size differs from `size_of::<V>()`.
            pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
                let map = MapRef::new(
                    obj,
                    name,
                    stringify!($name),
                    &[MapType::$map_type],
                    $type_name,
                )?
                .value_is::<V>()?;
                Ok($name {
                    map,
                    _value: PhantomData,
                })
            }

            /// The underlying map.
            pub fn map(&self) -> &Map {
                self.map.map()
            }

            #[doc = concat!("The value stored on ", $owner, "; `Ok(None)` when it has none.")]
            pub fn get(&self, owner: &impl AsFd) -> Result<Option<V>, MapError> {
                let bytes = self.map().lookup(&owner_key(owner.as_fd()))?;
                Ok(bytes.and_then(|b| pod::read::<V>(&b)))
            }

            #[doc = concat!("Stores `value` on ", $owner, " as `flags` says.")]
            pub fn set(&self, owner: &impl AsFd, value: &V, flags: UpdateFlags) -> Result<(), MapError> {
                self.map()
                    .update(&owner_key(owner.as_fd()), pod::bytes_of(value), flags)
            }

            #[doc = concat!("Removes the value stored on ", $owner, "; `Ok(false)` when it had none.")]
            pub fn remove(&self, owner: &impl AsFd) -> Result<bool, MapError> {
                self.map().delete(&owner_key(owner.as_fd()))
            }
        }
    };
}

local_storage!(
    /// A `BPF_MAP_TYPE_TASK_STORAGE`: a `V` per task, reached from user space through a
    /// pidfd ([`sys::pidfd_open`](crate::sys::pidfd_open)). Minimum kernel version: 5.11.
    TaskStorage,
    TaskStorage,
    "task_storage",
    "the task of pidfd `owner`"
);
local_storage!(
    /// A `BPF_MAP_TYPE_INODE_STORAGE`: a `V` per inode, reached through any open file of
    /// it. Needs the BPF LSM (5.10).
    InodeStorage,
    InodeStorage,
    "inode_storage",
    "the inode of file `owner`"
);
local_storage!(
    /// A `BPF_MAP_TYPE_SK_STORAGE`: a `V` per socket, reached through the socket.
    /// Minimum kernel version: 5.2.
    SkStorage,
    SkStorage,
    "sk_storage",
    "socket `owner`"
);
local_storage!(
    /// A `BPF_MAP_TYPE_CGRP_STORAGE`: a `V` per cgroup, reached through an open cgroup v2
    /// directory. Minimum kernel version: 6.2.
    CgrpStorage,
    CgrpStorage,
    "cgrp_storage",
    "the cgroup of directory `owner`"
);
