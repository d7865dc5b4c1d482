//! Materialising a template into `BPF_PROG_LOAD`: fix-ups, func/line info, the log
//! buffer policy (grow on `ENOSPC`, fetch a log on failure), statistics and `.rodata` binding.

use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};

use super::attach_btf::{resolve_attach_btf_id, resolve_freplace, resolve_struct_ops};
use super::attrs::LoadAttrs;
use super::clone_maps::CloneMaps;
use super::error::ProgramError;
use super::log_policy::{LogPolicy, Next};
use super::report::LoadReport;
use crate::abi::{AttachType, ProgramType};
use crate::load::verifier::{failing_source_line, VerifierError, VerifierStats};
use crate::obj::insn::{Insn, PSEUDO_BTF_ID, PSEUDO_KFUNC_CALL, PSEUDO_MAP_FD, PSEUDO_MAP_VALUE};
use crate::obj::{DataKind, MapOrigin, ProgramSpec};
use crate::prepare::externs::Resolved;
use crate::prepare::kernel::needs_attach_btf;
use crate::prepare::template::{Fixup, ProgramTemplate};
use crate::prepare::Shared;
use crate::sys::consts::BPF_LOG_STATS;
use crate::sys::{self, ProgLoadAttr, SyscallError};

/// Size of the `bpf_func_info` records we emit.
const FUNC_INFO_REC: u32 = 8;
/// Size of the `bpf_line_info` records we emit.
const LINE_INFO_REC: u32 = 16;

/// Refuses, before any syscall, load attributes the kernel would misread: exclusive
/// attach fds, an attach type this table does not know (the kernel ignores it for many
/// program types, so a typo would pass silently), and an attach target on a program
/// type that takes none (the kernel's refusal would look like a verifier rejection).
fn check_attrs(spec: &ProgramSpec, attrs: &LoadAttrs<'_>) -> Result<(), ProgramError> {
    let invalid = |reason: String| ProgramError::InvalidOptions {
        program: spec.name.clone(),
        reason,
    };
    if attrs.attach_prog_fd.is_some() && attrs.attach_btf_obj_fd.is_some() {
        return Err(invalid(
            "attach_prog_fd and attach_btf_obj_fd are mutually exclusive".into(),
        ));
    }
    if !attrs.expected_attach_type.is_known() {
        return Err(invalid(format!(
            "expected_attach_type {} is not a BPF attach type",
            attrs.expected_attach_type.as_raw()
        )));
    }
    let takes_target = matches!(
        attrs.prog_type,
        ProgramType::Tracing | ProgramType::Lsm | ProgramType::Ext | ProgramType::StructOps
    );
    if let (Some(target), false) = (attrs.attach_target, takes_target) {
        return Err(invalid(format!(
            "attach_target `{target}` on a {} program: only tracing (fentry, fexit, \
             fmod_ret, tp_btf, iter), lsm, freplace and struct_ops programs have one",
            attrs.prog_type.name()
        )));
    }
    Ok(())
}

