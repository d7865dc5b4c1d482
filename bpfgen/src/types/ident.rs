//! Turning C names into Rust identifiers: keyword escaping, primitive
//! shadowing, DATASEC struct names and per-scope uniqueness.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Span};

/// Strict, reserved and edition-dependent Rust keywords (plus `union`, which
/// is contextual but confusing as a name). C allows all of them as names.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Names that a generated type must not take: a type called `u32` in the
/// `types` module would shadow the primitive for every other declaration, and
/// the bitfield helpers live in the value namespace next to tuple structs.
const RESERVED_TYPE_NAMES: &[&str] = &[
    "bool",
    "char",
    "str",
    "u8",
    "u16",
    "u32",
    "u64",
    "u128",
    "usize",
    "i8",
    "i16",
    "i32",
    "i64",
    "i128",
    "isize",
    "f16",
    "f32",
    "f64",
    "f128",
    "__bitfield_get",
    "__bitfield_get_signed",
    "__bitfield_set",
];

/// A valid, non-keyword Rust identifier for a C name: characters outside
/// `[A-Za-z0-9_]` become `_`, a leading digit gets a `_` prefix, an empty name
/// becomes `anon`, and keywords (including `self`, `Self`, `super`, `crate`,
/// which cannot be raw identifiers) and `_` get a trailing `_`.
pub(crate) fn sanitize(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if s.is_empty() {
        s.push_str("anon");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    if s == "_" || KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// Like [`sanitize`], and also steps around primitive type names.
pub(crate) fn sanitize_type(name: &str) -> String {
    let mut s = sanitize(name);
    if RESERVED_TYPE_NAMES.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// The Rust struct name of a DATASEC, in the spirit of bpftool's skeleton
/// names: `.rodata` → `Rodata`, `.data.custom` → `DataCustom`, `.bss` → `Bss`.
pub(crate) fn datasec_struct_name(section: &str) -> String {
    let mut out = String::new();
    for part in section.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() {
        out.push_str("Section");
    }
    sanitize_type(&out)
}

/// An identifier token for an already sanitized name.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// One naming scope (the `types` module, the fields of a struct, the consts
/// of an enum, the methods of a type): hands out unique names.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope with `names` already taken.
    pub(crate) fn with_taken<'n>(names: impl IntoIterator<Item = &'n str>) -> Scope {
        Scope {
            taken: names.into_iter().map(str::to_string).collect(),
        }
    }

    /// Claims `base`, or `base_2`, `base_3`, … if it is taken.
    pub(crate) fn claim(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        let mut n = 2u32;
        while self.taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.taken.insert(name.clone());
        name
    }

    /// Claims `base`, appending `_` until it is free (used for generated field
    /// and method names, so `__pad_8` stays recognisable).
    pub(crate) fn claim_suffixed(&mut self, base: &str) -> String {
        let mut name = base.to_string();
        while self.taken.contains(&name) {
            name.push('_');
        }
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_odd_characters() {
        assert_eq!(sanitize("type"), "type_");
        assert_eq!(sanitize("self"), "self_");
        assert_eq!(sanitize("Self"), "Self_");
        assert_eq!(sanitize("crate"), "crate_");
        assert_eq!(sanitize("_"), "__");
        assert_eq!(sanitize("prog.local"), "prog_local");
        assert_eq!(sanitize("9lives"), "_9lives");
        assert_eq!(sanitize(""), "anon");
        assert_eq!(sanitize("u32"), "u32");
        assert_eq!(sanitize_type("u32"), "u32_");
        assert_eq!(sanitize_type("point"), "point");
    }

    #[test]
    fn datasec_names() {
        assert_eq!(datasec_struct_name(".rodata"), "Rodata");
        assert_eq!(datasec_struct_name(".data"), "Data");
        assert_eq!(datasec_struct_name(".bss"), "Bss");
        assert_eq!(datasec_struct_name(".data.custom"), "DataCustom");
        assert_eq!(datasec_struct_name(".rodata.custom"), "RodataCustom");
        assert_eq!(datasec_struct_name(".data.my_stuff"), "DataMyStuff");
        assert_eq!(datasec_struct_name(".kconfig"), "Kconfig");
        assert_eq!(datasec_struct_name("..."), "Section");
        assert_eq!(datasec_struct_name(".1x"), "_1x");
    }

    #[test]
    fn scopes() {
        let mut s = Scope::with_taken(["a"]);
        assert_eq!(s.claim("a"), "a_2");
        assert_eq!(s.claim("a"), "a_3");
        assert_eq!(s.claim("b"), "b");
        assert_eq!(s.claim_suffixed("b"), "b_");
        assert_eq!(s.claim_suffixed("b"), "b__");
    }
}
