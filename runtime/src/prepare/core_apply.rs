//! Applying CO-RE relocations to linked templates against the running kernel's BTF.
//! A relocation with no matching kernel type poisons its instruction (the program fails
//! only if that path is reachable); a malformed one fails the program it belongs to.

use crate::obj::ObjectSpec;
use crate::prepare::co_re::{describe, CoreRelocator};
use crate::prepare::kernel::KernelSource;
use crate::prepare::template::{ProgramTemplate, TemplateError};

/// Linked templates, each either ready or failed for a reason.
pub(crate) type Templates = Vec<Result<ProgramTemplate, TemplateError>>;

/// Applies the CO-RE records of every template; templates without records pass through.
pub(crate) fn apply_core(
    spec: &ObjectSpec,
    kernel: &KernelSource,
    mut templates: Templates,
) -> Templates {
    let needs_core = |t: &Result<ProgramTemplate, TemplateError>| {
        t.as_ref().is_ok_and(|t| !t.core_relos.is_empty())
    };
    if !templates.iter().any(needs_core) {
        return templates;
    }
    let fail_all = |templates: &mut Templates, reason: &str| {
        for (t, p) in templates.iter_mut().zip(&spec.programs) {
            if needs_core(t) {
                *t = Err(TemplateError {
                    program: p.name.clone(),
                    reason: format!("CO-RE relocations need kernel BTF: {reason}"),
                });
            }
        }
    };
    let kernel = kernel.get();
    let (Some(local), Ok(kernel)) = (spec.btf.as_ref(), &kernel) else {
        let why = kernel
            .err()
            .unwrap_or_else(|| "the object has no BTF".into());
        fail_all(&mut templates, &why);
        return templates;
    };
    let mut relocator = CoreRelocator::new(local, kernel.core());
    for (t, p) in templates.iter_mut().zip(&spec.programs) {
        let Ok(template) = t else { continue };
        if let Err(reason) = relocate_one(&mut relocator, local, template) {
            *t = Err(TemplateError {
                program: p.name.clone(),
                reason,
            });
        }
    }
    templates
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
