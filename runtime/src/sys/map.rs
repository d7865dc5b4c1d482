//! Creating maps, freezing them and querying their info.
//!
//! Element access (`map_lookup_elem` & co.) lives in the `elem` child module
//! and is re-exported here.

mod batch;
mod elem;

use crate::abi::{Command, MapType};
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

use super::consts::{BPF_F_TOKEN_FD, BPF_OBJ_NAME_LEN};
use super::error::SyscallError;
use super::name::{name_from_field, obj_name_field};
use super::{info, raw};

pub use batch::BatchRead;
pub use elem::{map_delete_elem, map_get_next_key, map_lookup_elem, map_update_elem, MapAccess};

/// Parameters of `BPF_MAP_CREATE`; field names follow `union bpf_attr`.
#[derive(Debug, Default, Clone)]
pub struct MapCreateAttr<'a> {
    /// The map type.
    pub map_type: MapType,
    /// Key size in bytes.
    pub key_size: u32,
    /// Value size in bytes.
    pub value_size: u32,
    /// Maximum number of entries.
    pub max_entries: u32,
    /// `BPF_F_*` map flags.
    pub map_flags: u32,
    /// Template inner map for map-in-map types.
    pub inner_map_fd: Option<BorrowedFd<'a>>,
    /// NUMA node (only with `BPF_F_NUMA_NODE`).
    pub numa_node: u32,
    /// Map name; sanitised to `[A-Za-z0-9_.]` and cut to 15 bytes.
    pub name: &'a str,
    /// Netdev to create the map on (offload), 0 for none.
    pub map_ifindex: u32,
    /// BTF object describing key and value types.
    pub btf_fd: Option<BorrowedFd<'a>>,
    /// BTF type id of the key (in `btf_fd`).
    pub btf_key_type_id: u32,
    /// BTF type id of the value (in `btf_fd`).
    pub btf_value_type_id: u32,
    /// vmlinux BTF type id of a kernel struct stored as value (struct_ops).
    pub btf_vmlinux_value_type_id: u32,
    /// Per-type extra (bloom filter hashes, arena address, ...).
    pub map_extra: u64,
    /// BPF token granting the permission to create the map; adds `BPF_F_TOKEN_FD`.
    pub token_fd: Option<BorrowedFd<'a>>,
}

/// `bpf_attr` member used by `BPF_MAP_CREATE`, up to `map_extra`.
#[repr(C)]
#[derive(Default)]
struct MapCreateRaw {
    map_type: u32,
    key_size: u32,
    value_size: u32,
    max_entries: u32,
    map_flags: u32,
    inner_map_fd: u32,
    numa_node: u32,
    map_name: [u8; BPF_OBJ_NAME_LEN],
    map_ifindex: u32,
    btf_fd: u32,
    btf_key_type_id: u32,
    btf_value_type_id: u32,
    btf_vmlinux_value_type_id: u32,
    map_extra: u64,
    value_type_btf_obj_fd: i32,
    map_token_fd: i32,
}

const _: () = assert!(size_of::<MapCreateRaw>() == 80);

/// The raw fd number of an optional fd, 0 meaning "none" as in the UAPI.
pub(super) fn opt_fd(fd: Option<BorrowedFd<'_>>) -> u32 {
    fd.map_or(0, |fd| fd.as_raw_fd() as u32)
}

/// Creates a map; returns its fd.
pub fn map_create(attr: &MapCreateAttr<'_>) -> Result<OwnedFd, SyscallError> {
    let mut raw_attr = MapCreateRaw {
        map_type: attr.map_type.as_raw(),
        key_size: attr.key_size,
        value_size: attr.value_size,
        max_entries: attr.max_entries,
        map_flags: attr.map_flags,
        inner_map_fd: opt_fd(attr.inner_map_fd),
        numa_node: attr.numa_node,
        map_name: obj_name_field(attr.name),
        map_ifindex: attr.map_ifindex,
        btf_fd: opt_fd(attr.btf_fd),
        btf_key_type_id: attr.btf_key_type_id,
        btf_value_type_id: attr.btf_value_type_id,
        btf_vmlinux_value_type_id: attr.btf_vmlinux_value_type_id,
        map_extra: attr.map_extra,
        ..MapCreateRaw::default()
    };
    if let Some(token) = attr.token_fd {
        raw_attr.map_flags |= BPF_F_TOKEN_FD;
        raw_attr.map_token_fd = token.as_raw_fd();
    }
    // SAFETY: `MapCreateRaw` is the padding-free BPF_MAP_CREATE member of
    // `bpf_attr` and holds no pointers; the command returns a new fd.
    unsafe { raw::sys_bpf_fd(Command::MapCreate, &mut raw_attr, size_of::<MapCreateRaw>()) }
        .map_err(|e| SyscallError::new("BPF_MAP_CREATE", e))
}

