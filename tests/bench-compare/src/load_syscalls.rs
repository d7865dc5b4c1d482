//! The kernel's side of a start-up run: time spent inside `BPF_MAP_CREATE`,
//! `BPF_PROG_LOAD` and `BPF_BTF_LOAD`, measured by `objects/load_time.bpf.o` on the
//! syscall tracepoints (a few hundred nanoseconds a syscall, where `perf trace` adds
//! microseconds). Start-up wall time minus this is the loader's own part: user space
//! and every other syscall it chose to make.

use std::sync::Arc;

use bpfgen_runtime::attach::Link;
use bpfgen_runtime::kind::Tracepoint;
use bpfgen_runtime::maps::Array;
use bpfgen_runtime::{ObjectSpec, PreparedObject, Program};

use crate::Res;

const OBJECT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/objects/load_time.bpf.o");

/// The stopwatch, attached: counts every process's load syscalls but this one's.
pub struct LoadStopwatch {
    totals: Array<[u64; 2]>,
    _links: [Link; 2],
    _obj: Arc<PreparedObject>,
}

impl LoadStopwatch {
    /// Loads and attaches the tracepoint programs.
    pub fn start() -> Res<LoadStopwatch> {
        let mut spec = ObjectSpec::from_file(OBJECT)?;
        let rodata = spec
            .maps
            .iter_mut()
            .find(|m| m.name == ".rodata")
            .ok_or("no .rodata in load_time.bpf.o")?;
        rodata.initial_value = Some(std::process::id().to_ne_bytes().to_vec());
        let obj = PreparedObject::prepare(spec)?;
        let link = |name: &str| -> Res<Link> {
            Ok(Program::<Tracepoint>::new(&obj, name)?
                .load_lazy()?
                .attach()?)
        };
        let links = [link("on_enter")?, link("on_exit")?];
        Ok(LoadStopwatch {
            totals: Array::new(&obj, ".bss")?,
            _links: links,
            _obj: obj,
        })
    }

    /// Milliseconds and count of load syscalls made by other processes while `f` ran.
    pub fn measure<R>(&self, f: impl FnOnce() -> R) -> Res<(R, f64, u64)> {
        self.totals.set(0, &[0, 0])?;
        let r = f();
        let [ns, count] = self.totals.get(0)?;
        Ok((r, ns as f64 / 1e6, count))
    }
}
