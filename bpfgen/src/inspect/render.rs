//! Text and JSON renderings of an [`Inspection`].

use std::fmt::Write;

use serde_json::{json, Value};

use super::model::Inspection;

/// Human-readable tables.
pub fn to_text(i: &Inspection) -> String {
    let mut s = String::new();
    let btf = i
        .btf_types
        .map_or_else(|| "none".to_string(), |n| format!("{n} types"));
    let _ = writeln!(s, "object:  {}", i.file);
    let _ = writeln!(
        s,
        "license: {}   byte order: {}   BTF: {}   BTF.ext: {}",
        if i.license.is_empty() {
            "(none)"
        } else {
            &i.license
        },
        if i.big_endian {
            "big-endian"
        } else {
            "little-endian"
        },
        btf,
        if i.has_btf_ext { "yes" } else { "no" }
    );
    let _ = writeln!(s, "\nprograms ({}):", i.programs.len());
    let _ = writeln!(
        s,
        "  {:<28} {:<40} {:<16} {:>6}  autoload",
        "name", "section", "kind", "insns"
    );
    for p in &i.programs {
        let _ = writeln!(
            s,
            "  {:<28} {:<40} {:<16} {:>6}  {}",
            p.name,
            p.section,
            p.kind,
            p.insns,
            if p.autoload { "yes" } else { "no" }
        );
    }
    let _ = writeln!(s, "\nmaps ({}):", i.maps.len());
    let _ = writeln!(
        s,
        "  {:<20} {:<16} {:<24} {:<28} {:>11}  {:<8} init",
        "name", "type", "key", "value", "max_entries", "pinning"
    );
    for m in &i.maps {
        let _ = writeln!(
            s,
            "  {:<20} {:<16} {:<24} {:<28} {:>11}  {:<8} {}",
            m.name,
            m.map_type,
            format!("{} ({}B)", m.key_type, m.key_size),
            format!("{} ({}B)", m.value_type, m.value_size),
            m.max_entries,
            m.pinning,
            if m.has_initial_value { "yes" } else { "no" }
        );
    }
    let _ = writeln!(s, "\nglobals ({}):", i.globals.len());
    for g in &i.globals {
        let _ = writeln!(
            s,
            "  {:<16} {:<24} {:<24} offset {:>5} size {:>5}{}",
            g.section,
            g.name,
            g.type_name,
            g.offset,
            g.size,
            if g.is_static { "  (static)" } else { "" }
        );
    }
    let _ = writeln!(s, "\nexterns ({}):", i.externs.len());
    for (name, kind, weak) in &i.externs {
        let _ = writeln!(
            s,
            "  {name:<32} {kind}{}",
            if *weak { " (weak)" } else { "" }
        );
    }
    for w in &i.warnings {
        let _ = writeln!(s, "\nwarning: {w}");
    }
    s
}

/// Machine-readable JSON (stable key names).
pub fn to_json(i: &Inspection) -> Value {
    json!({
        "file": i.file,
        "license": i.license,
        "big_endian": i.big_endian,
        "btf_types": i.btf_types,
        "has_btf_ext": i.has_btf_ext,
        "programs": i.programs.iter().map(|p| json!({
            "name": p.name, "section": p.section, "kind": p.kind,
            "insns": p.insns, "autoload": p.autoload,
        })).collect::<Vec<_>>(),
        "maps": i.maps.iter().map(|m| json!({
            "name": m.name, "type": m.map_type,
            "key_type": m.key_type, "key_size": m.key_size,
            "value_type": m.value_type, "value_size": m.value_size,
            "max_entries": m.max_entries, "pinning": m.pinning,
            "has_initial_value": m.has_initial_value,
        })).collect::<Vec<_>>(),
        "globals": i.globals.iter().map(|g| json!({
            "section": g.section, "name": g.name, "type": g.type_name,
            "offset": g.offset, "size": g.size, "static": g.is_static,
        })).collect::<Vec<_>>(),
        "externs": i.externs.iter().map(|(n, k, w)| json!({
            "name": n, "kind": k, "weak": w,
        })).collect::<Vec<_>>(),
        "warnings": i.warnings,
    })
}
