//! `-f` filters: `OBJ_GLOB[/PROG_GLOB]`, a leading `!` excludes.

/// One filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    negate: bool,
    object: String,
    program: Option<String>,
}

impl Filter {
    /// Parses `[!]OBJ_GLOB[/PROG_GLOB]` (`*` and `?` wildcards).
    pub fn parse(s: &str) -> Filter {
        let (negate, rest) = match s.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (object, program) = match rest.split_once('/') {
            Some((o, p)) => (o.to_string(), Some(p.to_string())),
            None => (rest.to_string(), None),
        };
        Filter {
            negate,
            object,
            program,
        }
    }

    fn matches(&self, file: &str, prog: Option<&str>) -> bool {
        let obj_ok =
            glob(&self.object, file) || glob(&self.object, file.trim_end_matches(".bpf.o"));
        match (&self.program, prog) {
            (Some(p), Some(prog)) => obj_ok && glob(p, prog),
            _ => obj_ok,
        }
    }

    /// Applies a filter list like veristat: any positive filter must match (if there are
    /// any), and no negative filter may match.
    pub fn allows(filters: &[Filter], file: &str, prog: Option<&str>) -> bool {
        let mut positives = filters.iter().filter(|f| !f.negate).peekable();
        let allowed = positives.peek().is_none() || positives.any(|f| f.matches(file, prog));
        // A negative object-only filter excludes the whole object; a negative
        // object/program filter only excludes matching programs.
        let denied = filters
            .iter()
            .filter(|f| f.negate)
            .any(|f| (prog.is_some() || f.program.is_none()) && f.matches(file, prog));
        allowed && !denied
    }
}

/// `*`/`?` glob matching (iterative, no backtracking blow-up).
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == t[ti]) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::{glob, Filter};

    #[test]
    fn globs() {
        assert!(glob("*", "anything"));
        assert!(glob("pyperf*", "pyperf600.bpf.o"));
        assert!(glob("a?c", "abc"));
        assert!(!glob("a?c", "abbc"));
        assert!(glob("*bpf.o", "x.bpf.o"));
    }

    #[test]
    fn filters() {
        let f = [Filter::parse("tail_*/tail_a")];
        assert!(Filter::allows(&f, "tail_calls.bpf.o", Some("tail_a")));
        assert!(!Filter::allows(&f, "tail_calls.bpf.o", Some("tail_b")));
        assert!(
            Filter::allows(&f, "tail_calls.bpf.o", None),
            "object is visited"
        );
        let f = [Filter::parse("!*/tail_b")];
        assert!(Filter::allows(&f, "tail_calls.bpf.o", Some("tail_a")));
        assert!(!Filter::allows(&f, "tail_calls.bpf.o", Some("tail_b")));
        assert!(
            Filter::allows(&f, "tail_calls.bpf.o", None),
            "object still visited"
        );
        let f = [Filter::parse("!tail_calls")];
        assert!(!Filter::allows(&f, "tail_calls.bpf.o", None));
        let f = [Filter::parse("tail_calls")];
        assert!(Filter::allows(&f, "tail_calls.bpf.o", Some("x")));
        assert!(!Filter::allows(&f, "other.bpf.o", Some("x")));
    }
}
