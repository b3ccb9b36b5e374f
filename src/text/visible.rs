//! Text from a received folder as concord shows it to a reader: every character that
//! could drive a terminal, reorder the text around it or hide inside it is written out
//! as `\u{…}`, so what the reader sees is what the folder holds, and a field from the
//! drafts never spans two lines of concord's output.
//!
//! Every line concord prints from the drafts (the commands' output, diagnostics, errors)
//! goes through [`line`] or [`lines`], and so do the pieces of every diff a person reads
//! (terminal, Markdown, the HTML report's marked text): an inserted zero-width word shows
//! as `{+\u{200B}+}` instead of an empty insertion. What concord writes as data (JSON)
//! or as a document to edit further (`export -o`, Word) keeps the text as it is.
//!
//! Shown as `\u{X}` (the code point in hex, upper case):
//! - control characters: C0 (U+0000–U+001F, escape sequences and BEL included) but the
//!   tab (a space) and the line break, DEL, C1 (U+0080–U+009F);
//! - bidirectional controls: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069;
//! - invisible format characters: the soft hyphen, U+034F, U+115F, U+1160, U+17B4,
//!   U+17B5, U+180E, U+200B–U+200D, U+2028, U+2029, U+2060–U+2064, U+206A–U+206F,
//!   U+3164, U+FEFF, U+FFA0, U+FFF9–U+FFFB, U+13430–U+1343F, U+1BCA0–U+1BCA3,
//!   U+1D173–U+1D17A, the tag characters U+E0000–U+E007F (every format character, Cf,
//!   but the visible signs U+0600–U+0605, U+06DD, U+070F, U+0890, U+0891, U+08E2,
//!   U+110BD and U+110CD);
//! - variation selectors (U+180B–U+180D, U+180F, U+FE00–U+FE0F, U+E0100–U+E01EF) where
//!   alone: at the start, after a space or after another shown or selector character,
//!   so `❤️` stays but a run of selectors smuggled after a letter shows.
//!
//! A line break is shown as `\n` by [`line`] (a title, a name, a file name) and kept by
//! [`lines`] (a paragraph's text, whose line breaks are its own); a carriage return is
//! always shown, as `\r`. A backslash in the text is left as it is: a literal `\u{202E}`
//! typed into a draft shows the same as an escaped override, and both are inert.

use std::borrow::Cow;

/// Whether `c` is always shown as `\u{…}`: a control character (line break and tab
/// excepted), a bidirectional control or an invisible format character.
///
/// ```text
/// '\u{1b}' -> true   '\u{202E}' -> true   '\u{200B}' -> true   'a' -> false   '\n' -> false
/// ```
pub fn is_hidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{B}'..='\u{1F}' | '\u{7F}'..='\u{9F}'
        | '\u{AD}' | '\u{34F}' | '\u{61C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}' | '\u{180E}'
        | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0000}'..='\u{E007F}')
}

/// Whether `c` selects a variant of the character before it.
fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{180B}'..='\u{180D}' | '\u{180F}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// One field of a line: line breaks and every hidden character shown, tabs as spaces.
///
/// ```text
/// "Rev.1\n\u{1b}[2Kok \u{202E}fdp.exe" -> "Rev.1\n\u{1B}[2Kok \u{202E}fdp.exe" (the `\n` as two characters)
/// "States\u{200B} met\tagain"          -> "States\u{200B} met again"
/// ```
pub fn line(text: &str) -> Cow<'_, str> {
    show(text, false)
}

/// Text of several lines: its line breaks kept, every hidden character shown (a
/// carriage return as `\r`), tabs as spaces.
///
/// ```text
/// "(a) now\r\n(b) later\u{7}" -> "(a) now\r" + line break + "(b) later\u{7}"
/// ```
pub fn lines(text: &str) -> Cow<'_, str> {
    show(text, true)
}

