//! [`ProgArray`]: the jump table of `bpf_tail_call`.

use crate::abi::MapType;
use std::os::fd::AsFd;
use std::sync::Arc;

use super::handle::MapRef;
use crate::prepare::map::Map;
use crate::prepare::map::MapError;
use crate::PreparedObject;

/// A `BPF_MAP_TYPE_PROG_ARRAY`: slot `i` holds the program `bpf_tail_call(ctx, &map, i)`
/// jumps to.
///
/// Slots declared in C (`.values = { [i] = &prog }`) are filled when that program is
/// loaded and cleared when it is unloaded; this handle sets and clears any slot by hand.
/// The object keeps the map's fd, so the kernel does not empty it.
#[derive(Debug, Clone)]
pub struct ProgArray {
    map: MapRef,
}

impl ProgArray {
    /// The prog array `name` of `obj`; fails if it is another map type.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, MapError> {
        let map = MapRef::new(obj, name, "ProgArray", &[MapType::ProgArray], "prog_array")?
            .key_is::<u32>()?
            .value_is::<u32>()?;
        Ok(ProgArray { map })
    }

    /// The underlying map.
    pub fn map(&self) -> &Map {
        self.map.map()
    }

    /// Number of slots (`max_entries`).
    pub fn len(&self) -> u32 {
        self.map().spec().max_entries
    }

    /// Whether the array has no slots.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Puts the loaded program `prog` (a [`LoadedProgram`](crate::LoadedProgram),
    /// [`ClonedProgram`](crate::ClonedProgram), [`ProgramFd`](crate::ProgramFd), ...) into
    /// slot `index`. The kernel checks that its type matches the array's owner.
    pub fn set(&self, index: u32, prog: &impl AsFd) -> Result<(), MapError> {
        self.map.set_fd(index, prog.as_fd())
    }

    /// The kernel id of the program in slot `index`; `Ok(None)` when the slot is empty.
    pub fn get(&self, index: u32) -> Result<Option<u32>, MapError> {
        if index >= self.len() {
            return Err(self.map.out_of_range(index));
        }
        // From user space, a program array's lookup answers the program's id.
        let bytes = self.map().lookup(&index.to_ne_bytes())?;
        Ok(bytes.and_then(|b| crate::pod::read::<u32>(&b)))
    }

    /// Empties slot `index`; `Ok(false)` when it was already empty.
    pub fn clear(&self, index: u32) -> Result<bool, MapError> {
        self.map().delete(&index.to_ne_bytes())
    }
}
