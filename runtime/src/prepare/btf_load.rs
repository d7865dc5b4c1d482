//! Loading the object's BTF into the kernel, sanitised only if the kernel refuses it.

use std::os::fd::{BorrowedFd, OwnedFd};

use super::btf_features::kernel_btf_features;
use crate::obj::btf::{Btf, BtfFeatures};
use crate::sys;

/// Size of the BTF log buffer used when a load fails.
const BTF_LOG_SIZE: usize = 1 << 20;

/// Loads `btf` (with `token`, if any). If the kernel refuses it, probes which BTF kinds the kernel supports and,
/// when some are missing, retries with a sanitised copy (libbpf's `bpf_object__sanitize_btf`).
/// On final failure returns the reason with the kernel's log.
///
/// libbpf treats object BTF as optional when nothing needs it, and so do we: the caller
/// keeps going without it and remembers the reason.
pub(crate) fn load_btf(btf: &Btf, token: Option<BorrowedFd<'_>>) -> Result<OwnedFd, String> {
    let raw = btf.to_bytes();
    let first = match sys::btf::btf_load_with_token(&raw, None, 0, token) {
        Ok(fd) => return Ok(fd),
        Err(e) => e,
    };
    let feats = kernel_btf_features();
    let raw = if feats == BtfFeatures::all() {
        raw
    } else {
        let mut sanitized = btf.clone();
        sanitized.sanitize(&feats);
        let raw = sanitized.to_bytes();
        if let Ok(fd) = sys::btf::btf_load_with_token(&raw, None, 0, token) {
            return Ok(fd);
        }
        raw
    };
    let mut log = vec![0u8; BTF_LOG_SIZE];
    match sys::btf::btf_load_with_token(&raw, Some(&mut log), 1, token) {
        Ok(fd) => Ok(fd),
        Err(_) => Err(format!(
            "BPF_BTF_LOAD failed: {first}\n{}",
            sys::log_text(&log).trim_end()
        )),
    }
}
