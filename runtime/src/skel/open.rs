//! [`OpenObject`]: the open phase of a skeleton — a parsed, still editable object.

use std::sync::Arc;

use super::data::{check_fit, Fit};
use super::error::SkelError;
use crate::obj::{MapOrigin, MapSpec, ProgramSpec};
use crate::pod::{self, Pod};
use crate::prepare::map::MapError;
use crate::ProgramError;
use crate::{Error, ObjectSpec, PrepareOpts, PreparedObject};

/// An object between parsing and preparing: maps, programs and initial global data can
/// still be changed. Generated `Open*` skeletons wrap one.
///
/// ```no_run
/// use bpfgen_runtime::skel::OpenObject;
/// # fn main() -> Result<(), bpfgen_runtime::Error> {
/// let bytes = std::fs::read("minimal.bpf.o").expect("object");
/// let mut open = OpenObject::from_bytes(&bytes, "minimal")?;
/// open.map_mut("counts")?.max_entries = 4096;
/// open.set_data(".rodata", &7u32)?;
/// let obj = open.prepare()?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct OpenObject {
    spec: ObjectSpec,
}

impl OpenObject {
    /// Parses `bytes` (an ELF BPF object) as the object `name`. No syscalls.
    pub fn from_bytes(bytes: &[u8], name: &str) -> Result<OpenObject, Error> {
        Ok(OpenObject {
            spec: ObjectSpec::parse_named(bytes, name)?,
        })
    }

    /// Wraps an already parsed spec.
    pub fn from_spec(spec: ObjectSpec) -> OpenObject {
        OpenObject { spec }
    }

    /// The object's spec.
    pub fn spec(&self) -> &ObjectSpec {
        &self.spec
    }

    /// The object's spec, editable.
    pub fn spec_mut(&mut self) -> &mut ObjectSpec {
        &mut self.spec
    }

    /// Gives up the wrapper.
    pub fn into_spec(self) -> ObjectSpec {
        self.spec
    }

    /// The map (or data section) `name`, editable.
    pub fn map_mut(&mut self, name: &str) -> Result<&mut MapSpec, Error> {
        let object = self.spec.name.clone();
        self.spec.map_mut(name).ok_or_else(|| {
            MapError::NotFound {
                object,
                map: name.to_string(),
            }
            .into()
        })
    }

    /// The program `name`, editable.
    pub fn program_mut(&mut self, name: &str) -> Result<&mut ProgramSpec, Error> {
        let object = self.spec.name.clone();
        self.spec.program_mut(name).ok_or_else(|| {
            ProgramError::NotFound {
                object,
                program: name.to_string(),
            }
            .into()
        })
    }

    /// The global-data map of `section`.
    fn data_map(&self, section: &str) -> Result<&MapSpec, Error> {
        let map = self.spec.map(section).ok_or_else(|| MapError::NotFound {
            object: self.spec.name.clone(),
            map: section.to_string(),
        })?;
        if !matches!(map.origin, MapOrigin::Data(_)) {
            return Err(SkelError::NotData {
                map: section.to_string(),
            }
            .into());
        }
        Ok(map)
    }

    /// Sets the initial contents of the data section `section` (`.rodata`, `.data`,
    /// `.bss`, `.data.*`, ...). `size_of::<T>()` must equal the section size, or be the
    /// section size rounded up to `T`'s alignment (the tail bytes are padding and are not
    /// written).
    pub fn set_data<T: Pod>(&mut self, section: &str, value: &T) -> Result<(), Error> {
        let size = self.data_map(section)?.value_size as usize;
        check_fit::<T>(section, size, Fit::Exact)?;
        let bytes = pod::bytes_of(value)[..size].to_vec();
        self.map_mut(section)?.initial_value = Some(bytes);
        Ok(())
    }

    /// Reads the initial contents of the data section `section` (zeroes for `.bss`).
    /// `T` may be shorter than the section (a prefix is read) or the section size rounded
    /// up to `T`'s alignment (the tail reads as zero).
    pub fn data<T: Pod>(&self, section: &str) -> Result<T, Error> {
        let map = self.data_map(section)?;
        check_fit::<T>(section, map.value_size as usize, Fit::Prefix)?;
        let mut value = pod::zeroed::<T>();
        if let Some(init) = &map.initial_value {
            let out = pod::bytes_of_mut(&mut value);
            let n = out.len().min(init.len());
            out[..n].copy_from_slice(&init[..n]);
        }
        Ok(value)
    }

    /// Prepares the object (BTF, maps, linked programs) with default options.
    pub fn prepare(self) -> Result<Arc<PreparedObject>, Error> {
        self.prepare_with(&PrepareOpts::default())
    }

    /// Prepares the object with `opts`.
    pub fn prepare_with(self, opts: &PrepareOpts) -> Result<Arc<PreparedObject>, Error> {
        Ok(PreparedObject::prepare_with(self.spec, opts)?)
    }
}
