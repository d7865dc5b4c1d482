//! Merging the inputs' BTF: every type appended with its ids and strings renumbered,
//! externs resolved to the definition of the same name (after a compatibility check,
//! libbpf's "conflicting symbol type" rule), data sections rebuilt from the output layout,
//! then the whole deduplicated (see `dedup`).

use std::collections::{HashMap, HashSet};

use bpfgen_runtime::obj::btf::{Btf, BtfKind, BtfType, VarSecInfo};

use super::dedup::canonical;
use super::layout::Layout;
use super::strings::StringTable;
use super::LinkError;

/// BTF linkage values (`FUNC` vlen, `VAR` linkage).
const LINKAGE_GLOBAL: u32 = 1;
const LINKAGE_EXTERN: u32 = 2;
/// `BTF_KIND_DATASEC`.
const KIND_DATASEC: u32 = 15;

/// The merged types, before the string table is closed (`.BTF.ext` adds strings).
pub(super) struct MergedBtf {
    types: Vec<BtfType>,
    pub strings: StringTable,
    /// Input → its old type id → the output id (0 for dropped DATASECs).
    pub id_map: Vec<Vec<u32>>,
}

impl MergedBtf {
    /// The output BTF.
    pub fn finish(self) -> Btf {
        Btf::from_parts(self.types, self.strings.into_bytes())
    }
}

/// One input's BTF and which of its ELF sections are where.
pub(super) struct InputBtf<'a> {
    pub file: &'a str,
    pub btf: &'a Btf,
    /// Section name → offset of this input's section in the output section.
    pub section_offsets: &'a HashMap<String, u64>,
    /// (section name, symbol name) → the symbol's offset in its section: where clang's
    /// DATASEC entries (offset 0 in object files) really are.
    pub symbol_offsets: HashMap<(String, String), u64>,
}

/// The linkage of a FUNC or VAR (`None` for other kinds).
fn linkage(t: &BtfType) -> Option<u32> {
    match t.kind {
        BtfKind::Func => Some(t.vlen()),
        BtfKind::Var { linkage } => Some(linkage),
        _ => None,
    }
}

/// Renames every name of `t` from `btf`'s strings into `strings`.
fn rename(t: &mut BtfType, btf: &Btf, strings: &mut StringTable) {
    let mut name = |off: &mut u32| *off = strings.add(btf.str_at(*off).unwrap_or(""));
    name(&mut t.name_off);
    match &mut t.kind {
        BtfKind::Struct(members) | BtfKind::Union(members) => {
            members.iter_mut().for_each(|m| name(&mut m.name_off))
        }
        BtfKind::Enum(values) | BtfKind::Enum64(values) => {
            values.iter_mut().for_each(|e| name(&mut e.name_off))
        }
        BtfKind::FuncProto(params) => params.iter_mut().for_each(|p| name(&mut p.name_off)),
        _ => {}
    }
}

/// A data section of one input, with its variables renumbered.
struct InputDatasec {
    name_off: u32,
    size: u32,
    vars: Vec<VarSecInfo>,
    /// The input section's offset in the output section of that name, if linked.
    shift: Option<u64>,
}

