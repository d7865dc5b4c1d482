//! `bpfgen link` on the committed `link_a`/`link_b` fixtures: the linked object resolves
//! a global function, a global variable, a map and a weak function across the two, keeps
//! two static functions of one name apart, and its programs load and compute what the
//! sources say on the real kernel. Conflicting definitions and an extern whose type does
//! not match its definition are errors, as in libbpf's linker.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use std::os::fd::AsFd;
use std::path::PathBuf;

use bpfgen::link::link;
use bpfgen_runtime::obj::btf::Btf;
use bpfgen_runtime::obj::elf::ElfView;
use bpfgen_runtime::sys;
use bpfgen_runtime::testing::{kernel_test, Feature};
use bpfgen_runtime::{ObjectSpec, PreparedObject};

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn linked() -> Vec<u8> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let (a, b) = (fixture("link_a.bpf.o"), fixture("link_b.bpf.o"));
    // Named as the CLI names them: by path (names only appear in messages).
    let (na, nb) = (dir.join("link_a.bpf.o"), dir.join("link_b.bpf.o"));
    link(&[(na.to_str().unwrap(), &a), (nb.to_str().unwrap(), &b)]).expect("links")
}

#[test]
fn the_linked_object_parses_with_merged_btf() {
    let out = linked();
    assert_eq!(out, linked(), "deterministic");
    let spec = ObjectSpec::parse_named(&out, "linked").unwrap();
    let names: Vec<&str> = spec.programs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["prog_a", "prog_b"]);
    let maps: Vec<&str> = spec.maps.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        maps,
        ["results", ".data"],
        "one `results`: the extern took the definition"
    );
    assert!(spec.externs.is_empty(), "every extern resolved");
    let btf = spec.btf.as_ref().unwrap();
    let inputs: u32 = ["link_a.bpf.o", "link_b.bpf.o"]
        .iter()
        .map(|f| {
            let bytes = fixture(f);
            let elf = ElfView::parse(&bytes).unwrap();
            Btf::parse(elf.section_by_name(".BTF").unwrap().data)
                .unwrap()
                .type_count()
        })
        .sum();
    assert!(
        btf.type_count() < inputs - 20,
        "deduplicated: {} of {inputs}",
        btf.type_count()
    );
    assert_eq!(
        btf.ids_named(b"__sk_buff", bpfgen_runtime::obj::btf::kind::STRUCT)
            .len(),
        1
    );
    assert!(spec.btf_ext.is_some());
}

#[test]
fn linked_programs_run_on_the_kernel() {
    let Some(k) = kernel_test(
        "linked_programs_run_on_the_kernel",
        &[Feature::SOCKET_FILTER],
    ) else {
        return;
    };
    let spec = ObjectSpec::parse_named(&linked(), "linked").unwrap();
    let obj = PreparedObject::prepare(spec).unwrap();
    let (a, b) = (
        obj.program("prog_a").unwrap(),
        obj.program("prog_b").unwrap(),
    );
    if k.refuses(Feature::SOCKET_FILTER, "prog_a", || a.load_lazy()) {
        return;
    }
    for p in [&a, &b] {
        let loaded = p.load_lazy().unwrap();
        sys::prog_test_run(&mut sys::TestRun {
            prog_fd: loaded.fd().as_fd(),
            data_in: &[0u8; 64],
            data_out: None,
            ctx_in: &[],
            ctx_out: None,
            repeat: 1,
            flags: 0,
            cpu: 0,
        })
        .unwrap();
    }
    let results = obj.map("results").unwrap();
    let get = |i: u32| {
        let v = results.lookup(&i.to_ne_bytes()).unwrap().unwrap();
        u64::from_ne_bytes(v[..8].try_into().unwrap())
    };
    // shared_add(scale_a(1)) = scale_b(2) = 20, + offset_value 100 + strong tunable() 7.
    assert_eq!(get(0), 127);
    // tunable() 7 + scale_b(3) 30.
    assert_eq!(get(1), 37);
}

#[test]
fn conflicts_are_errors() {
    let (a, b, bad) = (
        fixture("link_a.bpf.o"),
        fixture("link_b.bpf.o"),
        fixture("link_bad.bpf.o"),
    );
    let err = link(&[("b1.o", &b), ("b2.o", &b)]).unwrap_err().to_string();
    assert!(
        err.contains("defined in both b1.o and b2.o (neither is weak)"),
        "{err}"
    );
    let err = link(&[("bad.o", &bad), ("b.o", &b)])
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "symbol `shared_add`: the extern in bad.o does not match the definition in b.o"
        ),
        "{err}"
    );
    assert!(
        err.contains("2 and 1 parameters"),
        "extern, then definition: {err}"
    );
    let err = link(&[("a.o", &a), ("not.o", b"nope")])
        .unwrap_err()
        .to_string();
    assert!(err.starts_with("not.o: "), "{err}");
    // Unlinked, link_a opens; its program fails when loaded, saying to link.
    let spec = ObjectSpec::parse_named(&a, "link_a").unwrap();
    assert_eq!(spec.programs.len(), 1);
    assert!(spec.maps.is_empty(), "`results` is another object's");
    // Linked alone, it keeps its externs (undefined symbols) for a later link.
    let alone = link(&[("a.o", &a)]).unwrap();
    let elf = ElfView::parse(&alone).unwrap();
    for name in ["shared_add", "offset_value", "results"] {
        let sym = elf.symbols.iter().find(|s| s.name == name).unwrap();
        assert_eq!(sym.shndx, 0, "{name} stays undefined");
    }
}

#[test]
fn the_cli_links_files() {
    let dir = std::env::temp_dir().join(format!("bpfgen-link-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("linked.bpf.o");
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_bpfgen"))
        .arg("link")
        .arg(fixtures.join("link_a.bpf.o"))
        .arg(fixtures.join("link_b.bpf.o"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        std::fs::read(&out).unwrap(),
        linked(),
        "the CLI writes what link() returns"
    );
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_bpfgen"))
        .arg("link")
        .arg(fixtures.join("link_b.bpf.o"))
        .arg(fixtures.join("link_b.bpf.o"))
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).starts_with("bpfgen: symbol `"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Inputs the fuzzer found, kept: linking them with a valid object gives an error or an
/// object, never a panic or a runaway allocation.
#[test]
fn fuzz_findings_link_without_panicking() {
    let b = fixture("link_b.bpf.o");
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/malformed/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        for inputs in [
            [("fuzz", &bytes[..]), ("b", &b[..])],
            [("b", &b[..]), ("fuzz", &bytes[..])],
        ] {
            if let Ok(out) = link(&inputs) {
                let _ = ObjectSpec::parse(&out);
            }
        }
        seen += 1;
    }
    assert!(seen >= 2, "regression inputs in {}", dir.display());
    let huge = std::fs::read(dir.join("link_huge_alignment.bpf.o")).unwrap();
    let err = link(&[("huge.o", &huge), ("b", &b)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("is not a power of two up to 4096"), "{err}");
}
