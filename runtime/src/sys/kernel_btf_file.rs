//! The kernel's BTF files (`/sys/kernel/btf/vmlinux` and modules) as bytes: mapped
//! read-only where sysfs allows it (libbpf 1.8 does the same), read otherwise. The
//! kernel never changes these files while it runs, which is what makes a plain byte
//! view of the mapping sound.

use std::fs::File;
use std::io;
use std::os::fd::AsRawFd;
use std::path::Path;
use std::ptr::NonNull;

/// A kernel BTF file's bytes, mapped or read.
pub enum KernelBtfFile {
    /// A read-only private mapping of the whole file.
    Mapped {
        /// Start of the mapping.
        ptr: NonNull<u8>,
        /// Length in bytes.
        len: usize,
    },
    /// The file, read (sysfs refused the mapping).
    Read(Vec<u8>),
}

// SAFETY: the mapping is read-only, private and never changed by anyone (the kernel's
// BTF is immutable), so sharing and sending the pointer across threads is sound.
unsafe impl Send for KernelBtfFile {}
// SAFETY: as for `Send`: only shared reads of immutable memory.
unsafe impl Sync for KernelBtfFile {}

impl KernelBtfFile {
    /// Opens a BTF file under `/sys/kernel/btf/`, mapping it where possible. Refuses
    /// other paths: only these files are known never to change.
    pub fn open(path: &Path) -> io::Result<KernelBtfFile> {
        if !path.starts_with("/sys/kernel/btf/") {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{}: not a kernel BTF file", path.display()),
            ));
        }
        let file = File::open(path)?;
        let len = usize::try_from(file.metadata()?.len()).unwrap_or(0);
        if len == 0 {
            return std::fs::read(path).map(KernelBtfFile::Read);
        }
        // SAFETY: a fresh read-only private mapping at a kernel-chosen address: it aliases
        // no Rust memory; `file` is open for the call (the mapping outlives the fd).
        let addr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                file.as_raw_fd(),
                0,
            )
        };
        match NonNull::new(addr.cast::<u8>()) {
            Some(ptr) if addr != libc::MAP_FAILED => Ok(KernelBtfFile::Mapped { ptr, len }),
            // Kernels before 6.16 cannot map sysfs BTF: read it.
            _ => std::fs::read(path).map(KernelBtfFile::Read),
        }
    }
}

impl AsRef<[u8]> for KernelBtfFile {
    fn as_ref(&self) -> &[u8] {
        match self {
            // SAFETY: `ptr` starts a live read-only mapping of `len` bytes, unmapped only
            // in `drop`, and its contents never change (see the module docs).
            KernelBtfFile::Mapped { ptr, len } => unsafe {
                std::slice::from_raw_parts(ptr.as_ptr(), *len)
            },
            KernelBtfFile::Read(v) => v,
        }
    }
}

impl Drop for KernelBtfFile {
    fn drop(&mut self) {
        if let KernelBtfFile::Mapped { ptr, len } = self {
            // SAFETY: the mapping made in `open`, unmapped once; no reference into it
            // outlives `self` (`as_ref` borrows `self`).
            unsafe { libc::munmap(ptr.as_ptr().cast(), *len) };
        }
    }
}

impl std::fmt::Debug for KernelBtfFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (how, len) = match self {
            KernelBtfFile::Mapped { len, .. } => ("mapped", *len),
            KernelBtfFile::Read(v) => ("read", v.len()),
        };
        write!(f, "KernelBtfFile({how}, {len} bytes)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vmlinux_maps_or_reads_the_same_bytes() {
        let path = Path::new("/sys/kernel/btf/vmlinux");
        let Ok(read) = std::fs::read(path) else {
            return; // no kernel BTF on this machine
        };
        let file = KernelBtfFile::open(path).expect("opens");
        assert_eq!(file.as_ref(), read.as_slice());
        assert!(KernelBtfFile::open(Path::new("/etc/hostname")).is_err());
    }
}
