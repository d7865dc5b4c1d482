//! MapType: `enum bpf_map_type`, its kernel numbers, kernel names and lower-case names.

use super::kernel_enum;

kernel_enum! {
    /// A BPF map type (`enum bpf_map_type`).
    pub enum MapType {
        /// `BPF_MAP_TYPE_UNSPEC`.
        Unspec = 0 => "unspec", "BPF_MAP_TYPE_UNSPEC",
        /// `BPF_MAP_TYPE_HASH`.
        Hash = 1 => "hash", "BPF_MAP_TYPE_HASH",
        /// `BPF_MAP_TYPE_ARRAY`.
        Array = 2 => "array", "BPF_MAP_TYPE_ARRAY",
        /// `BPF_MAP_TYPE_PROG_ARRAY`.
        ProgArray = 3 => "prog_array", "BPF_MAP_TYPE_PROG_ARRAY",
        /// `BPF_MAP_TYPE_PERF_EVENT_ARRAY`.
        PerfEventArray = 4 => "perf_event_array", "BPF_MAP_TYPE_PERF_EVENT_ARRAY",
        /// `BPF_MAP_TYPE_PERCPU_HASH`.
        PercpuHash = 5 => "percpu_hash", "BPF_MAP_TYPE_PERCPU_HASH",
        /// `BPF_MAP_TYPE_PERCPU_ARRAY`.
        PercpuArray = 6 => "percpu_array", "BPF_MAP_TYPE_PERCPU_ARRAY",
        /// `BPF_MAP_TYPE_STACK_TRACE`.
        StackTrace = 7 => "stack_trace", "BPF_MAP_TYPE_STACK_TRACE",
        /// `BPF_MAP_TYPE_CGROUP_ARRAY`.
        CgroupArray = 8 => "cgroup_array", "BPF_MAP_TYPE_CGROUP_ARRAY",
        /// `BPF_MAP_TYPE_LRU_HASH`.
        LruHash = 9 => "lru_hash", "BPF_MAP_TYPE_LRU_HASH",
        /// `BPF_MAP_TYPE_LRU_PERCPU_HASH`.
        LruPercpuHash = 10 => "lru_percpu_hash", "BPF_MAP_TYPE_LRU_PERCPU_HASH",
        /// `BPF_MAP_TYPE_LPM_TRIE`.
        LpmTrie = 11 => "lpm_trie", "BPF_MAP_TYPE_LPM_TRIE",
        /// `BPF_MAP_TYPE_ARRAY_OF_MAPS`.
        ArrayOfMaps = 12 => "array_of_maps", "BPF_MAP_TYPE_ARRAY_OF_MAPS",
        /// `BPF_MAP_TYPE_HASH_OF_MAPS`.
        HashOfMaps = 13 => "hash_of_maps", "BPF_MAP_TYPE_HASH_OF_MAPS",
        /// `BPF_MAP_TYPE_DEVMAP`.
        Devmap = 14 => "devmap", "BPF_MAP_TYPE_DEVMAP",
        /// `BPF_MAP_TYPE_SOCKMAP`.
        Sockmap = 15 => "sockmap", "BPF_MAP_TYPE_SOCKMAP",
        /// `BPF_MAP_TYPE_CPUMAP`.
        Cpumap = 16 => "cpumap", "BPF_MAP_TYPE_CPUMAP",
        /// `BPF_MAP_TYPE_XSKMAP`.
        Xskmap = 17 => "xskmap", "BPF_MAP_TYPE_XSKMAP",
        /// `BPF_MAP_TYPE_SOCKHASH`.
        Sockhash = 18 => "sockhash", "BPF_MAP_TYPE_SOCKHASH",
        /// `BPF_MAP_TYPE_CGROUP_STORAGE`.
        CgroupStorage = 19 => "cgroup_storage", "BPF_MAP_TYPE_CGROUP_STORAGE",
        /// `BPF_MAP_TYPE_REUSEPORT_SOCKARRAY`.
        ReuseportSockarray = 20 => "reuseport_sockarray", "BPF_MAP_TYPE_REUSEPORT_SOCKARRAY",
        /// `BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE` (deprecated upstream, same number).
        PercpuCgroupStorage = 21 => "percpu_cgroup_storage", "BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE",
        /// `BPF_MAP_TYPE_QUEUE`.
        Queue = 22 => "queue", "BPF_MAP_TYPE_QUEUE",
        /// `BPF_MAP_TYPE_STACK`.
        Stack = 23 => "stack", "BPF_MAP_TYPE_STACK",
        /// `BPF_MAP_TYPE_SK_STORAGE`.
        SkStorage = 24 => "sk_storage", "BPF_MAP_TYPE_SK_STORAGE",
        /// `BPF_MAP_TYPE_DEVMAP_HASH`.
        DevmapHash = 25 => "devmap_hash", "BPF_MAP_TYPE_DEVMAP_HASH",
        /// `BPF_MAP_TYPE_STRUCT_OPS`.
        StructOps = 26 => "struct_ops", "BPF_MAP_TYPE_STRUCT_OPS",
        /// `BPF_MAP_TYPE_RINGBUF`.
        Ringbuf = 27 => "ringbuf", "BPF_MAP_TYPE_RINGBUF",
        /// `BPF_MAP_TYPE_INODE_STORAGE`.
        InodeStorage = 28 => "inode_storage", "BPF_MAP_TYPE_INODE_STORAGE",
        /// `BPF_MAP_TYPE_TASK_STORAGE`.
        TaskStorage = 29 => "task_storage", "BPF_MAP_TYPE_TASK_STORAGE",
        /// `BPF_MAP_TYPE_BLOOM_FILTER`.
        BloomFilter = 30 => "bloom_filter", "BPF_MAP_TYPE_BLOOM_FILTER",
        /// `BPF_MAP_TYPE_USER_RINGBUF` (the last value in the 6.1 header).
        UserRingbuf = 31 => "user_ringbuf", "BPF_MAP_TYPE_USER_RINGBUF",
        /// `BPF_MAP_TYPE_CGRP_STORAGE` (Linux 6.2).
        CgrpStorage = 32 => "cgrp_storage", "BPF_MAP_TYPE_CGRP_STORAGE",
        /// `BPF_MAP_TYPE_ARENA` (Linux 6.9).
        Arena = 33 => "arena", "BPF_MAP_TYPE_ARENA",
        /// `BPF_MAP_TYPE_INSN_ARRAY` (Linux 6.19).
        InsnArray = 34 => "insn_array", "BPF_MAP_TYPE_INSN_ARRAY",
    }
}

impl Default for MapType {
    /// `Unspec` (0), the kernel's "no type".
    fn default() -> Self {
        MapType::Unspec
    }
}