fn show(text: &str, keep_breaks: bool) -> Cow<'_, str> {
    let plain = |b: u8| (0x20..0x7F).contains(&b) || (keep_breaks && b == b'\n');
    if text.bytes().all(plain) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let alone = || previous.is_none_or(|p| p.is_whitespace() || is_hidden(p) || is_variation_selector(p));
        match c {
            '\n' if keep_breaks => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push(' '),
            c if is_hidden(c) || (is_variation_selector(c) && alone()) => {
                out.push_str(&format!("\\u{{{:X}}}", c as u32));
            }
            c => out.push(c),
        }
        previous = Some(c);
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(line("a\u{1b}[31mb\u{7}c\u{9b}2J\u{7f}"), "a\\u{1B}[31mb\\u{7}c\\u{9B}2J\\u{7F}");
        assert_eq!(line("a\tb"), "a b");
        assert_eq!(line("\u{0}"), "\\u{0}");
    }

    #[test]
    fn a_field_never_spans_two_lines() {
        assert_eq!(line("Rev.1\nr1: ok\r"), "Rev.1\\nr1: ok\\r");
        assert_eq!(lines("(a) now\n(b) later\r\n"), "(a) now\n(b) later\\r\n");
        assert_eq!(line("a\u{2028}b\u{85}c"), "a\\u{2028}b\\u{85}c");
    }

    #[test]
    fn bidirectional_controls_and_invisible_characters_are_shown() {
        assert_eq!(line("exe.\u{202E}fdp"), "exe.\\u{202E}fdp");
        assert_eq!(line("\u{2066}x\u{2069}\u{200E}\u{200F}\u{61C}"), "\\u{2066}x\\u{2069}\\u{200E}\\u{200F}\\u{61C}");
        assert_eq!(line("non\u{200B}binding\u{FEFF}"), "non\\u{200B}binding\\u{FEFF}");
        assert_eq!(line("a\u{E0041}\u{E007F}"), "a\\u{E0041}\\u{E007F}");
        assert_eq!(line("soft\u{AD}hyphen\u{2060}"), "soft\\u{AD}hyphen\\u{2060}");
    }

    #[test]
    fn variation_selectors_show_only_where_alone() {
        assert_eq!(line("\u{2764}\u{FE0F}"), "\u{2764}\u{FE0F}");
        assert_eq!(line("a\u{FE00}\u{FE01}"), "a\u{FE00}\\u{FE01}");
        assert_eq!(line("\u{FE0F} x \u{E0100}"), "\\u{FE0F} x \\u{E0100}");
    }

    #[test]
    fn plain_text_is_not_copied() {
        assert!(matches!(line("States met."), Cow::Borrowed(_)));
        assert!(matches!(lines("a\nb"), Cow::Borrowed(_)));
        assert!(matches!(line("a\nb"), Cow::Owned(_)));
        assert_eq!(line("信息安全 ❤ été"), "信息安全 ❤ été");
    }

    proptest::proptest! {
        /// Whatever a field holds, it is shown on one line without a character that could
        /// drive a terminal or hide; text of several lines keeps only its line breaks; text
        /// with nothing to show is left alone.
        #[test]
        fn shown_text_has_nothing_hidden(s in "(\\PC|\\p{Cc}|\\p{Cf}|[\u{FE00}-\u{FE0F}\u{E0100}\n\r\t ])*") {
            let one = line(&s);
            proptest::prop_assert!(!one.chars().any(|c| is_hidden(c) || c.is_control()), "{:?}", one);
            let several = lines(&s);
            proptest::prop_assert!(!several.chars().any(|c| is_hidden(c) || (c.is_control() && c != '\n')), "{:?}", several);
            proptest::prop_assert_eq!(several.matches('\n').count(), s.matches('\n').count());
            if !s.chars().any(|c| is_hidden(c) || is_variation_selector(c) || c.is_control()) {
                proptest::prop_assert_eq!(one.as_ref(), s.as_str());
            }
        }
    }
}
