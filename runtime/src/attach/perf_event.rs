//! `SEC("perf_event")` programs: run on every sample of a perf event (a CPU clock for a
//! profiler, a hardware counter overflow), attached with a `BPF_PERF_EVENT` link.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

use super::error::AttachError;
use super::kind::prog_kind;
use super::link::Link;
use super::loaded::attach_methods;
#[cfg(doc)]
use super::loaded::{Instance, Loaded};
use crate::sys;
use crate::Error;

prog_kind! {
    /// `SEC("perf_event")`: runs on each sample of a perf event. `attach_sampling(hz,
    /// cpu)` or `attach_to_event(fd)` on a [`Loaded`] or [`Instance`].
    PerfEvent
}

/// `PERF_COUNT_SW_CPU_CLOCK`.
const CPU_CLOCK: u64 = 0;

/// Shared body of `attach_sampling`.
fn attach_sampling(program: &str, prog: BorrowedFd<'_>, hz: u64, cpu: u32) -> Result<Link, Error> {
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
    pub fn attach_sampling(&self, hz: u64, cpu: u32) -> Result<Link, Error> {
        attach_sampling(self.name(), self.as_fd(), hz, cpu)
    }

    /// Runs the program on each sample of `event`, a perf event opened by the caller
    /// (`perf_event_open(2)`); the returned link owns it.
    pub fn attach_to_event(&self, event: OwnedFd) -> Result<Link, Error> {
        Link::on_perf_event(self.name(), self.as_fd(), event, "a perf event")
    }
});
