//! Resolving an object's externs against the running kernel at prepare time:
//! `.kconfig` values, typed and typeless `.ksyms`, and kfuncs. An extern that cannot be
//! resolved fails only the programs that reference it (weak ones resolve to zero).

mod kconfig_value;
mod resolve;

pub(crate) use resolve::{resolve_externs, Resolved};
#[cfg(test)]
mod module_tests;
