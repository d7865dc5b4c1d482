//! [`ProgramState`]: what the object keeps per program (its prepared template and, once
//! loaded, its fd and report), and the load, unload and clone operations on it. Handles
//! ([`Program`](super::Program)) reach it through the object.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use super::attrs::LoadAttrs;
use super::clone_maps::CloneMaps;
use super::clone_opts::CloneOpts;
use super::cloned::ClonedProgram;
use super::error::ProgramError;
use super::prog_load::load;
use super::report::LazyReport;
use crate::obj::ProgramSpec;
use crate::prepare::template::{ProgramTemplate, TemplateError};
use crate::prepare::{PreparedProgram, Shared};
use crate::sys;

/// A shared handle to a loaded program's fd. The kernel program stays alive while any
/// `ProgramFd` (or a link using it) exists, even after [`Program::unload`](super::Program::unload).
#[derive(Debug, Clone)]
pub struct ProgramFd(Arc<OwnedFd>);

impl ProgramFd {
    /// Pins the program at `path` on bpffs: the kernel program then lives until the pin
    /// is removed, after every fd is closed and after the process exits. The path's
    /// directory must lie on a bpffs mount.
    pub fn pin(&self, path: impl AsRef<Path>) -> Result<(), ProgramError> {
        pin_at(self.as_fd(), path.as_ref())
    }

    /// The program pinned at `path` (by this process or another).
    pub fn from_pin(path: impl AsRef<Path>) -> Result<ProgramFd, ProgramError> {
        let path = path.as_ref();
        sys::open_pin_on_bpffs(path)
            .map(|fd| ProgramFd(Arc::new(fd)))
            .map_err(|source| pin_error(path, source))
    }

    /// Removes the pin at `path`; the program goes once nothing else holds it.
    pub fn unpin(path: impl AsRef<Path>) -> Result<(), ProgramError> {
        let path = path.as_ref();
        sys::unpin_on_bpffs(path).map_err(|source| pin_error(path, source))
    }
}

/// Pins the program `fd` at `path` after checking that the path is on bpffs.
pub(crate) fn pin_at(fd: BorrowedFd<'_>, path: &Path) -> Result<(), ProgramError> {
    sys::pin_on_bpffs(fd, path).map_err(|source| pin_error(path, source))
}

/// A failed pin operation at `path`.
fn pin_error(path: &Path, source: sys::SyscallError) -> ProgramError {
    ProgramError::Pin {
        path: path.to_path_buf(),
        source,
    }
}

impl AsFd for ProgramFd {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

#[derive(Debug)]
struct Loaded {
    fd: ProgramFd,
    report: Arc<LazyReport>,
}

/// One program of a [`crate::PreparedObject`]: its prepared form and its current load.
/// All methods take `&self` and are safe to call from many threads.
pub(crate) struct ProgramState {
    shared: Arc<Shared>,
    prepared: PreparedProgram,
    state: Mutex<Option<Loaded>>,
}

impl std::fmt::Debug for ProgramState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProgramState")
            .field("name", &self.spec().name)
            .field("section", &self.spec().section)
            .field("loaded", &self.state.try_lock().map(|s| s.is_some()).ok())
            .finish_non_exhaustive()
    }
}

impl ProgramState {
    pub(crate) fn new(shared: Arc<Shared>, prepared: PreparedProgram) -> ProgramState {
        ProgramState {
            shared,
            prepared,
            state: Mutex::new(None),
        }
    }

    /// The blueprint this program is loaded from (kept once, in the object's spec).
    pub fn spec(&self) -> &ProgramSpec {
        &self.shared.source.programs[self.prepared.index]
    }

    /// The program's template (or why building it failed).
    pub fn template(&self) -> Result<&ProgramTemplate, &TemplateError> {
        self.prepared
            .template
            .get_or_init(|| self.shared.build_template(self.spec()))
            .as_ref()
    }

    fn lock(&self) -> MutexGuard<'_, Option<Loaded>> {
        // A panic while holding the lock cannot leave `Option<Loaded>` half-written.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Loads the program now if it is not loaded. Idempotent: later calls return the
    /// first load's report. Concurrent callers load it exactly once.
    ///
    /// Fills the prog-array slots that declare this program (`.values = { [i] = &prog }`).
    pub fn load_lazy(&self) -> Result<(ProgramFd, Arc<LazyReport>), ProgramError> {
        let mut state = self.lock();
        if let Some(loaded) = state.as_ref() {
            return Ok((loaded.fd.clone(), Arc::clone(&loaded.report)));
        }
        let spec = self.spec();
        let template = self.template().map_err(|e| e.clone())?;
        let attrs = LoadAttrs::inherit(&self.shared, spec)?;
        let (fd, report) = load(&self.shared, spec, template, &attrs, &CloneMaps::default())?;
        self.fill_slots(fd.as_fd())?;
        let fd = ProgramFd(Arc::new(fd));
        let report = Arc::new(LazyReport::new(report));
        *state = Some(Loaded {
            fd: fd.clone(),
            report: Arc::clone(&report),
        });
        Ok((fd, report))
    }

    /// Drops the object's reference to the loaded program and clears its prog-array
    /// slots. Returns whether it was loaded.
    pub fn unload(&self) -> bool {
        let mut state = self.lock();
        let was = state.take().is_some();
        if was {
            for (map, idx) in &self.prepared.slots {
                if let Some(m) = self.shared.maps.get(*map) {
                    // Best effort: the slot may have been overwritten by the user.
                    let _ = m.access().delete(&idx.to_ne_bytes());
                }
            }
        }
        was
    }

    /// The current load's fd and report, read together (one lock).
    pub fn current(&self) -> Option<(ProgramFd, Arc<LazyReport>)> {
        self.lock()
            .as_ref()
            .map(|l| (l.fd.clone(), Arc::clone(&l.report)))
    }

    /// Loads an additional, independent kernel instance of this program with `opts`
    /// overriding the load attributes. Works whether or not the program itself was ever
    /// loaded; shares the object's maps; binds `.rodata`.
    pub fn clone_with(&self, opts: &CloneOpts<'_>) -> Result<ClonedProgram, ProgramError> {
        let spec = self.spec();
        let template = self.template().map_err(|e| e.clone())?;
        let mut attrs = LoadAttrs::inherit(&self.shared, spec)?;
        attrs.override_with(opts);
        let maps = CloneMaps::build(&self.shared, spec, opts)?;
        let (fd, report) = load(&self.shared, spec, template, &attrs, &maps)?;
        Ok(ClonedProgram::new(
            spec,
            attrs.expected_attach_type,
            fd,
            LazyReport::new(report),
            maps.into_owned(),
            Arc::clone(&self.shared),
            opts.replace_maps.iter().map(|(n, _)| n.clone()).collect(),
        ))
    }

    fn fill_slots(&self, fd: BorrowedFd<'_>) -> Result<(), ProgramError> {
        let raw = std::os::fd::AsRawFd::as_raw_fd(&fd) as u32;
        for (map, idx) in &self.prepared.slots {
            let Some(m) = self.shared.maps.get(*map) else {
                continue;
            };
            m.access()
                .update(&idx.to_ne_bytes(), &raw.to_ne_bytes(), 0)
                .map_err(|source| ProgramError::Syscall {
                    program: self.spec().name.clone(),
                    source,
                })?;
        }
        Ok(())
    }
}
