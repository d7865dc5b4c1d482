//! The crate's top-level error.

use crate::attach::AttachError;
use crate::load::ProgramError;
use crate::obj::ParseError;
use crate::prepare::map::MapError;
use crate::prepare::PrepareError;
use crate::skel::SkelError;

/// Any error of this crate; match on the area-specific errors inside.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The object could not be parsed.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// The object could not be prepared (BTF, maps).
    #[error(transparent)]
    Prepare(#[from] PrepareError),
    /// A program could not be loaded or cloned.
    #[error(transparent)]
    Program(#[from] ProgramError),
    /// A map operation failed.
    #[error(transparent)]
    Map(#[from] MapError),
    /// A skeleton lookup or type check failed (unknown name, wrong map type, program
    /// kind or size).
    #[error(transparent)]
    Skel(#[from] SkelError),
    /// Attaching or detaching a program failed.
    #[error(transparent)]
    Attach(#[from] AttachError),
}

debug_as_display!(Error);
