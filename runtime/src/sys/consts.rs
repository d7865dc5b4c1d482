//! Kernel flag and size constants used by the syscall layer, spelled with their kernel
//! names (`linux/bpf.h`, `linux/perf_event.h`). The UAPI enums (program, attach, map and
//! link types, commands) are typed, in [`crate::abi`].

// A constants table: most entries are unused at any given time.
#![allow(dead_code)]

/// Length of the `map_name` / `prog_name` fields, including the NUL.
pub const BPF_OBJ_NAME_LEN: usize = 16;
/// Length of a program tag (`bpf_prog_info::tag`).
pub const BPF_TAG_SIZE: usize = 8;

// ---- BPF_MAP_UPDATE_ELEM / LOOKUP flags (u64 `flags` field) ----

/// Create a new element or update an existing one.
pub const BPF_ANY: u64 = 0;
/// Create a new element only if it did not exist.
pub const BPF_NOEXIST: u64 = 1;
/// Update an existing element only.
pub const BPF_EXIST: u64 = 2;
/// Take the element's `bpf_spin_lock` while copying.
pub const BPF_F_LOCK: u64 = 4;

// ---- BPF_MAP_CREATE `map_flags` ----

/// Do not pre-allocate hash map elements.
pub const BPF_F_NO_PREALLOC: u32 = 1 << 0;
/// Use per-CPU LRU lists in LRU hash maps.
pub const BPF_F_NO_COMMON_LRU: u32 = 1 << 1;
/// `numa_node` is valid.
pub const BPF_F_NUMA_NODE: u32 = 1 << 2;
/// Read-only access from the syscall side.
pub const BPF_F_RDONLY: u32 = 1 << 3;
/// Write-only access from the syscall side.
pub const BPF_F_WRONLY: u32 = 1 << 4;
/// Stack-trace map stores build-id + offset.
pub const BPF_F_STACK_BUILD_ID: u32 = 1 << 5;
/// Zero-initialise the hash seed (testing only).
pub const BPF_F_ZERO_SEED: u32 = 1 << 6;
/// Read-only access from BPF programs.
pub const BPF_F_RDONLY_PROG: u32 = 1 << 7;
/// Write-only access from BPF programs.
pub const BPF_F_WRONLY_PROG: u32 = 1 << 8;
/// Clone socket storage from the listener on accept.
pub const BPF_F_CLONE: u32 = 1 << 9;
/// Allow `mmap()` of the map (arrays, ringbufs, arenas).
pub const BPF_F_MMAPABLE: u32 = 1 << 10;
/// Keep perf-event-array entries when the owner closes.
pub const BPF_F_PRESERVE_ELEMS: u32 = 1 << 11;
/// Inner map with dynamic `max_entries`.
pub const BPF_F_INNER_MAP: u32 = 1 << 12;
/// Map registered/unregistered by a `bpf_link` (struct_ops); also a
/// `BPF_LINK_CREATE`/`BPF_PROG_ATTACH` flag.
pub const BPF_F_LINK: u32 = 1 << 13;
/// `BPF_OBJ_PIN`/`BPF_OBJ_GET`: path is relative to `path_fd`.
pub const BPF_F_PATH_FD: u32 = 1 << 14;
/// `value_type_btf_obj_fd` is valid.
pub const BPF_F_VTYPE_BTF_OBJ_FD: u32 = 1 << 15;
/// A BPF token fd is passed in the command's token fd field.
pub const BPF_F_TOKEN_FD: u32 = 1 << 16;
/// Arena: SIGSEGV instead of faulting in a page.
pub const BPF_F_SEGV_ON_FAULT: u32 = 1 << 17;
/// Arena: do not translate kernel pointers to user pointers.
pub const BPF_F_NO_USER_CONV: u32 = 1 << 18;

// ---- BPF_PROG_LOAD `prog_flags` ----

/// Verifier enforces strict alignment.
pub const BPF_F_STRICT_ALIGNMENT: u32 = 1 << 0;
/// Verifier ignores alignment.
pub const BPF_F_ANY_ALIGNMENT: u32 = 1 << 1;
/// Randomise upper 32 bits (verifier testing).
pub const BPF_F_TEST_RND_HI32: u32 = 1 << 2;
/// Verifier state-frequency testing.
pub const BPF_F_TEST_STATE_FREQ: u32 = 1 << 3;
/// The program may sleep (fentry/lsm/... on sleepable hooks).
pub const BPF_F_SLEEPABLE: u32 = 1 << 4;
/// XDP program supports multi-buffer frames.
pub const BPF_F_XDP_HAS_FRAGS: u32 = 1 << 5;
/// XDP program is bound to `prog_ifindex` but not offloaded.
pub const BPF_F_XDP_DEV_BOUND_ONLY: u32 = 1 << 6;
/// Verifier register-invariant checks (testing).
pub const BPF_F_TEST_REG_INVARIANTS: u32 = 1 << 7;

