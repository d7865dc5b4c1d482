//! The single entry point to `bpf(2)`, and taking ownership of returned fds.
//!
//! Under `cfg(test)` a thread-local fake can intercept chosen commands (see
//! [`with_fake_bpf`]) so unit tests anywhere in the crate can exercise error
//! paths with a chosen errno.

use crate::abi::Command;
use std::io;
use std::mem::size_of;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};

/// Lowest fd number handed out by this crate; 0, 1 and 2 are never returned
/// so that a BPF object can never be mistaken for stdio.
const MIN_FD: RawFd = 3;

/// Issues `bpf(cmd, attr, size)`, retrying on `EINTR` (a faked `EINTR` too, so tests
/// can show the retry).
///
/// Returns the non-negative return value of the syscall.
///
/// # Safety
///
/// `attr` must be a `#[repr(C)]` struct laid out as the kernel's
/// `union bpf_attr` member for `cmd`, with every byte initialised (no
/// implicit padding). Every pointer stored in it must be valid for the kernel
/// to read — and, for output buffers, write — the number of bytes that the
/// same attr announces, for the whole call.
pub(crate) unsafe fn sys_bpf<T>(cmd: Command, attr: &mut T, size: usize) -> io::Result<i64> {
    loop {
        #[cfg(test)]
        let result = match fake::intercept(cmd) {
            Some(faked) => faked,
            // SAFETY: forwarded from this function's contract.
            None => unsafe { sys_bpf_once(cmd, attr, size) },
        };
        #[cfg(not(test))]
        // SAFETY: forwarded from this function's contract.
        let result = unsafe { sys_bpf_once(cmd, attr, size) };
        match result {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// [`sys_bpf`] without the test fake; used by the availability probe so a
/// fake active on the probing thread cannot poison its cached answer.
///
/// # Safety
///
/// Same contract as [`sys_bpf`].
pub(super) unsafe fn sys_bpf_unfaked<T>(
    cmd: Command,
    attr: &mut T,
    size: usize,
) -> io::Result<i64> {
    loop {
        // SAFETY: forwarded from this function's contract.
        match unsafe { sys_bpf_once(cmd, attr, size) } {
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            other => return other,
        }
    }
}

/// One `bpf(cmd, attr, size)` call, `EINTR` included.
///
/// # Safety
///
/// Same contract as [`sys_bpf`].
unsafe fn sys_bpf_once<T>(cmd: Command, attr: &mut T, size: usize) -> io::Result<i64> {
    if size > size_of::<T>() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "bpf attr size exceeds the attr struct",
        ));
    }
    let attr_ptr: *mut T = attr;
    // SAFETY: `attr_ptr` points to `size` initialised bytes (checked above, and no
    // padding per the caller's contract); the kernel reads at most `size` bytes from it
    // and may write back into it, which is fine as we hold `&mut T`. Embedded pointers
    // are valid per the caller's contract.
    let ret = unsafe {
        libc::syscall(
            libc::SYS_bpf,
            cmd.as_raw() as libc::c_long,
            attr_ptr,
            size as libc::c_ulong,
        )
    };
    if ret >= 0 {
        Ok(long_to_i64(ret))
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Widens a `syscall()` return value (`c_long` is `i32` on 32-bit targets).
#[allow(clippy::useless_conversion)]
pub(super) fn long_to_i64(ret: libc::c_long) -> i64 {
    i64::from(ret)
}

/// [`sys_bpf`] for commands that return a new file descriptor.
///
/// # Safety
///
/// Same contract as [`sys_bpf`]; additionally `cmd` must return a freshly
/// created fd on success.
pub(crate) unsafe fn sys_bpf_fd<T>(cmd: Command, attr: &mut T, size: usize) -> io::Result<OwnedFd> {
    // SAFETY: forwarded from this function's contract.
    let ret = unsafe { sys_bpf(cmd, attr, size) }?;
    // SAFETY: `cmd` returns a new fd that nobody else owns.
    unsafe { fd_from_ret(ret) }
}

/// The fd a raw `syscall()` returned (moved above stdio, as every fd of this crate), or
/// its errno as the error of `what`.
///
/// # Safety
///
/// A non-negative `ret` must be a file descriptor the kernel just returned that no
/// other object owns.
pub(crate) unsafe fn syscall_fd(
    what: &'static str,
    ret: libc::c_long,
) -> Result<OwnedFd, super::SyscallError> {
    if ret < 0 {
        return Err(super::SyscallError::new(what, io::Error::last_os_error()));
    }
    // SAFETY: forwarded from this function's contract.
    unsafe { fd_from_ret(long_to_i64(ret)) }.map_err(|e| super::SyscallError::new(what, e))
}

/// Takes ownership of a syscall's fd return value, moving it to a number
/// `>= 3` if the kernel returned 0, 1 or 2 (stdio had been closed).
///
/// The low fd is then closed. Fails only if the duplication fails (e.g.
/// `EMFILE`), in which case the original fd is closed too.
///
/// # Safety
///
/// `ret` must be a file descriptor freshly returned by the kernel that no
/// other object owns; ownership moves into the returned value.
pub(crate) unsafe fn fd_from_ret(ret: i64) -> io::Result<OwnedFd> {
    let raw = RawFd::try_from(ret)
        .ok()
        .filter(|fd| *fd >= 0)
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "invalid fd returned"))?;
    // SAFETY: per the contract `raw` is an open fd owned by nobody else.
    let fd = unsafe { OwnedFd::from_raw_fd(raw) };
    if raw >= MIN_FD {
        return Ok(fd);
    }
    // SAFETY: `fd` is open for the duration of the call; F_DUPFD_CLOEXEC
    // takes an int argument and does not touch memory.
    let dup = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, MIN_FD) };
    if dup < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: `dup` is a new fd returned by fcntl and owned by nobody else.
    // The low `fd` is closed when it drops here.
    Ok(unsafe { OwnedFd::from_raw_fd(dup) })
}

