//! `BPF_LINK_CREATE` in its variants (plain, uprobe/kprobe multi, netfilter, tcx,
//! iterators), `BPF_ITER_CREATE` and `BPF_RAW_TRACEPOINT_OPEN`. Perf events are in
//! `perf_event`, socket filters in `socket`.

use crate::abi::{AttachType, Command};
use std::ffi::CStr;
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

use super::error::SyscallError;
use super::raw;

/// `bpf_attr` member `link_create`, up to `flags`.
#[repr(C)]
struct LinkCreateAttr {
    prog_fd: u32,
    /// `target_fd` / `target_ifindex`.
    target: u32,
    attach_type: u32,
    flags: u32,
}

const _: () = assert!(size_of::<LinkCreateAttr>() == 16);

impl LinkCreateAttr {
    fn new(prog_fd: BorrowedFd<'_>, target: u32, attach_type: AttachType, flags: u32) -> Self {
        LinkCreateAttr {
            prog_fd: prog_fd.as_raw_fd() as u32,
            target,
            attach_type: attach_type.as_raw(),
            flags,
        }
    }
}

/// `BPF_LINK_CREATE` with `attr`: the `link_create` member of `bpf_attr`, starting with a
/// [`LinkCreateAttr`] and followed by the part its attach type reads.
///
/// # Safety
/// `A` must be padding-free and laid out as that member, and every pointer in it must be
/// valid for what the kernel reads for the duration of the call.
unsafe fn create_link<A>(attr: &mut A) -> Result<OwnedFd, SyscallError> {
    // SAFETY: forwarded from this function's contract; BPF_LINK_CREATE returns a new fd.
    unsafe { raw::sys_bpf_fd(Command::LinkCreate, attr, size_of::<A>()) }
        .map_err(|e| SyscallError::new("BPF_LINK_CREATE", e))
}

/// Creates a BPF link attaching `prog_fd` to `target` (an fd such as a
/// cgroup or perf event, or an ifindex for XDP/tcx) with `attach_type`
/// (`BPF_*` attach type).
pub fn link_create(
    prog_fd: BorrowedFd<'_>,
    target: i32,
    attach_type: AttachType,
    flags: u32,
) -> Result<OwnedFd, SyscallError> {
    let mut attr = LinkCreateAttr::new(prog_fd, target as u32, attach_type, flags);
    // SAFETY: `LinkCreateAttr` is the padding-free head of `link_create` in
    // `bpf_attr` and holds no pointers; BPF_LINK_CREATE returns a new fd.
    unsafe { create_link(&mut attr) }
}

/// `bpf_attr` member `link_create` with its `perf_event` part.
#[repr(C)]
struct PerfEventLinkAttr {
    head: LinkCreateAttr,
    bpf_cookie: u64,
}

const _: () = assert!(size_of::<PerfEventLinkAttr>() == 24);

/// Links `prog_fd` to the perf event `perf_fd` (a kprobe, uprobe or tracepoint event)
/// with a BPF cookie the program reads with `bpf_get_attach_cookie()` (Linux 5.15).
pub fn link_create_perf_event(
    prog_fd: BorrowedFd<'_>,
    perf_fd: BorrowedFd<'_>,
    cookie: u64,
) -> Result<OwnedFd, SyscallError> {
    let mut attr = PerfEventLinkAttr {
        head: LinkCreateAttr::new(
            prog_fd,
            perf_fd.as_raw_fd() as u32,
            AttachType::PerfEvent,
            0,
        ),
        bpf_cookie: cookie,
    };
    // SAFETY: `PerfEventLinkAttr` is the padding-free `link_create` member with its
    // `perf_event` part and holds no pointers; BPF_LINK_CREATE returns a new fd.
    unsafe { create_link(&mut attr) }
}

/// `bpf_attr` member `link_create` with its `tracing` part.
#[repr(C)]
struct TracingLinkAttr {
    head: LinkCreateAttr,
    target_btf_id: u32,
    pad: u32,
    cookie: u64,
}

const _: () = assert!(size_of::<TracingLinkAttr>() == 32);

/// Links a BTF tracing program (fentry, fexit, fmod_ret, lsm) to the target it was loaded
/// for, with a BPF cookie (`bpf_get_attach_cookie()` in the program). `attach_type` is
/// the program's expected attach type.
pub fn link_create_tracing(
    prog_fd: BorrowedFd<'_>,
    attach_type: AttachType,
    cookie: u64,
) -> Result<OwnedFd, SyscallError> {
    let mut attr = TracingLinkAttr {
        head: LinkCreateAttr::new(prog_fd, 0, attach_type, 0),
        target_btf_id: 0,
        pad: 0,
        cookie,
    };
    // SAFETY: `TracingLinkAttr` is the padding-free `link_create` member with its
    // `tracing` part and holds no pointers; BPF_LINK_CREATE returns a new fd.
    unsafe { create_link(&mut attr) }
}

