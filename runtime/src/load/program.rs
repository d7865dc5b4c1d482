//! [`Program`]: the handle to one program of a prepared object, with its kind as a type.

use std::marker::PhantomData;
use std::sync::Arc;

use super::clone_opts::CloneOpts;
use super::cloned::ClonedProgram;
use super::error::ProgramError;
use super::loaded::LoadedProgram;
use super::object::PreparedObject;
use super::report::LoadReport;
use super::state::{ProgramFd, ProgramState};
use crate::obj::kind::{AnyKind, Kind};
use crate::obj::{ProgramKind, ProgramSpec};
use crate::prepare::template::{ProgramTemplate, TemplateError};

/// A program of a prepared object, of kind `K`: a marker of [`crate::kind`] such as
/// [`Xdp`](crate::kind::Xdp), or [`AnyKind`] when the kind is known only at run time.
/// Cheap to clone, `Send + Sync`; every method takes `&self`.
///
/// - [`load_lazy`](Self::load_lazy) loads the object's instance (once, from any thread)
///   and returns it as a [`LoadedProgram`]; [`clone_with`](Self::clone_with) loads an
///   extra, owned [`ClonedProgram`]. The attach methods of kind `K` are on those two, so
///   attaching a program that is not loaded does not compile.
/// - [`typed`](Program::typed) turns a `Program<AnyKind>` into a `Program<K>` after
///   checking the kind; [`into_any`](Self::into_any) goes back.
pub struct Program<K: Kind = AnyKind> {
    obj: Arc<PreparedObject>,
    index: usize,
    _kind: PhantomData<fn() -> K>,
}

impl<K: Kind> Clone for Program<K> {
    fn clone(&self) -> Self {
        Program {
            obj: Arc::clone(&self.obj),
            index: self.index,
            _kind: PhantomData,
        }
    }
}

impl<K: Kind> std::fmt::Debug for Program<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program")
            .field("name", &self.name())
            .field("kind", &self.kind())
            .field("loaded", &self.is_loaded())
            .finish()
    }
}

impl<K: Kind> Program<K> {
    /// The program `name` of `obj`; fails if there is none or if its section gives a
    /// kind other than `K`.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, ProgramError> {
        let index = obj.program_index(name)?;
        Program::<AnyKind>::at(obj, index).typed()
    }

    fn state(&self) -> &ProgramState {
        self.obj.state(self.index)
    }

    /// The object the program belongs to.
    pub fn object(&self) -> &Arc<PreparedObject> {
        &self.obj
    }

    /// Function name.
    pub fn name(&self) -> &str {
        &self.spec().name
    }

    /// Section name, as written in `SEC()` (without `?`).
    pub fn section(&self) -> &str {
        &self.spec().section
    }

    /// The program's kind, from its section (or its type, if set before prepare).
    pub fn kind(&self) -> ProgramKind {
        self.spec().kind()
    }

    /// The blueprint it is loaded from.
    pub fn spec(&self) -> &ProgramSpec {
        self.state().spec()
    }

    /// Its template, or why building the template failed at prepare.
    pub fn template(&self) -> Result<&ProgramTemplate, &TemplateError> {
        self.state().template()
    }

    /// Loads the program unless it is loaded (idempotent; concurrent callers load it
    /// once) and returns the loaded instance, which carries the [`LoadReport`]. Fills
    /// the prog-array slots that declare this program (`.values = { [i] = &prog }`).
    pub fn load_lazy(&self) -> Result<LoadedProgram<K>, ProgramError> {
        let (fd, report) = self.state().load_lazy()?;
        Ok(LoadedProgram::new(self.clone(), fd, report))
    }

    /// The loaded instance, if the program is loaded.
    pub fn loaded(&self) -> Option<LoadedProgram<K>> {
        let (fd, report) = self.state().current()?;
        Some(LoadedProgram::new(self.clone(), fd, report))
    }

    /// Drops the object's reference to the loaded program and clears its prog-array
    /// slots (attachments and [`LoadedProgram`]s keep the kernel program alive). Returns
    /// whether it was loaded.
    pub fn unload(&self) -> bool {
        self.state().unload()
    }

    /// Whether the program is loaded.
    pub fn is_loaded(&self) -> bool {
        self.state().current().is_some()
    }

    /// The report of the current load, if loaded.
    pub fn report(&self) -> Option<LoadReport> {
        let (fd, report) = self.state().current()?;
        Some(report.get(std::os::fd::AsFd::as_fd(&fd)).clone())
    }

    /// The current load's fd, if loaded.
    pub fn fd(&self) -> Option<ProgramFd> {
        self.state().current().map(|(fd, _)| fd)
    }

    /// Loads an additional, independent kernel instance with `opts` overriding the load
    /// attributes (`None` inherits, `Some` replaces, zero included). Works whether or not
    /// the program itself was ever loaded; shares the object's maps; binds `.rodata`.
    pub fn clone_with(&self, opts: &CloneOpts<'_>) -> Result<ClonedProgram<K>, ProgramError> {
        Ok(self.state().clone_with(opts)?.retype())
    }

    /// The same program with its kind known only at run time.
    pub fn into_any(self) -> Program {
        Program {
            obj: self.obj,
            index: self.index,
            _kind: PhantomData,
        }
    }
}

impl Program {
    /// The program at `index` of `obj` (`index` < `obj.programs().len()`).
    pub(crate) fn at(obj: &Arc<PreparedObject>, index: usize) -> Program {
        Program {
            obj: Arc::clone(obj),
            index,
            _kind: PhantomData,
        }
    }

    /// The same program with kind `K`, if that is its kind.
    pub fn typed<K: Kind>(self) -> Result<Program<K>, ProgramError> {
        let found = self.kind();
        if let Some(expected) = K::KIND.filter(|k| *k != found) {
            return Err(ProgramError::WrongKind {
                program: self.name().to_string(),
                expected,
                found,
            });
        }
        Ok(Program {
            obj: self.obj,
            index: self.index,
            _kind: PhantomData,
        })
    }
}
