//! Global-data sections → typed open-phase values and live views, and the
//! names of their variables.

use bpfgen_runtime::obj::btf::{Btf, BtfKind};
use bpfgen_runtime::obj::{DataKind, MapOrigin, MapSpec};
use proc_macro2::TokenStream;

use crate::ident::{section_field, upper};
use crate::types::TypeGen;

/// `BPF_F_MMAPABLE`.
const F_MMAPABLE: u32 = 1 << 10;
/// `BTF_VAR_STATIC`.
const LINKAGE_STATIC: u32 = 0;

/// A data section with typed access.
#[derive(Debug, Clone)]
pub(crate) struct SectionModel {
    /// Section (and map) name: `.rodata`, `.data.custom`, …
    pub section: String,
    /// Field and accessor name: `rodata`, `data_custom`, …
    pub field: String,
    /// Its constant in `names::maps`: `RODATA`, `DATA_CUSTOM`, …
    pub constant: String,
    /// Its struct in `types` (`types::Rodata`).
    pub ty: TokenStream,
    /// Frozen after prepare (`.rodata*`): a snapshot instead of a live view.
    pub read_only: bool,
}

/// The typed section of data map `map`, or `None` when it gets no typed
/// access: `.kconfig`, sections without a non-static variable (not mmapable),
/// no DATASEC, or a DATASEC `bpfgen::types` cannot represent.
pub(crate) fn section(map: &MapSpec, gen: &mut TypeGen<'_>) -> Option<SectionModel> {
    let MapOrigin::Data(kind) = map.origin else {
        return None;
    };
    if kind == DataKind::Kconfig || map.map_flags & F_MMAPABLE == 0 || map.value_type_id == 0 {
        return None;
    }
    let ty = gen.request(map.value_type_id).ok()?;
    Some(SectionModel {
        section: map.name.clone(),
        field: section_field(&map.name),
        constant: upper(&map.name),
        ty,
        read_only: kind == DataKind::Rodata,
    })
}

/// C names of the non-static variables of data map `map` (its DATASEC).
pub(crate) fn variables(map: &MapSpec, btf: &Btf) -> Vec<String> {
    if !map.is_data() || map.value_type_id == 0 {
        return Vec::new();
    }
    let Some(BtfKind::Datasec(entries)) = btf.type_by_id(map.value_type_id).map(|t| &t.kind) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter(|e| {
            matches!(
                btf.type_by_id(e.type_id).map(|t| &t.kind),
                Some(BtfKind::Var { linkage }) if *linkage != LINKAGE_STATIC
            )
        })
        .map(|e| btf.name_of(e.type_id).to_string())
        .collect()
}
