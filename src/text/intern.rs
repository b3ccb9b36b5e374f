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

/// The packed key of the token `bytes[start..end]`, as [`pack`] makes it, read as one
/// 16-byte load where the text is long enough.
fn pack_at(bytes: &[u8], start: usize, end: usize) -> Option<u128> {
    let len = end - start;
    if len > 15 {
        return None;
    }
    let word = match bytes.get(start..start + 16).and_then(|b| <[u8; 16]>::try_from(b).ok()) {
        Some(b) => u128::from_le_bytes(b) & ((1u128 << (8 * len)) - 1),
        None => {
            let mut buf = [0u8; 16];
            buf[..len].copy_from_slice(&bytes[start..end]);
            u128::from_le_bytes(buf)
        }
    };
    Some(word | ((len as u128) << 120))
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `token`, allocating one on first sight.
    pub fn intern(&mut self, token: &str) -> u32 {
        match pack(token) {
            Some(key) => self.intern_short(key, token),
            None => self.intern_long(token),
        }
    }

    /// The ids of every token of `text`, in order: [`Interner::intern`] of each, reading
    /// the short tokens' keys straight from the text.
    pub fn intern_tokens(&mut self, text: &super::Tokenized) -> Vec<u32> {
        let bytes = text.text.as_bytes();
        text.spans
            .iter()
            .map(|span| match pack_at(bytes, span.start, span.end) {
                Some(key) => self.intern_short(key, &text.text[span.clone()]),
                None => self.intern_long(&text.text[span.clone()]),
            })
            .collect()
    }

    /// The id the next new token gets.
    fn next_id(&self) -> u32 {
        u32::try_from(self.strings.len()).expect("fewer than 4 billion distinct tokens")
    }

    /// The id of a short `token` whose packed key is `key`.
    fn intern_short(&mut self, key: u128, token: &str) -> u32 {
        let next = self.next_id();
        let id = *self.short.entry(key).or_insert(next);
        if id == next {
            self.strings.push(token.into());
        }
        id
    }

    /// The id of a token too long to pack.
    fn intern_long(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.long.get(token) {
            return id;
        }
        let id = self.next_id();
        self.long.insert(token.into(), id);
        self.strings.push(token.into());
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
    fn tokens_of_a_text_get_the_ids_of_their_strings() {
        let text =
            super::super::Tokenized::new("States, States-parties and a very-long-compound-word-of-twenty; 信息 States");
        let mut a = Interner::new();
        let mut b = Interner::new();
        let fast = a.intern_tokens(&text);
        let slow: Vec<u32> = text.tokens().map(|t| b.intern(t)).collect();
        assert_eq!(fast, slow);
        for (id, token) in fast.iter().zip(text.tokens()) {
            assert_eq!(a.resolve(*id), token);
        }
        assert_eq!(a.len(), b.len());
    }

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
