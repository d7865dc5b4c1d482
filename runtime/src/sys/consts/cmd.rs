//! `enum bpf_cmd` values from the kernel UAPI (`linux/bpf.h`, Linux 6.18).

/// `BPF_MAP_CREATE` from `enum bpf_cmd`.
pub const BPF_MAP_CREATE: u32 = 0;
/// `BPF_MAP_LOOKUP_ELEM` from `enum bpf_cmd`.
pub const BPF_MAP_LOOKUP_ELEM: u32 = 1;
/// `BPF_MAP_UPDATE_ELEM` from `enum bpf_cmd`.
pub const BPF_MAP_UPDATE_ELEM: u32 = 2;
/// `BPF_MAP_DELETE_ELEM` from `enum bpf_cmd`.
pub const BPF_MAP_DELETE_ELEM: u32 = 3;
/// `BPF_MAP_GET_NEXT_KEY` from `enum bpf_cmd`.
pub const BPF_MAP_GET_NEXT_KEY: u32 = 4;
/// `BPF_PROG_LOAD` from `enum bpf_cmd`.
pub const BPF_PROG_LOAD: u32 = 5;
/// `BPF_OBJ_PIN` from `enum bpf_cmd`.
pub const BPF_OBJ_PIN: u32 = 6;
/// `BPF_OBJ_GET` from `enum bpf_cmd`.
pub const BPF_OBJ_GET: u32 = 7;
/// `BPF_PROG_ATTACH` from `enum bpf_cmd`.
pub const BPF_PROG_ATTACH: u32 = 8;
/// `BPF_PROG_DETACH` from `enum bpf_cmd`.
pub const BPF_PROG_DETACH: u32 = 9;
/// `BPF_PROG_TEST_RUN` from `enum bpf_cmd`.
pub const BPF_PROG_TEST_RUN: u32 = 10;
/// `BPF_PROG_RUN` (alias of `BPF_PROG_TEST_RUN`).
pub const BPF_PROG_RUN: u32 = 10;
/// `BPF_PROG_GET_NEXT_ID` from `enum bpf_cmd`.
pub const BPF_PROG_GET_NEXT_ID: u32 = 11;
/// `BPF_MAP_GET_NEXT_ID` from `enum bpf_cmd`.
pub const BPF_MAP_GET_NEXT_ID: u32 = 12;
/// `BPF_PROG_GET_FD_BY_ID` from `enum bpf_cmd`.
pub const BPF_PROG_GET_FD_BY_ID: u32 = 13;
/// `BPF_MAP_GET_FD_BY_ID` from `enum bpf_cmd`.
pub const BPF_MAP_GET_FD_BY_ID: u32 = 14;
/// `BPF_OBJ_GET_INFO_BY_FD` from `enum bpf_cmd`.
pub const BPF_OBJ_GET_INFO_BY_FD: u32 = 15;
/// `BPF_PROG_QUERY` from `enum bpf_cmd`.
pub const BPF_PROG_QUERY: u32 = 16;
/// `BPF_RAW_TRACEPOINT_OPEN` from `enum bpf_cmd`.
pub const BPF_RAW_TRACEPOINT_OPEN: u32 = 17;
/// `BPF_BTF_LOAD` from `enum bpf_cmd`.
pub const BPF_BTF_LOAD: u32 = 18;
/// `BPF_BTF_GET_FD_BY_ID` from `enum bpf_cmd`.
pub const BPF_BTF_GET_FD_BY_ID: u32 = 19;
/// `BPF_TASK_FD_QUERY` from `enum bpf_cmd`.
pub const BPF_TASK_FD_QUERY: u32 = 20;
/// `BPF_MAP_LOOKUP_AND_DELETE_ELEM` from `enum bpf_cmd`.
pub const BPF_MAP_LOOKUP_AND_DELETE_ELEM: u32 = 21;
/// `BPF_MAP_FREEZE` from `enum bpf_cmd`.
pub const BPF_MAP_FREEZE: u32 = 22;
/// `BPF_BTF_GET_NEXT_ID` from `enum bpf_cmd`.
pub const BPF_BTF_GET_NEXT_ID: u32 = 23;
/// `BPF_MAP_LOOKUP_BATCH` from `enum bpf_cmd`.
pub const BPF_MAP_LOOKUP_BATCH: u32 = 24;
/// `BPF_MAP_LOOKUP_AND_DELETE_BATCH` from `enum bpf_cmd`.
pub const BPF_MAP_LOOKUP_AND_DELETE_BATCH: u32 = 25;
/// `BPF_MAP_UPDATE_BATCH` from `enum bpf_cmd`.
pub const BPF_MAP_UPDATE_BATCH: u32 = 26;
/// `BPF_MAP_DELETE_BATCH` from `enum bpf_cmd`.
pub const BPF_MAP_DELETE_BATCH: u32 = 27;
/// `BPF_LINK_CREATE` from `enum bpf_cmd`.
pub const BPF_LINK_CREATE: u32 = 28;
/// `BPF_LINK_UPDATE` from `enum bpf_cmd`.
pub const BPF_LINK_UPDATE: u32 = 29;
/// `BPF_LINK_GET_FD_BY_ID` from `enum bpf_cmd`.
pub const BPF_LINK_GET_FD_BY_ID: u32 = 30;
/// `BPF_LINK_GET_NEXT_ID` from `enum bpf_cmd`.
pub const BPF_LINK_GET_NEXT_ID: u32 = 31;
/// `BPF_ENABLE_STATS` from `enum bpf_cmd`.
pub const BPF_ENABLE_STATS: u32 = 32;
/// `BPF_ITER_CREATE` from `enum bpf_cmd`.
pub const BPF_ITER_CREATE: u32 = 33;
/// `BPF_LINK_DETACH` from `enum bpf_cmd`.
pub const BPF_LINK_DETACH: u32 = 34;
/// `BPF_PROG_BIND_MAP` from `enum bpf_cmd`.
pub const BPF_PROG_BIND_MAP: u32 = 35;
/// `BPF_TOKEN_CREATE` from `enum bpf_cmd`.
pub const BPF_TOKEN_CREATE: u32 = 36;
/// `BPF_PROG_STREAM_READ_BY_FD` from `enum bpf_cmd`.
pub const BPF_PROG_STREAM_READ_BY_FD: u32 = 37;
