//! Bit-level reads and writes for the bitfield accessors of generated types (one copy
//! here instead of one per skeleton); safe code. Little-endian bit order, as clang lays out
//! bitfields on little-endian targets.

/// Reads `width` (≤ 64) bits from bit `offset` of `bytes`.
///
/// # Panics
/// If the bits lie outside `bytes` (generated accessors pass in-range constants).
#[inline]
pub fn bitfield_get(bytes: &[u8], offset: usize, width: usize) -> u64 {
    let mut value = 0u64;
    for i in 0..width {
        let bit = offset + i;
        value |= u64::from((bytes[bit / 8] >> (bit % 8)) & 1) << i;
    }
    value
}

/// Reads `width` (1..=64) bits from bit `offset` of `bytes`, sign-extended.
///
/// # Panics
/// As [`bitfield_get`].
#[inline]
pub fn bitfield_get_signed(bytes: &[u8], offset: usize, width: usize) -> i64 {
    let shift = 64 - width;
    #[allow(
        clippy::cast_possible_wrap,
        reason = "reinterpreting the bits is the point"
    )]
    let wide = (bitfield_get(bytes, offset, width) << shift) as i64;
    wide >> shift
}

/// Writes the low `width` bits of `value` from bit `offset` of `bytes`.
///
/// # Panics
/// As [`bitfield_get`].
#[inline]
pub fn bitfield_set(bytes: &mut [u8], offset: usize, width: usize, value: u64) {
    for i in 0..width {
        let bit = offset + i;
        let mask = 1u8 << (bit % 8);
        if (value >> i) & 1 == 1 {
            bytes[bit / 8] |= mask;
        } else {
            bytes[bit / 8] &= !mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_across_byte_boundaries() {
        let mut b = [0u8; 4];
        bitfield_set(&mut b, 6, 5, 0b10111);
        assert_eq!(b, [0b1100_0000, 0b0000_0101, 0, 0]);
        assert_eq!(bitfield_get(&b, 6, 5), 0b10111);
        assert_eq!(bitfield_get_signed(&b, 6, 5), -9);
        bitfield_set(&mut b, 6, 5, 1);
        assert_eq!(bitfield_get_signed(&b, 6, 5), 1);
        assert_eq!(bitfield_get(&b, 0, 6), 0);
    }
}
