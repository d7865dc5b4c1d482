//! Program tests against the real kernel (skipped without `bpf()`).

use crate::abi::{MapType, ProgramType};
use std::io;
use std::os::fd::{AsFd, AsRawFd};

use super::*;
use crate::sys::log::log_text;
use crate::sys::map::map_get_info;
use crate::sys::map::tests::new_map;
use crate::sys::probe::require_bpf;
use crate::testing::{Feature, KernelTest};

/// `mov r0, imm; exit` as raw instructions.
pub(crate) fn ret_insns(imm: i32) -> Vec<u8> {
    let mut insns = vec![0xb7, 0, 0, 0];
    insns.extend_from_slice(&imm.to_ne_bytes());
    insns.extend_from_slice(&[0x95, 0, 0, 0, 0, 0, 0, 0]);
    insns
}

/// `ld_imm64 r1, fd_array[idx]` followed by `mov r0, 0; exit`.
fn map_idx_insns(idx: i32) -> Vec<u8> {
    let regs = if cfg!(target_endian = "little") {
        (BPF_PSEUDO_MAP_IDX << 4) | 1
    } else {
        (1 << 4) | BPF_PSEUDO_MAP_IDX
    };
    let mut insns = vec![0x18, regs, 0, 0];
    insns.extend_from_slice(&idx.to_ne_bytes());
    insns.extend_from_slice(&[0; 8]);
    insns.extend_from_slice(&ret_insns(0));
    insns
}

/// Loads `insns` as a GPL program of `prog_type`.
pub(crate) fn load(prog_type: ProgramType, insns: &[u8]) -> Result<ProgLoadOk, ProgLoadError> {
    prog_load(&mut ProgLoadAttr {
        prog_type,
        insns,
        license: c"GPL",
        name: "bpfgen-test",
        ..ProgLoadAttr::default()
    })
}

/// Whether the kernel refuses `feature` (the kind of a raw `prog_type` program): then
/// loading one through [`load`] must fail with `BPF_PROG_LOAD`'s error, and the test stops.
pub(crate) fn refused(kernel: &KernelTest, feature: Feature, prog_type: ProgramType) -> bool {
    kernel.refuses(feature, "BPF_PROG_LOAD", || load(prog_type, &ret_insns(0)))
}

#[test]
fn load_info_and_id_walk() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if refused(&kernel, Feature::SOCKET_FILTER, ProgramType::SocketFilter) {
        return;
    }
    let prog = load(ProgramType::SocketFilter, &ret_insns(0)).expect("load");
    assert!(prog.fd.as_raw_fd() > 2);
    let info = prog_get_info(prog.fd.as_fd()).expect("info");
    assert_eq!(info.prog_type, ProgramType::SocketFilter);
    assert_eq!(info.name, "bpfgen_test");
    assert_eq!(info.verified_insns, 2);
    assert_eq!(info.xlated_prog_len, 16);
    assert!(info.gpl_compatible);
    assert!(info.map_ids.is_empty());
    let mut id = 0;
    let mut found = false;
    while let Some(next) = prog_get_next_id(id).expect("next id") {
        found |= next == info.id;
        id = next;
    }
    assert!(found, "prog id {} not found by walking ids", info.id);
    let again = prog_get_fd_by_id(info.id).expect("open by id");
    assert_eq!(prog_get_info(again.as_fd()).expect("info").tag, info.tag);
}

#[test]
fn test_run_returns_retval() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if refused(&kernel, Feature::SOCKET_FILTER, ProgramType::SocketFilter) {
        return;
    }
    let prog = load(ProgramType::SocketFilter, &ret_insns(7)).expect("load");
    let data = [0xabu8; 64];
    let mut out = [0u8; 128];
    let res = prog_test_run(&mut TestRun {
        prog_fd: prog.fd.as_fd(),
        data_in: &data,
        data_out: Some(&mut out),
        ctx_in: &[],
        ctx_out: None,
        repeat: 3,
        flags: 0,
        cpu: 0,
    })
    .expect("test run");
    assert_eq!(res.retval, 7);
    assert_eq!(res.data_size_out, 64);
    assert_eq!(&out[14..64], &data[14..]);

    let mut tiny = [0u8; 8];
    let err = prog_test_run(&mut TestRun {
        prog_fd: prog.fd.as_fd(),
        data_in: &data,
        data_out: Some(&mut tiny),
        ctx_in: &[],
        ctx_out: None,
        repeat: 0,
        flags: 0,
        cpu: 0,
    })
    .expect_err("output too small");
    assert_eq!(err.errno(), libc::ENOSPC);
}

