//! XDP on a veth pair whose far end lives in a network namespace the example creates:
//! traffic runs only on that pair, and a typed per-CPU map counts it by protocol
//! (`examples/xdp_counter/xdp_counter.bpf.c`). Everything created is removed again,
//! also when a step fails.

use bpfgen_runtime::attach::XdpFlags;
use std::io::Write;

use crate::netns::VethPair;

bpfgen_macros::skeleton!("xdp_counter/xdp_counter.bpf.o");

use xdp_counter::XdpCounterSkel;

/// Runs the example, writing what happens to `out`.
///
/// # Errors
/// When `ip` cannot set up the namespace and veth pair, or the kernel refuses the load or
/// the attach.
pub fn run(out: &mut dyn Write) -> crate::Result {
    let skel = XdpCounterSkel::open()?.prepare()?;
    let pair = VethPair::create("xdp", "10.201.0")?;
    let loaded = skel.progs.count_by_protocol.load_lazy()?;
    let ifindex = pair.ifindex()?;
    // Native XDP where the driver has it (veth does), generic mode otherwise.
    let link = loaded
        .attach(ifindex, XdpFlags::DEFAULT)
        .or_else(|_| loaded.attach(ifindex, XdpFlags::SKB_MODE))?;
    writeln!(
        out,
        "XDP on {} (ifindex {}); its peer {} lives in namespace {}",
        pair.near, ifindex, pair.far_addr, pair.netns
    )?;
    let traffic = pair.send_test_traffic()?;
    writeln!(out, "traffic: {traffic}")?;
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
