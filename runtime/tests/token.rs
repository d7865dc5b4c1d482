//! BPF tokens on the real kernel: a process in a new user namespace, with no capability
//! in the initial one, prepares an object, loads and runs a program and clones it,
//! through a token made from a bpffs that this (privileged) test process delegated to
//! it; without the token the same prepare is refused.
//!
//! The child is this test binary again, under `unshare --user --map-root-user --mount`
//! (util-linux). It opens a bpffs context in its namespace and passes it over a Unix
//! socket; the parent sets `delegate_*`, mounts it and passes the mount back.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::io::Read;
use std::os::fd::AsFd;
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use bpfgen_runtime::prepare::token::{BpfToken, TokenSource};
use bpfgen_runtime::sys::socket::{recv_fd, send_fd};
use bpfgen_runtime::sys::token::{bpffs_context, delegate_bpffs, Delegation};
use bpfgen_runtime::{CloneOpts, ObjectSpec, PrepareOpts, PreparedObject};
use common::{fixture, kernel, test_run, Feature, PACKET};

const TEST: &str = "a_user_namespace_prepares_and_loads_through_a_token";
/// Set in the child: the parent's socket.
const CHILD_SOCKET: &str = "BPFGEN_TOKEN_CHILD_SOCKET";

fn spec() -> ObjectSpec {
    ObjectSpec::parse_named(&fixture("many_progs.bpf.o"), "many_progs").unwrap()
}

/// The child's part, in the user namespace: no capability in the initial namespace.
fn child(socket: &Path) {
    let without = PreparedObject::prepare_with(
        spec(),
        &PrepareOpts {
            token: TokenSource::None,
            ..PrepareOpts::default()
        },
    )
    .expect_err("no capabilities in the initial user namespace")
    .to_string();
    assert!(without.contains("Operation not permitted"), "{without}");

    let stream = UnixStream::connect(socket).unwrap();
    send_fd(&stream, bpffs_context().unwrap().as_fd()).unwrap();
    let mount = recv_fd(&stream).unwrap();
    let token = BpfToken::from_mount(&mount).unwrap();
    let opts = PrepareOpts {
        token: TokenSource::Token(token),
        ..PrepareOpts::default()
    };
    let obj = PreparedObject::prepare_with(spec(), &opts).unwrap();
    let prog = obj.program("count_b").unwrap();
    let loaded = prog.load_lazy().unwrap();
    test_run(loaded.fd().as_fd(), &PACKET, &[]);
    let clone = prog.clone_with(&CloneOpts::default()).unwrap();
    test_run(clone.as_fd(), &PACKET, &[]);
    let counts = obj.map("shared_counts").unwrap();
    let value = counts.lookup(&0u32.to_ne_bytes()).unwrap().unwrap();
    assert_eq!(common::u64_at(&value, 0), 200, "both instances ran");
    println!("token child: prepared, loaded, ran and cloned through the token");
}

/// Accepts the child's connection, or fails after `timeout`.
fn accept(listener: &UnixListener, timeout: Duration) -> UnixStream {
    listener.set_nonblocking(true).unwrap();
    let deadline = Instant::now() + timeout;
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).unwrap();
                return stream;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock && Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("the child never connected: {e}"),
        }
    }
}

#[test]
fn a_user_namespace_prepares_and_loads_through_a_token() {
    if let Some(socket) = std::env::var_os(CHILD_SOCKET) {
        child(Path::new(&socket));
        return;
    }
    let Some(k) = kernel(TEST, &[Feature::SOCKET_FILTER, Feature::DELEGATED_BPFFS]) else {
        return;
    };
    if !k.supports(Feature::DELEGATED_BPFFS) || !k.supports(Feature::SOCKET_FILTER) {
        // bpfgen's side: a bpffs that cannot give a token is an error naming it.
        let err = BpfToken::from_bpffs("/nonexistent/bpffs")
            .unwrap_err()
            .to_string();
        assert!(err.contains("/nonexistent/bpffs"), "{err}");
        return;
    }
    let dir = std::env::temp_dir().join(format!("bpfgen-token-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let socket = dir.join("socket");
    let _ = std::fs::remove_file(&socket);
    let listener = UnixListener::bind(&socket).unwrap();
    let mut child = Command::new("unshare")
        .args(["--user", "--map-root-user", "--mount"])
        .arg(std::env::current_exe().unwrap())
        .args([TEST, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_SOCKET, &socket)
        .env_remove("BPFGEN_REQUIRE_KERNEL")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run the child under unshare (util-linux)");
    let stream = accept(&listener, Duration::from_secs(30));
    let context = recv_fd(&stream).unwrap();
    let mount = delegate_bpffs(context.as_fd(), &Delegation::all()).unwrap();
    send_fd(&stream, mount.as_fd()).unwrap();
    let status = child.wait().unwrap();
    let (mut out, mut err) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(status.success(), "child failed:\n{out}\n{err}");
    assert!(
        out.contains("token child: prepared, loaded, ran and cloned"),
        "{out}\n{err}"
    );
    eprintln!("{out}");
}
