//! Attachments: [`Link`] (BPF links and perf events) and [`SocketFilterLink`].

use crate::abi::AttachType;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, OwnedFd};
use std::path::Path;

use super::error::AttachError;
use crate::sys;

/// An attachment that lasts while this value lives: a BPF link fd, or a perf event with a
/// program attached. Dropping it (or [`detach`](Self::detach)) detaches the program,
/// unless the link fd was shared (pinned or duplicated) meanwhile.
#[derive(Debug)]
pub struct Link {
    /// The BPF link, or the perf event for an ioctl attachment.
    fd: OwnedFd,
    /// The perf event under a `BPF_PERF_EVENT` link, closed after the link.
    perf_event: Option<OwnedFd>,
}

impl Link {
    /// Takes ownership of a BPF link fd (e.g. from [`sys::link_create`]).
    pub fn from_fd(fd: OwnedFd) -> Link {
        Link {
            fd,
            perf_event: None,
        }
    }

    /// A `BPF_PERF_EVENT` link on top of `perf_event`.
    pub(crate) fn perf_link(link: OwnedFd, perf_event: OwnedFd) -> Link {
        Link {
            fd: link,
            perf_event: Some(perf_event),
        }
    }

    /// A perf event carrying a program attached with `PERF_EVENT_IOC_SET_BPF`.
    pub(crate) fn perf_ioctl(perf_event: OwnedFd) -> Link {
        Link::from_fd(perf_event)
    }

    /// Attaches `prog` to the perf event `perf` (a tracepoint, kprobe or uprobe event)
    /// with a `BPF_PERF_EVENT` link, or with `PERF_EVENT_IOC_SET_BPF` on kernels without
    /// perf links (before 5.15). `what` names the target in errors.
    pub(crate) fn on_perf_event(
        program: &str,
        prog: BorrowedFd<'_>,
        perf: OwnedFd,
        what: &str,
    ) -> Result<Link, AttachError> {
        let err = |e| AttachError::syscall(program, what.to_string(), e);
        match sys::link_create(prog, perf.as_raw_fd(), AttachType::PerfEvent, 0) {
            Ok(link) => Ok(Link::perf_link(link, perf)),
            Err(e) if e.errno() == libc::EINVAL => {
                sys::perf_event_set_bpf(perf.as_fd(), prog).map_err(err)?;
                sys::perf_event_enable(perf.as_fd()).map_err(err)?;
                Ok(Link::perf_ioctl(perf))
            }
            Err(e) => Err(err(e)),
        }
    }

    /// Attaches `prog` to the perf event `perf` with a BPF cookie (a link; no ioctl
    /// fallback, which has no cookie); `what` names the event in errors.
    pub(crate) fn on_perf_event_with_cookie(
        program: &str,
        prog: BorrowedFd<'_>,
        perf: OwnedFd,
        what: &str,
        cookie: u64,
    ) -> Result<Link, AttachError> {
        sys::link_create_perf_event(prog, perf.as_fd(), cookie)
            .map(|link| Link::perf_link(link, perf))
            .map_err(|e| AttachError::syscall(program, what.to_string(), e))
    }

    /// Attaches `prog` to network interface `ifindex` with a plain BPF link of
    /// `attach_type` (`BPF_XDP`); `what` names the hook in errors.
    pub(crate) fn on_interface(
        program: &str,
        prog: BorrowedFd<'_>,
        ifindex: u32,
        attach_type: AttachType,
        flags: u32,
        what: &str,
    ) -> Result<Link, AttachError> {
        let index = interface_index(program, ifindex)?;
        let fd = sys::link_create(prog, index, attach_type, flags).map_err(|e| {
            AttachError::syscall(program, format!("interface {ifindex} ({what})"), e)
        })?;
        Ok(Link::from_fd(fd))
    }

    /// Pins the link at `path` on bpffs: the attachment then lasts until the pin is
    /// removed ([`Link::unpin`]), after this value is dropped and after the process exits.
    /// The path's directory must lie on a bpffs mount.
    pub fn pin(&self, path: impl AsRef<Path>) -> Result<(), AttachError> {
        let path = path.as_ref();
        sys::pin_on_bpffs(self.fd.as_fd(), path).map_err(|source| pin_error(path, source))
    }

    /// The link pinned at `path` (by this process or another); dropping the returned
    /// value leaves the pin, and so the attachment, in place.
    pub fn from_pin(path: impl AsRef<Path>) -> Result<Link, AttachError> {
        let path = path.as_ref();
        sys::open_pin_on_bpffs(path)
            .map(Link::from_fd)
            .map_err(|source| pin_error(path, source))
    }

    /// Removes the pin at `path`; the program detaches once no pin and no open link
    /// holds the attachment (the kernel frees it after an RCU grace period, so the
    /// detach follows shortly after this returns).
    pub fn unpin(path: impl AsRef<Path>) -> Result<(), AttachError> {
        let path = path.as_ref();
        sys::unpin_on_bpffs(path).map_err(|source| pin_error(path, source))
    }

    /// The perf event under this link, for perf-event based attachments.
    pub fn perf_event(&self) -> Option<BorrowedFd<'_>> {
        self.perf_event.as_ref().map(|f| f.as_fd())
    }

    /// Detaches now (the same as dropping the link).
    pub fn detach(self) {
        drop(self);
    }
}

impl AsFd for Link {
    /// The link fd (or, for an ioctl attachment, the perf event fd).
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// A failed pin operation at `path`.
fn pin_error(path: &Path, source: sys::SyscallError) -> AttachError {
    AttachError::Pin {
        path: path.to_path_buf(),
        source,
    }
}

/// A socket filter attached with `SO_ATTACH_BPF`. Keeps a duplicate of the socket fd
/// (the socket stays open while the link lives) and removes the socket's filter with
/// `SO_DETACH_BPF` on drop — whatever filter the socket has by then.
#[derive(Debug)]
pub struct SocketFilterLink {
    program: String,
    socket: Option<OwnedFd>,
}

impl SocketFilterLink {
    pub(crate) fn new(program: &str, socket: OwnedFd) -> Self {
        SocketFilterLink {
            program: program.to_string(),
            socket: Some(socket),
        }
    }

    /// The socket (a duplicate of the fd given to `attach`).
    pub fn socket(&self) -> Option<BorrowedFd<'_>> {
        self.socket.as_ref().map(|f| f.as_fd())
    }

    /// Detaches now, reporting a failure (dropping the link ignores it).
    pub fn detach(mut self) -> Result<(), AttachError> {
        self.detach_inner()
    }

    fn detach_inner(&mut self) -> Result<(), AttachError> {
        let Some(socket) = self.socket.take() else {
            return Ok(());
        };
        sys::setsockopt_detach_filter(socket.as_fd()).map_err(|source| AttachError::Detach {
            program: self.program.clone(),
            source,
        })
    }
}

impl Drop for SocketFilterLink {
    fn drop(&mut self) {
        // Nothing to report from drop; `detach` returns the error.
        let _ = self.detach_inner();
    }
}

/// `ifindex` as the kernel's `int`, or why it cannot be one.
pub(crate) fn interface_index(program: &str, ifindex: u32) -> Result<i32, AttachError> {
    i32::try_from(ifindex).map_err(|_| AttachError::Target {
        program: program.to_string(),
        reason: format!("ifindex {ifindex} is out of range"),
    })
}
