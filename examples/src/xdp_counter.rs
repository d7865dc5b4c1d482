//! XDP on a veth pair whose far end lives in a network namespace the example creates:
//! traffic runs only on that pair, and a typed per-CPU map counts it by protocol
//! (`examples/xdp_counter/xdp_counter.bpf.c`). Everything created is removed again,
//! also when a step fails.

use std::io::Write;
use std::process::Command;

use bpfgen_runtime::attach::XdpFlags;

bpfgen_macros::skeleton!("xdp_counter/xdp_counter.bpf.o");

use xdp_counter::XdpCounterSkel;

/// The near end's address (in this namespace) and the far end's (in the example's).
const NEAR: &str = "10.201.0.1";
const FAR: &str = "10.201.0.2";

/// A network namespace and a veth pair, removed on drop.
struct Pair {
    netns: String,
    near: String,
}

impl Pair {
    /// `near` here, its peer in a new namespace, both up with addresses.
    fn create() -> crate::Result<Pair> {
        let id = std::process::id();
        let pair = Pair {
            netns: format!("bpfgen-xdp-{id}"),
            near: format!("bgx{id}"),
        };
        let far = format!("bgy{id}");
        ip(&["netns", "add", &pair.netns])?;
        ip(&[
            "link",
            "add",
            &pair.near,
            "type",
            "veth",
            "peer",
            "name",
            &far,
            "netns",
            &pair.netns,
        ])?;
        ip(&["addr", "add", &format!("{NEAR}/30"), "dev", &pair.near])?;
        ip(&["link", "set", &pair.near, "up"])?;
        pair.in_netns(&["ip", "addr", "add", &format!("{FAR}/30"), "dev", &far])?;
        pair.in_netns(&["ip", "link", "set", &far, "up"])?;
        pair.in_netns(&["ip", "link", "set", "lo", "up"])?;
        Ok(pair)
    }

    /// Runs `cmd` inside the namespace.
    fn in_netns(&self, cmd: &[&str]) -> crate::Result {
        let mut args = vec!["netns", "exec", &self.netns];
        args.extend_from_slice(cmd);
        ip(&args)
    }

    /// The near end's interface index.
    fn ifindex(&self) -> crate::Result<u32> {
        let path = format!("/sys/class/net/{}/ifindex", self.near);
        Ok(std::fs::read_to_string(path)?.trim().parse()?)
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        // Deleting the namespace deletes the peer, and with it the pair.
        let _ = ip(&["link", "del", &self.near]);
        let _ = ip(&["netns", "del", &self.netns]);
    }
}

/// Runs `ip ARGS`, failing with its stderr.
fn ip(args: &[&str]) -> crate::Result {
    let out = Command::new("ip").args(args).output()?;
    if !out.status.success() {
        return Err(format!(
            "ip {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )
        .into());
    }
    Ok(())
}

/// Runs the example, writing what happens to `out`.
///
/// # Errors
/// When `ip` cannot set up the namespace and veth pair, or the kernel refuses the load or
/// the attach.
pub fn run(out: &mut dyn Write) -> crate::Result {
    let skel = XdpCounterSkel::open()?.prepare()?;
    let pair = Pair::create()?;
    let loaded = skel.progs.count_by_protocol.load_lazy()?;
    let ifindex = pair.ifindex()?;
    // Native XDP where the driver has it (veth does), generic mode otherwise.
    let link = loaded
        .attach(ifindex, XdpFlags::DEFAULT)
        .or_else(|_| loaded.attach(ifindex, XdpFlags::SKB_MODE))?;
    writeln!(
        out,
        "XDP on {} (ifindex {}); its peer {FAR} lives in namespace {}",
        pair.near, ifindex, pair.netns
    )?;
    // From here to a closed port of the far end: each datagram comes back as an ICMP
    // port-unreachable, which arrives on the near end.
    let socket = std::net::UdpSocket::bind(format!("{NEAR}:0"))?;
    for _ in 0..3 {
        socket.send_to(b"x", format!("{FAR}:9"))?;
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    // From the namespace (bash's /dev/udp and /dev/tcp): 2 datagrams and a connection
    // attempt to the near end.
    for _ in 0..2 {
        pair.in_netns(&["bash", "-c", &format!("echo x > /dev/udp/{NEAR}/9")])?;
    }
    let _ = pair.in_netns(&["bash", "-c", &format!("exec 3<>/dev/tcp/{NEAR}/9")]);
    std::thread::sleep(std::time::Duration::from_millis(50));
    writeln!(
        out,
        "traffic: 3 datagrams out (3 ICMP unreachable back), 2 datagrams and 1 TCP SYN in"
    )?;
    drop(link);
    let names = ["ICMP", "TCP", "UDP", "other"];
    for (i, name) in names.iter().enumerate() {
        let per_cpu = skel.maps.packets.get(u32::try_from(i)?)?;
        let total: u64 = per_cpu.iter().sum();
        writeln!(
            out,
            "  {name:<5} {total:>3} packets ({} CPUs)",
            per_cpu.len()
        )?;
    }
    drop(pair);
    writeln!(out, "namespace and veth pair removed")?;
    Ok(())
}
