//! Resolving the BTF id a tracing / LSM / iterator program attaches to, from its
//! `SEC()` target or a clone's target name, like libbpf's `find_attach_btf_id`.

use std::os::fd::OwnedFd;

use super::error::ProgramError;
use crate::abi::AttachType;
use crate::obj::btf::kind;
use crate::obj::ProgramSpec;
use crate::prepare::kernel::{attach_btf_name, module_btf_fd, KernelSource};
use crate::prepare::kernel::{kernel_members, kernel_struct};

/// An `freplace` (EXT) program's target: the FUNC named `target` (or the SEC() target)
/// in the BTF of the program behind `attach_prog_fd`.
pub(crate) fn resolve_freplace(
    spec: &ProgramSpec,
    attach_prog_fd: Option<std::os::fd::BorrowedFd<'_>>,
    target: Option<&str>,
) -> Result<u32, ProgramError> {
    let err = |reason: String| ProgramError::AttachTarget {
        program: spec.name.clone(),
        reason,
    };
    let prog = attach_prog_fd.ok_or_else(|| {
        err("freplace needs attach_prog_fd (the program to replace a function of)".into())
    })?;
    let target = target
        .or(spec.attach_target.as_deref())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            err(format!(
                "section `{}` names no function to replace",
                spec.section
            ))
        })?;
    let sys_err = |e: crate::sys::SyscallError| err(e.to_string());
    let info = crate::sys::prog_get_info(prog).map_err(sys_err)?;
    if info.btf_id == 0 {
        return Err(err("the target program has no BTF".into()));
    }
    let btf_fd = crate::sys::btf_get_fd_by_id(info.btf_id).map_err(sys_err)?;
    let raw = crate::sys::btf_get_data(std::os::fd::AsFd::as_fd(&btf_fd)).map_err(sys_err)?;
    let btf = crate::obj::btf::Btf::parse(&raw).map_err(|e| err(format!("target BTF: {e}")))?;
    let ids: Vec<u32> = btf
        .iter_types()
        .filter(|(id, t)| t.kind_num() == kind::FUNC && btf.name_of(*id) == target)
        .map(|(id, _)| id)
        .collect();
    match ids.as_slice() {
        [id] => Ok(*id),
        [] => Err(err(format!(
            "the target program has no function `{target}`"
        ))),
        many => Err(err(format!(
            "`{target}` is ambiguous in the target program: BTF ids {many:?}"
        ))),
    }
}

/// A struct_ops program loads with the kernel struct's BTF id as `attach_btf_id` and the
/// index of its member as `expected_attach_type` (libbpf's `bpf_object__collect_st_ops_relos`).
pub(crate) fn resolve_struct_ops(
    kernel: &KernelSource,
    spec: &ProgramSpec,
) -> Result<(u32, u32), ProgramError> {
    let err = |reason: String| ProgramError::AttachTarget {
        program: spec.name.clone(),
        reason,
    };
    let m = spec.struct_ops.as_ref().ok_or_else(|| {
        err("struct_ops program is not referenced by any struct_ops variable".into())
    })?;
    let k = kernel.get().map_err(err)?;
    let (id, kstruct) = kernel_struct(&k, &m.struct_name).map_err(err)?;
    let members = kernel_members(kstruct);
    let idx = members
        .iter()
        .position(|x| k.btf().str_at(x.name_off) == Some(m.member.as_str()))
        .ok_or_else(|| {
            err(format!(
                "kernel `struct {}` has no member `{}`",
                m.struct_name, m.member
            ))
        })?;
    Ok((id, idx as u32))
}

/// Resolves `target` (or the program's SEC() target) to a BTF id, like libbpf's
/// `find_kernel_btf_id`: `module:name` looks in that module only (`vmlinux:name` in
/// vmlinux), a plain name in vmlinux first, then in the modules. A module target comes
/// with that module's BTF object, for `attach_btf_obj_fd`.
pub(crate) fn resolve_attach_btf_id(
    kernel: &KernelSource,
    spec: &ProgramSpec,
    attach: Option<AttachType>,
    target: Option<&str>,
) -> Result<(u32, Option<OwnedFd>), ProgramError> {
    let err = |reason: String| ProgramError::AttachTarget {
        program: spec.name.clone(),
        reason,
    };
    let target = target
        .or(spec.attach_target.as_deref())
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            err(format!(
                "section `{}` names no attach target; set one",
                spec.section
            ))
        })?;
    let k = kernel.get().map_err(err)?;
    let (module, ids, name) = match target.split_once(':') {
        Some(("vmlinux", func)) => {
            let (name, want) = attach_btf_name(attach, func);
            (None, k.find(&name, want), name)
        }
        Some((module, func)) => {
            let (name, want) = attach_btf_name(attach, func);
            let ids = k
                .find_in_module(module, &name, want)
                .ok_or_else(|| err(format!("module `{module}` has no BTF loaded")))?;
            (Some(module), ids, name)
        }
        None => {
            let (name, want) = attach_btf_name(attach, target);
            let (module, ids) = k.find_anywhere(&name, want);
            (module, ids, name)
        }
    };
    let place = module.map_or("vmlinux".to_string(), |m| format!("module `{m}`"));
    let id = match ids.as_slice() {
        [id] => *id,
        [] if target.contains(':') => {
            return Err(err(format!("`{name}` not found in {place} BTF")));
        }
        [] => return Err(err(format!("`{name}` not found in vmlinux or module BTF"))),
        many => {
            return Err(err(format!(
                "`{name}` is ambiguous in {place} BTF: ids {many:?}"
            )))
        }
    };
    let fd = module.map(module_btf_fd).transpose().map_err(err)?;
    Ok((id, fd))
}
