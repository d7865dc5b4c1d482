//! Programs attached to a cgroup with a BPF link: `cgroup_skb/…`, `cgroup/sock…`, the
//! socket-address hooks, `cgroup/sysctl`, `cgroup/{get,set}sockopt`, `cgroup/dev`,
//! `sockops` and `lsm_cgroup/…`. The hook is the program's `expected_attach_type`, from
//! `SEC()` (or a clone's override).

use crate::kind::{
    CgroupDevice, CgroupSkb, CgroupSock, CgroupSockAddr, CgroupSockopt, CgroupSysctl, LsmCgroup,
    SockOps,
};
use std::os::fd::{AsFd, AsRawFd, BorrowedFd};

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
use crate::abi::AttachType;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys;

/// Shared body of the attach methods.
fn attach_cgroup(
    program: &str,
    prog: BorrowedFd<'_>,
    cgroup: BorrowedFd<'_>,
    attach_type: AttachType,
) -> Result<Link, AttachError> {
    let hook = attach_type.name();
    let what = || format!("cgroup fd {} ({hook})", cgroup.as_raw_fd());
    let fd = sys::link_create(prog, cgroup.as_raw_fd(), attach_type, 0).map_err(|e| {
        // The kernel says only EBADF for a directory that is not a cgroup v2 one.
        let reason = match sys::mount::cgroup_fs_of(cgroup) {
            Ok(sys::mount::CgroupFs::V1) => Some(
                "it is a cgroup v1 directory; BPF programs attach only to cgroup v2 \
                 (the unified hierarchy, usually /sys/fs/cgroup)"
                    .to_string(),
            ),
            Ok(sys::mount::CgroupFs::Other(magic)) => Some(format!(
                "it is not a cgroup v2 directory (file system magic {magic:#x}); open one \
                 under the cgroup2 mount, usually /sys/fs/cgroup"
            )),
            Ok(sys::mount::CgroupFs::V2) | Err(_) => None,
        };
        match reason {
            Some(reason) => AttachError::Target {
                program: program.to_string(),
                reason: format!("{}: {reason} ({e})", what()),
            },
            None => AttachError::syscall(program, what(), e),
        }
    })?;
    Ok(Link::from_fd(fd))
}

/// Declares `attach(cgroup)` for each cgroup kind.
macro_rules! cgroup_attach {
    ($($kind:ty),*) => { $(
        attach_methods!($kind {
            /// Attaches the program to `cgroup` (an open cgroup v2 directory, e.g.
            /// `File::open("/sys/fs/cgroup/my.slice")`) at its `SEC()` hook, with a BPF
            /// link: it runs for the cgroup and its descendants, alongside other programs
            /// attached there. Minimum kernel version: 5.7.
            pub fn attach(&self, cgroup: &impl AsFd) -> Result<Link, AttachError> {
                attach_cgroup(self.name(), self.as_fd(), cgroup.as_fd(), self.attach_type())
            }
        });
    )* };
}

cgroup_attach!(
    CgroupSkb,
    CgroupSock,
    CgroupSockAddr,
    CgroupSysctl,
    CgroupSockopt,
    CgroupDevice,
    SockOps,
    LsmCgroup
);
