//! Name lookups in a prepared object that fail with a [`SkelError`].

use super::error::SkelError;
use crate::{Error, PreparedObject};

/// Index of the map `name` in [`PreparedObject::maps`].
pub(crate) fn map_index(obj: &PreparedObject, name: &str) -> Result<usize, Error> {
    obj.maps()
        .iter()
        .position(|m| m.name() == name)
        .ok_or_else(|| {
            SkelError::NoMap {
                object: obj.name().to_string(),
                map: name.to_string(),
            }
            .into()
        })
}

/// Index of the program `name` in [`PreparedObject::programs`].
pub(crate) fn program_index(obj: &PreparedObject, name: &str) -> Result<usize, Error> {
    obj.programs()
        .iter()
        .position(|p| p.name() == name)
        .ok_or_else(|| {
            SkelError::NoProgram {
                object: obj.name().to_string(),
                program: name.to_string(),
            }
            .into()
        })
}
