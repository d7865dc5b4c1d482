//! AttachType: `enum bpf_attach_type`, its kernel numbers, kernel names and lower-case names.

use super::kernel_enum;

kernel_enum! {
    /// A program's expected or actual attach type (`enum bpf_attach_type`).
    pub enum AttachType {
        /// `BPF_CGROUP_INET_INGRESS`.
        CgroupInetIngress = 0 => "cgroup_inet_ingress", "BPF_CGROUP_INET_INGRESS",
        /// `BPF_CGROUP_INET_EGRESS`.
        CgroupInetEgress = 1 => "cgroup_inet_egress", "BPF_CGROUP_INET_EGRESS",
        /// `BPF_CGROUP_INET_SOCK_CREATE`.
        CgroupInetSockCreate = 2 => "cgroup_inet_sock_create", "BPF_CGROUP_INET_SOCK_CREATE",
        /// `BPF_CGROUP_SOCK_OPS`.
        CgroupSockOps = 3 => "cgroup_sock_ops", "BPF_CGROUP_SOCK_OPS",
        /// `BPF_SK_SKB_STREAM_PARSER`.
        SkSkbStreamParser = 4 => "sk_skb_stream_parser", "BPF_SK_SKB_STREAM_PARSER",
        /// `BPF_SK_SKB_STREAM_VERDICT`.
        SkSkbStreamVerdict = 5 => "sk_skb_stream_verdict", "BPF_SK_SKB_STREAM_VERDICT",
        /// `BPF_CGROUP_DEVICE`.
        CgroupDevice = 6 => "cgroup_device", "BPF_CGROUP_DEVICE",
        /// `BPF_SK_MSG_VERDICT`.
        SkMsgVerdict = 7 => "sk_msg_verdict", "BPF_SK_MSG_VERDICT",
        /// `BPF_CGROUP_INET4_BIND`.
        CgroupInet4Bind = 8 => "cgroup_inet4_bind", "BPF_CGROUP_INET4_BIND",
        /// `BPF_CGROUP_INET6_BIND`.
        CgroupInet6Bind = 9 => "cgroup_inet6_bind", "BPF_CGROUP_INET6_BIND",
        /// `BPF_CGROUP_INET4_CONNECT`.
        CgroupInet4Connect = 10 => "cgroup_inet4_connect", "BPF_CGROUP_INET4_CONNECT",
        /// `BPF_CGROUP_INET6_CONNECT`.
        CgroupInet6Connect = 11 => "cgroup_inet6_connect", "BPF_CGROUP_INET6_CONNECT",
        /// `BPF_CGROUP_INET4_POST_BIND`.
        CgroupInet4PostBind = 12 => "cgroup_inet4_post_bind", "BPF_CGROUP_INET4_POST_BIND",
        /// `BPF_CGROUP_INET6_POST_BIND`.
        CgroupInet6PostBind = 13 => "cgroup_inet6_post_bind", "BPF_CGROUP_INET6_POST_BIND",
        /// `BPF_CGROUP_UDP4_SENDMSG`.
        CgroupUdp4Sendmsg = 14 => "cgroup_udp4_sendmsg", "BPF_CGROUP_UDP4_SENDMSG",
        /// `BPF_CGROUP_UDP6_SENDMSG`.
        CgroupUdp6Sendmsg = 15 => "cgroup_udp6_sendmsg", "BPF_CGROUP_UDP6_SENDMSG",
        /// `BPF_LIRC_MODE2`.
        LircMode2 = 16 => "lirc_mode2", "BPF_LIRC_MODE2",
        /// `BPF_FLOW_DISSECTOR`.
        FlowDissector = 17 => "flow_dissector", "BPF_FLOW_DISSECTOR",
        /// `BPF_CGROUP_SYSCTL`.
        CgroupSysctl = 18 => "cgroup_sysctl", "BPF_CGROUP_SYSCTL",
        /// `BPF_CGROUP_UDP4_RECVMSG`.
        CgroupUdp4Recvmsg = 19 => "cgroup_udp4_recvmsg", "BPF_CGROUP_UDP4_RECVMSG",
        /// `BPF_CGROUP_UDP6_RECVMSG`.
        CgroupUdp6Recvmsg = 20 => "cgroup_udp6_recvmsg", "BPF_CGROUP_UDP6_RECVMSG",
        /// `BPF_CGROUP_GETSOCKOPT`.
        CgroupGetsockopt = 21 => "cgroup_getsockopt", "BPF_CGROUP_GETSOCKOPT",
        /// `BPF_CGROUP_SETSOCKOPT`.
        CgroupSetsockopt = 22 => "cgroup_setsockopt", "BPF_CGROUP_SETSOCKOPT",
        /// `BPF_TRACE_RAW_TP`.
        TraceRawTp = 23 => "trace_raw_tp", "BPF_TRACE_RAW_TP",
        /// `BPF_TRACE_FENTRY`.
        TraceFentry = 24 => "trace_fentry", "BPF_TRACE_FENTRY",
        /// `BPF_TRACE_FEXIT`.
        TraceFexit = 25 => "trace_fexit", "BPF_TRACE_FEXIT",
        /// `BPF_MODIFY_RETURN`.
        ModifyReturn = 26 => "modify_return", "BPF_MODIFY_RETURN",
        /// `BPF_LSM_MAC`.
        LsmMac = 27 => "lsm_mac", "BPF_LSM_MAC",
        /// `BPF_TRACE_ITER`.
        TraceIter = 28 => "trace_iter", "BPF_TRACE_ITER",
        /// `BPF_CGROUP_INET4_GETPEERNAME`.
        CgroupInet4Getpeername = 29 => "cgroup_inet4_getpeername", "BPF_CGROUP_INET4_GETPEERNAME",
        /// `BPF_CGROUP_INET6_GETPEERNAME`.
        CgroupInet6Getpeername = 30 => "cgroup_inet6_getpeername", "BPF_CGROUP_INET6_GETPEERNAME",
        /// `BPF_CGROUP_INET4_GETSOCKNAME`.
        CgroupInet4Getsockname = 31 => "cgroup_inet4_getsockname", "BPF_CGROUP_INET4_GETSOCKNAME",
        /// `BPF_CGROUP_INET6_GETSOCKNAME`.
        CgroupInet6Getsockname = 32 => "cgroup_inet6_getsockname", "BPF_CGROUP_INET6_GETSOCKNAME",
        /// `BPF_XDP_DEVMAP`.
        XdpDevmap = 33 => "xdp_devmap", "BPF_XDP_DEVMAP",
        /// `BPF_CGROUP_INET_SOCK_RELEASE`.
        CgroupInetSockRelease = 34 => "cgroup_inet_sock_release", "BPF_CGROUP_INET_SOCK_RELEASE",
        /// `BPF_XDP_CPUMAP`.
        XdpCpumap = 35 => "xdp_cpumap", "BPF_XDP_CPUMAP",
        /// `BPF_SK_LOOKUP`.
        SkLookup = 36 => "sk_lookup", "BPF_SK_LOOKUP",
        /// `BPF_XDP`.
        Xdp = 37 => "xdp", "BPF_XDP",
        /// `BPF_SK_SKB_VERDICT`.
        SkSkbVerdict = 38 => "sk_skb_verdict", "BPF_SK_SKB_VERDICT",
        /// `BPF_SK_REUSEPORT_SELECT`.
        SkReuseportSelect = 39 => "sk_reuseport_select", "BPF_SK_REUSEPORT_SELECT",
        /// `BPF_SK_REUSEPORT_SELECT_OR_MIGRATE`.
        SkReuseportSelectOrMigrate = 40 => "sk_reuseport_select_or_migrate", "BPF_SK_REUSEPORT_SELECT_OR_MIGRATE",
        /// `BPF_PERF_EVENT`.
        PerfEvent = 41 => "perf_event", "BPF_PERF_EVENT",
        /// `BPF_TRACE_KPROBE_MULTI`.
        TraceKprobeMulti = 42 => "trace_kprobe_multi", "BPF_TRACE_KPROBE_MULTI",
        /// `BPF_LSM_CGROUP` (the last value in the 6.1 header).
        LsmCgroup = 43 => "lsm_cgroup", "BPF_LSM_CGROUP",
        /// `BPF_STRUCT_OPS` (Linux 6.4).
        StructOps = 44 => "struct_ops", "BPF_STRUCT_OPS",
        /// `BPF_NETFILTER` (Linux 6.4).
        Netfilter = 45 => "netfilter", "BPF_NETFILTER",
        /// `BPF_TCX_INGRESS` (Linux 6.6).
        TcxIngress = 46 => "tcx_ingress", "BPF_TCX_INGRESS",
        /// `BPF_TCX_EGRESS` (Linux 6.6).
        TcxEgress = 47 => "tcx_egress", "BPF_TCX_EGRESS",
        /// `BPF_TRACE_UPROBE_MULTI` (Linux 6.6).
        TraceUprobeMulti = 48 => "trace_uprobe_multi", "BPF_TRACE_UPROBE_MULTI",
        /// `BPF_CGROUP_UNIX_CONNECT` (Linux 6.7).
        CgroupUnixConnect = 49 => "cgroup_unix_connect", "BPF_CGROUP_UNIX_CONNECT",
        /// `BPF_CGROUP_UNIX_SENDMSG` (Linux 6.7).
        CgroupUnixSendmsg = 50 => "cgroup_unix_sendmsg", "BPF_CGROUP_UNIX_SENDMSG",
        /// `BPF_CGROUP_UNIX_RECVMSG` (Linux 6.7).
        CgroupUnixRecvmsg = 51 => "cgroup_unix_recvmsg", "BPF_CGROUP_UNIX_RECVMSG",
        /// `BPF_CGROUP_UNIX_GETPEERNAME` (Linux 6.7).
        CgroupUnixGetpeername = 52 => "cgroup_unix_getpeername", "BPF_CGROUP_UNIX_GETPEERNAME",
        /// `BPF_CGROUP_UNIX_GETSOCKNAME` (Linux 6.7).
        CgroupUnixGetsockname = 53 => "cgroup_unix_getsockname", "BPF_CGROUP_UNIX_GETSOCKNAME",
        /// `BPF_NETKIT_PRIMARY` (Linux 6.7).
        NetkitPrimary = 54 => "netkit_primary", "BPF_NETKIT_PRIMARY",
        /// `BPF_NETKIT_PEER` (Linux 6.7).
        NetkitPeer = 55 => "netkit_peer", "BPF_NETKIT_PEER",
        /// `BPF_TRACE_KPROBE_SESSION` (Linux 6.10).
        TraceKprobeSession = 56 => "trace_kprobe_session", "BPF_TRACE_KPROBE_SESSION",
        /// `BPF_TRACE_UPROBE_SESSION` (Linux 6.13).
        TraceUprobeSession = 57 => "trace_uprobe_session", "BPF_TRACE_UPROBE_SESSION",
        /// `BPF_TRACE_FSESSION` (merged 2026-01, after Linux 6.18).
        TraceFsession = 58 => "trace_fsession", "BPF_TRACE_FSESSION",
    }
}

impl Default for AttachType {
    /// Number 0 (`BPF_CGROUP_INET_INGRESS`): what the kernel reads as the attach type of a
    /// program whose type needs none.
    fn default() -> Self {
        AttachType::from_raw(0)
    }
}