/// `bpf_attr` member used by `BPF_MAP_FREEZE`.
#[repr(C)]
struct MapFdAttr {
    map_fd: u32,
}

/// Freezes the map: no further writes from user space (`BPF_MAP_FREEZE`).
pub fn map_freeze(fd: BorrowedFd<'_>) -> Result<(), SyscallError> {
    let mut attr = MapFdAttr {
        map_fd: fd.as_raw_fd() as u32,
    };
    // SAFETY: `MapFdAttr` is the padding-free head of the map member of
    // `bpf_attr` and holds no pointers.
    unsafe { raw::sys_bpf(Command::MapFreeze, &mut attr, size_of::<MapFdAttr>()) }
        .map(drop)
        .map_err(|e| SyscallError::new("BPF_MAP_FREEZE", e))
}

/// What the kernel reports about a map (`struct bpf_map_info`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MapInfo {
    /// The map type.
    pub map_type: MapType,
    /// Kernel-wide map id.
    pub id: u32,
    /// Key size in bytes.
    pub key_size: u32,
    /// Value size in bytes (per CPU for per-CPU maps).
    pub value_size: u32,
    /// Maximum number of entries.
    pub max_entries: u32,
    /// `BPF_F_*` flags the map was created with.
    pub map_flags: u32,
    /// Name, as stored by the kernel.
    pub name: String,
    /// Netdev the map is bound to, 0 if none.
    pub ifindex: u32,
    /// vmlinux BTF type id of the value (struct_ops).
    pub btf_vmlinux_value_type_id: u32,
    /// Id of the map's BTF object, 0 if none.
    pub btf_id: u32,
    /// BTF type id of the key.
    pub btf_key_type_id: u32,
    /// BTF type id of the value.
    pub btf_value_type_id: u32,
    /// Per-type extra, as given at creation.
    pub map_extra: u64,
}

/// `struct bpf_map_info` up to `map_extra` (Linux 5.16 layout).
#[repr(C)]
#[derive(Default)]
struct BpfMapInfo {
    map_type: u32,
    id: u32,
    key_size: u32,
    value_size: u32,
    max_entries: u32,
    map_flags: u32,
    name: [u8; BPF_OBJ_NAME_LEN],
    ifindex: u32,
    btf_vmlinux_value_type_id: u32,
    netns_dev: u64,
    netns_ino: u64,
    btf_id: u32,
    btf_key_type_id: u32,
    btf_value_type_id: u32,
    pad: u32,
    map_extra: u64,
}

const _: () = assert!(size_of::<BpfMapInfo>() == 88);

/// Queries the kernel's info about a map (`BPF_OBJ_GET_INFO_BY_FD`).
pub fn map_get_info(fd: BorrowedFd<'_>) -> Result<MapInfo, SyscallError> {
    let mut i = BpfMapInfo::default();
    // SAFETY: `BpfMapInfo` is a padding-free prefix of `struct bpf_map_info`
    // with no pointer fields. A non-map fd makes the kernel fill a different
    // info struct of at most `info_len` bytes, which is still in bounds.
    unsafe { info::obj_get_info_by_fd(fd, &mut i) }?;
    Ok(MapInfo {
        map_type: MapType::from_raw(i.map_type),
        id: i.id,
        key_size: i.key_size,
        value_size: i.value_size,
        max_entries: i.max_entries,
        map_flags: i.map_flags,
        name: name_from_field(&i.name),
        ifindex: i.ifindex,
        btf_vmlinux_value_type_id: i.btf_vmlinux_value_type_id,
        btf_id: i.btf_id,
        btf_key_type_id: i.btf_key_type_id,
        btf_value_type_id: i.btf_value_type_id,
        map_extra: i.map_extra,
    })
}

#[cfg(test)]
pub(crate) mod tests;
