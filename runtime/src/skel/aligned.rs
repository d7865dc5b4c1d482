//! [`AlignedBytes`]: an embedded object file with 8-byte alignment.

/// Bytes (usually an embedded `.bpf.o`) aligned to 8, so the ELF parser can read
/// headers and tables in place.
///
/// ```
/// use bpfgen_runtime::skel::AlignedBytes;
///
/// static OBJECT: &AlignedBytes<[u8]> = &AlignedBytes(*b"\x7fELF...");
/// assert_eq!(OBJECT.bytes().as_ptr() as usize % 8, 0);
/// assert_eq!(&OBJECT.bytes()[..4], b"\x7fELF");
/// ```
///
/// Generated skeletons write
/// `static OBJECT: &AlignedBytes<[u8]> = &AlignedBytes(*include_bytes!("x.bpf.o"));`.
#[repr(C, align(8))]
pub struct AlignedBytes<T: ?Sized>(pub T);

impl AlignedBytes<[u8]> {
    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl<T: ?Sized + AsRef<[u8]>> std::fmt::Debug for AlignedBytes<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AlignedBytes({} bytes)", self.0.as_ref().len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static ODD: &AlignedBytes<[u8]> = &AlignedBytes([1, 2, 3]);

    #[test]
    fn aligned_and_unsized() {
        assert_eq!(ODD.bytes(), &[1, 2, 3]);
        assert_eq!(ODD.bytes().as_ptr() as usize % 8, 0);
        assert_eq!(format!("{ODD:?}"), "AlignedBytes(3 bytes)");
    }
}
