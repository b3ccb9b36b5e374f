//! Where each word of a revision comes from ([`Origin`]), and blame spans: runs of words
//! with the same origin.

use std::ops::Range;

/// Where a word of a revision comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Origin {
    /// Index of the revision in which the word first appeared (0: the baseline).
    pub since: u32,
    /// The amendment credited with proposing it; `None` for the baseline or the Chair.
    pub amendment: Option<u32>,
    /// The amendment proposed this word, but the hunk was taken up with changed wording.
    pub partial: bool,
}

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
