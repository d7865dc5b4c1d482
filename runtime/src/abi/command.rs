//! Command: `enum bpf_cmd`, its kernel numbers, kernel names and lower-case names.

use super::kernel_enum;

kernel_enum! {
    /// A `bpf(2)` command (`enum bpf_cmd`).
    pub enum Command {
        /// `BPF_MAP_CREATE`.
        MapCreate = 0 => "map_create", "BPF_MAP_CREATE",
        /// `BPF_MAP_LOOKUP_ELEM`.
        MapLookupElem = 1 => "map_lookup_elem", "BPF_MAP_LOOKUP_ELEM",
        /// `BPF_MAP_UPDATE_ELEM`.
        MapUpdateElem = 2 => "map_update_elem", "BPF_MAP_UPDATE_ELEM",
        /// `BPF_MAP_DELETE_ELEM`.
        MapDeleteElem = 3 => "map_delete_elem", "BPF_MAP_DELETE_ELEM",
        /// `BPF_MAP_GET_NEXT_KEY`.
        MapGetNextKey = 4 => "map_get_next_key", "BPF_MAP_GET_NEXT_KEY",
        /// `BPF_PROG_LOAD`.
        ProgLoad = 5 => "prog_load", "BPF_PROG_LOAD",
        /// `BPF_OBJ_PIN`.
        ObjPin = 6 => "obj_pin", "BPF_OBJ_PIN",
        /// `BPF_OBJ_GET`.
        ObjGet = 7 => "obj_get", "BPF_OBJ_GET",
        /// `BPF_PROG_ATTACH`.
        ProgAttach = 8 => "prog_attach", "BPF_PROG_ATTACH",
        /// `BPF_PROG_DETACH`.
        ProgDetach = 9 => "prog_detach", "BPF_PROG_DETACH",
        /// `BPF_PROG_TEST_RUN`.
        ProgTestRun = 10 => "prog_test_run", "BPF_PROG_TEST_RUN",
        /// `BPF_PROG_GET_NEXT_ID`.
        ProgGetNextId = 11 => "prog_get_next_id", "BPF_PROG_GET_NEXT_ID",
        /// `BPF_MAP_GET_NEXT_ID`.
        MapGetNextId = 12 => "map_get_next_id", "BPF_MAP_GET_NEXT_ID",
        /// `BPF_PROG_GET_FD_BY_ID`.
        ProgGetFdById = 13 => "prog_get_fd_by_id", "BPF_PROG_GET_FD_BY_ID",
        /// `BPF_MAP_GET_FD_BY_ID`.
        MapGetFdById = 14 => "map_get_fd_by_id", "BPF_MAP_GET_FD_BY_ID",
        /// `BPF_OBJ_GET_INFO_BY_FD`.
        ObjGetInfoByFd = 15 => "obj_get_info_by_fd", "BPF_OBJ_GET_INFO_BY_FD",
        /// `BPF_PROG_QUERY`.
        ProgQuery = 16 => "prog_query", "BPF_PROG_QUERY",
        /// `BPF_RAW_TRACEPOINT_OPEN`.
        RawTracepointOpen = 17 => "raw_tracepoint_open", "BPF_RAW_TRACEPOINT_OPEN",
        /// `BPF_BTF_LOAD`.
        BtfLoad = 18 => "btf_load", "BPF_BTF_LOAD",
        /// `BPF_BTF_GET_FD_BY_ID`.
        BtfGetFdById = 19 => "btf_get_fd_by_id", "BPF_BTF_GET_FD_BY_ID",
        /// `BPF_TASK_FD_QUERY`.
        TaskFdQuery = 20 => "task_fd_query", "BPF_TASK_FD_QUERY",
        /// `BPF_MAP_LOOKUP_AND_DELETE_ELEM`.
        MapLookupAndDeleteElem = 21 => "map_lookup_and_delete_elem", "BPF_MAP_LOOKUP_AND_DELETE_ELEM",
        /// `BPF_MAP_FREEZE`.
        MapFreeze = 22 => "map_freeze", "BPF_MAP_FREEZE",
        /// `BPF_BTF_GET_NEXT_ID`.
        BtfGetNextId = 23 => "btf_get_next_id", "BPF_BTF_GET_NEXT_ID",
        /// `BPF_MAP_LOOKUP_BATCH`.
        MapLookupBatch = 24 => "map_lookup_batch", "BPF_MAP_LOOKUP_BATCH",
        /// `BPF_MAP_LOOKUP_AND_DELETE_BATCH`.
        MapLookupAndDeleteBatch = 25 => "map_lookup_and_delete_batch", "BPF_MAP_LOOKUP_AND_DELETE_BATCH",
        /// `BPF_MAP_UPDATE_BATCH`.
        MapUpdateBatch = 26 => "map_update_batch", "BPF_MAP_UPDATE_BATCH",
        /// `BPF_MAP_DELETE_BATCH`.
        MapDeleteBatch = 27 => "map_delete_batch", "BPF_MAP_DELETE_BATCH",
        /// `BPF_LINK_CREATE`.
        LinkCreate = 28 => "link_create", "BPF_LINK_CREATE",
        /// `BPF_LINK_UPDATE`.
        LinkUpdate = 29 => "link_update", "BPF_LINK_UPDATE",
        /// `BPF_LINK_GET_FD_BY_ID`.
        LinkGetFdById = 30 => "link_get_fd_by_id", "BPF_LINK_GET_FD_BY_ID",
        /// `BPF_LINK_GET_NEXT_ID`.
        LinkGetNextId = 31 => "link_get_next_id", "BPF_LINK_GET_NEXT_ID",
        /// `BPF_ENABLE_STATS`.
        EnableStats = 32 => "enable_stats", "BPF_ENABLE_STATS",
        /// `BPF_ITER_CREATE`.
        IterCreate = 33 => "iter_create", "BPF_ITER_CREATE",
        /// `BPF_LINK_DETACH`.
        LinkDetach = 34 => "link_detach", "BPF_LINK_DETACH",
        /// `BPF_PROG_BIND_MAP`.
        ProgBindMap = 35 => "prog_bind_map", "BPF_PROG_BIND_MAP",
        /// `BPF_TOKEN_CREATE`.
        TokenCreate = 36 => "token_create", "BPF_TOKEN_CREATE",
        /// `BPF_PROG_STREAM_READ_BY_FD`.
        ProgStreamReadByFd = 37 => "prog_stream_read_by_fd", "BPF_PROG_STREAM_READ_BY_FD",
    }
}
