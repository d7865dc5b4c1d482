//! 1,000 clone/drop cycles leave the process's fd table unchanged. In its own test
//! binary so no concurrent test opens or closes descriptors meanwhile.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use bpfgen_runtime::CloneOpts;
use common::{kernel, open_fds, prepare, Feature};

#[test]
fn thousand_clone_drop_cycles_leak_no_fd() {
    let Some(k) = kernel(
        "thousand_clone_drop_cycles_leak_no_fd",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let obj = prepare("many_progs.bpf.o");
    let ok = obj.program("socket_with_subprogs").expect("program");
    let bad = obj.program("bogus_section_prog").expect("program");
    if k.refuses(Feature::SOCKET_FILTER, "socket_with_subprogs", || {
        ok.clone_with(&CloneOpts::default())
    }) {
        return;
    }
    let before = open_fds();
    for i in 0..1000 {
        let c = ok.clone_with(&CloneOpts::default()).expect("clone");
        assert!(c.report().prog_id > 0);
        drop(c);
        if i % 100 == 0 {
            // Error paths must not leak either.
            assert!(bad.clone_with(&CloneOpts::default()).is_err());
            let too_small = CloneOpts {
                log_level: Some(1),
                log_size: Some(16),
                ..Default::default()
            };
            ok.clone_with(&too_small).expect("log grows");
        }
    }
    assert_eq!(open_fds(), before);
}
