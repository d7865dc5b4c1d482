//! Marker types of the kinds without typed attach yet, grouped by family. The kinds with
//! attach methods live in their own files (`socket_filter`, `xdp`, `tracepoint`).

use super::kind::kinds_without_attach;

kinds_without_attach! {
    // ---- kprobes ----
    /// `SEC("kprobe/…")`.
    Kprobe,
    /// `SEC("kretprobe/…")`.
    Kretprobe,
    /// `SEC("kprobe.multi/…")`, `SEC("kretprobe.multi/…")`.
    KprobeMulti,
    /// `SEC("kprobe.session/…")`.
    KprobeSession,
    /// `SEC("ksyscall/…")`, `SEC("kretsyscall/…")`.
    Ksyscall,

    // ---- uprobes ----
    /// `SEC("uprobe…")`.
    Uprobe,
    /// `SEC("uretprobe…")`.
    Uretprobe,
    /// `SEC("uprobe.multi…")`, `SEC("uretprobe.multi…")`.
    UprobeMulti,
    /// `SEC("uprobe.session…")`.
    UprobeSession,
    /// `SEC("usdt…")`.
    Usdt,

    // ---- traffic control ----
    /// Legacy `SEC("tc")` / `SEC("classifier")` (netlink attach).
    Tc,
    /// `SEC("tcx/ingress")`, `SEC("tcx/egress")`.
    Tcx,
    /// `SEC("netkit/primary")`, `SEC("netkit/peer")`.
    Netkit,
    /// Legacy `SEC("action")`.
    SchedAct,

    // ---- tracing ----
    /// `SEC("raw_tp/…")`, `SEC("raw_tracepoint/…")`.
    RawTracepoint,
    /// `SEC("raw_tp.w/…")`.
    RawTracepointWritable,
    /// `SEC("tp_btf/…")`.
    TpBtf,
    /// `SEC("fentry/…")`.
    Fentry,
    /// `SEC("fexit/…")`.
    Fexit,
    /// `SEC("fmod_ret/…")`.
    FmodRet,
    /// `SEC("fsession/…")`.
    Fsession,
    /// `SEC("freplace/…")`.
    Freplace,
    /// `SEC("lsm/…")`.
    Lsm,
    /// `SEC("lsm_cgroup/…")`.
    LsmCgroup,
    /// `SEC("iter/…")`.
    Iter,
    /// `SEC("syscall")`: run with `BPF_PROG_TEST_RUN`, never attached.
    Syscall,
    /// `SEC("perf_event")`.
    PerfEvent,

    // ---- cgroups ----
    /// `SEC("cgroup_skb/…")`.
    CgroupSkb,
    /// `SEC("cgroup/sock…")`, `SEC("cgroup/post_bind…")`.
    CgroupSock,
    /// `SEC("cgroup/connect4")` and the other socket-address hooks.
    CgroupSockAddr,
    /// `SEC("cgroup/sysctl")`.
    CgroupSysctl,
    /// `SEC("cgroup/getsockopt")`, `SEC("cgroup/setsockopt")`.
    CgroupSockopt,
    /// `SEC("cgroup/dev")`.
    CgroupDevice,

    // ---- sockets and networking ----
    /// `SEC("sockops")`.
    SockOps,
    /// `SEC("sk_skb…")`.
    SkSkb,
    /// `SEC("sk_msg")`.
    SkMsg,
    /// `SEC("sk_lookup")`.
    SkLookup,
    /// `SEC("sk_reuseport…")`.
    SkReuseport,
    /// `SEC("flow_dissector")`.
    FlowDissector,
    /// `SEC("lwt_in")`, `SEC("lwt_out")`, `SEC("lwt_xmit")`, `SEC("lwt_seg6local")`.
    Lwt,
    /// `SEC("netfilter")`.
    Netfilter,
    /// `SEC("lirc_mode2")`.
    LircMode2,

    // ---- others ----
    /// `SEC("struct_ops…")`.
    StructOps,
    /// A section no `SEC()` table entry matches: loading always fails, naming the section.
    Unknown,
}
