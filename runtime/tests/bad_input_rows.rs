//! The rows of `docs/errors.md` that need an object changed in one place: corrupt `.BTF`
//! and `.BTF.ext`, an unsupported map type, and a non-weak `.kconfig` extern the kernel
//! lacks.
//! Each test asserts the message the catalogue shows.

#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

mod common;

use bpfgen_runtime::abi::MapType;
use bpfgen_runtime::{ObjectSpec, PreparedObject};
use common::{fixture, kernel};
use object::{Object, ObjectSection};

/// The fixture's bytes with the magic of section `section`'s header overwritten.
fn with_corrupt_magic(name: &str, section: &str) -> Vec<u8> {
    let mut bytes = fixture(name);
    let file = object::File::parse(&*bytes).unwrap();
    let (offset, _) = file.section_by_name(section).unwrap().file_range().unwrap();
    bytes[offset as usize] ^= 0xff;
    bytes
}

#[test]
fn corrupt_btf_ext_is_ignored_with_a_warning() {
    let spec = ObjectSpec::parse_named(
        &with_corrupt_magic("many_progs.bpf.o", ".BTF.ext"),
        "many_progs",
    )
    .expect("an object with corrupt .BTF.ext still opens");
    assert!(spec.btf_ext.is_none());
    let warning = spec
        .warnings
        .iter()
        .find(|w| w.starts_with(".BTF.ext ignored: "));
    assert!(
        warning.is_some_and(|w| w.contains("magic")),
        "{:?}",
        spec.warnings
    );
}

#[test]
fn corrupt_btf_fails_only_objects_that_need_it() {
    // Legacy `maps` definitions and no externs: the object opens without BTF.
    let spec = ObjectSpec::parse_named(&with_corrupt_magic("legacy_maps.bpf.o", ".BTF"), "legacy")
        .expect("an object that does not need BTF opens without it");
    assert!(spec.btf.is_none());
    assert!(
        spec.warnings
            .iter()
            .any(|w| w.starts_with(".BTF: ")
                && w.ends_with("ignored (nothing in the object needs BTF)")),
        "{:?}",
        spec.warnings
    );
    // BTF-defined maps cannot be read without it.
    let err = ObjectSpec::parse_named(&with_corrupt_magic("many_progs.bpf.o", ".BTF"), "many")
        .unwrap_err()
        .to_string();
    assert!(err.starts_with(".BTF: ") && err.contains("magic"), "{err}");
}

#[test]
fn unsupported_map_type_names_the_map_and_the_type() {
    if kernel("unsupported_map_type_names_the_map_and_the_type", &[]).is_none() {
        return;
    }
    let mut spec = ObjectSpec::parse_named(&fixture("many_progs.bpf.o"), "many_progs").unwrap();
    let m = spec
        .maps
        .iter_mut()
        .find(|m| m.name == "flow_stats")
        .unwrap();
    m.map_type = MapType::from_raw(4242);
    let err = PreparedObject::prepare(spec).unwrap_err().to_string();
    assert!(err.contains("flow_stats") && err.contains("4242"), "{err}");
}

#[test]
fn missing_kernel_config_fails_the_programs_that_read_it() {
    if kernel("missing_kernel_config_fails_the_programs_that_read_it", &[]).is_none() {
        return;
    }
    let mut spec = ObjectSpec::parse_named(&fixture("externs.bpf.o"), "externs").unwrap();
    let e = spec
        .externs
        .iter_mut()
        .find(|e| e.name == "CONFIG_BPFGEN_NOT_A_REAL_OPTION")
        .unwrap();
    e.weak = false;
    let result = PreparedObject::prepare(spec).map(|obj| {
        let p = obj.program("read_externs").unwrap();
        p.load_lazy().map(drop).map_err(|e| e.to_string())
    });
    let err = match result {
        Err(e) => e.to_string(),
        Ok(Err(e)) => e,
        Ok(Ok(())) => panic!("a missing non-weak kconfig loaded"),
    };
    assert!(err.contains("CONFIG_BPFGEN_NOT_A_REAL_OPTION"), "{err}");
}