/// Loads `template` with `attrs`, using `maps` in place of the object's maps they
/// replace. The returned fd is the caller's.
pub(crate) fn load(
    shared: &Shared,
    spec: &ProgramSpec,
    template: &ProgramTemplate,
    attrs: &LoadAttrs<'_>,
    maps: &CloneMaps<'_>,
) -> Result<(OwnedFd, LoadReport), ProgramError> {
    check_attrs(spec, attrs)?;
    let fds = MapFds { shared, maps };
    let insns = materialise(&fds, spec, template)?;
    let (expected_attach_type, attach_btf_id, module_btf) = attach_ids(shared, spec, attrs)?;
    let attach_btf_obj_fd = attrs
        .attach_btf_obj_fd
        .or_else(|| module_btf.as_ref().map(|fd| fd.as_fd()));
    let (func_info, line_info) = ext_info(shared, template);
    let mut policy = LogPolicy::new(attrs);
    let mut attempts = 0;
    loop {
        attempts += 1;
        let mut log = vec![0u8; policy.size];
        let with_btf = shared.btf_fd.is_some();
        let mut attr = ProgLoadAttr {
            prog_type: attrs.prog_type,
            expected_attach_type,
            insns: &insns,
            license: &shared.license,
            log_level: policy.level,
            log_buf: (!log.is_empty()).then_some(&mut log[..]),
            kern_version: attrs.kern_version,
            prog_flags: attrs.prog_flags,
            name: attrs.name,
            prog_ifindex: attrs.prog_ifindex,
            prog_btf_fd: shared.btf_fd(),
            func_info: &func_info,
            func_info_rec_size: FUNC_INFO_REC,
            func_info_cnt: if with_btf {
                template.func_info.len() as u32
            } else {
                0
            },
            line_info: &line_info,
            line_info_rec_size: LINE_INFO_REC,
            line_info_cnt: if with_btf {
                template.line_info.len() as u32
            } else {
                0
            },
            attach_btf_id,
            attach_prog_fd: attrs.attach_prog_fd,
            attach_btf_obj_fd,
            fd_array: attrs
                .fd_array
                .or_else(|| (!shared.fd_array.is_empty()).then_some(&shared.fd_array[..])),
            token_fd: attrs.token_fd,
        };
        match sys::prog_load(&mut attr) {
            Ok(ok) => {
                let mut report = report(
                    &insns,
                    &log,
                    policy.level & BPF_LOG_STATS != 0,
                    policy.wants_log,
                    attempts,
                );
                report.expected_attach_type = expected_attach_type.as_raw();
                bind_rodata(&fds, spec, &ok.fd)?;
                return Ok((ok.fd, report));
            }
            Err(e) => match policy.after_failure(e) {
                Next::Retry => {}
                Next::Fail(source) => {
                    let sent = format!(
                        "program type {}, expected_attach_type {}, attach_btf_id {attach_btf_id}, \
                         prog_flags {:#x}",
                        attrs.prog_type, expected_attach_type, attrs.prog_flags
                    );
                    return Err(rejection(shared, spec, template, &source, &log, &sent));
                }
            },
        }
    }
}

/// `expected_attach_type` and `attach_btf_id` for this load: overrides first, then the
/// struct_ops member or the BTF target named by SEC() / the clone's target name. A
/// target found in a module comes with that module's BTF object.
fn attach_ids(
    shared: &Shared,
    spec: &ProgramSpec,
    attrs: &LoadAttrs<'_>,
) -> Result<(AttachType, u32, Option<OwnedFd>), ProgramError> {
    let eat = attrs.expected_attach_type;
    Ok(match attrs.attach_btf_id {
        Some(id) => (eat, id, None),
        None if attrs.prog_type == ProgramType::Ext => (
            eat,
            resolve_freplace(spec, attrs.attach_prog_fd, attrs.attach_target)?,
            None,
        ),
        None if spec.prog_type == Some(ProgramType::StructOps) => {
            let (id, member) = resolve_struct_ops(&shared.kernel, spec)?;
            // The kernel reads a struct_ops member index in this field.
            (AttachType::from_raw(member), id, None)
        }
        None if needs_attach_btf(spec) || attrs.attach_target.is_some() => {
            let (id, module) =
                resolve_attach_btf_id(&shared.kernel, spec, Some(eat), attrs.attach_target)?;
            (eat, id, module)
        }
        None => (eat, 0, None),
    })
}

/// The error for a refused load: program, section, source line, notes and the log.
/// `sent` describes the load attributes, for the note on a refusal of the attributes.
fn rejection(
    shared: &Shared,
    spec: &ProgramSpec,
    template: &ProgramTemplate,
    source: &SyscallError,
    log: &[u8],
    sent: &str,
) -> ProgramError {
    let text = log_text(log);
    let mut notes = loader_notes(&text, template, &poisoned_kfuncs(shared, template));
    if source.errno() == libc::EINVAL && never_verified(&text) {
        notes.push(format!(
            "EINVAL before verification: the kernel refused the load attributes ({sent}), \
             not the program's code"
        ));
    }
    ProgramError::Verifier(Box::new(VerifierError {
        program: spec.name.clone(),
        section: spec.section.clone(),
        errno: source.errno(),
        source_line: failing_source_line(&text, &template.line_info, shared.btf()),
        notes,
        log: text,
    }))
}

/// Whether a verifier log shows the verifier never walked an instruction: empty, or
/// "processed 0 insns".
fn never_verified(log: &str) -> bool {
    log.trim().is_empty() || log.contains("processed 0 insns")
}

