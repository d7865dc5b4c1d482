//! [`Program`]: one program of a prepared object, loadable lazily and clonable.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::sync::{Arc, Mutex, MutexGuard};

use super::attrs::LoadAttrs;
use super::clone_opts::CloneOpts;
use super::cloned::ClonedProgram;
use super::error::ProgramError;
use super::prog_load::load;
use super::report::LoadReport;
use crate::obj::section_table::ProgramKind;
use crate::obj::ProgramSpec;
use crate::prepare::template::{ProgramTemplate, TemplateError};
use crate::prepare::Shared;
use crate::sys;

/// A shared handle to a loaded program's fd. The kernel program stays alive while any
/// `ProgramFd` (or a link using it) exists, even after [`Program::unload`].
#[derive(Debug, Clone)]
pub struct ProgramFd(Arc<OwnedFd>);

impl AsFd for ProgramFd {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

#[derive(Debug)]
struct Loaded {
    fd: ProgramFd,
    report: LoadReport,
}

/// One program of a [`crate::PreparedObject`]. All methods take `&self` and are safe to
/// call from many threads.
pub struct Program {
    shared: Arc<Shared>,
    spec: ProgramSpec,
    template: Result<ProgramTemplate, TemplateError>,
    /// Prog-array slots (map index, slot) that declaratively point at this program.
    slots: Vec<(usize, u32)>,
    state: Mutex<Option<Loaded>>,
}

impl std::fmt::Debug for Program {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Program")
            .field("name", &self.spec.name)
            .field("section", &self.spec.section)
            .field("loaded", &self.state.try_lock().map(|s| s.is_some()).ok())
            .finish_non_exhaustive()
    }
}

impl Program {
    pub(crate) fn new(
        shared: Arc<Shared>,
        spec: ProgramSpec,
        template: Result<ProgramTemplate, TemplateError>,
        slots: Vec<(usize, u32)>,
    ) -> Program {
        Program {
            shared,
            spec,
            template,
            slots,
            state: Mutex::new(None),
        }
    }

    /// Function name.
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    /// Section name (without `?`).
    pub fn section(&self) -> &str {
        &self.spec.section
    }

    /// Program kind derived from the section.
    pub fn kind(&self) -> ProgramKind {
        self.spec.kind()
    }

    /// The blueprint this program is loaded from.
    pub fn spec(&self) -> &ProgramSpec {
        &self.spec
    }

    /// The linked template (or why linking failed).
    pub fn template(&self) -> Result<&ProgramTemplate, &TemplateError> {
        self.template.as_ref()
    }

    fn lock(&self) -> MutexGuard<'_, Option<Loaded>> {
        // A panic while holding the lock cannot leave `Option<Loaded>` half-written.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Loads the program now if it is not loaded. Idempotent: later calls return the
    /// first load's report. Concurrent callers load it exactly once.
    ///
    /// Fills the prog-array slots that declare this program (`.values = { [i] = &prog }`).
    pub fn load_lazy(&self) -> Result<LoadReport, ProgramError> {
        let mut state = self.lock();
        if let Some(loaded) = state.as_ref() {
            return Ok(loaded.report.clone());
        }
        let template = self.template.as_ref().map_err(|e| e.clone())?;
        let attrs = LoadAttrs::inherit(&self.shared, &self.spec)?;
        let (fd, report) = load(&self.shared, &self.spec, template, &attrs)?;
        self.fill_slots(fd.as_fd())?;
        *state = Some(Loaded {
            fd: ProgramFd(Arc::new(fd)),
            report: report.clone(),
        });
        Ok(report)
    }

    /// Drops the object's reference to the loaded program and clears its prog-array
    /// slots. Returns whether it was loaded.
    pub fn unload(&self) -> bool {
        let mut state = self.lock();
        let was = state.take().is_some();
        if was {
            for (map, idx) in &self.slots {
                if let Some(m) = self.shared.maps.get(*map) {
                    // Best effort: the slot may have been overwritten by the user.
                    let _ = sys::map_delete_elem(m.as_fd(), &idx.to_ne_bytes());
                }
            }
        }
        was
    }

    /// Is the program loaded (by [`Program::load_lazy`])?
    pub fn is_loaded(&self) -> bool {
        self.lock().is_some()
    }

    /// The loaded program's fd.
    pub fn fd(&self) -> Option<ProgramFd> {
        self.lock().as_ref().map(|l| l.fd.clone())
    }

    /// The report of the current load.
    pub fn report(&self) -> Option<LoadReport> {
        self.lock().as_ref().map(|l| l.report.clone())
    }

    /// The current load's fd and report, read together (one lock).
    pub(crate) fn current(&self) -> Option<(ProgramFd, LoadReport)> {
        self.lock()
            .as_ref()
            .map(|l| (l.fd.clone(), l.report.clone()))
    }

    /// Loads an additional, independent kernel instance of this program with `opts`
    /// overriding the load attributes. Works whether or not the program itself was ever
    /// loaded; shares the object's maps; binds `.rodata`.
    pub fn clone_with(&self, opts: &CloneOpts<'_>) -> Result<ClonedProgram, ProgramError> {
        let template = self.template.as_ref().map_err(|e| e.clone())?;
        let mut attrs = LoadAttrs::inherit(&self.shared, &self.spec)?;
        attrs.override_with(opts);
        let (fd, report) = load(&self.shared, &self.spec, template, &attrs)?;
        Ok(ClonedProgram::new(
            &self.spec,
            attrs.expected_attach_type,
            fd,
            report,
        ))
    }

    fn fill_slots(&self, fd: BorrowedFd<'_>) -> Result<(), ProgramError> {
        let raw = std::os::fd::AsRawFd::as_raw_fd(&fd) as u32;
        for (map, idx) in &self.slots {
            let Some(m) = self.shared.maps.get(*map) else {
                continue;
            };
            sys::map_update_elem(m.as_fd(), &idx.to_ne_bytes(), &raw.to_ne_bytes(), 0).map_err(
                |source| ProgramError::Syscall {
                    program: self.spec.name.clone(),
                    source,
                },
            )?;
        }
        Ok(())
    }
}
