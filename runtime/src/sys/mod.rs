//! The syscall layer: every `bpf()`, `perf_event_open()`, `mmap()` and
//! related call the loader makes, behind safe wrappers. The bottom of the loader: it
//! uses only `abi` and `pod`, split by family (one file per group of `bpf()` commands,
//! `link` for `BPF_LINK_CREATE`, `perf_event`, `socket`, `shared_mem` for `mmap`).
//!
//! Hidden from the documentation and not a stable API: kernel tests and tools reach raw
//! calls through it. With `pod`, this is the only module allowed to use `unsafe`; every
//! block carries a `// SAFETY:` justification. Per-command `#[repr(C)]` attr structs mirror
//! the members of the kernel's `union bpf_attr` (zero-initialised, without
//! implicit padding, and only as long as the last field used). All returned
//! fds are `OwnedFd`s numbered 3 or above.

#[cfg(feature = "tokio")]
pub mod async_fd;
pub mod btf;
mod caps;
pub mod consts;
pub mod cpus;
pub mod error;
pub mod id;
mod info;
pub mod kernel_btf_file;
pub mod link;
pub mod log;
pub mod map;
pub mod mount;
pub mod name;
pub mod netlink;
pub mod obj;
pub mod perf_event;
pub mod pidfd;
pub mod poll;
pub mod probe;
pub mod prog;
pub mod prog_attach;
pub(crate) mod raw;
pub mod release;
pub mod shared_mem;
pub mod socket;
pub mod token;

#[allow(unused_imports)]
pub use self::{
    btf::{btf_get_data, btf_get_fd_by_id, btf_get_name, btf_get_next_id, btf_load},
    cpus::{online_cpus, possible_cpus},
    error::SyscallError,
    id::{link_get_fd_by_id, link_get_next_id, map_get_fd_by_id, map_get_next_id},
    link::{
        iter_create, link_create, link_create_iter, link_create_kprobe_multi,
        link_create_netfilter, link_create_perf_event, link_create_tcx, link_create_tracing,
        link_create_uprobe_multi, raw_tracepoint_open, raw_tracepoint_open_with_cookie,
        IterLinkInfo, BPF_F_KPROBE_MULTI_RETURN, BPF_F_UPROBE_MULTI_RETURN,
    },
    log::log_text,
    map::{
        map_create, map_delete_elem, map_freeze, map_get_info, map_get_next_key, map_lookup_elem,
        map_update_elem, MapAccess, MapCreateAttr, MapInfo,
    },
    mount::{check_pin_path, ensure_bpffs, ensure_cgroup2, ensure_tracefs, is_bpffs},
    name::sanitize_obj_name,
    obj::{obj_get, obj_pin, open_pin_on_bpffs, pin_on_bpffs, unpin_on_bpffs},
    perf_event::{
        perf_event_enable, perf_event_open_bpf_output, perf_event_open_probe,
        perf_event_open_sampling, perf_event_open_tracepoint, perf_event_set_bpf,
    },
    pidfd::pidfd_open,
    poll::{poll_any_readable, poll_readable},
    prog::{
        prog_bind_map, prog_get_fd_by_id, prog_get_info, prog_get_next_id, prog_get_summary,
        prog_load, prog_test_run, ProgInfo, ProgLoadAttr, ProgLoadError, ProgLoadOk, TestRun,
        TestRunOut,
    },
    prog_attach::{prog_attach, prog_detach},
    release::kernel_release,
    shared_mem::{page_size, SharedRegion},
    socket::{setsockopt_attach_filter, setsockopt_detach_filter},
};

#[cfg(test)]
#[allow(unused_imports)]
pub(crate) use self::{probe::require_bpf, raw::with_fake_bpf};