/// `bpf_attr` member `link_create` with its `uprobe_multi` part.
#[repr(C)]
struct UprobeMultiAttr {
    head: LinkCreateAttr,
    path: u64,
    offsets: u64,
    ref_ctr_offsets: u64,
    cookies: u64,
    cnt: u32,
    flags: u32,
    pid: u32,
    pad: u32,
}

const _: () = assert!(size_of::<UprobeMultiAttr>() == 64);

/// `BPF_F_UPROBE_MULTI_RETURN`: the multi-uprobe fires on return.
pub const BPF_F_UPROBE_MULTI_RETURN: u32 = 1;

/// Creates a multi-uprobe link (`BPF_TRACE_UPROBE_MULTI` or `BPF_TRACE_UPROBE_SESSION`):
/// `prog_fd` runs at every file offset of `offsets` in the ELF file `path`, for process
/// `pid` (0: every process). `flags` may hold [`BPF_F_UPROBE_MULTI_RETURN`].
pub fn link_create_uprobe_multi(
    prog_fd: BorrowedFd<'_>,
    attach_type: AttachType,
    path: &CStr,
    offsets: &[u64],
    flags: u32,
    pid: u32,
) -> Result<OwnedFd, SyscallError> {
    let cnt = u32::try_from(offsets.len())
        .ok()
        .filter(|c| *c > 0)
        .ok_or_else(|| SyscallError::invalid("BPF_LINK_CREATE", "no or too many offsets"))?;
    let mut attr = UprobeMultiAttr {
        head: LinkCreateAttr::new(prog_fd, 0, attach_type, 0),
        path: path.as_ptr() as u64,
        offsets: offsets.as_ptr() as u64,
        ref_ctr_offsets: 0,
        cookies: 0,
        cnt,
        flags,
        pid,
        pad: 0,
    };
    // SAFETY: `UprobeMultiAttr` is the padding-free `link_create` member of `bpf_attr`
    // with its `uprobe_multi` part; `path` is NUL-terminated and `offsets` holds `cnt`
    // values, both outliving the call; BPF_LINK_CREATE returns a new fd.
    unsafe { create_link(&mut attr) }
}

/// `bpf_attr` member `link_create` with its `netfilter` part.
#[repr(C)]
struct NetfilterLinkAttr {
    head: LinkCreateAttr,
    pf: u32,
    hooknum: u32,
    priority: i32,
    flags: u32,
}

const _: () = assert!(size_of::<NetfilterLinkAttr>() == 32);

/// Creates a netfilter link (`BPF_NETFILTER`): `prog_fd` runs at hook `hooknum` of
/// protocol family `pf` (`NFPROTO_IPV4` = 2, `NFPROTO_IPV6` = 10) with `priority`.
pub fn link_create_netfilter(
    prog_fd: BorrowedFd<'_>,
    pf: u32,
    hooknum: u32,
    priority: i32,
    flags: u32,
) -> Result<OwnedFd, SyscallError> {
    let mut attr = NetfilterLinkAttr {
        head: LinkCreateAttr::new(prog_fd, 0, AttachType::Netfilter, 0),
        pf,
        hooknum,
        priority,
        flags,
    };
    // SAFETY: `NetfilterLinkAttr` is the padding-free `link_create` member of `bpf_attr`
    // with its `netfilter` part and holds no pointers; BPF_LINK_CREATE returns a new fd.
    unsafe { create_link(&mut attr) }
}

/// `bpf_attr` member `link_create` with its `tcx` part.
#[repr(C)]
struct TcxLinkAttr {
    head: LinkCreateAttr,
    relative: u32,
    pad: u32,
    expected_revision: u64,
}

const _: () = assert!(size_of::<TcxLinkAttr>() == 32);

