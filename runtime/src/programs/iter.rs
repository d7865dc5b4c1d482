//! Iterators: `SEC("iter/<target>")` programs (`task`, `bpf_map`, `tcp`, ...) attached
//! as a link; each [`IterLink::open`] starts a read session that runs the program.

use std::fs::File;
use std::io::Read;
use std::os::fd::{AsFd, BorrowedFd};

use super::error::AttachError;
use super::kind::prog_kind;
use super::link::Link;
use super::loaded::attach_methods;
#[cfg(doc)]
use super::loaded::{Instance, Loaded};
use crate::map::Map;
use crate::sys::{self, consts::BPF_TRACE_ITER};
use crate::Error;

prog_kind! {
    /// `SEC("iter/<target>")`, `SEC("iter.s/<target>")`: an iterator program.
    /// `attach()` on a [`Loaded`] or [`Instance`] gives an [`IterLink`] to read from.
    Iter
}

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
    pub fn open(&self) -> Result<File, Error> {
        let fd = sys::iter_create(self.link.as_fd())
            .map_err(|e| AttachError::syscall(&self.program, "a read session".into(), e))?;
        Ok(File::from(fd))
    }

    /// Runs one session to the end and returns what the program wrote.
    pub fn read_to_string(&self) -> Result<String, Error> {
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
pub(super) fn attach_iter(program: &str, prog: BorrowedFd<'_>) -> Result<IterLink, Error> {
    let fd = sys::link_create(prog, 0, BPF_TRACE_ITER, 0)
        .map_err(|e| AttachError::syscall(program, "its iterator target".into(), e))?;
    Ok(IterLink {
        program: program.to_string(),
        link: Link::from_fd(fd),
    })
}

/// Shared body of `attach_map`.
fn attach_map_iter(program: &str, prog: BorrowedFd<'_>, map: &Map) -> Result<IterLink, Error> {
    let what = || format!("map `{}`", map.name());
    let fd = sys::link_create_map_iter(prog, BPF_TRACE_ITER, map.as_fd())
        .map_err(|e| AttachError::syscall(program, what(), e))?;
    Ok(IterLink {
        program: program.to_string(),
        link: Link::from_fd(fd),
    })
}

attach_methods!(Iter {
    /// Attaches the iterator to the target it was loaded for (`SEC("iter/task")` →
    /// every task).
    pub fn attach(&self) -> Result<IterLink, Error> {
        attach_iter(self.name(), self.as_fd())
    }

    /// Attaches a map iterator (`SEC("iter/bpf_map_elem")`, `iter/bpf_sk_storage_map`,
    /// ...) to `map`: each session walks that map's elements. Iterators over a cgroup or
    /// one task are not covered yet.
    pub fn attach_map(&self, map: &Map) -> Result<IterLink, Error> {
        attach_map_iter(self.name(), self.as_fd(), map)
    }
});
