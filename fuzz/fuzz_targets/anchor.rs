//! Anchor resolution and amendment application on a fuzzed paragraph and phrase.
//!
//! Input: `paragraph \0 phrase \0 with` (UTF-8, lossily decoded). `locate` must agree
//! with a brute-force count of the phrase's occurrences, token by token; applying a
//! replace, delete or insert must succeed exactly when the anchor is found, and keep
//! the new words verbatim.
#![no_main]

use concord::attribution::proposal::apply;
use concord::draft::Operation;
use concord::draft::anchor::{AnchorError, locate};
use concord::text::{Tokenized, is_punctuation};
use concord_fuzz::paragraph;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\0');
    let text = parts.next().unwrap_or_default();
    let phrase = parts.next().unwrap_or_default();
    let with = parts.next().unwrap_or("x");

    let t = Tokenized::new(text);
    let needle = Tokenized::new(phrase);
    let words: Vec<&str> = t.tokens().collect();
    let wanted: Vec<&str> = needle.tokens().collect();
    let count = if wanted.is_empty() { 0 } else { words.windows(wanted.len()).filter(|w| *w == wanted).count() };
    let found = locate(&t, phrase);
    match &found {
        Ok(r) => {
            assert_eq!(count, 1, "located a phrase that occurs {count} times");
            assert_eq!(&words[r.clone()], wanted.as_slice());
        }
        Err(AnchorError::Empty) => assert!(wanted.iter().all(|w| is_punctuation(w))),
        Err(AnchorError::Missing) => assert_eq!(count, 0),
        Err(AnchorError::Ambiguous(n)) => assert_eq!(*n, count),
    }

    let Some(p) = paragraph("p", text) else { return };
    let ops = [
        Operation::Replace { phrase: phrase.into(), with: with.into() },
        Operation::Delete { phrase: phrase.into() },
        Operation::Insert { text: with.into(), anchor: phrase.into(), before: false },
        Operation::Insert { text: with.into(), anchor: phrase.into(), before: true },
    ];
    for op in &ops {
        let applied = apply(op, Some(&p));
        assert_eq!(applied.is_ok(), found.is_ok(), "apply and locate disagree on {op:?}");
        if let Ok(Some(proposed)) = applied
            && !matches!(op, Operation::Delete { .. })
        {
            assert!(proposed.contains(with.trim()), "{op:?} lost its words: {proposed:?}");
        }
    }
});