// ---- BPF_PROG_ATTACH / BPF_LINK_CREATE flags ----

/// Cgroup attach: allow a sub-cgroup to override.
pub const BPF_F_ALLOW_OVERRIDE: u32 = 1 << 0;
/// Cgroup attach: allow multiple programs.
pub const BPF_F_ALLOW_MULTI: u32 = 1 << 1;
/// Replace a given program.
pub const BPF_F_REPLACE: u32 = 1 << 2;
/// mprog: insert before the relative program/link.
pub const BPF_F_BEFORE: u32 = 1 << 3;
/// mprog: insert after the relative program/link.
pub const BPF_F_AFTER: u32 = 1 << 4;
/// mprog: the relative object is given by id.
pub const BPF_F_ID: u32 = 1 << 5;

// ---- BPF_PROG_TEST_RUN flags ----

/// Run the program on `cpu`.
pub const BPF_F_TEST_RUN_ON_CPU: u32 = 1 << 0;
/// XDP live-frames mode.
pub const BPF_F_TEST_XDP_LIVE_FRAMES: u32 = 1 << 1;

// ---- Verifier log levels ----

/// Verifier log: errors and summary.
pub const BPF_LOG_LEVEL1: u32 = 1;
/// Verifier log: full trace.
pub const BPF_LOG_LEVEL2: u32 = 2;
/// Verifier log: statistics.
pub const BPF_LOG_STATS: u32 = 4;
/// Verifier log: fixed (non-rotating) buffer mode.
pub const BPF_LOG_FIXED: u32 = 8;

// ---- Instruction pseudo sources (`src_reg` of ld_imm64 / call) ----

/// ld_imm64: `imm` is a map fd.
pub const BPF_PSEUDO_MAP_FD: u8 = 1;
/// ld_imm64: `imm` is a map fd, second `imm` an offset into its value.
pub const BPF_PSEUDO_MAP_VALUE: u8 = 2;
/// ld_imm64: `imm` is a kernel BTF id (ksym).
pub const BPF_PSEUDO_BTF_ID: u8 = 3;
/// ld_imm64: `imm` is a relative instruction offset of a subprogram.
pub const BPF_PSEUDO_FUNC: u8 = 4;
/// ld_imm64: `imm` is an index into `fd_array`.
pub const BPF_PSEUDO_MAP_IDX: u8 = 5;
/// ld_imm64: `imm` is an `fd_array` index, second `imm` a value offset.
pub const BPF_PSEUDO_MAP_IDX_VALUE: u8 = 6;
/// call: `imm` is a relative offset of a BPF-to-BPF call.
pub const BPF_PSEUDO_CALL: u8 = 1;
/// call: `imm` is a kfunc BTF id, `off` an `fd_array` index of its BTF.
pub const BPF_PSEUDO_KFUNC_CALL: u8 = 2;

// ---- perf_event (linux/perf_event.h) ----

/// `perf_event_attr::type` for tracepoints.
pub const PERF_TYPE_TRACEPOINT: u32 = 2;
/// `PERF_TYPE_SOFTWARE`: software events (CPU clock, BPF output).
pub const PERF_TYPE_SOFTWARE: u32 = 1;
/// Size of `struct perf_event_attr` version 5.
pub const PERF_ATTR_SIZE_VER5: u32 = 112;
/// `perf_event_open` flag: set `O_CLOEXEC` on the new fd.
pub const PERF_FLAG_FD_CLOEXEC: libc::c_ulong = 1 << 3;

// ---- sockets ----

/// `setsockopt(SOL_SOCKET, SO_ATTACH_BPF)`: attach an eBPF socket filter.
#[cfg(not(any(target_arch = "sparc", target_arch = "sparc64")))]
pub const SO_ATTACH_BPF: libc::c_int = 50;
/// `setsockopt(SOL_SOCKET, SO_ATTACH_BPF)`: attach an eBPF socket filter.
#[cfg(any(target_arch = "sparc", target_arch = "sparc64"))]
pub const SO_ATTACH_BPF: libc::c_int = 0x0034;
/// `setsockopt(SOL_SOCKET, SO_DETACH_BPF)` (= `SO_DETACH_FILTER`): remove the socket's
/// filter, classic or eBPF.
pub const SO_DETACH_BPF: libc::c_int = 27;
