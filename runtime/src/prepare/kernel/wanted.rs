//! The kernel type names an object will look up: its CO-RE root types, the BTF attach
//! targets of its programs, its struct_ops structs, its typed ksyms and kfuncs. Handed to the kernel BTF's name
//! index ([`NameIndex::prefetch`](crate::prepare::co_re)) on the object's first kernel
//! lookup, so all of them are found in one walk over the kernel's names instead of one
//! walk per name.

use crate::abi::{AttachType, ProgramType};
use crate::obj::btf::kind;
use crate::obj::{ExternKind, ObjectSpec, ProgramSpec};
use crate::prepare::co_re::{essential_name, CoreReloKind};

/// (BTF kind, essential name) of every kernel type `spec` will look up by name.
pub(crate) fn wanted_kernel_names(spec: &ObjectSpec) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    if let (Some(btf), Some(ext)) = (&spec.btf, &spec.btf_ext) {
        // Root types, each once (an object has many records per type).
        let mut roots: Vec<u32> = ext
            .sections
            .iter()
            .flat_map(|s| &s.core_relos)
            .filter(|r| CoreReloKind::from_raw(r.kind) != Some(CoreReloKind::TypeIdLocal))
            .map(|r| r.type_id)
            .collect();
        roots.sort_unstable();
        roots.dedup();
        for t in roots.into_iter().filter_map(|id| btf.type_by_id(id)) {
            let name = essential_name(btf.str_at(t.name_off).unwrap_or(""));
            if !name.is_empty() {
                out.push((t.kind_num(), name.to_string()));
            }
        }
    }
    for p in spec.programs.iter().filter(|p| needs_attach_btf(p)) {
        // `module:name` targets are looked up in that module, not in vmlinux.
        if let Some(target) = p.attach_target.as_deref().filter(|t| !t.contains(':')) {
            let (name, k) = attach_btf_name(p.expected_attach_type, target);
            out.push((k, essential_name(&name).to_string()));
        }
    }
    // struct_ops: the kernel struct, and its `bpf_struct_ops_<name>` value at registration.
    for v in &spec.struct_ops_vars {
        out.push((kind::STRUCT, essential_name(&v.struct_name).to_string()));
        let value = crate::obj::struct_ops_value_type_name(&v.struct_name);
        out.push((kind::STRUCT, essential_name(&value).to_string()));
    }
    for e in &spec.externs {
        let k = match e.kind {
            ExternKind::Kfunc => kind::FUNC,
            ExternKind::Ksym if e.typed => kind::VAR,
            _ => continue,
        };
        out.push((k, essential_name(&e.name).to_string()));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Does a program of this type / attach type need an `attach_btf_id` from vmlinux?
pub(crate) fn needs_attach_btf(spec: &ProgramSpec) -> bool {
    let btf_attach = spec.def.as_ref().is_some_and(|d| d.flags.attach_btf);
    btf_attach
        && matches!(
            spec.prog_type,
            Some(ProgramType::Tracing | ProgramType::Lsm)
        )
}

/// The BTF name and kind a target resolves to, per attach type (libbpf's
/// `btf_attach_prefixes`: `btf_trace_` typedefs for tp_btf, `bpf_lsm_` and `bpf_iter_`
/// functions, plain functions otherwise).
pub(crate) fn attach_btf_name(attach: Option<AttachType>, target: &str) -> (String, u32) {
    match attach {
        Some(AttachType::TraceRawTp) => (format!("btf_trace_{target}"), kind::TYPEDEF),
        Some(AttachType::LsmMac | AttachType::LsmCgroup) => {
            (format!("bpf_lsm_{target}"), kind::FUNC)
        }
        Some(AttachType::TraceIter) => (format!("bpf_iter_{target}"), kind::FUNC),
        _ => (target.to_string(), kind::FUNC),
    }
}

#[cfg(test)]
mod tests {
    use super::{attach_btf_name, wanted_kernel_names};
    use crate::abi::AttachType;
    use crate::obj::btf::kind;
    use crate::obj::ObjectSpec;

    fn spec(fixture: &str) -> ObjectSpec {
        let path = format!("{}/../tests/fixtures/{fixture}", env!("CARGO_MANIFEST_DIR"));
        ObjectSpec::from_file(path).expect("fixture parses")
    }

    fn wanted(fixture: &str) -> Vec<(u32, String)> {
        wanted_kernel_names(&spec(fixture))
    }

    #[test]
    fn attach_targets_ksyms_and_kfuncs_are_wanted() {
        let names = wanted("tracing.bpf.o");
        for want in [
            (kind::TYPEDEF, "btf_trace_sched_switch"),
            (kind::FUNC, "bpf_iter_task"),
            (kind::FUNC, "do_unlinkat"),
            (kind::FUNC, "bpf_lsm_bpf"),
        ] {
            assert!(
                names.contains(&(want.0, want.1.to_string())),
                "{want:?} in {names:?}"
            );
        }
        let names = wanted("externs.bpf.o");
        assert!(
            names.contains(&(kind::FUNC, "bpf_rcu_read_lock".into())),
            "{names:?}"
        );
        assert!(
            names.contains(&(kind::FUNC, "bpfgen_no_such_kfunc".into())),
            "{names:?}"
        );
    }

    #[test]
    fn struct_ops_structs_are_wanted() {
        let names = wanted("struct_ops.bpf.o");
        let spec = spec("struct_ops.bpf.o");
        assert!(!spec.struct_ops_vars.is_empty());
        for v in &spec.struct_ops_vars {
            assert!(
                names.contains(&(kind::STRUCT, v.struct_name.clone())),
                "{names:?}"
            );
            let value = format!("bpf_struct_ops_{}", v.struct_name);
            assert!(names.contains(&(kind::STRUCT, value)), "{names:?}");
        }
    }

    #[test]
    fn co_re_roots_are_wanted_by_essential_name() {
        let names = wanted("core_read.bpf.o");
        assert!(
            names.contains(&(kind::STRUCT, "task_struct".into())),
            "{names:?}"
        );
        assert!(names.iter().all(|(_, n)| !n.contains("___")), "{names:?}");
    }

    #[test]
    fn prefixes_follow_libbpf() {
        for (attach, target, want, k) in [
            (
                AttachType::TraceRawTp,
                "sched_switch",
                "btf_trace_sched_switch",
                kind::TYPEDEF,
            ),
            (AttachType::LsmMac, "bpf", "bpf_lsm_bpf", kind::FUNC),
            (AttachType::TraceIter, "task", "bpf_iter_task", kind::FUNC),
            (
                AttachType::TraceFentry,
                "do_unlinkat",
                "do_unlinkat",
                kind::FUNC,
            ),
        ] {
            assert_eq!(attach_btf_name(Some(attach), target), (want.into(), k));
        }
    }
}
