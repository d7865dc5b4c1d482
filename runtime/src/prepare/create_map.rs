//! Creating one map: definition fix-ups, pin reuse, BTF with fallback, initial contents.

use std::os::fd::{AsFd, BorrowedFd, OwnedFd};
use std::path::{Path, PathBuf};

use super::error::PrepareError;
use crate::abi::MapType;
use crate::obj::{kernel_data_map_name, DataKind, MapOrigin, MapSpec, Pinning};
use crate::prepare::map::Map;
use crate::sys::consts::BPF_F_NUMA_NODE;
use crate::sys::{self, MapCreateAttr};

/// What the object shares with every map it creates.
pub(crate) struct MapContext<'a> {
    pub object_name: &'a str,
    pub btf_fd: Option<BorrowedFd<'a>>,
    pub pin_root: &'a Path,
    /// The object's BPF token, if it has one.
    pub token: Option<BorrowedFd<'a>>,
}

/// Creates (or reuses from its pin path) the map described by `spec`.
pub(crate) fn create_map(cx: &MapContext<'_>, mut spec: MapSpec) -> Result<Map, PrepareError> {
    adjust_definition(&mut spec)?;
    let kernel_name = match spec.origin {
        MapOrigin::Data(_) => kernel_data_map_name(cx.object_name, &spec.name),
        _ => spec.name.clone(),
    };
    let pin_path = pin_path(cx, &spec);
    if let Some(path) = &pin_path {
        if let Some(fd) = reuse_pinned(&spec, path)? {
            return wrap(spec, kernel_name, fd);
        }
    }
    let fd = create_fd(cx, &spec, &kernel_name)?;
    initialise(&spec, fd.as_fd())?;
    if let Some(path) = &pin_path {
        pin_creating_dirs(fd.as_fd(), path).map_err(|source| PrepareError::Pin {
            map: spec.name.clone(),
            path: path.display().to_string(),
            source,
        })?;
    }
    let arena = (spec.map_type == MapType::Arena)
        .then(|| map_arena(&spec, fd.as_fd()))
        .transpose()?;
    let mut map = wrap(spec, kernel_name, fd)?;
    if let Some(region) = arena {
        map.keep_mapping(region);
    }
    Ok(map)
}

/// Maps an arena (the kernel needs its user address before programs using it load) and
/// copies the `__arena` globals in, as libbpf does.
fn map_arena(spec: &MapSpec, fd: BorrowedFd<'_>) -> Result<sys::SharedRegion, PrepareError> {
    let err = |source| PrepareError::InitMap {
        map: spec.name.clone(),
        source,
    };
    let page = 4096usize;
    let len = page.saturating_mul(spec.max_entries as usize);
    let addr = (spec.map_extra != 0).then_some(spec.map_extra as usize);
    let region = sys::SharedRegion::map_at(fd, 0, len, true, addr).map_err(err)?;
    if let Some(data) = &spec.initial_value {
        if data.len() > len {
            return Err(PrepareError::BadMap {
                map: spec.name.clone(),
                reason: format!(
                    "{} bytes of __arena globals do not fit the arena",
                    data.len()
                ),
            });
        }
        region.write_from(0, data).map_err(err)?;
    }
    Ok(region)
}

fn wrap(spec: MapSpec, kernel_name: String, fd: OwnedFd) -> Result<Map, PrepareError> {
    let name = spec.name.clone();
    Map::new(spec, kernel_name, fd).map_err(|source| PrepareError::InitMap { map: name, source })
}

