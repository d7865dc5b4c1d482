//! `enum bpf_link_type` values from the kernel UAPI (`linux/bpf.h`, Linux 6.18).

/// `BPF_LINK_TYPE_UNSPEC` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_UNSPEC: u32 = 0;
/// `BPF_LINK_TYPE_RAW_TRACEPOINT` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_RAW_TRACEPOINT: u32 = 1;
/// `BPF_LINK_TYPE_TRACING` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_TRACING: u32 = 2;
/// `BPF_LINK_TYPE_CGROUP` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_CGROUP: u32 = 3;
/// `BPF_LINK_TYPE_ITER` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_ITER: u32 = 4;
/// `BPF_LINK_TYPE_NETNS` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_NETNS: u32 = 5;
/// `BPF_LINK_TYPE_XDP` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_XDP: u32 = 6;
/// `BPF_LINK_TYPE_PERF_EVENT` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_PERF_EVENT: u32 = 7;
/// `BPF_LINK_TYPE_KPROBE_MULTI` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_KPROBE_MULTI: u32 = 8;
/// `BPF_LINK_TYPE_STRUCT_OPS` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_STRUCT_OPS: u32 = 9;
/// `BPF_LINK_TYPE_NETFILTER` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_NETFILTER: u32 = 10;
/// `BPF_LINK_TYPE_TCX` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_TCX: u32 = 11;
/// `BPF_LINK_TYPE_UPROBE_MULTI` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_UPROBE_MULTI: u32 = 12;
/// `BPF_LINK_TYPE_NETKIT` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_NETKIT: u32 = 13;
/// `BPF_LINK_TYPE_SOCKMAP` from `enum bpf_link_type`.
pub const BPF_LINK_TYPE_SOCKMAP: u32 = 14;
