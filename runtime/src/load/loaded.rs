//! [`LoadedProgram`]: the object's own loaded instance of a program.

use std::os::fd::{AsFd, BorrowedFd};

use super::program::Program;
use std::sync::Arc;

use super::report::{LazyReport, LoadReport};
use super::state::ProgramFd;
use crate::abi::AttachType;
use crate::obj::kind::{AnyKind, Kind};

/// The object's loaded instance of a [`Program`], from [`Program::load_lazy`] or
/// [`Program::loaded`]. Owns a reference to the kernel program, so it stays valid even
/// if the program is unloaded meanwhile. The attach methods of kind `K` are on it (and
/// on [`ClonedProgram`](super::ClonedProgram)).
pub struct LoadedProgram<K: Kind = AnyKind> {
    prog: Program<K>,
    fd: ProgramFd,
    report: Arc<LazyReport>,
}

impl<K: Kind> std::fmt::Debug for LoadedProgram<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedProgram")
            .field("name", &self.name())
            .field("fd", &self.fd)
            .finish()
    }
}

impl<K: Kind> LoadedProgram<K> {
    pub(crate) fn new(prog: Program<K>, fd: ProgramFd, report: Arc<LazyReport>) -> Self {
        LoadedProgram { prog, fd, report }
    }

    /// The program handle.
    pub fn program(&self) -> &Program<K> {
        &self.prog
    }

    /// Function name.
    pub fn name(&self) -> &str {
        self.prog.name()
    }

    /// The report of the load (its kernel-side fields are read from the kernel on the
    /// first call).
    pub fn report(&self) -> &LoadReport {
        self.report.get(self.fd.as_fd())
    }

    /// A shared handle to the program's fd.
    pub fn fd(&self) -> &ProgramFd {
        &self.fd
    }

    /// Pins the program at `path` on bpffs (see [`ProgramFd::pin`]).
    pub fn pin(&self, path: impl AsRef<std::path::Path>) -> Result<(), super::ProgramError> {
        self.fd.pin(path)
    }

    /// The attach target declared in `SEC()`, if any.
    pub(crate) fn sec_target(&self) -> Option<&str> {
        self.prog.spec().attach_target.as_deref()
    }

    /// The `expected_attach_type` the program was loaded with.
    pub(crate) fn attach_type(&self) -> AttachType {
        self.prog.spec().load_attach_type()
    }

    /// The object's map `name`, which this instance uses.
    pub(crate) fn used_map(&self, name: &str) -> Option<&crate::prepare::map::Map> {
        self.prog.object().map(name)
    }

    /// The program's section name, as written in `SEC()`.
    pub(crate) fn section(&self) -> &str {
        &self.prog.spec().section
    }
}

impl<K: Kind> AsFd for LoadedProgram<K> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
