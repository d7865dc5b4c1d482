//! Where the functions of an ELF binary live in the file: what uprobes need (the kernel
//! places them by file offset).

use std::path::Path;

use object::{Object, ObjectSegment, ObjectSymbol, SymbolKind};

use crate::glob::glob_match;

/// The file offset of function `name` in the ELF file `binary`, looked up in the symbol
/// table, then the dynamic symbol table, and mapped through the loadable segment that
/// holds its address.
pub(crate) fn function_file_offset(binary: &Path, name: &str) -> Result<u64, String> {
    let found = functions_where(binary, |n| n == name)?;
    let (_, offset) = found
        .into_iter()
        .next()
        .ok_or_else(|| format!("{}: no function `{name}`", binary.display()))?;
    offset
}

/// The functions of `binary` whose names match the glob `pattern` (libbpf's
/// `uprobe.multi/<binary>:<pattern>`), with their file offsets, one per address (aliases
/// such as `getpid` and `__getpid` are one function).
pub(crate) fn functions_matching(
    binary: &Path,
    pattern: &str,
) -> Result<Vec<(String, u64)>, String> {
    let mut out = Vec::new();
    for (name, offset) in functions_where(binary, |n| glob_match(pattern, n))? {
        let offset = offset?;
        if !out.iter().any(|(_, o)| *o == offset) {
            out.push((name, offset));
        }
    }
    if out.is_empty() {
        return Err(format!(
            "{}: no function matches `{pattern}`",
            binary.display()
        ));
    }
    Ok(out)
}

/// The loadable segments of an ELF file: where a virtual address is in the file (what
/// uprobes are placed by).
pub(crate) struct LoadSegments(Vec<(u64, u64, u64)>);

impl LoadSegments {
    /// From `(address, size in memory, size in the file, file offset)` per segment; only
    /// the part backed by the file counts.
    pub(crate) fn new(segments: impl Iterator<Item = (u64, u64, u64, u64)>) -> LoadSegments {
        LoadSegments(
            segments
                .map(|(address, mem, file, offset)| (address, mem.min(file), offset))
                .collect(),
        )
    }

    /// The file offset of virtual address `address`.
    pub(crate) fn file_offset(&self, address: u64) -> Option<u64> {
        self.0
            .iter()
            .find(|(start, size, _)| address >= *start && address - start < *size)
            .map(|(start, _, file_off)| address - start + file_off)
    }
}

/// A function's name and its file offset (or why it has none).
type Found = (String, Result<u64, String>);

/// Every defined function of `binary` (symbol table, then dynamic symbols) whose name
/// `wanted` accepts, with its file offset or why it has none.
fn functions_where(binary: &Path, wanted: impl Fn(&str) -> bool) -> Result<Vec<Found>, String> {
    let data = std::fs::read(binary).map_err(|e| format!("{}: {e}", binary.display()))?;
    let file = object::File::parse(&*data).map_err(|e| format!("{}: {e}", binary.display()))?;
    let segments = LoadSegments::new(file.segments().map(|seg| {
        let (file_off, file_size) = seg.file_range();
        (seg.address(), seg.size(), file_size, file_off)
    }));
    let offset_of = |name: &str, address: u64| {
        segments.file_offset(address).ok_or_else(|| {
            format!(
                "{}: function `{name}` (address {address:#x}) is in no loadable segment",
                binary.display()
            )
        })
    };
    Ok(file
        .symbols()
        .chain(file.dynamic_symbols())
        .filter(|s| s.kind() == SymbolKind::Text && s.address() != 0)
        .filter_map(|s| {
            let name = s.name().ok().filter(|n| wanted(n))?;
            Some((name.to_string(), offset_of(name, s.address())))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::{function_file_offset, functions_matching};
    use std::path::Path;

    #[test]
    fn finds_functions_and_explains_misses() {
        // The test binary's own entry point; the uprobe kernel tests check real offsets.
        let exe = std::env::current_exe().expect("exe");
        let main = function_file_offset(&exe, "main").expect("main");
        let len = std::fs::metadata(&exe).expect("stat").len();
        assert!(
            main > 0 && main < len,
            "a file offset, not a virtual address"
        );
        let err = function_file_offset(&exe, "bpfgen_no_such_function").expect_err("absent");
        assert!(
            err.contains("no function `bpfgen_no_such_function`"),
            "{err}"
        );
        let err = function_file_offset(Path::new("/nonexistent"), "f").expect_err("no file");
        assert!(err.contains("/nonexistent"), "{err}");
        // A relocatable object has functions but no loadable segments.
        let obj = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/many_progs.bpf.o");
        let err = function_file_offset(&obj, "count_b").expect_err("not loadable");
        assert!(err.contains("no loadable segment"), "{err}");
        // Globs: `main` alone, and a miss that names the pattern.
        let found = functions_matching(&exe, "mai?").expect("main");
        assert!(
            found.iter().any(|(n, o)| n == "main" && *o == main),
            "{found:?}"
        );
        let err = functions_matching(&exe, "bpfgen_nothing_*").expect_err("no match");
        assert!(
            err.contains("no function matches `bpfgen_nothing_*`"),
            "{err}"
        );
    }
}
