//! [`SkeletonBuilder`] from a prebuilt object and from C source (the latter
//! only where clang is installed; it prints why it is skipped otherwise).

use std::path::{Path, PathBuf};

use super::{clang, BuildError, Directives, SkeletonBuilder};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("bpfgen has a parent")
        .to_path_buf()
}

fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("bpfgen-build-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn run(builder: &SkeletonBuilder) -> (Result<super::BuiltSkeleton, BuildError>, Vec<String>) {
    let mut cargo = Directives::Collect(Vec::new());
    let built = builder.build_with(&mut cargo);
    let Directives::Collect(lines) = cargo else {
        unreachable!("collecting")
    };
    (built, lines)
}

#[test]
fn prebuilt_object() {
    let out = scratch("object");
    let obj = workspace().join("examples/minimal/minimal.bpf.o");
    let (built, lines) = run(SkeletonBuilder::new().object(&obj).out_dir(&out));
    let built = built.expect("builds");
    assert_eq!(built.skeleton, out.join("minimal.skel.rs"));
    assert_eq!(
        std::fs::read(&built.object).expect("copied"),
        std::fs::read(&obj).expect("fixture")
    );
    let text = std::fs::read_to_string(&built.skeleton).expect("written");
    assert!(
        text.contains("*include_bytes!(\"minimal.bpf.o\")"),
        "{text}"
    );
    assert!(text.contains("pub mod minimal {"));
    assert_eq!(lines, [format!("cargo:rerun-if-changed={}", obj.display())]);
    std::fs::remove_dir_all(&out).ok();
}

/// The padded-key warning reaches cargo as `cargo:warning`.
#[test]
fn padded_hash_key_becomes_a_cargo_warning() {
    let out = scratch("padded");
    let obj = workspace().join("bpfgen/tests/skel_fixtures/padded_key.bpf.o");
    let (built, lines) = run(SkeletonBuilder::new().object(&obj).out_dir(&out));
    built.expect("builds");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("cargo:warning=map `flows`: key type `struct flow_key`")),
        "{lines:?}"
    );
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn missing_input_and_out_dir_are_errors() {
    let (built, _) = run(&SkeletonBuilder::new());
    assert!(matches!(built, Err(BuildError::NoInput)));
    if std::env::var_os("OUT_DIR").is_none() {
        let (built, _) = run(SkeletonBuilder::new().object("x.bpf.o"));
        assert!(matches!(built, Err(BuildError::NoOutDir)));
    }
}

/// The clang this machine has, or `None` (printing that the test is skipped).
fn clang_or_skip(test: &str) -> Option<PathBuf> {
    match clang::find(std::env::var_os("PATH"), |v| std::env::var_os(v)) {
        Ok(c) => Some(c),
        Err(e) => {
            eprintln!("SKIPPED {test}: {e}");
            None
        }
    }
}

#[test]
fn compiles_source_and_tracks_headers() {
    let Some(clang) = clang_or_skip("compiles_source_and_tracks_headers") else {
        return;
    };
    let out = scratch("source");
    let src = workspace().join("examples/minimal/minimal.bpf.c");
    // No include arguments: the system include directories come from clang itself.
    let (built, lines) = run(SkeletonBuilder::new()
        .source(&src)
        .clang(&clang)
        .out_dir(&out));
    let built = built.expect("compiles");
    assert!(lines.contains(&"cargo:rerun-if-env-changed=BPF_CLANG".to_string()));
    assert!(lines.contains(&"cargo:rerun-if-env-changed=CLANG".to_string()));
    assert!(lines.contains(&format!("cargo:rerun-if-changed={}", src.display())));
    assert!(
        lines.iter().any(|l| l.ends_with("bpf/bpf_helpers.h")),
        "headers from the depfile: {lines:?}"
    );
    let text = std::fs::read_to_string(&built.skeleton).expect("written");
    assert!(text.contains("pub struct MinimalSkel;"));
    std::fs::remove_dir_all(&out).ok();
}

