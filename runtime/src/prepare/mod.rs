//! Prepare: turn an [`ObjectSpec`](crate::ObjectSpec) into the parts of a
//! [`PreparedObject`](crate::PreparedObject) — BTF loaded, every map created, every program
//! built into an immutable template (`template/`), CO-RE applied (`co_re/`), externs
//! resolved (`externs/`) against the running kernel (`kernel/`). Nothing is loaded yet;
//! `load` loads programs from what this module prepared, and nothing here uses `load` or
//! `attach`.

mod btf_features;
mod btf_load;
#[doc(hidden)]
pub mod co_re;
mod core_apply;
pub(crate) mod create_map;
mod error;
pub(crate) mod externs;
pub mod kernel;
pub mod map;
mod prepared;
pub mod template;
pub mod token;
mod update_flags;

pub use error::PrepareError;
pub use update_flags::UpdateFlags;

#[cfg(test)]
mod map_tests;
#[cfg(test)]
pub(crate) use btf_features::kernel_btf_features;
pub use prepared::PrepareOpts;

pub(crate) use prepared::{prepare, PreparedProgram, Shared};
