//! Square-bracketed wording: text not yet agreed, as in UN practice.

use std::ops::Range;

/// One bracketed passage, outermost brackets only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bracket {
    /// Byte range in the text, brackets included.
    pub span: Range<usize>,
    /// The bracketed wording, brackets excluded.
    pub inner: String,
    /// Whether the closing bracket is missing (runs to the end of the text).
    pub unclosed: bool,
}

/// Finds the outermost bracketed passages of `text`. Nested brackets count once, with
/// their outermost pair.
///
/// ```text
/// "a [b [c]] d [e" -> ["[b [c]]", "[e" (unclosed)]
/// ```
pub fn brackets(text: &str) -> Vec<Bracket> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '[' => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(Bracket { span: start..i + 1, inner: text[start + 1..i].to_owned(), unclosed: false });
                }
            }
            _ => {}
        }
    }
    if depth > 0 {
        out.push(Bracket { span: start..text.len(), inner: text[start + 1..].to_owned(), unclosed: true });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_outermost_and_unclosed() {
        let b = brackets("a [b [c]] d [e");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].inner, "b [c]");
        assert!(!b[0].unclosed);
        assert_eq!(b[1].inner, "e");
        assert!(b[1].unclosed);
    }

    #[test]
    fn stray_closing_bracket_is_ignored() {
        assert!(brackets("a ] b").is_empty());
    }
}
