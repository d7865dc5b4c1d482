//! Registering struct_ops variables with the kernel: the member programs are loaded (if
//! they are not yet), the kernel's `bpf_struct_ops_<name>` value is built from the object's
//! shadow data and the program fds, and the STRUCT_OPS map is updated (or, for
//! `.struct_ops.link` variables, attached through a link).

use super::error::AttachError;
use crate::abi::{AttachType, MapType};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};

use crate::obj::btf::{kind, Btf, BtfType, Member};
use crate::obj::StructOpsVar;
use crate::prepare::kernel::KernelBtf;
use crate::prepare::kernel::{kernel_members, kernel_struct};
use crate::sys::consts::BPF_F_LINK;
use crate::sys::{self, MapCreateAttr};
use crate::PreparedObject;
use std::sync::Arc;

/// A struct_ops variable of a prepared object (a `SEC(".struct_ops")` or
/// `SEC(".struct_ops.link")` global such as a `tcp_congestion_ops`), the handle a
/// skeleton's `struct_ops.<name>` field holds. Cheap to clone.
#[derive(Debug, Clone)]
pub struct StructOps {
    obj: Arc<PreparedObject>,
    name: String,
    struct_name: String,
}

impl StructOps {
    /// The struct_ops variable `name` of `obj`.
    ///
    /// # Errors
    /// When the object has no struct_ops variable of that name.
    pub fn new(obj: &Arc<PreparedObject>, name: &str) -> Result<Self, AttachError> {
        let var = obj
            .shared()
            .struct_ops
            .0
            .iter()
            .find(|v| v.name == name)
            .ok_or_else(|| err(name, "no such struct_ops variable"))?;
        Ok(StructOps {
            obj: Arc::clone(obj),
            name: name.to_string(),
            struct_name: var.struct_name.clone(),
        })
    }

    /// The variable's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The kernel struct it implements (`tcp_congestion_ops`, `sched_ext_ops`, …).
    pub fn struct_name(&self) -> &str {
        &self.struct_name
    }

    /// Loads its member programs (those not loaded yet), writes the kernel value and
    /// registers it ([`register`]); dropping the result unregisters it.
    ///
    /// # Errors
    /// As for [`register`].
    pub fn register(&self) -> Result<StructOpsRegistration, AttachError> {
        register(&self.obj, &self.name)
    }
}

/// A registered struct_ops variable; unregistered when dropped.
#[derive(Debug)]
pub struct StructOpsRegistration {
    name: String,
    map: OwnedFd,
    link: Option<OwnedFd>,
}

