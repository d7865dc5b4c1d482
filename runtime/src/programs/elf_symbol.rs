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
    use std::path::PathBuf;

    /// The C library this test process has mapped.
    fn libc_path() -> PathBuf {
        let maps = std::fs::read_to_string("/proc/self/maps").expect("maps");
        maps.lines()
            .filter_map(|l| l.split_whitespace().nth(5))
            .find(|p| p.contains("/libc.so") || p.contains("/libc-"))
            .map(PathBuf::from)
            .expect("libc is mapped")
    }

    #[test]
    fn finds_functions_in_the_c_library() {
        let libc = libc_path();
        let getppid = function_file_offset(&libc, "getppid").expect("getppid");
        let getpid = function_file_offset(&libc, "getpid").expect("getpid");
        assert!(getppid > 0 && getpid > 0 && getppid != getpid);
        let len = std::fs::metadata(&libc).expect("stat").len();
        assert!(getppid < len, "a file offset, not a virtual address");
        let err = function_file_offset(&libc, "bpfgen_no_such_function").expect_err("absent");
        assert!(
            err.contains("no function `bpfgen_no_such_function`"),
            "{err}"
        );
        let err =
            function_file_offset(std::path::Path::new("/nonexistent"), "f").expect_err("no file");
        assert!(err.contains("/nonexistent"), "{err}");
    }
}
