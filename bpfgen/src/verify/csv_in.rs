//! Reading result CSVs (ours or veristat's) back into rows: `-R` replay, `-C` comparison
//! and `--baseline`. Columns are matched by header name (veristat's names and
//! aliases); unknown columns are ignored; `file_name` and `prog_name` are required.

use std::path::Path;

use super::column::Column;
use super::row::Row;

/// Splits one CSV line, honouring double quotes (`""` is a quote inside a field).
fn split_line(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    fields.push(field);
    fields
}

/// The rows of result CSV `text`; `what` names it in errors.
pub fn parse_rows(text: &str, what: &str) -> Result<Vec<Row>, String> {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    let header: Vec<Option<Column>> = split_line(lines.next().unwrap_or(""))
        .iter()
        .map(|h| Column::parse(h))
        .collect();
    for needed in [Column::FileName, Column::ProgName] {
        if !header.contains(&Some(needed)) {
            return Err(format!(
                "{what}: not a verify/veristat CSV (no {} column)",
                needed.csv_name()
            ));
        }
    }
    let mut rows = Vec::new();
    for (n, line) in lines.enumerate() {
        let mut row = Row::failed("", "", String::new());
        row.error = None;
        for (column, cell) in header.iter().zip(split_line(line)) {
            if let Some(column) = column {
                column
                    .set(&mut row, &cell)
                    .map_err(|e| format!("{what}, row {}: {e}", n + 1))?;
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

/// [`parse_rows`] of the file at `path`.
pub fn read_rows(path: &Path) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_rows(&text, &path.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::row::Verdict;

    #[test]
    fn reads_veristat_csv() {
        let text =
            "file_name,prog_name,verdict,duration,total_insns,prog_size_jited,mem_peak,unknown\n\
                    a.bpf.o,p,success,10,42,100,-1,x\n\
                    \"b,c.bpf.o\",q,failure,0,7,0,3,y\n";
        let rows = parse_rows(text, "t.csv").expect("parses");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].verdict, Verdict::Success);
        assert_eq!(rows[0].stats.processed_insns, Some(42));
        assert_eq!(rows[0].jited_size, 100);
        assert_eq!(rows[0].mem_peak_mib, None);
        assert_eq!(rows[1].file_name, "b,c.bpf.o");
        assert_eq!(rows[1].mem_peak_mib, Some(3));
        assert!(parse_rows("verdict\nsuccess\n", "t").is_err());
        assert!(parse_rows("file_name,prog_name,insns\na,b,x\n", "t")
            .expect_err("bad number")
            .contains("row 1"));
    }
}
