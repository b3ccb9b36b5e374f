//! A revision as plain text or Markdown: the title, symbol and date, the section
//! headings, and the numbered paragraphs, brackets and all.
//!
//! The layout is the one `concord import` reads back: in text, the title is underlined
//! with `=` and headings with `-`; in Markdown, the title is `#` and headings `##`.
//! Paragraphs are separated by blank lines and start with their number (`7.`,
//! `7 bis.`); line breaks inside a paragraph (sub-items) are kept.

use crate::draft::Revision;

/// The revision as plain text.
///
/// ```text
/// Rev.1
/// =====
/// A/AC.292/2022/CRP.1/Rev.1
/// 2022-07-08
///
/// Introduction
/// ------------
///
/// 1. The Group met …
/// ```
pub fn text(rev: &Revision) -> String {
    let mut out = String::new();
    let title = one_line(&rev.title);
    out.push_str(&title);
    out.push('\n');
    out.push_str(&underline(&title, '='));
    for line in [&rev.symbol, &rev.date].into_iter().flatten() {
        out.push_str(&one_line(line));
        out.push('\n');
    }
    let mut section: Option<&str> = None;
    for p in &rev.paragraphs {
        if section != Some(p.section.as_str()) {
            section = Some(&p.section);
            if !p.section.trim().is_empty() {
                let heading = one_line(&p.section);
                out.push('\n');
                out.push_str(&heading);
                out.push('\n');
                out.push_str(&underline(&heading, '-'));
            }
        }
        out.push('\n');
        let number = one_line(&p.number);
        if !number.is_empty() {
            out.push_str(&number);
            if !number.ends_with(['.', ')']) {
                out.push('.');
            }
            out.push(' ');
        }
        out.push_str(&body(&p.text.text));
        out.push('\n');
    }
    out
}

/// The revision as Markdown.
///
/// ```text
/// # Rev.1
///
/// A/AC.292/2022/CRP.1/Rev.1
///
/// ## Introduction
///
/// 1. The Group met …
/// ```
pub fn markdown(rev: &Revision) -> String {
    let mut out = String::new();
    out.push_str("# ");
    out.push_str(&escape(&one_line(&rev.title)));
    out.push('\n');
    for line in [&rev.symbol, &rev.date].into_iter().flatten() {
        out.push('\n');
        out.push_str(&escape(&one_line(line)));
        out.push('\n');
    }
    let mut section: Option<&str> = None;
    for p in &rev.paragraphs {
        if section != Some(p.section.as_str()) {
            section = Some(&p.section);
            if !p.section.trim().is_empty() {
                out.push_str("\n## ");
                out.push_str(&escape(&one_line(&p.section)));
                out.push('\n');
            }
        }
        out.push('\n');
        let number = one_line(&p.number);
        if !number.is_empty() {
            out.push_str(&escape_inline(&number));
            if !number.ends_with(['.', ')']) {
                out.push('.');
            }
            out.push(' ');
        }
        let text: Vec<String> = body(&p.text.text).lines().map(escape).collect();
        out.push_str(&text.join("\n"));
        out.push('\n');
    }
    out
}

/// A paragraph's text: trimmed, no blank lines inside (they would end the paragraph),
/// tabs as spaces, control characters dropped.
fn body(text: &str) -> String {
    let clean = super::docx::xml::clean(text).replace('\t', " ");
    let lines: Vec<&str> = clean.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    lines.join("\n")
}

/// Titles, headings and paragraph numbers on one line.
fn one_line(text: &str) -> String {
    body(text).replace('\n', " ")
}

fn underline(text: &str, c: char) -> String {
    let width = text.chars().count().max(3);
    let mut line: String = std::iter::repeat_n(c, width).collect();
    line.push('\n');
    line
}

/// Escapes a line of Markdown so it renders as the text it is: inline markup characters
/// anywhere, and block markers (`#`, `-`, `>`, `1.`) at its start.
///
/// ```text
/// "- a *b* [c]" -> "\- a \*b\* [c]"
/// ```
fn escape(line: &str) -> String {
    let escaped = escape_inline(line);
    let first = escaped.chars().next();
    if matches!(first, Some('#' | '-' | '+' | '=' | '>' | '|' | '~')) {
        return format!("\\{escaped}");
    }
    // "2022. The" would start an ordered list.
    let digits = escaped.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && matches!(escaped[digits..].chars().next(), Some('.' | ')')) {
        return format!("{}\\{}", &escaped[..digits], &escaped[digits..]);
    }
    escaped
}

/// Escapes inline markup with backslashes, which `concord import` undoes: emphasis, code,
/// `<` (HTML and autolinks), `&` (entities), `|` (tables), `~`, `$` (math), and the `]`
/// that would close a link or an image (`](`, `][`, `]:`). The square brackets of
/// negotiation, `[on a basis]`, stay as they are: without a target they link nowhere.
///
/// ```text
/// "[x](http://a) ![i](y) <b> [kept]" -> "[x\](http://a) ![i\](y) \<b> [kept]"
/// ```
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let link = c == ']' && matches!(chars.peek(), Some('(' | '[' | ':'));
        if link || matches!(c, '\\' | '*' | '_' | '`' | '<' | '&' | '|' | '~' | '$') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup_but_keeps_brackets() {
        assert_eq!(escape("- a *b* [c]"), "\\- a \\*b\\* [c]");
        assert_eq!(escape("2022. The year"), "2022\\. The year");
        assert_eq!(escape("a_b <c> & d"), "a\\_b \\<c> \\& d");
    }

    #[test]
    fn markdown_links_images_and_html_are_inert() {
        assert_eq!(escape_inline("[x](http://a) ![i](y) <b> [kept]"), "[x\\](http://a) ![i\\](y) \\<b> [kept]");
        assert_eq!(escape_inline("[r][ref] [ref]: http://a <http://b>"), "[r\\][ref] [ref\\]: http://a \\<http://b>");
        assert_eq!(escape_inline("a | b ~~c~~ $x$"), "a \\| b \\~\\~c\\~\\~ \\$x\\$");
    }

    #[test]
    fn bodies_lose_blank_lines_and_tabs() {
        assert_eq!(body("  a\tb\n\n (a) c \n"), "a b\n(a) c");
    }
}
