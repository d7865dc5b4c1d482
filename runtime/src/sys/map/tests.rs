//! Map tests against the real kernel (skipped without `bpf()`).

use crate::abi::{Command, MapType};
use std::io;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};

use super::*;
use crate::sys::consts::*;
use crate::sys::probe::{open_fd_count, require_bpf, run_isolated};
use crate::sys::raw::with_fake_bpf;

/// Creates a map with 4-byte keys and the given value size.
pub(crate) fn new_map(map_type: MapType, value_size: u32, max_entries: u32, flags: u32) -> OwnedFd {
    map_create(&MapCreateAttr {
        map_type,
        key_size: 4,
        value_size,
        max_entries,
        map_flags: flags,
        name: "test-map",
        ..MapCreateAttr::default()
    })
    .expect("create map")
}

#[test]
fn array_update_lookup_iterate() {
    require_bpf!();
    let map = new_map(MapType::Array, 8, 2, 0);
    assert!(map.as_raw_fd() > 2);
    let fd = map.as_fd();
    map_update_elem(fd, &1u32.to_ne_bytes(), &42u64.to_ne_bytes(), BPF_ANY).expect("update");
    let mut value = [0u8; 8];
    assert!(map_lookup_elem(fd, &1u32.to_ne_bytes(), &mut value).expect("lookup"));
    assert_eq!(u64::from_ne_bytes(value), 42);

    let mut next = [0u8; 4];
    assert!(map_get_next_key(fd, None, &mut next).expect("first key"));
    assert_eq!(u32::from_ne_bytes(next), 0);
    assert!(map_get_next_key(fd, Some(&0u32.to_ne_bytes()), &mut next).expect("second"));
    assert_eq!(u32::from_ne_bytes(next), 1);
    assert!(!map_get_next_key(fd, Some(&1u32.to_ne_bytes()), &mut next).expect("end"));

    // Out-of-range array index: absent.
    assert!(!map_lookup_elem(fd, &7u32.to_ne_bytes(), &mut value).expect("lookup oob"));
    // Arrays cannot delete.
    let err = map_delete_elem(fd, &0u32.to_ne_bytes()).expect_err("array delete");
    assert_eq!(err.errno(), libc::EINVAL);
}

#[test]
fn hash_delete_and_flags() {
    require_bpf!();
    let map = new_map(MapType::Hash, 4, 4, 0);
    let fd = map.as_fd();
    let key = 5u32.to_ne_bytes();
    let err = map_update_elem(fd, &key, &1u32.to_ne_bytes(), BPF_EXIST).expect_err("absent");
    assert_eq!(err.errno(), libc::ENOENT);
    map_update_elem(fd, &key, &1u32.to_ne_bytes(), BPF_NOEXIST).expect("insert");
    let err = map_update_elem(fd, &key, &2u32.to_ne_bytes(), BPF_NOEXIST).expect_err("dup");
    assert_eq!(err.errno(), libc::EEXIST);
    assert!(map_delete_elem(fd, &key).expect("delete"));
    assert!(!map_delete_elem(fd, &key).expect("delete again"));
    let mut v = [0u8; 4];
    assert!(!map_lookup_elem(fd, &key, &mut v).expect("lookup deleted"));
    let mut next = [0u8; 4];
    assert!(!map_get_next_key(fd, None, &mut next).expect("empty map"));
}

#[test]
fn buffer_sizes_are_checked() {
    require_bpf!();
    let map = new_map(MapType::Array, 8, 1, 0);
    let fd = map.as_fd();
    let mut small = [0u8; 4];
    let err = map_lookup_elem(fd, &0u32.to_ne_bytes(), &mut small).expect_err("short value");
    assert_eq!(err.source.kind(), io::ErrorKind::InvalidInput);
    assert_eq!(err.errno(), libc::EINVAL);
    let err = map_update_elem(fd, &0u64.to_ne_bytes(), &[0; 8], BPF_ANY).expect_err("long key");
    assert_eq!(err.call, "BPF_MAP_UPDATE_ELEM");
    let mut big = [0u8; 16];
    assert!(map_lookup_elem(fd, &0u32.to_ne_bytes(), &mut big).expect("larger buffer ok"));
}

#[test]
fn percpu_value_size() {
    require_bpf!();
    let map = new_map(MapType::PercpuArray, 4, 1, 0);
    let access = MapAccess::new(map.as_fd()).expect("access");
    let cpus = crate::sys::cpus::possible_cpus().expect("cpus");
    assert_eq!(access.value_size(), 8 * cpus);
    let value = vec![7u8; access.value_size()];
    access
        .update(&0u32.to_ne_bytes(), &value, BPF_ANY)
        .expect("update");
    let mut out = vec![0u8; access.value_size()];
    assert!(access
        .lookup(&0u32.to_ne_bytes(), &mut out, 0)
        .expect("lookup"));
    for cpu in out.chunks(8) {
        assert_eq!(&cpu[..4], &[7; 4]);
    }
}

