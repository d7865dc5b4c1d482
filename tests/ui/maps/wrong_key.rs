//! `calls_by_pid` is `HashMap<u32, u64>`: a `u64` key does not compile.
use golden_check::minimal::MinimalSkel;

fn main() -> Result<(), bpfgen_runtime::Error> {
    let skel = MinimalSkel::open()?.prepare()?;
    let _ = skel.maps.calls_by_pid.lookup(&7u64)?;
    Ok(())
}
