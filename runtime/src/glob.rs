//! `*` / `?` globs, as libbpf matches section targets (`kprobe.multi/do_*`,
//! `uprobe.multi/<binary>:<pattern>`) and as `bpfgen verify -f` matches names.

/// `*`/`?` glob matching (iterative, no backtracking blow-up, no allocation); `?` is one
/// character.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text);
    // Byte positions in `pattern` and `text`; `star` is the last `*` seen and `mark` the
    // text position it currently stands for.
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while let Some(c) = t[ti..].chars().next() {
        let pc = pattern[pi..].chars().next();
        if pc == Some('?') || pc == Some(c) {
            pi += pc.map_or(0, char::len_utf8);
            ti += c.len_utf8();
        } else if pc == Some('*') {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += t[mark..].chars().next().map_or(1, char::len_utf8);
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::glob_match;

    #[test]
    fn globs() {
        assert!(glob_match("*", "anything"));
        assert!(glob_match("pyperf*", "pyperf600.bpf.o"));
        assert!(glob_match("a?c", "abc"));
        assert!(!glob_match("a?c", "abbc"));
        assert!(glob_match("*bpf.o", "x.bpf.o"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxbyy"));
        assert!(
            glob_match("?ü*", "xüz"),
            "? and literals are whole characters"
        );
        assert!(!glob_match("abc", "ab"));
    }
}
