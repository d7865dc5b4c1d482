//! Applying CO-RE relocations to linked templates against the running kernel's BTF.
//! A relocation with no matching kernel type poisons its instruction (the program fails
//! only if that path is reachable); a malformed one fails the program it belongs to.

use crate::obj::{ObjectSpec, ProgramSpec};
use std::sync::Mutex;

use crate::prepare::co_re::{describe, CandidateCache, CoreRelocator};
use crate::prepare::kernel::KernelSource;
use crate::prepare::template::{ProgramTemplate, TemplateError};

/// Applies the CO-RE relocations of `prog`'s freshly built `template` against the
/// kernel's BTF (vmlinux, then modules), read on first need: an object without CO-RE
/// never reads it.
///
/// The object's programs share `cache`, the candidates found so far per local type (as
/// libbpf's object-wide cache does; they are relocated in the order they are first
/// loaded, where libbpf goes in `.BTF.ext` order: the two can differ only for a local
/// type with several flavoured candidates that an earlier relocation narrowed).
pub(crate) fn apply_core(
    spec: &ObjectSpec,
    kernel: &KernelSource,
    cache: &Mutex<CandidateCache>,
    prog: &ProgramSpec,
    template: Result<ProgramTemplate, TemplateError>,
) -> Result<ProgramTemplate, TemplateError> {
    let mut t = template?;
    if t.core_relos.is_empty() {
        return Ok(t);
    }
    let fail = |reason: String| TemplateError {
        program: prog.name.clone(),
        reason,
    };
    let kernel = kernel.get();
    let (Some(local), Ok(kernel)) = (spec.btf.as_ref(), &kernel) else {
        let why = kernel
            .err()
            .unwrap_or_else(|| "the object has no BTF".into());
        return Err(fail(format!("CO-RE relocations need kernel BTF: {why}")));
    };
    let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
    let mut relocator =
        CoreRelocator::with_cache(local, kernel.core(), std::mem::take(&mut *cache));
    let relocated = relocate_one(&mut relocator, local, &mut t);
    *cache = relocator.into_cache();
    relocated.map_err(fail)?;
    Ok(t)
}

fn relocate_one(
    relocator: &mut CoreRelocator<'_>,
    local: &crate::obj::btf::Btf,
    t: &mut ProgramTemplate,
) -> Result<(), String> {
    for (idx, relo) in std::mem::take(&mut t.core_relos) {
        match relocator.relocate(&relo, &mut t.insns, idx) {
            Ok(outcome) if outcome.poisoned => t.core_notes.push((idx, outcome.verifier_note(idx))),
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "CO-RE relocation at insn {idx} ({}): {e}",
                    describe(local, &relo)
                ))
            }
        }
    }
    Ok(())
}
