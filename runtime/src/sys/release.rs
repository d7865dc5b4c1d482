//! The running kernel's release string (`uname(2)`'s `release`, as in
//! `/proc/sys/kernel/osrelease`): one syscall where reading the file takes five.

/// The kernel release (`6.18.44-foo`), or an empty string if `uname` fails.
pub fn kernel_release() -> String {
    // SAFETY: `utsname` is plain old data, so all-zero bytes are a valid value.
    let mut uts: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: `uts` is a valid, writable `utsname` for the duration of the call.
    if unsafe { libc::uname(&mut uts) } != 0 {
        return String::new();
    }
    let bytes: Vec<u8> = uts
        .release
        .iter()
        .take_while(|&&c| c != 0)
        .map(|&c| c as u8)
        .collect();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn matches_procfs() {
        let proc = std::fs::read_to_string("/proc/sys/kernel/osrelease").expect("procfs");
        assert_eq!(super::kernel_release(), proc.trim());
    }
}
