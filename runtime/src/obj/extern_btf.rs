//! Rewrites the `.ksyms` and `.kconfig` DATASECs the way libbpf's
//! `bpf_object__collect_externs` does, so the kernel accepts the object's BTF: extern
//! variables become allocated globals, kfunc entries point at a `dummy_ksym` variable,
//! and `.kconfig` variables get offsets in the (future) kconfig map.

use super::btf::{kind, Btf, BtfKind, BtfType, VarSecInfo};
use super::error::ParseError;

/// `BTF_VAR_GLOBAL_ALLOCATED`.
const VAR_GLOBAL: u32 = 1;
/// `BTF_FUNC_GLOBAL`.
const FUNC_GLOBAL: u32 = 1;

/// Applies the `.ksyms` and `.kconfig` rewrites; a no-op for objects without externs.
pub(crate) fn fixup_extern_datasecs(btf: &mut Btf) -> Result<(), ParseError> {
    if let Some((id, _)) = btf.datasec_by_name(".ksyms") {
        fixup_ksyms(btf, id)?;
    }
    if let Some((id, _)) = btf.datasec_by_name(".kconfig") {
        fixup_kconfig(btf, id)?;
    }
    Ok(())
}

fn entries(btf: &Btf, id: u32) -> Vec<VarSecInfo> {
    match btf.type_by_id(id).map(|t| &t.kind) {
        Some(BtfKind::Datasec(e)) => e.clone(),
        _ => Vec::new(),
    }
}

/// Id of a 32-bit INT, added if the object has none (libbpf's `find_int_btf_id`).
fn int32(btf: &mut Btf) -> u32 {
    let found = (1..btf.type_count()).find(
        |&id| matches!(btf.type_by_id(id), Some(t) if t.kind_num() == kind::INT && t.size() == 4),
    );
    found.unwrap_or_else(|| {
        let name = btf.add_string("int");
        btf.add_type(BtfType::new_int(name, 4, (1 << 24) | 32))
    })
}

fn set_datasec(btf: &mut Btf, id: u32, size: u32, new: Vec<VarSecInfo>) {
    if let Some(t) = btf.type_by_id_mut(id) {
        t.size_or_type = size;
        t.kind = BtfKind::Datasec(new);
    }
}

fn fixup_ksyms(btf: &mut Btf, sec: u32) -> Result<(), ParseError> {
    let mut list = entries(btf, sec);
    let int = int32(btf);
    let has_func = list.iter().any(|e| {
        btf.type_by_id(e.type_id)
            .is_some_and(|t| t.kind_num() == kind::FUNC)
    });
    let dummy = if has_func {
        let name = btf.add_string("dummy_ksym");
        Some((btf.add_type(BtfType::new_var(name, int, VAR_GLOBAL)), name))
    } else {
        None
    };
    for (i, e) in list.iter_mut().enumerate() {
        let bad = || ParseError::section(".ksyms", format!("entry #{i} has an invalid type"));
        let is_func = btf.type_by_id(e.type_id).ok_or_else(bad)?.kind_num() == kind::FUNC;
        match (is_func, dummy) {
            (true, Some((dummy_id, dummy_name))) => {
                let proto = btf.type_by_id(e.type_id).ok_or_else(bad)?.type_id();
                name_params(btf, proto, dummy_name);
                if let Some(f) = btf.type_by_id_mut(e.type_id) {
                    f.info = (f.info & !0xffff) | FUNC_GLOBAL;
                }
                e.type_id = dummy_id;
            }
            _ => {
                if let Some(v) = btf.type_by_id_mut(e.type_id) {
                    v.kind = BtfKind::Var {
                        linkage: VAR_GLOBAL,
                    };
                    v.size_or_type = int;
                }
            }
        }
        e.offset = (i * 4) as u32;
        e.size = 4;
    }
    let size = (list.len() * 4) as u32;
    set_datasec(btf, sec, size, list);
    Ok(())
}

/// Unnamed kfunc parameters get a name: the kernel requires named parameters.
fn name_params(btf: &mut Btf, proto: u32, name: u32) {
    if let Some(BtfType {
        kind: BtfKind::FuncProto(params),
        ..
    }) = btf.type_by_id_mut(proto)
    {
        for p in params
            .iter_mut()
            .filter(|p| p.type_id != 0 && p.name_off == 0)
        {
            p.name_off = name;
        }
    }
}

/// Lays `.kconfig` variables out like libbpf: by alignment (descending), size, name.
fn fixup_kconfig(btf: &mut Btf, sec: u32) -> Result<(), ParseError> {
    let mut list = entries(btf, sec);
    let mut layout = Vec::with_capacity(list.len());
    for (i, e) in list.iter().enumerate() {
        let var = btf.type_by_id(e.type_id).ok_or_else(|| {
            ParseError::section(".kconfig", format!("entry #{i} has an invalid type"))
        })?;
        let err = |what: String| {
            ParseError::section(".kconfig", format!("`{}`: {what}", btf.name_of(e.type_id)))
        };
        let size = btf
            .resolve_size(var.type_id())
            .map_err(|x| err(x.to_string()))?;
        let align = btf
            .align_of(var.type_id())
            .map_err(|x| err(x.to_string()))?;
        layout.push((align, size, btf.name_of(e.type_id).to_string(), i));
    }
    layout.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut off = 0u32;
    let too_big = || ParseError::section(".kconfig", "variables exceed 4 GiB");
    for (align, size, _, i) in &layout {
        let align = (*align).max(1);
        off = off.div_ceil(align).checked_mul(align).ok_or_else(too_big)?;
        list[*i].offset = off;
        list[*i].size = *size;
        off = off.checked_add(*size).ok_or_else(too_big)?;
    }
    for e in &list {
        if let Some(v) = btf.type_by_id_mut(e.type_id) {
            if let BtfKind::Var { linkage } = &mut v.kind {
                *linkage = VAR_GLOBAL;
            }
        }
    }
    list.sort_by_key(|e| e.offset);
    set_datasec(btf, sec, off, list);
    Ok(())
}
