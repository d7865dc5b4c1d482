//! The running kernel's build configuration, for `.kconfig` externs: from
//! `/boot/config-$(uname -r)` or `/proc/config.gz`, parsed once per process.

use std::collections::HashMap;
use std::sync::OnceLock;

/// `CONFIG_*` values as written in the config file (`y`, `m`, `"str"`, `123`, `0x10`).
/// Options that are `# ... is not set` are recorded as `n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KernelConfig {
    values: HashMap<String, String>,
}

impl KernelConfig {
    /// Parses config-file text.
    pub fn parse(text: &str) -> KernelConfig {
        let mut values = HashMap::new();
        for line in text.lines().map(str::trim) {
            if let Some(rest) = line.strip_prefix("# ") {
                if let Some(name) = rest.strip_suffix(" is not set") {
                    values.insert(name.to_string(), "n".to_string());
                }
            } else if let Some((k, v)) = line.split_once('=') {
                if k.starts_with("CONFIG_") {
                    values.insert(k.to_string(), v.to_string());
                }
            }
        }
        KernelConfig { values }
    }

    /// The raw value of `name` (e.g. `CONFIG_BPF_SYSCALL`).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Number of options known.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// True when no option is known.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
}

fn read_config() -> Result<KernelConfig, String> {
    let boot = format!("/boot/config-{}", crate::sys::kernel_release());
    if let Ok(text) = std::fs::read_to_string(&boot) {
        return Ok(KernelConfig::parse(&text));
    }
    let gz = std::fs::read("/proc/config.gz")
        .map_err(|e| format!("no {boot} and /proc/config.gz: {e}"))?;
    let text = gunzip(&gz).ok_or("/proc/config.gz is not valid gzip")?;
    Ok(KernelConfig::parse(&String::from_utf8_lossy(&text)))
}

/// Decompresses a single-member gzip file (RFC 1952) with `miniz_oxide`.
fn gunzip(data: &[u8]) -> Option<Vec<u8>> {
    const FEXTRA: u8 = 4;
    const FNAME: u8 = 8;
    const FCOMMENT: u8 = 16;
    const FHCRC: u8 = 2;
    if data.get(..3)? != [0x1f, 0x8b, 8] {
        return None;
    }
    let flags = *data.get(3)?;
    let mut pos = 10usize;
    if flags & FEXTRA != 0 {
        let len = u16::from_le_bytes([*data.get(pos)?, *data.get(pos + 1)?]) as usize;
        pos += 2 + len;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            pos += data.get(pos..)?.iter().position(|&b| b == 0)? + 1;
        }
    }
    if flags & FHCRC != 0 {
        pos += 2;
    }
    miniz_oxide::inflate::decompress_to_vec(data.get(pos..)?).ok()
}

/// The running kernel's configuration, read once; the error says why it is unavailable.
pub fn kernel_config() -> Result<&'static KernelConfig, String> {
    static CONFIG: OnceLock<Result<KernelConfig, String>> = OnceLock::new();
    CONFIG
        .get_or_init(read_config)
        .as_ref()
        .map_err(Clone::clone)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_values_and_unset_options() {
        let c = KernelConfig::parse(
            "CONFIG_A=y\n# CONFIG_B is not set\nCONFIG_C=\"hi\"\nCONFIG_D=0x10\n# comment\n",
        );
        assert_eq!(c.get("CONFIG_A"), Some("y"));
        assert_eq!(c.get("CONFIG_B"), Some("n"));
        assert_eq!(c.get("CONFIG_C"), Some("\"hi\""));
        assert_eq!(c.get("CONFIG_D"), Some("0x10"));
        assert_eq!(c.get("CONFIG_E"), None);
    }

    #[test]
    fn gunzip_rejects_garbage() {
        assert_eq!(gunzip(b"not gzip"), None);
        assert_eq!(gunzip(&[0x1f, 0x8b, 8, 0xff]), None);
    }

    #[test]
    fn reads_the_running_kernel_config_when_available() {
        match kernel_config() {
            Ok(c) => assert_eq!(c.get("CONFIG_BPF_SYSCALL"), Some("y")),
            Err(e) => eprintln!("no kernel config here: {e}"),
        }
    }
}
