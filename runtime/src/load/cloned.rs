//! [`ClonedProgram`]: an owned, independent kernel instance of a program.

use crate::abi::AttachType;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use super::report::LoadReport;
use crate::obj::section_table::ProgramKind;
use crate::obj::ProgramSpec;

/// A program instance returned by [`crate::Program::clone_with`]. It owns its fd: the
/// kernel program lives until this value (and any link made from it) is dropped.
#[derive(Debug)]
pub struct ClonedProgram {
    name: String,
    section: String,
    kind: ProgramKind,
    /// The `SEC()` attach target of the program it was cloned from.
    attach_target: Option<String>,
    /// The `expected_attach_type` this instance was loaded with (overrides applied).
    attach_type: AttachType,
    fd: OwnedFd,
    report: LoadReport,
}

impl ClonedProgram {
    pub(crate) fn new(
        spec: &ProgramSpec,
        attach_type: AttachType,
        fd: OwnedFd,
        report: LoadReport,
    ) -> Self {
        ClonedProgram {
            name: spec.name.clone(),
            section: spec.section.clone(),
            kind: spec.kind(),
            attach_target: spec.attach_target.clone(),
            attach_type,
            fd,
            report,
        }
    }

    /// The `SEC()` attach target of the program it was cloned from, if any.
    pub(crate) fn sec_target(&self) -> Option<&str> {
        self.attach_target.as_deref()
    }

    /// The `expected_attach_type` this instance was loaded with.
    pub(crate) fn attach_type(&self) -> AttachType {
        self.attach_type
    }

    /// Name of the program it was cloned from.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Section of the program it was cloned from.
    pub fn section(&self) -> &str {
        &self.section
    }

    /// Program kind (same as the original's).
    pub fn kind(&self) -> ProgramKind {
        self.kind
    }

    /// The load report of this instance.
    pub fn report(&self) -> &LoadReport {
        &self.report
    }

    /// Gives up the handle and returns the owned fd.
    pub fn into_fd(self) -> OwnedFd {
        self.fd
    }
}

impl AsFd for ClonedProgram {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
