//! Text as concord compares it: NFC-normalized Unicode word segments (UAX #29).
//!
//! Whitespace is never a token, punctuation is a token of its own, and a Chinese
//! ideograph is one token. Every token keeps its byte span in the normalized text, so
//! renderers can show the original spacing and punctuation.
//!
//! ```text
//! "States, in  good faith" -> ["States", ",", "in", "good", "faith"]
//! ```
//!
//! [`visible`] is how any text from the drafts is shown to a reader: with the characters
//! that could drive a terminal, reorder or hide text written out.

mod brackets;
mod intern;
pub mod visible;

pub use brackets::{
    AlternativeKind, Alternatives, Bracket, BracketCount, Unmatched, brackets, count as count_brackets,
};
pub use intern::Interner;

use std::ops::Range;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};
use unicode_segmentation::UnicodeSegmentation;

/// A text in NFC with the byte span of every token.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokenized {
    /// The NFC-normalized text.
    pub text: String,
    /// Byte ranges of the tokens in `text`, in order, never overlapping.
    pub spans: Vec<Range<usize>>,
}

impl Tokenized {
    /// Tokenizes `raw` after normalizing it to NFC.
    pub fn new(raw: &str) -> Self {
        let text = nfc(raw);
        let spans = token_spans(&text);
        Tokenized { text, spans }
    }

    /// Tokenizes `raw`, keeping the string itself when it is NFC already (the usual
    /// case) instead of copying it.
    pub fn from_string(raw: String) -> Self {
        let text = if is_nfc(&raw) { raw } else { raw.nfc().collect() };
        let spans = token_spans(&text);
        Tokenized { text, spans }
    }

    /// Number of tokens.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// Whether the text has no token at all.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The token at index `i`.
    pub fn token(&self, i: usize) -> &str {
        &self.text[self.spans[i].clone()]
    }

    /// Iterates over the tokens as string slices.
    pub fn tokens(&self) -> impl Iterator<Item = &str> + '_ {
        self.spans.iter().map(|r| &self.text[r.clone()])
    }

    /// The original text covering tokens `range` (from the first token's start to the
    /// last token's end, inner spacing kept). Empty for an empty range.
    pub fn slice(&self, range: Range<usize>) -> &str {
        if range.start >= range.end {
            return "";
        }
        &self.text[self.spans[range.start].start..self.spans[range.end - 1].end]
    }

    /// Byte offset where token `i` starts; `text.len()` past the last token.
    pub fn byte_start(&self, i: usize) -> usize {
        self.spans.get(i).map_or(self.text.len(), |r| r.start)
    }

    /// Finds every occurrence of the token sequence `needle` and returns the token index
    /// where each starts.
    pub fn find_all(&self, needle: &Tokenized) -> Vec<usize> {
        let n = needle.len();
        if n == 0 || n > self.len() {
            return Vec::new();
        }
        (0..=self.len() - n).filter(|&i| (0..n).all(|k| self.token(i + k) == needle.token(k))).collect()
    }
}

/// Normalizes to NFC, without copying work when the text is already NFC (the usual case).
/// ASCII is always NFC: it is recognized with a fast byte scan before the check that
/// decodes every character.
pub fn nfc(raw: &str) -> String {
    if is_nfc(raw) { raw.to_owned() } else { raw.nfc().collect() }
}

/// Whether `raw` is surely NFC already: ASCII, or so by the quick check.
fn is_nfc(raw: &str) -> bool {
    raw.is_ascii() || is_nfc_quick(raw.chars()) == IsNormalized::Yes
}

/// Byte spans of the word segments of `text`, whitespace segments dropped.
///
/// ```text
/// "non-binding, 信息安全" -> ["non", "-", "binding", ",", "信", "息", "安", "全"]
/// ```
pub fn token_spans(text: &str) -> Vec<Range<usize>> {
    let mut spans = Vec::with_capacity(text.len() / 5);
    if text.is_ascii() {
        ascii_spans(text.as_bytes(), &mut spans);
        return spans;
    }
    for (start, seg) in text.split_word_bound_indices() {
        if !seg.chars().all(char::is_whitespace) {
            spans.push(start..start + seg.len());
        }
    }
    spans
}

/// The word-break classes UAX #29 gives ASCII characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Numeric,
    /// `_`: joins letters and digits.
    ExtendNumLet,
    /// `:`: joins letters.
    MidLetter,
    /// `.`: joins letters, and digits.
    MidNumLet,
    /// `'`: joins letters, and digits.
    SingleQuote,
    /// `,` `;`: join digits.
    MidNum,
    Space,
    Other,
}

