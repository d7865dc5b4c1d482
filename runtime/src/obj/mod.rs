//! The pure object model: ELF, BTF, programs, maps and globals of a BPF object.
//! Nothing here makes a system call; the same bytes always give the same [`ObjectSpec`].
//! The first step of the pipeline: it uses only `abi` and `pod`, and everything after it
//! (`prepare`, `load`, `attach`) reads what it parsed.

pub mod btf;
mod btf_maps;
mod data_maps;
pub mod elf;
mod error;
mod extern_btf;
mod externs;
mod file;
pub mod insn;
mod legacy_maps;
mod maps;
mod program;
mod program_kind;
mod reloc;
pub mod section_table;
mod slots;
mod spec;
pub(crate) mod strtab;
mod struct_ops;

pub use data_maps::kernel_data_map_name;
pub use error::ParseError;
pub use externs::{ExternKind, ExternSpec};
pub use maps::{DataKind, InitSlot, MapOrigin, MapSpec, Pinning, SlotTarget};
pub use program::{CodeSection, FunctionSpan, ProgramSpec};
pub use program_kind::{kind, ProgramKind};
pub use reloc::RelocSpec;
pub use spec::ObjectSpec;
pub(crate) use struct_ops::value_type_name as struct_ops_value_type_name;
pub use struct_ops::{StructOpsMember, StructOpsVar};
