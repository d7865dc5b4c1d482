//! [`Prog`]: a typed handle to one program of a prepared object.

use std::marker::PhantomData;
use std::sync::Arc;

use super::kind::ProgKind;
use super::loaded::{Instance, Loaded};
use crate::skel::{program_index, SkelError};
use crate::{CloneOpts, Error, PreparedObject, Program};

/// A program of kind `K` (a marker such as [`Xdp`](super::Xdp)) of a prepared object.
/// Cheap to clone, `Send + Sync`; every method takes `&self`.
///
/// Attach methods live on loaded handles only — [`Loaded`] from
/// [`load_lazy`](Self::load_lazy) / [`loaded`](Self::loaded), [`Instance`] from
/// [`clone_with`](Self::clone_with) — so attaching a program that is not loaded does not
/// compile.
pub struct Prog<K: ProgKind> {
    obj: Arc<PreparedObject>,
    index: usize,
    _kind: PhantomData<fn() -> K>,
}

impl<K: ProgKind> Clone for Prog<K> {
    fn clone(&self) -> Self {
        Prog {
            obj: Arc::clone(&self.obj),
            index: self.index,
            _kind: PhantomData,
        }
    }
}

impl<K: ProgKind> std::fmt::Debug for Prog<K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prog")
            .field("name", &self.name())
            .field("kind", &K::KIND)
            .field("loaded", &self.is_loaded())
            .finish()
    }
}

impl<K: ProgKind> Prog<K> {
    /// The program `name` of `obj`; fails if there is none or if its section gives another
    /// kind than `K`.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, Error> {
        let index = program_index(obj, name)?;
        let found = obj.programs()[index].kind();
        if found != K::KIND {
            return Err(SkelError::ProgramKind {
                program: name.to_string(),
                expected: K::KIND,
                found,
            }
            .into());
        }
        Ok(Prog {
            obj: Arc::clone(obj),
            index,
            _kind: PhantomData,
        })
    }

    /// The untyped program.
    pub fn program(&self) -> &Program {
        &self.obj.programs()[self.index]
    }

    /// The object the program belongs to.
    pub fn object(&self) -> &Arc<PreparedObject> {
        &self.obj
    }

    /// Function name.
    pub fn name(&self) -> &str {
        self.program().name()
    }

    /// Loads the program unless it is loaded (idempotent; concurrent callers load once)
    /// and returns the loaded handle, which carries the [`LoadReport`](crate::LoadReport).
    pub fn load_lazy(&self) -> Result<Loaded<'_, K>, Error> {
        let program = self.program();
        // Another thread may unload between the load and reading the fd: try again.
        for _ in 0..3 {
            program.load_lazy()?;
            if let Some((fd, report)) = program.current() {
                return Ok(Loaded::new(self, fd, report));
            }
        }
        Err(SkelError::Unloaded {
            program: self.name().to_string(),
        }
        .into())
    }

    /// The loaded handle, if the program is loaded.
    pub fn loaded(&self) -> Option<Loaded<'_, K>> {
        let (fd, report) = self.program().current()?;
        Some(Loaded::new(self, fd, report))
    }

    /// Drops the object's reference to the loaded program (attachments and [`Loaded`]
    /// handles keep the kernel program alive). Returns whether it was loaded.
    pub fn unload(&self) -> bool {
        self.program().unload()
    }

    /// Whether the program is loaded.
    pub fn is_loaded(&self) -> bool {
        self.program().is_loaded()
    }

    /// Loads an independent kernel instance with `opts` overriding load attributes
    /// (see [`Program::clone_with`]).
    pub fn clone_with(&self, opts: &CloneOpts<'_>) -> Result<Instance<K>, Error> {
        Ok(Instance::new(self.program().clone_with(opts)?))
    }
}
