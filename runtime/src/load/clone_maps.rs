//! The maps one clone uses in place of the object's: its own `.rodata` contents, private
//! instances, and maps the caller hands in ([`CloneOpts`]'s map fields).

use std::os::fd::{AsFd, BorrowedFd};
use std::sync::Arc;

use super::clone_opts::CloneOpts;
use super::error::ProgramError;
use crate::obj::{DataKind, MapOrigin, ProgramSpec};
use crate::prepare::create_map::{create_private, incompatibility};
use crate::prepare::map::Map;
use crate::prepare::Shared;
use crate::sys;

/// Whether `len` bytes are a section of `size` bytes: exactly, or as a generated section
/// struct, whose size is the section's rounded up to its alignment (the tail is padding).
fn fits_section(len: usize, size: usize) -> bool {
    len == size
        || [2, 4, 8, 16]
            .iter()
            .any(|a| size.next_multiple_of(*a) == len)
}

/// Map fds that replace the object's for one load, by map index.
#[derive(Default)]
pub(crate) struct CloneMaps<'a> {
    /// Maps created for this clone (its `.rodata` contents and private instances).
    owned: Vec<(usize, Arc<Map>)>,
    /// Maps the caller owns; borrowed for the load (the kernel program keeps its own
    /// reference to every map it uses).
    borrowed: Vec<(usize, BorrowedFd<'a>)>,
}

impl<'a> CloneMaps<'a> {
    /// Creates what `opts` asks for. Nothing is created unless every name is valid.
    pub fn build(
        shared: &Shared,
        spec: &ProgramSpec,
        opts: &CloneOpts<'a>,
    ) -> Result<CloneMaps<'a>, ProgramError> {
        let invalid = |reason: String| ProgramError::InvalidOptions {
            program: spec.name.clone(),
            reason,
        };
        let index_of = |name: &str, what: &str| {
            shared
                .source
                .maps
                .iter()
                .position(|m| m.name == name)
                .ok_or_else(|| invalid(format!("{what} `{name}`: the object has no such map")))
        };
        // Each map may be named once, in one of the three lists.
        let mut named: Vec<usize> = Vec::new();
        let mut claim = |index: usize, name: &str| {
            if named.contains(&index) {
                return Err(invalid(format!(
                    "map `{name}` is named twice in the clone options"
                )));
            }
            named.push(index);
            Ok(())
        };
        // What to create: map index and contents (`None`: the definition's).
        let mut plan: Vec<(usize, Option<Vec<u8>>)> = Vec::new();
        for (section, bytes) in &opts.rodata {
            let index = index_of(section, "rodata")?;
            let map = &shared.source.maps[index];
            if map.origin != MapOrigin::Data(DataKind::Rodata) {
                return Err(invalid(format!(
                    "rodata `{section}`: not a read-only data section (`.rodata` or \
                     `.rodata.<name>`); ask for a private map instead"
                )));
            }
            let size = map.value_size as usize;
            if !fits_section(bytes.len(), size) {
                return Err(invalid(format!(
                    "rodata `{section}`: {} bytes given, the section has {size}",
                    bytes.len()
                )));
            }
            claim(index, section)?;
            plan.push((index, Some(bytes[..size].to_vec())));
        }
        for name in &opts.private_maps {
            let index = index_of(name, "private map")?;
            if shared.source.maps[index].origin == MapOrigin::Data(DataKind::Kconfig) {
                return Err(invalid(format!(
                    "private map `{name}`: `.kconfig` holds the kernel's configuration"
                )));
            }
            claim(index, name)?;
            plan.push((index, None));
        }
        let mut borrowed = Vec::new();
        for (name, fd) in &opts.replace_maps {
            let index = index_of(name, "replacement map")?;
            claim(index, name)?;
            let info = sys::map_get_info(*fd).map_err(|source| ProgramError::Syscall {
                program: spec.name.clone(),
                source,
            })?;
            if let Some(reason) = incompatibility(&shared.source.maps[index], &info) {
                return Err(invalid(format!("replacement map `{name}`: {reason}")));
            }
            borrowed.push((index, *fd));
        }
        let btf_fd = shared.btf_fd.as_ref().map(|f| f.as_fd());
        let token = shared.token.as_ref().map(|t| t.as_fd());
        let owned = plan
            .into_iter()
            .map(|(index, contents)| {
                let template = &shared.source.maps[index];
                create_private(&shared.name, btf_fd, token, template, contents)
                    .map(|m| (index, Arc::new(m)))
                    .map_err(|source| ProgramError::CloneMap {
                        program: spec.name.clone(),
                        source: Box::new(source),
                    })
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(CloneMaps { owned, borrowed })
    }

    /// The fd this load uses for map `index`, if it replaces the object's.
    pub fn fd(&self, index: usize) -> Option<BorrowedFd<'_>> {
        self.owned
            .iter()
            .find(|(i, _)| *i == index)
            .map(|(_, m)| m.as_fd())
            .or_else(|| {
                self.borrowed
                    .iter()
                    .find(|(i, _)| *i == index)
                    .map(|(_, fd)| *fd)
            })
    }

    /// The maps created for the clone, which it owns from now on.
    pub fn into_owned(self) -> Vec<Arc<Map>> {
        self.owned.into_iter().map(|(_, m)| m).collect()
    }
}
