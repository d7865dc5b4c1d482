//! The `names` module: one string constant per map, program and variable.

use bpfgen_runtime::obj::btf::Btf;
use bpfgen_runtime::ObjectSpec;

use super::sections::variables;
use crate::ident::upper;
use crate::skel::SkelError;

/// One `pub const NAME: &str = "value";`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Constant {
    /// Constant name (`CALLS_BY_PID`).
    pub rust: String,
    /// The C name it holds (`calls_by_pid`, `.rodata`).
    pub value: String,
}

/// The constants of `names::{maps, progs, vars}`, each list sorted.
#[derive(Debug, Clone, Default)]
pub(crate) struct NamesModel {
    /// Every map, data maps included (by section name).
    pub maps: Vec<Constant>,
    /// Every program.
    pub progs: Vec<Constant>,
    /// Every non-static variable of a data section.
    pub vars: Vec<Constant>,
    /// Every struct_ops variable.
    pub struct_ops: Vec<Constant>,
}

impl NamesModel {
    pub(crate) fn new(spec: &ObjectSpec, btf: Option<&Btf>) -> Result<NamesModel, SkelError> {
        let maps = spec.maps.iter().map(|m| m.name.clone());
        let progs = spec.programs.iter().map(|p| p.name.clone());
        let vars = spec
            .maps
            .iter()
            .flat_map(|m| btf.map(|b| variables(m, b)).unwrap_or_default());
        Ok(NamesModel {
            maps: constants(maps, "map")?,
            progs: constants(progs, "program")?,
            vars: constants(vars, "variable")?,
            struct_ops: constants(
                spec.struct_ops_vars.iter().map(|v| v.name.clone()),
                "struct_ops variable",
            )?,
        })
    }
}

/// Sorted constants for `names`; two names with one constant are an error.
fn constants(
    names: impl Iterator<Item = String>,
    what: &'static str,
) -> Result<Vec<Constant>, SkelError> {
    let mut out: Vec<Constant> = names
        .map(|value| Constant {
            rust: upper(&value),
            value,
        })
        .collect();
    out.sort_by(|a, b| a.rust.cmp(&b.rust).then_with(|| a.value.cmp(&b.value)));
    out.dedup();
    for pair in out.windows(2) {
        if pair[0].rust == pair[1].rust {
            return Err(SkelError::Collision {
                what,
                first: pair[0].value.clone(),
                second: pair[1].value.clone(),
                rust: pair[0].rust.clone(),
            });
        }
    }
    Ok(out)
}
