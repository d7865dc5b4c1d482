//! [`SkeletonBuilder`]: skeletons from build scripts.
//!
//! ```no_run
//! // build.rs, in `fn main()`:
//! bpfgen::SkeletonBuilder::new()
//!     .source("src/bpf/minimal.bpf.c")
//!     .build()
//!     .expect("BPF skeleton");
//! ```
//!
//! writes `$OUT_DIR/minimal.bpf.o` and `$OUT_DIR/minimal.skel.rs`, which the crate
//! includes with `include!(concat!(env!("OUT_DIR"), "/minimal.skel.rs"));`. The
//! skeleton embeds the object with `include_bytes!("minimal.bpf.o")`, a path relative
//! to itself, so nothing depends on where the crate lives.
//!
//! clang is `$BPF_CLANG` or `$CLANG` if set, else the first of `clang`, `clang-22`, …,
//! `clang-14` on `PATH`; it is run as `clang -g -O2 --target=bpf
//! -D__TARGET_ARCH_<arch> <clang args> -idirafter <dir>… -MD -MF <depfile> -c <source>
//! -o <object>`, with `<arch>` from `CARGO_CFG_TARGET_ARCH` and `<dir>…` the host's
//! system include directories as clang itself lists them (`--target=bpf` alone loses
//! `/usr/include/<arch>-linux-gnu`, where `asm/types.h` lives), like libbpf-cargo: a
//! source that includes `<linux/bpf.h>` builds with no arguments. The builder prints
//! `cargo:rerun-if-changed` for the source and every header in clang's depfile (or
//! for the prebuilt object) and `cargo:rerun-if-env-changed` for `BPF_CLANG` and
//! `CLANG`. With [`SkeletonBuilder::vmlinux_h`], a CO-RE source's `#include
//! "vmlinux.h"` is served from `$OUT_DIR/include/vmlinux.h`, generated from the kernel's
//! BTF by [`crate::btf_dump`].

mod clang;
mod depfile;
mod error;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use error::BuildError;

use crate::ident::{module_name, stem};
use crate::skel::{Embed, SkelOptions, Skeleton};
use error::io;

/// Builds a skeleton from a build script; see the [module docs](self).
#[derive(Debug, Clone, Default)]
pub struct SkeletonBuilder {
    input: Option<Input>,
    name: Option<String>,
    clang: Option<PathBuf>,
    clang_args: Vec<String>,
    types: Vec<String>,
    events: Vec<(String, String)>,
    runtime_path: Option<String>,
    out_dir: Option<PathBuf>,
    vmlinux_btf: Option<PathBuf>,
}

#[derive(Debug, Clone)]
enum Input {
    /// One or more C sources, compiled separately and linked into one object.
    Sources(Vec<PathBuf>),
    Object(PathBuf),
}

/// What [`SkeletonBuilder::build`] wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltSkeleton {
    /// `<out_dir>/<name>.skel.rs`.
    pub skeleton: PathBuf,
    /// `<out_dir>/<name>.bpf.o`, embedded by the skeleton.
    pub object: PathBuf,
}

impl SkeletonBuilder {
    /// A builder with nothing set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Compile this BPF C source with clang (replaces [`Self::object`]). Call it again
    /// for more sources: each compiles on its own and the objects are linked into one
    /// (see [`crate::link`]), with one skeleton, named after the first source.
    pub fn source(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        match &mut self.input {
            Some(Input::Sources(list)) => list.push(path.into()),
            _ => self.input = Some(Input::Sources(vec![path.into()])),
        }
        self
    }

    /// Use this prebuilt object (replaces [`Self::source`]).
    pub fn object(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.input = Some(Input::Object(path.into()));
        self
    }

    /// Skeleton name; default: the file name without `.c`/`.o` and `.bpf`.
    pub fn name(&mut self, name: impl Into<String>) -> &mut Self {
        self.name = Some(name.into());
        self
    }

