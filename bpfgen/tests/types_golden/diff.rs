//! A small line diff for golden mismatches (longest common subsequence).

/// `-`/`+` lines (old/new line numbers) with two lines of context.
pub fn lines(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let ops = edits(&a, &b);
    render(&ops)
}

/// `(op, line, line number)` with op `' '`, `'-'` or `'+'`, deletions first.
fn edits<'s>(a: &[&'s str], b: &[&'s str]) -> Vec<(char, &'s str, usize)> {
    // lcs[i][j] = LCS length of a[i..] and b[j..].
    let mut lcs = vec![vec![0u32; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut ops = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            ops.push((' ', a[i], i + 1));
            i += 1;
            j += 1;
        } else if i < a.len() && (j == b.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            ops.push(('-', a[i], i + 1));
            i += 1;
        } else {
            ops.push(('+', b[j], j + 1));
            j += 1;
        }
    }
    ops
}

/// Changed lines with two lines of context, at most 200 lines.
fn render(ops: &[(char, &str, usize)]) -> String {
    let near_change = |k: usize| {
        let lo = k.saturating_sub(2);
        let hi = (k + 3).min(ops.len());
        ops[lo..hi].iter().any(|(c, _, _)| *c != ' ')
    };
    let mut out = String::new();
    let mut shown = 0;
    let mut skipped = false;
    for (k, (c, line, n)) in ops.iter().enumerate() {
        if !near_change(k) {
            skipped = true;
            continue;
        }
        if skipped {
            out.push_str("@@\n");
            skipped = false;
        }
        out.push_str(&format!("{c}{n:5} {line}\n"));
        shown += 1;
        if shown == 200 {
            out.push_str("… (diff truncated)\n");
            break;
        }
    }
    out
}

#[test]
fn shows_changes_with_context() {
    let d = lines("a\nb\nc\nd\ne\nf\ng\n", "a\nb\nc\nX\ne\nf\ng\n");
    assert_eq!(
        d,
        "@@\n     2 b\n     3 c\n-    4 d\n+    4 X\n     5 e\n     6 f\n"
    );
}
