//! Prepare: turn an [`ObjectSpec`](crate::ObjectSpec) into a [`PreparedObject`] — BTF loaded, every map
//! created, every program linked into an immutable template. Nothing is loaded yet;
//! programs are loaded on demand through [`crate::Program`].

mod btf_features;
mod btf_load;
pub mod co_re;
mod core_apply;
mod create_map;
mod error;
pub(crate) mod externs;
pub mod kernel;
pub mod map;
mod object;
pub mod template;

pub use error::PrepareError;

#[cfg(test)]
pub(crate) use btf_features::kernel_btf_features;
pub use object::{PrepareOpts, PreparedObject};

pub(crate) use object::Shared;
