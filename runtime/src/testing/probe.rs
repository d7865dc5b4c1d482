//! Feature probes in the manner of libbpf's: a minimal program of the kind, loaded (and
//! where the feature is an attachment, attached) through the raw `sys` calls with
//! hand-written attributes, so that the answer never depends on bpfgen's loader.
//!
//! The refusal signs are those of a kernel that never started verifying: `EPERM`,
//! `EOPNOTSUPP`, `ENOTSUPP`, or `EINVAL` with an empty verifier log (unknown program or
//! attach type). A probe program rejected in any other way means the probe itself is
//! wrong, and is reported as such rather than as a refusal.

use std::ffi::CString;
use std::os::fd::{AsFd, OwnedFd};

use super::feature::{BtfTarget, Feature};
use crate::abi::{AttachType, MapType, ProgramType};
use crate::obj::btf::{kind, BtfKind};
use crate::prepare::kernel::vmlinux;
use crate::sys::consts::BPF_F_NO_PREALLOC;
use crate::sys::{self, ProgLoadAttr};

/// `ENOTSUPP`, the kernel-internal "not supported" some BPF paths return to user space.
const ENOTSUPP: i32 = 524;

/// `r0 = 0; exit`.
const RETURN_ZERO: [u8; 16] = [0xb7, 0, 0, 0, 0, 0, 0, 0, 0x95, 0, 0, 0, 0, 0, 0, 0];

/// What probing one feature found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProbeResult {
    /// The kernel accepts it.
    Supported,
    /// The kernel refuses it: errno (if a syscall said so) and why.
    Refused {
        /// The errno of the refusing call, if the refusal came from one.
        errno: Option<i32>,
        /// What was refused, in words.
        reason: String,
    },
    /// The probe did not get a refusal sign but did not succeed either: a bug in the
    /// probe, never to be read as a refusal.
    ProbeFailed(String),
}

/// Probes `feature` on the running kernel. `bpf()` must be usable.
pub fn probe(feature: &Feature) -> ProbeResult {
    match run(feature) {
        Ok(()) => ProbeResult::Supported,
        Err(r) => r,
    }
}

fn refused(errno: Option<i32>, reason: impl Into<String>) -> ProbeResult {
    ProbeResult::Refused {
        errno,
        reason: reason.into(),
    }
}

fn run(feature: &Feature) -> Result<(), ProbeResult> {
    match *feature {
        Feature::Program {
            prog_type,
            attach_type,
            btf,
            flags,
        } => {
            let attach_btf_id = match btf {
                Some(t) => vmlinux_id(&t)?,
                None => 0,
            };
            load(&Load {
                attach: attach_type.unwrap_or_default(),
                attach_btf_id,
                flags,
                ..Load::of(prog_type)
            })
            .map(drop)
        }
        Feature::StructOps { name, member } => {
            let (struct_id, index) = struct_member(name, member)?;
            load(&Load {
                attach: AttachType::from_raw(index),
                attach_btf_id: struct_id,
                ..Load::of(ProgramType::StructOps)
            })
            .map(drop)
        }
        Feature::Freplace => freplace(),
        Feature::KprobeAttach(function) => kprobe_attach(function),
        Feature::KprobeMultiAttach(function) => kprobe_multi_attach(function),
        Feature::LocalStorage(map_type) => local_storage(map_type),
        Feature::DelegatedBpffs => delegated_bpffs(),
    }
}

/// Mounts (without attaching anywhere) a bpffs that delegates everything; tokens also
/// need user namespaces.
fn delegated_bpffs() -> Result<(), ProbeResult> {
    let max_userns = std::fs::read_to_string("/proc/sys/user/max_user_namespaces")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok());
    if max_userns == Some(0) {
        return Err(refused(
            None,
            "user namespaces are disabled (user.max_user_namespaces = 0)",
        ));
    }
    let context = sys::token::bpffs_context()
        .map_err(|e| ProbeResult::ProbeFailed(format!("opening a bpffs context: {e}")))?;
    match sys::token::delegate_bpffs(context.as_fd(), &sys::token::Delegation::all()) {
        Ok(_) => Ok(()),
        // EINVAL: `delegate_*` is an option this kernel's bpffs does not know.
        Err(e) if matches!(e.errno(), libc::EINVAL | libc::EOPNOTSUPP) => {
            Err(refused(Some(e.errno()), format!("bpffs delegation: {e}")))
        }
        Err(e) => Err(ProbeResult::ProbeFailed(format!("bpffs delegation: {e}"))),
    }
}

