//! What a kernel test depends on: a program kind and its attach target, named by the
//! kernel's own numbers so that probing it does not go through bpfgen's section table.

use std::fmt;

use crate::abi::{AttachType, MapType, ProgramType};
use crate::obj::btf::kind;
use crate::sys::consts::{BPF_F_SLEEPABLE, BPF_F_XDP_HAS_FRAGS};

/// The vmlinux BTF type a program attaches to: `prefix` + `name` of BTF kind `kind`
/// (`btf_trace_<event>` typedefs for tp_btf, `bpf_iter_<name>` / `bpf_lsm_<hook>` /
/// plain function names for iterators, LSM hooks and fentry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BtfTarget {
    /// Prefix the kernel puts before the name in BTF.
    pub prefix: &'static str,
    /// The name as a `SEC()` would spell it.
    pub name: &'static str,
    /// BTF kind number (`FUNC`, `TYPEDEF`).
    pub kind: u32,
}

impl BtfTarget {
    /// The full BTF name.
    pub fn btf_name(&self) -> String {
        format!("{}{}", self.prefix, self.name)
    }
}

/// A kernel feature one kernel test needs. Each is probed with a minimal program of its
/// own, loaded (and, for the attach features, attached) through the raw syscalls, never
/// through bpfgen's loader: see [`super::probe`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Feature {
    /// `r0 = 0; exit` loads as `prog_type` with this expected attach type, attach BTF
    /// target and program flags.
    Program {
        /// `enum bpf_prog_type`.
        prog_type: ProgramType,
        /// `expected_attach_type`, if the kind needs one.
        attach_type: Option<AttachType>,
        /// The vmlinux type it attaches to, if any.
        btf: Option<BtfTarget>,
        /// `prog_flags` (e.g. `BPF_F_XDP_HAS_FRAGS`).
        flags: u32,
    },
    /// A struct_ops member program loads against member `member` of kernel struct `name`.
    StructOps {
        /// The kernel struct (e.g. `tcp_congestion_ops`).
        name: &'static str,
        /// The member the program implements.
        member: &'static str,
    },
    /// An freplace (`BPF_PROG_TYPE_EXT`) program loads against a global function of a
    /// program that carries BTF.
    Freplace,
    /// A kprobe perf event on this kernel function takes a kprobe program.
    KprobeAttach(&'static str),
    /// A multi-kprobe link on this kernel function takes a kprobe.multi program.
    KprobeMultiAttach(&'static str),
    /// A local-storage map of this type (task, inode, sk, cgrp storage) can be created.
    LocalStorage(MapType),
    /// A bpffs can be mounted with `delegate_*` options (BPF tokens, Linux 6.9).
    DelegatedBpffs,
}

const fn program(prog_type: ProgramType, attach_type: Option<AttachType>) -> Feature {
    Feature::Program {
        prog_type,
        attach_type,
        btf: None,
        flags: 0,
    }
}

const fn traced(attach_type: AttachType, prefix: &'static str, name: &'static str) -> Feature {
    let prog_type = match attach_type {
        AttachType::LsmMac => ProgramType::Lsm,
        _ => ProgramType::Tracing,
    };
    let kind = match attach_type {
        AttachType::TraceRawTp => kind::TYPEDEF,
        _ => kind::FUNC,
    };
    Feature::Program {
        prog_type,
        attach_type: Some(attach_type),
        btf: Some(BtfTarget { prefix, name, kind }),
        flags: 0,
    }
}

impl Feature {
    /// bpffs delegation options, what BPF tokens are made from (6.9).
    pub const DELEGATED_BPFFS: Feature = Feature::DelegatedBpffs;
    /// `BPF_MAP_TYPE_TASK_STORAGE` (5.11).
    pub const TASK_STORAGE: Feature = Feature::LocalStorage(MapType::TaskStorage);
    /// `BPF_MAP_TYPE_SK_STORAGE` (5.2).
    pub const SK_STORAGE: Feature = Feature::LocalStorage(MapType::SkStorage);
    /// `BPF_MAP_TYPE_CGRP_STORAGE` (6.2).
    pub const CGRP_STORAGE: Feature = Feature::LocalStorage(MapType::CgrpStorage);
    /// `BPF_MAP_TYPE_INODE_STORAGE` (5.10, with the BPF LSM built in).
    pub const INODE_STORAGE: Feature = Feature::LocalStorage(MapType::InodeStorage);
    /// `SEC("socket")`.
    pub const SOCKET_FILTER: Feature = program(ProgramType::SocketFilter, None);
    /// `SEC("xdp")`.
    pub const XDP: Feature = program(ProgramType::Xdp, Some(AttachType::Xdp));
    /// `SEC("xdp.frags")`.
    pub const XDP_FRAGS: Feature = Feature::Program {
        prog_type: ProgramType::Xdp,
        attach_type: Some(AttachType::Xdp),
        btf: None,
        flags: BPF_F_XDP_HAS_FRAGS,
    };
    /// `SEC("tc")`.
    pub const TC: Feature = program(ProgramType::SchedCls, None);
    /// `SEC("tcx/ingress")`.
    pub const TCX_INGRESS: Feature = program(ProgramType::SchedCls, Some(AttachType::TcxIngress));
    /// `SEC("netkit/primary")`.
    pub const NETKIT_PRIMARY: Feature =
        program(ProgramType::SchedCls, Some(AttachType::NetkitPrimary));
    /// `SEC("tracepoint/...")`.
    pub const TRACEPOINT: Feature = program(ProgramType::Tracepoint, None);
    /// `SEC("raw_tp/...")`.
    pub const RAW_TRACEPOINT: Feature = program(ProgramType::RawTracepoint, None);
    /// `SEC("kprobe/...")`, `SEC("uprobe")` and their return probes (loading only).
    pub const KPROBE: Feature = program(ProgramType::Kprobe, None);
    /// `SEC("kprobe.multi/...")` (loading only).
    pub const KPROBE_MULTI: Feature =
        program(ProgramType::Kprobe, Some(AttachType::TraceKprobeMulti));
    /// `SEC("uprobe.multi")`.
    pub const UPROBE_MULTI: Feature =
        program(ProgramType::Kprobe, Some(AttachType::TraceUprobeMulti));
    /// `SEC("perf_event")`.
    pub const PERF_EVENT: Feature = program(ProgramType::PerfEvent, None);
    /// `SEC("cgroup_skb/ingress")`.
    pub const CGROUP_SKB_INGRESS: Feature =
        program(ProgramType::CgroupSkb, Some(AttachType::CgroupInetIngress));
    /// `SEC("cgroup_skb/egress")`.
    pub const CGROUP_SKB_EGRESS: Feature =
        program(ProgramType::CgroupSkb, Some(AttachType::CgroupInetEgress));
    /// `SEC("cgroup/sock_create")`.
    pub const CGROUP_SOCK_CREATE: Feature = program(
        ProgramType::CgroupSock,
        Some(AttachType::CgroupInetSockCreate),
    );
    /// `SEC("cgroup/connect4")`.
    pub const CGROUP_CONNECT4: Feature = program(
        ProgramType::CgroupSockAddr,
        Some(AttachType::CgroupInet4Connect),
    );
    /// `SEC("cgroup/connect_unix")`.
    pub const CGROUP_CONNECT_UNIX: Feature = program(
        ProgramType::CgroupSockAddr,
        Some(AttachType::CgroupUnixConnect),
    );
    /// `SEC("cgroup/sysctl")`.
    pub const CGROUP_SYSCTL: Feature =
        program(ProgramType::CgroupSysctl, Some(AttachType::CgroupSysctl));
    /// `SEC("cgroup/getsockopt")`.
    pub const CGROUP_GETSOCKOPT: Feature = program(
        ProgramType::CgroupSockopt,
        Some(AttachType::CgroupGetsockopt),
    );
    /// `SEC("cgroup/dev")`.
    pub const CGROUP_DEVICE: Feature =
        program(ProgramType::CgroupDevice, Some(AttachType::CgroupDevice));
    /// `SEC("sockops")`.
    pub const SOCK_OPS: Feature = program(ProgramType::SockOps, Some(AttachType::CgroupSockOps));
    /// `SEC("sk_skb/stream_verdict")`.
    pub const SK_SKB_VERDICT: Feature =
        program(ProgramType::SkSkb, Some(AttachType::SkSkbStreamVerdict));
    /// `SEC("sk_msg")`.
    pub const SK_MSG: Feature = program(ProgramType::SkMsg, Some(AttachType::SkMsgVerdict));
    /// `SEC("flow_dissector")`.
    pub const FLOW_DISSECTOR: Feature =
        program(ProgramType::FlowDissector, Some(AttachType::FlowDissector));
    /// `SEC("lwt_in")`.
    pub const LWT_IN: Feature = program(ProgramType::LwtIn, None);
    /// `SEC("lwt_out")`.
    pub const LWT_OUT: Feature = program(ProgramType::LwtOut, None);
    /// `SEC("lwt_xmit")`.
    pub const LWT_XMIT: Feature = program(ProgramType::LwtXmit, None);
    /// `SEC("sk_lookup")`.
    pub const SK_LOOKUP: Feature = program(ProgramType::SkLookup, Some(AttachType::SkLookup));
    /// `SEC("syscall")`.
    pub const SYSCALL: Feature = Feature::Program {
        prog_type: ProgramType::Syscall,
        attach_type: None,
        btf: None,
        flags: BPF_F_SLEEPABLE,
    };
    /// `SEC("netfilter")`.
    pub const NETFILTER: Feature = program(ProgramType::Netfilter, Some(AttachType::Netfilter));
    /// `SEC("iter/bpf_map_elem")`: map iterators.
    pub const MAP_ITER: Feature = Feature::iter("bpf_map_elem");
    /// `SEC("iter/task")`.
    pub const TASK_ITER: Feature = Feature::iter("task");
    /// `SEC("iter/cgroup")`.
    pub const CGROUP_ITER: Feature = Feature::iter("cgroup");

    /// `SEC("tp_btf/<event>")`.
    pub const fn tp_btf(event: &'static str) -> Feature {
        traced(AttachType::TraceRawTp, "btf_trace_", event)
    }

    /// `SEC("fentry/<function>")`.
    pub const fn fentry(function: &'static str) -> Feature {
        traced(AttachType::TraceFentry, "", function)
    }

    /// `SEC("fexit/<function>")`.
    pub const fn fexit(function: &'static str) -> Feature {
        traced(AttachType::TraceFexit, "", function)
    }

    /// `SEC("lsm/<hook>")`.
    pub const fn lsm(hook: &'static str) -> Feature {
        traced(AttachType::LsmMac, "bpf_lsm_", hook)
    }

    /// `SEC("iter/<name>")`.
    pub const fn iter(name: &'static str) -> Feature {
        traced(AttachType::TraceIter, "bpf_iter_", name)
    }
}

impl fmt::Display for Feature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Feature::Program {
                prog_type,
                attach_type,
                btf,
                flags,
            } => {
                write!(f, "{} programs", prog_type.name())?;
                if let Some(a) = attach_type {
                    write!(f, " ({})", a.name())?;
                }
                if let Some(t) = btf {
                    write!(f, " on {}", t.btf_name())?;
                }
                if *flags != 0 {
                    write!(f, " with prog_flags {flags:#x}")?;
                }
                Ok(())
            }
            Feature::StructOps { name, member } => {
                write!(f, "struct_ops programs for {name}.{member}")
            }
            Feature::Freplace => f.write_str("freplace (ext) programs"),
            Feature::KprobeAttach(func) => write!(f, "kprobe attach to {func}"),
            Feature::KprobeMultiAttach(func) => write!(f, "multi-kprobe attach to {func}"),
            Feature::LocalStorage(map_type) => write!(f, "{} maps", map_type.name()),
            Feature::DelegatedBpffs => f.write_str("bpffs delegation (BPF tokens)"),
        }
    }
}
