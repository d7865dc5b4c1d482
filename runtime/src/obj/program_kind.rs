//! [`ProgramKind`], the user-facing family of a program, and the zero-sized marker type of
//! each kind ([`kind`]) that gives `Program<K>` its static kind. Both come from one list.

/// Declares [`ProgramKind`] and the marker types of [`kind`] from one list: each variant
/// with its doc and its stable `snake_case` name; the variant's name is its marker's name.
macro_rules! program_kinds {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// The user-facing family of a program, one per distinct way of attaching or
        /// using it. Code generation emits one Rust type per kind.
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ProgramKind {
            $($(#[$doc])* $variant,)*
        }

        impl ProgramKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [ProgramKind] = &[$(ProgramKind::$variant,)*];

            /// A stable `snake_case` name for the kind.
            pub fn name(self) -> &'static str {
                match self {
                    $(ProgramKind::$variant => $name,)*
                }
            }

            /// The variant's name (`"Xdp"`, `"TpBtf"`), which is also the name of the
            /// kind's marker type in [`kind`].
            pub fn type_name(self) -> &'static str {
                match self {
                    $(ProgramKind::$variant => stringify!($variant),)*
                }
            }
        }

        /// The marker types that give a `Program<K>` its kind at compile time: one
        /// uninhabited type per [`ProgramKind`], plus [`AnyKind`](kind::AnyKind) for
        /// code that learns the kind at run time. Each kind's attach methods are
        /// implemented for its marker only (`crate::attach`).
        pub mod kind {
            use super::ProgramKind;

            /// Keeps [`Kind`] implemented by this module's markers only.
            mod sealed {
                pub trait Sealed {}
            }

            /// A program kind as a type.
            pub trait Kind: sealed::Sealed + Send + Sync + 'static {
                /// The kind a program must have to be a `Program<Self>`; `None` for
                /// [`AnyKind`], which takes every program.
                const KIND: Option<ProgramKind>;
            }

            /// Any kind, known only at run time (tools such as `bpfgen verify`). Convert
            /// to a typed handle with `Program::typed`.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum AnyKind {}

            impl sealed::Sealed for AnyKind {}

            impl Kind for AnyKind {
                const KIND: Option<ProgramKind> = None;
            }

            $(
                $(#[$doc])*
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                pub enum $variant {}

                impl sealed::Sealed for $variant {}

                impl Kind for $variant {
                    const KIND: Option<ProgramKind> = Some(ProgramKind::$variant);
                }
            )*
        }
    };
}

program_kinds! {
    /// `socket`: socket filter.
    SocketFilter => "socket_filter",
    /// `kprobe`.
    Kprobe => "kprobe",
    /// `kretprobe`.
    Kretprobe => "kretprobe",
    /// `kprobe.multi` and `kretprobe.multi`.
    KprobeMulti => "kprobe_multi",
    /// `kprobe.session`.
    KprobeSession => "kprobe_session",
    /// `uprobe`, `uprobe.s`.
    Uprobe => "uprobe",
    /// `uretprobe`, `uretprobe.s`.
    Uretprobe => "uretprobe",
    /// `uprobe.multi`, `uretprobe.multi` and their `.s` variants.
    UprobeMulti => "uprobe_multi",
    /// `uprobe.session`, `uprobe.session.s`.
    UprobeSession => "uprobe_session",
    /// `ksyscall`, `kretsyscall`.
    Ksyscall => "ksyscall",
    /// `usdt`, `usdt.s`.
    Usdt => "usdt",
    /// Legacy `tc` / `classifier` (netlink attach).
    Tc => "tc",
    /// `tcx/ingress`, `tcx/egress` and their `tc/…` aliases.
    Tcx => "tcx",
    /// `netkit/primary`, `netkit/peer`.
    Netkit => "netkit",
    /// Legacy `action`.
    SchedAct => "sched_act",
    /// `tracepoint`, `tp` and their `.s` variants.
    Tracepoint => "tracepoint",
    /// `raw_tracepoint`, `raw_tp` and their `.s` variants.
    RawTracepoint => "raw_tracepoint",
    /// `raw_tracepoint.w`, `raw_tp.w`.
    RawTracepointWritable => "raw_tracepoint_writable",
    /// `tp_btf`, `tp_btf.s`.
    TpBtf => "tp_btf",
    /// `fentry`, `fentry.s`, `fentry.multi` (`.multi`: the `SecFlags` multi flag).
    Fentry => "fentry",
    /// `fexit`, `fexit.s`, `fexit.multi`.
    Fexit => "fexit",
    /// `fmod_ret`, `fmod_ret.s`.
    FmodRet => "fmod_ret",
    /// `fsession`, `fsession.s`, `fsession.multi`.
    Fsession => "fsession",
    /// `freplace`.
    Freplace => "freplace",
    /// `lsm`, `lsm.s`.
    Lsm => "lsm",
    /// `lsm_cgroup`.
    LsmCgroup => "lsm_cgroup",
    /// `iter`, `iter.s`.
    Iter => "iter",
    /// `syscall`.
    Syscall => "syscall",
    /// `xdp` and its `.frags`, `devmap`, `cpumap` variants.
    Xdp => "xdp",
    /// `perf_event`.
    PerfEvent => "perf_event",
    /// `lwt_in`, `lwt_out`, `lwt_xmit`, `lwt_seg6local`.
    Lwt => "lwt",
    /// `sockops`.
    SockOps => "sock_ops",
    /// `sk_skb` and `sk_skb/…`.
    SkSkb => "sk_skb",
    /// `sk_msg`.
    SkMsg => "sk_msg",
    /// `lirc_mode2`.
    LircMode2 => "lirc_mode2",
    /// `flow_dissector`.
    FlowDissector => "flow_dissector",
    /// `cgroup_skb/…`, `cgroup/skb`.
    CgroupSkb => "cgroup_skb",
    /// `cgroup/sock…`, `cgroup/post_bind…`.
    CgroupSock => "cgroup_sock",
    /// `cgroup/{bind,connect,getpeername,getsockname,sendmsg,recvmsg}…`.
    CgroupSockAddr => "cgroup_sock_addr",
    /// `cgroup/sysctl`.
    CgroupSysctl => "cgroup_sysctl",
    /// `cgroup/getsockopt`, `cgroup/setsockopt`.
    CgroupSockopt => "cgroup_sockopt",
    /// `cgroup/dev`.
    CgroupDevice => "cgroup_device",
    /// `struct_ops`, `struct_ops.s`.
    StructOps => "struct_ops",
    /// `sk_lookup`.
    SkLookup => "sk_lookup",
    /// `sk_reuseport`, `sk_reuseport/migrate`.
    SkReuseport => "sk_reuseport",
    /// `netfilter`.
    Netfilter => "netfilter",
    /// A section name no table entry matches.
    Unknown => "unknown",
}
