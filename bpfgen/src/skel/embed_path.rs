//! The CLI's embedding rule: the object's path relative to the directory
//! `bpfgen skel` runs in, which must be the root of the crate that compiles
//! the output.

use std::path::{Component, Path, PathBuf};

use super::SkelError;

/// The path to put after `CARGO_MANIFEST_DIR` for `object`, given as on the
/// command line, when the skeleton is compiled by the crate rooted at `cwd`:
/// a relative path is kept (normalised: `./` dropped, `/` separators, `..`
/// allowed); an absolute path must lie under `cwd` and is made relative to
/// it. Anything else is an error that suggests `--inline`.
pub fn manifest_relative(object: &Path, cwd: &Path) -> Result<String, SkelError> {
    let rel: PathBuf = if object.is_absolute() {
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        let abs = std::fs::canonicalize(object).unwrap_or_else(|_| object.to_path_buf());
        abs.strip_prefix(&cwd)
            .map_err(|_| SkelError::EmbedPath {
                path: object.to_path_buf(),
                reason: format!(
                    "is outside the current directory {}; the skeleton embeds the object \
                     by a path relative to the crate root (CARGO_MANIFEST_DIR), so run \
                     `bpfgen skel` from the crate root with a path inside it, or pass \
                     --inline to embed the bytes",
                    cwd.display()
                ),
            })?
            .to_path_buf()
    } else {
        object.to_path_buf()
    };
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::CurDir => {}
            Component::Normal(p) => parts.push(p.to_str().ok_or_else(|| not_utf8(object))?),
            Component::ParentDir => parts.push(".."),
            Component::RootDir | Component::Prefix(_) => return Err(not_utf8(object)),
        }
    }
    if parts.is_empty() {
        return Err(SkelError::EmbedPath {
            path: object.to_path_buf(),
            reason: "names no file".to_string(),
        });
    }
    Ok(parts.join("/"))
}

fn not_utf8(object: &Path) -> SkelError {
    SkelError::EmbedPath {
        path: object.to_path_buf(),
        reason: "cannot be written into `include_bytes!` (not UTF-8); pass --inline".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_kept_normalised() {
        let cwd = Path::new("/nonexistent/crate");
        let rel = |p: &str| manifest_relative(Path::new(p), cwd).expect("relative path");
        assert_eq!(rel("minimal.bpf.o"), "minimal.bpf.o");
        assert_eq!(rel("./bpf/minimal.bpf.o"), "bpf/minimal.bpf.o");
        assert_eq!(rel("../shared/x.o"), "../shared/x.o");
        assert!(manifest_relative(Path::new("."), cwd).is_err());
    }

    #[test]
    fn absolute_paths_must_be_inside_the_crate() {
        let cwd = Path::new("/nonexistent/crate");
        let inside = manifest_relative(Path::new("/nonexistent/crate/bpf/x.o"), cwd);
        assert_eq!(inside.expect("inside"), "bpf/x.o");
        let err = manifest_relative(Path::new("/elsewhere/x.o"), cwd).expect_err("outside");
        let msg = err.to_string();
        assert!(msg.contains("outside the current directory"), "{msg}");
        assert!(msg.contains("--inline"), "{msg}");
    }
}
