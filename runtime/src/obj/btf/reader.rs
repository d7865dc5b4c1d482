//! A bounds-checked, endian-aware cursor over a byte slice.

use super::BtfError;

/// Reads fixed-size integers from `data`, never panicking: every read past the
/// end yields [`BtfError::Truncated`].
#[derive(Debug, Clone)]
pub(super) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
    big_endian: bool,
}

impl<'a> Reader<'a> {
    /// A reader positioned at `pos` within `data`.
    pub(super) fn new(data: &'a [u8], pos: usize, big_endian: bool) -> Self {
        Reader {
            data,
            pos,
            big_endian,
        }
    }

    /// Current offset within the underlying slice.
    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    /// Bytes left after the current position.
    pub(super) fn remaining(&self) -> usize {
        self.data.len().saturating_sub(self.pos)
    }

    /// Takes the next `n` bytes.
    pub(super) fn bytes(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], BtfError> {
        let end = self.pos.checked_add(n);
        match end.and_then(|end| self.data.get(self.pos..end)) {
            Some(s) => {
                self.pos = self.pos.saturating_add(n);
                Ok(s)
            }
            None => Err(BtfError::Truncated {
                what,
                offset: self.pos,
                need: n,
                have: self.remaining(),
            }),
        }
    }

    /// Skips `n` bytes (they must exist).
    pub(super) fn skip(&mut self, n: usize, what: &'static str) -> Result<(), BtfError> {
        self.bytes(n, what).map(|_| ())
    }

    /// Reads one byte.
    pub(super) fn u8(&mut self, what: &'static str) -> Result<u8, BtfError> {
        let b = self.bytes(1, what)?;
        Ok(b.first().copied().unwrap_or(0))
    }

    /// Reads a u32 in the reader's byte order.
    pub(super) fn u32(&mut self, what: &'static str) -> Result<u32, BtfError> {
        let b = self.bytes(4, what)?;
        let mut a = [0u8; 4];
        a.copy_from_slice(b);
        Ok(if self.big_endian {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    }
}

/// Detects the byte order from the first two bytes (`0xeB9F` magic).
/// Returns `Ok(true)` for big-endian.
pub(super) fn detect_endian(data: &[u8]) -> Result<bool, BtfError> {
    match data {
        [0x9f, 0xeb, ..] => Ok(false),
        [0xeb, 0x9f, ..] => Ok(true),
        [a, b, ..] => Err(BtfError::BadMagic(u16::from_le_bytes([*a, *b]))),
        _ => Err(BtfError::Truncated {
            what: "magic",
            offset: 0,
            need: 2,
            have: data.len(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_orders_and_stops_at_end() {
        let d = [1u8, 2, 3, 4, 5];
        assert_eq!(Reader::new(&d, 0, false).u32("x").ok(), Some(0x0403_0201));
        assert_eq!(Reader::new(&d, 0, true).u32("x").ok(), Some(0x0102_0304));
        let mut r = Reader::new(&d, 2, false);
        assert!(matches!(
            r.u32("x"),
            Err(BtfError::Truncated {
                offset: 2,
                need: 4,
                have: 3,
                ..
            })
        ));
        assert!(Reader::new(&d, usize::MAX, false).u8("x").is_err());
    }

    #[test]
    fn magic() {
        assert_eq!(detect_endian(&[0x9f, 0xeb]).ok(), Some(false));
        assert_eq!(detect_endian(&[0xeb, 0x9f]).ok(), Some(true));
        assert!(matches!(
            detect_endian(&[1, 2]),
            Err(BtfError::BadMagic(0x0201))
        ));
        assert!(detect_endian(&[0x9f]).is_err());
    }
}
