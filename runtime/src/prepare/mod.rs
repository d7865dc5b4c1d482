//! Prepare: turn an [`ObjectSpec`](crate::ObjectSpec) into a [`PreparedObject`] — BTF loaded, every map
//! created, every program linked into an immutable template. Nothing is loaded yet;
//! programs are loaded on demand through [`crate::Program`].

mod btf_features;
mod btf_load;
mod core_apply;
mod create_map;
mod error;
mod object;

pub use error::PrepareError;
pub use object::{PrepareOpts, PreparedObject};

pub(crate) use object::Shared;
