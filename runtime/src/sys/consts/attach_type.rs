//! `enum bpf_attach_type` values from the kernel UAPI (`linux/bpf.h`, Linux 6.18).

/// `BPF_CGROUP_INET_INGRESS` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET_INGRESS: u32 = 0;
/// `BPF_CGROUP_INET_EGRESS` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET_EGRESS: u32 = 1;
/// `BPF_CGROUP_INET_SOCK_CREATE` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET_SOCK_CREATE: u32 = 2;
/// `BPF_CGROUP_SOCK_OPS` from `enum bpf_attach_type`.
pub const BPF_CGROUP_SOCK_OPS: u32 = 3;
/// `BPF_SK_SKB_STREAM_PARSER` from `enum bpf_attach_type`.
pub const BPF_SK_SKB_STREAM_PARSER: u32 = 4;
/// `BPF_SK_SKB_STREAM_VERDICT` from `enum bpf_attach_type`.
pub const BPF_SK_SKB_STREAM_VERDICT: u32 = 5;
/// `BPF_CGROUP_DEVICE` from `enum bpf_attach_type`.
pub const BPF_CGROUP_DEVICE: u32 = 6;
/// `BPF_SK_MSG_VERDICT` from `enum bpf_attach_type`.
pub const BPF_SK_MSG_VERDICT: u32 = 7;
/// `BPF_CGROUP_INET4_BIND` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET4_BIND: u32 = 8;
/// `BPF_CGROUP_INET6_BIND` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET6_BIND: u32 = 9;
/// `BPF_CGROUP_INET4_CONNECT` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET4_CONNECT: u32 = 10;
/// `BPF_CGROUP_INET6_CONNECT` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET6_CONNECT: u32 = 11;
/// `BPF_CGROUP_INET4_POST_BIND` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET4_POST_BIND: u32 = 12;
/// `BPF_CGROUP_INET6_POST_BIND` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET6_POST_BIND: u32 = 13;
/// `BPF_CGROUP_UDP4_SENDMSG` from `enum bpf_attach_type`.
pub const BPF_CGROUP_UDP4_SENDMSG: u32 = 14;
/// `BPF_CGROUP_UDP6_SENDMSG` from `enum bpf_attach_type`.
pub const BPF_CGROUP_UDP6_SENDMSG: u32 = 15;
/// `BPF_LIRC_MODE2` from `enum bpf_attach_type`.
pub const BPF_LIRC_MODE2: u32 = 16;
/// `BPF_FLOW_DISSECTOR` from `enum bpf_attach_type`.
pub const BPF_FLOW_DISSECTOR: u32 = 17;
/// `BPF_CGROUP_SYSCTL` from `enum bpf_attach_type`.
pub const BPF_CGROUP_SYSCTL: u32 = 18;
/// `BPF_CGROUP_UDP4_RECVMSG` from `enum bpf_attach_type`.
pub const BPF_CGROUP_UDP4_RECVMSG: u32 = 19;
/// `BPF_CGROUP_UDP6_RECVMSG` from `enum bpf_attach_type`.
pub const BPF_CGROUP_UDP6_RECVMSG: u32 = 20;
/// `BPF_CGROUP_GETSOCKOPT` from `enum bpf_attach_type`.
pub const BPF_CGROUP_GETSOCKOPT: u32 = 21;
/// `BPF_CGROUP_SETSOCKOPT` from `enum bpf_attach_type`.
pub const BPF_CGROUP_SETSOCKOPT: u32 = 22;
/// `BPF_TRACE_RAW_TP` from `enum bpf_attach_type`.
pub const BPF_TRACE_RAW_TP: u32 = 23;
/// `BPF_TRACE_FENTRY` from `enum bpf_attach_type`.
pub const BPF_TRACE_FENTRY: u32 = 24;
/// `BPF_TRACE_FEXIT` from `enum bpf_attach_type`.
pub const BPF_TRACE_FEXIT: u32 = 25;
/// `BPF_MODIFY_RETURN` from `enum bpf_attach_type`.
pub const BPF_MODIFY_RETURN: u32 = 26;
/// `BPF_LSM_MAC` from `enum bpf_attach_type`.
pub const BPF_LSM_MAC: u32 = 27;
/// `BPF_TRACE_ITER` from `enum bpf_attach_type`.
pub const BPF_TRACE_ITER: u32 = 28;
/// `BPF_CGROUP_INET4_GETPEERNAME` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET4_GETPEERNAME: u32 = 29;
/// `BPF_CGROUP_INET6_GETPEERNAME` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET6_GETPEERNAME: u32 = 30;
/// `BPF_CGROUP_INET4_GETSOCKNAME` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET4_GETSOCKNAME: u32 = 31;
/// `BPF_CGROUP_INET6_GETSOCKNAME` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET6_GETSOCKNAME: u32 = 32;
/// `BPF_XDP_DEVMAP` from `enum bpf_attach_type`.
pub const BPF_XDP_DEVMAP: u32 = 33;
/// `BPF_CGROUP_INET_SOCK_RELEASE` from `enum bpf_attach_type`.
pub const BPF_CGROUP_INET_SOCK_RELEASE: u32 = 34;
/// `BPF_XDP_CPUMAP` from `enum bpf_attach_type`.
pub const BPF_XDP_CPUMAP: u32 = 35;
/// `BPF_SK_LOOKUP` from `enum bpf_attach_type`.
pub const BPF_SK_LOOKUP: u32 = 36;
/// `BPF_XDP` from `enum bpf_attach_type`.
pub const BPF_XDP: u32 = 37;
/// `BPF_SK_SKB_VERDICT` from `enum bpf_attach_type`.
pub const BPF_SK_SKB_VERDICT: u32 = 38;
/// `BPF_SK_REUSEPORT_SELECT` from `enum bpf_attach_type`.
pub const BPF_SK_REUSEPORT_SELECT: u32 = 39;
/// `BPF_SK_REUSEPORT_SELECT_OR_MIGRATE` from `enum bpf_attach_type`.
pub const BPF_SK_REUSEPORT_SELECT_OR_MIGRATE: u32 = 40;
/// `BPF_PERF_EVENT` from `enum bpf_attach_type`.
pub const BPF_PERF_EVENT: u32 = 41;
/// `BPF_TRACE_KPROBE_MULTI` from `enum bpf_attach_type`.
pub const BPF_TRACE_KPROBE_MULTI: u32 = 42;
/// `BPF_LSM_CGROUP` from `enum bpf_attach_type`.
pub const BPF_LSM_CGROUP: u32 = 43;
/// `BPF_STRUCT_OPS` from `enum bpf_attach_type`.
pub const BPF_STRUCT_OPS: u32 = 44;
/// `BPF_NETFILTER` from `enum bpf_attach_type`.
pub const BPF_NETFILTER: u32 = 45;
/// `BPF_TCX_INGRESS` from `enum bpf_attach_type`.
pub const BPF_TCX_INGRESS: u32 = 46;
/// `BPF_TCX_EGRESS` from `enum bpf_attach_type`.
pub const BPF_TCX_EGRESS: u32 = 47;
/// `BPF_TRACE_UPROBE_MULTI` from `enum bpf_attach_type`.
pub const BPF_TRACE_UPROBE_MULTI: u32 = 48;
/// `BPF_CGROUP_UNIX_CONNECT` from `enum bpf_attach_type`.
pub const BPF_CGROUP_UNIX_CONNECT: u32 = 49;
/// `BPF_CGROUP_UNIX_SENDMSG` from `enum bpf_attach_type`.
pub const BPF_CGROUP_UNIX_SENDMSG: u32 = 50;
/// `BPF_CGROUP_UNIX_RECVMSG` from `enum bpf_attach_type`.
pub const BPF_CGROUP_UNIX_RECVMSG: u32 = 51;
/// `BPF_CGROUP_UNIX_GETPEERNAME` from `enum bpf_attach_type`.
pub const BPF_CGROUP_UNIX_GETPEERNAME: u32 = 52;
/// `BPF_CGROUP_UNIX_GETSOCKNAME` from `enum bpf_attach_type`.
pub const BPF_CGROUP_UNIX_GETSOCKNAME: u32 = 53;
/// `BPF_NETKIT_PRIMARY` from `enum bpf_attach_type`.
pub const BPF_NETKIT_PRIMARY: u32 = 54;
/// `BPF_NETKIT_PEER` from `enum bpf_attach_type`.
pub const BPF_NETKIT_PEER: u32 = 55;
/// `BPF_TRACE_KPROBE_SESSION` from `enum bpf_attach_type`.
pub const BPF_TRACE_KPROBE_SESSION: u32 = 56;
/// `BPF_TRACE_UPROBE_SESSION` from `enum bpf_attach_type`.
pub const BPF_TRACE_UPROBE_SESSION: u32 = 57;
