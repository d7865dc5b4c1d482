//! Program info, id walking and map binding.

use crate::abi::{Command, ProgramType};
use std::mem::size_of;
use std::os::fd::{AsRawFd, BorrowedFd, OwnedFd};

use crate::sys::consts::{BPF_OBJ_NAME_LEN, BPF_TAG_SIZE};
use crate::sys::error::SyscallError;
use crate::sys::name::name_from_field;
use crate::sys::{id, info, raw};

/// What the kernel reports about a program (`struct bpf_prog_info`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgInfo {
    /// The program type.
    pub prog_type: ProgramType,
    /// Kernel-wide program id.
    pub id: u32,
    /// Hash of the translated instructions.
    pub tag: [u8; BPF_TAG_SIZE],
    /// Name, as stored by the kernel.
    pub name: String,
    /// Size of the JITed image in bytes.
    pub jited_prog_len: u32,
    /// Size of the translated instructions in bytes.
    pub xlated_prog_len: u32,
    /// Load time in ns since boot.
    pub load_time: u64,
    /// Uid of the loader.
    pub created_by_uid: u32,
    /// Number of maps the program uses.
    pub nr_map_ids: u32,
    /// Ids of the maps the program uses.
    pub map_ids: Vec<u32>,
    /// Netdev the program is bound to, 0 if none.
    pub ifindex: u32,
    /// Whether the license is GPL-compatible.
    pub gpl_compatible: bool,
    /// Id of the program's BTF object, 0 if none.
    pub btf_id: u32,
    /// Total run time in ns (with `BPF_ENABLE_STATS`).
    pub run_time_ns: u64,
    /// Number of runs (with `BPF_ENABLE_STATS`).
    pub run_cnt: u64,
    /// Runs skipped because of recursion.
    pub recursion_misses: u64,
    /// Instructions processed by the verifier.
    pub verified_insns: u32,
    /// Id of the BTF object holding `attach_btf_id`.
    pub attach_btf_obj_id: u32,
    /// BTF id of the attach target.
    pub attach_btf_id: u32,
}

/// `struct bpf_prog_info` up to `attach_btf_id` (Linux 5.16 layout).
#[repr(C)]
#[derive(Default)]
struct BpfProgInfo {
    prog_type: u32,
    id: u32,
    tag: [u8; BPF_TAG_SIZE],
    jited_prog_len: u32,
    xlated_prog_len: u32,
    jited_prog_insns: u64,
    xlated_prog_insns: u64,
    load_time: u64,
    created_by_uid: u32,
    nr_map_ids: u32,
    map_ids: u64,
    name: [u8; BPF_OBJ_NAME_LEN],
    ifindex: u32,
    /// Bit 0: `gpl_compatible`.
    flags: u32,
    netns_dev: u64,
    netns_ino: u64,
    nr_jited_ksyms: u32,
    nr_jited_func_lens: u32,
    jited_ksyms: u64,
    jited_func_lens: u64,
    btf_id: u32,
    func_info_rec_size: u32,
    func_info: u64,
    nr_func_info: u32,
    nr_line_info: u32,
    line_info: u64,
    jited_line_info: u64,
    nr_jited_line_info: u32,
    line_info_rec_size: u32,
    jited_line_info_rec_size: u32,
    nr_prog_tags: u32,
    prog_tags: u64,
    run_time_ns: u64,
    run_cnt: u64,
    recursion_misses: u64,
    verified_insns: u32,
    attach_btf_obj_id: u32,
    attach_btf_id: u32,
    pad: u32,
}

const _: () = assert!(size_of::<BpfProgInfo>() == 232);

