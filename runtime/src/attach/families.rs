//! Marker types of the kinds without typed attach yet, grouped by family. The kinds with
//! attach methods live in their own files (`socket_filter`, `xdp`, `tracepoint`,
//! `raw_tracepoint`, `btf_tracing`, `probe`, `kprobe_multi`, `uprobe_multi`, `cgroup`,
//! `tcx`, `netns`, `netfilter`, `perf_event`, `iter`).

use super::kind::kinds_without_attach;

kinds_without_attach! {
    // ---- kprobes ----
    /// `SEC("ksyscall/…")`, `SEC("kretsyscall/…")`.
    Ksyscall,

    // ---- uprobes ----
    /// `SEC("usdt…")`.
    Usdt,

    // ---- traffic control ----
    /// Legacy `SEC("tc")` / `SEC("classifier")` (netlink attach).
    Tc,
    /// `SEC("netkit/primary")`, `SEC("netkit/peer")`.
    Netkit,
    /// Legacy `SEC("action")`.
    SchedAct,

    // ---- tracing ----
    /// `SEC("fsession/…")`.
    Fsession,
    /// `SEC("freplace/…")`.
    Freplace,
    /// `SEC("syscall")`: run with `BPF_PROG_TEST_RUN`, never attached.
    Syscall,

    // ---- sockets and networking ----
    /// `SEC("sk_skb…")`.
    SkSkb,
    /// `SEC("sk_msg")`.
    SkMsg,
    /// `SEC("sk_reuseport…")`.
    SkReuseport,
    /// `SEC("lwt_in")`, `SEC("lwt_out")`, `SEC("lwt_xmit")`, `SEC("lwt_seg6local")`.
    Lwt,
    /// `SEC("lirc_mode2")`.
    LircMode2,

    // ---- others ----
    /// `SEC("struct_ops…")`.
    StructOps,
    /// A section no `SEC()` table entry matches: loading always fails, naming the section.
    Unknown,
}
