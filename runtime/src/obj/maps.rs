//! Map blueprints: BTF-defined (`.maps`), legacy (`maps`) and global-data maps.

use std::path::PathBuf;

use crate::abi::MapType;

/// Where a map definition came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MapOrigin {
    /// A BTF-defined map in `.maps`.
    Btf,
    /// A legacy `struct bpf_map_def` in `maps`.
    Legacy,
    /// A global-data section turned into a one-element array.
    Data(DataKind),
}

/// Which kind of global-data section a data map holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataKind {
    /// `.data` / `.data.*`: read-write, initialised.
    Data,
    /// `.rodata` / `.rodata.*`: frozen after prepare, read-only for programs.
    Rodata,
    /// `.bss` / `.bss.*`: zero-initialised.
    Bss,
    /// `.kconfig`: filled from the kernel configuration at prepare.
    Kconfig,
}

/// `LIBBPF_PIN_*`: how a map is pinned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pinning {
    /// Not pinned.
    #[default]
    None,
    /// Pinned by name under the pin root (`/sys/fs/bpf` by default).
    ByName,
}

/// A declarative slot of a `PROG_ARRAY` or map-in-map (`.values = { [i] = &x }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitSlot {
    /// Array index.
    pub index: u32,
    /// What goes into the slot.
    pub target: SlotTarget,
}

/// The referent of an [`InitSlot`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SlotTarget {
    /// A program, by function name.
    Program(String),
    /// A map, by name.
    Map(String),
}

/// A map as declared in the object, changeable until prepare.
#[derive(Debug, Clone)]
pub struct MapSpec {
    /// Name: the C variable for declared maps, the section name (`.rodata`, `.data.foo`) for data maps.
    pub name: String,
    /// Origin of the definition.
    pub origin: MapOrigin,
    /// Raw `BPF_MAP_TYPE_*` value.
    pub map_type: MapType,
    /// Key size in bytes.
    pub key_size: u32,
    /// Value size in bytes.
    pub value_size: u32,
    /// Capacity.
    pub max_entries: u32,
    /// `map_flags`.
    pub map_flags: u32,
    /// NUMA node (used with `BPF_F_NUMA_NODE`).
    pub numa_node: u32,
    /// `map_extra` (bloom filter hashes, arena address).
    pub map_extra: u64,
    /// Pinning mode.
    pub pinning: Pinning,
    /// Explicit pin path; when `None` and `pinning` is `ByName`, `<pin root>/<name>`.
    pub pin_path: Option<PathBuf>,
    /// BTF type id of the key (0 when unknown).
    pub key_type_id: u32,
    /// BTF type id of the value (the DATASEC for data maps; 0 when unknown).
    pub value_type_id: u32,
    /// Inner-map template for map-in-map types.
    pub inner: Option<Box<MapSpec>>,
    /// Declarative slots (`.values = {...}`).
    pub init_slots: Vec<InitSlot>,
    /// Initial contents for data maps (`None` = zeroes).
    pub initial_value: Option<Vec<u8>>,
    /// ELF section index of the definition (used to resolve relocations).
    pub section_index: usize,
    /// Byte offset of the definition inside its section.
    pub section_offset: u64,
    /// Size of the definition in its section (for `.rel.maps` slot lookup).
    pub section_size: u64,
}

impl MapSpec {
    /// A map with only the given basic parameters and everything else defaulted.
    pub(crate) fn basic(name: &str, origin: MapOrigin, section_index: usize) -> MapSpec {
        MapSpec {
            name: name.to_string(),
            origin,
            map_type: MapType::Unspec,
            key_size: 0,
            value_size: 0,
            max_entries: 0,
            map_flags: 0,
            numa_node: 0,
            map_extra: 0,
            pinning: Pinning::None,
            pin_path: None,
            key_type_id: 0,
            value_type_id: 0,
            inner: None,
            init_slots: Vec::new(),
            initial_value: None,
            section_index,
            section_offset: 0,
            section_size: 0,
        }
    }

    /// Is this a global-data map (`.data`, `.rodata`, `.bss`, `.kconfig`, custom sections)?
    pub fn is_data(&self) -> bool {
        matches!(self.origin, MapOrigin::Data(_))
    }
}
