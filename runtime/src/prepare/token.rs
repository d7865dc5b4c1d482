//! BPF tokens (Linux 6.9): permission to use `bpf()` delegated through a bpffs mount, so
//! a process without `CAP_BPF` in the initial user namespace (a container) can prepare
//! and load objects. [`PrepareOpts::token`](crate::PrepareOpts::token) chooses the token;
//! the object then uses it for its BTF, its maps, its programs and their clones.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::error::PrepareError;
use crate::sys;

/// A BPF token. Cheap to clone (shared fd).
#[derive(Debug, Clone)]
pub struct BpfToken(Arc<OwnedFd>);

impl BpfToken {
    /// Creates a token from the bpffs mounted at `path` (mounted with `delegate_*`
    /// options, in this process's user namespace).
    pub fn from_bpffs(path: impl AsRef<Path>) -> Result<BpfToken, PrepareError> {
        let path = path.as_ref();
        let err = |reason: String| PrepareError::Token {
            path: path.display().to_string(),
            reason,
        };
        let dir = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
        sys::token::token_create(dir.as_fd())
            .map(|fd| BpfToken(Arc::new(fd)))
            .map_err(|e| err(e.to_string()))
    }

    /// Creates a token from `bpffs`: a mount fd (from
    /// [`sys::token::delegate_bpffs`]) or a directory fd of a delegated bpffs root.
    pub fn from_mount(bpffs: impl AsFd) -> Result<BpfToken, sys::SyscallError> {
        sys::token::token_create(bpffs.as_fd()).map(|fd| BpfToken(Arc::new(fd)))
    }

    /// Wraps a token fd the caller already has.
    pub fn from_fd(fd: OwnedFd) -> BpfToken {
        BpfToken(Arc::new(fd))
    }
}

impl AsFd for BpfToken {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.0.as_fd()
    }
}

/// Where an object's BPF token comes from.
#[derive(Debug, Clone, Default)]
pub enum TokenSource {
    /// As libbpf finds one: the bpffs named by `BPFGEN_BPF_TOKEN_PATH`, else by
    /// `LIBBPF_BPF_TOKEN_PATH` (either set but empty: no token; a token that cannot be
    /// made there is an error); with neither set, `/sys/fs/bpf` if a token can be made
    /// there (tried once per process; no token otherwise).
    #[default]
    Discover,
    /// No token.
    None,
    /// A token made from the bpffs mounted at this path (an error if it cannot be made).
    Bpffs(PathBuf),
    /// This token.
    Token(BpfToken),
}

/// The default bpffs, where discovery looks when no variable names one.
const DEFAULT_BPFFS: &str = "/sys/fs/bpf";

/// The token `source` gives.
pub(crate) fn resolve(source: &TokenSource) -> Result<Option<BpfToken>, PrepareError> {
    match source {
        TokenSource::None => Ok(None),
        TokenSource::Token(t) => Ok(Some(t.clone())),
        TokenSource::Bpffs(path) => BpfToken::from_bpffs(path).map(Some),
        TokenSource::Discover => {
            let named = ["BPFGEN_BPF_TOKEN_PATH", "LIBBPF_BPF_TOKEN_PATH"]
                .iter()
                .find_map(std::env::var_os);
            match named {
                Some(path) if path.is_empty() => Ok(None),
                Some(path) => BpfToken::from_bpffs(path).map(Some),
                None => Ok(default_token()),
            }
        }
    }
}

/// A token from `/sys/fs/bpf`, if its mount delegates anything; tried once per process.
fn default_token() -> Option<BpfToken> {
    static DEFAULT: OnceLock<Option<BpfToken>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| BpfToken::from_bpffs(DEFAULT_BPFFS).ok())
        .clone()
}