/// The map fds one load uses: the object's, except those a clone replaces.
struct MapFds<'a> {
    shared: &'a Shared,
    maps: &'a CloneMaps<'a>,
}

impl MapFds<'_> {
    /// Map `index` as this load uses it.
    fn map(&self, index: usize) -> Option<BorrowedFd<'_>> {
        self.maps
            .fd(index)
            .or_else(|| self.shared.maps.get(index).map(|m| m.as_fd()))
    }

    /// The fd number of map `index` for the instructions (-1 for an index the object
    /// lacks, which the kernel refuses).
    fn fd(&self, index: usize) -> i32 {
        self.map(index).map_or(-1, |fd| fd.as_raw_fd())
    }
}

/// Final instruction bytes with map fds patched in.
fn materialise(
    fds: &MapFds<'_>,
    spec: &ProgramSpec,
    t: &ProgramTemplate,
) -> Result<Vec<u8>, ProgramError> {
    if let Some((_, relo)) = t.core_relos.first() {
        // Never send code whose relocations were not applied.
        return Err(ProgramError::Unsupported {
            program: spec.name.clone(),
            feature: format!(
                "CO-RE relocation (kind {}, {} in total)",
                relo.kind,
                t.core_relos.len()
            ),
        });
    }
    let mut insns = t.insns.clone();
    for (at, fixup) in &t.fixups {
        match fixup {
            Fixup::MapFd { map } => {
                insns[*at].src = PSEUDO_MAP_FD;
                insns[*at].imm = fds.fd(*map);
            }
            Fixup::MapValue { map, offset } => {
                insns[*at].src = PSEUDO_MAP_VALUE;
                insns[*at].imm = fds.fd(*map);
                insns[*at + 1].imm = *offset as i32;
            }
            Fixup::Extern { name, call } => {
                apply_extern(fds, spec, &mut insns, *at, name, *call)?;
            }
        }
    }
    let mut bytes = Vec::with_capacity(insns.len() * 8);
    for insn in &insns {
        bytes.extend_from_slice(&insn.to_le_bytes());
    }
    Ok(bytes)
}

/// libbpf's poison for calls to weak kfuncs the kernel lacks: an unknown helper id, so
/// the program fails only if the call is reachable.
const POISON_CALL_KFUNC_BASE: i32 = 2_002_000_000;

/// Patches a reference to extern `name` at instruction `at`.
fn apply_extern(
    fds: &MapFds<'_>,
    spec: &ProgramSpec,
    insns: &mut [Insn],
    at: usize,
    name: &str,
    call: bool,
) -> Result<(), ProgramError> {
    let unresolved = |reason: String| ProgramError::UnresolvedExtern {
        program: spec.name.clone(),
        name: name.to_string(),
        reason,
    };
    let resolved = fds
        .shared
        .externs
        .get(name)
        .ok_or_else(|| unresolved("not declared in .kconfig or .ksyms".into()))?;
    let (lo, hi) = match (resolved, call) {
        (Resolved::Kfunc { btf_id, module }, true) => {
            insns[at].src = PSEUDO_KFUNC_CALL;
            insns[at].imm = *btf_id as i32;
            // The module's `fd_array` slot (see `Shared::fd_array`); 0 is vmlinux.
            insns[at].off = match module {
                Some(m) => {
                    i16::try_from(m + 1).map_err(|_| unresolved("too many kfunc modules".into()))?
                }
                None => 0,
            };
            return Ok(());
        }
        (Resolved::WeakMissing, true) => {
            insns[at].src = 0;
            insns[at].off = 0;
            insns[at].imm = POISON_CALL_KFUNC_BASE;
            return Ok(());
        }
        (Resolved::Missing(why), _) => return Err(unresolved(why.clone())),
        (_, true) => return Err(unresolved("called, but it is not a function".into())),
        (Resolved::Kconfig { offset }, false) => {
            let map = fds
                .shared
                .maps
                .iter()
                .position(|m| m.spec().origin == MapOrigin::Data(DataKind::Kconfig))
                .ok_or_else(|| unresolved("no .kconfig map".into()))?;
            insns[at].src = PSEUDO_MAP_VALUE;
            (fds.fd(map), *offset as i32)
        }
        (Resolved::KsymBtf { btf_id, module }, false) => {
            insns[at].src = PSEUDO_BTF_ID;
            // The second half names the module's BTF object by fd (0: vmlinux).
            let btf_obj = module
                .and_then(|m| fds.shared.module_btfs.get(m))
                .map_or(0, |(_, fd)| fd.as_raw_fd());
            (*btf_id as i32, btf_obj)
        }
        (Resolved::KsymAddr(addr), false) => (*addr as u32 as i32, (*addr >> 32) as u32 as i32),
        (Resolved::WeakMissing, false) => (0, 0),
        (Resolved::Kfunc { .. }, false) => {
            return Err(unresolved("a kfunc used as a value".into()))
        }
    };
    insns[at].imm = lo;
    insns[at + 1].imm = hi;
    Ok(())
}

