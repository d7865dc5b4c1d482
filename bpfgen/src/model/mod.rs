//! `ObjectSpec` → skeleton model: everything codegen needs, with Rust names
//! decided, sorted, and checked for collisions. No tokens are built here except
//! the type paths [`TypeGen`] hands out.

mod maps;
mod names;
mod progs;
mod sections;

use bpfgen_runtime::obj::btf::Btf;
use bpfgen_runtime::ObjectSpec;
use proc_macro2::TokenStream;

use crate::ident::{camel, is_snake, module_name, sanitize, upper};
use crate::skel::SkelError;
use crate::types::TypeGen;

pub(crate) use maps::{Handle, MapModel};
pub(crate) use names::{Constant, NamesModel};
pub(crate) use progs::ProgModel;
pub(crate) use sections::SectionModel;

/// What a skeleton holds.
#[derive(Debug, Clone)]
pub(crate) struct SkelModel {
    /// Module name (`minimal`), also the object name given to the runtime.
    pub module: String,
    /// CamelCase stem of the type names (`Minimal`).
    pub camel: String,
    /// File name of the object, for docs (`minimal.bpf.o`).
    pub file_name: String,
    /// Declared maps, sorted by field name.
    pub maps: Vec<MapModel>,
    /// Programs, sorted by field name.
    pub progs: Vec<ProgModel>,
    /// Typed data sections, sorted by field name.
    pub sections: Vec<SectionModel>,
    /// struct_ops variables, sorted by field name.
    pub struct_ops: Vec<StructOpsModel>,
    /// `names` constants.
    pub names: NamesModel,
    /// `pub mod types { … }`.
    pub types: TokenStream,
    /// Some generated name (module, field, accessor) keeps a C spelling that
    /// is not snake case (`btf__core_reloc`, `handleA`).
    pub non_snake: bool,
    /// Some public field starts with `_` (a C name like `_tc_prog`).
    pub underscore_fields: bool,
}

/// A struct_ops variable (`SEC(".struct_ops")` global) of the skeleton.
#[derive(Debug, Clone)]
pub(crate) struct StructOpsModel {
    /// C name.
    pub c_name: String,
    /// Field name in the `struct_ops` struct.
    pub field: String,
    /// Its constant in `names::struct_ops`.
    pub constant: String,
    /// The kernel struct it implements.
    pub struct_name: String,
}

/// Builds the model of `spec` named `name` (already a valid module name);
/// `extra_types` are C type names to declare in `types` as well, `events` the
/// `(map, C type)` pairs of typed event maps.
pub(crate) fn build(
    spec: &ObjectSpec,
    name: &str,
    file_name: &str,
    extra_types: &[String],
    events: &[(String, String)],
) -> Result<SkelModel, SkelError> {
    if spec.big_endian {
        return Err(SkelError::BigEndian {
            file: file_name.to_string(),
        });
    }
    let module = module_name(name);
    let empty = Btf::new_empty();
    let btf = spec.btf.as_ref();
    let mut gen = TypeGen::new(btf.unwrap_or(&empty));
    let mut sections = Vec::new();
    let mut maps = Vec::new();
    for m in &spec.maps {
        if m.is_data() {
            sections.extend(sections::section(m, &mut gen));
            continue;
        }
        maps.push(MapModel {
            c_name: m.name.clone(),
            field: sanitize(&m.name),
            constant: upper(&m.name),
            type_name: m.map_type.to_string(),
            handle: maps::handle(m, btf, &mut gen),
        });
    }
    maps::apply_events(&mut maps, events, &mut gen)?;
    for t in extra_types {
        gen.request_named(t).map_err(|source| SkelError::Type {
            name: t.clone(),
            source,
        })?;
    }
    let progs = spec
        .programs
        .iter()
        .map(|p| ProgModel::new(p, sanitize(&p.name)))
        .collect::<Vec<_>>();
    let struct_ops: Vec<StructOpsModel> = spec
        .struct_ops_vars
        .iter()
        .map(|v| StructOpsModel {
            c_name: v.name.clone(),
            field: sanitize(&v.name),
            constant: upper(&v.name),
            struct_name: v.struct_name.clone(),
        })
        .collect();
    let non_snake = !is_snake(&module)
        || maps.iter().any(|m| !is_snake(&m.field))
        || progs.iter().any(|p| !is_snake(&p.field))
        || sections.iter().any(|s| !is_snake(&s.field))
        || struct_ops.iter().any(|s| !is_snake(&s.field));
    let underscore_fields = maps.iter().any(|m| m.field.starts_with('_'))
        || progs.iter().any(|p| p.field.starts_with('_'))
        || struct_ops.iter().any(|s| s.field.starts_with('_'));
    let model = SkelModel {
        non_snake,
        underscore_fields,
        camel: camel(&module),
        module,
        file_name: file_name.to_string(),
        names: NamesModel::new(spec, btf)?,
        maps: sorted(maps, |m| &m.field, |m| &m.c_name, "map")?,
        progs: sorted(progs, |p| &p.field, |p| &p.c_name, "program")?,
        sections: sorted(sections, |s| &s.field, |s| &s.section, "data section")?,
        struct_ops: sorted(
            struct_ops,
            |s| &s.field,
            |s| &s.c_name,
            "struct_ops variable",
        )?,
        types: gen.emit_module(),
    };
    Ok(model)
}

/// `items` sorted by Rust name; two items with one Rust name are an error.
fn sorted<T>(
    mut items: Vec<T>,
    rust: impl Fn(&T) -> &String,
    c: impl Fn(&T) -> &String,
    what: &'static str,
) -> Result<Vec<T>, SkelError> {
    items.sort_by(|a, b| rust(a).cmp(rust(b)).then_with(|| c(a).cmp(c(b))));
    for pair in items.windows(2) {
        if rust(&pair[0]) == rust(&pair[1]) {
            return Err(SkelError::Collision {
                what,
                first: c(&pair[0]).clone(),
                second: c(&pair[1]).clone(),
                rust: rust(&pair[0]).clone(),
            });
        }
    }
    Ok(items)
}