/// Merges the inputs' BTF against `layout`.
pub(super) fn merge(
    inputs: &[InputBtf<'_>],
    layout: &Layout,
    definitions: &HashMap<String, (usize, u64)>,
) -> Result<MergedBtf, LinkError> {
    let mut strings = StringTable::new();
    let mut all: Vec<BtfType> = vec![BtfType {
        name_off: 0,
        info: 0,
        size_or_type: 0,
        kind: BtfKind::Int { encoding: 0 },
    }];
    let mut dropped: HashSet<u32> = HashSet::new();
    let mut datasecs: Vec<InputDatasec> = Vec::new();
    let mut bases = Vec::new();
    for input in inputs {
        let base = all.len() as u32 - 1;
        bases.push(base);
        for (id, original) in input.btf.iter_types() {
            let mut t = original.clone();
            t.map_type_ids(|r| if r == 0 { 0 } else { base + r });
            rename(&mut t, input.btf, &mut strings);
            if let (BtfKind::Datasec(vars), BtfKind::Datasec(old)) = (&t.kind, &original.kind) {
                let name = input.btf.str_at(original.name_off);
                let mut vars = vars.clone();
                // Variables sit where their symbols are (clang writes offset 0).
                if let Some(sec) = name {
                    for (v, o) in vars.iter_mut().zip(old) {
                        let var = input.btf.type_by_id(o.type_id);
                        let var_name = var.and_then(|x| input.btf.str_at(x.name_off)).unwrap_or("");
                        let key = (sec.to_string(), var_name.to_string());
                        if let Some(off) = input.symbol_offsets.get(&key) {
                            v.offset = *off as u32;
                        }
                    }
                }
                datasecs.push(InputDatasec {
                    name_off: t.name_off,
                    size: t.size(),
                    vars,
                    shift: name.and_then(|n| input.section_offsets.get(n).copied()),
                });
                dropped.insert(base + id);
            }
            all.push(t);
        }
    }
    let maps_off = strings.add(".maps");
    let map_vars: HashSet<u32> = datasecs
        .iter()
        .filter(|d| d.name_off == maps_off)
        .flat_map(|d| d.vars.iter().map(|v| v.type_id))
        .collect();
    let names = (strings.add("key"), strings.add("value"));
    let alias = resolve_globals(&all, inputs, &bases, &map_vars, names)?;
    for t in &mut all {
        t.map_type_ids(|r| alias.get(&r).copied().unwrap_or(r));
    }
    dropped.extend(alias.keys());
    let live: Vec<bool> = (0..all.len() as u32)
        .map(|id| id != 0 && !dropped.contains(&id))
        .collect();
    let canon = canonical(&mut all, &live);
    // Output ids: the representatives in order, then the rebuilt data sections.
    let mut final_id = vec![0u32; all.len()];
    let mut types = Vec::new();
    for id in 1..all.len() {
        if live[id] && canon[id] == id as u32 {
            types.push(all[id].clone());
            final_id[id] = types.len() as u32;
        }
    }
    for id in 1..all.len() {
        if live[id] {
            final_id[id] = final_id[canon[id] as usize];
        }
    }
    for t in &mut types {
        t.map_type_ids(|r| final_id[r as usize]);
    }
    let place = Placement {
        layout,
        definitions,
        all: &all,
        strings: &strings,
    };
    types.extend(rebuild_datasecs(datasecs, &alias, &final_id, &place));
    let id_map = inputs
        .iter()
        .zip(&bases)
        .map(|(input, base)| {
            (0..input.btf.type_count())
                .map(|old| {
                    if old == 0 {
                        return 0;
                    }
                    let id = alias.get(&(base + old)).copied().unwrap_or(base + old);
                    final_id[id as usize]
                })
                .collect()
        })
        .collect();
    Ok(MergedBtf {
        types,
        strings,
        id_map,
    })
}

/// Checks that every global FUNC/VAR agrees with the first definition of its name
/// (several definitions: weak ones; libbpf requires even a losing one to match), and
/// maps each extern that some input defines to that definition. `.maps` variables
/// compare as map definitions; `names` are the string offsets of `key` and `value`.
fn resolve_globals(
    all: &[BtfType],
    inputs: &[InputBtf<'_>],
    bases: &[u32],
    map_vars: &HashSet<u32>,
    names: (u32, u32),
) -> Result<HashMap<u32, u32>, LinkError> {
    let input_of = |id: u32| bases.iter().rposition(|b| *b < id).unwrap_or(0);
    let agree = |a: u32, b: u32| {
        if map_vars.contains(&a) || map_vars.contains(&b) {
            maps_match(all, a, b, names)
        } else {
            compatible(all, a, b, true, 0)
        }
    };
    let conflict = |id: u32, reason: String| LinkError::Conflict {
        symbol: name_of(id, inputs, bases).unwrap_or_default(),
        reason,
    };
    let mut defs: HashMap<(u32, bool), u32> = HashMap::new();
    for (id, t) in all.iter().enumerate().skip(1) {
        if linkage(t) != Some(LINKAGE_GLOBAL) || t.name_off == 0 {
            continue;
        }
        let id = id as u32;
        let key = (t.name_off, matches!(t.kind, BtfKind::Func));
        match defs.get(&key) {
            None => {
                defs.insert(key, id);
            }
            Some(&first) => agree(first, id).map_err(|why| {
                conflict(
                    id,
                    format!(
                        "the definitions in {} and {} do not match: {why}",
                        inputs[input_of(first)].file,
                        inputs[input_of(id)].file
                    ),
                )
            })?,
        }
    }
    let mut alias = HashMap::new();
    let mut first_extern: HashMap<(u32, bool), u32> = HashMap::new();
    for (id, t) in all.iter().enumerate().skip(1) {
        if linkage(t) != Some(LINKAGE_EXTERN) {
            continue;
        }
        let id = id as u32;
        let key = (t.name_off, matches!(t.kind, BtfKind::Func));
        let target = match defs.get(&key) {
            Some(&def) => def,
            // Unresolved: the loader resolves it (kfunc, `.kconfig`, `.ksyms`). One copy.
            None => match first_extern.get(&key) {
                Some(&first) => first,
                None => {
                    first_extern.insert(key, id);
                    continue;
                }
            },
        };
        agree(id, target).map_err(|why| {
            conflict(
                id,
                format!(
                    "the extern in {} does not match the definition in {}: {why}",
                    inputs[input_of(id)].file,
                    inputs[input_of(target)].file
                ),
            )
        })?;
        alias.insert(id, target);
    }
    Ok(alias)
}

/// The name of type `id` (read back from the input it came from).
fn name_of(id: u32, inputs: &[InputBtf<'_>], bases: &[u32]) -> Option<String> {
    let n = bases.iter().rposition(|b| *b < id)?;
    let t = inputs[n].btf.type_by_id(id - bases[n])?;
    inputs[n].btf.str_at(t.name_off).map(str::to_string)
}

/// Follows modifiers and typedefs.
fn skip_mods(all: &[BtfType], mut id: u32) -> u32 {
    for _ in 0..32 {
        match all.get(id as usize).map(|t| &t.kind) {
            Some(
                BtfKind::Const
                | BtfKind::Volatile
                | BtfKind::Restrict
                | BtfKind::Typedef
                | BtfKind::TypeTag,
            ) => id = all[id as usize].type_id(),
            _ => break,
        }
    }
    id
}

/// Whether types `a` and `b` (of the merged list) agree, by libbpf's linker rules
/// (`glob_sym_btf_matches`): modifiers and typedefs are skipped; integers, floats and
/// enums compare by size (enums by name too); a pointer compares its pointee's shape
/// only (a struct by name; a forward declaration matches the struct or union of its
/// name); an array compares its element type; structs and unions compare names and
/// every member; functions compare their signatures, parameter names aside.
fn compatible(all: &[BtfType], a: u32, b: u32, exact: bool, depth: u32) -> Result<(), String> {
    if depth > 32 {
        return Ok(());
    }
    let (a, b) = (skip_mods(all, a), skip_mods(all, b));
    if a == b {
        return Ok(());
    }
    let (Some(ta), Some(tb)) = (all.get(a as usize), all.get(b as usize)) else {
        return Err("a type id is out of range".into());
    };
    if a == 0 || b == 0 {
        return Err("void against a type".into());
    }
    let name_differs = || ta.name_off != tb.name_off;
    use BtfKind as K;
    match (&ta.kind, &tb.kind) {
        (K::Fwd, K::Struct(_) | K::Union(_) | K::Fwd) | (K::Struct(_) | K::Union(_), K::Fwd)
            if !exact || matches!((&ta.kind, &tb.kind), (K::Fwd, K::Fwd)) =>
        {
            if name_differs() {
                return Err("different struct/union names".into());
            }
            Ok(())
        }
        (K::Int { .. }, K::Int { .. }) | (K::Float, K::Float) => {
            if ta.size() != tb.size() {
                return Err(format!("{}- and {}-byte numbers", ta.size(), tb.size()));
            }
            Ok(())
        }
        (K::Enum(_) | K::Enum64(_), K::Enum(_) | K::Enum64(_)) => {
            if name_differs() || ta.size() != tb.size() {
                return Err("different enums".into());
            }
            Ok(())
        }
        (K::Ptr, K::Ptr) => compatible(all, ta.type_id(), tb.type_id(), false, depth + 1),
        (K::Array { elem_type: ea, .. }, K::Array { elem_type: eb, .. }) => {
            compatible(all, *ea, *eb, exact, depth + 1)
        }
        (K::Struct(ma), K::Struct(mb)) | (K::Union(ma), K::Union(mb)) => {
            if name_differs() {
                return Err("different struct/union names".into());
            }
            if !exact {
                return Ok(());
            }
            if ta.size() != tb.size() || ma.len() != mb.len() {
                return Err("different struct/union layouts".into());
            }
            for (x, y) in ma.iter().zip(mb) {
                if x.name_off != y.name_off || x.offset != y.offset {
                    return Err("different members".into());
                }
                compatible(all, x.type_id, y.type_id, exact, depth + 1)?;
            }
            Ok(())
        }
        (K::Func, K::Func) | (K::Var { .. }, K::Var { .. }) => {
            compatible(all, ta.type_id(), tb.type_id(), exact, depth + 1)
        }
        (K::FuncProto(pa), K::FuncProto(pb)) => {
            if pa.len() != pb.len() {
                return Err(format!("{} and {} parameters", pa.len(), pb.len()));
            }
            compatible(all, ta.type_id(), tb.type_id(), exact, depth + 1)
                .map_err(|e| format!("return types: {e}"))?;
            for (i, (x, y)) in pa.iter().zip(pb).enumerate() {
                if (x.type_id == 0) != (y.type_id == 0) {
                    return Err("variadic against fixed parameters".into());
                }
                if x.type_id != 0 {
                    compatible(all, x.type_id, y.type_id, exact, depth + 1)
                        .map_err(|e| format!("parameter {i}: {e}"))?;
                }
            }
            Ok(())
        }
        _ => Err(format!(
            "kind {} against kind {}",
            ta.kind_num(),
            tb.kind_num()
        )),
    }
}

/// The size of type `id` of the merged list (0 for sizeless kinds).
fn size_of(all: &[BtfType], id: u32, depth: u32) -> u64 {
    let id = skip_mods(all, id);
    match all.get(id as usize).map(|t| (&t.kind, t)) {
        Some((BtfKind::Ptr, _)) => 8,
        Some((
            BtfKind::Array {
                elem_type, nelems, ..
            },
            _,
        )) if depth < 32 => u64::from(*nelems).saturating_mul(size_of(all, *elem_type, depth + 1)),
        Some((
            BtfKind::Int { .. }
            | BtfKind::Float
            | BtfKind::Enum(_)
            | BtfKind::Enum64(_)
            | BtfKind::Struct(_)
            | BtfKind::Union(_),
            t,
        )) => u64::from(t.size()),
        _ => 0,
    }
}

/// A BTF-defined map's attributes (`__uint` and `__type` members of its struct).
#[derive(Debug, Default, PartialEq, Eq)]
struct MapDef {
    numbers: Vec<(u32, u64)>,
    key: Option<u32>,
    value: Option<u32>,
}

/// Reads the map definition of `.maps` variable `var`; `names` are the string offsets
/// of `key` and `value`.
fn map_def(all: &[BtfType], var: u32, names: (u32, u32)) -> MapDef {
    let mut def = MapDef::default();
    let Some(t) = all.get(var as usize) else {
        return def;
    };
    let st = skip_mods(all, t.type_id());
    let Some(BtfKind::Struct(members)) = all.get(st as usize).map(|t| &t.kind) else {
        return def;
    };
    for m in members {
        let Some(ptr) = all
            .get(m.type_id as usize)
            .filter(|p| matches!(p.kind, BtfKind::Ptr))
        else {
            continue;
        };
        match all.get(ptr.type_id() as usize).map(|t| &t.kind) {
            // `__uint(name, n)`: a pointer to an array of n.
            Some(BtfKind::Array { nelems, .. }) => {
                def.numbers.push((m.name_off, u64::from(*nelems)))
            }
            // `__type(name, T)`: a pointer to T.
            _ => {
                if m.name_off == names.0 {
                    def.key = Some(ptr.type_id());
                } else if m.name_off == names.1 {
                    def.value = Some(ptr.type_id());
                }
                def.numbers
                    .push((m.name_off, size_of(all, ptr.type_id(), 0)));
            }
        }
    }
    def.numbers.sort_unstable();
    def
}

/// Whether two `.maps` variables define the same map (libbpf's `map_defs_match`):
/// the same attributes, in any order, and key and value types that agree.
fn maps_match(all: &[BtfType], a: u32, b: u32, names: (u32, u32)) -> Result<(), String> {
    let (da, db) = (map_def(all, a, names), map_def(all, b, names));
    if da.numbers != db.numbers {
        return Err("different map attributes (type, key/value sizes, max_entries, flags)".into());
    }
    for (x, y, what) in [(da.key, db.key, "key"), (da.value, db.value, "value")] {
        if let (Some(x), Some(y)) = (x, y) {
            compatible(all, x, y, true, 0).map_err(|e| format!("{what} types: {e}"))?;
        }
    }
    Ok(())
}

/// What rebuilding the data sections looks at.
struct Placement<'a> {
    layout: &'a Layout,
    /// Where each global's winning definition is.
    definitions: &'a HashMap<String, (usize, u64)>,
    all: &'a [BtfType],
    strings: &'a StringTable,
}

impl Placement<'_> {
    fn text(&self, off: u32) -> String {
        self.strings.get(off)
    }

    /// Whether a global variable at `offset` of section `section` is the one its
    /// symbol resolved to (a losing weak definition is not).
    fn is_winner(&self, var: u32, section: Option<usize>, offset: u64) -> bool {
        let Some(t) = self.all.get(var as usize) else {
            return true;
        };
        if linkage(t) != Some(LINKAGE_GLOBAL) {
            return true;
        }
        match (self.definitions.get(&self.text(t.name_off)), section) {
            (Some(&(sec, value)), Some(here)) => sec == here && value == offset,
            _ => true,
        }
    }
}

/// One DATASEC per name across inputs: variables re-offset into the output section,
/// resolved externs and losing weak definitions left out, a variable declared twice (an
/// unresolved extern in two inputs) once. Sized as the output section (or as declared,
/// for `.kconfig`/`.ksyms`).
fn rebuild_datasecs(
    datasecs: Vec<InputDatasec>,
    alias: &HashMap<u32, u32>,
    final_id: &[u32],
    place: &Placement<'_>,
) -> Vec<BtfType> {
    let mut merged: Vec<(u32, u32, Vec<VarSecInfo>)> = Vec::new();
    for ds in datasecs {
        let pos = match merged.iter().position(|(name, ..)| *name == ds.name_off) {
            Some(p) => p,
            None => {
                merged.push((ds.name_off, 0, Vec::new()));
                merged.len() - 1
            }
        };
        let section = place.layout.by_name(&place.text(ds.name_off));
        let entry = &mut merged[pos];
        entry.1 = entry.1.max(ds.size);
        for v in ds.vars {
            let offset = u64::from(v.offset) + ds.shift.unwrap_or(0);
            if alias.contains_key(&v.type_id) || !place.is_winner(v.type_id, section, offset) {
                continue;
            }
            let id = final_id[v.type_id as usize];
            if entry.2.iter().any(|e| e.type_id == id) {
                continue;
            }
            entry.2.push(VarSecInfo {
                type_id: id,
                offset: offset as u32,
                size: v.size,
            });
        }
    }
    merged
        .into_iter()
        .map(|(name_off, size, mut vars)| {
            vars.sort_by_key(|v| v.offset);
            let size = place
                .layout
                .by_name(&place.text(name_off))
                .map_or(size, |s| place.layout.sections[s].size as u32);
            BtfType {
                name_off,
                info: KIND_DATASEC << 24 | vars.len() as u32,
                size_or_type: size,
                kind: BtfKind::Datasec(vars),
            }
        })
        .collect()
}
