//! `bpfgen verify` end to end through the built binary, on the real kernel: veristat's
//! CSV header, the verdicts, the failure reason on stderr and the exit status, sorting
//! (`-s`, `-n`), filters, columns, JSON, `-j 2` and `-C`.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use common::{bpfgen, csv, repo, stderr, stdout};

/// Whether kernel test `test` runs here: `bpf()` works (a skip fails under
/// `BPFGEN_REQUIRE_KERNEL=1`) and the kernel loads socket filters, the fixtures' only
/// kind. If it refuses them (probed apart from bpfgen), bpfgen's side is checked instead:
/// `verify` fails every program with the kernel's errno, naming it.
fn kernel(test: &str) -> bool {
    use bpfgen_runtime::testing::{kernel_test, Feature};
    let Some(k) = kernel_test(test, &[Feature::SOCKET_FILTER]) else {
        return false;
    };
    let tails = repo("tests/fixtures/tail_calls.bpf.o");
    let refused = k.refuses(Feature::SOCKET_FILTER, "tail_a", || {
        let out = bpfgen(&["verify", "-o", "csv", &tails]);
        assert_eq!(out.status.code(), Some(1), "refused programs fail the run");
        assert!(csv(&out)[1..].iter().all(|r| r[2] == "failure"));
        Err::<(), _>(stderr(&out))
    });
    !refused
}

#[test]
fn csv_matches_veristat_and_failures_set_the_exit_status() {
    if !kernel("csv_matches_veristat_and_failures_set_the_exit_status") {
        return;
    }
    let (reject, tails) = (
        repo("tests/fixtures/verifier_reject.bpf.o"),
        repo("tests/fixtures/tail_calls.bpf.o"),
    );
    let out = bpfgen(&["verify", "-o", "csv", &reject, &tails]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failing program fails the run"
    );
    let rows = csv(&out);
    assert_eq!(
        rows[0].join(","),
        "file_name,prog_name,verdict,duration,total_insns,total_states,peak_states,\
         max_states_per_insn,max_mark_read_len,prog_size,prog_size_jited,prog_type,\
         attach_type,stack_depth,mem_peak",
        "veristat v0.5.1's default CSV columns"
    );
    let verdicts: Vec<(&str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    // veristat's default order: file, then program.
    assert_eq!(
        verdicts,
        [
            ("tail_calls.bpf.o", "tail_a", "success"),
            ("tail_calls.bpf.o", "tail_b", "success"),
            ("tail_calls.bpf.o", "tail_entry", "success"),
            ("verifier_reject.bpf.o", "checked_lookup", "success"),
            (
                "verifier_reject.bpf.o",
                "deref_without_null_check",
                "failure"
            ),
        ]
    );
    assert!(
        rows[1..].iter().all(|r| r[4].parse::<u64>().unwrap() > 0),
        "insns"
    );
    let err = stderr(&out);
    assert!(
        err.contains("verifier_reject.bpf.o/deref_without_null_check")
            && err.contains("map_value_or_null"),
        "{err}"
    );

    let ok = bpfgen(&["verify", "-o", "csv", &tails]);
    assert_eq!(ok.status.code(), Some(0));
}

#[test]
fn sort_top_n_filters_columns_and_json() {
    if !kernel("sort_top_n_filters_columns_and_json") {
        return;
    }
    let obj = repo("tests/fixtures/many_progs.bpf.o");
    let out = bpfgen(&[
        "verify",
        "-o",
        "csv",
        "-e",
        "prog,insns",
        "-s",
        "insns",
        "-n",
        "3",
        &obj,
    ]);
    let rows = csv(&out);
    assert_eq!(rows[0], ["prog_name", "total_insns"]);
    assert_eq!(rows.len(), 4, "three rows");
    let insns: Vec<u64> = rows[1..].iter().map(|r| r[1].parse().unwrap()).collect();
    assert!(
        insns.windows(2).all(|w| w[0] >= w[1]),
        "descending: {insns:?}"
    );

    let out = bpfgen(&[
        "verify",
        "-o",
        "csv",
        "-e",
        "prog",
        "-f",
        "*/count_*",
        "-f",
        "!*/count_b",
        &obj,
    ]);
    let progs: Vec<String> = csv(&out)[1..].iter().map(|r| r[0].clone()).collect();
    assert!(
        !progs.is_empty()
            && progs
                .iter()
                .all(|p| p.starts_with("count_") && p != "count_b"),
        "{progs:?}"
    );

    let out = bpfgen(&["verify", "-o", "json", "-f", "*/count_a", &obj]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json[0]["prog_name"], "count_a");
    assert_eq!(json[0]["verdict"], "success");
    assert!(json[0]["total_insns"].as_u64().unwrap() > 0);

    let err = bpfgen(&["verify", "-s", "bogus", &obj]);
    assert!(!err.status.success());
    assert!(stderr(&err).contains("unrecognized stat name `bogus`"));
}

#[test]
fn two_jobs_agree_with_one_and_compare_reads_both() {
    if !kernel("two_jobs_agree_with_one_and_compare_reads_both") {
        return;
    }
    let obj = repo("tests/fixtures/many_progs.bpf.o");
    let one = bpfgen(&["verify", "-o", "csv", "-e", "file,prog,verdict,insns", &obj]);
    let two = bpfgen(&[
        "verify",
        "-j",
        "2",
        "-o",
        "csv",
        "-e",
        "file,prog,verdict,insns",
        &obj,
    ]);
    assert_eq!(csv(&one), csv(&two), "same rows, same order");

    let dir = std::env::temp_dir().join(format!("bpfgen-cli-verify-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (a, b) = (dir.join("a.csv"), dir.join("b.csv"));
    std::fs::write(&a, bpfgen(&["verify", "-o", "csv", &obj]).stdout).unwrap();
    std::fs::write(&b, bpfgen(&["verify", "-o", "csv", &obj]).stdout).unwrap();
    let cmp = bpfgen(&["verify", "-C", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert!(cmp.status.success(), "{}", stderr(&cmp));
    let text = stdout(&cmp);
    assert!(text.contains("count_a"), "{text}");
    std::fs::remove_dir_all(&dir).unwrap();
}
