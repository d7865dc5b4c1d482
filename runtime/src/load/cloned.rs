//! [`ClonedProgram`]: an owned, independent kernel instance of a program.

use std::marker::PhantomData;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::Arc;

use super::report::{LazyReport, LoadReport};
use crate::abi::AttachType;
use crate::obj::kind::{AnyKind, Kind};
use crate::obj::{ProgramKind, ProgramSpec};
use crate::prepare::map::Map;
use crate::prepare::Shared;

/// An extra kernel instance of a program, made by
/// [`Program::clone_with`](super::Program::clone_with) with its own load attributes.
/// Loaded by construction and owned: the kernel program lives until this value and every
/// attachment made from it are dropped. `K` is the program's kind, as for
/// [`Program`](super::Program); the attach methods of kind `K` are on it.
pub struct ClonedProgram<K: Kind = AnyKind> {
    name: String,
    section: String,
    kind: ProgramKind,
    /// The `SEC()` attach target of the program it was cloned from.
    attach_target: Option<String>,
    /// The `expected_attach_type` this instance was loaded with (overrides applied).
    attach_type: AttachType,
    fd: OwnedFd,
    report: LazyReport,
    /// Maps made for this instance: its own `.rodata` contents and private maps.
    maps: Vec<Arc<Map>>,
    /// The object's maps, for the ones this instance shares.
    shared: Arc<Shared>,
    /// Maps this instance uses in place of the object's, handed in by the caller.
    replaced: Vec<String>,
    _kind: PhantomData<fn() -> K>,
}

impl<K: Kind> std::fmt::Debug for ClonedProgram<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClonedProgram")
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("fd", &self.fd)
            .finish()
    }
}

impl ClonedProgram {
    pub(crate) fn new(
        spec: &ProgramSpec,
        attach_type: AttachType,
        fd: OwnedFd,
        report: LazyReport,
        maps: Vec<Arc<Map>>,
        shared: Arc<Shared>,
        replaced: Vec<String>,
    ) -> Self {
        ClonedProgram {
            name: spec.name.clone(),
            section: spec.section.clone(),
            kind: spec.kind(),
            attach_target: spec.attach_target.clone(),
            attach_type,
            fd,
            report,
            maps,
            shared,
            replaced,
            _kind: PhantomData,
        }
    }
}

impl<K: Kind> ClonedProgram<K> {
    /// The same instance with kind `L`, for conversions the caller has checked.
    pub(crate) fn retype<L: Kind>(self) -> ClonedProgram<L> {
        ClonedProgram {
            name: self.name,
            section: self.section,
            kind: self.kind,
            attach_target: self.attach_target,
            attach_type: self.attach_type,
            fd: self.fd,
            report: self.report,
            maps: self.maps,
            shared: self.shared,
            replaced: self.replaced,
            _kind: PhantomData,
        }
    }

    /// Forgets the static kind (the kind stays known at run time: [`Self::kind`]).
    pub fn into_any(self) -> ClonedProgram {
        self.retype()
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

    /// Section of the program it was cloned from, as written in `SEC()`.
    pub fn section(&self) -> &str {
        &self.section
    }

    /// Program kind (same as the original's).
    pub fn kind(&self) -> ProgramKind {
        self.kind
    }

    /// The load report of this instance.
    pub fn report(&self) -> &LoadReport {
        self.report.get(self.fd.as_fd())
    }

    /// The map `name` made for this instance ([`CloneOpts::private_maps`] and
    /// [`CloneOpts::rodata`](super::CloneOpts::rodata)); `None` for a map it shares with
    /// the object. Wrap it in a typed handle with
    /// [`MapHandle::from_map`](crate::maps::MapHandle::from_map).
    ///
    /// [`CloneOpts::private_maps`]: super::CloneOpts::private_maps
    pub fn map(&self, name: &str) -> Option<&Arc<Map>> {
        self.maps.iter().find(|m| m.name() == name)
    }

    /// The map `name` as this instance uses it: its own, else the object's; `None` for
    /// one the caller replaced (this value does not hold it) or that does not exist.
    pub(crate) fn used_map(&self, name: &str) -> Option<&Map> {
        if self.replaced.iter().any(|r| r == name) {
            return None;
        }
        self.map(name)
            .map(|m| &**m)
            .or_else(|| self.shared.maps.iter().find(|m| m.name() == name))
    }

    /// Every map made for this instance.
    pub fn maps(&self) -> &[Arc<Map>] {
        &self.maps
    }

    /// Pins this instance at `path` on bpffs (see [`ProgramFd::pin`](super::ProgramFd::pin)).
    pub fn pin(&self, path: impl AsRef<std::path::Path>) -> Result<(), super::ProgramError> {
        super::state::pin_at(self.fd.as_fd(), path.as_ref())
    }

    /// Gives up the handle and returns the owned fd.
    pub fn into_fd(self) -> OwnedFd {
        self.fd
    }
}

impl<K: Kind> AsFd for ClonedProgram<K> {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