/// A plain `#include <linux/bpf.h>` program builds with no arguments at all: its
/// `asm/types.h` is in the host's multiarch directory, which `--target=bpf` alone drops.
#[test]
fn plain_linux_bpf_h_source_builds_with_no_arguments() {
    let Some(clang) = clang_or_skip("plain_linux_bpf_h_source_builds_with_no_arguments") else {
        return;
    };
    let out = scratch("plain");
    let src = out.join("plain.bpf.c");
    std::fs::write(
        &src,
        "#include <linux/bpf.h>\n\
         __attribute__((section(\"socket\"), used))\n\
         int keep(struct __sk_buff *skb) { return skb->len; }\n\
         char LICENSE[] __attribute__((section(\"license\"), used)) = \"GPL\";\n",
    )
    .expect("write source");
    let (built, _) = run(SkeletonBuilder::new()
        .source(&src)
        .clang(&clang)
        .out_dir(&out));
    let built = built.unwrap_or_else(|e| panic!("{e}"));
    let text = std::fs::read_to_string(&built.skeleton).expect("written");
    assert!(text.contains("pub struct PlainSkel;"), "{text}");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn clang_errors_carry_its_output() {
    let Some(clang) = clang_or_skip("clang_errors_carry_its_output") else {
        return;
    };
    let out = scratch("broken");
    let src = out.join("broken.bpf.c");
    std::fs::write(&src, "int broken(void) { return nope; }\n").expect("write source");
    let (built, _) = run(SkeletonBuilder::new()
        .source(&src)
        .clang(&clang)
        .out_dir(&out));
    let msg = built.expect_err("does not compile").to_string();
    assert!(
        msg.contains("--target=bpf") && msg.contains("-D__TARGET_ARCH_"),
        "{msg}"
    );
    assert!(msg.contains("nope"), "clang's diagnostic: {msg}");
    std::fs::remove_dir_all(&out).ok();
}

/// A CO-RE source that includes `"vmlinux.h"` builds with `.vmlinux_h()` alone: the
/// header is generated from the kernel's BTF into `$OUT_DIR/include`, and left alone
/// (same mtime) when a rebuild finds it unchanged.
#[test]
fn co_re_source_builds_against_generated_vmlinux_h() {
    let Some(clang) = clang_or_skip("co_re_source_builds_against_generated_vmlinux_h") else {
        return;
    };
    let kernel_btf = Path::new("/sys/kernel/btf/vmlinux");
    if !kernel_btf.exists() {
        eprintln!("skipped co_re_source_builds_against_generated_vmlinux_h: no {kernel_btf:?}");
        return;
    }
    let out = scratch("vmlinux");
    let src = out.join("forks.bpf.c");
    std::fs::write(
        &src,
        "#include \"vmlinux.h\"\n\
         #include <bpf/bpf_helpers.h>\n\
         #include <bpf/bpf_core_read.h>\n\
         #include <bpf/bpf_tracing.h>\n\
         char LICENSE[] SEC(\"license\") = \"GPL\";\n\
         u32 last_parent_tgid;\n\
         SEC(\"tp_btf/sched_process_fork\")\n\
         int BPF_PROG(forks, struct task_struct *parent, struct task_struct *child)\n\
         { last_parent_tgid = BPF_CORE_READ(parent, real_parent, tgid); return 0; }\n",
    )
    .expect("write source");
    let mut builder = SkeletonBuilder::new();
    builder.source(&src).clang(&clang).out_dir(&out).vmlinux_h();
    let (built, lines) = run(&builder);
    let built = built.unwrap_or_else(|e| panic!("{e}"));
    let header = out.join("include/vmlinux.h");
    assert!(
        lines.contains(&format!("cargo:rerun-if-changed={}", header.display())),
        "{lines:?}"
    );
    let text = std::fs::read_to_string(&built.skeleton).expect("written");
    assert!(text.contains("pub struct ForksSkel;"), "{text}");
    assert!(text.contains("last_parent_tgid"), "{text}");
    let written = std::fs::metadata(&header)
        .and_then(|m| m.modified())
        .expect("header");
    run(&builder).0.unwrap_or_else(|e| panic!("{e}"));
    let rewritten = std::fs::metadata(&header)
        .and_then(|m| m.modified())
        .expect("header");
    assert_eq!(written, rewritten, "unchanged vmlinux.h is not rewritten");
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn unreadable_vmlinux_btf_is_a_clear_error() {
    let out = scratch("no-btf");
    let src = workspace().join("examples/minimal/minimal.bpf.c");
    let mut builder = SkeletonBuilder::new();
    builder
        .source(&src)
        .clang("/nonexistent/clang")
        .out_dir(&out)
        .vmlinux_h_from(out.join("missing.btf"));
    let err = run(&builder).0.expect_err("no BTF file").to_string();
    assert!(
        err.starts_with("vmlinux.h: ") && err.contains("missing.btf"),
        "{err}"
    );
    std::fs::remove_dir_all(&out).ok();
}

/// Several sources compile separately and link into one object and one skeleton.
#[test]
fn several_sources_link_into_one_skeleton() {
    let Some(clang) = clang_or_skip("several_sources_link_into_one_skeleton") else {
        return;
    };
    let out = scratch("linked");
    let fixtures = workspace().join("tests/fixtures/src");
    let (built, lines) = run(SkeletonBuilder::new()
        .source(fixtures.join("link_a.bpf.c"))
        .source(fixtures.join("link_b.bpf.c"))
        .clang(&clang)
        .out_dir(&out));
    let built = built.expect("compiles and links");
    assert!(built.object.ends_with("link_a.bpf.o"));
    for src in ["link_a.bpf.c", "link_b.bpf.c"] {
        let line = format!("cargo:rerun-if-changed={}", fixtures.join(src).display());
        assert!(lines.contains(&line), "{lines:?}");
    }
    let text = std::fs::read_to_string(&built.skeleton).expect("written");
    assert!(
        text.contains("pub struct LinkASkel;"),
        "named after the first source"
    );
    assert!(
        text.contains("prog_a") && text.contains("prog_b"),
        "both objects' programs"
    );
    std::fs::remove_dir_all(&out).ok();
}
