//! Kernel symbol addresses from `/proc/kallsyms`, for typeless `.ksyms` externs.

use std::collections::HashMap;
use std::sync::OnceLock;

fn parse(text: &str) -> HashMap<String, u64> {
    let mut out = HashMap::new();
    for line in text.lines() {
        let mut it = line.split_whitespace();
        let (Some(addr), Some(_kind), Some(name)) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        if let Ok(a) = u64::from_str_radix(addr, 16) {
            // First definition wins, like libbpf.
            out.entry(name.to_string()).or_insert(a);
        }
    }
    out
}

/// The address of kernel symbol `name` (None when absent or kallsyms is unreadable).
pub fn kallsyms_address(name: &str) -> Option<u64> {
    static SYMS: OnceLock<HashMap<String, u64>> = OnceLock::new();
    SYMS.get_or_init(|| {
        std::fs::read_to_string("/proc/kallsyms")
            .map(|t| parse(&t))
            .unwrap_or_default()
    })
    .get(name)
    .copied()
}

#[cfg(test)]
mod tests {
    #[test]
    fn parses_lines() {
        let m = super::parse("ffffffff81000000 T _text\nffffffff81000010 t foo\t[mod]\nbad line\n");
        assert_eq!(m.get("_text"), Some(&0xffff_ffff_8100_0000));
        assert_eq!(m.get("foo"), Some(&0xffff_ffff_8100_0010));
    }
}