/// The id of `target` in the running kernel's BTF; a kernel without it refuses.
fn vmlinux_id(target: &BtfTarget) -> Result<u32, ProbeResult> {
    let k = vmlinux().map_err(|e| refused(None, format!("no kernel BTF: {e}")))?;
    let name = target.btf_name();
    k.find(&name, target.kind)
        .first()
        .copied()
        .ok_or_else(|| refused(None, format!("the kernel's BTF has no `{name}`")))
}

/// The BTF id of kernel struct `name` and the index of its member `member`.
fn struct_member(name: &str, member: &str) -> Result<(u32, u32), ProbeResult> {
    let k = vmlinux().map_err(|e| refused(None, format!("no kernel BTF: {e}")))?;
    let missing = || refused(None, format!("the kernel's BTF has no `{name}.{member}`"));
    let id = *k.find(name, kind::STRUCT).first().ok_or_else(missing)?;
    let btf = k.btf();
    let Some(BtfKind::Struct(members)) = btf.type_by_id(id).map(|t| &t.kind) else {
        return Err(missing());
    };
    let index = members
        .iter()
        .position(|m| btf.str_at(m.name_off) == Some(member))
        .ok_or_else(missing)?;
    Ok((id, u32::try_from(index).map_err(|_| missing())?))
}

/// One probe program's load attributes.
struct Load<'a> {
    prog_type: ProgramType,
    attach: AttachType,
    attach_btf_id: u32,
    flags: u32,
    btf: Option<std::os::fd::BorrowedFd<'a>>,
    func_info: &'a [u8],
    attach_prog: Option<std::os::fd::BorrowedFd<'a>>,
}

impl Load<'_> {
    /// A plain program of `prog_type`: no attach type, target, flags or BTF.
    fn of(prog_type: ProgramType) -> Self {
        Load {
            prog_type,
            attach: AttachType::default(),
            attach_btf_id: 0,
            flags: 0,
            btf: None,
            func_info: &[],
            attach_prog: None,
        }
    }
}

/// Loads `r0 = 0; exit` with `l`'s attributes, classifying a failure.
fn load(l: &Load<'_>) -> Result<OwnedFd, ProbeResult> {
    let mut log = vec![0u8; 64 * 1024];
    let mut attr = ProgLoadAttr {
        prog_type: l.prog_type,
        expected_attach_type: l.attach,
        insns: &RETURN_ZERO,
        license: c"GPL",
        log_level: 1,
        log_buf: Some(&mut log),
        kern_version: 0,
        prog_flags: l.flags,
        name: "bpfgen_probe",
        prog_ifindex: 0,
        prog_btf_fd: l.btf,
        func_info: l.func_info,
        func_info_rec_size: if l.func_info.is_empty() { 0 } else { 8 },
        func_info_cnt: u32::from(!l.func_info.is_empty()),
        line_info: &[],
        line_info_rec_size: 0,
        line_info_cnt: 0,
        attach_btf_id: l.attach_btf_id,
        attach_prog_fd: l.attach_prog,
        attach_btf_obj_fd: None,
        fd_array: None,
        token_fd: None,
    };
    match sys::prog_load(&mut attr) {
        Ok(ok) => Ok(ok.fd),
        Err(e) => {
            let errno = e.source.errno();
            let text = sys::log_text(&log);
            let text = text.trim();
            let what = std::io::Error::from_raw_os_error(errno);
            match errno {
                libc::EPERM | libc::EOPNOTSUPP | ENOTSUPP => Err(refused(
                    Some(errno),
                    format!("BPF_PROG_LOAD: {what}, before verification"),
                )),
                libc::EINVAL if text.is_empty() => Err(refused(
                    Some(errno),
                    "BPF_PROG_LOAD: EINVAL with no verifier log (unknown program or attach type)",
                )),
                _ => Err(ProbeResult::ProbeFailed(format!(
                    "the probe program was rejected ({what}): {text}"
                ))),
            }
        }
    }
}

