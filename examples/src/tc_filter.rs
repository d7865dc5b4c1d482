//! `SEC("tc")` classifiers on a veth pair whose far end lives in a network namespace the
//! example creates: one program on ingress, the other on egress, counting by protocol
//! in a typed per-CPU map (`examples/tc_filter/tc_filter.bpf.c`). `attach` takes tcx
//! where the kernel has it and a netlink `clsact` filter otherwise; the egress program
//! goes through the netlink path explicitly, to show both. Everything created is
//! removed again, also when a step fails.

use std::io::Write;

use bpfgen_runtime::attach::{TcDirection, TcHook, TcLink};

use crate::netns::VethPair;

bpfgen_macros::skeleton!("tc_filter/tc_filter.bpf.o");

use tc_filter::TcFilterSkel;

/// Runs the example, writing what happens to `out`.
///
/// # Errors
/// When `ip` cannot set up the namespace and veth pair, or the kernel refuses the load or
/// the attach.
pub fn run(out: &mut dyn Write) -> crate::Result {
    let skel = TcFilterSkel::open()?.prepare()?;
    let pair = VethPair::create("tc", "10.202.0")?;
    let ifindex = pair.ifindex()?;
    let ingress = skel.progs.count_ingress.load_lazy()?;
    let egress = skel.progs.count_egress.load_lazy()?;
    let ingress_link = ingress.attach(ifindex, TcDirection::Ingress)?;
    let how = match ingress_link {
        TcLink::Tcx(_) => "a tcx link",
        TcLink::Filter(_) => "a netlink clsact filter (no tcx here)",
    };
    // The qdisc is ours to add (and, since the veth goes away, not ours to remove).
    TcHook::create_qdisc(ifindex)?;
    let egress_filter = egress.attach_filter(TcHook::new(ifindex, TcDirection::Egress))?;
    writeln!(
        out,
        "on {} (ifindex {}): count_ingress through {how}, count_egress through a netlink \
         clsact filter (priority 1, handle 1); peer {} in namespace {}",
        pair.near, ifindex, pair.far_addr, pair.netns
    )?;
    let traffic = pair.send_test_traffic()?;
    writeln!(out, "traffic: {traffic}")?;
    drop(ingress_link);
    egress_filter.detach()?;
    let names = ["ICMP", "TCP", "UDP", "other"];
    for (direction, base) in [("ingress", 0u32), ("egress", 4)] {
        writeln!(out, "{direction}:")?;
        for (i, name) in (base..).zip(names) {
            let total: u64 = skel.maps.packets.get(i)?.iter().sum();
            writeln!(out, "  {name:<5} {total:>3} packets")?;
        }
    }
    drop(pair);
    writeln!(out, "namespace and veth pair removed")?;
    Ok(())
}
