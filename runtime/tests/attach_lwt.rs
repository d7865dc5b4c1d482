//! Lightweight-tunnel programs on the real kernel (`lwt.bpf.o`): `attach_route` adds a
//! TEST-NET-2 route through `lo` carrying the program; a datagram sent to it runs the
//! program; dropping the route deletes it, and the next datagram does not.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::net::{IpAddr, Ipv4Addr, UdpSocket};

use bpfgen_runtime::attach::LwtHook;
use bpfgen_runtime::kind::Lwt;
use bpfgen_runtime::maps::Array;
use bpfgen_runtime::Program;
use common::{kernel, prepare, Feature};

/// A TEST-NET-2 address (RFC 5737): never a real destination.
fn test_net(last: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(198, 51, 100, last))
}

/// Sends one datagram to `to` (dropped or refused later on; only the route matters).
fn send(to: IpAddr) {
    let sock = UdpSocket::bind("0.0.0.0:0").unwrap();
    let _ = sock.send_to(b"bpfgen lwt", (to, 9));
}

fn route_runs_program(test: &str, feature: Feature, name: &str, slot: u32, last: u8) {
    let Some(k) = kernel(test, &[feature]) else {
        return;
    };
    let obj = prepare("lwt.bpf.o");
    let prog: Program<Lwt> = Program::new(&obj, name).unwrap();
    if k.refuses(feature, name, || prog.load_lazy()) {
        return;
    }
    let hits: Array<u64> = Array::new(&obj, "hits").unwrap();
    let loaded = prog.load_lazy().unwrap();
    let dest = test_net(last);
    let route = loaded.attach_route(dest, 32, 1).unwrap();
    assert_eq!(route.route().dest, dest);
    let err = loaded.attach_route(dest, 32, 1).unwrap_err().to_string();
    assert!(err.contains(name) && err.contains("exists"), "{err}");
    send(dest);
    send(dest);
    assert_eq!(hits.get(slot).unwrap(), 2, "the route ran the program");
    drop(route);
    send(dest);
    assert_eq!(hits.get(slot).unwrap(), 2, "the route is gone");
}

#[test]
fn lwt_xmit_route_runs_the_program_until_dropped() {
    route_runs_program(
        "lwt_xmit_route_runs_the_program_until_dropped",
        Feature::LWT_XMIT,
        "count_xmit",
        0,
        71,
    );
}

#[test]
fn lwt_out_route_runs_the_program_until_dropped() {
    route_runs_program(
        "lwt_out_route_runs_the_program_until_dropped",
        Feature::LWT_OUT,
        "count_out",
        1,
        72,
    );
}

#[test]
fn lwt_hook_comes_from_the_section() {
    let Some(k) = kernel("lwt_hook_comes_from_the_section", &[Feature::LWT_IN]) else {
        return;
    };
    let obj = prepare("lwt.bpf.o");
    let prog: Program<Lwt> = Program::new(&obj, "count_in").unwrap();
    if k.refuses(Feature::LWT_IN, "count_in", || prog.load_lazy()) {
        return;
    }
    let route = prog
        .load_lazy()
        .unwrap()
        .attach_route(test_net(73), 32, 1)
        .unwrap();
    assert_eq!(route.hook(), LwtHook::In);
}
