//! `sk_msg` and `sk_skb` programs on a sockmap / sockhash on the real kernel
//! (`sock_map.bpf.o`): attach, insert a connected TCP socket, send on loopback, read
//! the counters; after the link is dropped a newly inserted socket is not seen (sockets
//! already in the map keep the programs they got at insertion, by kernel design).

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::Duration;

use bpfgen_runtime::attach::SockMapLink;
use bpfgen_runtime::kind::{SkMsg, SkSkb};
use bpfgen_runtime::maps::{Array, SockHash, SockMap};
use bpfgen_runtime::Program;
use common::{kernel, prepare, Feature};

/// A connected loopback TCP pair: (client, server side).
fn tcp_pair() -> (TcpStream, TcpStream) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server, _) = listener.accept().unwrap();
    for s in [&client, &server] {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    }
    (client, server)
}

/// Sends `data` from `from` and reads it back on `to`.
fn round_trip(from: &mut TcpStream, to: &mut TcpStream, data: &[u8]) {
    from.write_all(data).unwrap();
    let mut got = vec![0u8; data.len()];
    to.read_exact(&mut got).unwrap();
    assert_eq!(got, data, "the programs pass the data through");
}

#[test]
fn sk_msg_on_a_sockhash_sees_sent_messages_until_detached() {
    let Some(k) = kernel(
        "sk_msg_on_a_sockhash_sees_sent_messages_until_detached",
        &[Feature::SK_MSG],
    ) else {
        return;
    };
    let obj = prepare("sock_map.bpf.o");
    let prog: Program<SkMsg> = Program::new(&obj, "count_msg").unwrap();
    if k.refuses(Feature::SK_MSG, "count_msg", || prog.load_lazy()) {
        return;
    }
    let hash: SockHash<u32> = SockHash::new(&obj, "sock_hash").unwrap();
    let counts: Array<u64> = Array::new(&obj, "counts").unwrap();
    let link = prog.load_lazy().unwrap().attach(&hash).unwrap();
    assert!(
        matches!(link, SockMapLink::Link(_)),
        "this kernel has sockmap links"
    );
    let (mut client, mut server) = tcp_pair();
    hash.insert(&7, &client).unwrap();
    assert!(hash.cookie(&7).unwrap().is_some(), "the socket is in");
    round_trip(&mut client, &mut server, b"hello sockhash");
    assert_eq!(counts.get(0).unwrap(), 1, "one message");
    assert_eq!(counts.get(1).unwrap(), 14, "its bytes");
    assert!(hash.remove(&7).unwrap());
    assert_eq!(hash.cookie(&7).unwrap(), None);
    drop(link);
    // A socket inserted after the detach gets no program.
    let (mut client, mut server) = tcp_pair();
    hash.insert(&8, &client).unwrap();
    round_trip(&mut client, &mut server, b"after");
    assert_eq!(counts.get(0).unwrap(), 1, "detached on drop");
}

#[test]
fn sk_skb_verdict_on_a_sockmap_sees_received_data_until_detached() {
    let Some(k) = kernel(
        "sk_skb_verdict_on_a_sockmap_sees_received_data_until_detached",
        &[Feature::SK_SKB_VERDICT],
    ) else {
        return;
    };
    let obj = prepare("sock_map.bpf.o");
    let prog: Program<SkSkb> = Program::new(&obj, "count_skb").unwrap();
    if k.refuses(Feature::SK_SKB_VERDICT, "count_skb", || prog.load_lazy()) {
        return;
    }
    let map = SockMap::new(&obj, "sock_map").unwrap();
    let counts: Array<u64> = Array::new(&obj, "counts").unwrap();
    let loaded = prog.load_lazy().unwrap();
    let link = loaded.attach(&map).unwrap();
    let (mut client, mut server) = tcp_pair();
    map.set(0, &server).unwrap();
    assert!(map.cookie(0).unwrap().is_some());
    assert!(map.set(4, &server).is_err(), "slot past max_entries");
    round_trip(&mut client, &mut server, b"hello sockmap");
    assert!(counts.get(2).unwrap() >= 1, "the verdict program ran");
    assert_eq!(counts.get(3).unwrap(), 13, "on every byte received");
    assert!(map.clear(0).unwrap());
    drop(link);
    let before = counts.get(2).unwrap();
    let (mut client, mut server) = tcp_pair();
    map.set(1, &server).unwrap();
    round_trip(&mut client, &mut server, b"after");
    assert_eq!(counts.get(2).unwrap(), before, "detached on drop");

    // A clone attaches the same way, and a hook-less `SEC("sk_skb")` is refused clearly.
    let clone = loaded.program().clone_with(&Default::default()).unwrap();
    drop(clone.attach(&map).unwrap());
    let no_hook: Program<SkSkb> = Program::new(&obj, "no_hook").unwrap();
    let err = no_hook.load_lazy().unwrap().attach(&map).unwrap_err();
    assert!(err.to_string().contains("names no sockmap hook"), "{err}");
}
