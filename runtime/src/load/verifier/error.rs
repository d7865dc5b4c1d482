//! A verifier rejection that names the program and section and points at the source line.

use std::fmt;

use crate::obj::btf::Btf;
use crate::prepare::template::TemplateLine;

/// Number of log lines shown by `Display`.
const LOG_TAIL_LINES: usize = 20;

/// A source location from line info.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceLine {
    /// Source file as recorded by clang.
    pub file: String,
    /// 1-based line number.
    pub line: u32,
    /// Column (0 when unknown).
    pub column: u32,
    /// The source text of the line.
    pub text: String,
    /// Instruction index the verifier failed at.
    pub insn: u32,
}

/// The kernel refused to load a program.
#[derive(Clone)]
pub struct VerifierError {
    /// Program name.
    pub program: String,
    /// Section the program came from.
    pub section: String,
    /// errno of `BPF_PROG_LOAD`.
    pub errno: i32,
    /// The failing source line, when line info and the log allow finding it.
    pub source_line: Option<SourceLine>,
    /// The complete verifier log (empty when the kernel wrote none, e.g. EPERM).
    pub log: String,
    /// Loader explanations, e.g. which CO-RE relocation a poisoned instruction stands for.
    pub notes: Vec<String>,
}

impl std::error::Error for VerifierError {}

impl fmt::Display for VerifierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "program `{}` (section `{}`) was rejected: {}",
            self.program,
            self.section,
            std::io::Error::from_raw_os_error(self.errno)
        )?;
        if let Some(l) = &self.source_line {
            write!(f, "\n  at {}:{}: {}", l.file, l.line, l.text.trim())?;
        }
        for n in &self.notes {
            write!(f, "\n  note: {}", n.replace('\n', "\n        "))?;
        }
        if self.log.trim().is_empty() {
            if self.errno == libc::EPERM {
                write!(f, "\n  (the kernel refused before verification; no log)")?;
            }
            return Ok(());
        }
        let lines: Vec<&str> = self.log.trim_end().lines().collect();
        let tail = &lines[lines.len().saturating_sub(LOG_TAIL_LINES)..];
        write!(f, "\n  verifier log (last {} lines):", tail.len())?;
        for l in tail {
            write!(f, "\n    {l}")?;
        }
        Ok(())
    }
}

/// The instruction index of the last instruction the verifier printed (`N: (op) ...`).
fn last_logged_insn(log: &str) -> Option<u32> {
    log.lines().rev().find_map(|line| {
        let (num, rest) = line.split_once(": ")?;
        if !rest.starts_with('(') {
            return None;
        }
        num.trim().parse().ok()
    })
}

/// Maps the verifier's failing instruction to its source line via line info.
pub(crate) fn failing_source_line(
    log: &str,
    lines: &[TemplateLine],
    btf: Option<&Btf>,
) -> Option<SourceLine> {
    let insn = last_logged_insn(log)?;
    let rec = lines.iter().rev().find(|l| l.insn <= insn)?;
    let btf = btf?;
    Some(SourceLine {
        file: btf.str_at(rec.file_name_off).unwrap_or("?").to_string(),
        line: rec.line_col >> 10,
        column: rec.line_col & 0x3ff,
        text: btf.str_at(rec.line_off).unwrap_or("").to_string(),
        insn,
    })
}

#[cfg(test)]
mod tests {
    use super::last_logged_insn;

    #[test]
    fn finds_the_last_instruction_line() {
        let log = "0: R1=ctx() R10=fp0\n0: (b7) r0 = 0\n; return x; @ a.c:3\n5: (61) r1 = *(u32 *)(r2 +0)\nR2 invalid mem access 'scalar'\nprocessed 6 insns\n";
        assert_eq!(last_logged_insn(log), Some(5));
        assert_eq!(last_logged_insn("nothing here"), None);
    }
}

debug_as_display!(VerifierError);
