//! Helpers shared by the kernel integration tests.
#![allow(dead_code)]

use std::os::fd::AsFd;
use std::path::PathBuf;

use bpfgen_runtime::sys;
use bpfgen_runtime::{ObjectSpec, PreparedObject};

/// Path of a committed fixture object.
pub fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name)
}

/// Bytes of a committed fixture object.
pub fn fixture(name: &str) -> Vec<u8> {
    let p = fixture_path(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Parses and prepares a fixture.
pub fn prepare(name: &str) -> std::sync::Arc<PreparedObject> {
    let stem = name.trim_end_matches(".bpf.o");
    let spec = ObjectSpec::parse_named(&fixture(name), stem).expect("fixture parses");
    PreparedObject::prepare(spec).expect("fixture prepares")
}

pub use bpfgen_runtime::testing::{Feature, KernelTest};

/// Decides kernel test `test` needing `needs` (see `bpfgen_runtime::testing::kernel_test`):
/// `None` skips (printed; a failure under `BPFGEN_REQUIRE_KERNEL=1`), otherwise which of
/// `needs` the kernel refuses.
pub fn kernel(test: &str, needs: &[Feature]) -> Option<KernelTest> {
    bpfgen_runtime::testing::kernel_test(test, needs)
}

/// Kernel ids of the object's maps.
pub fn map_ids(obj: &PreparedObject) -> Vec<u32> {
    obj.maps().iter().map(|m| m.id().expect("map id")).collect()
}

/// Ids of every kernel program that uses one of `maps`.
pub fn programs_using(maps: &[u32]) -> Vec<u32> {
    let mut out = Vec::new();
    let mut next = 0;
    while let Some(id) = sys::prog_get_next_id(next).expect("PROG_GET_NEXT_ID") {
        next = id;
        let Ok(fd) = sys::prog_get_fd_by_id(id) else {
            continue; // unloaded meanwhile
        };
        let Ok(info) = sys::prog_get_info(fd.as_fd()) else {
            continue;
        };
        if info.map_ids.iter().any(|m| maps.contains(m)) {
            out.push(id);
        }
    }
    out
}

/// Number of open file descriptors of this process.
pub fn open_fds() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .expect("/proc/self/fd")
        .count()
}

/// Reads a little-endian u64 at `off`.
pub fn u64_at(bytes: &[u8], off: usize) -> u64 {
    u64::from_ne_bytes(bytes[off..off + 8].try_into().expect("8 bytes"))
}

/// Opens a fixture as a skeleton's open phase.
pub fn open_fixture(name: &str) -> bpfgen_runtime::skel::OpenObject {
    let stem = name.trim_end_matches(".bpf.o");
    bpfgen_runtime::skel::OpenObject::from_bytes(&fixture(name), stem).expect("fixture opens")
}

/// Runs a program once on a 64-byte zero packet (`skb->len` = 50 for socket filters)
/// with context `ctx`; returns its return value.
pub fn test_run(prog: std::os::fd::BorrowedFd<'_>, data: &[u8], ctx: &[u8]) -> u32 {
    sys::prog_test_run(&mut sys::TestRun {
        prog_fd: prog,
        data_in: data,
        data_out: None,
        ctx_in: ctx,
        ctx_out: None,
        repeat: 1,
        flags: 0,
        cpu: 0,
    })
    .expect("test run")
    .retval
}

/// A 64-byte zero packet.
pub const PACKET: [u8; 64] = [0; 64];

/// Sends one datagram from a fresh socket to `rx` and waits (up to 5 s) until it arrives,
/// so every program on its path (socket filter, tcx, sk_lookup, netfilter) has run.
pub fn send_through(rx: &std::net::UdpSocket) {
    let tx = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind tx");
    tx.send_to(b"ping", rx.local_addr().expect("addr"))
        .expect("send");
    rx.set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .expect("timeout");
    let mut buf = [0u8; 16];
    rx.recv(&mut buf).expect("the datagram arrives");
}
