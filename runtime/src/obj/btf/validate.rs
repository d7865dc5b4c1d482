//! Reference checks run on every parsed [`Btf`] (libbpf's `btf_sanity_check`).

use super::types::{kind, BtfKind, BtfType};
use super::{Btf, BtfError};

impl Btf {
    /// Checks every type: string offsets in range, referenced ids in range,
    /// FUNC → FUNC_PROTO, VAR linkage known, DATASEC entries not void.
    pub(super) fn validate(&self) -> Result<(), BtfError> {
        for (id, t) in self.iter_types() {
            self.validate_type(id, t)?;
        }
        Ok(())
    }

    fn check_str(&self, off: u32) -> Result<(), BtfError> {
        if (off as usize) < self.strings.as_slice().len() {
            Ok(())
        } else {
            Err(BtfError::BadString { offset: off })
        }
    }

    fn check_id(&self, target: u32, from: u32) -> Result<(), BtfError> {
        if target < self.type_count() {
            Ok(())
        } else {
            Err(BtfError::BadTypeId {
                id: target,
                referenced_from: from,
            })
        }
    }

    pub(super) fn validate_type(&self, id: u32, t: &BtfType) -> Result<(), BtfError> {
        self.check_str(t.name_off)?;
        match &t.kind {
            BtfKind::Int { .. } | BtfKind::Fwd | BtfKind::Float => {}
            BtfKind::Ptr
            | BtfKind::Typedef
            | BtfKind::Volatile
            | BtfKind::Const
            | BtfKind::Restrict
            | BtfKind::DeclTag { .. }
            | BtfKind::TypeTag => self.check_id(t.type_id(), id)?,
            BtfKind::Var { linkage } => {
                self.check_id(t.type_id(), id)?;
                if *linkage > 2 {
                    return Err(BtfError::invalid(id, format!("VAR linkage {linkage}")));
                }
            }
            BtfKind::Array {
                elem_type,
                index_type,
                ..
            } => {
                self.check_id(*elem_type, id)?;
                self.check_id(*index_type, id)?;
            }
            BtfKind::Struct(ms) | BtfKind::Union(ms) => {
                for m in ms {
                    self.check_str(m.name_off)?;
                    self.check_id(m.type_id, id)?;
                }
            }
            BtfKind::Enum(es) | BtfKind::Enum64(es) => {
                for e in es {
                    self.check_str(e.name_off)?;
                }
            }
            BtfKind::Func => {
                self.check_id(t.type_id(), id)?;
                let target = self.name_and_kind(t.type_id()).map(|(_, k)| k);
                if t.type_id() == 0 || target != Some(kind::FUNC_PROTO) {
                    return Err(BtfError::invalid(
                        id,
                        format!(
                            "FUNC references type {} which is not FUNC_PROTO",
                            t.type_id()
                        ),
                    ));
                }
            }
            BtfKind::FuncProto(ps) => {
                self.check_id(t.type_id(), id)?;
                for p in ps {
                    self.check_str(p.name_off)?;
                    self.check_id(p.type_id, id)?;
                }
            }
            BtfKind::Datasec(vs) => {
                for v in vs {
                    self.check_id(v.type_id, id)?;
                    if v.type_id == 0 {
                        return Err(BtfError::invalid(id, "DATASEC entry references void"));
                    }
                }
            }
        }
        Ok(())
    }
}
