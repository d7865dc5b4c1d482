//! The runtime's modules depend on each other one way, along the pipeline
//! (docs/architecture.md): each top-level module of `runtime/src` may use only modules of
//! a lower layer. Read from the sources (`crate::…` paths outside test code); names the
//! crate root re-exports count as their defining module. `error` (the crate-level
//! `Error` that aggregates every area's error) belongs to the root façade and is not a
//! layer.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom up. A module may use modules of lower layers only.
const LAYERS: &[&[&str]] = &[
    &["abi", "pod", "glob"],
    &["sys", "obj"],
    &["prepare"],
    &["load"],
    &["attach"],
    &["maps"],
    &["skel"],
    &["testing"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `text` without `#[cfg(test)]` items and comment lines.
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("#[cfg(test)]") {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        // Skip to the end of the item: its `;` or its balanced `{ … }`.
        let mut depth = 0usize;
        let mut end = item.len();
        for (i, c) in item.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = i + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        rest = &item[end..];
    }
    out.push_str(rest);
    out.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Root re-exports (`pub use load::{Program, …};` in lib.rs): name → defining module.
fn root_exports() -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("lib.rs");
    let mut out = BTreeMap::new();
    for stmt in lib.split(';') {
        // Statements may carry attributes (`#[cfg(feature = "loader")]`) before them.
        let Some(path) = stmt
            .find("pub use ")
            .map(|at| &stmt[at + "pub use ".len()..])
        else {
            continue;
        };
        let module = path.split("::").next().unwrap_or("").trim().to_string();
        let names = path
            .rsplit("::")
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| c == '{' || c == '}' || c.is_whitespace());
        for name in names.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            out.insert(name.to_string(), module.clone());
        }
    }
    out
}

/// The top-level modules `code` names through `crate::` / `$crate::` paths.
fn used_modules(code: &str, exports: &BTreeMap<String, String>) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let mut add = |name: &str| {
        let module = exports.get(name).map_or(name, String::as_str);
        used.insert(module.to_string());
    };
    for (at, _) in code.match_indices("crate::") {
        let after = &code[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let group = &group[..group.find('}').unwrap_or(group.len())];
            for item in group.split(',') {
                let head = item.trim().split("::").next().unwrap_or("").trim();
                if !head.is_empty() {
                    add(head);
                }
            }
        } else {
            let head: String = after
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !head.is_empty() {
                add(&head);
            }
        }
    }
    used
}

#[test]
fn modules_depend_only_on_lower_layers() {
    let exports = root_exports();
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut violations = Vec::new();
    let mut checked = 0;
    for file in files {
        let rel = file.strip_prefix(src()).expect("under src");
        let top = rel
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .unwrap_or("")
            .trim_end_matches(".rs")
            .to_string();
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if top == "lib" || top == "error" || name.contains("test") {
            continue;
        }
        let Some(own) = layer_of(&top) else {
            violations.push(format!("{}: module `{top}` is in no layer", rel.display()));
            continue;
        };
        let code = without_tests(&std::fs::read_to_string(&file).expect("read source"));
        for used in used_modules(&code, &exports) {
            if used == top || used == "error" {
                continue;
            }
            match layer_of(&used) {
                Some(l) if l < own => {}
                _ => violations.push(format!("{} ({top}) uses `{used}`", rel.display())),
            }
        }
        checked += 1;
    }
    assert!(checked > 100, "only {checked} files read");
    assert!(
        violations.is_empty(),
        "dependencies against the pipeline:\n{}",
        violations.join("\n")
    );
}