/// Creates a tcx link of `prog_fd` on interface `ifindex` (`attach_type`
/// `BPF_TCX_INGRESS`/`EGRESS`), placed by `flags` (`BPF_F_BEFORE`/`BPF_F_AFTER`, with
/// `BPF_F_LINK` when `relative` is a link fd; `relative` 0 means the whole chain) and
/// refused unless the chain is at `expected_revision` (0: any).
pub fn link_create_tcx(
    prog_fd: BorrowedFd<'_>,
    ifindex: i32,
    attach_type: AttachType,
    flags: u32,
    relative: u32,
    expected_revision: u64,
) -> Result<OwnedFd, SyscallError> {
    let mut attr = TcxLinkAttr {
        head: LinkCreateAttr::new(prog_fd, ifindex as u32, attach_type, flags),
        relative,
        pad: 0,
        expected_revision,
    };
    // SAFETY: `TcxLinkAttr` is the padding-free `link_create` member of `bpf_attr` with
    // its `tcx` part and holds no pointers; BPF_LINK_CREATE returns a new fd.
    unsafe { create_link(&mut attr) }
}

/// `bpf_attr` member `link_create` with its `kprobe_multi` part.
#[repr(C)]
struct KprobeMultiAttr {
    head: LinkCreateAttr,
    flags: u32,
    cnt: u32,
    syms: u64,
    addrs: u64,
    cookies: u64,
}

const _: () = assert!(size_of::<KprobeMultiAttr>() == 48);

/// `BPF_F_KPROBE_MULTI_RETURN`: the multi-kprobe fires on return.
pub const BPF_F_KPROBE_MULTI_RETURN: u32 = 1;

/// Creates a multi-kprobe link (`BPF_TRACE_KPROBE_MULTI` or `BPF_TRACE_KPROBE_SESSION`):
/// `prog_fd` runs at every kernel function of `functions` (the kernel resolves the names).
/// `flags` may hold [`BPF_F_KPROBE_MULTI_RETURN`].
pub fn link_create_kprobe_multi(
    prog_fd: BorrowedFd<'_>,
    attach_type: AttachType,
    functions: &[&CStr],
    flags: u32,
) -> Result<OwnedFd, SyscallError> {
    let cnt = u32::try_from(functions.len())
        .ok()
        .filter(|c| *c > 0)
        .ok_or_else(|| SyscallError::invalid("BPF_LINK_CREATE", "no or too many functions"))?;
    let syms: Vec<u64> = functions.iter().map(|f| f.as_ptr() as u64).collect();
    let mut attr = KprobeMultiAttr {
        head: LinkCreateAttr::new(prog_fd, 0, attach_type, 0),
        flags,
        cnt,
        syms: syms.as_ptr() as u64,
        addrs: 0,
        cookies: 0,
    };
    // SAFETY: `KprobeMultiAttr` is the padding-free `link_create` member of `bpf_attr`
    // with its `kprobe_multi` part; `syms` holds `cnt` pointers to NUL-terminated names,
    // all outliving the call; BPF_LINK_CREATE returns a new fd.
    unsafe { create_link(&mut attr) }
}

/// `bpf_attr` member `link_create` with its `iter_info` part.
#[repr(C)]
struct IterLinkAttr {
    head: LinkCreateAttr,
    iter_info: u64,
    iter_info_len: u32,
    pad: u32,
}

const _: () = assert!(size_of::<IterLinkAttr>() == 32);

/// `union bpf_iter_link_info`: what an iterator link walks.
#[repr(C)]
#[derive(Debug, Default, Clone, Copy)]
pub struct IterLinkInfo {
    /// The `map`, `cgroup` and `task` members, overlaid: see the constructors.
    words: [u32; 4],
}

const _: () = assert!(size_of::<IterLinkInfo>() == 16);

impl IterLinkInfo {
    /// `map.map_fd`: the elements of a map.
    pub fn map(map: BorrowedFd<'_>) -> IterLinkInfo {
        IterLinkInfo {
            words: [map.as_raw_fd() as u32, 0, 0, 0],
        }
    }

    /// `task.{tid, pid}`: one thread (`tid`) or one process's threads (`pid`).
    pub fn task(tid: u32, pid: u32) -> IterLinkInfo {
        IterLinkInfo {
            words: [tid, pid, 0, 0],
        }
    }

    /// `cgroup.{order, cgroup_fd}`: a cgroup walked in `order`
    /// (`BPF_CGROUP_ITER_SELF_ONLY` = 1, descendants pre- / post-order = 2 / 3,
    /// ancestors up = 4).
    pub fn cgroup(cgroup: BorrowedFd<'_>, order: u32) -> IterLinkInfo {
        IterLinkInfo {
            words: [order, cgroup.as_raw_fd() as u32, 0, 0],
        }
    }
}

