//! Text from the drafts in the Markdown concord writes to be read (`diff --format md`,
//! `report`, the amendments table): shown as written, never as markup. A received draft
//! cannot place a link whose target differs from its text, an image, raw HTML or an
//! entity, and a line break in its text cannot end a table row or a list item.
//!
//! The export of a revision as Markdown is a document to edit and import again; it
//! escapes with backslashes only, which `concord import` undoes (`plain.rs`).

use crate::text::visible;

/// Escapes text for a paragraph, a heading, a list item or a table cell: hidden
/// characters shown as `\u{…}` ([`visible::lines`]); the characters that start inline
/// markup backslash-escaped (`[` and `]` of links and images, emphasis, code, `|` of
/// tables, `~`, `$` of math); `<`, `>` and `&` as entities, so no HTML, autolink or
/// entity can form; line breaks written as `line_break` (`<br>` where HTML is allowed,
/// else a space).
///
/// ```text
/// "[x](http://a) ![i](y) <http://b> <b> &#8238; | c_d"
///   -> "\[x\](http://a) !\[i\](y) &lt;http://b&gt; &lt;b&gt; &amp;\#8238; \| c_d"
/// ```
pub fn escape(text: &str, line_break: &str) -> String {
    let text = visible::lines(text);
    let chars: Vec<char> = text.chars().collect();
    let mut s = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let word_at = |i: usize| chars.get(i).is_some_and(|c| c.is_alphanumeric());
        match c {
            '\n' => s.push_str(line_break),
            // `not_taken_up`: an underscore inside a word is never emphasis.
            '_' if i > 0 && word_at(i - 1) && word_at(i + 1) => s.push('_'),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '&' => s.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' | '$' => {
                s.push('\\');
                s.push(c);
            }
            c => s.push(c),
        }
    }
    s
}

/// An escaped text placed at the start of a block (a paragraph, after `> ` or `- `):
/// leading spaces dropped (four would open a code block), and a `-`, `+` or `=` or a
/// number followed by `.` or `)` escaped, so the text opens no list, rule or heading.
///
/// ```text
/// "- not a list" -> "\- not a list"      "2022. A year" -> "2022\. A year"
/// ```
pub fn at_line_start(escaped: &str) -> String {
    let text = escaped.trim_start_matches(' ');
    if text.starts_with(['-', '+', '=']) {
        return format!("\\{text}");
    }
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && text[digits..].starts_with(['.', ')']) {
        return format!("{}\\{}", &text[..digits], &text[digits..]);
    }
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_images_autolinks_html_and_entities_are_inert() {
        assert_eq!(
            escape("[x](http://a) ![i](y) <http://b> <b> &#8238; | c_d", " "),
            "\\[x\\](http://a) !\\[i\\](y) &lt;http://b&gt; &lt;b&gt; &amp;\\#8238; \\| c_d"
        );
        assert_eq!(escape("[a] *b* <i>", " "), "\\[a\\] \\*b\\* &lt;i&gt;");
        assert_eq!(escape("not_taken_up _x_ $x$", " "), "not_taken_up \\_x\\_ \\$x\\$");
    }

    #[test]
    fn line_breaks_and_hidden_characters_never_reach_the_markdown() {
        assert_eq!(escape("one\n| two |", "<br>"), "one<br>\\| two \\|");
        assert_eq!(escape("line\nbreak", " "), "line break");
        assert_eq!(escape("a\u{200B}\u{202E}b\r", " "), "a\\\\u{200B}\\\\u{202E}b\\\\r");
    }

    #[test]
    fn block_markers_at_the_start_are_escaped() {
        assert_eq!(at_line_start("- not a list"), "\\- not a list");
        assert_eq!(at_line_start("    code? no"), "code? no");
        assert_eq!(at_line_start("2022. A year"), "2022\\. A year");
        assert_eq!(at_line_start("3) three"), "3\\) three");
        assert_eq!(at_line_start("2022 was"), "2022 was");
    }
}