/// `bpf_func_info` and `bpf_line_info` arrays in kernel layout.
fn ext_info(shared: &Shared, t: &ProgramTemplate) -> (Vec<u8>, Vec<u8>) {
    if shared.btf_fd.is_none() {
        return (Vec::new(), Vec::new());
    }
    let func = t
        .func_info
        .iter()
        .flat_map(|(insn, ty)| [insn.to_ne_bytes(), ty.to_ne_bytes()].concat())
        .collect();
    let line = t
        .line_info
        .iter()
        .flat_map(|l| {
            [l.insn, l.file_name_off, l.line_off, l.line_col]
                .iter()
                .flat_map(|v| v.to_ne_bytes())
                .collect::<Vec<_>>()
        })
        .collect();
    (func, line)
}

/// Explanations for poisoned instructions the verifier reached: CO-RE relocations with no
/// kernel match (`unknown#195896080`) and calls to absent weak kfuncs (`unknown#2002000000`).
fn loader_notes(log: &str, t: &ProgramTemplate, weak_kfuncs: &[String]) -> Vec<String> {
    let mut notes = Vec::new();
    if log.contains("195896080") {
        notes.extend(
            t.core_notes
                .iter()
                .map(|(_, note)| note.trim_end().to_string()),
        );
    }
    if log.contains(&POISON_CALL_KFUNC_BASE.to_string()) {
        notes.extend(weak_kfuncs.iter().map(|k| {
            format!("call to weak kfunc `{k}`, which this kernel lacks; guard it with bpf_ksym_exists()")
        }));
    }
    notes
}

/// Weak kfuncs the template calls that resolved to nothing on this kernel.
fn poisoned_kfuncs(shared: &Shared, t: &ProgramTemplate) -> Vec<String> {
    let mut names: Vec<String> = t
        .fixups
        .iter()
        .filter_map(|(_, f)| match f {
            Fixup::Extern { name, call: true }
                if shared.externs.get(name) == Some(&Resolved::WeakMissing) =>
            {
                Some(name.clone())
            }
            _ => None,
        })
        .collect();
    names.sort();
    names.dedup();
    names
}

fn log_text(log: &[u8]) -> String {
    let end = log.iter().position(|&b| b == 0).unwrap_or(log.len());
    String::from_utf8_lossy(&log[..end]).into_owned()
}

fn report(insns: &[u8], log: &[u8], stats: bool, keep_log: bool, attempts: u32) -> LoadReport {
    let text = if stats || keep_log {
        log_text(log)
    } else {
        String::new()
    };
    let stats = VerifierStats::parse(&text);
    LoadReport {
        prog_id: 0,
        verified_insns: 0,
        verification_time_us: stats.verification_time_us,
        stats,
        jited_size: 0,
        insn_count: insns.len() / 8,
        log: keep_log.then_some(text),
        attempts,
        expected_attach_type: 0,
    }
}

/// Binds every `.rodata*` map the load used to the program, so the kernel keeps them
/// alive for it (libbpf's clone does not do this).
fn bind_rodata(fds: &MapFds<'_>, spec: &ProgramSpec, fd: &OwnedFd) -> Result<(), ProgramError> {
    let rodata = fds
        .shared
        .maps
        .iter()
        .enumerate()
        .filter(|(_, m)| m.spec().origin == MapOrigin::Data(DataKind::Rodata));
    for map in rodata.filter_map(|(index, _)| fds.map(index)) {
        sys::prog_bind_map(fd.as_fd(), map).map_err(|source| ProgramError::Syscall {
            program: spec.name.clone(),
            source,
        })?;
    }
    Ok(())
}