    /// Name the runtime by `path` in the generated code (default `::bpfgen_runtime`),
    /// for crates that re-export it (`::my_crate::bpf_runtime`, `crate::rt`).
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.runtime_path = Some(path.into());
        self
    }

    /// Use this clang instead of searching for one.
    pub fn clang(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.clang = Some(path.into());
        self
    }

    /// One more clang argument (`-I…`, `-D…`, `-mcpu=v3`, …).
    pub fn clang_arg(&mut self, arg: impl Into<String>) -> &mut Self {
        self.clang_args.push(arg.into());
        self
    }

    /// More clang arguments.
    pub fn clang_args<I: IntoIterator<Item = S>, S: Into<String>>(&mut self, args: I) -> &mut Self {
        self.clang_args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Generate `vmlinux.h` from the build machine's kernel BTF
    /// (`/sys/kernel/btf/vmlinux`, as `bpfgen btf dump --kernel` would) into
    /// `$OUT_DIR/include/` and put that directory on clang's include path, so a CO-RE
    /// source's `#include "vmlinux.h"` needs no bpftool and no committed header. CO-RE
    /// relocations make the object run on other kernels too. A `vmlinux.h` on an
    /// include path given with [`clang_arg`](Self::clang_arg) still wins.
    pub fn vmlinux_h(&mut self) -> &mut Self {
        self.vmlinux_h_from("/sys/kernel/btf/vmlinux")
    }

    /// Like [`vmlinux_h`](Self::vmlinux_h), from this BTF file (raw BTF or an object).
    pub fn vmlinux_h_from(&mut self, btf: impl Into<PathBuf>) -> &mut Self {
        self.vmlinux_btf = Some(btf.into());
        self
    }

    /// Also declare this C type in `types` (like `bpfgen skel --type`).
    pub fn type_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.types.push(name.into());
        self
    }

    /// Read ring buffer or perf event array `map` as records of C type `type_name`: the
    /// skeleton's handle becomes `TypedRingBuf<types::…>` / `TypedPerfEventArray<types::…>`
    /// (like `bpfgen skel --event map=type`).
    pub fn event(&mut self, map: impl Into<String>, type_name: impl Into<String>) -> &mut Self {
        self.events.push((map.into(), type_name.into()));
        self
    }

    /// Write here instead of `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Compiles (if given a source), copies the object next to the skeleton,
    /// writes the skeleton (only when its text changed) and prints the cargo
    /// directives.
    pub fn build(&self) -> Result<BuiltSkeleton, BuildError> {
        self.build_with(&mut Directives::Stdout)
    }

    fn build_with(&self, cargo: &mut Directives) -> Result<BuiltSkeleton, BuildError> {
        let input = self.input.as_ref().ok_or(BuildError::NoInput)?;
        let out_dir = match &self.out_dir {
            Some(d) => d.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir)?,
        };
        let input_path = match input {
            Input::Sources(list) => list.first().ok_or(BuildError::NoInput)?,
            Input::Object(p) => p,
        };
        let file = input_path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let raw_name = self.name.clone().unwrap_or_else(|| {
            let f = file
                .strip_suffix(".c")
                .map_or_else(|| file.clone(), |s| format!("{s}.o"));
            stem(&f).to_string()
        });
        let name = module_name(&raw_name);
        let object = out_dir.join(format!("{name}.bpf.o"));
        match input {
            Input::Sources(sources) => {
                let mut flags = self.clang_args.clone();
                if let Some(btf) = &self.vmlinux_btf {
                    let include = out_dir.join("include");
                    write_vmlinux_h(btf, &include)?;
                    flags.push(format!("-I{}", include.display()));
                }
                if let [src] = sources.as_slice() {
                    let depfile = out_dir.join(format!("{name}.d"));
                    self.compile(src, &object, &depfile, &flags, cargo)?;
                } else {
                    let mut parts = Vec::new();
                    for (i, src) in sources.iter().enumerate() {
                        let part = out_dir.join(format!("{name}.{i}.o"));
                        let depfile = out_dir.join(format!("{name}.{i}.d"));
                        self.compile(src, &part, &depfile, &flags, cargo)?;
                        parts.push(part);
                    }
                    let parts: Vec<&Path> = parts.iter().map(PathBuf::as_path).collect();
                    let linked = out_dir.join(format!("{name}.linked.o"));
                    crate::link::link_files(&parts, &linked)?;
                    copy_if_changed(&linked, &object)?;
                }
            }
            Input::Object(obj) => {
                cargo.emit(format!("cargo:rerun-if-changed={}", obj.display()));
                copy_if_changed(obj, &object)?;
            }
        }
        let opts = SkelOptions {
            name: Some(raw_name),
            types: self.types.clone(),
            events: self.events.clone(),
            embed: Embed::FileRelative(format!("{name}.bpf.o")),
            runtime_path: self.runtime_path.clone(),
        };
        let generated = Skeleton::from_path(&object, &opts)?;
        for warning in generated.warnings() {
            cargo.emit(format!("cargo:warning={warning}"));
        }
        let text = generated.to_file_string()?;
        let skeleton = out_dir.join(format!("{name}.skel.rs"));
        write_if_changed(&skeleton, text.as_bytes())?;
        Ok(BuiltSkeleton { skeleton, object })
    }

    fn compile(
        &self,
        source: &Path,
        object: &Path,
        depfile: &Path,
        flags: &[String],
        cargo: &mut Directives,
    ) -> Result<(), BuildError> {
        for var in clang::CLANG_VARS {
            cargo.emit(format!("cargo:rerun-if-env-changed={var}"));
        }
        cargo.emit(format!("cargo:rerun-if-changed={}", source.display()));
        let clang = match &self.clang {
            Some(c) => c.clone(),
            None => clang::find(std::env::var_os("PATH"), |v| std::env::var_os(v))?,
        };
        let arch = std::env::var("CARGO_CFG_TARGET_ARCH")
            .unwrap_or_else(|_| std::env::consts::ARCH.to_string());
        clang::compile(&clang::Compile {
            clang: &clang,
            source,
            object,
            depfile,
            arch: &arch,
            flags,
        })?;
        let deps = std::fs::read_to_string(depfile).map_err(io(depfile))?;
        for dep in depfile::prerequisites(&deps) {
            cargo.emit(format!("cargo:rerun-if-changed={dep}"));
        }
        Ok(())
    }
}

