//! Loading BTF blobs into the kernel and finding loaded BTF objects.

use crate::abi::Command;
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

use super::consts::BPF_F_TOKEN_FD;
use super::error::SyscallError;
use super::{id, log, raw};

/// `bpf_attr` member used by `BPF_BTF_LOAD`, up to `btf_token_fd`.
#[repr(C)]
#[derive(Default)]
struct BtfLoadAttr {
    btf: u64,
    btf_log_buf: u64,
    btf_size: u32,
    btf_log_size: u32,
    btf_log_level: u32,
    btf_log_true_size: u32,
    btf_flags: u32,
    btf_token_fd: i32,
}

const _: () = assert!(size_of::<BtfLoadAttr>() == 40);

/// Loads the raw BTF blob `data`; returns the BTF object's fd.
///
/// Logging follows libbpf: with `log_level > 0` the kernel writes its log
/// into `log` (NUL-terminated). With `log_level == 0` and a non-empty `log`,
/// the load is first tried without a log and, only if it fails, retried with
/// log level 1 to fill `log`; the first attempt's error is returned.
/// `log_level` is ignored without a (non-empty) `log`.
pub fn btf_load(
    data: &[u8],
    log: Option<&mut [u8]>,
    log_level: u32,
) -> Result<OwnedFd, SyscallError> {
    btf_load_with_token(data, log, log_level, None)
}

/// [`btf_load`] with a BPF token granting the permission (`BPF_F_TOKEN_FD`).
pub fn btf_load_with_token(
    data: &[u8],
    mut log: Option<&mut [u8]>,
    log_level: u32,
    token: Option<BorrowedFd<'_>>,
) -> Result<OwnedFd, SyscallError> {
    let btf_size = u32::try_from(data.len())
        .map_err(|_| SyscallError::invalid("BPF_BTF_LOAD", "BTF blob larger than 4 GiB"))?;
    let attempt = |log: Option<&mut [u8]>, level: u32| {
        let mut attr = BtfLoadAttr {
            btf: data.as_ptr() as u64,
            btf_size,
            ..BtfLoadAttr::default()
        };
        if let Some(token) = token {
            attr.btf_flags = BPF_F_TOKEN_FD;
            attr.btf_token_fd = token.as_raw_fd();
        }
        if let Some(buf) = log.filter(|b| level > 0 && !b.is_empty()) {
            let (ptr, len) = log::log_buf_parts(buf);
            attr.btf_log_buf = ptr;
            attr.btf_log_size = len;
            attr.btf_log_level = level;
        }
        // SAFETY: `BtfLoadAttr` is the padding-free BTF_BTF_LOAD member of
        // `bpf_attr`. `btf` points to `btf_size` readable bytes of `data`;
        // `btf_log_buf` (if set) to `btf_log_size` writable bytes of the
        // exclusively borrowed log buffer. BPF_BTF_LOAD returns a new fd.
        unsafe { raw::sys_bpf_fd(Command::BtfLoad, &mut attr, size_of::<BtfLoadAttr>()) }
            .map_err(|e| SyscallError::new("BPF_BTF_LOAD", e))
    };
    match attempt(log.as_deref_mut(), log_level) {
        Err(first) if log_level == 0 && log.as_ref().is_some_and(|l| !l.is_empty()) => {
            // Only to fill the log; the original failure is the one reported.
            let _ = attempt(log, 1);
            Err(first)
        }
        result => result,
    }
}

/// The id of the next BTF object after `start`, `None` past the last one.
pub fn btf_get_next_id(start: u32) -> Result<Option<u32>, SyscallError> {
    id::get_next_id(Command::BtfGetNextId, start)
}