/// Attaches the iterator program `prog_fd` with a `BPF_TRACE_ITER` link that walks what
/// `info` names (a map, a task, a cgroup).
pub fn link_create_iter(
    prog_fd: BorrowedFd<'_>,
    attach_type: AttachType,
    info: &IterLinkInfo,
) -> Result<OwnedFd, SyscallError> {
    let info_ptr: *const IterLinkInfo = info;
    let mut attr = IterLinkAttr {
        head: LinkCreateAttr::new(prog_fd, 0, attach_type, 0),
        iter_info: info_ptr as u64,
        iter_info_len: size_of::<IterLinkInfo>() as u32,
        pad: 0,
    };
    // SAFETY: `IterLinkAttr` is the padding-free `link_create` member of `bpf_attr` with
    // its `iter_info` part, pointing at `info` (`iter_info_len` bytes, only read) for the
    // call; BPF_LINK_CREATE returns a new fd.
    unsafe { create_link(&mut attr) }
}

/// `bpf_attr` member `iter_create`.
#[repr(C)]
struct IterCreateAttr {
    link_fd: u32,
    flags: u32,
}

/// Opens a new read session of the iterator link `link` (`BPF_ITER_CREATE`): reading
/// the returned fd runs the iterator program.
pub fn iter_create(link: BorrowedFd<'_>) -> Result<OwnedFd, SyscallError> {
    let mut attr = IterCreateAttr {
        link_fd: link.as_raw_fd() as u32,
        flags: 0,
    };
    // SAFETY: `IterCreateAttr` is the padding-free `iter_create` member of `bpf_attr`
    // and holds no pointers; BPF_ITER_CREATE returns a new fd.
    unsafe { raw::sys_bpf_fd(Command::IterCreate, &mut attr, size_of::<IterCreateAttr>()) }
        .map_err(|e| SyscallError::new("BPF_ITER_CREATE", e))
}

/// `bpf_attr` member `raw_tracepoint`, up to the padding after `prog_fd`.
#[repr(C)]
struct RawTracepointAttr {
    name: u64,
    prog_fd: u32,
    pad: u32,
}

/// `bpf_attr` member `raw_tracepoint` with its `cookie` (Linux 6.10).
#[repr(C)]
struct RawTracepointCookieAttr {
    head: RawTracepointAttr,
    cookie: u64,
}

const _: () = assert!(size_of::<RawTracepointCookieAttr>() == 24);

const _: () = assert!(size_of::<RawTracepointAttr>() == 16);

/// Attaches a raw tracepoint (or, with `name == None`, a BTF-typed tracing
/// program such as fentry/fexit/lsm) and returns the link fd.
pub fn raw_tracepoint_open(
    name: Option<&CStr>,
    prog_fd: BorrowedFd<'_>,
) -> Result<OwnedFd, SyscallError> {
    let mut attr = RawTracepointAttr {
        name: name.map_or(0, |n| n.as_ptr() as u64),
        prog_fd: prog_fd.as_raw_fd() as u32,
        pad: 0,
    };
    // SAFETY: `RawTracepointAttr` is the padding-free `raw_tracepoint`
    // member of `bpf_attr`; `name` is NULL or a NUL-terminated string alive
    // for the call. The command returns a new fd.
    unsafe {
        raw::sys_bpf_fd(
            Command::RawTracepointOpen,
            &mut attr,
            size_of::<RawTracepointAttr>(),
        )
    }
    .map_err(|e| SyscallError::new("BPF_RAW_TRACEPOINT_OPEN", e))
}

/// [`raw_tracepoint_open`] with a BPF cookie the program reads with
/// `bpf_get_attach_cookie()` (raw_tp and tp_btf programs; Linux 6.10, older kernels
/// refuse the longer attr with `E2BIG`).
pub fn raw_tracepoint_open_with_cookie(
    name: Option<&CStr>,
    prog_fd: BorrowedFd<'_>,
    cookie: u64,
) -> Result<OwnedFd, SyscallError> {
    let mut attr = RawTracepointCookieAttr {
        head: RawTracepointAttr {
            name: name.map_or(0, |n| n.as_ptr() as u64),
            prog_fd: prog_fd.as_raw_fd() as u32,
            pad: 0,
        },
        cookie,
    };
    // SAFETY: `RawTracepointCookieAttr` is the padding-free `raw_tracepoint` member of
    // `bpf_attr` with its cookie; `name` is NULL or a NUL-terminated string alive for the
    // call. The command returns a new fd.
    unsafe {
        raw::sys_bpf_fd(
            Command::RawTracepointOpen,
            &mut attr,
            size_of::<RawTracepointCookieAttr>(),
        )
    }
    .map_err(|e| SyscallError::new("BPF_RAW_TRACEPOINT_OPEN", e))
}

#[cfg(test)]
mod tests;
