//! Kernel symbol addresses from `/proc/kallsyms`, for typeless `.ksyms` externs and the
//! kprobe side of `kernel_function_exists`.
//!
//! The file (over 100,000 lines, several MB of text) is streamed once per process into a
//! compact index: a 64-bit hash of each name with its address, sorted, 16 bytes a symbol
//! and no strings kept. Two names sharing a 64-bit FNV-1a hash among the kernel's
//! symbols is a chance of about 1 in 10^9, which this accepts.

use std::io::{BufRead, BufReader};
use std::sync::OnceLock;

/// FNV-1a over the name.
fn hash(name: &[u8]) -> u64 {
    name.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// (name hash, address), sorted by hash; the first definition of a name wins, like
/// libbpf.
fn index(lines: impl Iterator<Item = Vec<u8>>) -> Vec<(u64, u64)> {
    let mut out: Vec<(u64, u64, usize)> = Vec::new();
    for (n, line) in lines.enumerate() {
        let mut it = line
            .split(|b| b.is_ascii_whitespace())
            .filter(|f| !f.is_empty());
        let (Some(addr), Some(_kind), Some(name)) = (it.next(), it.next(), it.next()) else {
            continue;
        };
        let Some(addr) = std::str::from_utf8(addr)
            .ok()
            .and_then(|a| u64::from_str_radix(a, 16).ok())
        else {
            continue;
        };
        out.push((hash(name), addr, n));
    }
    // By hash, then line: the first line of a duplicated name comes first and is kept.
    out.sort_unstable_by_key(|&(h, _, n)| (h, n));
    out.dedup_by_key(|e| e.0);
    out.into_iter().map(|(h, a, _)| (h, a)).collect()
}

/// The address of kernel symbol `name` (None when absent or kallsyms is unreadable).
pub fn kallsyms_address(name: &str) -> Option<u64> {
    static SYMS: OnceLock<Vec<(u64, u64)>> = OnceLock::new();
    let syms = SYMS.get_or_init(|| {
        let Ok(file) = std::fs::File::open("/proc/kallsyms") else {
            return Vec::new();
        };
        index(
            BufReader::with_capacity(1 << 16, file)
                .split(b'\n')
                .map_while(Result::ok),
        )
    });
    let h = hash(name.as_bytes());
    syms.binary_search_by_key(&h, |e| e.0)
        .ok()
        .map(|i| syms[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_lines_first_definition_wins() {
        let text = "ffffffff81000000 T _text\nffffffff81000010 t foo\t[mod]\nbad line\n\
                    ffffffff81000020 t foo\n";
        let idx = index(text.lines().map(|l| l.as_bytes().to_vec()));
        let find = |n: &str| {
            idx.binary_search_by_key(&hash(n.as_bytes()), |e| e.0)
                .ok()
                .map(|i| idx[i].1)
        };
        assert_eq!(find("_text"), Some(0xffff_ffff_8100_0000));
        assert_eq!(find("foo"), Some(0xffff_ffff_8100_0010));
        assert_eq!(find("bar"), None);
        assert_eq!(idx.len(), 2);
    }
}
