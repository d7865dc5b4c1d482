//! Before 6.10 the kernel has no sockmap link: `BPF_LINK_CREATE` is failed with EINVAL
//! through the fake `bpf()` layer, as such a kernel answers, and `attach` falls back to
//! a real `BPF_PROG_ATTACH` on the map: the program sees the message, and after the drop
//! a new socket is not seen and the kernel has nothing left to detach.

use std::io;
use std::net::{TcpListener, TcpStream};
use std::os::fd::AsFd;

use crate::abi::Command;
use crate::attach::SockMapLink;
use crate::kind::SkMsg;
use crate::maps::{Array, SockHash};
use crate::obj::ObjectSpec;
use crate::sys::{require_bpf, with_fake_bpf};
use crate::testing::Feature;
use crate::{PreparedObject, Program};

const SOCK_MAP: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/sock_map.bpf.o"
));

#[test]
fn attach_without_sockmap_links_falls_back_to_prog_attach() {
    let kernel = require_bpf!(Feature::SK_MSG);
    let spec = ObjectSpec::parse_named(SOCK_MAP, "sock_map").expect("fixture");
    let obj = PreparedObject::prepare(spec).expect("prepare");
    let prog: Program<SkMsg> = Program::new(&obj, "count_msg").expect("program");
    if kernel.refuses(Feature::SK_MSG, "count_msg", || prog.load_lazy()) {
        return;
    }
    let loaded = prog.load_lazy().expect("load");
    let hash: SockHash<u32> = SockHash::new(&obj, "sock_hash").expect("map");
    let counts: Array<u64> = Array::new(&obj, "counts").expect("map");
    let link = with_fake_bpf(
        |cmd| {
            (cmd == Command::LinkCreate)
                .then(|| Some(Err(io::Error::from_raw_os_error(libc::EINVAL))))
                .flatten()
        },
        || loaded.attach(&hash).expect("BPF_PROG_ATTACH fallback"),
    );
    let SockMapLink::Attached(attachment) = &link else {
        panic!("expected BPF_PROG_ATTACH, got {link:?}");
    };
    assert_eq!(
        attachment.attach_type(),
        crate::abi::AttachType::SkMsgVerdict
    );
    let send = |counted: u64| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let mut client = TcpStream::connect(listener.local_addr().expect("addr")).expect("connect");
        let (mut server, _) = listener.accept().expect("accept");
        hash.insert(&1, &client).expect("insert");
        io::Write::write_all(&mut client, b"ping").expect("send");
        let mut got = [0u8; 4];
        io::Read::read_exact(&mut server, &mut got).expect("receive");
        assert_eq!(&got, b"ping");
        assert_eq!(counts.get(0).expect("read"), counted);
        hash.remove(&1).expect("remove");
    };
    send(1);
    drop(link);
    send(1);
    // Dropping it detached the program: detaching once more finds nothing.
    let again = crate::sys::prog_detach(
        hash.as_fd(),
        loaded.as_fd(),
        crate::abi::AttachType::SkMsgVerdict,
    );
    assert_eq!(again.map_err(|e| e.errno()), Err(libc::ENOENT));
}
