//! Blame spans: runs of words with the same origin.

use std::ops::Range;

use super::engine::Origin;

/// A run of consecutive tokens with the same origin.
#[derive(Debug, Clone, PartialEq)]
pub struct BlameSpan {
    /// Token range in the element.
    pub words: Range<usize>,
    /// Their origin.
    pub origin: Origin,
}

/// Groups an element's per-token origins into spans covering every token once, in order.
pub fn blame_spans(origins: &[Origin]) -> Vec<BlameSpan> {
    let mut spans: Vec<BlameSpan> = Vec::new();
    for (i, o) in origins.iter().enumerate() {
        match spans.last_mut() {
            Some(s) if s.origin == *o => s.words.end = i + 1,
            _ => spans.push(BlameSpan { words: i..i + 1, origin: *o }),
        }
    }
    spans
}
