//! veristat's `@FILE` arguments: `-f`, `-G` and the object list take `@FILE` for a file
//! with one item per line (blank lines and `#` comments skipped).

/// `args` with every `@FILE` replaced by the items of that file; `option` names the
/// option in errors (`-f`, `-G`, or empty for objects).
pub fn expand(option: &str, args: &[String]) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for arg in args {
        match arg.strip_prefix('@') {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    let at = format!("@{path}");
                    if option.is_empty() {
                        format!("{at}: {e}")
                    } else {
                        format!("{option} {at}: {e}")
                    }
                })?;
                out.extend(
                    text.lines()
                        .map(str::trim)
                        .filter(|l| !l.is_empty() && !l.starts_with('#'))
                        .map(str::to_string),
                );
            }
            None => out.push(arg.clone()),
        }
    }
    Ok(out)
}
