//! libbpf's `SEC()` name table (`section_defs[]` in libbpf's `libbpf.c`) and the
//! matcher that turns an ELF program-section name into a program type, an
//! expected attach type, load flags and a user-facing [`ProgramKind`].
//!
//! Matching follows libbpf's `sec_def_matches`:
//! * an entry ending in `+` matches the bare name or `name/<anything>`;
//! * an entry ending in `/` matches only `name/<anything>`;
//! * any other entry must match exactly.
//!
//! Entries are tried in table order and the first match wins. A leading `?` is
//! stripped and turns autoload off. An unknown name is not an error here: the
//! program simply has no definition and fails only if someone tries to load it.

use super::program_kind::ProgramKind;
use crate::abi::{AttachType, ProgramType};

/// Load-time behaviour attached to a table entry (libbpf's `enum sec_def_flags`,
/// plus `multi`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SecFlags {
    /// Load with `BPF_F_SLEEPABLE` (the `.s` variants, `syscall`).
    pub sleepable: bool,
    /// XDP program that handles multi-buffer frames: load with `BPF_F_XDP_HAS_FRAGS`.
    pub xdp_frags: bool,
    /// The attach target is a BTF id resolved at load time (`SEC_ATTACH_BTF`).
    pub attach_btf: bool,
    /// The expected attach type may be dropped on kernels that reject it (`SEC_EXP_ATTACH_OPT`).
    pub exp_attach_opt: bool,
    /// USDT probe: switch to `BPF_TRACE_UPROBE_MULTI` where the kernel supports it.
    pub usdt: bool,
    /// Tracing-multi program (`fentry.multi`, `fexit.multi`, `fsession.multi`).
    /// Their `BPF_TRACE_*_MULTI` attach types are not in a released kernel yet,
    /// so such entries carry `expected_attach_type: None`.
    pub multi: bool,
}

impl SecFlags {
    const NONE: SecFlags = SecFlags {
        sleepable: false,
        xdp_frags: false,
        attach_btf: false,
        exp_attach_opt: false,
        usdt: false,
        multi: false,
    };

    const fn sleep(mut self) -> Self {
        self.sleepable = true;
        self
    }

    const fn btf(mut self) -> Self {
        self.attach_btf = true;
        self
    }

    const fn opt(mut self) -> Self {
        self.exp_attach_opt = true;
        self
    }

    const fn frags(mut self) -> Self {
        self.xdp_frags = true;
        self
    }

    const fn usdt(mut self) -> Self {
        self.usdt = true;
        self
    }

    const fn multi(mut self) -> Self {
        self.multi = true;
        self
    }
}

/// One row of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionDef {
    /// The table entry as written, including a trailing `+` or `/` (e.g. `"kprobe+"`).
    pub prefix: &'static str,
    /// Program type to load with.
    pub prog_type: ProgramType,
    /// `expected_attach_type` to load with, if any.
    pub expected_attach_type: Option<AttachType>,
    /// Load-time flags.
    pub flags: SecFlags,
    /// User-facing kind.
    pub kind: ProgramKind,
}

/// The result of [`classify`]ing one section name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassifiedSection {
    /// `false` when the name starts with `?` (`SEC("?xdp")`).
    pub autoload: bool,
    /// The name without the leading `?`.
    pub name: String,
    /// The matching table entry; `None` for an unknown section.
    pub def: Option<SectionDef>,
    /// What follows the matched prefix and its `/` (`"sched/sched_switch"` for
    /// `tp/sched/sched_switch`). `None` when nothing follows the prefix, or the
    /// entry matched exactly. `Some("")` for a bare trailing `/` (`"kprobe/"`),
    /// which libbpf treats as an invalid target rather than a missing one.
    pub attach_target: Option<String>,
}

impl ClassifiedSection {
    /// The program kind, [`ProgramKind::Unknown`] when no entry matched.
    pub fn kind(&self) -> ProgramKind {
        self.def.as_ref().map_or(ProgramKind::Unknown, |d| d.kind)
    }
}