fn adjust_definition(spec: &mut MapSpec) -> Result<(), PrepareError> {
    match spec.map_type {
        MapType::Ringbuf | MapType::UserRingbuf => {
            spec.max_entries = ringbuf_size(spec.max_entries)
        }
        MapType::PerfEventArray if spec.max_entries == 0 => {
            spec.max_entries = sys::possible_cpus()
                .ok()
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(1);
        }
        _ => {}
    }
    if spec.numa_node != 0 {
        spec.map_flags |= BPF_F_NUMA_NODE;
    }
    if let Some(inner) = spec.inner.as_mut() {
        adjust_definition(inner)?;
    }
    if let Some(init) = spec
        .initial_value
        .as_ref()
        .filter(|_| spec.map_type != MapType::Arena)
    {
        if init.len() != spec.value_size as usize {
            return Err(PrepareError::BadMap {
                map: spec.name.clone(),
                reason: format!(
                    "initial value is {} bytes but the value size is {}",
                    init.len(),
                    spec.value_size
                ),
            });
        }
    }
    Ok(())
}

/// Ring buffers must be a power-of-two multiple of the page size.
fn ringbuf_size(requested: u32) -> u32 {
    let page = 4096u32;
    let mut size = page;
    while size < requested {
        match size.checked_mul(2) {
            Some(s) => size = s,
            None => return requested,
        }
    }
    size
}

fn pin_path(cx: &MapContext<'_>, spec: &MapSpec) -> Option<PathBuf> {
    match (&spec.pin_path, spec.pinning) {
        (Some(p), _) => Some(p.clone()),
        (None, Pinning::ByName) => Some(cx.pin_root.join(&spec.name)),
        (None, Pinning::None) => None,
    }
}

/// Pins `fd` at `path` on bpffs, creating its missing directories first (as libbpf
/// does) once the nearest existing one is known to be on bpffs.
fn pin_creating_dirs(fd: BorrowedFd<'_>, path: &Path) -> Result<(), sys::SyscallError> {
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        let existing = dir
            .ancestors()
            .find(|a| a.exists())
            .unwrap_or(Path::new("/"));
        sys::check_pin_path("BPF_OBJ_PIN", &existing.join("pin"))?;
        std::fs::create_dir_all(dir).map_err(|e| sys::SyscallError::new("mkdir", e))?;
    }
    sys::pin_on_bpffs(fd, path)
}

/// Opens a map already pinned at `path` if its definition matches; `None` when nothing
/// is pinned there (its directory may not exist yet). The path must lie on bpffs.
fn reuse_pinned(spec: &MapSpec, path: &Path) -> Result<Option<OwnedFd>, PrepareError> {
    if path
        .parent()
        .is_some_and(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        return Ok(None);
    }
    let fd = match sys::open_pin_on_bpffs(path) {
        Ok(fd) => fd,
        Err(e) if e.errno() == libc::ENOENT => return Ok(None),
        Err(source) => {
            return Err(PrepareError::Pin {
                map: spec.name.clone(),
                path: path.display().to_string(),
                source,
            })
        }
    };
    let info = sys::map_get_info(fd.as_fd()).map_err(|source| PrepareError::Pin {
        map: spec.name.clone(),
        path: path.display().to_string(),
        source,
    })?;
    incompatibility(spec, &info).map_or(Ok(Some(fd)), |reason| {
        Err(PrepareError::IncompatiblePin {
            map: spec.name.clone(),
            path: path.display().to_string(),
            reason,
        })
    })
}

/// How an existing map (pinned, or handed in by the caller) differs from the
/// definition it stands in for: type, key and value size, max_entries or flags.
pub(crate) fn incompatibility(spec: &MapSpec, info: &sys::MapInfo) -> Option<String> {
    let checks = [
        ("type", info.map_type.as_raw(), spec.map_type.as_raw()),
        ("key_size", info.key_size, spec.key_size),
        ("value_size", info.value_size, spec.value_size),
        ("max_entries", info.max_entries, spec.max_entries),
        ("map_flags", info.map_flags, spec.map_flags),
    ];
    checks
        .iter()
        .find(|(_, have, want)| have != want)
        .map(|(what, have, want)| format!("{what} is {have}, the object wants {want}"))
}