/// Opens the BTF object with the given id (e.g. `vmlinux` or a module's).
pub fn btf_get_fd_by_id(id: u32) -> Result<OwnedFd, SyscallError> {
    id::get_fd_by_id(Command::BtfGetFdById, id)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::sys::probe::require_bpf;
    use std::os::fd::{AsFd, AsRawFd};

    /// A valid BTF blob holding a single `int` (4 bytes, signed).
    pub(crate) fn int_btf() -> Vec<u8> {
        let strings = b"\0int\0";
        let types: [u32; 4] = [1, 1 << 24, 4, (1 << 24) | 32];
        let mut blob = Vec::new();
        blob.extend_from_slice(&0xeb9f_u16.to_ne_bytes());
        blob.extend_from_slice(&[1, 0]); // version, flags
        for v in [24u32, 0, 16, 16, strings.len() as u32] {
            blob.extend_from_slice(&v.to_ne_bytes()); // hdr_len, type/str off/len
        }
        for v in types {
            blob.extend_from_slice(&v.to_ne_bytes());
        }
        blob.extend_from_slice(strings);
        blob
    }

    #[test]
    fn loads_minimal_blob() {
        require_bpf!();
        let fd = btf_load(&int_btf(), None, 0).expect("load BTF");
        assert!(fd.as_raw_fd() > 2);
    }

    #[test]
    fn garbage_fails_with_log() {
        require_bpf!();
        let mut garbage = int_btf();
        garbage[8..12].copy_from_slice(&1000u32.to_ne_bytes()); // bogus type_off
        let mut log = vec![0u8; 4096];
        let err = btf_load(&garbage, Some(&mut log), 1).expect_err("garbage must fail");
        assert_eq!(err.call, "BPF_BTF_LOAD");
        let text = crate::sys::log::log_text(&log);
        assert!(!text.is_empty(), "empty log (errno {})", err.errno());
    }

    #[test]
    fn level_zero_retries_to_fill_log() {
        require_bpf!();
        let mut log = vec![0u8; 4096];
        let err = btf_load(&[0u8; 32], Some(&mut log), 0).expect_err("garbage must fail");
        assert_eq!(err.errno(), libc::EINVAL);
        assert!(!crate::sys::log::log_text(&log).is_empty());
    }

    #[test]
    fn walks_ids_and_opens_by_id() {
        require_bpf!();
        let _fd = btf_load(&int_btf(), None, 0).expect("load BTF");
        let first = btf_get_next_id(0)
            .expect("next id")
            .expect("some BTF loaded");
        let fd = btf_get_fd_by_id(first).expect("open by id");
        assert!(fd.as_raw_fd() > 2);
        let err = btf_get_fd_by_id(u32::MAX).expect_err("no such id");
        assert_eq!(err.errno(), libc::ENOENT);
        let mut id = first;
        while let Some(next) = btf_get_next_id(id).expect("next id") {
            assert!(next > id);
            id = next;
        }
    }

    #[test]
    fn names_tell_kernel_btf_from_program_btf() {
        require_bpf!();
        let ours = btf_load(&int_btf(), None, 0).expect("load");
        assert_eq!(
            btf_get_name(ours.as_fd()).expect("info"),
            (String::new(), false)
        );
        let mut id = 0;
        let mut vmlinux = false;
        while let Some(next) = btf_get_next_id(id).expect("next id") {
            id = next;
            let Ok(fd) = btf_get_fd_by_id(id) else {
                continue;
            };
            vmlinux |= btf_get_name(fd.as_fd()).expect("info") == ("vmlinux".into(), true);
        }
        assert!(
            vmlinux,
            "the kernel's own BTF is enumerable and named vmlinux"
        );
    }
}

/// `struct bpf_btf_info` (Linux 5.11 layout, padding-free).
#[repr(C)]
#[derive(Default)]
struct BtfInfo {
    btf: u64,
    btf_size: u32,
    id: u32,
    name: u64,
    name_len: u32,
    kernel_btf: u32,
}

/// The raw BTF blob of the kernel BTF object behind `fd` (e.g. a program's BTF, to
/// resolve an `freplace` target by name).
pub fn btf_get_data(fd: BorrowedFd<'_>) -> Result<Vec<u8>, SyscallError> {
    let mut info = BtfInfo::default();
    // SAFETY: `BtfInfo` is `struct bpf_btf_info`; with `btf = 0` and `name = 0` the
    // kernel only reports sizes.
    unsafe { super::info::obj_get_info_by_fd(fd, &mut info) }?;
    let mut data = vec![0u8; info.btf_size as usize];
    let mut info = BtfInfo {
        btf: data.as_mut_ptr() as u64,
        btf_size: data.len() as u32,
        ..BtfInfo::default()
    };
    // SAFETY: `btf` points to `btf_size` writable bytes that outlive the call.
    unsafe { super::info::obj_get_info_by_fd(fd, &mut info) }?;
    data.truncate(info.btf_size as usize);
    Ok(data)
}

/// The name of the BTF object behind `fd` (`vmlinux`, a module's name, or empty for a
/// program's BTF) and whether it is the kernel's own (vmlinux or a module).
pub fn btf_get_name(fd: BorrowedFd<'_>) -> Result<(String, bool), SyscallError> {
    let mut name = [0u8; 64];
    let mut info = BtfInfo {
        name: name.as_mut_ptr() as u64,
        name_len: name.len() as u32,
        ..BtfInfo::default()
    };
    // SAFETY: `name` points to `name_len` writable bytes that outlive the call; the kernel
    // writes at most that many, NUL included.
    unsafe { super::info::obj_get_info_by_fd(fd, &mut info) }?;
    let end = name.iter().position(|&b| b == 0).unwrap_or(name.len());
    Ok((
        String::from_utf8_lossy(&name[..end]).into_owned(),
        info.kernel_btf != 0,
    ))
}
