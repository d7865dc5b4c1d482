//! USDT probes, in pure Rust: `SEC("usdt")` and `SEC("usdt/<binary>:<provider>:<name>")`
//! programs written against libbpf's `<bpf/usdt.bpf.h>`, unmodified (`BPF_USDT`,
//! `bpf_usdt_arg`, `bpf_usdt_arg_cnt`, `bpf_usdt_cookie`).
//!
//! Attaching reads the binary's `stapsdt` notes ([`probes`]), parses each site's argument
//! specification into a `struct __bpf_usdt_spec` (x86-64 forms: constants, registers,
//! register plus offset memory operands), writes it to a free slot of the object's
//! `__bpf_usdt_specs` map and places a uprobe on every site of that provider and name,
//! with the probe's semaphore as the uprobe's `ref_ctr_offset` (the kernel increments it
//! while attached) and the slot as the BPF cookie. Sites whose specifications are equal
//! share a slot. Needs BPF cookies on perf-event links (Linux 5.15); the ip →
//! spec map libbpf fills for older kernels is left empty.

mod arg_spec;
mod note;
mod spec_ids;

use std::ffi::CString;
use std::os::fd::{AsFd, BorrowedFd};
use std::path::{Path, PathBuf};

pub use arg_spec::{parse_arg, parse_args, ArgLocation, ArgSpec};
pub use note::{probes, probes_in, UsdtProbe};

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
use super::perf_probe::UPROBE;
use crate::kind::Usdt;
use crate::prepare::map::Map;
use crate::prepare::UpdateFlags;
use crate::sys;
use arg_spec::encode_spec;
use spec_ids::SpecIds;

/// The map `usdt.bpf.h` reads argument specifications from.
const SPECS_MAP: &str = "__bpf_usdt_specs";
/// `PERF_UPROBE_REF_CTR_OFFSET_SHIFT`: where a uprobe's `config` holds `ref_ctr_offset`.
const REF_CTR_OFFSET_SHIFT: u32 = 32;

/// An attached USDT probe: one uprobe per probe site. Dropping it detaches every site
/// and frees its slots of `__bpf_usdt_specs`.
#[derive(Debug)]
pub struct UsdtLink {
    // Detach before the slots are given back (fields drop in order).
    links: Vec<Link>,
    _slots: SpecIds,
}

impl UsdtLink {
    /// One link per probe site.
    pub fn links(&self) -> &[Link] {
        &self.links
    }
}

/// What to attach to: a probe of a binary, in one process or all.
struct Target<'a> {
    binary: &'a Path,
    provider: &'a str,
    name: &'a str,
    pid: Option<i32>,
    cookie: u64,
}

/// A bare file name is looked up as libbpf does: a shared library (`*.so*`) in
/// `LD_LIBRARY_PATH` and the system library directories, an executable in `PATH`.
fn resolve_binary(binary: &Path) -> Result<PathBuf, String> {
    let is_bare = binary.components().count() == 1 && !binary.is_absolute();
    if !is_bare || binary.exists() {
        return Ok(binary.to_path_buf());
    }
    let name = binary.to_string_lossy();
    let (var, fallback): (&str, &[&str]) = if name.contains(".so") {
        (
            "LD_LIBRARY_PATH",
            &[
                "/lib64",
                "/usr/lib64",
                "/lib",
                "/usr/lib",
                "/lib/x86_64-linux-gnu",
                "/usr/lib/x86_64-linux-gnu",
            ],
        )
    } else {
        ("PATH", &[])
    };
    let from_env = std::env::var(var).unwrap_or_default();
    from_env
        .split(':')
        .filter(|d| !d.is_empty())
        .chain(fallback.iter().copied())
        .map(|dir| Path::new(dir).join(binary))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("`{name}` is not a file, nor found in {var} or the usual places"))
}

/// `binary:provider:name` of a `SEC("usdt/…")` (the binary may contain `:`).
fn sec_target<'s>(
    program: &str,
    sec: Option<&'s str>,
) -> Result<(&'s str, &'s str, &'s str), AttachError> {
    let mut parts = sec.filter(|s| !s.is_empty()).map(|s| s.rsplitn(3, ':'));
    let (name, provider, binary) = parts
        .as_mut()
        .map(|p| (p.next(), p.next(), p.next()))
        .unwrap_or_default();
    match (binary, provider, name) {
        (Some(b), Some(p), Some(n)) if !b.is_empty() && !p.is_empty() && !n.is_empty() => {
            Ok((b, p, n))
        }
        _ => Err(AttachError::Target {
            program: program.to_string(),
            reason: "SEC() names no `usdt/<binary>:<provider>:<name>`; use \
                     attach_to(binary, provider, name, pid)"
                .into(),
        }),
    }
}

