//! NUL-terminated strings in string tables: ELF `.strtab` / `.shstrtab` and BTF strings.

/// The bytes at `off` up to the next NUL; `None` when `off` is out of range or the string
/// is unterminated. A plain byte scan: names are short (and `object`'s lookup goes through
/// `memchr`, whose first call probes the CPU, which is slow in a VM).
pub(crate) fn c_str_at(table: &[u8], off: usize) -> Option<&[u8]> {
    let tail = table.get(off..)?;
    tail.get(..tail.iter().position(|&b| b == 0)?)
}
