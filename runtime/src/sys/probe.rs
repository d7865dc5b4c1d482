//! Whether `bpf()` can be used at all here, plus test-only helpers.

use crate::abi::{Command, MapType};
use std::mem::size_of;
use std::sync::OnceLock;

use super::raw;

/// Checks once per process that `bpf()` works (by creating and closing a
/// one-entry array map) and caches the answer.
///
/// `Err` carries a human-readable reason, e.g. that `bpf()` returned `EPERM`
/// (not privileged) or `ENOSYS` (kernel without BPF). Kernel tests skip on it
/// (see [`crate::testing::kernel_test`]).
pub fn bpf_available() -> Result<(), String> {
    static RESULT: OnceLock<Result<(), String>> = OnceLock::new();
    RESULT.get_or_init(probe).clone()
}

/// The prefix of the `BPF_MAP_CREATE` attr that the probe needs.
#[repr(C)]
#[derive(Default)]
struct ProbeMapAttr {
    map_type: u32,
    key_size: u32,
    value_size: u32,
    max_entries: u32,
}

fn probe() -> Result<(), String> {
    let mut attr = ProbeMapAttr {
        map_type: MapType::Array.as_raw(),
        key_size: 4,
        value_size: 4,
        max_entries: 1,
    };
    // SAFETY: `ProbeMapAttr` is the padding-free head of the BPF_MAP_CREATE
    // attr and holds no pointers; the command returns a new fd on success.
    let ret =
        unsafe { raw::sys_bpf_unfaked(Command::MapCreate, &mut attr, size_of::<ProbeMapAttr>()) };
    match ret {
        // SAFETY: BPF_MAP_CREATE returned a new fd that nobody owns; it is
        // closed right away.
        Ok(fd) => unsafe { raw::fd_from_ret(fd) }
            .map(drop)
            .map_err(|e| format!("bpf() probe fd: {e}")),
        Err(e) => Err(match e.raw_os_error() {
            Some(libc::EPERM) => "bpf() returned EPERM (not privileged)".to_owned(),
            Some(libc::ENOSYS) => "bpf() returned ENOSYS (kernel without BPF)".to_owned(),
            _ => format!("bpf() probe failed: {e}"),
        }),
    }
}

/// In a unit test: returns early, printing why, if `bpf()` is unavailable (see
/// [`crate::testing::kernel_test`]). With features, evaluates to the
/// [`crate::testing::KernelTest`] that says which of them the kernel refuses.
#[cfg(test)]
macro_rules! require_bpf {
    () => {
        if $crate::testing::kernel_test(module_path!(), &[]).is_none() {
            return;
        }
    };
    ($($feature:expr),+ $(,)?) => {
        match $crate::testing::kernel_test(module_path!(), &[$($feature),+]) {
            Some(kernel) => kernel,
            None => return,
        }
    };
}
#[cfg(test)]
pub(crate) use require_bpf;

/// Runs `body` alone in a fresh, single-threaded copy of the test binary.
///
/// For tests that count open fds or close stdio, which other tests running
/// in parallel threads would disturb. `module` is `module_path!()` of the
/// calling test module and `test` the test function's name; the parent
/// process waits for the child and fails if the child's test failed.
#[cfg(test)]
pub(crate) fn run_isolated(module: &str, test: &str, body: impl FnOnce()) {
    const ENV: &str = "BPFGEN_ISOLATED_TEST";
    // Test names as libtest sees them have no crate-name prefix.
    let path = module.split_once("::").map_or(module, |(_, rest)| rest);
    let name = format!("{path}::{test}");
    if std::env::var(ENV).ok().as_deref() == Some(name.as_str()) {
        body();
        return;
    }
    let exe = std::env::current_exe().expect("current test executable");
    let out = std::process::Command::new(exe)
        .args([name.as_str(), "--exact", "--test-threads=1", "--nocapture"])
        .env(ENV, &name)
        .stdin(std::process::Stdio::null())
        .output()
        .expect("spawn isolated test");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("isolated {name}:\n{stdout}{stderr}");
    assert!(out.status.success(), "isolated test {name} failed");
    assert!(
        stdout.contains("1 passed"),
        "isolated test {name} did not run"
    );
}

/// Number of open fds of this process (entries of `/proc/self/fd`).
#[cfg(test)]
pub(crate) fn open_fd_count() -> usize {
    std::fs::read_dir("/proc/self/fd")
        .expect("read /proc/self/fd")
        .count()
}

#[cfg(test)]
mod tests {
    #[test]
    fn probe_reports_something() {
        match super::bpf_available() {
            Ok(()) => {}
            Err(reason) => assert!(!reason.is_empty()),
        }
    }
}
