//! Plain-old-data: types whose every bit pattern is valid and that have no padding the
//! kernel could leak through, so they can be copied to and from map bytes.

mod bitfield;
mod boolean;

pub use bitfield::{bitfield_get, bitfield_get_signed, bitfield_set};
pub use boolean::Bool;

/// A type that can be read from and written to raw bytes.
///
/// # Safety
/// Implement only for `#[repr(C)]` (or transparent) types that have no implicit padding
/// (padding is spelled out as fields), contain only integers, floats, arrays of `Pod` and
/// other `Pod` structs, and for which every bit pattern is valid (no `bool`, `char`,
/// references, enums with invalid discriminants). Generated skeletons place each impl next
/// to compile-time size/align/offset assertions.
pub unsafe trait Pod: Copy + 'static {}

macro_rules! impl_pod {
    ($($t:ty),*) => { $(
        // SAFETY: primitive integers and floats have no padding and no invalid bit patterns.
        unsafe impl Pod for $t {}
    )* };
}
impl_pod!(u8, u16, u32, u64, u128, i8, i16, i32, i64, i128, f32, f64, usize, isize);

// SAFETY: an array of `Pod` has no padding between elements and no invalid patterns.
unsafe impl<T: Pod, const N: usize> Pod for [T; N] {}

/// Views a `Pod` value as its bytes.
pub fn bytes_of<T: Pod>(value: &T) -> &[u8] {
    // SAFETY: `T: Pod` has no padding, so all `size_of::<T>()` bytes are initialised; the
    // slice borrows `value` and has its exact size.
    unsafe {
        std::slice::from_raw_parts((value as *const T).cast::<u8>(), std::mem::size_of::<T>())
    }
}

/// Views a `Pod` value as mutable bytes.
pub fn bytes_of_mut<T: Pod>(value: &mut T) -> &mut [u8] {
    // SAFETY: as in `bytes_of`; any bytes written are a valid `T` because `T: Pod`.
    unsafe {
        std::slice::from_raw_parts_mut((value as *mut T).cast::<u8>(), std::mem::size_of::<T>())
    }
}

/// Views a slice of `Pod` values as mutable bytes.
pub fn slice_bytes_mut<T: Pod>(values: &mut [T]) -> &mut [u8] {
    // SAFETY: `T: Pod` has no padding and accepts any bytes; the length is the slice's
    // exact size in bytes (it cannot overflow: the slice already exists in memory).
    unsafe {
        std::slice::from_raw_parts_mut(
            values.as_mut_ptr().cast::<u8>(),
            std::mem::size_of_val(values),
        )
    }
}

/// `data` copied into 8-byte aligned words (the ELF reader wants aligned input); its
/// first `data.len()` bytes are `data`, the rest zero.
pub fn aligned_copy(data: &[u8]) -> Vec<u64> {
    let mut words = vec![0u64; data.len().div_ceil(8)];
    slice_bytes_mut(&mut words)[..data.len()].copy_from_slice(data);
    words
}

/// Reads a `T` from the start of `bytes`; `None` when `bytes` is too short.
pub fn read<T: Pod>(bytes: &[u8]) -> Option<T> {
    let src = bytes.get(..std::mem::size_of::<T>())?;
    // SAFETY: `src` holds `size_of::<T>()` initialised bytes and every bit pattern is a
    // valid `T`; `read_unaligned` copes with any alignment.
    Some(unsafe { std::ptr::read_unaligned(src.as_ptr().cast::<T>()) })
}

/// `bytes` as a `T` whatever their length: the prefix that fits, the rest zero (for
/// variable-length records shorter or longer than `T`).
pub fn read_prefix<T: Pod>(bytes: &[u8]) -> T {
    let mut value = zeroed::<T>();
    let out = bytes_of_mut(&mut value);
    let n = out.len().min(bytes.len());
    out[..n].copy_from_slice(&bytes[..n]);
    value
}

/// A zero-initialised `T`.
pub fn zeroed<T: Pod>() -> T {
    // SAFETY: all-zero bytes are a valid `T` because `T: Pod`.
    unsafe { std::mem::zeroed() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let v: [u32; 2] = [1, 0x0102_0304];
        let b = bytes_of(&v);
        assert_eq!(b.len(), 8);
        assert_eq!(read::<[u32; 2]>(b), Some(v));
        assert_eq!(read::<u64>(&b[..7]), None);
        let mut z: u64 = zeroed();
        bytes_of_mut(&mut z)[0] = 7;
        assert_eq!(z, 7);
    }
}
