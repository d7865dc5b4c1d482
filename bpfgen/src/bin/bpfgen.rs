//! `bpfgen`: the command-line front end. Thin: flags map onto the library.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use bpfgen::inspect;
use bpfgen::skel::{self, Embed, SkelOptions, Skeleton};
use bpfgen::verify;
use bpfgen_runtime::ObjectSpec;
use clap::{Parser, Subcommand};

/// Typed Rust skeletons and tooling for eBPF objects.
#[derive(Debug, Parser)]
#[command(name = "bpfgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum BtfCommand {
    /// Write the types of a BTF file (raw BTF such as /sys/kernel/btf/vmlinux, or a BPF
    /// object's .BTF) as a C header; with --kernel, the running kernel's (a vmlinux.h).
    Dump {
        /// Raw BTF or a BPF object; omit with --kernel.
        file: Option<PathBuf>,
        /// Dump /sys/kernel/btf/vmlinux.
        #[arg(long, conflicts_with = "file")]
        kernel: bool,
        /// Output format (only C).
        #[arg(long, default_value = "c", value_parser = ["c"])]
        format: String,
        /// Write the header to FILE instead of stdout.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate the typed Rust skeleton of a BPF object (to stdout, or FILE with -o).
    #[command(after_help = SKEL_HELP)]
    Skel {
        /// The object file (`clang --target=bpf -g -O2 -c x.bpf.c`).
        object: PathBuf,
        /// Write the skeleton to FILE instead of stdout.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: Option<PathBuf>,
        /// Skeleton name [default: the file name without `.o` and `.bpf`].
        #[arg(long)]
        name: Option<String>,
        /// Also declare this C type in `types` (`event`, `struct event`, `event_t`); repeatable.
        #[arg(long = "type", value_name = "NAME")]
        types: Vec<String>,
        /// Read ring buffer or perf event array MAP as records of C type TYPE: its handle
        /// yields `types::TYPE` (`--event rb=event`); repeatable.
        #[arg(long = "event", value_name = "MAP=TYPE", value_parser = parse_event)]
        events: Vec<(String, String)>,
        /// Embed the object's bytes in the skeleton instead of `include_bytes!` of its path.
        #[arg(long)]
        inline: bool,
        /// Name the runtime by this path in generated code (for crates that re-export
        /// `bpfgen_runtime`, e.g. `::my_crate::bpf_runtime`) [default: ::bpfgen_runtime].
        #[arg(long, value_name = "PATH")]
        runtime_path: Option<String>,
    },
    /// BTF tools: `bpfgen btf dump` writes a C header (`vmlinux.h`) from BTF.
    Btf {
        #[command(subcommand)]
        command: BtfCommand,
    },
    /// Show what a compiled BPF object holds: programs, maps, globals, externs.
    Inspect {
        /// The object file (`clang --target=bpf -g -O2 -c x.bpf.c`).
        object: PathBuf,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
    /// Link BPF objects into one (libbpf's `bpf_linker`, `bpftool gen object`): sections
    /// merged, global symbols, externs and maps resolved across objects, BTF and
    /// BTF.ext merged and deduplicated.
    Link {
        /// Input objects, in order.
        #[arg(required = true)]
        objects: Vec<PathBuf>,
        /// The linked object.
        #[arg(short = 'o', long = "output", value_name = "FILE")]
        output: PathBuf,
    },
    /// Load every program of each object alone and report verifier statistics
    /// (veristat-compatible options and columns). Exit code 1 if any program fails.
    #[command(version)]
    Verify(verify::command::VerifyArgs),
}

const SKEL_HELP: &str = "\
Run it from the root of the crate that will compile the skeleton:

    bpfgen skel src/bpf/minimal.bpf.o > src/skel.rs

The skeleton embeds the object with
`include_bytes!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/<OBJECT>\"))`, where <OBJECT> is the
path as given (relative paths are kept; an absolute path must lie inside the current
directory and is made relative to it). So the output compiles wherever it lands in that
crate, and rebuilds when the object changes. With --inline the bytes are embedded
instead and the output compiles anywhere.

Use it as `mod skel;` and `skel::minimal::MinimalSkel::open()?`. The output is
deterministic (no absolute paths) and can be committed. From build.rs use
`bpfgen::SkeletonBuilder`; in code, `bpfgen_macros::skeleton!(\"path/to/obj.bpf.o\")`.";

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("bpfgen: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, String> {
    match cli.command {
        Command::Skel {
            object,
            output,
            name,
            types,
            events,
            inline,
            runtime_path,
        } => {
            let opts = SkelOptions {
                name,
                types,
                events,
                runtime_path,
                ..SkelOptions::default()
            };
            skel_cmd(&object, output.as_deref(), opts, inline).map(|()| ExitCode::SUCCESS)
        }
        Command::Inspect { object, json } => inspect_cmd(&object, json).map(|()| ExitCode::SUCCESS),
        Command::Btf {
            command:
                BtfCommand::Dump {
                    file,
                    kernel,
                    format: _,
                    output,
                },
        } => btf_dump_cmd(file.as_deref(), kernel, output.as_deref()).map(|()| ExitCode::SUCCESS),
        Command::Verify(args) => verify::command::run(args),
        Command::Link { objects, output } => {
            let paths: Vec<&Path> = objects.iter().map(PathBuf::as_path).collect();
            bpfgen::link::link_files(&paths, &output)
                .map(|()| ExitCode::SUCCESS)
                .map_err(|e| e.to_string())
        }
    }
}

fn inspect_cmd(object: &std::path::Path, json: bool) -> Result<(), String> {
    let bytes = std::fs::read(object).map_err(|e| format!("{}: {e}", object.display()))?;
    let spec = ObjectSpec::parse(&bytes).map_err(|e| format!("{}: {e}", object.display()))?;
    let file = object.file_name().map_or_else(
        || object.display().to_string(),
        |f| f.to_string_lossy().into_owned(),
    );
    let model = inspect::inspect(&file, &spec);
    if json {
        let text =
            serde_json::to_string_pretty(&inspect::to_json(&model)).map_err(|e| e.to_string())?;
        println!("{text}");
    } else {
        print!("{}", inspect::to_text(&model));
    }
    Ok(())
}

fn skel_cmd(
    object: &Path,
    output: Option<&Path>,
    opts: SkelOptions,
    inline: bool,
) -> Result<(), String> {
    let embed = if inline {
        Embed::Inline
    } else {
        let cwd = std::env::current_dir().map_err(|e| format!("current directory: {e}"))?;
        Embed::ManifestRelative(skel::manifest_relative(object, &cwd).map_err(|e| e.to_string())?)
    };
    let opts = SkelOptions { embed, ..opts };
    let text = Skeleton::from_path(object, &opts)
        .and_then(|s| {
            for warning in s.warnings() {
                eprintln!("warning: {warning}");
            }
            s.to_file_string()
        })
        .map_err(|e| e.to_string())?;
    match output {
        Some(path) => std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display())),
        None => {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| format!("stdout: {e}"))
        }
    }
}

fn btf_dump_cmd(file: Option<&Path>, kernel: bool, output: Option<&Path>) -> Result<(), String> {
    let path = match (file, kernel) {
        (Some(f), false) => f.to_path_buf(),
        (None, true) => PathBuf::from("/sys/kernel/btf/vmlinux"),
        _ => return Err("btf dump: name a BTF file or pass --kernel".to_string()),
    };
    let header = bpfgen::btf_dump::dump_file(&path).map_err(|e| e.to_string())?;
    match output {
        Some(out) => std::fs::write(out, header).map_err(|e| format!("{}: {e}", out.display())),
        None => {
            print!("{header}");
            Ok(())
        }
    }
}

/// `MAP=TYPE` of `--event`.
fn parse_event(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((map, ty)) if !map.is_empty() && !ty.is_empty() => {
            Ok((map.to_string(), ty.to_string()))
        }
        _ => Err(format!("`{arg}`: expected MAP=TYPE, e.g. `rb=event`")),
    }
}
