//! The running kernel's version, as libbpf passes it in `kern_version`.

use std::sync::OnceLock;

/// `KERNEL_VERSION(a, b, c)` of the running kernel (what libbpf passes as `kern_version`).
pub(crate) fn running_kernel_version() -> u32 {
    static VERSION: OnceLock<u32> = OnceLock::new();
    *VERSION.get_or_init(|| parse_release(&crate::sys::kernel_release()).unwrap_or(0))
}

/// Parses `6.18.44-foo` into `KERNEL_VERSION(6, 18, 44)` (patch level capped at 255).
pub(crate) fn parse_release(release: &str) -> Option<u32> {
    let mut parts = release
        .trim()
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<u32>().ok());
    let a = parts.next()??;
    let b = parts.next()??;
    let c = parts.next().flatten().unwrap_or(0);
    Some((a << 16) + (b.min(255) << 8) + c.min(255))
}

#[cfg(test)]
mod tests {
    use super::parse_release;

    #[test]
    fn kernel_versions() {
        assert_eq!(
            parse_release("6.18.44-fc-v657\n"),
            Some((6 << 16) + (18 << 8) + 44)
        );
        assert_eq!(parse_release("5.4.300"), Some((5 << 16) + (4 << 8) + 255));
        assert_eq!(parse_release("6.1"), Some((6 << 16) + (1 << 8)));
        assert_eq!(parse_release("garbage"), None);
    }
}
