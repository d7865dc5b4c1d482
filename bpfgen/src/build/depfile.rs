//! Reading clang's `-MD` depfile (make syntax) for `cargo:rerun-if-changed`.

/// The prerequisites of the first rule in `text`: `out.o: a.c b.h \` …
/// Handles line continuations, `\ ` (escaped spaces), `$$` and `\#`.
pub(crate) fn prerequisites(text: &str) -> Vec<String> {
    let joined = text.replace("\\\r\n", " ").replace("\\\n", " ");
    let Some(line) = joined.lines().find(|l| !l.trim().is_empty()) else {
        return Vec::new();
    };
    let Some(rest) = rule_body(line) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some(' ' | '#' | '\\')) => {
                cur.extend(chars.next());
            }
            '$' if chars.peek() == Some(&'$') => {
                chars.next();
                cur.push('$');
            }
            c if c.is_whitespace() => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// What follows the target's `:` (targets may hold escaped spaces; a `:`
/// followed by `\` is a Windows drive letter, not the separator).
fn rule_body(line: &str) -> Option<&str> {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b':' if bytes.get(i + 1).map_or(true, |b| *b == b' ' || *b == b'\t') => {
                return line.get(i + 1..);
            }
            _ => i += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::prerequisites;

    #[test]
    fn clang_depfile() {
        let text = "/out/minimal.bpf.o: src/minimal.bpf.c /usr/include/linux/bpf.h \\\n  \
                    /usr/include/bpf/bpf_helpers.h my\\ dir/x.h cost$$.h\n";
        assert_eq!(
            prerequisites(text),
            [
                "src/minimal.bpf.c",
                "/usr/include/linux/bpf.h",
                "/usr/include/bpf/bpf_helpers.h",
                "my dir/x.h",
                "cost$.h",
            ]
        );
    }

    #[test]
    fn odd_inputs() {
        assert!(prerequisites("").is_empty());
        assert!(prerequisites("no rule here").is_empty());
        assert_eq!(prerequisites("a\\ b.o: c.c"), ["c.c"]);
        assert_eq!(prerequisites("x.o:"), Vec::<String>::new());
    }
}