#[cfg(test)]
pub(crate) use fake::with_fake_bpf;

#[cfg(test)]
mod fake {
    use crate::abi::Command;
    use std::cell::Cell;
    use std::io;

    type Hook = dyn FnMut(Command) -> Option<io::Result<i64>>;

    thread_local! {
        static HOOK: Cell<Option<*mut Hook>> = const { Cell::new(None) };
    }

    /// Runs `body` with every `bpf()` command issued on this thread first
    /// offered to `fake`.
    ///
    /// `fake(cmd)` returns `None` to pass the command through to the real
    /// kernel, `Some(Err(e))` to fail it with `e` (e.g.
    /// `io::Error::from_raw_os_error(libc::EPERM)`), or `Some(Ok(v))` to
    /// make it return `v` — for fd-returning commands `v` must then be an fd
    /// that the test hands over (the wrapper takes ownership and closes it).
    /// Fakes nest; the previous one is restored on return or unwind.
    pub(crate) fn with_fake_bpf<R>(
        mut fake: impl FnMut(Command) -> Option<io::Result<i64>>,
        body: impl FnOnce() -> R,
    ) -> R {
        struct Restore(Option<*mut Hook>);
        impl Drop for Restore {
            fn drop(&mut self) {
                HOOK.with(|h| h.set(self.0));
            }
        }
        let short: *mut (dyn FnMut(Command) -> Option<io::Result<i64>> + '_) = &mut fake;
        // SAFETY: only the trait object's lifetime bound is erased (same
        // fat-pointer layout). The pointer lives in the thread-local only
        // until `_restore` drops at the end of this function (also on
        // unwind), i.e. strictly before `fake` goes out of scope, and is only
        // ever dereferenced on this thread.
        let long: *mut Hook = unsafe { std::mem::transmute(short) };
        let _restore = Restore(HOOK.with(|h| h.replace(Some(long))));
        body()
    }

    /// Offers `cmd` to the installed fake, if any.
    pub(super) fn intercept(cmd: Command) -> Option<io::Result<i64>> {
        struct PutBack(*mut Hook);
        impl Drop for PutBack {
            fn drop(&mut self) {
                HOOK.with(|h| h.set(Some(self.0)));
            }
        }
        // Take the hook out while it runs, so a bpf() call made from inside
        // the fake reaches the kernel instead of aliasing the closure.
        let hook = HOOK.with(|h| h.take())?;
        let _put_back = PutBack(hook);
        // SAFETY: the pointer is valid while installed (see `with_fake_bpf`)
        // and was removed from the thread-local above, so this is the only
        // live reference to the closure.
        unsafe { (*hook)(cmd) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::Command;

    #[test]
    fn fake_intercepts_and_restores() {
        #[repr(C)]
        struct Empty {
            x: u32,
        }
        let mut seen = Vec::new();
        let r = with_fake_bpf(
            |cmd| {
                seen.push(cmd);
                Some(Err(io::Error::from_raw_os_error(libc::EPERM)))
            },
            || {
                let mut a = Empty { x: 0 };
                // SAFETY: `Empty` has no pointers; the fake answers anyway.
                unsafe { sys_bpf(Command::MapCreate, &mut a, size_of::<Empty>()) }
            },
        );
        assert_eq!(r.err().and_then(|e| e.raw_os_error()), Some(libc::EPERM));
        assert_eq!(seen, vec![Command::MapCreate]);
        assert!(fake::intercept(Command::MapCreate).is_none());
    }

    #[test]
    fn oversized_size_is_rejected() {
        let mut a = 0u32;
        // SAFETY: rejected before reaching the kernel.
        let r = unsafe { sys_bpf_unfaked(Command::MapCreate, &mut a, 8) };
        assert_eq!(r.err().map(|e| e.kind()), Some(io::ErrorKind::InvalidInput));
    }

    #[test]
    fn low_fds_are_moved_above_stdio() {
        crate::sys::probe::run_isolated(module_path!(), "low_fds_are_moved_above_stdio", || {
            // SAFETY: this runs alone in a child test process that does not
            // use stdin; closing it frees fd 0 for the next allocation.
            assert_eq!(unsafe { libc::close(0) }, 0);
            let null = std::fs::File::open("/dev/null").expect("open /dev/null");
            let raw = null.as_raw_fd();
            assert_eq!(raw, 0, "fd 0 should be reused");
            std::mem::forget(null);
            // SAFETY: fd 0 was just opened and ownership is moved (the
            // `File` was forgotten).
            let fd = unsafe { fd_from_ret(i64::from(raw)) }.expect("dup");
            assert!(fd.as_raw_fd() >= MIN_FD);
            // The original fd 0 has been closed.
            // SAFETY: F_GETFD on a possibly-closed fd is harmless.
            assert_eq!(unsafe { libc::fcntl(0, libc::F_GETFD) }, -1);
        });
    }
}
