//! LinkType: `enum bpf_link_type`, its kernel numbers, kernel names and lower-case names.

use super::kernel_enum;

kernel_enum! {
    /// A kind of BPF link (`enum bpf_link_type`), as `bpf_link_info::type` reports it.
    pub enum LinkType {
        /// `BPF_LINK_TYPE_UNSPEC`.
        Unspec = 0 => "unspec", "BPF_LINK_TYPE_UNSPEC",
        /// `BPF_LINK_TYPE_RAW_TRACEPOINT`.
        RawTracepoint = 1 => "raw_tracepoint", "BPF_LINK_TYPE_RAW_TRACEPOINT",
        /// `BPF_LINK_TYPE_TRACING`.
        Tracing = 2 => "tracing", "BPF_LINK_TYPE_TRACING",
        /// `BPF_LINK_TYPE_CGROUP`.
        Cgroup = 3 => "cgroup", "BPF_LINK_TYPE_CGROUP",
        /// `BPF_LINK_TYPE_ITER`.
        Iter = 4 => "iter", "BPF_LINK_TYPE_ITER",
        /// `BPF_LINK_TYPE_NETNS`.
        Netns = 5 => "netns", "BPF_LINK_TYPE_NETNS",
        /// `BPF_LINK_TYPE_XDP`.
        Xdp = 6 => "xdp", "BPF_LINK_TYPE_XDP",
        /// `BPF_LINK_TYPE_PERF_EVENT`.
        PerfEvent = 7 => "perf_event", "BPF_LINK_TYPE_PERF_EVENT",
        /// `BPF_LINK_TYPE_KPROBE_MULTI`.
        KprobeMulti = 8 => "kprobe_multi", "BPF_LINK_TYPE_KPROBE_MULTI",
        /// `BPF_LINK_TYPE_STRUCT_OPS`.
        StructOps = 9 => "struct_ops", "BPF_LINK_TYPE_STRUCT_OPS",
        /// `BPF_LINK_TYPE_NETFILTER`.
        Netfilter = 10 => "netfilter", "BPF_LINK_TYPE_NETFILTER",
        /// `BPF_LINK_TYPE_TCX`.
        Tcx = 11 => "tcx", "BPF_LINK_TYPE_TCX",
        /// `BPF_LINK_TYPE_UPROBE_MULTI`.
        UprobeMulti = 12 => "uprobe_multi", "BPF_LINK_TYPE_UPROBE_MULTI",
        /// `BPF_LINK_TYPE_NETKIT`.
        Netkit = 13 => "netkit", "BPF_LINK_TYPE_NETKIT",
        /// `BPF_LINK_TYPE_SOCKMAP`.
        Sockmap = 14 => "sockmap", "BPF_LINK_TYPE_SOCKMAP",
    }
}