/// Queries the kernel's info about a program, including its map ids.
pub fn prog_get_info(fd: BorrowedFd<'_>) -> Result<ProgInfo, SyscallError> {
    let (i, mut info) = query(fd)?;
    let mut map_ids = vec![0u32; i.nr_map_ids as usize];
    if !map_ids.is_empty() {
        // A fresh struct: the first call filled in other counts, which
        // would make the kernel write through their NULL pointers.
        let mut ids = BpfProgInfo {
            nr_map_ids: i.nr_map_ids,
            map_ids: map_ids.as_mut_ptr() as u64,
            ..BpfProgInfo::default()
        };
        // SAFETY: as above, except `map_ids` points to `nr_map_ids` writable
        // u32s of the exclusively owned `map_ids` vector.
        unsafe { info::obj_get_info_by_fd(fd, &mut ids) }?;
        // Maps may have been bound meanwhile; the kernel wrote at most the
        // count it was given.
        map_ids.truncate(ids.nr_map_ids.min(i.nr_map_ids) as usize);
    }
    info.map_ids = map_ids;
    Ok(info)
}

/// Queries the kernel's info about a program in one call: everything but the map ids
/// (`map_ids` is empty; `nr_map_ids` is the count).
pub fn prog_get_summary(fd: BorrowedFd<'_>) -> Result<ProgInfo, SyscallError> {
    query(fd).map(|(_, info)| info)
}

fn query(fd: BorrowedFd<'_>) -> Result<(BpfProgInfo, ProgInfo), SyscallError> {
    let mut i = BpfProgInfo::default();
    // SAFETY: `BpfProgInfo` is a padding-free prefix of
    // `struct bpf_prog_info`; all pointer fields are 0 and all counts 0, so
    // the kernel writes into no array.
    unsafe { info::obj_get_info_by_fd(fd, &mut i) }?;
    let info = ProgInfo {
        prog_type: ProgramType::from_raw(i.prog_type),
        id: i.id,
        tag: i.tag,
        name: name_from_field(&i.name),
        jited_prog_len: i.jited_prog_len,
        xlated_prog_len: i.xlated_prog_len,
        load_time: i.load_time,
        created_by_uid: i.created_by_uid,
        nr_map_ids: i.nr_map_ids,
        map_ids: Vec::new(),
        ifindex: i.ifindex,
        gpl_compatible: i.flags & 1 != 0,
        btf_id: i.btf_id,
        run_time_ns: i.run_time_ns,
        run_cnt: i.run_cnt,
        recursion_misses: i.recursion_misses,
        verified_insns: i.verified_insns,
        attach_btf_obj_id: i.attach_btf_obj_id,
        attach_btf_id: i.attach_btf_id,
    };
    Ok((i, info))
}

/// The id of the next loaded program after `start`, `None` past the last.
pub fn prog_get_next_id(start: u32) -> Result<Option<u32>, SyscallError> {
    id::get_next_id(Command::ProgGetNextId, start)
}

/// Opens the program with the given id.
pub fn prog_get_fd_by_id(id: u32) -> Result<OwnedFd, SyscallError> {
    id::get_fd_by_id(Command::ProgGetFdById, id)
}

/// `bpf_attr` member used by `BPF_PROG_BIND_MAP`.
#[repr(C)]
struct BindMapAttr {
    prog_fd: u32,
    map_fd: u32,
    flags: u32,
}

const _: () = assert!(size_of::<BindMapAttr>() == 12);

/// Makes `prog` hold a reference to `map` as if it used it (e.g. `.rodata`
/// metadata maps), so the map lives as long as the program.
pub fn prog_bind_map(prog: BorrowedFd<'_>, map: BorrowedFd<'_>) -> Result<(), SyscallError> {
    let mut attr = BindMapAttr {
        prog_fd: prog.as_raw_fd() as u32,
        map_fd: map.as_raw_fd() as u32,
        flags: 0,
    };
    // SAFETY: `BindMapAttr` is the padding-free BPF_PROG_BIND_MAP member of
    // `bpf_attr` and holds no pointers.
    unsafe { raw::sys_bpf(Command::ProgBindMap, &mut attr, size_of::<BindMapAttr>()) }
        .map(drop)
        .map_err(|e| SyscallError::new("BPF_PROG_BIND_MAP", e))
}
