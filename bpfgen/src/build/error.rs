//! Errors of [`super::SkeletonBuilder`].

use std::path::PathBuf;

use crate::skel::SkelError;

/// Why a build-script skeleton could not be made.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// Neither `source` nor `object` was given.
    #[error("SkeletonBuilder: give a `.bpf.c` source or a prebuilt object")]
    NoInput,
    /// No output directory: not run from a build script and none given.
    #[error(
        "SkeletonBuilder: OUT_DIR is not set (not in a build script?) and no out_dir was given"
    )]
    NoOutDir,
    /// No clang was found.
    #[error("no clang found; tried {}. Install clang or set BPF_CLANG to its path", tried.join(", "))]
    ClangNotFound {
        /// Every candidate, with where it was looked for.
        tried: Vec<String>,
    },
    /// clang ran and failed.
    #[error("`{command}` failed ({status}):\n{stderr}")]
    Clang {
        /// The command line.
        command: String,
        /// Its exit status.
        status: std::process::ExitStatus,
        /// What it printed.
        stderr: String,
    },
    /// A file could not be read, written or run.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// Generating the skeleton failed.
    #[error(transparent)]
    Skel(#[from] SkelError),
    /// Linking the objects of several sources failed.
    #[error("linking the sources: {0}")]
    Link(#[from] crate::link::LinkError),
    /// `vmlinux.h` could not be generated from the given BTF.
    #[error("vmlinux.h: {0}")]
    VmlinuxH(#[from] crate::btf_dump::BtfDumpError),
}

pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(std::io::Error) -> BuildError + '_ {
    move |source| BuildError::Io {
        path: path.to_path_buf(),
        source,
    }
}

bpfgen_runtime::debug_as_display!(BuildError);
