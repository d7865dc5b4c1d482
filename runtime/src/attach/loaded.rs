//! Loaded programs: [`Loaded`] (the object's own load) and [`Instance`] (an owned clone).
//! Attach methods are implemented on these two types, per kind.

use crate::abi::AttachType;
use std::marker::PhantomData;
use std::os::fd::{AsFd, BorrowedFd};

use super::kind::ProgKind;
use super::prog::Prog;
use crate::{ClonedProgram, LoadReport, ProgramFd};

/// The object's loaded instance of a [`Prog`], borrowed from it. Holds a reference to the
/// kernel program, so it stays valid even if the program is unloaded meanwhile.
pub struct Loaded<'a, K: ProgKind> {
    prog: &'a Prog<K>,
    fd: ProgramFd,
    report: LoadReport,
}

impl<K: ProgKind> std::fmt::Debug for Loaded<'_, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Loaded")
            .field("name", &self.name())
            .field("prog_id", &self.report.prog_id)
            .finish()
    }
}

impl<'a, K: ProgKind> Loaded<'a, K> {
    pub(crate) fn new(prog: &'a Prog<K>, fd: ProgramFd, report: LoadReport) -> Self {
        Loaded { prog, fd, report }
    }

    /// The program handle.
    pub fn prog(&self) -> &'a Prog<K> {
        self.prog
    }

    /// Function name.
    pub fn name(&self) -> &'a str {
        self.prog.name()
    }

    /// The report of the load.
    pub fn report(&self) -> &LoadReport {
        &self.report
    }

    /// A shared handle to the program's fd.
    pub fn fd(&self) -> &ProgramFd {
        &self.fd
    }

    /// The attach target declared in `SEC()`, if any.
    pub(crate) fn sec_target(&self) -> Option<&'a str> {
        self.prog.program().spec().attach_target.as_deref()
    }

    /// The `expected_attach_type` the program was loaded with.
    pub(crate) fn attach_type(&self) -> AttachType {
        self.prog.program().spec().load_attach_type()
    }

    /// The program's section name, as written in `SEC()`.
    pub(crate) fn section(&self) -> &'a str {
        &self.prog.program().spec().section
    }
}

impl<K: ProgKind> AsFd for Loaded<'_, K> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

/// An owned, independent kernel instance of a program of kind `K`, made by
/// [`Prog::clone_with`]. Loaded by construction; the kernel program lives until this
/// value and every attachment made from it are dropped.
pub struct Instance<K: ProgKind> {
    inner: ClonedProgram,
    _kind: PhantomData<fn() -> K>,
}

impl<K: ProgKind> std::fmt::Debug for Instance<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Instance")
            .field("name", &self.name())
            .field("prog_id", &self.report().prog_id)
            .finish()
    }
}

impl<K: ProgKind> Instance<K> {
    pub(crate) fn new(inner: ClonedProgram) -> Self {
        Instance {
            inner,
            _kind: PhantomData,
        }
    }

    /// Name of the program it was cloned from.
    pub fn name(&self) -> &str {
        self.inner.name()
    }

    /// The report of this instance's load.
    pub fn report(&self) -> &LoadReport {
        self.inner.report()
    }

    /// The untyped clone.
    pub fn cloned(&self) -> &ClonedProgram {
        &self.inner
    }

    /// Gives up the typed handle.
    pub fn into_inner(self) -> ClonedProgram {
        self.inner
    }

    /// The attach target declared in `SEC()`, if any.
    pub(crate) fn sec_target(&self) -> Option<&str> {
        self.inner.sec_target()
    }

    /// The `expected_attach_type` this instance was loaded with.
    pub(crate) fn attach_type(&self) -> AttachType {
        self.inner.attach_type()
    }

    /// The program's section name, as written in `SEC()`.
    pub(crate) fn section(&self) -> &str {
        self.inner.section()
    }
}

impl<K: ProgKind> AsFd for Instance<K> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.inner.as_fd()
    }
}

/// Implements the same attach methods on [`Loaded`] and [`Instance`] of one kind: the
/// bodies use `self.name()`, `self.as_fd()`, `self.sec_target()`, `self.attach_type()`
/// and `self.section()`, which both types provide.
macro_rules! attach_methods {
    ($kind:ty { $($methods:tt)* }) => {
        impl $crate::attach::Loaded<'_, $kind> {
            $($methods)*
        }

        impl $crate::attach::Instance<$kind> {
            $($methods)*
        }
    };
}
pub(crate) use attach_methods;
