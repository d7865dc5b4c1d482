//! `bpfgen verify`'s veristat options end to end through the built binary: stat filters,
//! the new columns, `-G`, `-R`, `-S`, `-t`/`-r`, `--log-fixed`/`--log-size`, `-q`/`-d`,
//! `-C` with variant sorts and filters, `--attach-target` and `--baseline`. The options
//! that only reshape results are also tested without the kernel, on the committed CSVs
//! in `tests/verify_data/` (veristat's CSV layout).

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use std::path::PathBuf;

use bpfgen_runtime::abi::{AttachType, ProgramType};
use bpfgen_runtime::obj::btf::kind;
use bpfgen_runtime::testing::{kernel_test, BtfTarget, Feature};
use common::{bpfgen, csv, repo, stderr, stdout};

fn data(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/verify_data")
        .join(name);
    p.to_str().unwrap().to_string()
}

/// Column `name` of CSV `rows`, as text.
fn column(rows: &[Vec<String>], name: &str) -> Vec<String> {
    let i = rows[0].iter().position(|h| h == name).unwrap();
    rows[1..].iter().map(|r| r[i].clone()).collect()
}

/// Whether the kernel tests run (socket filters load; see `cli_verify.rs`).
fn kernel(test: &str) -> bool {
    let Some(k) = kernel_test(test, &[Feature::SOCKET_FILTER]) else {
        return false;
    };
    let obj = repo("tests/fixtures/globals.bpf.o");
    !k.refuses(Feature::SOCKET_FILTER, "gated_by_mode", || {
        let out = bpfgen(&["verify", "-o", "csv", &obj]);
        Err::<(), _>(stderr(&out))
    })
}

// ---- without the kernel, on committed CSVs -------------------------------------

