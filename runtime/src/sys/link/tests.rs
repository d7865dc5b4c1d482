//! Attach tests against the real kernel (skipped without `bpf()`): links, perf events
//! and socket filters.

use crate::abi::{AttachType, ProgramType};
use std::os::fd::{AsFd, AsRawFd};
use std::path::Path;

use super::*;
use crate::sys::perf_event::{perf_event_enable, perf_event_open_tracepoint, perf_event_set_bpf};
use crate::sys::probe::require_bpf;
use crate::sys::prog::tests::{load, refused, ret_insns};
use crate::sys::socket::{setsockopt_attach_filter, setsockopt_detach_filter};
use crate::testing::Feature;

#[test]
fn socket_filter_attaches() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if refused(&kernel, Feature::SOCKET_FILTER, ProgramType::SocketFilter) {
        return;
    }
    let prog = load(ProgramType::SocketFilter, &ret_insns(0)).expect("load");
    let sock = std::net::UdpSocket::bind("127.0.0.1:0").expect("socket");
    setsockopt_attach_filter(sock.as_fd(), prog.fd.as_fd()).expect("attach");
    let err = setsockopt_attach_filter(sock.as_fd(), sock.as_fd()).expect_err("not a prog");
    assert_eq!(err.call, "setsockopt(SO_ATTACH_BPF)");
    setsockopt_detach_filter(sock.as_fd()).expect("detach");
    let err = setsockopt_detach_filter(sock.as_fd()).expect_err("nothing attached");
    assert_eq!(err.errno(), libc::ENOENT);
}

#[test]
fn raw_tracepoint_attaches() {
    let kernel = require_bpf!(Feature::RAW_TRACEPOINT);
    if refused(&kernel, Feature::RAW_TRACEPOINT, ProgramType::RawTracepoint) {
        return;
    }
    let prog = load(ProgramType::RawTracepoint, &ret_insns(0)).expect("load");
    let link = raw_tracepoint_open(Some(c"sys_enter"), prog.fd.as_fd()).expect("open");
    assert!(link.as_raw_fd() > 2);
    let err = raw_tracepoint_open(Some(c"no_such_tracepoint_xyz"), prog.fd.as_fd())
        .expect_err("unknown tracepoint");
    assert_eq!(err.errno(), libc::ENOENT);
}

/// Id of `syscalls/sys_enter_getpid` from tracefs, if mounted.
fn getpid_tracepoint_id() -> Option<u64> {
    ["/sys/kernel/tracing", "/sys/kernel/debug/tracing"]
        .iter()
        .map(|d| Path::new(d).join("events/syscalls/sys_enter_getpid/id"))
        .find_map(|p| std::fs::read_to_string(p).ok())
        .and_then(|s| s.trim().parse().ok())
}

#[test]
fn perf_event_tracepoint_attaches() {
    let kernel = require_bpf!(Feature::TRACEPOINT);
    if refused(&kernel, Feature::TRACEPOINT, ProgramType::Tracepoint) {
        return;
    }
    crate::sys::ensure_tracefs().expect("mount tracefs");
    let tp_id = getpid_tracepoint_id().expect("tracefs has syscalls/sys_enter_getpid");
    let prog = load(ProgramType::Tracepoint, &ret_insns(0)).expect("load");
    let perf = perf_event_open_tracepoint(tp_id, 0, -1).expect("perf_event_open");
    assert!(perf.as_raw_fd() > 2);
    perf_event_set_bpf(perf.as_fd(), prog.fd.as_fd()).expect("set bpf");
    perf_event_enable(perf.as_fd()).expect("enable");

    // The same program cannot be on one tracepoint twice (EEXIST).
    let prog2 = load(ProgramType::Tracepoint, &ret_insns(0)).expect("load");
    let perf2 = perf_event_open_tracepoint(tp_id, 0, -1).expect("perf_event_open");
    let link = link_create(
        prog2.fd.as_fd(),
        perf2.as_raw_fd(),
        AttachType::PerfEvent,
        0,
    )
    .expect("link");
    assert!(link.as_raw_fd() > 2);
}

#[test]
fn link_create_reports_errors() {
    let kernel = require_bpf!(Feature::SOCKET_FILTER);
    if refused(&kernel, Feature::SOCKET_FILTER, ProgramType::SocketFilter) {
        return;
    }
    let prog = load(ProgramType::SocketFilter, &ret_insns(0)).expect("load");
    let err = link_create(prog.fd.as_fd(), -1, AttachType::PerfEvent, 0).expect_err("bad target");
    assert_eq!(err.call, "BPF_LINK_CREATE");
    assert!(err.errno() != 0);
}
