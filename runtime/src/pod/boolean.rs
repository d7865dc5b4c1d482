//! [`Bool`]: a C `_Bool` shared with the kernel.

/// A C `bool` / `_Bool` as it sits in kernel-shared memory: one byte that is 1 for true
/// and 0 for false, but may hold any value when BPF code or the kernel wrote it, which a
/// Rust `bool` must never do. Read it with [`get`](Self::get) (any non-zero byte is
/// true), write it with [`set`](Self::set) or `Bool::from(true)`.
#[repr(transparent)]
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Bool(u8);

impl Bool {
    /// `true` unless the byte is 0.
    pub const fn get(self) -> bool {
        self.0 != 0
    }

    /// Stores `value` as 1 or 0.
    pub fn set(&mut self, value: bool) {
        self.0 = u8::from(value);
    }

    /// The byte as stored (not always 0 or 1 when the kernel wrote it).
    pub const fn raw(self) -> u8 {
        self.0
    }
}

impl From<bool> for Bool {
    fn from(value: bool) -> Self {
        Bool(u8::from(value))
    }
}

impl From<Bool> for bool {
    fn from(value: Bool) -> Self {
        value.get()
    }
}

impl std::fmt::Debug for Bool {
    /// `true` / `false`, and the raw byte when it is neither 0 nor 1.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            0 | 1 => write!(f, "{}", self.get()),
            raw => write!(f, "true (raw {raw})"),
        }
    }
}

// SAFETY: a transparent `u8`: one byte, no padding, every value valid.
unsafe impl super::Pod for Bool {}

#[cfg(test)]
mod tests {
    use super::Bool;

    #[test]
    fn any_nonzero_byte_reads_true() {
        let mut b = Bool::default();
        assert!(!b.get());
        b.set(true);
        assert_eq!((b.get(), b.raw()), (true, 1));
        let odd: Bool = crate::pod::read(&[7u8]).expect("one byte");
        assert!(odd.get());
        assert_eq!(format!("{odd:?}"), "true (raw 7)");
        assert!(bool::from(Bool::from(true)));
    }
}
