//! Which capabilities a permission error points at: the process's effective set, read
//! from `/proc/self/status` (`CapEff`), against what `bpf()` and `perf_event_open` need.

/// `CAP_NET_ADMIN`.
const CAP_NET_ADMIN: u32 = 12;
/// `CAP_SYS_ADMIN`.
const CAP_SYS_ADMIN: u32 = 21;
/// `CAP_PERFMON` (5.8).
const CAP_PERFMON: u32 = 38;
/// `CAP_BPF` (5.8).
const CAP_BPF: u32 = 39;

/// The effective capability set, or `None` when `/proc/self/status` cannot be read.
fn effective() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let hex = status
        .lines()
        .find_map(|l| l.strip_prefix("CapEff:"))?
        .trim();
    u64::from_str_radix(hex, 16).ok()
}

/// What the process lacks for `call` (a `bpf()` command name or `perf_event_open`), in
/// words; `None` when it lacks nothing that call needs (the refusal then has another
/// cause: lockdown, an LSM, a sysctl).
pub(crate) fn missing_for(call: &str) -> Option<String> {
    missing_in(effective()?, call)
}

/// [`missing_for`] against the effective set `eff`.
fn missing_in(eff: u64, call: &str) -> Option<String> {
    let has = |cap: u32| eff & (1 << cap) != 0;
    let admin = has(CAP_SYS_ADMIN);
    let bpf_call = call.starts_with("BPF_");
    if !bpf_call && call != "perf_event_open" {
        return None;
    }
    if bpf_call && !has(CAP_BPF) && !admin {
        return Some(
            "this process has neither CAP_BPF nor CAP_SYS_ADMIN (run as root, or grant CAP_BPF)"
                .into(),
        );
    }
    // Loading, attaching and perf events also need the program family's capability.
    let attaches = matches!(
        call,
        "BPF_PROG_LOAD" | "BPF_LINK_CREATE" | "BPF_PROG_ATTACH"
    ) || call == "perf_event_open";
    if !attaches || admin {
        return None;
    }
    let lacking: Vec<&str> = [
        (
            CAP_PERFMON,
            "CAP_PERFMON (tracing programs and perf events)",
        ),
        (CAP_NET_ADMIN, "CAP_NET_ADMIN (networking programs)"),
    ]
    .iter()
    .filter(|(cap, _)| !has(*cap))
    .map(|(_, what)| *what)
    .collect();
    (!lacking.is_empty()).then(|| format!("this process lacks {}", lacking.join(" and ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_what_is_missing() {
        let all = u64::MAX;
        assert_eq!(missing_in(all, "BPF_PROG_LOAD"), None);
        let none = 0;
        let m = missing_in(none, "BPF_MAP_CREATE").expect("missing");
        assert!(m.contains("CAP_BPF") && m.contains("CAP_SYS_ADMIN"), "{m}");
        let bpf_only = 1 << CAP_BPF;
        assert_eq!(missing_in(bpf_only, "BPF_MAP_CREATE"), None);
        let m = missing_in(bpf_only, "BPF_PROG_LOAD").expect("missing");
        assert!(
            m.contains("CAP_PERFMON") && m.contains("CAP_NET_ADMIN"),
            "{m}"
        );
        let m = missing_in(bpf_only | 1 << CAP_PERFMON, "perf_event_open").expect("missing");
        assert!(
            !m.contains("CAP_PERFMON") && m.contains("CAP_NET_ADMIN"),
            "{m}"
        );
        assert_eq!(missing_in(none, "open"), None, "not a bpf call");
    }
}
