//! A tracepoint program has no XDP attach: `attach(ifindex, flags)` does not
//! exist for it, and an XDP program cannot attach to a socket.
use bpfgen_runtime::attach::XdpFlags;
use golden_check::minimal::MinimalSkel;

fn main() -> Result<(), bpfgen_runtime::Error> {
    let skel = MinimalSkel::open()?.prepare()?;
    let _link = skel.progs.count_getpid.load_lazy()?.attach(1, XdpFlags::DEFAULT)?;
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("socket");
    let _link = skel.progs.xdp_count.load_lazy()?.attach(&socket)?;
    Ok(())
}