#[test]
fn replay_filters_sorts_and_reshapes_a_csv() {
    let base = data("base.csv");
    let out = bpfgen(&[
        "verify",
        "-R",
        "-o",
        "csv",
        "-e",
        "prog,insns",
        "-f",
        "insns>50",
        "-s",
        "insns^",
        &base,
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(csv(&out)[0], ["prog_name", "total_insns"]);
    assert_eq!(column(&csv(&out), "prog_name"), ["delta", "beta", "alpha"]);
    let out = bpfgen(&[
        "verify",
        "-R",
        "-o",
        "csv",
        "-f",
        "verdict=failure",
        "-f",
        "!b.bpf.o",
        &base,
    ]);
    assert_eq!(column(&csv(&out), "prog_name"), ["gamma"]);
    assert_eq!(csv(&out)[0].len(), 15, "veristat's CSV columns");
    let out = bpfgen(&[
        "verify",
        "-R",
        "-e",
        "prog,prog_type,attach_type,stack,mem_peak",
        "-f",
        "/beta",
        &base,
    ]);
    let table = stdout(&out);
    assert!(
        table.contains("Program type")
            && table.contains("Stack depth")
            && table.contains("Peak memory (MiB)"),
        "{table}"
    );
    assert!(
        table.contains(
            "beta    | socket_filter | cgroup_inet_ingress |           8 |                -1"
        ),
        "{table}"
    );
    // A bare glob matches a file or a program, as in veristat.
    let out = bpfgen(&[
        "verify", "-R", "-o", "csv", "-e", "prog", "-f", "del*", &base,
    ]);
    assert_eq!(column(&csv(&out), "prog_name"), ["delta"]);
}

#[test]
fn unparsable_filters_and_columns_are_errors() {
    let base = data("base.csv");
    for (args, want) in [
        (vec!["-f", "insnz>20"], "unrecognized stat name `insnz`"),
        (vec!["-f", "insns>many"], "`many` is not an integer"),
        (vec!["-f", "prog==x"], "is a name, not a statistic"),
        (vec!["-e", "bogus"], "unknown column `bogus`"),
        (vec!["-s", "bogus"], "unrecognized stat name `bogus`"),
        (
            vec!["-G", "x = 1.5"],
            "neither an integer nor an enumerator",
        ),
    ] {
        let mut all = vec!["verify", "-R"];
        all.extend(&args);
        all.push(&base);
        let out = bpfgen(&all);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains(want), "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn compare_sorts_and_filters_on_variants() {
    let (base, new) = (data("base.csv"), data("new.csv"));
    let out = bpfgen(&["verify", "-C", &base, &new, "-e", "file,prog,verdict,insns"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("Insns (A) | Insns (B) |") && text.contains("Insns (DIFF)"),
        "{text}"
    );
    assert!(
        text.contains("+500 (+50.00%)") && text.contains("MISMATCH"),
        "{text}"
    );
    // Sort by the absolute difference, largest first; keep rows whose insns changed.
    let out = bpfgen(&[
        "verify",
        "-C",
        &base,
        &new,
        "-o",
        "csv",
        "-e",
        "prog,insns",
        "-s",
        "|insns_diff|",
        "-f",
        "insns_diff!=0",
    ]);
    let rows = csv(&out);
    assert_eq!(
        rows[0],
        [
            "file_name",
            "prog_name",
            "total_insns_base",
            "total_insns_comp",
            "total_insns_diff"
        ]
    );
    assert_eq!(column(&rows, "prog_name"), ["alpha", "beta", "delta"]);
    // Percentages and verdict variants.
    let out = bpfgen(&[
        "verify",
        "-C",
        &base,
        &new,
        "-o",
        "csv",
        "-e",
        "prog",
        "-f",
        "insns_pct<=-25",
    ]);
    assert_eq!(column(&csv(&out), "prog_name"), ["beta", "delta"]);
    let out = bpfgen(&[
        "verify",
        "-C",
        &base,
        &new,
        "-o",
        "csv",
        "-e",
        "prog",
        "-f",
        "verdict_diff=mismatch",
    ]);
    assert_eq!(column(&csv(&out), "prog_name"), ["beta"]);
    let out = bpfgen(&[
        "verify", "-C", &base, &new, "-o", "csv", "-e", "prog", "-s", "insns_a^", "-n", "2",
    ]);
    assert_eq!(column(&csv(&out), "prog_name"), ["gamma", "delta"]);
}

// ---- on the kernel ------------------------------------------------------------------

#[test]
fn stat_filters_keep_what_they_say() {
    if !kernel("stat_filters_keep_what_they_say") {
        return;
    }
    let obj = repo("tests/fixtures/many_progs.bpf.o");
    let all = csv(&bpfgen(&["verify", "-o", "csv", "-e", "prog,insns", &obj]));
    let big: Vec<String> = all[1..]
        .iter()
        .filter(|r| r[1].parse::<u64>().unwrap() > 20)
        .map(|r| r[0].clone())
        .collect();
    assert!(
        !big.is_empty() && big.len() < all.len() - 1,
        "a real subset: {big:?}"
    );
    let out = bpfgen(&[
        "verify",
        "-o",
        "csv",
        "-e",
        "prog,insns",
        "-f",
        "insns>20",
        &obj,
    ]);
    assert_eq!(column(&csv(&out), "prog_name"), big);
    let out = bpfgen(&[
        "verify",
        "-o",
        "csv",
        "-e",
        "prog",
        "-f",
        "verdict=failure",
        &obj,
    ]);
    assert_eq!(column(&csv(&out), "prog_name"), ["bogus_section_prog"]);
}

#[test]
fn new_columns_have_values() {
    if !kernel("new_columns_have_values") {
        return;
    }
    let obj = repo("tests/fixtures/many_progs.bpf.o");
    let out = bpfgen(&[
        "verify",
        "-o",
        "csv",
        "-e",
        "prog,size,jited_size,stack,prog_type,attach_type,mem_peak",
        "-f",
        "/count_a",
        &obj,
    ]);
    let rows = csv(&out);
    assert_eq!(
        rows[0],
        [
            "prog_name",
            "prog_size",
            "prog_size_jited",
            "stack_depth",
            "prog_type",
            "attach_type",
            "mem_peak"
        ]
    );
    let r = &rows[1];
    assert!(
        r[1].parse::<u64>().unwrap() > 0 && r[2].parse::<u64>().unwrap() > 0,
        "{r:?}"
    );
    assert_eq!(
        (r[4].as_str(), r[5].as_str()),
        ("socket_filter", "cgroup_inet_ingress")
    );
    // memory.peak needs a cgroup v2 memory controller; without one, -1 and a note.
    let mem: i64 = r[6].parse().unwrap();
    assert!(
        mem >= 0 || stderr(&out).contains("Memory usage metric unavailable"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn global_presets_change_the_verdict() {
    if !kernel("global_presets_change_the_verdict") {
        return;
    }
    let obj = repo("tests/fixtures/globals.bpf.o");
    let verdicts = |presets: &[&str]| {
        let mut args = vec!["verify", "-o", "csv", "-e", "prog,verdict"];
        for p in presets {
            args.extend(["-G", p]);
        }
        args.push(&obj);
        let out = bpfgen(&args);
        (
            csv(&out)[1..]
                .iter()
                .map(|r| format!("{}={}", r[0], r[1]))
                .collect::<Vec<_>>(),
            stderr(&out),
        )
    };
    assert_eq!(
        verdicts(&[]).0,
        [
            "gated_by_level=success",
            "gated_by_mode=success",
            "gated_by_small=success"
        ]
    );
    assert_eq!(
        verdicts(&["mode = MODE_UNSAFE", "cfg.levels[2] = 5", "small=0x80"]).0,
        [
            "gated_by_level=failure",
            "gated_by_mode=failure",
            "gated_by_small=failure"
        ],
        "enum by name, struct field + array index, hex"
    );
    let dir = std::env::temp_dir().join(format!("bpfgen-presets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("presets");
    std::fs::write(&file, "# one per line\nmode = 7\n").unwrap();
    let at = format!("@{}", file.display());
    assert_eq!(
        verdicts(&[&at]).0[1],
        "gated_by_mode=failure",
        "@FILE, enum by value"
    );
    std::fs::remove_dir_all(&dir).unwrap();
    for (preset, error) in [
        (
            "small = 256",
            "variable small value 256 is out of range [0; 255]",
        ),
        ("nope = 1", "preset nope has not been applied"),
        (
            "cfg.levels[4] = 1",
            "array index 4 is out of bounds [0, 4): cfg.levels[4]",
        ),
        ("cfg.nope = 1", "has no member `nope`"),
        ("mode = MODE_NONE", "no enumerator `MODE_NONE`"),
    ] {
        let (_, err) = verdicts(&[preset]);
        assert!(err.contains(error), "{preset}: {err}");
    }
}

#[test]
fn top_source_lines_verifier_flags_and_logs() {
    if !kernel("top_source_lines_verifier_flags_and_logs") {
        return;
    }
    let obj = repo("tests/fixtures/many_progs.bpf.o");
    let out = bpfgen(&["verify", "-S", "2", "-f", "/count_a", &obj]);
    let text = stdout(&out);
    assert!(
        text.contains("Top source lines (many_progs.bpf.o/count_a):"),
        "{text}"
    );
    assert!(text.contains("many_progs.bpf.c:"), "source places: {text}");
    // -t checkpoints states more often: never fewer states.
    let states = |extra: &[&str]| -> u64 {
        let mut args = vec![
            "verify",
            "-o",
            "csv",
            "-e",
            "states",
            "-f",
            "/socket_flow_stats",
        ];
        args.extend(extra);
        args.push(&obj);
        column(&csv(&bpfgen(&args)), "total_states")[0]
            .parse()
            .unwrap()
    };
    assert!(states(&["-t"]) >= states(&[]));
    let out = bpfgen(&[
        "verify", "-r", "-o", "csv", "-e", "verdict", "-f", "/count_a", &obj,
    ]);
    assert_eq!(
        column(&csv(&out), "verdict"),
        ["success"],
        "{}",
        stderr(&out)
    );
    // A tiny log buffer grows; --log-fixed keeps the log's start; -v prints failures' logs.
    let reject = repo("tests/fixtures/verifier_reject.bpf.o");
    let out = bpfgen(&[
        "verify",
        "-v",
        "-l",
        "1",
        "--log-size",
        "64",
        "--log-fixed",
        &reject,
    ]);
    assert!(
        stderr(&out).contains("invalid mem access"),
        "{}",
        stderr(&out)
    );
    // -q: no failure lines; -d: what the loader did.
    let out = bpfgen(&["verify", "-q", &reject]);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let out = bpfgen(&["verify", "-d", &reject]);
    assert!(
        stderr(&out).contains("verifier_reject.bpf.o: prepared in")
            && stderr(&out).contains("BTF loaded"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn attach_targets_verify_each_program_per_target() {
    if !kernel("attach_targets_verify_each_program_per_target") {
        return;
    }
    let obj = repo("tests/fixtures/tracing.bpf.o");
    let out = bpfgen(&[
        "verify",
        "-o",
        "csv",
        "-e",
        "prog,attach_target,verdict",
        "--attach-target",
        "sched_switch,sched_wakeup",
        "-f",
        "/on_sched_switch",
        &obj,
    ]);
    assert_eq!(
        csv(&out)[1..].to_vec(),
        [
            ["on_sched_switch", "sched_switch", "success"],
            ["on_sched_switch", "sched_wakeup", "success"]
        ],
        "{}",
        stderr(&out)
    );
    // fentry: one line when the kernel refuses the kind; both targets verify where not.
    let fentry = Feature::Program {
        prog_type: ProgramType::Tracing,
        attach_type: Some(AttachType::TraceFentry),
        btf: Some(BtfTarget {
            prefix: "",
            name: "do_unlinkat",
            kind: kind::FUNC,
        }),
        flags: 0,
    };
    let k = kernel_test("attach_targets_verify_each_program_per_target", &[fentry]).unwrap();
    let out = bpfgen(&[
        "verify",
        "-o",
        "csv",
        "-e",
        "prog,attach_target,verdict",
        "--attach-target",
        "do_unlinkat,vfs_read",
        "-f",
        "/on_unlinkat",
        &obj,
    ]);
    let verdicts = column(&csv(&out), "verdict");
    assert_eq!(
        column(&csv(&out), "attach_target"),
        ["do_unlinkat", "vfs_read"]
    );
    if k.supports(fentry) {
        assert_eq!(verdicts, ["success", "success"], "{}", stderr(&out));
    } else {
        assert_eq!(verdicts, ["failure", "failure"]);
        let err = stderr(&out);
        assert_eq!(
            err.matches("the kernel refuses these programs").count(),
            1,
            "{err}"
        );
    }
}

#[test]
fn baseline_gates_regressions() {
    if !kernel("baseline_gates_regressions") {
        return;
    }
    let obj = repo("tests/fixtures/many_progs.bpf.o");
    let dir = std::env::temp_dir().join(format!("bpfgen-baseline-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = dir.join("base.csv");
    let run = bpfgen(&["verify", "-o", "csv", "-f", "count_*", &obj]);
    std::fs::write(&base, &run.stdout).unwrap();
    let same = bpfgen(&[
        "verify",
        "-f",
        "count_*",
        "--baseline",
        base.to_str().unwrap(),
        &obj,
    ]);
    assert!(same.status.success(), "{}{}", stdout(&same), stderr(&same));
    assert!(stdout(&same).contains("0 regression(s)"));
    // A baseline where count_a took half the instructions: now it grew by 100 %.
    let text = stdout(&run);
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let insns = lines[0]
        .split(',')
        .position(|h| h == "total_insns")
        .unwrap();
    for line in lines.iter_mut().skip(1) {
        let mut cells: Vec<String> = line.split(',').map(str::to_string).collect();
        if cells[1] == "count_a" {
            let n: u64 = cells[insns].parse().unwrap();
            cells[insns] = (n / 2).to_string();
            *line = cells.join(",");
        }
    }
    std::fs::write(&base, lines.join("\n")).unwrap();
    let worse = bpfgen(&[
        "verify",
        "-f",
        "count_*",
        "--baseline",
        base.to_str().unwrap(),
        &obj,
    ]);
    assert_eq!(worse.status.code(), Some(1));
    assert!(
        stdout(&worse).contains("many_progs.bpf.o/count_a: insns"),
        "{}",
        stdout(&worse)
    );
    let lenient = bpfgen(&[
        "verify",
        "-f",
        "count_*",
        "--baseline",
        base.to_str().unwrap(),
        "--max-insns-growth",
        "150",
        &obj,
    ]);
    assert!(lenient.status.success(), "{}", stdout(&lenient));
    std::fs::remove_dir_all(&dir).unwrap();
}
