//! Kernel struct lookups in BTF, for struct_ops programs (their member index at load) and
//! registration (the kernel value's layout).

use crate::obj::btf::{kind, BtfKind, BtfType, Member};
use crate::prepare::kernel::KernelBtf;

/// The vmlinux struct named `name`: its id and type (an ambiguous name is an error).
pub(crate) fn kernel_struct<'k>(
    k: &'k KernelBtf,
    name: &str,
) -> Result<(u32, &'k BtfType), String> {
    let id = match k.find(name, kind::STRUCT).as_slice() {
        [id] => *id,
        [] => return Err(format!("struct `{name}` is not in vmlinux BTF")),
        many => {
            return Err(format!(
                "struct `{name}` is ambiguous in vmlinux BTF: {many:?}"
            ))
        }
    };
    let t = k.btf().type_by_id(id).ok_or("bad kernel BTF")?;
    Ok((id, t))
}

/// The members of a struct type (none for other kinds).
pub(crate) fn kernel_members(t: &BtfType) -> &[Member] {
    match &t.kind {
        BtfKind::Struct(m) => m,
        _ => &[],
    }
}
