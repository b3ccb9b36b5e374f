//! Interning tokens to integers, so that diffs compare `u32`s instead of strings.

use std::collections::HashMap;

/// Maps each distinct token string to a dense `u32` id.
#[derive(Debug, Default)]
pub struct Interner {
    ids: HashMap<Box<str>, u32>,
    strings: Vec<Box<str>>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of `token`, allocating one on first sight.
    pub fn intern(&mut self, token: &str) -> u32 {
        if let Some(&id) = self.ids.get(token) {
            return id;
        }
        let id = u32::try_from(self.strings.len()).expect("fewer than 4 billion distinct tokens");
        self.strings.push(token.into());
        self.ids.insert(token.into(), id);
        id
    }

    /// The id of `token` if it was interned.
    pub fn get(&self, token: &str) -> Option<u32> {
        self.ids.get(token).copied()
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
