//! The output string tables (BTF strings, ELF `.strtab` and `.shstrtab`): each distinct
//! string once, looked up by hash.

use std::collections::HashMap;

/// A growing string table (offset 0 is the empty string).
#[derive(Debug)]
pub(super) struct StringTable {
    bytes: Vec<u8>,
    offsets: HashMap<Vec<u8>, u32>,
}

impl StringTable {
    pub fn new() -> StringTable {
        StringTable {
            bytes: vec![0],
            offsets: HashMap::new(),
        }
    }

    /// The offset of `s`, adding it if new.
    pub fn add(&mut self, s: &str) -> u32 {
        if s.is_empty() {
            return 0;
        }
        if let Some(&off) = self.offsets.get(s.as_bytes()) {
            return off;
        }
        let off = self.bytes.len() as u32;
        self.bytes.extend_from_slice(s.as_bytes());
        self.bytes.push(0);
        self.offsets.insert(s.as_bytes().to_vec(), off);
        off
    }

    /// The string at `off` (empty if out of range).
    pub fn get(&self, off: u32) -> String {
        let start = (off as usize).min(self.bytes.len());
        let end = self.bytes[start..]
            .iter()
            .position(|b| *b == 0)
            .map_or(self.bytes.len(), |e| start + e);
        String::from_utf8_lossy(&self.bytes[start..end]).into_owned()
    }

    /// The table as it stands.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}
