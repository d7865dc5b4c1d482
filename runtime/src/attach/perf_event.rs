//! `SEC("perf_event")` programs: run on every sample of a perf event (a CPU clock for a
//! profiler, a hardware counter overflow), attached with a `BPF_PERF_EVENT` link.

use crate::kind::PerfEvent;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use super::error::AttachError;
use super::link::Link;
use super::methods::attach_methods;
#[cfg(doc)]
use crate::load::{ClonedProgram, LoadedProgram};
use crate::sys;

/// `PERF_COUNT_SW_CPU_CLOCK`.
const CPU_CLOCK: u64 = 0;

/// Shared body of `attach_sampling`.
fn attach_sampling(
    program: &str,
    prog: BorrowedFd<'_>,
    hz: u64,
    cpu: u32,
) -> Result<Link, AttachError> {
    let what = format!("a {hz} Hz CPU clock on CPU {cpu}");
    let cpu_arg = i32::try_from(cpu).map_err(|_| AttachError::Target {
        program: program.to_string(),
        reason: format!("CPU {cpu} is out of range"),
    })?;
    let event = sys::perf_event_open_sampling(CPU_CLOCK, hz, cpu_arg, -1)
        .map_err(|e| AttachError::syscall(program, what.clone(), e))?;
    Link::on_perf_event(program, prog, event, &what)
}

attach_methods!(PerfEvent {
    /// Samples CPU `cpu` `hz` times a second (a `PERF_COUNT_SW_CPU_CLOCK` event, every
    /// process) and runs the program on each sample: one link per CPU to profile them all
    /// (see [`crate::sys::online_cpus`]).
    pub fn attach_sampling(&self, hz: u64, cpu: u32) -> Result<Link, AttachError> {
        attach_sampling(self.name(), self.as_fd(), hz, cpu)
    }

    /// Runs the program on each sample of `event`, a perf event opened by the caller
    /// (`perf_event_open(2)`); the returned link owns it.
    pub fn attach_to_event(&self, event: OwnedFd) -> Result<Link, AttachError> {
        Link::on_perf_event(self.name(), self.as_fd(), event, "a perf event")
    }
});
