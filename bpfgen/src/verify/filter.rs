//! `-f` filters: `OBJ_GLOB[/PROG_GLOB]`, a leading `!` excludes.

use bpfgen_runtime::glob::glob_match;

/// One filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    negate: bool,
    object: Pattern,
    program: Option<Pattern>,
}

/// A glob, or — the common case, e.g. a long `@file` list of exact names — a literal
/// compared without any matching machinery.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Pattern {
    text: String,
    wild: bool,
}

impl Pattern {
    fn new(text: &str) -> Pattern {
        Pattern {
            text: text.to_string(),
            wild: text.contains(['*', '?']),
        }
    }

    fn matches(&self, text: &str) -> bool {
        if self.wild {
            glob_match(&self.text, text)
        } else {
            self.text == text
        }
    }
}

impl Filter {
    /// Parses `[!]OBJ_GLOB[/PROG_GLOB]` (`*` and `?` wildcards).
    pub fn parse(s: &str) -> Filter {
        let (negate, rest) = match s.strip_prefix('!') {
            Some(r) => (true, r),
            None => (false, s),
        };
        let (object, program) = match rest.split_once('/') {
            Some((o, p)) => (o, Some(Pattern::new(p))),
            None => (rest, None),
        };
        Filter {
            negate,
            object: Pattern::new(object),
            program,
        }
    }

    fn matches(&self, file: &str, prog: Option<&str>) -> bool {
        let obj_ok = self.object.matches(file)
            || file
                .strip_suffix(".bpf.o")
                .is_some_and(|stem| self.object.matches(stem));
        match (&self.program, prog) {
            (Some(p), Some(prog)) => obj_ok && p.matches(prog),
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

#[cfg(test)]
mod tests {
    use super::Filter;

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
        let f = [Filter::parse("!tail_calls.bpf.o/tail_b")];
        assert!(
            !Filter::allows(&f, "tail_calls.bpf.o", Some("tail_b")),
            "literal"
        );
        assert!(Filter::allows(&f, "tail_calls.bpf.o", Some("tail_bb")));
    }
}
