//! Values are typed too: `stats` holds `packet_stats`, `calls_by_pid` `u64`.
use bpfgen_runtime::maps::UpdateFlags;
use golden_check::minimal::MinimalSkel;

fn main() -> Result<(), bpfgen_runtime::Error> {
    let skel = MinimalSkel::open()?.prepare()?;
    skel.maps.stats.set(0, &1u64)?;
    skel.maps.calls_by_pid.update(&1u32, &1u32, UpdateFlags::Any)?;
    let _: u32 = skel.maps.calls_by_pid.lookup(&1u32)?.unwrap_or_default();
    Ok(())
}
