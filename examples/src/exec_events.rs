//! Typed ring-buffer records of program executions: a CO-RE `tp_btf/sched_process_exec`
//! program (`examples/exec_events/exec_events.bpf.c`) reports each exec by a child of
//! this process; the example runs `/bin/true` a few times and prints every record as a
//! Rust struct. The record type exists only in C code, not in BTF, so the Rust side
//! declares it with `#[derive(Pod)]`: the layout is checked at compile time and no
//! `unsafe` is needed.

use std::io::Write;
use std::time::Duration;

use bpfgen_macros::Pod;

bpfgen_macros::skeleton!("exec_events/exec_events.bpf.o");

use exec_events::ExecEventsSkel;

/// `struct event` of the BPF program.
#[derive(Clone, Copy, Pod)]
#[repr(C)]
pub struct ExecEvent {
    /// The process that called exec.
    pub pid: u32,
    /// Its parent (this process).
    pub ppid: u32,
    /// Command name after the exec, NUL-padded.
    pub comm: [u8; 16],
    /// The executed file, NUL-padded.
    pub filename: [u8; 64],
}

/// Bytes up to the first NUL, as text.
fn text(bytes: &[u8]) -> String {
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

impl std::fmt::Debug for ExecEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExecEvent")
            .field("pid", &self.pid)
            .field("ppid", &self.ppid)
            .field("comm", &text(&self.comm))
            .field("filename", &text(&self.filename))
            .finish()
    }
}

/// How many times the example runs `/bin/true`.
pub const RUNS: usize = 3;

/// Runs the example, writing what happens to `out`.
///
/// # Errors
/// When the kernel refuses the load or the attach, or `/bin/true` cannot run.
pub fn run(out: &mut dyn Write) -> crate::Result {
    let mut open = ExecEventsSkel::open()?;
    open.rodata.parent_tgid = std::process::id();
    let skel = open.prepare()?;
    let _link = skel.progs.on_exec.load_lazy()?.attach()?;
    let mut reader = skel.maps.events.reader()?;
    let mut children = Vec::new();
    for _ in 0..RUNS {
        let child = std::process::Command::new("/bin/true").spawn()?;
        children.push(child.id());
        child.wait_with_output()?;
    }
    writeln!(out, "ran /bin/true {RUNS} times: pids {children:?}")?;
    let mut seen = 0;
    while seen < RUNS && reader.poll(Duration::from_secs(5))? {
        while let Some(event) = reader.next_as::<ExecEvent>() {
            // Other children of this process (tests run examples side by side) exec too.
            if children.contains(&event.pid) {
                writeln!(out, "  {event:?}")?;
                seen += 1;
            }
        }
    }
    writeln!(out, "{seen} exec events")?;
    Ok(())
}
