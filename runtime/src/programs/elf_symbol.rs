//! Where a function of an ELF binary lives in the file: what a uprobe needs (the kernel
//! places uprobes by file offset).

use std::path::Path;

use object::{Object, ObjectSegment, ObjectSymbol, SymbolKind};

/// The file offset of function `name` in the ELF file `binary`, looked up in the symbol
/// table, then the dynamic symbol table, and mapped through the loadable segment that
/// holds its address.
pub(crate) fn function_file_offset(binary: &Path, name: &str) -> Result<u64, String> {
    let data = std::fs::read(binary).map_err(|e| format!("{}: {e}", binary.display()))?;
    let file = object::File::parse(&*data).map_err(|e| format!("{}: {e}", binary.display()))?;
    let address = file
        .symbols()
        .chain(file.dynamic_symbols())
        .find(|s| s.kind() == SymbolKind::Text && s.address() != 0 && s.name() == Ok(name))
        .map(|s| s.address())
        .ok_or_else(|| format!("{}: no function `{name}`", binary.display()))?;
    file.segments()
        .find_map(|seg| {
            let (start, size) = (seg.address(), seg.size());
            let (file_off, file_size) = seg.file_range();
            (address >= start && address - start < size.min(file_size))
                .then(|| address - start + file_off)
        })
        .ok_or_else(|| {
            format!(
                "{}: function `{name}` (address {address:#x}) is in no loadable segment",
                binary.display()
            )
        })
}

#[cfg(test)]
mod tests {
    use super::function_file_offset;
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
    }
}