#[test]
fn info_fields() {
    require_bpf!();
    let map = map_create(&MapCreateAttr {
        map_type: MapType::Hash,
        key_size: 4,
        value_size: 12,
        max_entries: 3,
        map_flags: BPF_F_NO_PREALLOC,
        name: "info-test/map!",
        ..MapCreateAttr::default()
    })
    .expect("create");
    let info = map_get_info(map.as_fd()).expect("info");
    assert_eq!(info.map_type, MapType::Hash);
    assert_eq!(
        (info.key_size, info.value_size, info.max_entries),
        (4, 12, 3)
    );
    assert_eq!(info.map_flags, BPF_F_NO_PREALLOC);
    assert_eq!(info.name, "info_test_map_");
    assert!(info.id > 0);
    assert_eq!(info.btf_id, 0);
    let by_id = crate::sys::id::map_get_fd_by_id(info.id).expect("open by id");
    assert_eq!(map_get_info(by_id.as_fd()).expect("info").id, info.id);
    let mut id = 0;
    let mut found = false;
    while let Some(next) = crate::sys::id::map_get_next_id(id).expect("next id") {
        found |= next == info.id;
        id = next;
    }
    assert!(found, "map id {} not found by walking ids", info.id);
}

#[test]
fn freeze_blocks_updates() {
    require_bpf!();
    let map = new_map(MapType::Array, 4, 1, 0);
    map_freeze(map.as_fd()).expect("freeze");
    let err = map_update_elem(map.as_fd(), &0u32.to_ne_bytes(), &[1; 4], BPF_ANY)
        .expect_err("update after freeze");
    assert_eq!(err.errno(), libc::EPERM);
}

#[test]
fn faked_create_failure_reports_errno_and_leaks_nothing() {
    run_isolated(
        module_path!(),
        "faked_create_failure_reports_errno_and_leaks_nothing",
        || {
            let before = open_fd_count();
            let err = with_fake_bpf(
                |cmd| {
                    (cmd == Command::MapCreate)
                        .then(|| Err(io::Error::from_raw_os_error(libc::EPERM)))
                },
                || {
                    map_create(&MapCreateAttr {
                        map_type: MapType::Array,
                        key_size: 4,
                        value_size: 4,
                        max_entries: 1,
                        ..MapCreateAttr::default()
                    })
                },
            )
            .expect_err("faked EPERM");
            assert_eq!(err.errno(), libc::EPERM);
            assert_eq!(err.call, "BPF_MAP_CREATE");
            assert_eq!(open_fd_count(), before);
        },
    );
}

#[test]
fn faked_lookup_failure_closes_nothing_it_does_not_own() {
    require_bpf!();
    let map = new_map(MapType::Array, 4, 1, 0);
    let err = with_fake_bpf(
        |cmd| {
            (cmd == Command::MapLookupElem).then(|| Err(io::Error::from_raw_os_error(libc::EFAULT)))
        },
        || map_lookup_elem(map.as_fd(), &0u32.to_ne_bytes(), &mut [0; 4]),
    )
    .expect_err("faked EFAULT");
    assert_eq!(err.errno(), libc::EFAULT);
    // The real kernel still answers outside the fake.
    assert!(map_lookup_elem(map.as_fd(), &0u32.to_ne_bytes(), &mut [0; 4]).expect("lookup"));
}

#[test]
fn kernel_fd_zero_is_moved_above_stdio() {
    run_isolated(
        module_path!(),
        "kernel_fd_zero_is_moved_above_stdio",
        || {
            require_bpf!();
            // SAFETY: this runs alone in a child test process that does not use
            // stdin; closing it lets the kernel hand out fd 0 for the map.
            assert_eq!(unsafe { libc::close(0) }, 0);
            let map = new_map(MapType::Array, 4, 1, 0);
            assert!(map.as_raw_fd() >= 3, "got fd {}", map.as_raw_fd());
            // SAFETY: F_GETFD on a possibly-closed fd touches no memory.
            let flags = unsafe { libc::fcntl(0, libc::F_GETFD) };
            assert_eq!(flags, -1, "fd 0 left open");
            map_update_elem(map.as_fd(), &0u32.to_ne_bytes(), &[1; 4], BPF_ANY).expect("usable");
        },
    );
}
