//! `bpfgen`: the command-line front end. Thin: flags map onto the library.
#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use bpfgen::inspect;
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
enum Command {
    /// Show what a compiled BPF object holds: programs, maps, globals, externs.
    Inspect {
        /// The object file (`clang --target=bpf -g -O2 -c x.bpf.c`).
        object: PathBuf,
        /// Print JSON instead of tables.
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("bpfgen: {msg}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        Command::Inspect { object, json } => {
            let bytes = std::fs::read(&object).map_err(|e| format!("{}: {e}", object.display()))?;
            let spec =
                ObjectSpec::parse(&bytes).map_err(|e| format!("{}: {e}", object.display()))?;
            let file = object.file_name().map_or_else(
                || object.display().to_string(),
                |f| f.to_string_lossy().into_owned(),
            );
            let model = inspect::inspect(&file, &spec);
            if json {
                let text = serde_json::to_string_pretty(&inspect::to_json(&model))
                    .map_err(|e| e.to_string())?;
                println!("{text}");
            } else {
                print!("{}", inspect::to_text(&model));
            }
            Ok(())
        }
    }
}
