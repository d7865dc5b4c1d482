//! ProgramType: `enum bpf_prog_type`, its kernel numbers, kernel names and lower-case names.

use super::kernel_enum;

kernel_enum! {
    /// A BPF program type (`enum bpf_prog_type`).
    pub enum ProgramType {
        /// `BPF_PROG_TYPE_UNSPEC`: no type; the kernel refuses to load it.
        Unspec = 0 => "unspec", "BPF_PROG_TYPE_UNSPEC",
        /// `BPF_PROG_TYPE_SOCKET_FILTER`.
        SocketFilter = 1 => "socket_filter", "BPF_PROG_TYPE_SOCKET_FILTER",
        /// `BPF_PROG_TYPE_KPROBE` (also uprobes, USDT, kprobe/uprobe multi).
        Kprobe = 2 => "kprobe", "BPF_PROG_TYPE_KPROBE",
        /// `BPF_PROG_TYPE_SCHED_CLS` (tc, tcx, netkit).
        SchedCls = 3 => "sched_cls", "BPF_PROG_TYPE_SCHED_CLS",
        /// `BPF_PROG_TYPE_SCHED_ACT`.
        SchedAct = 4 => "sched_act", "BPF_PROG_TYPE_SCHED_ACT",
        /// `BPF_PROG_TYPE_TRACEPOINT`.
        Tracepoint = 5 => "tracepoint", "BPF_PROG_TYPE_TRACEPOINT",
        /// `BPF_PROG_TYPE_XDP`.
        Xdp = 6 => "xdp", "BPF_PROG_TYPE_XDP",
        /// `BPF_PROG_TYPE_PERF_EVENT`.
        PerfEvent = 7 => "perf_event", "BPF_PROG_TYPE_PERF_EVENT",
        /// `BPF_PROG_TYPE_CGROUP_SKB`.
        CgroupSkb = 8 => "cgroup_skb", "BPF_PROG_TYPE_CGROUP_SKB",
        /// `BPF_PROG_TYPE_CGROUP_SOCK`.
        CgroupSock = 9 => "cgroup_sock", "BPF_PROG_TYPE_CGROUP_SOCK",
        /// `BPF_PROG_TYPE_LWT_IN`.
        LwtIn = 10 => "lwt_in", "BPF_PROG_TYPE_LWT_IN",
        /// `BPF_PROG_TYPE_LWT_OUT`.
        LwtOut = 11 => "lwt_out", "BPF_PROG_TYPE_LWT_OUT",
        /// `BPF_PROG_TYPE_LWT_XMIT`.
        LwtXmit = 12 => "lwt_xmit", "BPF_PROG_TYPE_LWT_XMIT",
        /// `BPF_PROG_TYPE_SOCK_OPS`.
        SockOps = 13 => "sock_ops", "BPF_PROG_TYPE_SOCK_OPS",
        /// `BPF_PROG_TYPE_SK_SKB`.
        SkSkb = 14 => "sk_skb", "BPF_PROG_TYPE_SK_SKB",
        /// `BPF_PROG_TYPE_CGROUP_DEVICE`.
        CgroupDevice = 15 => "cgroup_device", "BPF_PROG_TYPE_CGROUP_DEVICE",
        /// `BPF_PROG_TYPE_SK_MSG`.
        SkMsg = 16 => "sk_msg", "BPF_PROG_TYPE_SK_MSG",
        /// `BPF_PROG_TYPE_RAW_TRACEPOINT`.
        RawTracepoint = 17 => "raw_tracepoint", "BPF_PROG_TYPE_RAW_TRACEPOINT",
        /// `BPF_PROG_TYPE_CGROUP_SOCK_ADDR`.
        CgroupSockAddr = 18 => "cgroup_sock_addr", "BPF_PROG_TYPE_CGROUP_SOCK_ADDR",
        /// `BPF_PROG_TYPE_LWT_SEG6LOCAL`.
        LwtSeg6local = 19 => "lwt_seg6local", "BPF_PROG_TYPE_LWT_SEG6LOCAL",
        /// `BPF_PROG_TYPE_LIRC_MODE2`.
        LircMode2 = 20 => "lirc_mode2", "BPF_PROG_TYPE_LIRC_MODE2",
        /// `BPF_PROG_TYPE_SK_REUSEPORT`.
        SkReuseport = 21 => "sk_reuseport", "BPF_PROG_TYPE_SK_REUSEPORT",
        /// `BPF_PROG_TYPE_FLOW_DISSECTOR`.
        FlowDissector = 22 => "flow_dissector", "BPF_PROG_TYPE_FLOW_DISSECTOR",
        /// `BPF_PROG_TYPE_CGROUP_SYSCTL`.
        CgroupSysctl = 23 => "cgroup_sysctl", "BPF_PROG_TYPE_CGROUP_SYSCTL",
        /// `BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE`.
        RawTracepointWritable = 24 => "raw_tracepoint_writable", "BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE",
        /// `BPF_PROG_TYPE_CGROUP_SOCKOPT`.
        CgroupSockopt = 25 => "cgroup_sockopt", "BPF_PROG_TYPE_CGROUP_SOCKOPT",
        /// `BPF_PROG_TYPE_TRACING` (`tp_btf`, `fentry`, `fexit`, `fmod_ret`, `iter`).
        Tracing = 26 => "tracing", "BPF_PROG_TYPE_TRACING",
        /// `BPF_PROG_TYPE_STRUCT_OPS`.
        StructOps = 27 => "struct_ops", "BPF_PROG_TYPE_STRUCT_OPS",
        /// `BPF_PROG_TYPE_EXT` (freplace).
        Ext = 28 => "ext", "BPF_PROG_TYPE_EXT",
        /// `BPF_PROG_TYPE_LSM`.
        Lsm = 29 => "lsm", "BPF_PROG_TYPE_LSM",
        /// `BPF_PROG_TYPE_SK_LOOKUP`.
        SkLookup = 30 => "sk_lookup", "BPF_PROG_TYPE_SK_LOOKUP",
        /// `BPF_PROG_TYPE_SYSCALL`.
        Syscall = 31 => "syscall", "BPF_PROG_TYPE_SYSCALL",
        /// `BPF_PROG_TYPE_NETFILTER` (Linux 6.4).
        Netfilter = 32 => "netfilter", "BPF_PROG_TYPE_NETFILTER",
    }
}

impl Default for ProgramType {
    /// `Unspec` (0), the kernel's "no type".
    fn default() -> Self {
        ProgramType::Unspec
    }
}
