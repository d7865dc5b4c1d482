//! What the running kernel offers, for product code that picks a program variant before
//! loading: a tracepoint (from tracefs, wherever it is mounted, mounted on demand), a
//! kernel function (BTF, else `/proc/kallsyms`) and a named BTF type (vmlinux, then
//! module BTF). Each answers `Ok(false)` for "absent" and `Err` only when the kernel
//! cannot be asked (no tracefs, no BTF), so a caller never mistakes one for the other.

use std::path::PathBuf;

use crate::obj::btf::kind;
use crate::sys;

use super::{kallsyms_address, vmlinux};

/// Whether tracepoint `category/name` exists (`events/<category>/<name>` in tracefs).
///
/// # Errors
/// When the names are not plain path components, or tracefs is neither mounted nor
/// mountable.
pub fn tracepoint_exists(category: &str, name: &str) -> Result<bool, String> {
    tracepoint_id_file(category, name).map(|id| id.is_file())
}

/// The tracefs file holding the id of tracepoint `category/name`
/// (`<tracefs>/events/<category>/<name>/id`), which may not exist; tracefs is found
/// wherever it is mounted, or mounted on demand.
///
/// # Errors
/// When the names are not plain path components, or tracefs is neither mounted nor
/// mountable.
pub fn tracepoint_id_file(category: &str, name: &str) -> Result<PathBuf, String> {
    let bad = |s: &str| s.is_empty() || s.contains('/') || s == "." || s == "..";
    if bad(category) || bad(name) {
        return Err(format!("bad tracepoint name `{category}/{name}`"));
    }
    let root = sys::mount::tracefs_root().map_err(|e| {
        format!("tracepoint `{category}/{name}`: tracefs is not mounted and could not be ({e})")
    })?;
    Ok(root.join("events").join(category).join(name).join("id"))
}

/// Whether kernel function `name` exists: a BTF `FUNC` of vmlinux or a loaded module
/// (what fentry/fexit need) or a `/proc/kallsyms` symbol (what a kprobe needs; kallsyms
/// does not tell functions from data, so a variable's name also answers `true` there).
///
/// # Errors
/// When there is neither kernel BTF nor a readable `/proc/kallsyms`.
pub fn kernel_function_exists(name: &str) -> Result<bool, String> {
    match vmlinux() {
        Ok(btf) => {
            Ok(!btf.find_anywhere(name, kind::FUNC).1.is_empty()
                || kallsyms_address(name).is_some())
        }
        Err(no_btf) => {
            let readable = std::fs::metadata("/proc/kallsyms").is_ok();
            if readable {
                Ok(kallsyms_address(name).is_some())
            } else {
                Err(format!("no kernel BTF ({no_btf}) and no /proc/kallsyms"))
            }
        }
    }
}

/// Whether the kernel's BTF (vmlinux, then modules) has a struct, union, enum or
/// typedef named `name` (`task_struct`, `bpf_iter__task`, …).
///
/// # Errors
/// When the kernel has no BTF (`/sys/kernel/btf/vmlinux`).
pub fn kernel_type_exists(name: &str) -> Result<bool, String> {
    let btf = vmlinux()?;
    Ok([
        kind::STRUCT,
        kind::UNION,
        kind::ENUM,
        kind::ENUM64,
        kind::TYPEDEF,
    ]
    .iter()
    .any(|&k| !btf.find_anywhere(name, k).1.is_empty()))
}
