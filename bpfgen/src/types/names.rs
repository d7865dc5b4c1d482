//! Names of generated types, fixed up front so that they do not depend on the
//! order in which types are requested.
//!
//! At construction every DATASEC gets its struct name (`Rodata`, `Bss`, …), then
//! every named struct, union and enum (in type-id order, so a clash is decided
//! the same way every time: `foo`, then `foo_2`), then every anonymous
//! composite that a typedef names (`typedef struct { … } foo_t;` → `foo_t`).
//! Other anonymous types are named when first reached, after their parent
//! (`parent__field`, `parent__anon_1`); aliases when requested.

use std::collections::HashMap;

use bpfgen_runtime::obj::btf::{kind, Btf, BtfKind};

use super::ident::{datasec_struct_name, sanitize_type, Scope};

/// Rust names of BTF types in the generated `types` module.
#[derive(Debug, Clone)]
pub(crate) struct Names {
    by_id: HashMap<u32, String>,
    scope: Scope,
}

impl Names {
    /// Assigns the names of all DATASECs, named composites and enums, and
    /// typedef-named anonymous types of `btf`.
    pub(crate) fn new(btf: &Btf) -> Names {
        let mut names = Names {
            by_id: HashMap::new(),
            scope: Scope::default(),
        };
        let mut secs: Vec<(&str, u32)> = btf
            .iter_types()
            .filter(|(_, t)| t.kind_num() == kind::DATASEC)
            .map(|(id, t)| (btf.str_at(t.name_off).unwrap_or(""), id))
            .collect();
        secs.sort_unstable();
        for (sec, id) in secs {
            names.assign(id, &datasec_struct_name(sec));
        }
        for (id, t) in btf.iter_types() {
            let name = btf.str_at(t.name_off).unwrap_or("");
            if is_tagged(&t.kind) && !name.is_empty() {
                names.assign(id, &sanitize_type(name));
            }
        }
        for (id, t) in btf.iter_types() {
            if !matches!(t.kind, BtfKind::Typedef) {
                continue;
            }
            let Ok((target, tt)) = btf.skip_mods(t.type_id()) else {
                continue;
            };
            let anonymous = tt.name_off == 0 || btf.name_of(target).is_empty();
            if is_tagged(&tt.kind) && anonymous && !names.by_id.contains_key(&target) {
                names.assign(target, &sanitize_type(btf.name_of(id)));
            }
        }
        names
    }

    fn assign(&mut self, id: u32, base: &str) -> String {
        let name = self.scope.claim(base);
        self.by_id.insert(id, name.clone());
        name
    }

    /// The name of `id`, naming it after `base` (made unique) if it has none yet.
    pub(crate) fn get_or_assign(&mut self, id: u32, base: &str) -> String {
        match self.by_id.get(&id) {
            Some(n) => n.clone(),
            None => self.assign(id, &sanitize_type(base)),
        }
    }

    /// A fresh, unique name for an item that is not a BTF type id of its own
    /// (a typedef alias).
    pub(crate) fn claim(&mut self, base: &str) -> String {
        self.scope.claim(&sanitize_type(base))
    }
}

/// Kinds that become named declarations of their own.
fn is_tagged(k: &BtfKind) -> bool {
    matches!(
        k,
        BtfKind::Struct(_) | BtfKind::Union(_) | BtfKind::Enum(_) | BtfKind::Enum64(_)
    )
}
