//! Map and program settings exist only in the open phase.
use golden_check::minimal::MinimalSkel;

fn main() -> Result<(), bpfgen_runtime::Error> {
    let skel = MinimalSkel::open()?.prepare()?;
    skel.maps.stats.max_entries = 2;
    skel.progs.xdp_count.autoload = false;
    Ok(())
}