/// Classifies a program section name the way libbpf's `find_sec_def` does.
pub fn classify(section: &str) -> ClassifiedSection {
    let (autoload, name) = match section.strip_prefix('?') {
        Some(rest) => (false, rest),
        None => (true, section),
    };
    let found = SECTION_DEFS
        .iter()
        .find_map(|def| match_entry(def.prefix, name).map(|target| (def, target)));
    let (def, attach_target) = match found {
        Some((def, target)) => (Some(def.clone()), target.map(str::to_owned)),
        None => (None, None),
    };
    ClassifiedSection {
        autoload,
        name: name.to_owned(),
        def,
        attach_target,
    }
}

/// The whole built-in table, in matching order.
pub fn section_defs() -> &'static [SectionDef] {
    &SECTION_DEFS
}

/// `None`: no match. `Some(target)`: match, with the text after the prefix's `/`.
fn match_entry<'a>(entry: &str, name: &'a str) -> Option<Option<&'a str>> {
    if entry.ends_with('/') {
        return name.strip_prefix(entry).map(Some);
    }
    if let Some(base) = entry.strip_suffix('+') {
        let rest = name.strip_prefix(base)?;
        if rest.is_empty() {
            return Some(None);
        }
        return rest.strip_prefix('/').map(Some);
    }
    (name == entry).then_some(None)
}

/// Shorthand for one table row.
const fn def(
    prefix: &'static str,
    prog_type: ProgramType,
    expected_attach_type: Option<AttachType>,
    flags: SecFlags,
    kind: ProgramKind,
) -> SectionDef {
    SectionDef {
        prefix,
        prog_type,
        expected_attach_type,
        flags,
        kind,
    }
}

// Short names for the table below.
use AttachType as A;
use ProgramKind as K;
use ProgramType as P;
/// No flags; the table's starting point.
const F: SecFlags = SecFlags::NONE;

