//! Iterators: `SEC("iter/<target>")` programs (`task`, `bpf_map`, `tcp`, ...) attached
//! as a link; each [`IterLink::open`] starts a read session that runs the program.

use crate::abi::AttachType;
use crate::kind::Iter;
use std::fs::File;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::prepare::map::Map;
use crate::sys::{self, IterLinkInfo};

/// An attached iterator. Dropping it detaches the program; sessions already opened
/// keep reading.
#[derive(Debug)]
pub struct IterLink {
    program: String,
    link: Link,
}

impl IterLink {
    /// Starts a read session (`BPF_ITER_CREATE`): reading the file runs the program,
    /// which writes with `bpf_seq_printf` / `bpf_seq_write`.
    pub fn open(&self) -> Result<File, AttachError> {
        let fd = sys::iter_create(self.link.as_fd())
            .map_err(|e| AttachError::syscall(&self.program, "a read session".into(), e))?;
        Ok(File::from(fd))
    }

    /// Runs one session to the end and returns what the program wrote.
    pub fn read_to_string(&self) -> Result<String, AttachError> {
        let mut out = String::new();
        self.open()?
            .read_to_string(&mut out)
            .map_err(|e| AttachError::Target {
                program: self.program.clone(),
                reason: format!("reading the iterator: {e}"),
            })?;
        Ok(out)
    }

    /// Gives up the reader: the attachment as a plain link.
    pub fn into_link(self) -> Link {
        self.link
    }

    /// The link itself (to pin it, say).
    pub fn link(&self) -> &Link {
        &self.link
    }
}

/// Shared body of the `attach` methods.
pub(super) fn attach_iter(program: &str, prog: BorrowedFd<'_>) -> Result<IterLink, AttachError> {
    let fd = sys::link_create(prog, 0, AttachType::TraceIter, 0)
        .map_err(|e| AttachError::syscall(program, "its iterator target".into(), e))?;
    Ok(IterLink {
        program: program.to_string(),
        link: Link::from_fd(fd),
    })
}

/// Shared body of the scoped attach methods.
fn attach_scoped(
    program: &str,
    prog: BorrowedFd<'_>,
    info: &IterLinkInfo,
    what: String,
) -> Result<IterLink, AttachError> {
    let fd = sys::link_create_iter(prog, AttachType::TraceIter, info)
        .map_err(|e| AttachError::syscall(program, what, e))?;
    Ok(IterLink {
        program: program.to_string(),
        link: Link::from_fd(fd),
    })
}

/// Which tasks a task iterator (`iter/task`, `iter/task_file`, `iter/task_vma`) walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskScope {
    /// One thread.
    Thread(u32),
    /// Every thread of one process.
    Process(u32),
}

/// The order a cgroup iterator (`iter/cgroup`) walks cgroups in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CgroupOrder {
    /// The cgroup alone.
    SelfOnly,
    /// The cgroup and its descendants, parents first.
    DescendantsPre,
    /// The cgroup and its descendants, children first.
    DescendantsPost,
    /// The cgroup and its ancestors up to the root.
    AncestorsUp,
}

impl CgroupOrder {
    /// `enum bpf_cgroup_iter_order`.
    fn as_raw(self) -> u32 {
        match self {
            CgroupOrder::SelfOnly => 1,
            CgroupOrder::DescendantsPre => 2,
            CgroupOrder::DescendantsPost => 3,
            CgroupOrder::AncestorsUp => 4,
        }
    }
}

attach_methods!(Iter {
    /// Attaches the iterator to the target it was loaded for (`SEC("iter/task")` →
    /// every task).
    pub fn attach(&self) -> Result<IterLink, AttachError> {
        attach_iter(self.name(), self.as_fd())
    }

    /// Attaches a map iterator (`SEC("iter/bpf_map_elem")`, `iter/bpf_sk_storage_map`,
    /// ...) to `map`: each session walks that map's elements.
    pub fn attach_map(&self, map: &Map) -> Result<IterLink, AttachError> {
        let info = IterLinkInfo::map(map.as_fd());
        attach_scoped(self.name(), self.as_fd(), &info, format!("map `{}`", map.name()))
    }

    /// Attaches a task iterator (`iter/task`, `iter/task_file`, `iter/task_vma`) that
    /// walks only the tasks of `scope` (Linux 6.1).
    pub fn attach_task(&self, scope: TaskScope) -> Result<IterLink, AttachError> {
        let (info, what) = match scope {
            TaskScope::Thread(tid) => (IterLinkInfo::task(tid, 0), format!("thread {tid}")),
            TaskScope::Process(pid) => (IterLinkInfo::task(0, pid), format!("process {pid}")),
        };
        attach_scoped(self.name(), self.as_fd(), &info, what)
    }

    /// Attaches a cgroup iterator (`iter/cgroup`) that walks `cgroup` (an open cgroup v2
    /// directory) in `order` (Linux 6.1).
    pub fn attach_cgroup(&self, cgroup: &impl AsFd, order: CgroupOrder) -> Result<IterLink, AttachError> {
        let info = IterLinkInfo::cgroup(cgroup.as_fd(), order.as_raw());
        attach_scoped(self.name(), self.as_fd(), &info, format!("cgroup ({order:?})"))
    }
});