/// Attaches `prog` (program `program`, whose object's `__bpf_usdt_specs` is `specs`) to
/// every site of the probe `target` names.
fn attach_usdt(
    program: &str,
    prog: BorrowedFd<'_>,
    specs: Option<&Map>,
    target: Target<'_>,
) -> Result<UsdtLink, AttachError> {
    let bad = |reason: String| AttachError::Target {
        program: program.to_string(),
        reason,
    };
    let Target { provider, name, .. } = target;
    let specs = specs.ok_or_else(|| {
        bad(format!(
            "no `{SPECS_MAP}` map: write USDT programs with libbpf's <bpf/usdt.bpf.h> \
             (BPF_USDT, bpf_usdt_arg)"
        ))
    })?;
    let binary = resolve_binary(target.binary).map_err(&bad)?;
    let all = probes(&binary).map_err(&bad)?;
    let sites: Vec<&UsdtProbe> = all
        .iter()
        .filter(|p| p.provider == provider && p.name == name)
        .collect();
    if sites.is_empty() {
        let mut known: Vec<String> = all
            .iter()
            .map(|p| format!("{}:{}", p.provider, p.name))
            .collect();
        known.dedup();
        return Err(bad(format!(
            "{}: no USDT probe {provider}:{name} (it has {})",
            binary.display(),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )));
    }
    // One specification per distinct argument layout.
    let mut distinct: Vec<[u8; arg_spec::SPEC_SIZE]> = Vec::new();
    let mut spec_of_site = Vec::with_capacity(sites.len());
    for site in &sites {
        let args = parse_args(&site.args).map_err(|e| {
            bad(format!(
                "USDT {provider}:{name} at {:#x} in {}: {e}",
                site.address,
                binary.display()
            ))
        })?;
        let spec = encode_spec(&args, target.cookie);
        let index = distinct.iter().position(|s| *s == spec).unwrap_or_else(|| {
            distinct.push(spec);
            distinct.len() - 1
        });
        spec_of_site.push(index);
    }
    let map_id = specs.id().map_err(|e| bad(format!("`{SPECS_MAP}`: {e}")))?;
    let slots = SpecIds::take(map_id, specs.spec().max_entries, distinct.len()).map_err(&bad)?;
    for (slot, spec) in slots.ids().iter().zip(&distinct) {
        specs
            .update(&slot.to_ne_bytes(), spec, UpdateFlags::Any)
            .map_err(|e| bad(format!("writing a spec to `{SPECS_MAP}`: {e}")))?;
    }
    let (perf_type, _) = UPROBE.perf_type_and_config().map_err(&bad)?;
    let path = CString::new(binary.as_os_str().as_encoded_bytes())
        .map_err(|_| bad(format!("{} contains a NUL byte", binary.display())))?;
    // libbpf's convention: every process is pid -1 on CPU 0; one process, any CPU.
    let (pid, cpu) = target.pid.map_or((-1, 0), |p| (p, -1));
    let mut links = Vec::with_capacity(sites.len());
    for (site, spec) in sites.iter().zip(spec_of_site) {
        let what = format!(
            "usdt {provider}:{name} at {}+{:#x}",
            binary.display(),
            site.file_offset
        );
        let config = site.semaphore_offset << REF_CTR_OFFSET_SHIFT;
        let perf = sys::perf_event_open_probe(perf_type, config, &path, site.file_offset, cpu, pid)
            .map_err(|e| AttachError::syscall(program, what.clone(), e))?;
        let cookie = u64::from(slots.ids()[spec]);
        links.push(Link::on_perf_event_with_cookie(
            program, prog, perf, &what, cookie,
        )?);
    }
    Ok(UsdtLink {
        links,
        _slots: slots,
    })
}

attach_methods!(Usdt {
    /// Attaches to every site of the probe named in `SEC("usdt/<binary>:<provider>:<name>")`,
    /// in every process.
    pub fn attach(&self) -> Result<UsdtLink, AttachError> {
        let (binary, provider, name) = sec_target(self.name(), self.sec_target())?;
        self.attach_with_cookie(binary, provider, name, None, 0)
    }

    /// Attaches to every site of probe `provider:name` in `binary` (a path, or a bare
    /// library or program name looked up as libbpf does), in process `pid` or all
    /// (`None`).
    pub fn attach_to(
        &self,
        binary: impl AsRef<Path>,
        provider: &str,
        name: &str,
        pid: Option<i32>,
    ) -> Result<UsdtLink, AttachError> {
        self.attach_with_cookie(binary, provider, name, pid, 0)
    }

    /// [`attach_to`](Self::attach_to) with a cookie the program reads with
    /// `bpf_usdt_cookie()`.
    pub fn attach_with_cookie(
        &self,
        binary: impl AsRef<Path>,
        provider: &str,
        name: &str,
        pid: Option<i32>,
        cookie: u64,
    ) -> Result<UsdtLink, AttachError> {
        let target = Target {
            binary: binary.as_ref(),
            provider,
            name,
            pid,
            cookie,
        };
        attach_usdt(self.name(), self.as_fd(), self.used_map(SPECS_MAP), target)
    }
});

#[cfg(test)]
mod tests {
    use super::sec_target;

    #[test]
    fn sec_targets_split_from_the_right() {
        assert_eq!(
            sec_target("p", Some("/a:b/bin:prov:probe")).expect("complete"),
            ("/a:b/bin", "prov", "probe")
        );
        assert!(sec_target("p", Some("bin:probe")).is_err());
        assert!(sec_target("p", None)
            .expect_err("none")
            .to_string()
            .contains("attach_to"));
    }
}
