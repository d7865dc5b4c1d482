//! BPF tokens (Linux 6.9): `BPF_TOKEN_CREATE` from a bpffs mounted with delegation
//! options, and making such a mount: a user namespace opens a bpffs context
//! ([`bpffs_context`]), a process privileged in the initial namespace sets the
//! delegation and mounts it ([`delegate_bpffs`]), and the namespace creates its token
//! from the mount. Fds travel between the two over a Unix socket
//! ([`super::socket::send_fd`], [`super::socket::recv_fd`]).

use std::ffi::CString;
use std::io;
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

use super::error::SyscallError;
use super::raw;
use crate::abi::Command;

/// `bpf_attr` member `token_create`.
#[repr(C)]
struct TokenCreateAttr {
    flags: u32,
    bpffs_fd: u32,
}

const _: () = assert!(size_of::<TokenCreateAttr>() == 8);

/// Creates a BPF token from `bpffs`: the root of a bpffs mount with delegation options,
/// as a directory fd or the mount fd [`delegate_bpffs`] returns. The caller must be in
/// the user namespace that owns the mount.
pub fn token_create(bpffs: BorrowedFd<'_>) -> Result<OwnedFd, SyscallError> {
    // A mount fd is O_PATH, which the kernel does not take here: open its root.
    // SAFETY: `bpffs` is an open fd and the path a NUL-terminated literal.
    let dir = unsafe {
        libc::openat(
            bpffs.as_raw_fd(),
            c".".as_ptr(),
            libc::O_RDONLY | libc::O_DIRECTORY | libc::O_CLOEXEC,
        )
    };
    // SAFETY: openat returned a new fd (or -1).
    let dir = unsafe { raw::syscall_fd("openat(bpffs)", libc::c_long::from(dir)) }?;
    let mut attr = TokenCreateAttr {
        flags: 0,
        bpffs_fd: dir.as_raw_fd() as u32,
    };
    // SAFETY: `TokenCreateAttr` is the padding-free `token_create` member of `bpf_attr`
    // and holds no pointers; BPF_TOKEN_CREATE returns a new fd.
    unsafe {
        raw::sys_bpf_fd(
            Command::TokenCreate,
            &mut attr,
            size_of::<TokenCreateAttr>(),
        )
    }
    .map_err(|e| SyscallError::new("BPF_TOKEN_CREATE", e))
}

/// Opens a new bpffs context (`fsopen("bpf")`) owned by this process's user namespace.
/// Needs `CAP_SYS_ADMIN` in the user namespace that owns this process's mount namespace.
pub fn bpffs_context() -> Result<OwnedFd, SyscallError> {
    // SAFETY: fsopen takes a NUL-terminated file system name and flags.
    let ret = unsafe { libc::syscall(libc::SYS_fsopen, c"bpf".as_ptr(), libc::c_uint::from(1u8)) };
    // SAFETY: fsopen returned a new fd (or -1).
    unsafe { raw::syscall_fd("fsopen(bpf)", ret) }
}

/// What a delegated bpffs lets its token do: each a `:`-separated list of kernel names
/// (`map_create:prog_load`, `array:hash`, `socket_filter:kprobe`, …) or `any`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delegation {
    /// `delegate_cmds`: `bpf()` commands.
    pub cmds: String,
    /// `delegate_maps`: map types.
    pub maps: String,
    /// `delegate_progs`: program types.
    pub progs: String,
    /// `delegate_attachs`: attach types.
    pub attachs: String,
}

impl Delegation {
    /// Everything: `any` for all four.
    pub fn all() -> Delegation {
        let any = || "any".to_string();
        Delegation {
            cmds: any(),
            maps: any(),
            progs: any(),
            attachs: any(),
        }
    }
}

/// Sets `delegation` on the bpffs `context` (from [`bpffs_context`], in another user
/// namespace), creates the file system and returns its mount fd (not attached anywhere).
/// Needs `CAP_SYS_ADMIN` in the initial user namespace.
pub fn delegate_bpffs(
    context: BorrowedFd<'_>,
    delegation: &Delegation,
) -> Result<OwnedFd, SyscallError> {
    const FSCONFIG_SET_STRING: libc::c_uint = 1;
    const FSCONFIG_CMD_CREATE: libc::c_uint = 6;
    let options = [
        ("delegate_cmds", &delegation.cmds),
        ("delegate_maps", &delegation.maps),
        ("delegate_progs", &delegation.progs),
        ("delegate_attachs", &delegation.attachs),
    ];
    for (key, value) in options {
        let what = "fsconfig(bpffs delegation)";
        let (key, value) = (
            CString::new(key).map_err(|_| SyscallError::invalid(what, "NUL in key"))?,
            CString::new(value.as_str())
                .map_err(|_| SyscallError::invalid(what, format!("NUL in {value:?}")))?,
        );
        // SAFETY: fsconfig reads the two NUL-terminated strings during the call.
        let ret = unsafe {
            libc::syscall(
                libc::SYS_fsconfig,
                context.as_raw_fd(),
                FSCONFIG_SET_STRING,
                key.as_ptr(),
                value.as_ptr(),
                0,
            )
        };
        if ret < 0 {
            return Err(SyscallError::new(what, io::Error::last_os_error()));
        }
    }
    // SAFETY: FSCONFIG_CMD_CREATE takes no key or value.
    let ret = unsafe {
        libc::syscall(
            libc::SYS_fsconfig,
            context.as_raw_fd(),
            FSCONFIG_CMD_CREATE,
            std::ptr::null::<libc::c_char>(),
            std::ptr::null::<libc::c_void>(),
            0,
        )
    };
    if ret < 0 {
        return Err(SyscallError::new(
            "fsconfig(FSCONFIG_CMD_CREATE)",
            io::Error::last_os_error(),
        ));
    }
    // SAFETY: fsmount takes the context fd, flags and mount attributes; no pointers.
    let ret = unsafe { libc::syscall(libc::SYS_fsmount, context.as_raw_fd(), 1, 0) };
    // SAFETY: fsmount returned a new fd (or -1).
    unsafe { raw::syscall_fd("fsmount(bpffs)", ret) }
}
