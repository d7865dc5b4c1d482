//! One program whose attach target is fixed at load time, cloned onto many targets (the
//! retsnoop / bpftrace use case raised when `bpf_program__clone()` was reviewed):
//! `count_tracepoint` (tp_btf) onto the raw tracepoints named on the command line, and
//! with `--fentry f1,f2,…` `count_function` (fentry) onto kernel functions. Each clone
//! is attached with its slot as BPF cookie and counts into one shared map
//! (`examples/clone_to_many/clone_to_many.bpf.c`). Where the kernel refuses fentry
//! programs before verifying them (EPERM), the example says so.

use std::io::Write;

use bpfgen_runtime::attach::Link;
use bpfgen_runtime::{CloneOpts, ClonedProgram, Program, ProgramError};

bpfgen_macros::skeleton!("clone_to_many/clone_to_many.bpf.o");

use clone_to_many::{CloneToMany, CloneToManySkel};

/// The tracepoints used when none are named.
pub const DEFAULT_TRACEPOINTS: [&str; 3] = ["sys_enter", "sys_exit", "sched_process_fork"];
/// Slots in the shared map.
const MAX_TARGETS: usize = 16;

/// Targets parsed from the command line.
struct Targets {
    tracepoints: Vec<String>,
    functions: Vec<String>,
}

fn parse(args: &[String]) -> crate::Result<Targets> {
    let mut t = Targets {
        tracepoints: Vec::new(),
        functions: Vec::new(),
    };
    let mut args = args.iter();
    while let Some(a) = args.next() {
        if a == "--fentry" {
            let list = args.next().ok_or("--fentry needs f1,f2,…")?;
            t.functions
                .extend(list.split(',').filter(|f| !f.is_empty()).map(String::from));
        } else {
            t.tracepoints.push(a.clone());
        }
    }
    if t.tracepoints.is_empty() {
        t.tracepoints = DEFAULT_TRACEPOINTS.map(String::from).to_vec();
    }
    if t.tracepoints.len() + t.functions.len() > MAX_TARGETS {
        return Err(format!("at most {MAX_TARGETS} targets").into());
    }
    Ok(t)
}

/// A clone of `program` retargeted to `target`; `None` when the kernel refuses the kind.
fn clone_onto<K: bpfgen_runtime::kind::Kind>(
    program: &Program<K>,
    target: &str,
) -> crate::Result<Option<ClonedProgram<K>>> {
    let opts = CloneOpts {
        attach_target: Some(target),
        ..Default::default()
    };
    match program.clone_with(&opts) {
        Ok(clone) => Ok(Some(clone)),
        Err(ProgramError::Verifier(v)) if v.errno == EPERM && v.log.is_empty() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// `EPERM` (Linux): a refusal before verification, with an empty log.
const EPERM: i32 = 1;

/// Runs the example with its command-line `args`, writing what happens to `out`.
///
/// # Errors
/// On a bad argument, an unknown target, or a load or attach the kernel refuses for
/// another reason than refusing fentry programs altogether.
pub fn run(out: &mut dyn Write, args: &[String]) -> crate::Result {
    let targets = parse(args)?;
    let mut open = CloneToManySkel::open()?;
    open.rodata.only_tid = crate::this_thread()?;
    let skel: CloneToMany = open.prepare()?;
    let mut links: Vec<Link> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for tp in &targets.tracepoints {
        let clone = clone_onto(&skel.progs.count_tracepoint, tp)?
            .ok_or("the kernel refuses tp_btf programs")?;
        links.push(clone.attach_with_cookie(names.len() as u64)?);
        names.push(format!("tp_btf/{tp}"));
    }
    let mut refused = None;
    for f in &targets.functions {
        match clone_onto(&skel.progs.count_function, f)? {
            Some(clone) => {
                links.push(clone.attach_with_cookie(names.len() as u64)?);
                names.push(format!("fentry/{f}"));
            }
            None => {
                refused = Some(f.clone());
                break;
            }
        }
    }
    writeln!(
        out,
        "{} clones of one program attached, cookie = slot in the shared map",
        links.len()
    )?;
    if let Some(f) = refused {
        writeln!(
            out,
            "this kernel refuses fentry programs (EPERM before verification, at `{f}`): \
             fentry targets skipped"
        )?;
    }

    // Events from this thread: system calls, a fork, an unlink.
    for _ in 0..5 {
        let _ = std::fs::metadata("/");
    }
    std::process::Command::new("true").status()?;
    let path = std::env::temp_dir().join(format!("bpfgen-clone-{}", std::process::id()));
    std::fs::write(&path, b"x")?;
    std::fs::remove_file(&path)?;
    drop(links);

    for (slot, name) in names.iter().enumerate() {
        let n = skel.maps.hits.get(u32::try_from(slot)?)?;
        writeln!(out, "  {name:<32} {n:>6} hits")?;
    }
    Ok(())
}
