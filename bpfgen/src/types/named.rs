//! Looking types up by C name (`--type NAME`) and typedef aliases.

use bpfgen_runtime::obj::btf::kind;

use super::lower::Depth;
use super::model::{Alias, Decl, RustTy};
use super::{not_found, TypeGen, TypeGenError};

impl TypeGen<'_> {
    /// `(id, is_typedef)` of the type called `name`.
    pub(crate) fn find_named(&self, name: &str) -> Result<(u32, bool), TypeGenError> {
        let btf = self.btf;
        let (kinds, bare): (&[u32], &str) = if let Some(n) = name.strip_prefix("struct ") {
            (&[kind::STRUCT], n)
        } else if let Some(n) = name.strip_prefix("union ") {
            (&[kind::UNION], n)
        } else if let Some(n) = name.strip_prefix("enum ") {
            (&[kind::ENUM, kind::ENUM64], n)
        } else {
            (&[kind::STRUCT, kind::UNION, kind::ENUM, kind::ENUM64], name)
        };
        let bare = bare.trim();
        let tagged = btf
            .iter_types()
            .find(|(_, t)| kinds.contains(&t.kind_num()) && btf.str_at(t.name_off) == Some(bare));
        if let Some((id, _)) = tagged {
            return Ok((id, false));
        }
        if bare == name {
            if let Some(id) = btf.find_by_name_kind(bare, kind::TYPEDEF) {
                return Ok((id, true));
            }
        }
        Err(not_found("type", name))
    }

    /// Declares typedef `id`'s target and, if the typedef's own name differs
    /// from the target's Rust name, an alias.
    pub(crate) fn alias(&mut self, id: u32) -> Result<RustTy, TypeGenError> {
        if let Some(ty) = self.state.aliases.get(&id) {
            return Ok(ty.clone());
        }
        let btf = self.btf;
        let c_name = btf.name_of(id).to_string();
        let target = btf.type_by_id(id).map_or(0, |t| t.type_id());
        let info = self.lower(target, Some(&c_name), Depth::default())?;
        let same = match &info.ty {
            RustTy::Named(n) => *n == c_name,
            RustTy::Prim(p) => *p == c_name,
            RustTy::Array(..) | RustTy::Runtime(_) => false,
        };
        let ty = if same {
            info.ty
        } else {
            let name = self.state.names.claim(&c_name);
            let alias = Alias {
                name: name.clone(),
                origin: format!("typedef {c_name}"),
                target: info.ty,
            };
            self.state.decls.insert(name.clone(), Decl::Alias(alias));
            RustTy::Named(name)
        };
        self.state.aliases.insert(id, ty.clone());
        Ok(ty)
    }
}
