//! Attach methods live on loaded handles only: `load_lazy()` first.
use golden_check::minimal::MinimalSkel;

fn main() -> Result<(), bpfgen_runtime::Error> {
    let skel = MinimalSkel::open()?.prepare()?;
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("socket");
    let _link = skel.progs.count_packets.attach(&socket)?;
    Ok(())
}