/// Writes `<include>/vmlinux.h` from `btf` (only when its text changed, so clang's
/// dependency tracking sees no change on a rebuild).
fn write_vmlinux_h(btf: &Path, include: &Path) -> Result<(), BuildError> {
    let header = crate::btf_dump::dump_file(btf)?;
    std::fs::create_dir_all(include).map_err(io(include))?;
    write_if_changed(&include.join("vmlinux.h"), header.as_bytes())
}

/// Where cargo directives go: stdout in a build script, a list in tests.
enum Directives {
    Stdout,
    #[cfg(test)]
    Collect(Vec<String>),
}

impl Directives {
    fn emit(&mut self, line: String) {
        match self {
            Directives::Stdout => println!("{line}"),
            #[cfg(test)]
            Directives::Collect(lines) => lines.push(line),
        }
    }
}

fn copy_if_changed(from: &Path, to: &Path) -> Result<(), BuildError> {
    let bytes = std::fs::read(from).map_err(io(from))?;
    write_if_changed(to, &bytes)
}

/// Keeps the mtime (and so cargo's and rustc's incremental state) when
/// nothing changed.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<(), BuildError> {
    if std::fs::read(path).ok().as_deref() == Some(bytes) {
        return Ok(());
    }
    std::fs::write(path, bytes).map_err(io(path))
}