/// The class of every byte, looked up rather than matched: the tokenizer's inner loop.
static CLASSES: [Class; 256] = {
    let mut table = [Class::Other; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = classify(b as u8);
        b += 1;
    }
    table
};

fn class(b: u8) -> Class {
    CLASSES[b as usize]
}

const fn classify(b: u8) -> Class {
    match b {
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Numeric,
        b'_' => Class::ExtendNumLet,
        b':' => Class::MidLetter,
        b'.' => Class::MidNumLet,
        b'\'' => Class::SingleQuote,
        b',' | b';' => Class::MidNum,
        b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => Class::Space,
        _ => Class::Other,
    }
}

/// UAX #29 word segmentation specialised to ASCII, whitespace dropped: the same segments
/// as `unicode-segmentation` (a property test checks it), several times faster.
///
/// ```text
/// "can't e.g. 3.5 a_b x:y" -> ["can't", "e.g", ".", "3.5", "a_b", "x:y"]
/// ```
fn ascii_spans(b: &[u8], spans: &mut Vec<Range<usize>>) {
    use Class::*;
    let word = |c: Class| matches!(c, Letter | Numeric | ExtendNumLet);
    let words = WordBytes::new(b);
    let mut i = 0;
    while i < b.len() {
        match class(b[i]) {
            Space => i += 1,
            c if word(c) => {
                let start = i;
                loop {
                    i = words.run_end(i);
                    // A middle character joins two letters (WB6/7) or two digits (WB11/12).
                    if i + 1 < b.len() {
                        let (prev, mid, next) = (class(b[i - 1]), class(b[i]), class(b[i + 1]));
                        // The middle first: after most words it is a space, and that settles it.
                        let letters =
                            matches!(mid, MidLetter | MidNumLet | SingleQuote) && prev == Letter && next == Letter;
                        let digits =
                            matches!(mid, MidNum | MidNumLet | SingleQuote) && prev == Numeric && next == Numeric;
                        if letters || digits {
                            i += 2;
                            continue;
                        }
                    }
                    break;
                }
                spans.push(start..i);
            }
            _ => {
                spans.push(i..i + 1);
                i += 1;
            }
        }
    }
}

/// Which bytes of an ASCII text are word bytes (letters, digits, `_`), 64 to a `u64`: the
/// end of a run of them is then found by counting trailing ones, not by a branch per byte
/// whose exit, at the end of every word, the processor cannot predict.
struct WordBytes(Vec<u64>);

impl WordBytes {
    /// The bitmap of an ASCII text.
    fn new(b: &[u8]) -> Self {
        let bits = |chunk: &[u8]| {
            chunk.chunks(8).enumerate().fold(0u64, |bits, (k, eight)| {
                // A fixed-size copy, except for the text's last few bytes (zeros after them).
                let word = <[u8; 8]>::try_from(eight).unwrap_or_else(|_| {
                    let mut padded = [0u8; 8];
                    padded[..eight.len()].copy_from_slice(eight);
                    padded
                });
                bits | word_byte_bits(u64::from_le_bytes(word)) << (8 * k)
            })
        };
        WordBytes(b.chunks(64).map(bits).collect())
    }

    /// The first index from `i` on that is not a word byte (the text's length at its end).
    fn run_end(&self, mut i: usize) -> usize {
        while let Some(&bits) = self.0.get(i / 64) {
            let offset = i % 64;
            // The shifted-in zeros bound the count: at most to the end of this `u64`.
            let ones = (!(bits >> offset)).trailing_zeros() as usize;
            i += ones;
            if offset + ones < 64 {
                break;
            }
        }
        i
    }
}

