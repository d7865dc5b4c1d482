//! A prepared map's element sizes come from its definition, not from a syscall: they
//! must be the kernel's own, or a typed read could overrun its buffer.

use std::os::fd::AsFd;

use crate::sys::probe::require_bpf;
use crate::sys::MapAccess;
use crate::{ObjectSpec, PreparedObject};

/// Fixtures whose maps cover plain, per-CPU, map-in-map, ring buffer, perf event array,
/// local storage, sock map and data maps.
const FIXTURES: [&str; 6] = [
    "many_progs",
    "map_in_map",
    "ring_events",
    "local_storage",
    "sock_map",
    "globals",
];

#[test]
fn created_maps_hold_the_sizes_the_kernel_reports() {
    require_bpf!();
    let mut checked = 0;
    for name in FIXTURES {
        let path = format!(
            "{}/../tests/fixtures/{name}.bpf.o",
            env!("CARGO_MANIFEST_DIR")
        );
        let spec = ObjectSpec::from_file(&path).expect("fixture parses");
        let obj = PreparedObject::prepare(spec).expect("fixture prepares");
        for map in obj.maps() {
            let ours = map.access();
            let kernel = MapAccess::new(map.as_fd()).expect("map info");
            assert_eq!(
                (ours.key_size(), ours.value_size()),
                (kernel.key_size(), kernel.value_size()),
                "{name}: map {}",
                map.name()
            );
            checked += 1;
        }
    }
    assert!(checked >= 12, "only {checked} maps checked");
}
