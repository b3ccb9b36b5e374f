//! Terminal output: colors only on a terminal and never with `NO_COLOR`, and text from
//! the drafts stripped of control characters so a file cannot drive the terminal.

/// Removes control characters (escape sequences included) from text taken from the
/// drafts; tabs become spaces, newlines stay.
///
/// ```text
/// "a\u{1b}[31mb\tc" -> "a[31mb c"
/// ```
pub fn sanitize(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() => None,
            // Bidirectional overrides can disguise text; drop them too.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences() {
        assert_eq!(sanitize("a\u{1b}[31mb\tc\u{7}"), "a[31mb c");
    }
}