/// Uses the caller's map `fd` for the definition `spec`, if it fits. Nothing is written
/// to it: its contents are the caller's.
pub(crate) fn use_replacement(
    cx: &MapContext<'_>,
    spec: MapSpec,
    fd: &OwnedFd,
) -> Result<Map, PrepareError> {
    let bad = |reason: String| PrepareError::Replacement {
        map: spec.name.clone(),
        reason,
    };
    let info = sys::map_get_info(fd.as_fd()).map_err(|e| bad(e.to_string()))?;
    if let Some(reason) = incompatibility(&spec, &info) {
        return Err(bad(reason));
    }
    let own = fd
        .try_clone()
        .map_err(|e| bad(format!("duplicating the fd: {e}")))?;
    let kernel_name = match spec.origin {
        MapOrigin::Data(_) => kernel_data_map_name(cx.object_name, &spec.name),
        _ => spec.name.clone(),
    };
    wrap(spec, kernel_name, own)
}

/// Creates a fresh instance of `template` for one clone: never pinned, no prog-array
/// slots, `contents` (or the definition's initial value) written first, frozen if it is
/// read-only data.
pub(crate) fn create_private(
    object_name: &str,
    btf_fd: Option<BorrowedFd<'_>>,
    token: Option<BorrowedFd<'_>>,
    template: &MapSpec,
    contents: Option<Vec<u8>>,
) -> Result<Map, PrepareError> {
    let mut spec = template.clone();
    spec.pinning = Pinning::None;
    spec.pin_path = None;
    spec.init_slots.clear();
    if contents.is_some() {
        spec.initial_value = contents;
    }
    let cx = MapContext {
        object_name,
        btf_fd,
        pin_root: Path::new(""),
        token,
    };
    create_map(&cx, spec)
}

fn create_fd(
    cx: &MapContext<'_>,
    spec: &MapSpec,
    kernel_name: &str,
) -> Result<OwnedFd, PrepareError> {
    let inner = match &spec.inner {
        Some(inner) => Some(create_fd(cx, inner, "inner")?),
        None => None,
    };
    let mut attr = MapCreateAttr {
        map_type: spec.map_type,
        key_size: spec.key_size,
        value_size: spec.value_size,
        max_entries: spec.max_entries,
        map_flags: spec.map_flags,
        inner_map_fd: inner.as_ref().map(|f| f.as_fd()),
        numa_node: spec.numa_node,
        name: kernel_name,
        map_ifindex: 0,
        btf_fd: None,
        btf_key_type_id: 0,
        btf_value_type_id: 0,
        btf_vmlinux_value_type_id: 0,
        map_extra: spec.map_extra,
        token_fd: cx.token,
    };
    let with_btf = cx.btf_fd.is_some()
        && (spec.key_type_id != 0 || spec.value_type_id != 0)
        && takes_btf_types(spec.map_type);
    if with_btf {
        let mut typed = attr.clone();
        typed.btf_fd = cx.btf_fd;
        typed.btf_key_type_id = spec.key_type_id;
        typed.btf_value_type_id = spec.value_type_id;
        if let Ok(fd) = sys::map_create(&typed) {
            return Ok(fd);
        }
        // Like libbpf: retry without BTF type information before giving up.
        attr.btf_fd = None;
    }
    sys::map_create(&attr).map_err(|source| PrepareError::CreateMap {
        map: spec.name.clone(),
        hint: create_hint(spec, source.errno()),
        source,
    })
}

