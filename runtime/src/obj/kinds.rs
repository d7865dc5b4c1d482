//! Kernel program, attach and map type numbers (`enum bpf_prog_type`,
//! `enum bpf_attach_type`, `enum bpf_map_type` in `linux/bpf.h`), with libbpf's
//! lower-case names for them.
//!
//! The numbering is part of the kernel ABI and only ever grows, so values from
//! kernels newer than the build host's headers are safe to list. The Debian
//! `linux-libc-dev` 6.1 header ends at `BPF_LSM_CGROUP` (attach type 43),
//! `BPF_PROG_TYPE_SYSCALL` (31) and `BPF_MAP_TYPE_USER_RINGBUF` (31); later values
//! come from the upstream UAPI header (libbpf's copy) and are marked with the
//! kernel that introduced them. Values that only exist in `bpf-next` so far
//! (`BPF_TRACE_{FENTRY,FEXIT,FSESSION}_MULTI`, `BPF_MAP_TYPE_RHASH`) are left out
//! until they reach a release.

/// Defines a `u32`-backed kernel enum with `as_raw`, `from_raw` and `name`.
macro_rules! kernel_enum {
    (
        $(#[$meta:meta])*
        pub enum $ty:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $raw:literal => $name:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[repr(u32)]
        pub enum $ty {
            $( $(#[$vmeta])* $variant = $raw, )+
        }

        impl $ty {
            /// Every value, in kernel numbering order.
            pub const ALL: &'static [$ty] = &[ $( $ty::$variant, )+ ];

            /// The kernel's number for this value.
            pub fn as_raw(self) -> u32 {
                self as u32
            }

            /// The value the kernel numbers `raw`, or `None` if it is unknown here.
            pub fn from_raw(raw: u32) -> Option<Self> {
                match raw {
                    $( $raw => Some($ty::$variant), )+
                    _ => None,
                }
            }

            /// libbpf's lower-case name (as printed by `bpftool` and libbpf's
            /// `*_type_str` functions).
            pub fn name(self) -> &'static str {
                match self {
                    $( $ty::$variant => $name, )+
                }
            }
        }
    };
}

kernel_enum! {
    /// A BPF program type (`enum bpf_prog_type`).
    pub enum ProgramType {
        /// `BPF_PROG_TYPE_UNSPEC`: no type; the kernel refuses to load it.
        Unspec = 0 => "unspec",
        /// `BPF_PROG_TYPE_SOCKET_FILTER`.
        SocketFilter = 1 => "socket_filter",
        /// `BPF_PROG_TYPE_KPROBE` (also uprobes, USDT, kprobe/uprobe multi).
        Kprobe = 2 => "kprobe",
        /// `BPF_PROG_TYPE_SCHED_CLS` (tc, tcx, netkit).
        SchedCls = 3 => "sched_cls",
        /// `BPF_PROG_TYPE_SCHED_ACT`.
        SchedAct = 4 => "sched_act",
        /// `BPF_PROG_TYPE_TRACEPOINT`.
        Tracepoint = 5 => "tracepoint",
        /// `BPF_PROG_TYPE_XDP`.
        Xdp = 6 => "xdp",
        /// `BPF_PROG_TYPE_PERF_EVENT`.
        PerfEvent = 7 => "perf_event",
        /// `BPF_PROG_TYPE_CGROUP_SKB`.
        CgroupSkb = 8 => "cgroup_skb",
        /// `BPF_PROG_TYPE_CGROUP_SOCK`.
        CgroupSock = 9 => "cgroup_sock",
        /// `BPF_PROG_TYPE_LWT_IN`.
        LwtIn = 10 => "lwt_in",
        /// `BPF_PROG_TYPE_LWT_OUT`.
        LwtOut = 11 => "lwt_out",
        /// `BPF_PROG_TYPE_LWT_XMIT`.
        LwtXmit = 12 => "lwt_xmit",
        /// `BPF_PROG_TYPE_SOCK_OPS`.
        SockOps = 13 => "sock_ops",
        /// `BPF_PROG_TYPE_SK_SKB`.
        SkSkb = 14 => "sk_skb",
        /// `BPF_PROG_TYPE_CGROUP_DEVICE`.
        CgroupDevice = 15 => "cgroup_device",
        /// `BPF_PROG_TYPE_SK_MSG`.
        SkMsg = 16 => "sk_msg",
        /// `BPF_PROG_TYPE_RAW_TRACEPOINT`.
        RawTracepoint = 17 => "raw_tracepoint",
        /// `BPF_PROG_TYPE_CGROUP_SOCK_ADDR`.
        CgroupSockAddr = 18 => "cgroup_sock_addr",
        /// `BPF_PROG_TYPE_LWT_SEG6LOCAL`.
        LwtSeg6local = 19 => "lwt_seg6local",
        /// `BPF_PROG_TYPE_LIRC_MODE2`.
        LircMode2 = 20 => "lirc_mode2",
        /// `BPF_PROG_TYPE_SK_REUSEPORT`.
        SkReuseport = 21 => "sk_reuseport",
        /// `BPF_PROG_TYPE_FLOW_DISSECTOR`.
        FlowDissector = 22 => "flow_dissector",
        /// `BPF_PROG_TYPE_CGROUP_SYSCTL`.
        CgroupSysctl = 23 => "cgroup_sysctl",
        /// `BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE`.
        RawTracepointWritable = 24 => "raw_tracepoint_writable",
        /// `BPF_PROG_TYPE_CGROUP_SOCKOPT`.
        CgroupSockopt = 25 => "cgroup_sockopt",
        /// `BPF_PROG_TYPE_TRACING` (`tp_btf`, `fentry`, `fexit`, `fmod_ret`, `iter`).
        Tracing = 26 => "tracing",
        /// `BPF_PROG_TYPE_STRUCT_OPS`.
        StructOps = 27 => "struct_ops",
        /// `BPF_PROG_TYPE_EXT` (freplace).
        Ext = 28 => "ext",
        /// `BPF_PROG_TYPE_LSM`.
        Lsm = 29 => "lsm",
        /// `BPF_PROG_TYPE_SK_LOOKUP`.
        SkLookup = 30 => "sk_lookup",
        /// `BPF_PROG_TYPE_SYSCALL`.
        Syscall = 31 => "syscall",
        /// `BPF_PROG_TYPE_NETFILTER` (Linux 6.4).
        Netfilter = 32 => "netfilter",
    }
}

kernel_enum! {
    /// A program's expected or actual attach type (`enum bpf_attach_type`).
    pub enum AttachType {
        /// `BPF_CGROUP_INET_INGRESS`.
        CgroupInetIngress = 0 => "cgroup_inet_ingress",
        /// `BPF_CGROUP_INET_EGRESS`.
        CgroupInetEgress = 1 => "cgroup_inet_egress",
        /// `BPF_CGROUP_INET_SOCK_CREATE`.
        CgroupInetSockCreate = 2 => "cgroup_inet_sock_create",
        /// `BPF_CGROUP_SOCK_OPS`.
        CgroupSockOps = 3 => "cgroup_sock_ops",
        /// `BPF_SK_SKB_STREAM_PARSER`.
        SkSkbStreamParser = 4 => "sk_skb_stream_parser",
        /// `BPF_SK_SKB_STREAM_VERDICT`.
        SkSkbStreamVerdict = 5 => "sk_skb_stream_verdict",
        /// `BPF_CGROUP_DEVICE`.
        CgroupDevice = 6 => "cgroup_device",
        /// `BPF_SK_MSG_VERDICT`.
        SkMsgVerdict = 7 => "sk_msg_verdict",
        /// `BPF_CGROUP_INET4_BIND`.
        CgroupInet4Bind = 8 => "cgroup_inet4_bind",
        /// `BPF_CGROUP_INET6_BIND`.
        CgroupInet6Bind = 9 => "cgroup_inet6_bind",
        /// `BPF_CGROUP_INET4_CONNECT`.
        CgroupInet4Connect = 10 => "cgroup_inet4_connect",
        /// `BPF_CGROUP_INET6_CONNECT`.
        CgroupInet6Connect = 11 => "cgroup_inet6_connect",
        /// `BPF_CGROUP_INET4_POST_BIND`.
        CgroupInet4PostBind = 12 => "cgroup_inet4_post_bind",
        /// `BPF_CGROUP_INET6_POST_BIND`.
        CgroupInet6PostBind = 13 => "cgroup_inet6_post_bind",
        /// `BPF_CGROUP_UDP4_SENDMSG`.
        CgroupUdp4Sendmsg = 14 => "cgroup_udp4_sendmsg",
        /// `BPF_CGROUP_UDP6_SENDMSG`.
        CgroupUdp6Sendmsg = 15 => "cgroup_udp6_sendmsg",
        /// `BPF_LIRC_MODE2`.
        LircMode2 = 16 => "lirc_mode2",
        /// `BPF_FLOW_DISSECTOR`.
        FlowDissector = 17 => "flow_dissector",
        /// `BPF_CGROUP_SYSCTL`.
        CgroupSysctl = 18 => "cgroup_sysctl",
        /// `BPF_CGROUP_UDP4_RECVMSG`.
        CgroupUdp4Recvmsg = 19 => "cgroup_udp4_recvmsg",
        /// `BPF_CGROUP_UDP6_RECVMSG`.
        CgroupUdp6Recvmsg = 20 => "cgroup_udp6_recvmsg",
        /// `BPF_CGROUP_GETSOCKOPT`.
        CgroupGetsockopt = 21 => "cgroup_getsockopt",
        /// `BPF_CGROUP_SETSOCKOPT`.
        CgroupSetsockopt = 22 => "cgroup_setsockopt",
        /// `BPF_TRACE_RAW_TP`.
        TraceRawTp = 23 => "trace_raw_tp",
        /// `BPF_TRACE_FENTRY`.
        TraceFentry = 24 => "trace_fentry",
        /// `BPF_TRACE_FEXIT`.
        TraceFexit = 25 => "trace_fexit",
        /// `BPF_MODIFY_RETURN`.
        ModifyReturn = 26 => "modify_return",
        /// `BPF_LSM_MAC`.
        LsmMac = 27 => "lsm_mac",
        /// `BPF_TRACE_ITER`.
        TraceIter = 28 => "trace_iter",
        /// `BPF_CGROUP_INET4_GETPEERNAME`.
        CgroupInet4Getpeername = 29 => "cgroup_inet4_getpeername",
        /// `BPF_CGROUP_INET6_GETPEERNAME`.
        CgroupInet6Getpeername = 30 => "cgroup_inet6_getpeername",
        /// `BPF_CGROUP_INET4_GETSOCKNAME`.
        CgroupInet4Getsockname = 31 => "cgroup_inet4_getsockname",
        /// `BPF_CGROUP_INET6_GETSOCKNAME`.
        CgroupInet6Getsockname = 32 => "cgroup_inet6_getsockname",
        /// `BPF_XDP_DEVMAP`.
        XdpDevmap = 33 => "xdp_devmap",
        /// `BPF_CGROUP_INET_SOCK_RELEASE`.
        CgroupInetSockRelease = 34 => "cgroup_inet_sock_release",
        /// `BPF_XDP_CPUMAP`.
        XdpCpumap = 35 => "xdp_cpumap",
        /// `BPF_SK_LOOKUP`.
        SkLookup = 36 => "sk_lookup",
        /// `BPF_XDP`.
        Xdp = 37 => "xdp",
        /// `BPF_SK_SKB_VERDICT`.
        SkSkbVerdict = 38 => "sk_skb_verdict",
        /// `BPF_SK_REUSEPORT_SELECT`.
        SkReuseportSelect = 39 => "sk_reuseport_select",
        /// `BPF_SK_REUSEPORT_SELECT_OR_MIGRATE`.
        SkReuseportSelectOrMigrate = 40 => "sk_reuseport_select_or_migrate",
        /// `BPF_PERF_EVENT`.
        PerfEvent = 41 => "perf_event",
        /// `BPF_TRACE_KPROBE_MULTI`.
        TraceKprobeMulti = 42 => "trace_kprobe_multi",
        /// `BPF_LSM_CGROUP` (the last value in the 6.1 header).
        LsmCgroup = 43 => "lsm_cgroup",
        /// `BPF_STRUCT_OPS` (Linux 6.4).
        StructOps = 44 => "struct_ops",
        /// `BPF_NETFILTER` (Linux 6.4).
        Netfilter = 45 => "netfilter",
        /// `BPF_TCX_INGRESS` (Linux 6.6).
        TcxIngress = 46 => "tcx_ingress",
        /// `BPF_TCX_EGRESS` (Linux 6.6).
        TcxEgress = 47 => "tcx_egress",
        /// `BPF_TRACE_UPROBE_MULTI` (Linux 6.6).
        TraceUprobeMulti = 48 => "trace_uprobe_multi",
        /// `BPF_CGROUP_UNIX_CONNECT` (Linux 6.7).
        CgroupUnixConnect = 49 => "cgroup_unix_connect",
        /// `BPF_CGROUP_UNIX_SENDMSG` (Linux 6.7).
        CgroupUnixSendmsg = 50 => "cgroup_unix_sendmsg",
        /// `BPF_CGROUP_UNIX_RECVMSG` (Linux 6.7).
        CgroupUnixRecvmsg = 51 => "cgroup_unix_recvmsg",
        /// `BPF_CGROUP_UNIX_GETPEERNAME` (Linux 6.7).
        CgroupUnixGetpeername = 52 => "cgroup_unix_getpeername",
        /// `BPF_CGROUP_UNIX_GETSOCKNAME` (Linux 6.7).
        CgroupUnixGetsockname = 53 => "cgroup_unix_getsockname",
        /// `BPF_NETKIT_PRIMARY` (Linux 6.7).
        NetkitPrimary = 54 => "netkit_primary",
        /// `BPF_NETKIT_PEER` (Linux 6.7).
        NetkitPeer = 55 => "netkit_peer",
        /// `BPF_TRACE_KPROBE_SESSION` (Linux 6.10).
        TraceKprobeSession = 56 => "trace_kprobe_session",
        /// `BPF_TRACE_UPROBE_SESSION` (Linux 6.13).
        TraceUprobeSession = 57 => "trace_uprobe_session",
        /// `BPF_TRACE_FSESSION` (merged 2026-01, after Linux 6.18).
        TraceFsession = 58 => "trace_fsession",
    }
}

kernel_enum! {
    /// A BPF map type (`enum bpf_map_type`).
    pub enum MapType {
        /// `BPF_MAP_TYPE_UNSPEC`.
        Unspec = 0 => "unspec",
        /// `BPF_MAP_TYPE_HASH`.
        Hash = 1 => "hash",
        /// `BPF_MAP_TYPE_ARRAY`.
        Array = 2 => "array",
        /// `BPF_MAP_TYPE_PROG_ARRAY`.
        ProgArray = 3 => "prog_array",
        /// `BPF_MAP_TYPE_PERF_EVENT_ARRAY`.
        PerfEventArray = 4 => "perf_event_array",
        /// `BPF_MAP_TYPE_PERCPU_HASH`.
        PercpuHash = 5 => "percpu_hash",
        /// `BPF_MAP_TYPE_PERCPU_ARRAY`.
        PercpuArray = 6 => "percpu_array",
        /// `BPF_MAP_TYPE_STACK_TRACE`.
        StackTrace = 7 => "stack_trace",
        /// `BPF_MAP_TYPE_CGROUP_ARRAY`.
        CgroupArray = 8 => "cgroup_array",
        /// `BPF_MAP_TYPE_LRU_HASH`.
        LruHash = 9 => "lru_hash",
        /// `BPF_MAP_TYPE_LRU_PERCPU_HASH`.
        LruPercpuHash = 10 => "lru_percpu_hash",
        /// `BPF_MAP_TYPE_LPM_TRIE`.
        LpmTrie = 11 => "lpm_trie",
        /// `BPF_MAP_TYPE_ARRAY_OF_MAPS`.
        ArrayOfMaps = 12 => "array_of_maps",
        /// `BPF_MAP_TYPE_HASH_OF_MAPS`.
        HashOfMaps = 13 => "hash_of_maps",
        /// `BPF_MAP_TYPE_DEVMAP`.
        Devmap = 14 => "devmap",
        /// `BPF_MAP_TYPE_SOCKMAP`.
        Sockmap = 15 => "sockmap",
        /// `BPF_MAP_TYPE_CPUMAP`.
        Cpumap = 16 => "cpumap",
        /// `BPF_MAP_TYPE_XSKMAP`.
        Xskmap = 17 => "xskmap",
        /// `BPF_MAP_TYPE_SOCKHASH`.
        Sockhash = 18 => "sockhash",
        /// `BPF_MAP_TYPE_CGROUP_STORAGE`.
        CgroupStorage = 19 => "cgroup_storage",
        /// `BPF_MAP_TYPE_REUSEPORT_SOCKARRAY`.
        ReuseportSockarray = 20 => "reuseport_sockarray",
        /// `BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE` (deprecated upstream, same number).
        PercpuCgroupStorage = 21 => "percpu_cgroup_storage",
        /// `BPF_MAP_TYPE_QUEUE`.
        Queue = 22 => "queue",
        /// `BPF_MAP_TYPE_STACK`.
        Stack = 23 => "stack",
        /// `BPF_MAP_TYPE_SK_STORAGE`.
        SkStorage = 24 => "sk_storage",
        /// `BPF_MAP_TYPE_DEVMAP_HASH`.
        DevmapHash = 25 => "devmap_hash",
        /// `BPF_MAP_TYPE_STRUCT_OPS`.
        StructOps = 26 => "struct_ops",
        /// `BPF_MAP_TYPE_RINGBUF`.
        Ringbuf = 27 => "ringbuf",
        /// `BPF_MAP_TYPE_INODE_STORAGE`.
        InodeStorage = 28 => "inode_storage",
        /// `BPF_MAP_TYPE_TASK_STORAGE`.
        TaskStorage = 29 => "task_storage",
        /// `BPF_MAP_TYPE_BLOOM_FILTER`.
        BloomFilter = 30 => "bloom_filter",
        /// `BPF_MAP_TYPE_USER_RINGBUF` (the last value in the 6.1 header).
        UserRingbuf = 31 => "user_ringbuf",
        /// `BPF_MAP_TYPE_CGRP_STORAGE` (Linux 6.2).
        CgrpStorage = 32 => "cgrp_storage",
        /// `BPF_MAP_TYPE_ARENA` (Linux 6.9).
        Arena = 33 => "arena",
        /// `BPF_MAP_TYPE_INSN_ARRAY` (Linux 6.19).
        InsnArray = 34 => "insn_array",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn program_types_match_header() {
        assert_eq!(ProgramType::Unspec.as_raw(), 0);
        assert_eq!(ProgramType::SocketFilter.as_raw(), 1);
        assert_eq!(ProgramType::Xdp.as_raw(), 6);
        assert_eq!(ProgramType::CgroupSkb.as_raw(), 8);
        assert_eq!(ProgramType::RawTracepoint.as_raw(), 17);
        assert_eq!(ProgramType::Tracing.as_raw(), 26);
        assert_eq!(ProgramType::Syscall.as_raw(), 31);
        assert_eq!(ProgramType::Netfilter.as_raw(), 32);
        assert_eq!(ProgramType::from_raw(3), Some(ProgramType::SchedCls));
        assert_eq!(ProgramType::from_raw(33), None);
        assert_eq!(ProgramType::SocketFilter.name(), "socket_filter");
        assert_eq!(
            ProgramType::RawTracepointWritable.name(),
            "raw_tracepoint_writable"
        );
    }

    #[test]
    fn attach_types_match_header() {
        assert_eq!(AttachType::CgroupInetIngress.as_raw(), 0);
        assert_eq!(AttachType::SkMsgVerdict.as_raw(), 7);
        assert_eq!(AttachType::TraceRawTp.as_raw(), 23);
        assert_eq!(AttachType::LsmMac.as_raw(), 27);
        assert_eq!(AttachType::XdpDevmap.as_raw(), 33);
        assert_eq!(AttachType::Xdp.as_raw(), 37);
        assert_eq!(AttachType::LsmCgroup.as_raw(), 43);
        assert_eq!(AttachType::TcxIngress.as_raw(), 46);
        assert_eq!(AttachType::NetkitPeer.as_raw(), 55);
        assert_eq!(AttachType::TraceUprobeSession.as_raw(), 57);
        assert_eq!(AttachType::from_raw(36), Some(AttachType::SkLookup));
        assert_eq!(AttachType::from_raw(1000), None);
        assert_eq!(AttachType::ModifyReturn.name(), "modify_return");
    }

    #[test]
    fn map_types_match_header() {
        assert_eq!(MapType::Hash.as_raw(), 1);
        assert_eq!(MapType::ProgArray.as_raw(), 3);
        assert_eq!(MapType::LruHash.as_raw(), 9);
        assert_eq!(MapType::DevmapHash.as_raw(), 25);
        assert_eq!(MapType::Ringbuf.as_raw(), 27);
        assert_eq!(MapType::UserRingbuf.as_raw(), 31);
        assert_eq!(MapType::Arena.as_raw(), 33);
        assert_eq!(MapType::from_raw(6), Some(MapType::PercpuArray));
        assert_eq!(MapType::from_raw(35), None);
        assert_eq!(MapType::Ringbuf.name(), "ringbuf");
        assert_eq!(MapType::PercpuCgroupStorage.name(), "percpu_cgroup_storage");
    }

    #[test]
    fn tables_are_dense_and_round_trip() {
        for (i, t) in ProgramType::ALL.iter().enumerate() {
            assert_eq!(t.as_raw() as usize, i);
            assert_eq!(ProgramType::from_raw(t.as_raw()), Some(*t));
        }
        for (i, t) in AttachType::ALL.iter().enumerate() {
            assert_eq!(t.as_raw() as usize, i);
            assert_eq!(AttachType::from_raw(t.as_raw()), Some(*t));
        }
        for (i, t) in MapType::ALL.iter().enumerate() {
            assert_eq!(t.as_raw() as usize, i);
            assert_eq!(MapType::from_raw(t.as_raw()), Some(*t));
        }
    }
}
