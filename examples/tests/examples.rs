//! Every example run on the real kernel, its output checked. Each names the kernel
//! features it needs (`bpfgen_runtime::testing`); where the kernel refuses one, the
//! example's error must name it.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use bpfgen_runtime::testing::{kernel_test, Feature};

/// Runs an example into a string.
fn output(run: impl FnOnce(&mut dyn std::io::Write) -> bpfgen_examples::Result) -> String {
    let mut out = Vec::new();
    run(&mut out).unwrap_or_else(|e| panic!("{e}"));
    String::from_utf8(out).unwrap()
}

#[test]
fn tail_calls_slots_follow_lazy_loads_and_unloads() {
    let Some(k) = kernel_test(
        "tail_calls_slots_follow_lazy_loads_and_unloads",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    if k.refuses(Feature::SOCKET_FILTER, "dispatcher", || {
        bpfgen_examples::tail_calls::run(&mut std::io::sink())
    }) {
        return;
    }
    let text = output(bpfgen_examples::tail_calls::run);
    let lines: Vec<&str> = text.lines().skip(1).collect();
    assert_eq!(
        lines,
        [
            "  datagram for slot 0: fell through (slot empty)",
            "load target_a and target_c lazily: their slots fill",
            "  datagram for slot 0: ran target_a",
            "  datagram for slot 1: fell through (slot empty)",
            "  datagram for slot 2: ran target_c",
            "unload target_a: its slot empties",
            "  datagram for slot 0: fell through (slot empty)",
            "  datagram for slot 2: ran target_c",
            "hits: target_a 1, target_b 0, target_c 2, fell through 3",
        ],
        "{text}"
    );
}

#[test]
fn exec_events_prints_each_child_exec_as_a_typed_record() {
    const EXEC: Feature = Feature::tp_btf("sched_process_exec");
    let Some(k) = kernel_test(
        "exec_events_prints_each_child_exec_as_a_typed_record",
        &[EXEC],
    ) else {
        return;
    };
    if k.refuses(EXEC, "on_exec", || {
        bpfgen_examples::exec_events::run(&mut std::io::sink())
    }) {
        return;
    }
    let text = output(bpfgen_examples::exec_events::run);
    let events: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  ExecEvent"))
        .collect();
    assert_eq!(events.len(), bpfgen_examples::exec_events::RUNS, "{text}");
    let ppid = format!("ppid: {}", std::process::id());
    for event in events {
        assert!(
            event.contains(&ppid)
                && event.contains("comm: \"true\"")
                && event.contains("filename: \"/bin/true\""),
            "{event}"
        );
    }
    assert!(text.ends_with("3 exec events\n"), "{text}");
}

/// Fails if the example tagged `tag` left its network namespace behind.
fn assert_netns_removed(tag: &str) {
    let ours = format!("bpfgen-{tag}-{}", std::process::id());
    let left = std::fs::read_dir("/var/run/netns")
        .map(|d| d.filter_map(Result::ok).any(|e| e.file_name() == *ours))
        .unwrap_or(false);
    assert!(!left, "namespace {ours} removed");
}

/// The count of protocol `name` in xdp_counter's output.
fn packets(text: &str, name: &str) -> u64 {
    text.lines()
        .find_map(|l| {
            let rest = l.trim_start().strip_prefix(name)?;
            rest.split_whitespace().next()?.parse().ok()
        })
        .unwrap_or_else(|| panic!("no {name} line: {text}"))
}

#[test]
fn xdp_counter_counts_the_pairs_traffic_by_protocol_and_cleans_up() {
    let Some(k) = kernel_test(
        "xdp_counter_counts_the_pairs_traffic_by_protocol_and_cleans_up",
        &[Feature::XDP],
    ) else {
        return;
    };
    if k.refuses(Feature::XDP, "count_by_protocol", || {
        bpfgen_examples::xdp_counter::run(&mut std::io::sink())
    }) {
        return;
    }
    let text = output(bpfgen_examples::xdp_counter::run);
    assert_eq!(packets(&text, "ICMP"), 3, "{text}");
    assert_eq!(packets(&text, "UDP"), 2, "{text}");
    assert!(packets(&text, "TCP") >= 1, "{text}");
    assert!(packets(&text, "other") >= 1, "ARP at least: {text}");
    assert!(
        text.ends_with("namespace and veth pair removed\n"),
        "{text}"
    );
    assert_netns_removed("xdp");
}

/// The count of protocol `name` in the `direction:` block of tc_filter's output.
fn tc_packets(text: &str, direction: &str, name: &str) -> u64 {
    let block = text
        .split_once(&format!("{direction}:\n"))
        .map(|(_, rest)| rest)
        .unwrap_or_else(|| panic!("no {direction} block: {text}"));
    packets(block, name)
}

#[test]
fn tc_filter_counts_both_directions_through_tcx_and_netlink_and_cleans_up() {
    let Some(k) = kernel_test(
        "tc_filter_counts_both_directions_through_tcx_and_netlink_and_cleans_up",
        &[Feature::TC],
    ) else {
        return;
    };
    if k.refuses(Feature::TC, "count_ingress", || {
        bpfgen_examples::tc_filter::run(&mut std::io::sink())
    }) {
        return;
    }
    let text = output(bpfgen_examples::tc_filter::run);
    assert!(
        text.contains("count_egress through a netlink clsact filter"),
        "{text}"
    );
    // In: 3 ICMP unreachables, 2 datagrams, the SYN. Out: 3 datagrams and the RST; the
    // ICMP unreachables this side sends for the 2 datagrams that came in are not counted
    // on: the kernel's ICMP rate limits (shared with the other tests) drop some.
    assert_eq!(tc_packets(&text, "ingress", "ICMP"), 3, "{text}");
    assert_eq!(tc_packets(&text, "ingress", "UDP"), 2, "{text}");
    assert!(tc_packets(&text, "ingress", "TCP") >= 1, "{text}");
    assert_eq!(tc_packets(&text, "egress", "UDP"), 3, "{text}");
    assert!(tc_packets(&text, "egress", "TCP") >= 1, "{text}");
    assert!(
        text.ends_with("namespace and veth pair removed\n"),
        "{text}"
    );
    assert_netns_removed("tc");
}

/// The `{feature: hits}` map printed on the line that starts with `prefix`.
fn hits_line(text: &str, prefix: &str, nth: usize) -> Vec<(u32, u64)> {
    let line = text
        .lines()
        .filter(|l| l.starts_with(prefix))
        .nth(nth)
        .unwrap_or_else(|| panic!("no line {nth} starting {prefix:?}: {text}"));
    let map = &line[line.find('{').unwrap() + 1..line.find('}').unwrap()];
    map.split(", ")
        .map(|kv| {
            let (k, v) = kv.split_once(": ").unwrap();
            (k.parse().unwrap(), v.parse().unwrap())
        })
        .collect()
}

#[test]
fn feature_flags_loads_what_the_config_enables_and_switches_at_run_time() {
    let Some(k) = kernel_test(
        "feature_flags_loads_what_the_config_enables_and_switches_at_run_time",
        &[Feature::RAW_TRACEPOINT],
    ) else {
        return;
    };
    if k.refuses(Feature::RAW_TRACEPOINT, "feature_00_program_0", || {
        bpfgen_examples::feature_flags::run(&mut std::io::sink())
    }) {
        return;
    }
    let text = output(bpfgen_examples::feature_flags::run);
    assert!(
        text.contains("start-up with features [0, 3, 7]: 24 of 200 programs loaded and attached"),
        "{text}"
    );
    assert!(text.contains("eager load of all 200 programs"), "{text}");
    assert!(text.contains("  200 programs: prepare"), "{text}");
    let first = hits_line(&text, "5 stat() calls", 0);
    let second = hits_line(&text, "5 stat() calls", 1);
    let features = |h: &[(u32, u64)]| h.iter().map(|(f, _)| *f).collect::<Vec<_>>();
    assert_eq!(features(&first), [0, 3, 7], "{text}");
    assert_eq!(features(&second), [0, 7, 12], "{text}");
    // Every enabled feature's 8 programs ran on each of the same system calls.
    assert!(
        first
            .iter()
            .chain(&second)
            .all(|(_, n)| *n == first[0].1 && n % 8 == 0),
        "{text}"
    );
    assert!(text.ends_with("programs loaded now: 24 of 200\n"), "{text}");
}

/// The hits printed for `target` by clone_to_many.
fn target_hits(text: &str, target: &str) -> u64 {
    text.lines()
        .find_map(|l| {
            let rest = l.trim_start().strip_prefix(target)?;
            rest.split_whitespace().next()?.parse().ok()
        })
        .unwrap_or_else(|| panic!("no {target} line: {text}"))
}

#[test]
fn clone_to_many_counts_each_target_in_one_map() {
    const SYS_ENTER: Feature = Feature::tp_btf("sys_enter");
    const FENTRY: Feature = Feature::fentry("do_unlinkat");
    let Some(k) = kernel_test(
        "clone_to_many_counts_each_target_in_one_map",
        &[SYS_ENTER, FENTRY],
    ) else {
        return;
    };
    let run = |args: &[&str]| {
        let args: Vec<String> = args.iter().map(ToString::to_string).collect();
        move |out: &mut dyn std::io::Write| bpfgen_examples::clone_to_many::run(out, &args)
    };
    if k.refuses(SYS_ENTER, "count_tracepoint", || {
        run(&[])(&mut std::io::sink())
    }) {
        return;
    }
    let text = output(run(&[]));
    assert!(
        text.starts_with("3 clones of one program attached"),
        "{text}"
    );
    assert!(target_hits(&text, "tp_btf/sys_enter") >= 5, "{text}");
    assert!(target_hits(&text, "tp_btf/sys_exit") >= 5, "{text}");
    assert_eq!(target_hits(&text, "tp_btf/sched_process_fork"), 1, "{text}");

    let text = output(run(&["sys_enter", "--fentry", "do_unlinkat"]));
    if k.supports(FENTRY) {
        assert!(target_hits(&text, "fentry/do_unlinkat") >= 1, "{text}");
    } else {
        assert!(
            text.contains(
                "this kernel refuses fentry programs (EPERM before verification, at `do_unlinkat`)"
            ),
            "{text}"
        );
        assert!(target_hits(&text, "tp_btf/sys_enter") >= 5, "{text}");
    }
}