impl StructOpsRegistration {
    /// The variable's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

impl Drop for StructOpsRegistration {
    fn drop(&mut self) {
        if self.link.is_none() {
            // Best effort: a failure leaves it registered until the map fd closes.
            let _ = sys::map_delete_elem(self.map.as_fd(), &0u32.to_ne_bytes());
        }
    }
}

fn err(name: &str, reason: impl Into<String>) -> AttachError {
    AttachError::StructOps {
        name: name.to_string(),
        reason: reason.into(),
    }
}

/// Registers struct_ops variable `name` of `obj` (e.g. a `tcp_congestion_ops`): loads its
/// member programs, writes the kernel value and registers it. Dropping the returned
/// handle unregisters it.
pub fn register(
    obj: &Arc<PreparedObject>,
    name: &str,
) -> Result<StructOpsRegistration, AttachError> {
    let shared = obj.shared();
    let var = shared
        .struct_ops
        .0
        .iter()
        .find(|v| v.name == name)
        .ok_or_else(|| err(name, "no such struct_ops variable"))?;
    let local = shared.btf().ok_or_else(|| err(name, "object has no BTF"))?;
    let k = shared.kernel.get().map_err(|e| err(name, e))?;
    let (value_id, value_size, data_off) =
        kernel_value_type(&k, &var.struct_name).map_err(|e| err(name, e))?;
    let mut value = vec![0u8; value_size];
    let (_, kstruct) = kernel_struct(&k, &var.struct_name).map_err(|e| err(name, e))?;
    for km in kernel_members(kstruct) {
        let kname = k.btf().str_at(km.name_off).unwrap_or("");
        let at = data_off + member_byte_offset(kstruct, km);
        if is_func_ptr(k.btf(), km.type_id) {
            if let Some(fd) = member_program_fd(obj, var, kname)? {
                put(&mut value, at, &(fd as u64).to_ne_bytes()).map_err(|e| err(name, e))?;
            }
        } else if let Some(bytes) = local_member_bytes(local, var, kname) {
            let ksize = k
                .btf()
                .resolve_size(km.type_id)
                .map_err(|e| err(name, e.to_string()))? as usize;
            if bytes.len() != ksize {
                return Err(err(
                    name,
                    format!(
                        "member `{kname}` is {} bytes here, {ksize} in the kernel",
                        bytes.len()
                    ),
                ));
            }
            put(&mut value, at, bytes).map_err(|e| err(name, e))?;
        }
    }
    let map = sys::map_create(&MapCreateAttr {
        map_type: MapType::StructOps,
        key_size: 4,
        value_size: value_size as u32,
        max_entries: 1,
        map_flags: if var.link { BPF_F_LINK } else { 0 },
        name,
        btf_fd: shared.btf_fd(),
        btf_vmlinux_value_type_id: value_id,
        ..Default::default()
    })
    .map_err(|e| err(name, e.to_string()))?;
    sys::map_update_elem(map.as_fd(), &0u32.to_ne_bytes(), &value, 0)
        .map_err(|e| err(name, e.to_string()))?;
    let link = if var.link {
        Some(
            sys::link_create(map.as_fd(), 0, AttachType::StructOps, 0)
                .map_err(|e| err(name, e.to_string()))?,
        )
    } else {
        None
    };
    Ok(StructOpsRegistration {
        name: name.to_string(),
        map,
        link,
    })
}

/// Loads (if needed) the program member `member` of `var` points at; its fd.
fn member_program_fd(
    obj: &Arc<PreparedObject>,
    var: &StructOpsVar,
    member: &str,
) -> Result<Option<i32>, AttachError> {
    let Some(m) = obj
        .shared()
        .struct_ops
        .1
        .iter()
        .find(|m| m.map == var.name && m.member == member)
    else {
        return Ok(None);
    };
    let p = obj
        .program(&m.program)
        .ok_or_else(|| err(&var.name, format!("program `{}` is missing", m.program)))?;
    p.load_lazy()?;
    let fd = p
        .fd()
        .ok_or_else(|| err(&var.name, format!("program `{}` was unloaded", m.program)))?;
    Ok(Some(fd.as_fd().as_raw_fd()))
}

/// `struct bpf_struct_ops_<name>`: its id, size, and the offset of its `data` member.
fn kernel_value_type(k: &KernelBtf, name: &str) -> Result<(u32, usize, usize), String> {
    let vname = crate::obj::struct_ops_value_type_name(name);
    let (id, t) = kernel_struct(k, &vname)
        .map_err(|_| format!("the kernel has no struct_ops type `{name}`"))?;
    let data = kernel_members(t)
        .iter()
        .find(|m| k.btf().str_at(m.name_off) == Some("data"))
        .ok_or_else(|| format!("`{vname}` has no `data` member"))?;
    Ok((id, t.size() as usize, member_byte_offset(t, data)))
}

fn member_byte_offset(owner: &BtfType, m: &Member) -> usize {
    (owner.member_bits(m).0 / 8) as usize
}

fn is_func_ptr(btf: &Btf, type_id: u32) -> bool {
    btf.skip_mods_and_typedefs(type_id)
        .ok()
        .filter(|(_, t)| t.kind_num() == kind::PTR)
        .and_then(|(_, t)| btf.skip_mods_and_typedefs(t.type_id()).ok())
        .is_some_and(|(_, t)| t.kind_num() == kind::FUNC_PROTO)
}

/// The shadow bytes of the local member named `name`, if the local struct has it.
fn local_member_bytes<'v>(local: &Btf, var: &'v StructOpsVar, name: &str) -> Option<&'v [u8]> {
    let t = local.type_by_id(var.type_id)?;
    let m = kernel_members(t)
        .iter()
        .find(|m| local.str_at(m.name_off) == Some(name))?;
    let off = member_byte_offset(t, m);
    let size = local.resolve_size(m.type_id).ok()? as usize;
    var.data.get(off..off + size)
}

fn put(value: &mut [u8], at: usize, bytes: &[u8]) -> Result<(), String> {
    value
        .get_mut(at..at + bytes.len())
        .ok_or_else(|| "member lies outside the kernel value".to_string())?
        .copy_from_slice(bytes);
    Ok(())
}
