//! [`UpdateFlags`]: how an update treats an existing element.

use crate::sys::consts::{BPF_ANY, BPF_EXIST, BPF_NOEXIST};

/// How an update ([`Map::update`](super::map::Map::update) and the typed handles' `update`)
/// treats an existing element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum UpdateFlags {
    /// Create the element or replace it.
    #[default]
    #[doc(alias = "BPF_ANY")]
    Any,
    /// Create the element only if it does not exist (`EEXIST` otherwise).
    #[doc(alias = "BPF_NOEXIST")]
    NoExist,
    /// Replace the element only if it exists (`ENOENT` otherwise).
    #[doc(alias = "BPF_EXIST")]
    Exist,
}

impl UpdateFlags {
    /// The kernel's `flags` value.
    pub fn bits(self) -> u64 {
        match self {
            UpdateFlags::Any => BPF_ANY,
            UpdateFlags::NoExist => BPF_NOEXIST,
            UpdateFlags::Exist => BPF_EXIST,
        }
    }
}
