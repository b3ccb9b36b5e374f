//! The engine on fuzzed texts: the word diff of two token lists, and the whole analysis
//! (alignment, diff, attribution, blame, convergence) of a negotiation built from them.
//!
//! Input, UTF-8 (lossily decoded), parts separated by `\0`:
//! `old revision \0 new revision \0 amendment \0 amendment …`. A revision's paragraphs
//! (`p0`, `p1`…) are separated by a blank line. An amendment is `<op><paragraph> <args>`,
//! args separated by `|`: `r0 phrase|with`, `i1 text|after`, `b0 text|before`,
//! `d0 phrase`, `t0 text`, `x0` (delete the paragraph), `a9 text` (add `p9`). The
//! negotiation is the old text as baseline `r0` and as `r1`, the amendments on `r1`,
//! and the new text as `r2`; amendments the loader would refuse are dropped.
#![no_main]

use concord::diff::{similarity, word_diff};
use concord::draft::{Operation, Revision};
use concord::text::{Interner, Tokenized};
use concord_fuzz::{amendment, exercise, negotiation, reject, replay, revision};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\0');
    let old = parts.next().unwrap_or_default();
    let new = parts.next().unwrap_or_default();

    // The word diff alone, on the whole texts.
    let (a, b) = (Tokenized::new(old), Tokenized::new(new));
    let mut interner = Interner::new();
    let ids = |t: &Tokenized, i: &mut Interner| -> Vec<u32> { t.tokens().map(|w| i.intern(w)).collect() };
    let (x, y) = (ids(&a, &mut interner), ids(&b, &mut interner));
    let hunks = word_diff(&x, &y);
    assert_eq!(replay(&x, &y, &hunks), y);
    assert_eq!(reject(&x, &y, &hunks), x);
    assert!(word_diff(&x, &x).is_empty(), "a text differs from itself");
    let s = similarity(&a, &b);
    assert!((0.0..=1.0).contains(&s), "similarity {s}");

    // The whole analysis.
    let old_texts: Vec<&str> = old.split("\n\n").collect();
    let new_texts: Vec<&str> = new.split("\n\n").collect();
    let (r0, r1, r2) = (revision("r0", &old_texts), revision("r1", &old_texts), revision("r2", &new_texts));
    if r0.paragraphs.is_empty() || r2.paragraphs.is_empty() {
        return; // the loader refuses a revision without paragraphs
    }
    let amendments = parts
        .enumerate()
        .filter_map(|(k, spec)| {
            let (element, op) = parse(spec, &r1)?;
            amendment(k, if k % 2 == 0 { "GRP" } else { "AAA" }, &r1, &element, op)
        })
        .collect();
    exercise(&negotiation(vec![r0, r1, r2], amendments));
});

/// `r0 phrase|with` → (`p0`, Replace { phrase, with }).
fn parse(spec: &str, r: &Revision) -> Option<(String, Operation)> {
    let mut chars = spec.chars();
    let op = chars.next()?;
    let digit = chars.next().and_then(|c| c.to_digit(10)).unwrap_or(0) as usize;
    let rest = chars.as_str().strip_prefix(' ').unwrap_or(chars.as_str());
    let mut args = rest.split('|');
    let (first, second) = (args.next().unwrap_or_default().to_owned(), args.next().unwrap_or_default().to_owned());
    let element = match op {
        'a' => format!("p{digit}"),
        _ => r.paragraphs.get(digit % r.paragraphs.len())?.id.clone(),
    };
    let operation = match op {
        'r' => Operation::Replace { phrase: first, with: second },
        'i' => Operation::Insert { text: first, anchor: second, before: false },
        'b' => Operation::Insert { text: first, anchor: second, before: true },
        'd' => Operation::Delete { phrase: first },
        't' => Operation::Text { text: first },
        'x' => Operation::DeleteParagraph,
        'a' => Operation::Add { text: first, after_element: None },
        _ => return None,
    };
    Some((element, operation))
}
