//! `enum bpf_prog_type` values from the kernel UAPI (`linux/bpf.h`, Linux 6.18).

/// `BPF_PROG_TYPE_UNSPEC` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_UNSPEC: u32 = 0;
/// `BPF_PROG_TYPE_SOCKET_FILTER` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_SOCKET_FILTER: u32 = 1;
/// `BPF_PROG_TYPE_KPROBE` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_KPROBE: u32 = 2;
/// `BPF_PROG_TYPE_SCHED_CLS` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_SCHED_CLS: u32 = 3;
/// `BPF_PROG_TYPE_SCHED_ACT` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_SCHED_ACT: u32 = 4;
/// `BPF_PROG_TYPE_TRACEPOINT` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_TRACEPOINT: u32 = 5;
/// `BPF_PROG_TYPE_XDP` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_XDP: u32 = 6;
/// `BPF_PROG_TYPE_PERF_EVENT` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_PERF_EVENT: u32 = 7;
/// `BPF_PROG_TYPE_CGROUP_SKB` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_CGROUP_SKB: u32 = 8;
/// `BPF_PROG_TYPE_CGROUP_SOCK` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_CGROUP_SOCK: u32 = 9;
/// `BPF_PROG_TYPE_LWT_IN` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_LWT_IN: u32 = 10;
/// `BPF_PROG_TYPE_LWT_OUT` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_LWT_OUT: u32 = 11;
/// `BPF_PROG_TYPE_LWT_XMIT` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_LWT_XMIT: u32 = 12;
/// `BPF_PROG_TYPE_SOCK_OPS` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_SOCK_OPS: u32 = 13;
/// `BPF_PROG_TYPE_SK_SKB` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_SK_SKB: u32 = 14;
/// `BPF_PROG_TYPE_CGROUP_DEVICE` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_CGROUP_DEVICE: u32 = 15;
/// `BPF_PROG_TYPE_SK_MSG` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_SK_MSG: u32 = 16;
/// `BPF_PROG_TYPE_RAW_TRACEPOINT` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_RAW_TRACEPOINT: u32 = 17;
/// `BPF_PROG_TYPE_CGROUP_SOCK_ADDR` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_CGROUP_SOCK_ADDR: u32 = 18;
/// `BPF_PROG_TYPE_LWT_SEG6LOCAL` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_LWT_SEG6LOCAL: u32 = 19;
/// `BPF_PROG_TYPE_LIRC_MODE2` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_LIRC_MODE2: u32 = 20;
/// `BPF_PROG_TYPE_SK_REUSEPORT` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_SK_REUSEPORT: u32 = 21;
/// `BPF_PROG_TYPE_FLOW_DISSECTOR` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_FLOW_DISSECTOR: u32 = 22;
/// `BPF_PROG_TYPE_CGROUP_SYSCTL` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_CGROUP_SYSCTL: u32 = 23;
/// `BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE: u32 = 24;
/// `BPF_PROG_TYPE_CGROUP_SOCKOPT` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_CGROUP_SOCKOPT: u32 = 25;
/// `BPF_PROG_TYPE_TRACING` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_TRACING: u32 = 26;
/// `BPF_PROG_TYPE_STRUCT_OPS` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_STRUCT_OPS: u32 = 27;
/// `BPF_PROG_TYPE_EXT` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_EXT: u32 = 28;
/// `BPF_PROG_TYPE_LSM` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_LSM: u32 = 29;
/// `BPF_PROG_TYPE_SK_LOOKUP` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_SK_LOOKUP: u32 = 30;
/// `BPF_PROG_TYPE_SYSCALL` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_SYSCALL: u32 = 31;
/// `BPF_PROG_TYPE_NETFILTER` from `enum bpf_prog_type`.
pub const BPF_PROG_TYPE_NETFILTER: u32 = 32;
