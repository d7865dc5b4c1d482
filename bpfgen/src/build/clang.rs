//! Finding clang and compiling a `.bpf.c` with it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::error::{io, BuildError};

/// Environment variables naming clang, in order of preference.
pub(crate) const CLANG_VARS: &[&str] = &["BPF_CLANG", "CLANG"];

/// Names looked up on `PATH` after the variables: unversioned first, then
/// the newest versions.
const NAMES: &[&str] = &[
    "clang", "clang-22", "clang-21", "clang-20", "clang-19", "clang-18", "clang-17", "clang-16",
    "clang-15", "clang-14",
];

/// The clang to use: `$BPF_CLANG`, `$CLANG` (a path, or a name looked up on
/// `PATH`), then [`NAMES`] on `PATH`. The error lists everything tried.
pub(crate) fn find(
    path_var: Option<OsString>,
    var: impl Fn(&str) -> Option<OsString>,
) -> Result<PathBuf, BuildError> {
    let dirs: Vec<PathBuf> = path_var
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    let mut tried = Vec::new();
    for name in CLANG_VARS {
        match var(name) {
            Some(value) if !value.is_empty() => {
                let value = PathBuf::from(value);
                if let Some(found) = resolve(&value, &dirs) {
                    return Ok(found);
                }
                tried.push(format!("${name}={} (not found)", value.display()));
            }
            _ => tried.push(format!("${name} (unset)")),
        }
    }
    for name in NAMES {
        if let Some(found) = resolve(Path::new(name), &dirs) {
            return Ok(found);
        }
    }
    tried.push(format!("{} on PATH", NAMES.join(", ")));
    Err(BuildError::ClangNotFound { tried })
}

/// `candidate` itself if it has a directory part, else the first executable
/// file of that name in `dirs`.
fn resolve(candidate: &Path, dirs: &[PathBuf]) -> Option<PathBuf> {
    if candidate.components().count() > 1 || candidate.is_absolute() {
        return is_executable(candidate).then(|| candidate.to_path_buf());
    }
    dirs.iter()
        .map(|d| d.join(candidate))
        .find(|p| is_executable(p))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// The kernel's name of a Rust target architecture (`__TARGET_ARCH_<arch>`,
/// as in libbpf's `bpf_tracing.h`).
pub(crate) fn kernel_arch(rust_arch: &str) -> &str {
    match rust_arch {
        "x86_64" | "x86" => "x86",
        "aarch64" => "arm64",
        "arm" => "arm",
        "riscv64" | "riscv32" => "riscv",
        "powerpc64" | "powerpc" => "powerpc",
        "s390x" => "s390",
        "loongarch64" => "loongarch",
        "mips" | "mips64" => "mips",
        "sparc64" => "sparc",
        other => other,
    }
}

/// What to compile.
pub(crate) struct Compile<'a> {
    pub clang: &'a Path,
    pub source: &'a Path,
    pub object: &'a Path,
    pub depfile: &'a Path,
    pub arch: &'a str,
    pub flags: &'a [String],
}

/// The host's system include directories as `clang` searches them (`clang -v -E` of an
/// empty C file), in order. `--target=bpf` drops the host's multiarch directory
/// (`/usr/include/x86_64-linux-gnu`, where `asm/types.h` lives), so a BPF build adds these
/// back with `-idirafter`, as libbpf-cargo does. Empty if clang cannot be asked.
pub(crate) fn system_includes(clang: &Path) -> Vec<PathBuf> {
    let out = Command::new(clang)
        .args(["-v", "-E", "-x", "c", "-", "-o", "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output();
    let Ok(out) = out else {
        return Vec::new();
    };
    parse_search_list(&String::from_utf8_lossy(&out.stderr))
}

/// The `#include <...>` search list of `clang -v` output.
fn parse_search_list(text: &str) -> Vec<PathBuf> {
    text.lines()
        .skip_while(|l| !l.starts_with("#include <...> search starts here:"))
        .skip(1)
        .take_while(|l| !l.starts_with("End of search list."))
        .map(|l| PathBuf::from(l.trim().trim_end_matches(" (framework directory)")))
        .collect()
}

/// Runs `clang -g -O2 --target=bpf -D__TARGET_ARCH_<arch> <flags> -idirafter <system
/// include dir>… -MD -MF <depfile> -c <source> -o <object>`.
pub(crate) fn compile(c: &Compile<'_>) -> Result<(), BuildError> {
    let mut cmd = Command::new(c.clang);
    cmd.args(["-g", "-O2", "--target=bpf"])
        .arg(format!("-D__TARGET_ARCH_{}", kernel_arch(c.arch)))
        .args(c.flags);
    for dir in system_includes(c.clang) {
        cmd.arg("-idirafter").arg(dir);
    }
    cmd.arg("-MD")
        .arg("-MF")
        .arg(c.depfile)
        .arg("-c")
        .arg(c.source)
        .arg("-o")
        .arg(c.object);
    let command = format!("{cmd:?}").replace('"', "");
    let out = cmd.output().map_err(io(c.clang))?;
    if !out.status.success() {
        return Err(BuildError::Clang {
            command,
            status: out.status,
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_lists_what_was_tried() {
        let err = find(Some(OsString::from("/nonexistent-dir")), |v| {
            (v == "CLANG").then(|| OsString::from("/nope/clang"))
        })
        .expect_err("no clang");
        let msg = err.to_string();
        assert!(msg.contains("$BPF_CLANG (unset)"), "{msg}");
        assert!(msg.contains("$CLANG=/nope/clang (not found)"), "{msg}");
        assert!(msg.contains("clang, clang-22"), "{msg}");
        assert!(msg.contains("clang-19"), "{msg}");
    }

    #[test]
    fn variables_win_and_names_resolve_on_path() {
        let dir = std::env::temp_dir().join(format!("bpfgen-clang-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let fake = dir.join("clang-19");
        std::fs::write(&fake, "#!/bin/sh\n").expect("write");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        let path = Some(dir.clone().into_os_string());
        assert_eq!(find(path.clone(), |_| None).expect("on PATH"), fake);
        let by_name = find(path, |v| (v == "BPF_CLANG").then(|| "clang-19".into()));
        assert_eq!(by_name.expect("by name"), fake);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn search_list_is_read_from_clang_v() {
        let text = "clang version 19\n#include \"...\" search starts here:\n\
                    #include <...> search starts here:\n /usr/lib/llvm-19/lib/clang/19/include\n \
                    /usr/include/x86_64-linux-gnu\n /usr/include\nEnd of search list.\n";
        assert_eq!(
            parse_search_list(text),
            [
                "/usr/lib/llvm-19/lib/clang/19/include",
                "/usr/include/x86_64-linux-gnu",
                "/usr/include"
            ]
            .map(PathBuf::from)
        );
        assert!(parse_search_list("no list here").is_empty());
    }

    #[test]
    fn arches() {
        assert_eq!(kernel_arch("x86_64"), "x86");
        assert_eq!(kernel_arch("aarch64"), "arm64");
        assert_eq!(kernel_arch("s390x"), "s390");
    }
}
