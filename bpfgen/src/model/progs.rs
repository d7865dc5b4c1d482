//! Programs → one marker type per program kind (`ProgramKind::type_name`, the runtime's
//! own list, so generator and runtime share one table).

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
    /// The kind's marker type in `bpfgen_runtime::kind`.
    pub marker: &'static str,
}

impl ProgModel {
    pub(crate) fn new(p: &ProgramSpec, field: String) -> ProgModel {
        ProgModel {
            c_name: p.name.clone(),
            field,
            constant: upper(&p.name),
            section: p.section.clone(),
            marker: p.kind().type_name(),
        }
    }
}
