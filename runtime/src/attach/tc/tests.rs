//! `attach` falls back to a netlink filter where the kernel has no tcx: tcx's
//! `BPF_LINK_CREATE` is failed with EINVAL through the fake `bpf()` layer, as a kernel
//! before 6.6 answers; the filter itself is real and counts real traffic on `lo`.

use std::io;
use std::net::UdpSocket;

use crate::abi::Command;
use crate::attach::{TcDirection, TcHook, TcLink};
use crate::kind::Tc;
use crate::maps::Array;
use crate::obj::ObjectSpec;
use crate::sys::{require_bpf, with_fake_bpf};
use crate::testing::Feature;
use crate::{PreparedObject, Program};

const TC_CLASSIFIER: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/tc_classifier.bpf.o"
));

#[test]
fn attach_without_tcx_falls_back_to_a_netlink_filter() {
    let kernel = require_bpf!(Feature::TC);
    let spec = ObjectSpec::parse_named(TC_CLASSIFIER, "tc_classifier").expect("fixture");
    let obj = PreparedObject::prepare(spec).expect("prepare");
    let prog: Program<Tc> = Program::new(&obj, "count_tc").expect("program");
    if kernel.refuses(Feature::TC, "count_tc", || prog.load_lazy()) {
        return;
    }
    let loaded = prog.load_lazy().expect("load");
    let hits: Array<u64> = Array::new(&obj, "tc_hits").expect("map");
    let created = TcHook::create_qdisc(1).expect("clsact on lo");
    let link = with_fake_bpf(
        |cmd| {
            (cmd == Command::LinkCreate)
                .then(|| Some(Err(io::Error::from_raw_os_error(libc::EINVAL))))
                .flatten()
        },
        || {
            loaded
                .attach(1, TcDirection::Ingress)
                .expect("netlink fallback")
        },
    );
    let TcLink::Filter(filter) = &link else {
        panic!("expected the netlink filter, got {link:?}");
    };
    assert_eq!(filter.hook(), TcHook::new(1, TcDirection::Ingress));
    let send = || {
        let rx = UdpSocket::bind("127.0.0.1:0").expect("bind");
        let tx = UdpSocket::bind("127.0.0.1:0").expect("bind");
        tx.send_to(b"bpfg", rx.local_addr().expect("addr"))
            .expect("send");
        rx.recv(&mut [0u8; 8]).expect("recv");
        hits.get(0).expect("read")
    };
    let before = hits.get(0).expect("read");
    assert_eq!(send(), before + 1, "the filter counts the datagram");
    drop(link);
    assert_eq!(send(), before + 1, "dropping the link removed the filter");
    if created {
        TcHook::destroy_qdisc(1).expect("remove clsact");
    }
}
