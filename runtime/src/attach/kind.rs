//! [`ProgKind`]: the zero-sized marker types that give every program kind its own Rust
//! type, and the macro that declares them.

use crate::obj::section_table::ProgramKind;

/// Keeps [`ProgKind`] implemented by this crate's markers only.
pub(crate) mod sealed {
    /// Implemented by the marker types of `crate::attach`.
    pub trait Sealed {}
}

/// A program kind, as a type: `Prog<Xdp>`, `Prog<Tracepoint>`, ... Implemented by the
/// uninhabited marker types of [`crate::attach`] only; each kind gets exactly the
/// attach methods that are valid for it.
pub trait ProgKind: sealed::Sealed + Send + Sync + 'static {
    /// The [`ProgramKind`] a program's section must have for `Prog::<Self>::new`.
    const KIND: ProgramKind;
}

/// Declares a marker type named like its [`ProgramKind`] variant.
macro_rules! prog_kind {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {}

        impl $crate::attach::kind::sealed::Sealed for $name {}

        impl $crate::attach::ProgKind for $name {
            const KIND: $crate::obj::section_table::ProgramKind =
                $crate::obj::section_table::ProgramKind::$name;
        }
    };
}

/// Declares marker types of kinds that have no typed attach yet.
macro_rules! kinds_without_attach {
    ($($(#[$meta:meta])* $name:ident,)*) => { $(
        $crate::attach::kind::prog_kind! {
            $(#[$meta])*
            ///
            /// No attach method yet: typed attach for this kind arrives in a later version.
            /// [`Prog`](crate::attach::Prog) loads, unloads and clones it; attach the
            /// program's fd by hand meanwhile (see [`crate::sys`]) and keep the result in a
            /// [`Link`](crate::attach::Link) (`Link::from_fd`).
            $name
        }
    )* };
}

pub(crate) use {kinds_without_attach, prog_kind};

/// The name of the marker type in [`crate::attach`] for `kind` (`"Xdp"`, `"Tracepoint"`,
/// ...), for code generators.
pub fn marker_name(kind: ProgramKind) -> &'static str {
    kind.type_name()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attach::*;

    /// Every marker's `KIND` maps back to the marker's own name.
    #[test]
    fn markers_match_marker_names() {
        macro_rules! check {
            ($($t:ident),* $(,)?) => {{
                let mut n = 0;
                $( assert_eq!(marker_name(<$t as ProgKind>::KIND), stringify!($t)); n += 1; )*
                n
            }};
        }
        let n = check!(
            SocketFilter,
            Kprobe,
            Kretprobe,
            KprobeMulti,
            KprobeSession,
            Uprobe,
            Uretprobe,
            UprobeMulti,
            UprobeSession,
            Ksyscall,
            Usdt,
            Tc,
            Tcx,
            Netkit,
            SchedAct,
            Tracepoint,
            RawTracepoint,
            RawTracepointWritable,
            TpBtf,
            Fentry,
            Fexit,
            FmodRet,
            Fsession,
            Freplace,
            Lsm,
            LsmCgroup,
            Iter,
            Syscall,
            Xdp,
            PerfEvent,
            Lwt,
            SockOps,
            SkSkb,
            SkMsg,
            LircMode2,
            FlowDissector,
            CgroupSkb,
            CgroupSock,
            CgroupSockAddr,
            CgroupSysctl,
            CgroupSockopt,
            CgroupDevice,
            StructOps,
            SkLookup,
            SkReuseport,
            Netfilter,
            Unknown,
        );
        assert_eq!(
            n,
            ProgramKind::ALL.len(),
            "one marker per ProgramKind variant"
        );
    }
}
