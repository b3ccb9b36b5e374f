//! Anchor phrases: the words an amendment quotes to say where its change goes.
//!
//! An anchor must occur exactly once, as a token sequence, in its paragraph: the anchor
//! `States` matches in `States,` but not in `Statesmen`.

use crate::text::{Tokenized, is_punctuation};

/// Why an anchor does not pin down one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorError {
    /// The anchor has no token, or only punctuation.
    Empty,
    /// The phrase does not occur in the paragraph.
    Missing,
    /// The phrase occurs this many times.
    Ambiguous(usize),
}

/// Finds the single occurrence of `phrase` in `paragraph`, as a token range.
pub fn locate(paragraph: &Tokenized, phrase: &str) -> Result<std::ops::Range<usize>, AnchorError> {
    let needle = Tokenized::new(phrase);
    if needle.tokens().all(is_punctuation) {
        return Err(AnchorError::Empty);
    }
    match paragraph.find_all(&needle).as_slice() {
        [] => Err(AnchorError::Missing),
        [start] => Ok(*start..*start + needle.len()),
        many => Err(AnchorError::Ambiguous(many.len())),
    }
}

impl AnchorError {
    /// A sentence for diagnostics, naming the phrase and where it was looked for.
    pub fn describe(&self, phrase: &str, revision: &str, element: &str) -> (String, String) {
        let shown = crate::text::visible::line(phrase.trim());
        match self {
            AnchorError::Empty => (
                format!("the anchor `{shown}` has no words"),
                "quote the words of the paragraph the change goes next to".to_owned(),
            ),
            AnchorError::Missing => (
                format!("the phrase `{shown}` does not occur in {revision}/{element}"),
                "quote the paragraph's words exactly, as they stand in this revision".to_owned(),
            ),
            AnchorError::Ambiguous(n) => (
                format!("the phrase `{shown}` occurs {n} times in {revision}/{element}"),
                "quote more words, so that the phrase occurs only once".to_owned(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_token_sequences() {
        let p = Tokenized::new("States, in good faith, and States");
        assert_eq!(locate(&p, "in good"), Ok(2..4));
        assert_eq!(locate(&p, "States"), Err(AnchorError::Ambiguous(2)));
        assert_eq!(locate(&p, "bad faith"), Err(AnchorError::Missing));
        assert_eq!(locate(&p, " , "), Err(AnchorError::Empty));
        assert_eq!(locate(&p, ""), Err(AnchorError::Empty));
    }
}
