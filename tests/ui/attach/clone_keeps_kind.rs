//! A clone is a handle of the same kind: an XDP clone has XDP's attach only.
use bpfgen_runtime::CloneOpts;
use golden_check::minimal::MinimalSkel;

fn main() -> Result<(), bpfgen_runtime::Error> {
    let skel = MinimalSkel::open()?.prepare()?;
    let clone = skel.progs.xdp_count.clone_with(&CloneOpts::default())?;
    let _link = clone.attach()?;
    Ok(())
}