/// The likely cause of a refused `BPF_MAP_CREATE`, from the attributes sent.
fn create_hint(spec: &MapSpec, errno: i32) -> Option<String> {
    if errno != libc::EINVAL {
        return None;
    }
    let needs_entries = !matches!(
        spec.map_type,
        MapType::Ringbuf
            | MapType::UserRingbuf
            | MapType::PerfEventArray
            | MapType::CgroupStorage
            | MapType::PercpuCgroupStorage
            | MapType::SkStorage
            | MapType::InodeStorage
            | MapType::TaskStorage
            | MapType::CgrpStorage
            | MapType::StructOps
            | MapType::Arena
    );
    if spec.max_entries == 0 && needs_entries {
        return Some(format!(
            "max_entries is 0: the object expects it to be set before prepare \
             (skeleton: `open.maps.{}.max_entries = N`)",
            spec.name
        ));
    }
    if spec.value_size == 0
        && !matches!(
            spec.map_type,
            MapType::Ringbuf | MapType::UserRingbuf | MapType::Arena
        )
    {
        return Some(
            "value_size is 0: the object expects it to be set before prepare, as stack-trace \
             maps in libbpf-tools do"
                .to_string(),
        );
    }
    if !spec.map_type.is_known() {
        return Some(format!(
            "map type {} is unknown to this runtime and maybe to this kernel",
            spec.map_type.as_raw()
        ));
    }
    Some(format!(
        "the kernel refused the attributes: type {}, key {} B, value {} B, max_entries {}, \
         flags {:#x}",
        spec.map_type, spec.key_size, spec.value_size, spec.max_entries, spec.map_flags
    ))
}

/// Whether the kernel accepts BTF key/value types for this map type. For the types
/// libbpf lists (fd-valued maps, queue/stack, arena) it refuses them, and the refusal is
/// slow — the map is built, then torn down behind an RCU grace period (~30 ms for a
/// sockmap) — so, like libbpf, they are created without BTF types from the start.
fn takes_btf_types(map_type: MapType) -> bool {
    use MapType as T;
    !matches!(
        map_type,
        T::PerfEventArray
            | T::CgroupArray
            | T::StackTrace
            | T::ArrayOfMaps
            | T::HashOfMaps
            | T::Devmap
            | T::DevmapHash
            | T::Cpumap
            | T::Xskmap
            | T::Sockmap
            | T::Sockhash
            | T::Queue
            | T::Stack
            | T::Arena
    )
}

fn initialise(spec: &MapSpec, fd: BorrowedFd<'_>) -> Result<(), PrepareError> {
    let err = |source| PrepareError::InitMap {
        map: spec.name.clone(),
        source,
    };
    if let Some(init) = spec
        .initial_value
        .as_ref()
        .filter(|_| spec.map_type != MapType::Arena)
    {
        // The map was just created from `spec`: its sizes are the definition's.
        sys::MapAccess::of_definition(fd, spec.map_type, spec.key_size, spec.value_size)
            .and_then(|access| access.update(&0u32.to_ne_bytes(), init, 0))
            .map_err(err)?;
    }
    if matches!(
        spec.origin,
        MapOrigin::Data(DataKind::Rodata | DataKind::Kconfig)
    ) {
        sys::map_freeze(fd).map_err(err)?;
    }
    Ok(())
}

/// Creates a map on its own from `template` (a map-in-map's inner-map definition),
/// named `name`: no pin, no initial contents, the object's BTF for its types.
pub(crate) fn create_inner(
    object_name: &str,
    btf_fd: Option<BorrowedFd<'_>>,
    token: Option<BorrowedFd<'_>>,
    template: &MapSpec,
    name: &str,
) -> Result<Map, PrepareError> {
    let mut spec = template.clone();
    spec.name = name.to_string();
    spec.origin = MapOrigin::Btf;
    spec.initial_value = None;
    create_private(object_name, btf_fd, token, &spec, None)
}

#[cfg(test)]
mod tests {
    use super::ringbuf_size;

    #[test]
    fn ringbuf_sizes_round_up_to_page_powers_of_two() {
        assert_eq!(ringbuf_size(0), 4096);
        assert_eq!(ringbuf_size(4096), 4096);
        assert_eq!(ringbuf_size(5000), 8192);
        assert_eq!(ringbuf_size(256 * 1024), 256 * 1024);
    }
}
