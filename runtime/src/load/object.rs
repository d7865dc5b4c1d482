//! [`PreparedObject`]: what users hold after prepare — the prepared maps and templates
//! plus each program's load state.

use std::os::fd::{AsFd, BorrowedFd};
use std::sync::Arc;
use std::time::Duration;

use super::error::ProgramError;
use super::program::Program;
use super::state::ProgramState;
use crate::obj::ObjectSpec;
use crate::prepare::map::{Map, MapError};
use crate::prepare::{prepare, PrepareError, PrepareOpts, Shared};

/// An object whose BTF is loaded, maps are created and programs have templates: any
/// program can now be loaded ([`Program::load_lazy`]) or cloned
/// ([`Program::clone_with`]), in any order, from any thread.
pub struct PreparedObject {
    shared: Arc<Shared>,
    programs: Vec<ProgramState>,
    btf_warning: Option<String>,
    prepare_time: Duration,
}

impl std::fmt::Debug for PreparedObject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreparedObject")
            .field("name", &self.shared.name)
            .field(
                "programs",
                &self
                    .programs
                    .iter()
                    .map(|p| &p.spec().name)
                    .collect::<Vec<_>>(),
            )
            .field(
                "maps",
                &self
                    .shared
                    .maps
                    .iter()
                    .map(|m| m.name())
                    .collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl PreparedObject {
    /// Prepares `spec` with default options.
    pub fn prepare(spec: ObjectSpec) -> Result<Arc<PreparedObject>, PrepareError> {
        Self::prepare_with(spec, &PrepareOpts::default())
    }

    /// Prepares `spec`: loads BTF, creates every map (reusing compatible pinned maps),
    /// and builds every program's template, whether or not it is autoloaded.
    pub fn prepare_with(
        spec: ObjectSpec,
        opts: &PrepareOpts,
    ) -> Result<Arc<PreparedObject>, PrepareError> {
        let prepared = prepare(spec, opts)?;
        let programs = prepared
            .programs
            .into_iter()
            .map(|p| ProgramState::new(Arc::clone(&prepared.shared), p))
            .collect();
        Ok(Arc::new(PreparedObject {
            shared: prepared.shared,
            programs,
            btf_warning: prepared.btf_warning,
            prepare_time: prepared.prepare_time,
        }))
    }

    /// Object name.
    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// Every program, in (section, offset) order.
    pub fn programs(self: &Arc<Self>) -> Vec<Program> {
        (0..self.programs.len())
            .map(|i| Program::at(self, i))
            .collect()
    }

    /// The program named `name`, of any kind (see [`Program::typed`], or
    /// [`Program::new`] for a typed handle directly).
    pub fn program(self: &Arc<Self>, name: &str) -> Option<Program> {
        self.program_index(name).ok().map(|i| Program::at(self, i))
    }

    /// The index of program `name`.
    pub(crate) fn program_index(&self, name: &str) -> Result<usize, ProgramError> {
        self.programs
            .iter()
            .position(|p| p.spec().name == name)
            .ok_or_else(|| ProgramError::NotFound {
                object: self.name().to_string(),
                program: name.to_string(),
            })
    }

    /// The state of program `index`.
    pub(crate) fn state(&self, index: usize) -> &ProgramState {
        &self.programs[index]
    }

    /// All maps, in declaration order (declared maps, then data maps).
    pub fn maps(&self) -> &[Map] {
        &self.shared.maps
    }

    /// The map named `name` (C name, or `.rodata` / `.data.foo` for data maps).
    pub fn map(&self, name: &str) -> Option<&Map> {
        self.shared.maps.iter().find(|m| m.name() == name)
    }

    /// The index of map `name` in [`Self::maps`].
    pub(crate) fn map_index(&self, name: &str) -> Result<usize, MapError> {
        self.shared
            .maps
            .iter()
            .position(|m| m.name() == name)
            .ok_or_else(|| MapError::NotFound {
                object: self.name().to_string(),
                map: name.to_string(),
            })
    }

    /// Why the object's BTF could not be loaded, if it could not (maps were then created
    /// without BTF type information, as libbpf does).
    pub fn btf_warning(&self) -> Option<&str> {
        self.btf_warning.as_deref()
    }

    pub(crate) fn shared(&self) -> &Shared {
        &self.shared
    }

    /// The object's kernel BTF fd, if BTF was loaded.
    pub fn btf_fd(&self) -> Option<BorrowedFd<'_>> {
        self.shared.btf_fd()
    }

    /// The BPF token the object was prepared with, if any.
    pub fn token_fd(&self) -> Option<BorrowedFd<'_>> {
        self.shared.token.as_ref().map(|t| t.as_fd())
    }

    /// Wall time `prepare` took.
    pub fn prepare_time(&self) -> Duration {
        self.prepare_time
    }

    /// Loads every program whose `autoload` is set, like libbpf's `bpf_object__load`.
    /// Returns the first failure; programs loaded before it stay loaded.
    pub fn load_autoload(&self) -> Result<(), ProgramError> {
        for p in self.programs.iter().filter(|p| p.spec().autoload) {
            p.load_lazy()?;
        }
        Ok(())
    }
}
