//! `.rodata` is editable before prepare and read-only after it.
use golden_check::minimal::MinimalSkel;

fn main() -> Result<(), bpfgen_runtime::Error> {
    let mut open = MinimalSkel::open()?;
    open.rodata.sample_every = 4; // fine: still open
    let skel = open.prepare()?;
    skel.rodata().sample_every = 8; // frozen: does not compile
    Ok(())
}
