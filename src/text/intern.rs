//! Interning tokens to integers, so that diffs compare `u32`s instead of strings.
//!
//! Most tokens are short: those of up to 15 bytes are packed, with their length, into a
//! `u128` key, so a lookup hashes and compares one integer and never chases a pointer.

use rustc_hash::FxHashMap;

/// Maps each distinct token string to a dense `u32` id.
#[derive(Debug, Default)]
pub struct Interner {
    short: FxHashMap<u128, u32>,
    long: FxHashMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
}

/// The packed key of a token of at most 15 bytes: its bytes, then its length in the top byte.
fn pack(token: &str) -> Option<u128> {
    let b = token.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..b.len()].copy_from_slice(b);
    buf[15] = b.len() as u8;
    Some(u128::from_le_bytes(buf))
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `token`, allocating one on first sight.
    pub fn intern(&mut self, token: &str) -> u32 {
        let next = u32::try_from(self.strings.len()).expect("fewer than 4 billion distinct tokens");
        let id = match pack(token) {
            Some(key) => *self.short.entry(key).or_insert(next),
            None => match self.long.get(token) {
                Some(&id) => id,
                None => *self.long.entry(token.into()).or_insert(next),
            },
        };
        if id == next {
            self.strings.push(token.into());
        }
        id
    }

    /// The id of `token` if it was interned.
    pub fn get(&self, token: &str) -> Option<u32> {
        match pack(token) {
            Some(key) => self.short.get(&key).copied(),
            None => self.long.get(token).copied(),
        }
    }

    /// The string of an id.
    pub fn resolve(&self, id: u32) -> &str {
        &self.strings[id as usize]
    }

    /// Number of distinct tokens.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// Whether nothing was interned.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_string_same_id_short_and_long() {
        let mut i = Interner::new();
        let a = i.intern("States");
        let long = "internationalisation-related";
        let b = i.intern(long);
        assert_eq!(i.intern("States"), a);
        assert_eq!(i.intern(long), b);
        assert_ne!(a, b);
        assert_eq!(i.resolve(b), long);
        assert_eq!(i.get("absent"), None);
        // Length is part of the key: a NUL-padded prefix is another token.
        assert_ne!(i.intern("a"), i.intern("a\0"));
        assert_eq!(i.len(), 4);
    }
}
