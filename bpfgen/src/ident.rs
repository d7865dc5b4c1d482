//! Names in generated skeletons: the C → Rust rules of [`crate::types`]
//! (keyword escaping, odd characters) plus the case conversions the skeleton
//! needs (`minimal` → `Minimal`, `calls_by_pid` → `CALLS_BY_PID`).

pub(crate) use crate::types::ident::{ident, sanitize};

/// `snake_case` (or any sanitized name) → `CamelCase`: `many_progs` →
/// `ManyProgs`, `test_XDP` → `TestXDP`. The input must start with a letter.
pub(crate) fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for part in name.split('_').filter(|p| !p.is_empty()) {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    out
}

/// A sanitized name → `UPPER_SNAKE` for constants: `calls_by_pid` →
/// `CALLS_BY_PID`, `.data.custom` → `DATA_CUSTOM`, `fooBar` → `FOOBAR`.
/// Leading underscores are kept (`__x` → `__X`), a leading digit gets `_`
/// and keywords get their trailing `_` first (`type` → `TYPE_`).
pub(crate) fn upper(name: &str) -> String {
    sanitize(name.trim_start_matches('.')).to_ascii_uppercase()
}

/// rustc's `non_snake_case` rule: no uppercase letter and no `__` once
/// leading and trailing underscores are trimmed.
pub(crate) fn is_snake(name: &str) -> bool {
    let core = name.trim_matches('_');
    !core.contains("__") && !core.chars().any(|c| c.is_ascii_uppercase())
}

/// The skeleton's module name for an object file name or a user-given name:
/// `minimal.bpf.o` → `minimal`, `test-xdp.o` → `test_xdp`. A name that does
/// not start with a letter gets a `skel_` prefix (`9lives` → `skel_9lives`),
/// so the CamelCase type names stay valid.
pub(crate) fn module_name(raw: &str) -> String {
    let s = sanitize(raw).to_ascii_lowercase();
    if s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        sanitize(&s)
    } else {
        format!("skel_{}", s.trim_start_matches('_'))
    }
}

/// The name a skeleton gets from its object's file name: the file name
/// without `.o` and then without `.bpf` (`minimal.bpf.o` → `minimal`).
pub(crate) fn stem(file_name: &str) -> &str {
    let s = file_name.strip_suffix(".o").unwrap_or(file_name);
    s.strip_suffix(".bpf").unwrap_or(s)
}

/// The accessor name of a data section: `.rodata` → `rodata`,
/// `.data.custom` → `data_custom`, `.bss.My-Sec` → `bss_my_sec`.
pub(crate) fn section_field(section: &str) -> String {
    sanitize(&section.trim_start_matches('.').to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases() {
        assert_eq!(camel("minimal"), "Minimal");
        assert_eq!(camel("many_progs"), "ManyProgs");
        assert_eq!(camel("a__b"), "AB");
        assert_eq!(upper("calls_by_pid"), "CALLS_BY_PID");
        assert_eq!(upper(".data.custom"), "DATA_CUSTOM");
        assert_eq!(upper("type"), "TYPE_");
        assert_eq!(module_name("minimal"), "minimal");
        assert_eq!(module_name("test-xdp"), "test_xdp");
        assert_eq!(module_name("Test_XDP"), "test_xdp");
        assert_eq!(module_name("9lives"), "skel_9lives");
        assert_eq!(module_name("_x"), "skel_x");
        assert_eq!(module_name("type"), "type_");
        assert_eq!(stem("minimal.bpf.o"), "minimal");
        assert_eq!(stem("x.o"), "x");
        assert_eq!(stem("x"), "x");
        assert_eq!(section_field(".rodata"), "rodata");
        assert_eq!(section_field(".data.custom"), "data_custom");
        assert_eq!(section_field(".bss.My-Sec"), "bss_my_sec");
        assert!(is_snake("calls_by_pid") && is_snake("__x_") && is_snake("a1"));
        assert!(!is_snake("btf__core") && !is_snake("_tc_progA"));
    }
}
