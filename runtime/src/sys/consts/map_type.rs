//! `enum bpf_map_type` values from the kernel UAPI (`linux/bpf.h`, Linux 6.18).

/// `BPF_MAP_TYPE_UNSPEC` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_UNSPEC: u32 = 0;
/// `BPF_MAP_TYPE_HASH` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_HASH: u32 = 1;
/// `BPF_MAP_TYPE_ARRAY` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_ARRAY: u32 = 2;
/// `BPF_MAP_TYPE_PROG_ARRAY` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_PROG_ARRAY: u32 = 3;
/// `BPF_MAP_TYPE_PERF_EVENT_ARRAY` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_PERF_EVENT_ARRAY: u32 = 4;
/// `BPF_MAP_TYPE_PERCPU_HASH` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_PERCPU_HASH: u32 = 5;
/// `BPF_MAP_TYPE_PERCPU_ARRAY` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_PERCPU_ARRAY: u32 = 6;
/// `BPF_MAP_TYPE_STACK_TRACE` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_STACK_TRACE: u32 = 7;
/// `BPF_MAP_TYPE_CGROUP_ARRAY` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_CGROUP_ARRAY: u32 = 8;
/// `BPF_MAP_TYPE_LRU_HASH` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_LRU_HASH: u32 = 9;
/// `BPF_MAP_TYPE_LRU_PERCPU_HASH` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_LRU_PERCPU_HASH: u32 = 10;
/// `BPF_MAP_TYPE_LPM_TRIE` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_LPM_TRIE: u32 = 11;
/// `BPF_MAP_TYPE_ARRAY_OF_MAPS` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_ARRAY_OF_MAPS: u32 = 12;
/// `BPF_MAP_TYPE_HASH_OF_MAPS` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_HASH_OF_MAPS: u32 = 13;
/// `BPF_MAP_TYPE_DEVMAP` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_DEVMAP: u32 = 14;
/// `BPF_MAP_TYPE_SOCKMAP` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_SOCKMAP: u32 = 15;
/// `BPF_MAP_TYPE_CPUMAP` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_CPUMAP: u32 = 16;
/// `BPF_MAP_TYPE_XSKMAP` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_XSKMAP: u32 = 17;
/// `BPF_MAP_TYPE_SOCKHASH` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_SOCKHASH: u32 = 18;
/// `BPF_MAP_TYPE_CGROUP_STORAGE_DEPRECATED` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_CGROUP_STORAGE_DEPRECATED: u32 = 19;
/// `BPF_MAP_TYPE_CGROUP_STORAGE` (alias of `BPF_MAP_TYPE_CGROUP_STORAGE_DEPRECATED`).
pub const BPF_MAP_TYPE_CGROUP_STORAGE: u32 = 19;
/// `BPF_MAP_TYPE_REUSEPORT_SOCKARRAY` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_REUSEPORT_SOCKARRAY: u32 = 20;
/// `BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE_DEPRECATED` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE_DEPRECATED: u32 = 21;
/// `BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE` (alias of `BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE_DEPRECATED`).
pub const BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE: u32 = 21;
/// `BPF_MAP_TYPE_QUEUE` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_QUEUE: u32 = 22;
/// `BPF_MAP_TYPE_STACK` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_STACK: u32 = 23;
/// `BPF_MAP_TYPE_SK_STORAGE` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_SK_STORAGE: u32 = 24;
/// `BPF_MAP_TYPE_DEVMAP_HASH` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_DEVMAP_HASH: u32 = 25;
/// `BPF_MAP_TYPE_STRUCT_OPS` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_STRUCT_OPS: u32 = 26;
/// `BPF_MAP_TYPE_RINGBUF` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_RINGBUF: u32 = 27;
/// `BPF_MAP_TYPE_INODE_STORAGE` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_INODE_STORAGE: u32 = 28;
/// `BPF_MAP_TYPE_TASK_STORAGE` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_TASK_STORAGE: u32 = 29;
/// `BPF_MAP_TYPE_BLOOM_FILTER` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_BLOOM_FILTER: u32 = 30;
/// `BPF_MAP_TYPE_USER_RINGBUF` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_USER_RINGBUF: u32 = 31;
/// `BPF_MAP_TYPE_CGRP_STORAGE` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_CGRP_STORAGE: u32 = 32;
/// `BPF_MAP_TYPE_ARENA` from `enum bpf_map_type`.
pub const BPF_MAP_TYPE_ARENA: u32 = 33;
