//! Socket filters (`SO_ATTACH_BPF` / `SO_DETACH_BPF`), and passing an fd to another
//! process over a Unix socket (`SCM_RIGHTS`).

use std::io;
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd};

use super::consts::{SO_ATTACH_BPF, SO_DETACH_BPF};
use super::error::SyscallError;

/// Attaches the socket-filter program `prog_fd` to `sock` (`SO_ATTACH_BPF`).
pub fn setsockopt_attach_filter(
    sock: BorrowedFd<'_>,
    prog_fd: BorrowedFd<'_>,
) -> Result<(), SyscallError> {
    let fd: libc::c_int = prog_fd.as_raw_fd();
    // SAFETY: `fd` is a live c_int and the length passed is its size.
    let rc = unsafe {
        libc::setsockopt(
            sock.as_raw_fd(),
            libc::SOL_SOCKET,
            SO_ATTACH_BPF,
            (&fd as *const libc::c_int).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc < 0 {
        return Err(SyscallError::new(
            "setsockopt(SO_ATTACH_BPF)",
            io::Error::last_os_error(),
        ));
    }
    Ok(())
}

/// Removes the filter attached to `sock` (`SO_DETACH_BPF`); `ENOENT` when there is none.
pub fn setsockopt_detach_filter(sock: BorrowedFd<'_>) -> Result<(), SyscallError> {
    let zero: libc::c_int = 0;
    // SAFETY: the option value is a live c_int (ignored by the kernel) of the length given.
    let rc = unsafe {
        libc::setsockopt(
            sock.as_raw_fd(),
            libc::SOL_SOCKET,
            SO_DETACH_BPF,
            (&zero as *const libc::c_int).cast(),
            size_of::<libc::c_int>() as libc::socklen_t,
        )
    };
    if rc < 0 {
        return Err(SyscallError::new(
            "setsockopt(SO_DETACH_BPF)",
            io::Error::last_os_error(),
        ));
    }
    Ok(())
}

/// Room for one `SCM_RIGHTS` control message (u64 words: aligned for the header).
type Control = [u64; 4];

/// A message of one data byte (`byte`) with the control buffer `control`, whose
/// `msg_controllen` is the space one fd takes. The pointers stay valid while `byte`,
/// `iov` and `control` live.
fn one_fd_message(iov: &mut libc::iovec, control: &mut Control) -> libc::msghdr {
    // SAFETY: CMSG_SPACE only computes a size.
    let control_len = unsafe { libc::CMSG_SPACE(size_of::<libc::c_int>() as u32) } as usize;
    // SAFETY: an all-zero msghdr is valid; the pointers are set below.
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_iov = iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.as_mut_ptr().cast();
    msg.msg_controllen = control_len as _;
    msg
}

/// Sends `fd` over the Unix stream `stream` (`SCM_RIGHTS`, with one data byte).
pub fn send_fd(
    stream: &std::os::unix::net::UnixStream,
    fd: BorrowedFd<'_>,
) -> Result<(), SyscallError> {
    let mut byte = [0u8; 1];
    let mut iov = libc::iovec {
        iov_base: byte.as_mut_ptr().cast(),
        iov_len: 1,
    };
    let mut control = Control::default();
    let msg = one_fd_message(&mut iov, &mut control);
    // SAFETY: `msg` has a control buffer with room for one header and one c_int.
    unsafe {
        let cmsg = libc::CMSG_FIRSTHDR(&msg);
        (*cmsg).cmsg_level = libc::SOL_SOCKET;
        (*cmsg).cmsg_type = libc::SCM_RIGHTS;
        (*cmsg).cmsg_len = libc::CMSG_LEN(size_of::<libc::c_int>() as u32) as _;
        std::ptr::write_unaligned(libc::CMSG_DATA(cmsg).cast::<libc::c_int>(), fd.as_raw_fd());
    }
    // SAFETY: `msg` points to live buffers (`byte`, `control`) for the call.
    let rc = unsafe { libc::sendmsg(stream.as_raw_fd(), &msg, libc::MSG_NOSIGNAL) };
    if rc < 0 {
        return Err(SyscallError::new(
            "sendmsg(SCM_RIGHTS)",
            io::Error::last_os_error(),
        ));
    }
    Ok(())
}

/// Receives an fd sent with [`send_fd`] over `stream`.
pub fn recv_fd(
    stream: &std::os::unix::net::UnixStream,
) -> Result<std::os::fd::OwnedFd, SyscallError> {
    let what = "recvmsg(SCM_RIGHTS)";
    let mut byte = [0u8; 1];
    let mut iov = libc::iovec {
        iov_base: byte.as_mut_ptr().cast(),
        iov_len: 1,
    };
    let mut control = Control::default();
    let mut msg = one_fd_message(&mut iov, &mut control);
    // SAFETY: `msg` points to live buffers (`byte`, `control`) for the call.
    let rc = unsafe { libc::recvmsg(stream.as_raw_fd(), &mut msg, libc::MSG_CMSG_CLOEXEC) };
    if rc < 0 {
        return Err(SyscallError::new(what, io::Error::last_os_error()));
    }
    // SAFETY: the kernel filled `msg_controllen` bytes of `control`; CMSG_FIRSTHDR
    // checks that a whole header is there.
    let cmsg = unsafe { libc::CMSG_FIRSTHDR(&msg) };
    // SAFETY: `cmsg` is null or a header inside `control`.
    let header = unsafe { cmsg.as_ref() }
        .filter(|c| c.cmsg_level == libc::SOL_SOCKET && c.cmsg_type == libc::SCM_RIGHTS)
        .ok_or_else(|| SyscallError::invalid(what, "no fd in the message"))?;
    // SAFETY: an SCM_RIGHTS header carries at least one c_int of data.
    let raw = unsafe { std::ptr::read_unaligned(libc::CMSG_DATA(header).cast::<libc::c_int>()) };
    // SAFETY: the kernel installed `raw` in this process for us; nobody else owns it.
    unsafe { super::raw::fd_from_ret(i64::from(raw)) }.map_err(|e| SyscallError::new(what, e))
}
