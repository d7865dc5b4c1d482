//! `-C A.csv B.csv`: joins two result CSVs (ours or veristat's) on (file, program) and
//! shows each statistic side by side with the difference.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

/// A comparison input could not be read.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// The file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// Path.
        path: String,
        /// Cause.
        #[source]
        source: std::io::Error,
    },
    /// The CSV lacks `file_name`/`prog_name` columns.
    #[error("{0}: not a verify/veristat CSV (needs file_name and prog_name columns)")]
    Format(String),
}

type Table = (Vec<String>, BTreeMap<(String, String), Vec<String>>);

fn read_csv(path: &Path) -> Result<Table, CompareError> {
    let text = std::fs::read_to_string(path).map_err(|source| CompareError::Io {
        path: path.display().to_string(),
        source,
    })?;
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<String> = lines
        .next()
        .unwrap_or("")
        .split(',')
        .map(|s| s.trim().to_string())
        .collect();
    let pos = |n: &str| header.iter().position(|h| h == n);
    let (Some(f), Some(p)) = (pos("file_name"), pos("prog_name")) else {
        return Err(CompareError::Format(path.display().to_string()));
    };
    let mut rows = BTreeMap::new();
    for line in lines {
        let cells: Vec<String> = line.split(',').map(|s| s.trim().to_string()).collect();
        let key = (
            cells.get(f).cloned().unwrap_or_default(),
            cells.get(p).cloned().unwrap_or_default(),
        );
        rows.insert(key, cells);
    }
    Ok((header, rows))
}

/// Compares two CSVs and renders a table; rows present in only one side are listed too.
pub fn compare_csv(a: &Path, b: &Path) -> Result<String, CompareError> {
    let (ha, ra) = read_csv(a)?;
    let (hb, rb) = read_csv(b)?;
    let stats: Vec<&String> = ha
        .iter()
        .filter(|h| !matches!(h.as_str(), "file_name" | "prog_name") && hb.contains(h))
        .collect();
    let get = |h: &[String], row: Option<&Vec<String>>, name: &str| -> String {
        h.iter()
            .position(|x| x == name)
            .and_then(|i| row.and_then(|r| r.get(i)).cloned())
            .unwrap_or_else(|| "-".into())
    };
    let mut keys: Vec<&(String, String)> = ra.keys().chain(rb.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = String::new();
    let mut head = vec!["File".to_string(), "Program".to_string()];
    for s in &stats {
        head.extend([
            format!("{s} (A)"),
            format!("{s} (B)"),
            format!("{s} (DIFF)"),
        ]);
    }
    let _ = writeln!(out, "{}", head.join(" | "));
    let mut mismatches = 0;
    for key in keys {
        let (row_a, row_b) = (ra.get(key), rb.get(key));
        let mut cells = vec![key.0.clone(), key.1.clone()];
        for s in &stats {
            let (va, vb) = (get(&ha, row_a, s), get(&hb, row_b, s));
            let diff = diff_cell(&va, &vb);
            if s.as_str() == "verdict" && diff != "MATCH" {
                mismatches += 1;
            }
            cells.extend([va, vb, diff]);
        }
        let _ = writeln!(out, "{}", cells.join(" | "));
    }
    let _ = writeln!(out, "\nVerdict mismatches: {mismatches}");
    Ok(out)
}

fn diff_cell(a: &str, b: &str) -> String {
    match (a.parse::<i64>(), b.parse::<i64>()) {
        (Ok(x), Ok(y)) => {
            let d = y - x;
            if x == 0 {
                format!("{d:+}")
            } else {
                format!("{d:+} ({:+.2}%)", d as f64 * 100.0 / x as f64)
            }
        }
        _ if a == b => "MATCH".into(),
        _ => "MISMATCH".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::diff_cell;

    #[test]
    fn diffs() {
        assert_eq!(diff_cell("100", "150"), "+50 (+50.00%)");
        assert_eq!(diff_cell("0", "3"), "+3");
        assert_eq!(diff_cell("success", "success"), "MATCH");
        assert_eq!(diff_cell("success", "failure"), "MISMATCH");
        assert_eq!(diff_cell("success", "-"), "MISMATCH");
    }
}
