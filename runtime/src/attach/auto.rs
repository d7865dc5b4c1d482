//! Attaching every loaded program whose `SEC()` names a complete target, like a libbpf
//! skeleton's `attach()`: tracepoints, raw tracepoints, kprobes (single and multi),
//! uprobes and USDT probes with a target, BTF-typed tracing programs and iterators. Kinds whose target
//! only exists at run time (an interface, a cgroup, a socket) are left to their typed
//! `attach` methods.

use super::error::AttachError;
use std::os::fd::AsFd;

use super::btf_tracing::attach_btf_tracing;
use super::iter::attach_iter;
use super::kprobe_multi::{attach_kprobe_multi, section_functions};
use super::link::Link;
use super::perf_probe::{
    attach_probe, kprobe_target, uprobe_target, Probe, KPROBE, KRETPROBE, UPROBE, URETPROBE,
};
use super::raw_tracepoint::attach_raw_tracepoint;
use super::tracepoint::{attach_tracepoint, split_target};
use super::uprobe_multi::attach_from_section;
use super::usdt::UsdtLink;
use crate::obj::ProgramKind;
use crate::{PreparedObject, Program};
use std::sync::Arc;

/// One attachment made by [`attach_auto`].
#[derive(Debug)]
pub struct AutoLink {
    /// The program's name.
    pub program: String,
    /// The attachment; dropping it detaches the program.
    pub link: Attachment,
}

/// What [`attach_auto`] made for one program.
#[derive(Debug)]
pub enum Attachment {
    /// One link (every kind but USDT).
    Link(Link),
    /// A USDT probe: a link per probe site.
    Usdt(UsdtLink),
}

/// Attaches every **loaded** program of `obj` whose section names its target completely —
/// `tracepoint/<category>/<name>`, `raw_tp/<name>`, `kprobe/<function>`,
/// `kprobe.multi/<function>`, `uprobe.multi/<binary>:<pattern>`,
/// `uprobe/<binary>:<function>`, `usdt/<binary>:<provider>:<name>`, and every `tp_btf`, `fentry`, `fexit`, `fmod_ret`, `lsm`
/// and `iter` program — in object order, like a libbpf skeleton's `attach()`. Programs
/// that are not loaded, and kinds whose target is known only at run time (XDP, tcx,
/// cgroups, sockets, a bare `SEC("uprobe")`), are skipped. All or nothing: on the first
/// failure the attachments made so far are dropped (detached) and the error is returned.
pub fn attach_auto(obj: &Arc<PreparedObject>) -> Result<Vec<AutoLink>, AttachError> {
    let mut links = Vec::new();
    for program in obj.programs() {
        if let Some(link) = auto_attach(&program)? {
            links.push(AutoLink {
                program: program.name().to_string(),
                link,
            });
        }
    }
    Ok(links)
}

/// Attaches one program from its section, if it is loaded and its section is complete.
fn auto_attach(program: &Program) -> Result<Option<Attachment>, AttachError> {
    if program.kind() == ProgramKind::Usdt {
        let complete = program
            .spec()
            .attach_target
            .as_deref()
            .is_some_and(|t| t.split(':').count() >= 3);
        let usdt: Program<crate::kind::Usdt> = program.clone().typed()?;
        return match usdt.loaded() {
            Some(loaded) if complete => loaded.attach().map(|l| Some(Attachment::Usdt(l))),
            _ => Ok(None),
        };
    }
    let Some(loaded) = program.loaded() else {
        return Ok(None);
    };
    Ok(link_for(program, &loaded)?.map(Attachment::Link))
}

/// The single link of a program whose section names its target, if it has one.
fn link_for(program: &Program, loaded: &crate::LoadedProgram) -> Result<Option<Link>, AttachError> {
    let (name, prog) = (program.name(), loaded.as_fd());
    let target = program
        .spec()
        .attach_target
        .as_deref()
        .filter(|t| !t.is_empty());
    let probe = |probe: Probe, uprobe: bool| -> Result<Option<Link>, AttachError> {
        let (place, offset) = if uprobe {
            uprobe_target(name, target)?
        } else {
            kprobe_target(name, target)?
        };
        attach_probe(name, prog, probe, &place, offset, None).map(Some)
    };
    use ProgramKind as K;
    match program.kind() {
        K::Tracepoint if target.is_some() => {
            let (category, event) = split_target(name, target)?;
            attach_tracepoint(name, prog, category, event).map(Some)
        }
        K::RawTracepoint | K::RawTracepointWritable if target.is_some() => {
            attach_raw_tracepoint(name, prog, target).map(Some)
        }
        K::TpBtf | K::Fentry | K::Fexit | K::FmodRet | K::Lsm => {
            attach_btf_tracing(name, prog, target).map(Some)
        }
        K::Iter => attach_iter(name, prog).map(|l| Some(l.into_link())),
        K::Kprobe if target.is_some() => probe(KPROBE, false),
        K::KprobeMulti | K::KprobeSession if target.is_some() => {
            let spec = program.spec();
            let functions = section_functions(name, target)?;
            let names: Vec<&str> = functions.iter().map(String::as_str).collect();
            let attach_type = spec.load_attach_type();
            attach_kprobe_multi(name, prog, attach_type, &spec.section, &names).map(Some)
        }
        K::Kretprobe if target.is_some() => probe(KRETPROBE, false),
        K::Uprobe if target.is_some_and(|t| t.contains(':')) => probe(UPROBE, true),
        K::Uretprobe if target.is_some_and(|t| t.contains(':')) => probe(URETPROBE, true),
        K::UprobeMulti | K::UprobeSession if target.is_some_and(|t| t.contains(':')) => {
            let spec = program.spec();
            let attach_type = spec.load_attach_type();
            attach_from_section(name, prog, attach_type, &spec.section, target).map(Some)
        }
        _ => Ok(None),
    }
}
