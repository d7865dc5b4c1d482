//! Programs → one marker type per program kind (the runtime's
//! [`marker_name`], so generator and runtime share one table).

use bpfgen_runtime::attach::marker_name;
use bpfgen_runtime::obj::ProgramSpec;

use crate::ident::upper;

/// A program of the skeleton.
#[derive(Debug, Clone)]
pub(crate) struct ProgModel {
    /// C function name.
    pub c_name: String,
    /// Field name in `progs` structs.
    pub field: String,
    /// Its constant in `names::progs`.
    pub constant: String,
    /// `SEC()` name as written (without a leading `?`).
    pub section: String,
    /// The kind's marker type in `bpfgen_runtime::attach`.
    pub marker: &'static str,
}

impl ProgModel {
    pub(crate) fn new(p: &ProgramSpec, field: String) -> ProgModel {
        ProgModel {
            c_name: p.name.clone(),
            field,
            constant: upper(&p.name),
            section: p.section.clone(),
            marker: marker_name(p.kind()),
        }
    }
}
