//! The `mem_peak` column, as veristat measures it: this process moves into a cgroup v2
//! of its own (`<cgroup2 mount>/bpfgen-verify-<pid>`), whose `memory.peak` is reset
//! before each load and read after it. Unavailable (the column is -1, and one line on
//! stderr says why) without a cgroup v2 memory controller, e.g. on cgroup v1.

use std::io::{Read, Seek, SeekFrom, Write};
use std::path::PathBuf;
use std::sync::Mutex;

/// The accounting cgroup; moves the process back and removes the cgroup on drop.
pub struct MemPeak {
    cgroup: PathBuf,
    home: PathBuf,
    peak: Mutex<std::fs::File>,
}

/// Where cgroup v2 is mounted, from `/proc/self/mounts`.
fn cgroup2_mount() -> Option<PathBuf> {
    let mounts = std::fs::read_to_string("/proc/self/mounts").ok()?;
    mounts.lines().find_map(|l| {
        let mut f = l.split_whitespace();
        let (_, dir, fs) = (f.next()?, f.next()?, f.next()?);
        (fs == "cgroup2").then(|| PathBuf::from(dir))
    })
}

impl MemPeak {
    /// Sets the cgroup up, or says why it cannot be.
    pub fn start() -> Result<MemPeak, String> {
        let mount = cgroup2_mount().ok_or("no cgroup v2 mount (cgroup v1 only)")?;
        let own = std::fs::read_to_string("/proc/self/cgroup")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("0::").map(|p| p.trim().to_string()))
            })
            .ok_or("this process has no cgroup v2 membership")?;
        let home = mount.join(own.trim_start_matches('/'));
        let cgroup = mount.join(format!("bpfgen-verify-{}", std::process::id()));
        std::fs::create_dir(&cgroup).map_err(|e| format!("creating {}: {e}", cgroup.display()))?;
        let undo = |why: String| {
            let _ = std::fs::remove_dir(&cgroup);
            why
        };
        let peak_path = cgroup.join("memory.peak");
        if !peak_path.exists() {
            return Err(undo(format!(
                "{} has no memory.peak (the memory controller is not enabled there)",
                cgroup.display()
            )));
        }
        std::fs::write(
            cgroup.join("cgroup.procs"),
            format!("{}\n", std::process::id()),
        )
        .map_err(|e| undo(format!("entering {}: {e}", cgroup.display())))?;
        let peak = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&peak_path);
        match peak {
            Ok(file) => Ok(MemPeak {
                cgroup,
                home,
                peak: Mutex::new(file),
            }),
            Err(e) => {
                let _ = std::fs::write(
                    home.join("cgroup.procs"),
                    format!("{}\n", std::process::id()),
                );
                Err(undo(format!("{}: {e}", peak_path.display())))
            }
        }
    }

    /// Runs `load` and returns its peak memory in MiB (`None` if it could not be read).
    pub fn measure<T>(&self, load: impl FnOnce() -> T) -> (T, Option<i64>) {
        let mut file = self.peak.lock().unwrap_or_else(|p| p.into_inner());
        let reset = file.write_all(b"r\n").is_ok();
        let before = read_peak(&mut file);
        let result = load();
        let after = read_peak(&mut file);
        let peak = match (reset, before, after) {
            (true, Some(a), Some(b)) => Some((b.saturating_sub(a) / (1024 * 1024)) as i64),
            _ => None,
        };
        (result, peak)
    }
}

fn read_peak(file: &mut std::fs::File) -> Option<u64> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

impl Drop for MemPeak {
    fn drop(&mut self) {
        let _ = std::fs::write(
            self.home.join("cgroup.procs"),
            format!("{}\n", std::process::id()),
        );
        let _ = std::fs::remove_dir(&self.cgroup);
    }
}