/// Which of eight ASCII bytes are word bytes: letters, digits and `_`, the bytes of
/// [`Class`] `Letter`, `Numeric` and `ExtendNumLet` (byte `k` of `x`, little-endian, gives
/// bit `k`). Integer arithmetic on the whole word: no byte is above 0x7f, so adding less
/// than 0x80 to each never carries into the next.
///
/// ```text
/// b"ab, 9_:Z" -> 0b1011_0011
/// ```
fn word_byte_bits(x: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x80 * ONES;
    // The high bit of each byte that is within `lo..=hi`.
    let within = |x: u64, lo: u8, hi: u8| (x + u64::from(0x80 - lo) * ONES) & !(x + u64::from(0x7f - hi) * ONES) & HIGH;
    // Setting bit 5 lower-cases a letter and makes no other byte a lower-case letter.
    let word = within(x | (0x20 * ONES), b'a', b'z') | within(x, b'0', b'9') | within(x, b'_', b'_');
    // Gathers the eight high bits, byte `k`'s to bit `k`.
    (word >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// Whether a token is punctuation or a symbol only (no letter or digit).
pub fn is_punctuation(token: &str) -> bool {
    !token.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        Tokenized::new(s).tokens().map(str::to_owned).collect()
    }

    #[test]
    fn punctuation_is_its_own_token_and_whitespace_is_dropped() {
        assert_eq!(toks("States,  in\ngood faith."), ["States", ",", "in", "good", "faith", "."]);
    }

    #[test]
    fn hyphenated_words_split_apostrophes_do_not() {
        assert_eq!(toks("non-binding States' can't"), ["non", "-", "binding", "States", "'", "can't"]);
    }

    #[test]
    fn chinese_ideographs_are_tokens() {
        assert_eq!(toks("信息安全。"), ["信", "息", "安", "全", "。"]);
    }

    #[test]
    fn nfc_makes_composed_and_decomposed_equal() {
        assert_eq!(toks("re\u{301}sume\u{301}"), toks("résumé"));
    }

    #[test]
    fn slice_keeps_inner_spacing() {
        let t = Tokenized::new("a  b,\tc");
        assert_eq!(t.slice(0..3), "a  b,");
        assert_eq!(t.slice(1..1), "");
    }

    /// The ASCII fast path's spans of `s`.
    fn fast_spans(s: &str) -> Vec<Range<usize>> {
        let mut spans = Vec::new();
        ascii_spans(s.as_bytes(), &mut spans);
        spans
    }

    /// `unicode-segmentation`'s word segments of `s`, whitespace dropped.
    fn reference_spans(s: &str) -> Vec<Range<usize>> {
        s.split_word_bound_indices()
            .filter(|(_, w)| !w.chars().all(char::is_whitespace))
            .map(|(i, w)| i..i + w.len())
            .collect()
    }

    #[test]
    fn ascii_fast_path_matches_unicode_segmentation() {
        let samples =
            ["can't e.g. 3.5 a_b x:y", "1,000; 2;3 a.b.c. 'quoted' __init__", "x.1 1.x a'1 9'9 :a a:", "A/AC.292 [b]"];
        for s in samples {
            assert_eq!(fast_spans(s), reference_spans(s), "{s}");
        }
    }

    fn is_word_byte(c: u8) -> bool {
        c.is_ascii_alphanumeric() || c == b'_'
    }

    #[test]
    fn word_bytes_are_the_word_classes() {
        for c in 0..=255u8 {
            assert_eq!(
                is_word_byte(c),
                matches!(class(c), Class::Letter | Class::Numeric | Class::ExtendNumLet),
                "{c}"
            );
        }
    }

    #[test]
    fn word_byte_bits_of_eight_bytes() {
        assert_eq!(word_byte_bits(u64::from_le_bytes(*b"ab, 9_:Z")), 0b1011_0011);
        for c in 0..=0x7fu8 {
            for k in 0..8 {
                let mut eight = *b" a!_9Zz.";
                eight[k] = c;
                let expected = (0..8).fold(0, |bits, i| bits | u64::from(is_word_byte(eight[i])) << i);
                assert_eq!(word_byte_bits(u64::from_le_bytes(eight)), expected, "{c} at {k}");
            }
        }
    }

    proptest::proptest! {
        /// Words longer than 64 bytes and texts of several hundred, across the `u64`s of
        /// [`WordBytes`].
        #[test]
        fn ascii_fast_path_matches_unicode_segmentation_on_long_texts(
            pieces in proptest::collection::vec("[a-zA-Z0-9_]{0,90}|[.,;:' \t\n!?/-]", 0..40),
        ) {
            let s = pieces.concat();
            proptest::prop_assert_eq!(fast_spans(&s), reference_spans(&s), "{}", s);
        }
    }

    #[test]
    fn find_all_matches_token_sequences_not_substrings() {
        let t = Tokenized::new("States, and the States");
        assert_eq!(t.find_all(&Tokenized::new("States")), [0, 4]);
        assert_eq!(t.find_all(&Tokenized::new("tat")), Vec::<usize>::new());
    }
}