#[test]
fn invalid_program_fills_log() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if refused(&kernel, Feature::SOCKET_FILTER, ProgramType::SocketFilter) {
        return;
    }
    let exit_only = [0x95, 0, 0, 0, 0, 0, 0, 0];
    let mut log = vec![0u8; 64 * 1024];
    let err = prog_load(&mut ProgLoadAttr {
        prog_type: ProgramType::SocketFilter,
        insns: &exit_only,
        license: c"GPL",
        log_level: 1,
        log_buf: Some(&mut log),
        ..ProgLoadAttr::default()
    })
    .expect_err("R0 is not initialised");
    assert_eq!(err.source.errno(), libc::EACCES);
    let text = log_text(&log);
    assert!(text.contains("R0"), "unexpected log: {text}");
    assert_eq!(err.log_true_size as usize, text.len() + 1);
    assert!(err.to_string().starts_with("BPF_PROG_LOAD failed"));
}

#[test]
fn level_zero_retries_for_log() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if refused(&kernel, Feature::SOCKET_FILTER, ProgramType::SocketFilter) {
        return;
    }
    let exit_only = [0x95, 0, 0, 0, 0, 0, 0, 0];
    let mut log = vec![0u8; 4096];
    let err = prog_load(&mut ProgLoadAttr {
        prog_type: ProgramType::SocketFilter,
        insns: &exit_only,
        license: c"GPL",
        log_buf: Some(&mut log),
        ..ProgLoadAttr::default()
    })
    .expect_err("invalid");
    assert_eq!(err.source.errno(), libc::EACCES);
    assert!(!log_text(&log).is_empty());
    // A successful load with level 0 leaves the buffer alone.
    let mut log = vec![0u8; 4096];
    prog_load(&mut ProgLoadAttr {
        prog_type: ProgramType::SocketFilter,
        insns: &ret_insns(0),
        license: c"GPL",
        log_buf: Some(&mut log),
        ..ProgLoadAttr::default()
    })
    .expect("valid");
    assert!(log_text(&log).is_empty());
}

#[test]
fn user_space_validation() {
    let check = |mut attr: ProgLoadAttr<'_>, what: &str| {
        let err = prog_load(&mut attr).expect_err(what);
        assert_eq!(
            err.source.source.kind(),
            io::ErrorKind::InvalidInput,
            "{what}"
        );
    };
    let insns = ret_insns(0);
    let base = || ProgLoadAttr {
        prog_type: ProgramType::SocketFilter,
        license: c"GPL",
        ..ProgLoadAttr::default()
    };
    check(
        ProgLoadAttr {
            insns: &insns[..12],
            ..base()
        },
        "partial insn",
    );
    check(
        ProgLoadAttr {
            insns: &insns,
            func_info_rec_size: 8,
            func_info_cnt: 1,
            ..base()
        },
        "missing func_info",
    );
    let idx = map_idx_insns(3);
    check(
        ProgLoadAttr {
            insns: &idx,
            fd_array: Some(&[-1]),
            ..base()
        },
        "fd_array index",
    );
    let stdin = std::io::stdin();
    check(
        ProgLoadAttr {
            insns: &insns,
            attach_prog_fd: Some(stdin.as_fd()),
            attach_btf_obj_fd: Some(stdin.as_fd()),
            ..base()
        },
        "both attach fds",
    );
}

#[test]
fn fd_array_and_bind_map() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if refused(&kernel, Feature::SOCKET_FILTER, ProgramType::SocketFilter) {
        return;
    }
    let map = new_map(MapType::Array, 4, 1, 0);
    let map_id = map_get_info(map.as_fd()).expect("map info").id;
    let insns = map_idx_insns(0);
    let fds = [map.as_raw_fd()];
    let prog = prog_load(&mut ProgLoadAttr {
        prog_type: ProgramType::SocketFilter,
        insns: &insns,
        license: c"GPL",
        fd_array: Some(&fds),
        ..ProgLoadAttr::default()
    })
    .expect("load with fd_array");
    assert_eq!(
        prog_get_info(prog.fd.as_fd()).expect("info").map_ids,
        vec![map_id]
    );

    let other = new_map(MapType::Hash, 4, 1, 0);
    let other_id = map_get_info(other.as_fd()).expect("map info").id;
    prog_bind_map(prog.fd.as_fd(), other.as_fd()).expect("bind");
    let mut ids = prog_get_info(prog.fd.as_fd()).expect("info").map_ids;
    ids.sort_unstable();
    let mut want = vec![map_id, other_id];
    want.sort_unstable();
    assert_eq!(ids, want);
}

#[test]
fn token_fd_is_passed() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if refused(&kernel, Feature::SOCKET_FILTER, ProgramType::SocketFilter) {
        return;
    }
    // A map fd is not a BPF token: the kernel must look at it and refuse.
    let not_a_token = new_map(MapType::Array, 4, 1, 0);
    let err = prog_load(&mut ProgLoadAttr {
        prog_type: ProgramType::SocketFilter,
        insns: &ret_insns(0),
        license: c"GPL",
        token_fd: Some(not_a_token.as_fd()),
        ..ProgLoadAttr::default()
    })
    .expect_err("bogus token");
    assert_eq!(err.source.errno(), libc::EINVAL);
}
