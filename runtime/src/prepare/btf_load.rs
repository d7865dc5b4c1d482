//! Loading the object's BTF into the kernel.

use std::os::fd::OwnedFd;

use crate::obj::btf::Btf;
use crate::sys;

/// Size of the BTF log buffer used when the first load fails.
const BTF_LOG_SIZE: usize = 1 << 20;

/// Loads `btf`; on failure, retries with a log and returns the reason with the log.
///
/// libbpf treats object BTF as optional when nothing needs it, and so do we: the caller
/// keeps going without it and remembers the reason.
pub(crate) fn load_btf(btf: &Btf) -> Result<OwnedFd, String> {
    let raw = btf.to_bytes();
    match sys::btf_load(&raw, None, 0) {
        Ok(fd) => Ok(fd),
        Err(first) => {
            let mut log = vec![0u8; BTF_LOG_SIZE];
            match sys::btf_load(&raw, Some(&mut log), 1) {
                Ok(fd) => Ok(fd),
                Err(_) => {
                    let end = log.iter().position(|&b| b == 0).unwrap_or(log.len());
                    let text = String::from_utf8_lossy(&log[..end]);
                    Err(format!("BPF_BTF_LOAD failed: {first}\n{}", text.trim_end()))
                }
            }
        }
    }
}
