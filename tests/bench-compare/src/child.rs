//! One start-up run in its own process: open an object with one loader and load all its
//! programs (`all`) or its first (`one`), then report this process's peak RSS (`VmHWM`),
//! or why the loader could not (the parent measures wall and CPU time). With
//! `BENCH_SMAPS=1` it also prints its final `/proc/self/smaps_rollup` (anonymous against
//! file-backed memory) to stderr; `BENCH_SMAPS=full`, every mapping (`/proc/self/smaps`).

use crate::Res;

/// Runs `loader` (`bpfgen`, `libbpf-rs`, `aya`, or `none` for the bare process) in
/// `mode` on `obj` and prints
/// `ok PEAK_KB` or `fail REASON` on one line.
pub fn child(loader: &str, mode: &str, obj: &str) -> Res {
    let one = mode == "one";
    let result = match loader {
        "bpfgen" => bpfgen(obj, one),
        "libbpf-rs" => libbpf(obj, one),
        "aya" => aya(obj, one),
        // The process alone: what every run costs before a loader does anything.
        "none" => Ok(()),
        other => Err(format!("unknown loader {other}").into()),
    };
    match result {
        Ok(()) => {
            match std::env::var("BENCH_SMAPS").as_deref() {
                Ok("full") => eprintln!("{}", std::fs::read_to_string("/proc/self/smaps")?),
                Ok(_) => eprintln!("{}", std::fs::read_to_string("/proc/self/smaps_rollup")?),
                Err(_) => {}
            }
            println!("ok {}", peak_kb()?)
        }
        Err(e) => println!("fail {}", e.to_string().replace('\n', " ")),
    }
    Ok(())
}

/// bpfgen-runtime: open (`ObjectSpec::from_file`, which skips DWARF as libbpf does),
/// prepare, then `load_lazy` each program (or the first).
fn bpfgen(path: &str, one: bool) -> Res {
    let spec = bpfgen_runtime::ObjectSpec::from_file(path)?;
    let names: Vec<String> = spec.programs.iter().map(|p| p.name.clone()).collect();
    let obj = bpfgen_runtime::PreparedObject::prepare(spec)?;
    for name in names.iter().take(if one { 1 } else { usize::MAX }) {
        let prog = obj.program(name).ok_or("program vanished")?;
        prog.load_lazy()?;
    }
    Ok(())
}

/// libbpf-rs: open, then load (every program, or only the first with autoload).
fn libbpf(path: &str, one: bool) -> Res {
    let mut open = libbpf_rs::ObjectBuilder::default().open_file(path)?;
    if one {
        for (i, mut p) in open.progs_mut().enumerate() {
            p.set_autoload(i == 0);
        }
    }
    let obj = open.load()?;
    std::hint::black_box(obj.progs().count());
    Ok(())
}

/// aya: load the object (maps created, programs parsed), then load each program (or the
/// first). `tp_btf` programs need their event, which aya takes as an argument: the
/// parent passes each program's `SEC()` target in `BENCH_TARGETS` (`name=event,…`), as a
/// user writing the loader would. aya's own kernel BTF (`Btf::from_sys_fs`) is parsed
/// for them, as aya requires.
fn aya(path: &str, one: bool) -> Res {
    use aya::programs::Program;
    let targets = std::env::var("BENCH_TARGETS").unwrap_or_default();
    let target = |name: &str| {
        targets
            .split(',')
            .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
            .map(str::to_string)
    };
    let mut ebpf = aya::Ebpf::load_file(path)?;
    let mut btf: Option<aya::Btf> = None;
    let names: Vec<String> = ebpf.programs().map(|(n, _)| n.to_string()).collect();
    for name in names.iter().take(if one { 1 } else { usize::MAX }) {
        let prog = ebpf.program_mut(name).ok_or("program vanished")?;
        match prog {
            Program::TracePoint(p) => p.load()?,
            Program::RawTracePoint(p) => p.load()?,
            Program::KProbe(p) => p.load()?,
            Program::SocketFilter(p) => p.load()?,
            Program::SchedClassifier(p) => p.load()?,
            Program::Xdp(p) => p.load()?,
            Program::CgroupSkb(p) => p.load()?,
            Program::CgroupSock(p) => p.load()?,
            Program::CgroupSockAddr(p) => p.load()?,
            Program::CgroupSockopt(p) => p.load()?,
            Program::CgroupSysctl(p) => p.load()?,
            Program::CgroupDevice(p) => p.load()?,
            Program::SockOps(p) => p.load()?,
            Program::SkMsg(p) => p.load()?,
            Program::SkSkb(p) => p.load()?,
            Program::SkLookup(p) => p.load()?,
            Program::PerfEvent(p) => p.load()?,
            Program::BtfTracePoint(p) => {
                let event = target(name).ok_or_else(|| format!("no event for {name}"))?;
                if btf.is_none() {
                    btf = Some(aya::Btf::from_sys_fs()?);
                }
                p.load(&event, btf.as_ref().ok_or("no BTF")?)?;
            }
            other => {
                return Err(format!(
                    "aya has no generic load for {:?} programs",
                    other.prog_type()
                )
                .into())
            }
        }
    }
    std::hint::black_box(ebpf.maps().count());
    Ok(())
}

/// Peak resident set of this process, in KiB (`VmHWM`).
fn peak_kb() -> Res<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .ok_or("no VmHWM")?;
    Ok(line.split_whitespace().nth(1).ok_or("VmHWM")?.parse()?)
}