/// libbpf's `section_defs[]`, in the same order (libbpf `f7081a6b`, 2026-07).
/// `SEC_ATTACHABLE` is informational in libbpf and is not carried over.
#[rustfmt::skip]
static SECTION_DEFS: [SectionDef; 116] = [
    def("socket", P::SocketFilter, None, F, K::SocketFilter),
    def("sk_reuseport/migrate", P::SkReuseport, Some(A::SkReuseportSelectOrMigrate), F, K::SkReuseport),
    def("sk_reuseport", P::SkReuseport, Some(A::SkReuseportSelect), F, K::SkReuseport),
    def("kprobe+", P::Kprobe, None, F, K::Kprobe),
    def("uprobe+", P::Kprobe, None, F, K::Uprobe),
    def("uprobe.s+", P::Kprobe, None, F.sleep(), K::Uprobe),
    def("kretprobe+", P::Kprobe, None, F, K::Kretprobe),
    def("uretprobe+", P::Kprobe, None, F, K::Uretprobe),
    def("uretprobe.s+", P::Kprobe, None, F.sleep(), K::Uretprobe),
    def("kprobe.multi+", P::Kprobe, Some(A::TraceKprobeMulti), F, K::KprobeMulti),
    def("kretprobe.multi+", P::Kprobe, Some(A::TraceKprobeMulti), F, K::KprobeMulti),
    def("kprobe.session+", P::Kprobe, Some(A::TraceKprobeSession), F, K::KprobeSession),
    def("uprobe.multi+", P::Kprobe, Some(A::TraceUprobeMulti), F, K::UprobeMulti),
    def("uretprobe.multi+", P::Kprobe, Some(A::TraceUprobeMulti), F, K::UprobeMulti),
    def("uprobe.session+", P::Kprobe, Some(A::TraceUprobeSession), F, K::UprobeSession),
    def("uprobe.multi.s+", P::Kprobe, Some(A::TraceUprobeMulti), F.sleep(), K::UprobeMulti),
    def("uretprobe.multi.s+", P::Kprobe, Some(A::TraceUprobeMulti), F.sleep(), K::UprobeMulti),
    def("uprobe.session.s+", P::Kprobe, Some(A::TraceUprobeSession), F.sleep(), K::UprobeSession),
    def("ksyscall+", P::Kprobe, None, F, K::Ksyscall),
    def("kretsyscall+", P::Kprobe, None, F, K::Ksyscall),
    def("usdt+", P::Kprobe, None, F.usdt(), K::Usdt),
    def("usdt.s+", P::Kprobe, None, F.usdt().sleep(), K::Usdt),
    def("tc/ingress", P::SchedCls, Some(A::TcxIngress), F, K::Tcx),
    def("tc/egress", P::SchedCls, Some(A::TcxEgress), F, K::Tcx),
    def("tcx/ingress", P::SchedCls, Some(A::TcxIngress), F, K::Tcx),
    def("tcx/egress", P::SchedCls, Some(A::TcxEgress), F, K::Tcx),
    def("tc", P::SchedCls, None, F, K::Tc),
    def("classifier", P::SchedCls, None, F, K::Tc),
    def("action", P::SchedAct, None, F, K::SchedAct),
    def("netkit/primary", P::SchedCls, Some(A::NetkitPrimary), F, K::Netkit),
    def("netkit/peer", P::SchedCls, Some(A::NetkitPeer), F, K::Netkit),
    def("tracepoint+", P::Tracepoint, None, F, K::Tracepoint),
    def("tp+", P::Tracepoint, None, F, K::Tracepoint),
    def("tracepoint.s+", P::Tracepoint, None, F.sleep(), K::Tracepoint),
    def("tp.s+", P::Tracepoint, None, F.sleep(), K::Tracepoint),
    def("raw_tracepoint+", P::RawTracepoint, None, F, K::RawTracepoint),
    def("raw_tp+", P::RawTracepoint, None, F, K::RawTracepoint),
    def("raw_tracepoint.s+", P::RawTracepoint, None, F.sleep(), K::RawTracepoint),
    def("raw_tp.s+", P::RawTracepoint, None, F.sleep(), K::RawTracepoint),
    def("raw_tracepoint.w+", P::RawTracepointWritable, None, F, K::RawTracepointWritable),
    def("raw_tp.w+", P::RawTracepointWritable, None, F, K::RawTracepointWritable),
    def("tp_btf+", P::Tracing, Some(A::TraceRawTp), F.btf(), K::TpBtf),
    def("tp_btf.s+", P::Tracing, Some(A::TraceRawTp), F.btf().sleep(), K::TpBtf),
    def("fentry+", P::Tracing, Some(A::TraceFentry), F.btf(), K::Fentry),
    def("fmod_ret+", P::Tracing, Some(A::ModifyReturn), F.btf(), K::FmodRet),
    def("fexit+", P::Tracing, Some(A::TraceFexit), F.btf(), K::Fexit),
    def("fentry.s+", P::Tracing, Some(A::TraceFentry), F.btf().sleep(), K::Fentry),
    def("fmod_ret.s+", P::Tracing, Some(A::ModifyReturn), F.btf().sleep(), K::FmodRet),
    def("fexit.s+", P::Tracing, Some(A::TraceFexit), F.btf().sleep(), K::Fexit),
    def("fsession+", P::Tracing, Some(A::TraceFsession), F.btf(), K::Fsession),
    def("fsession.s+", P::Tracing, Some(A::TraceFsession), F.btf().sleep(), K::Fsession),
    def("fsession.multi+", P::Tracing, None, F.multi(), K::Fsession),
    def("fsession.multi.s+", P::Tracing, None, F.multi().sleep(), K::Fsession),
    def("fentry.multi+", P::Tracing, None, F.multi(), K::Fentry),
    def("fexit.multi+", P::Tracing, None, F.multi(), K::Fexit),
    def("fentry.multi.s+", P::Tracing, None, F.multi().sleep(), K::Fentry),
    def("fexit.multi.s+", P::Tracing, None, F.multi().sleep(), K::Fexit),
    def("freplace+", P::Ext, None, F.btf(), K::Freplace),
    def("lsm+", P::Lsm, Some(A::LsmMac), F.btf(), K::Lsm),
    def("lsm.s+", P::Lsm, Some(A::LsmMac), F.btf().sleep(), K::Lsm),
    def("lsm_cgroup+", P::Lsm, Some(A::LsmCgroup), F.btf(), K::LsmCgroup),
    def("iter+", P::Tracing, Some(A::TraceIter), F.btf(), K::Iter),
    def("iter.s+", P::Tracing, Some(A::TraceIter), F.btf().sleep(), K::Iter),
    def("syscall", P::Syscall, None, F.sleep(), K::Syscall),
    def("xdp.frags/devmap", P::Xdp, Some(A::XdpDevmap), F.frags(), K::Xdp),
    def("xdp/devmap", P::Xdp, Some(A::XdpDevmap), F, K::Xdp),
    def("xdp.frags/cpumap", P::Xdp, Some(A::XdpCpumap), F.frags(), K::Xdp),
    def("xdp/cpumap", P::Xdp, Some(A::XdpCpumap), F, K::Xdp),
    def("xdp.frags", P::Xdp, Some(A::Xdp), F.frags(), K::Xdp),
    def("xdp", P::Xdp, Some(A::Xdp), F.opt(), K::Xdp),
    def("perf_event", P::PerfEvent, None, F, K::PerfEvent),
    def("lwt_in", P::LwtIn, None, F, K::Lwt),
    def("lwt_out", P::LwtOut, None, F, K::Lwt),
    def("lwt_xmit", P::LwtXmit, None, F, K::Lwt),
    def("lwt_seg6local", P::LwtSeg6local, None, F, K::Lwt),
    def("sockops", P::SockOps, Some(A::CgroupSockOps), F.opt(), K::SockOps),
    def("sk_skb/stream_parser", P::SkSkb, Some(A::SkSkbStreamParser), F.opt(), K::SkSkb),
    def("sk_skb/stream_verdict", P::SkSkb, Some(A::SkSkbStreamVerdict), F.opt(), K::SkSkb),
    def("sk_skb/verdict", P::SkSkb, Some(A::SkSkbVerdict), F.opt(), K::SkSkb),
    def("sk_skb", P::SkSkb, None, F, K::SkSkb),
    def("sk_msg", P::SkMsg, Some(A::SkMsgVerdict), F.opt(), K::SkMsg),
    def("lirc_mode2", P::LircMode2, Some(A::LircMode2), F.opt(), K::LircMode2),
    def("flow_dissector", P::FlowDissector, Some(A::FlowDissector), F.opt(), K::FlowDissector),
    def("cgroup_skb/ingress", P::CgroupSkb, Some(A::CgroupInetIngress), F.opt(), K::CgroupSkb),
    def("cgroup_skb/egress", P::CgroupSkb, Some(A::CgroupInetEgress), F.opt(), K::CgroupSkb),
    def("cgroup/skb", P::CgroupSkb, None, F, K::CgroupSkb),
    def("cgroup/sock_create", P::CgroupSock, Some(A::CgroupInetSockCreate), F, K::CgroupSock),
    def("cgroup/sock_release", P::CgroupSock, Some(A::CgroupInetSockRelease), F, K::CgroupSock),
    def("cgroup/sock", P::CgroupSock, Some(A::CgroupInetSockCreate), F.opt(), K::CgroupSock),
    def("cgroup/post_bind4", P::CgroupSock, Some(A::CgroupInet4PostBind), F, K::CgroupSock),
    def("cgroup/post_bind6", P::CgroupSock, Some(A::CgroupInet6PostBind), F, K::CgroupSock),
    def("cgroup/bind4", P::CgroupSockAddr, Some(A::CgroupInet4Bind), F, K::CgroupSockAddr),
    def("cgroup/bind6", P::CgroupSockAddr, Some(A::CgroupInet6Bind), F, K::CgroupSockAddr),
    def("cgroup/connect4", P::CgroupSockAddr, Some(A::CgroupInet4Connect), F, K::CgroupSockAddr),
    def("cgroup/connect6", P::CgroupSockAddr, Some(A::CgroupInet6Connect), F, K::CgroupSockAddr),
    def("cgroup/connect_unix", P::CgroupSockAddr, Some(A::CgroupUnixConnect), F, K::CgroupSockAddr),
    def("cgroup/sendmsg4", P::CgroupSockAddr, Some(A::CgroupUdp4Sendmsg), F, K::CgroupSockAddr),
    def("cgroup/sendmsg6", P::CgroupSockAddr, Some(A::CgroupUdp6Sendmsg), F, K::CgroupSockAddr),
    def("cgroup/sendmsg_unix", P::CgroupSockAddr, Some(A::CgroupUnixSendmsg), F, K::CgroupSockAddr),
    def("cgroup/recvmsg4", P::CgroupSockAddr, Some(A::CgroupUdp4Recvmsg), F, K::CgroupSockAddr),
    def("cgroup/recvmsg6", P::CgroupSockAddr, Some(A::CgroupUdp6Recvmsg), F, K::CgroupSockAddr),
    def("cgroup/recvmsg_unix", P::CgroupSockAddr, Some(A::CgroupUnixRecvmsg), F, K::CgroupSockAddr),
    def("cgroup/getpeername4", P::CgroupSockAddr, Some(A::CgroupInet4Getpeername), F, K::CgroupSockAddr),
    def("cgroup/getpeername6", P::CgroupSockAddr, Some(A::CgroupInet6Getpeername), F, K::CgroupSockAddr),
    def("cgroup/getpeername_unix", P::CgroupSockAddr, Some(A::CgroupUnixGetpeername), F, K::CgroupSockAddr),
    def("cgroup/getsockname4", P::CgroupSockAddr, Some(A::CgroupInet4Getsockname), F, K::CgroupSockAddr),
    def("cgroup/getsockname6", P::CgroupSockAddr, Some(A::CgroupInet6Getsockname), F, K::CgroupSockAddr),
    def("cgroup/getsockname_unix", P::CgroupSockAddr, Some(A::CgroupUnixGetsockname), F, K::CgroupSockAddr),
    def("cgroup/sysctl", P::CgroupSysctl, Some(A::CgroupSysctl), F, K::CgroupSysctl),
    def("cgroup/getsockopt", P::CgroupSockopt, Some(A::CgroupGetsockopt), F, K::CgroupSockopt),
    def("cgroup/setsockopt", P::CgroupSockopt, Some(A::CgroupSetsockopt), F, K::CgroupSockopt),
    def("cgroup/dev", P::CgroupDevice, Some(A::CgroupDevice), F.opt(), K::CgroupDevice),
    def("struct_ops+", P::StructOps, None, F, K::StructOps),
    def("struct_ops.s+", P::StructOps, None, F.sleep(), K::StructOps),
    def("sk_lookup", P::SkLookup, Some(A::SkLookup), F, K::SkLookup),
    def("netfilter", P::Netfilter, Some(A::Netfilter), F, K::Netfilter),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// (section, matched entry, prog type, attach type, kind, attach target).
    type Case = (
        &'static str,
        &'static str,
        P,
        Option<A>,
        K,
        Option<&'static str>,
    );

    #[rustfmt::skip]
    const CASES: &[Case] = &[
        ("socket", "socket", P::SocketFilter, None, K::SocketFilter, None),
        ("?socket", "socket", P::SocketFilter, None, K::SocketFilter, None),
        ("xdp", "xdp", P::Xdp, Some(A::Xdp), K::Xdp, None),
        ("?xdp", "xdp", P::Xdp, Some(A::Xdp), K::Xdp, None),
        ("xdp.frags", "xdp.frags", P::Xdp, Some(A::Xdp), K::Xdp, None),
        ("xdp/devmap", "xdp/devmap", P::Xdp, Some(A::XdpDevmap), K::Xdp, None),
        ("xdp.frags/devmap", "xdp.frags/devmap", P::Xdp, Some(A::XdpDevmap), K::Xdp, None),
        ("xdp/cpumap", "xdp/cpumap", P::Xdp, Some(A::XdpCpumap), K::Xdp, None),
        ("xdp.frags/cpumap", "xdp.frags/cpumap", P::Xdp, Some(A::XdpCpumap), K::Xdp, None),
        ("tp/sched/sched_switch", "tp+", P::Tracepoint, None, K::Tracepoint, Some("sched/sched_switch")),
        ("tracepoint/syscalls/sys_enter_openat", "tracepoint+", P::Tracepoint, None, K::Tracepoint, Some("syscalls/sys_enter_openat")),
        ("tp.s/syscalls/sys_enter_getpid", "tp.s+", P::Tracepoint, None, K::Tracepoint, Some("syscalls/sys_enter_getpid")),
        ("tracepoint", "tracepoint+", P::Tracepoint, None, K::Tracepoint, None),
        ("kprobe", "kprobe+", P::Kprobe, None, K::Kprobe, None),
        ("kprobe/", "kprobe+", P::Kprobe, None, K::Kprobe, Some("")),
        ("kprobe/do_unlinkat", "kprobe+", P::Kprobe, None, K::Kprobe, Some("do_unlinkat")),
        ("kprobe/tcp_v4_connect+0x10", "kprobe+", P::Kprobe, None, K::Kprobe, Some("tcp_v4_connect+0x10")),
        ("kretprobe/do_unlinkat", "kretprobe+", P::Kprobe, None, K::Kretprobe, Some("do_unlinkat")),
        ("kprobe.multi/tcp_*", "kprobe.multi+", P::Kprobe, Some(A::TraceKprobeMulti), K::KprobeMulti, Some("tcp_*")),
        ("kretprobe.multi", "kretprobe.multi+", P::Kprobe, Some(A::TraceKprobeMulti), K::KprobeMulti, None),
        ("kprobe.session/vfs_*", "kprobe.session+", P::Kprobe, Some(A::TraceKprobeSession), K::KprobeSession, Some("vfs_*")),
        ("uprobe//bin/bash:readline", "uprobe+", P::Kprobe, None, K::Uprobe, Some("/bin/bash:readline")),
        ("uprobe.s/libc.so.6:malloc", "uprobe.s+", P::Kprobe, None, K::Uprobe, Some("libc.so.6:malloc")),
        ("uretprobe", "uretprobe+", P::Kprobe, None, K::Uretprobe, None),
        ("uprobe.multi.s/x:y*", "uprobe.multi.s+", P::Kprobe, Some(A::TraceUprobeMulti), K::UprobeMulti, Some("x:y*")),
        ("uretprobe.multi", "uretprobe.multi+", P::Kprobe, Some(A::TraceUprobeMulti), K::UprobeMulti, None),
        ("uprobe.session.s", "uprobe.session.s+", P::Kprobe, Some(A::TraceUprobeSession), K::UprobeSession, None),
        ("ksyscall/openat", "ksyscall+", P::Kprobe, None, K::Ksyscall, Some("openat")),
        ("kretsyscall/openat", "kretsyscall+", P::Kprobe, None, K::Ksyscall, Some("openat")),
        ("usdt/libc.so.6:libc:setjmp", "usdt+", P::Kprobe, None, K::Usdt, Some("libc.so.6:libc:setjmp")),
        ("raw_tp/sys_enter", "raw_tp+", P::RawTracepoint, None, K::RawTracepoint, Some("sys_enter")),
        ("raw_tracepoint.w/foo", "raw_tracepoint.w+", P::RawTracepointWritable, None, K::RawTracepointWritable, Some("foo")),
        ("raw_tp.w", "raw_tp.w+", P::RawTracepointWritable, None, K::RawTracepointWritable, None),
        ("tp_btf/sched_switch", "tp_btf+", P::Tracing, Some(A::TraceRawTp), K::TpBtf, Some("sched_switch")),
        ("fentry/do_unlinkat", "fentry+", P::Tracing, Some(A::TraceFentry), K::Fentry, Some("do_unlinkat")),
        ("fexit/bpf_testmod:bpf_testmod_test_read", "fexit+", P::Tracing, Some(A::TraceFexit), K::Fexit, Some("bpf_testmod:bpf_testmod_test_read")),
        ("fmod_ret.s/x", "fmod_ret.s+", P::Tracing, Some(A::ModifyReturn), K::FmodRet, Some("x")),
        ("fsession/f", "fsession+", P::Tracing, Some(A::TraceFsession), K::Fsession, Some("f")),
        ("fentry.multi/vfs_*", "fentry.multi+", P::Tracing, None, K::Fentry, Some("vfs_*")),
        ("freplace/handler", "freplace+", P::Ext, None, K::Freplace, Some("handler")),
        ("lsm/file_open", "lsm+", P::Lsm, Some(A::LsmMac), K::Lsm, Some("file_open")),
        ("lsm.s/bpf", "lsm.s+", P::Lsm, Some(A::LsmMac), K::Lsm, Some("bpf")),
        ("lsm_cgroup/socket_bind", "lsm_cgroup+", P::Lsm, Some(A::LsmCgroup), K::LsmCgroup, Some("socket_bind")),
        ("iter/task", "iter+", P::Tracing, Some(A::TraceIter), K::Iter, Some("task")),
        ("iter.s/task_file", "iter.s+", P::Tracing, Some(A::TraceIter), K::Iter, Some("task_file")),
        ("syscall", "syscall", P::Syscall, None, K::Syscall, None),
        ("struct_ops/foo", "struct_ops+", P::StructOps, None, K::StructOps, Some("foo")),
        ("struct_ops.s/bar", "struct_ops.s+", P::StructOps, None, K::StructOps, Some("bar")),
        ("tc", "tc", P::SchedCls, None, K::Tc, None),
        ("classifier", "classifier", P::SchedCls, None, K::Tc, None),
        ("action", "action", P::SchedAct, None, K::SchedAct, None),
        ("tc/ingress", "tc/ingress", P::SchedCls, Some(A::TcxIngress), K::Tcx, None),
        ("tcx/ingress", "tcx/ingress", P::SchedCls, Some(A::TcxIngress), K::Tcx, None),
        ("tcx/egress", "tcx/egress", P::SchedCls, Some(A::TcxEgress), K::Tcx, None),
        ("netkit/peer", "netkit/peer", P::SchedCls, Some(A::NetkitPeer), K::Netkit, None),
        ("perf_event", "perf_event", P::PerfEvent, None, K::PerfEvent, None),
        ("lwt_seg6local", "lwt_seg6local", P::LwtSeg6local, None, K::Lwt, None),
        ("sockops", "sockops", P::SockOps, Some(A::CgroupSockOps), K::SockOps, None),
        ("sk_skb", "sk_skb", P::SkSkb, None, K::SkSkb, None),
        ("sk_skb/stream_parser", "sk_skb/stream_parser", P::SkSkb, Some(A::SkSkbStreamParser), K::SkSkb, None),
        ("sk_skb/verdict", "sk_skb/verdict", P::SkSkb, Some(A::SkSkbVerdict), K::SkSkb, None),
        ("sk_msg", "sk_msg", P::SkMsg, Some(A::SkMsgVerdict), K::SkMsg, None),
        ("lirc_mode2", "lirc_mode2", P::LircMode2, Some(A::LircMode2), K::LircMode2, None),
        ("flow_dissector", "flow_dissector", P::FlowDissector, Some(A::FlowDissector), K::FlowDissector, None),
        ("cgroup_skb/ingress", "cgroup_skb/ingress", P::CgroupSkb, Some(A::CgroupInetIngress), K::CgroupSkb, None),
        ("cgroup/skb", "cgroup/skb", P::CgroupSkb, None, K::CgroupSkb, None),
        ("cgroup/sock", "cgroup/sock", P::CgroupSock, Some(A::CgroupInetSockCreate), K::CgroupSock, None),
        ("cgroup/sock_release", "cgroup/sock_release", P::CgroupSock, Some(A::CgroupInetSockRelease), K::CgroupSock, None),
        ("cgroup/post_bind6", "cgroup/post_bind6", P::CgroupSock, Some(A::CgroupInet6PostBind), K::CgroupSock, None),
        ("cgroup/connect_unix", "cgroup/connect_unix", P::CgroupSockAddr, Some(A::CgroupUnixConnect), K::CgroupSockAddr, None),
        ("cgroup/bind4", "cgroup/bind4", P::CgroupSockAddr, Some(A::CgroupInet4Bind), K::CgroupSockAddr, None),
        ("cgroup/recvmsg6", "cgroup/recvmsg6", P::CgroupSockAddr, Some(A::CgroupUdp6Recvmsg), K::CgroupSockAddr, None),
        ("cgroup/getsockname_unix", "cgroup/getsockname_unix", P::CgroupSockAddr, Some(A::CgroupUnixGetsockname), K::CgroupSockAddr, None),
        ("cgroup/sysctl", "cgroup/sysctl", P::CgroupSysctl, Some(A::CgroupSysctl), K::CgroupSysctl, None),
        ("cgroup/setsockopt", "cgroup/setsockopt", P::CgroupSockopt, Some(A::CgroupSetsockopt), K::CgroupSockopt, None),
        ("cgroup/dev", "cgroup/dev", P::CgroupDevice, Some(A::CgroupDevice), K::CgroupDevice, None),
        ("sk_lookup", "sk_lookup", P::SkLookup, Some(A::SkLookup), K::SkLookup, None),
        ("sk_reuseport", "sk_reuseport", P::SkReuseport, Some(A::SkReuseportSelect), K::SkReuseport, None),
        ("sk_reuseport/migrate", "sk_reuseport/migrate", P::SkReuseport, Some(A::SkReuseportSelectOrMigrate), K::SkReuseport, None),
        ("netfilter", "netfilter", P::Netfilter, Some(A::Netfilter), K::Netfilter, None),
    ];

    #[test]
    fn known_sections() {
        for &(section, prefix, prog_type, attach, kind, target) in CASES {
            let c = classify(section);
            let d = c
                .def
                .as_ref()
                .unwrap_or_else(|| panic!("{section}: no match"));
            assert_eq!(d.prefix, prefix, "{section}");
            assert_eq!(d.prog_type, prog_type, "{section}");
            assert_eq!(d.expected_attach_type, attach, "{section}");
            assert_eq!(d.kind, kind, "{section}");
            assert_eq!(c.kind(), kind, "{section}");
            assert_eq!(c.autoload, !section.starts_with('?'), "{section}");
            assert_eq!(c.attach_target.as_deref(), target, "{section}");
            assert_eq!(c.name, section.trim_start_matches('?'), "{section}");
        }
    }

    #[test]
    fn unknown_sections() {
        for section in [
            "unknown_thing",
            "bogus/section",
            "socket/foo",
            "xdp/foo",
            "xdp.frags/foo",
            "tc/foo",
            "tcx",
            "kprobex",
            "kprobe.foo/bar",
            "sk_skb/unknown",
            "cgroup/bind_unix",
            "syscall/x",
            "raw_tp.x",
            "",
            "?",
            "??socket",
            ".text",
        ] {
            let c = classify(section);
            assert_eq!(c.def, None, "{section:?}");
            assert_eq!(c.kind(), ProgramKind::Unknown, "{section:?}");
            assert_eq!(c.attach_target, None, "{section:?}");
        }
        let c = classify("?bogus/section");
        assert!(!c.autoload);
        assert_eq!(c.name, "bogus/section");
    }

    #[test]
    fn flags() {
        let f = |s: &str| classify(s).def.map(|d| d.flags);
        assert_eq!(f("socket"), Some(SecFlags::default()));
        assert_eq!(f("xdp.frags").map(|x| x.xdp_frags), Some(true));
        assert_eq!(
            f("xdp").map(|x| (x.xdp_frags, x.exp_attach_opt)),
            Some((false, true))
        );
        assert_eq!(
            f("lsm.s/bpf").map(|x| (x.sleepable, x.attach_btf)),
            Some((true, true))
        );
        assert_eq!(f("lsm/bpf").map(|x| x.sleepable), Some(false));
        assert_eq!(f("syscall").map(|x| x.sleepable), Some(true));
        assert_eq!(
            f("usdt.s").map(|x| (x.usdt, x.sleepable)),
            Some((true, true))
        );
        assert_eq!(
            f("fentry.multi.s/x").map(|x| (x.multi, x.sleepable, x.attach_btf)),
            Some((true, true, false))
        );
        assert_eq!(f("fentry/x").map(|x| x.multi), Some(false));
        assert_eq!(f("freplace/x").map(|x| x.attach_btf), Some(true));
        assert_eq!(
            f("tp_btf.s/x").map(|x| (x.attach_btf, x.sleepable)),
            Some((true, true))
        );
    }

    #[test]
    fn first_match_wins_and_prefixes_are_unique() {
        let defs = section_defs();
        assert_eq!(defs.len(), 116);
        for (i, d) in defs.iter().enumerate() {
            assert!(
                !defs[..i].iter().any(|e| e.prefix == d.prefix),
                "duplicate {}",
                d.prefix
            );
            // Each entry's own spelling selects that entry (nothing earlier shadows it).
            let bare = d.prefix.trim_end_matches('+');
            assert_eq!(classify(bare).def.map(|x| x.prefix), Some(d.prefix));
        }
    }

    #[test]
    fn kind_names_are_distinct() {
        let mut names: Vec<&str> = section_defs().iter().map(|d| d.kind.name()).collect();
        names.push(ProgramKind::Unknown.name());
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), 47);
    }
}