/// Raw BTF with `int`, `int (void)` and the global function `probe_target` (type 3).
fn probe_btf() -> Vec<u8> {
    let strings = b"\0int\0probe_target\0";
    let words: [u32; 10] = [
        1,              // "int"
        1 << 24,        // INT
        4,              // size
        (1 << 24) | 32, // signed, 32 bits
        0,              // anonymous
        13 << 24,       // FUNC_PROTO, no params
        1,              // returns int
        5,              // "probe_target"
        (12 << 24) | 1, // FUNC, global linkage
        2,              // of the prototype
    ];
    let type_len = u32::try_from(words.len() * 4).unwrap_or(0);
    let str_len = u32::try_from(strings.len()).unwrap_or(0);
    let mut out = Vec::new();
    out.extend_from_slice(&0xeb9f_u16.to_ne_bytes());
    out.extend_from_slice(&[1, 0]); // version, flags
    for w in [24, 0, type_len, type_len, str_len] {
        out.extend_from_slice(&u32::to_ne_bytes(w));
    }
    for w in words {
        out.extend_from_slice(&w.to_ne_bytes());
    }
    out.extend_from_slice(strings);
    out
}

/// An EXT program replacing `probe_target`, the main function of a socket filter.
fn freplace() -> Result<(), ProbeResult> {
    let btf = sys::btf_load(&probe_btf(), None, 0)
        .map_err(|e| ProbeResult::ProbeFailed(format!("probe BTF: {e}")))?;
    let func_info: Vec<u8> = [0u32, 3].iter().flat_map(|w| w.to_ne_bytes()).collect();
    let target = load(&Load {
        btf: Some(btf.as_fd()),
        func_info: &func_info,
        ..Load::of(ProgramType::SocketFilter)
    })?;
    load(&Load {
        attach_btf_id: 3,
        btf: Some(btf.as_fd()),
        func_info: &func_info,
        attach_prog: Some(target.as_fd()),
        ..Load::of(ProgramType::Ext)
    })
    .map(drop)
}

/// A kprobe program attached through the kprobe PMU to `function`.
fn kprobe_attach(function: &str) -> Result<(), ProbeResult> {
    let prog = load(&Load::of(ProgramType::Kprobe))?;
    let type_file = "/sys/bus/event_source/devices/kprobe/type";
    let pmu: u32 = std::fs::read_to_string(type_file)
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .ok_or_else(|| refused(None, format!("the kernel has no kprobe PMU ({type_file})")))?;
    let name = CString::new(function).map_err(|e| ProbeResult::ProbeFailed(e.to_string()))?;
    let perf = sys::perf_event_open_probe(pmu, 0, &name, 0, 0, -1)
        .map_err(|e| refused(Some(e.errno()), format!("kprobe on {function}: {e}")))?;
    sys::perf_event_set_bpf(perf.as_fd(), prog.as_fd())
        .map_err(|e| refused(Some(e.errno()), format!("kprobe on {function}: {e}")))
}

/// A kprobe.multi program linked to `function`.
fn kprobe_multi_attach(function: &str) -> Result<(), ProbeResult> {
    let attach = AttachType::TraceKprobeMulti;
    let prog = load(&Load {
        attach,
        ..Load::of(ProgramType::Kprobe)
    })?;
    let name = CString::new(function).map_err(|e| ProbeResult::ProbeFailed(e.to_string()))?;
    sys::link_create_kprobe_multi(prog.as_fd(), attach, &[&name], 0)
        .map(drop)
        .map_err(|e| refused(Some(e.errno()), format!("multi-kprobe on {function}: {e}")))
}

/// A local-storage map of `map_type` with an `int` key and value (from [`probe_btf`]),
/// as such maps must be: no preallocation, no `max_entries`.
fn local_storage(map_type: MapType) -> Result<(), ProbeResult> {
    let btf = sys::btf_load(&probe_btf(), None, 0)
        .map_err(|e| ProbeResult::ProbeFailed(format!("probe BTF: {e}")))?;
    let attr = sys::MapCreateAttr {
        map_type,
        key_size: 4,
        value_size: 4,
        map_flags: BPF_F_NO_PREALLOC,
        name: "probe",
        btf_fd: Some(btf.as_fd()),
        btf_key_type_id: 1,
        btf_value_type_id: 1,
        ..Default::default()
    };
    match sys::map_create(&attr) {
        Ok(_) => Ok(()),
        // EINVAL: a map type this kernel does not know.
        Err(e)
            if matches!(
                e.errno(),
                libc::EPERM | libc::EOPNOTSUPP | ENOTSUPP | libc::EINVAL
            ) =>
        {
            Err(refused(
                Some(e.errno()),
                format!("{} map: {e}", map_type.name()),
            ))
        }
        Err(e) => Err(ProbeResult::ProbeFailed(format!(
            "{} map: {e}",
            map_type.name()
        ))),
    }
}
