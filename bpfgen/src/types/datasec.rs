//! DATASEC → a struct with one field per non-static variable.
//!
//! Variables sit at their section offsets; bytes of static variables and the
//! gaps between variables are `__pad_N` fields. The struct is aligned like its
//! most aligned variable and its size is the section size rounded up to that
//! alignment (sections are not padded, Rust types are); the extra tail bytes
//! are padding. A section with a misaligned variable becomes `packed` instead
//! and keeps the exact section size.

use bpfgen_runtime::obj::btf::{BtfKind, VarSecInfo};

use super::ident::datasec_struct_name;
use super::layout::{layout_struct, Item, Shape};
use super::lower::{layout_error, Depth};
use super::model::TyInfo;
use super::scalar::unsupported;
use super::{TypeGen, TypeGenError};

/// `BTF_VAR_STATIC`.
const LINKAGE_STATIC: u32 = 0;

impl TypeGen<'_> {
    /// The struct of DATASEC `id`, memoised by id.
    pub(crate) fn lower_datasec(&mut self, id: u32, depth: Depth) -> Result<TyInfo, TypeGenError> {
        if let Some(info) = self.state.done.get(&id) {
            return Ok(info.clone());
        }
        let btf = self.btf;
        let t = btf.type_by_id(id).ok_or(TypeGenError::UnknownId { id })?;
        let BtfKind::Datasec(entries) = &t.kind else {
            return Err(unsupported(btf, id, "not a DATASEC"));
        };
        let section = btf.name_of(id).to_string();
        let name = self
            .state
            .names
            .get_or_assign(id, &datasec_struct_name(&section));
        let mut items = Vec::new();
        for e in entries {
            if let Some(item) = self.var_item(&name, e, depth)? {
                items.push(item);
            }
        }
        let shape = datasec_shape(&items, t.size());
        let origin = format!("section {section}");
        let decl = layout_struct(&name, origin, items, shape)
            .map_err(|reason| layout_error(btf, id, reason))?;
        Ok(self.finish_composite(id, name, decl))
    }

    /// The field of a non-static VAR entry; `None` for statics and non-VARs
    /// (FUNCs in `.ksyms`).
    fn var_item(
        &mut self,
        sec_name: &str,
        e: &VarSecInfo,
        depth: Depth,
    ) -> Result<Option<Item>, TypeGenError> {
        let btf = self.btf;
        let var = btf
            .type_by_id(e.type_id)
            .ok_or(TypeGenError::UnknownId { id: e.type_id })?;
        let BtfKind::Var { linkage } = var.kind else {
            return Ok(None);
        };
        if linkage == LINKAGE_STATIC {
            return Ok(None);
        }
        let c_name = btf.name_of(e.type_id).to_string();
        let hint = format!("{sec_name}__{c_name}");
        let info = self.lower(var.type_id(), Some(&hint), depth)?;
        if info.size != e.size {
            let reason = format!(
                "variable `{c_name}` is {} bytes but its section entry says {}",
                info.size, e.size
            );
            return Err(layout_error(btf, e.type_id, reason));
        }
        let bit_off = e
            .offset
            .checked_mul(8)
            .ok_or_else(|| layout_error(btf, e.type_id, "offset overflows".to_string()))?;
        Ok(Some(Item::Member {
            c_name,
            info,
            bit_off,
        }))
    }
}

/// Size and alignment of a DATASEC struct holding `items` in a section of
/// `sec_size` bytes.
fn datasec_shape(items: &[Item], sec_size: u32) -> Shape {
    let mut align = 1;
    let mut misaligned = false;
    for item in items {
        if let Item::Member { info, bit_off, .. } = item {
            align = align.max(info.align);
            misaligned |= (bit_off / 8) % info.align != 0;
        }
    }
    if misaligned {
        return Shape {
            size: sec_size,
            align: 1,
        };
    }
    Shape {
        size: sec_size.div_ceil(align).saturating_mul(align),
        align,
    }
}
