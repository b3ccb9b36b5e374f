//! What a reader of a Markdown document does not see, taken out before the document is
//! read: HTML comments (`<!-- … -->`, on one line or several), HTML elements hidden from
//! sight (the `hidden` attribute, `style="display: none"` or `visibility: hidden`, and
//! `<script>`, `<style>`, `<template>`, whose content is never shown), and link reference
//! definitions (`[label]: url`, which Markdown writers also use as comments:
//! `[//]: # (note)`). `aria-hidden` hides nothing from sight, so it stays.
//!
//! ```text
//! "1. States <!-- planted --> agreed." -> "1. States  agreed."       (1 comment)
//! "<div hidden>\n2. Planted.\n</div>"   -> ""                         (1 hidden element)
//! ```
//!
//! The rules follow CommonMark where it matters to what is shown: a comment that starts a
//! line may span blank lines and runs to the end of the document when it is not closed;
//! one inside a paragraph must close before the paragraph ends, or it is text. A hidden
//! element runs to its closing tag (nested tags of its name counted); left open, an
//! inline one (`<span hidden>`) ends with its paragraph, another with the document, as a
//! browser renders it. Fenced code blocks are shown as written, comments included.
//! Not recognized: text hidden by other CSS (`font-size: 0`, white on white), comments
//! inside inline code spans (taken out, though a reader sees them), and tags longer than
//! [`MAX_TAG_BYTES`] (kept as text).
//!
//! Every search is linear: searches for the end of a comment and for blank lines are
//! cached and move forward only, and whatever a search for a closing tag scans is taken out.

use std::borrow::Cow;

/// What was taken out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unseen {
    /// HTML comments and link reference definitions.
    pub comments: usize,
    /// Hidden HTML elements.
    pub elements: usize,
}

/// Longest HTML tag recognized, in bytes (a real one has a few dozen).
pub const MAX_TAG_BYTES: usize = 4096;

/// Elements that are inline in HTML: left open, they end with their paragraph.
const INLINE: [&str; 28] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "label",
    "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
];

/// Elements without content.
const VOID: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];

/// Elements whose content is never shown.
const NEVER_SHOWN: [&str; 3] = ["script", "style", "template"];

/// `source` without what a reader does not see, and what was taken out.
pub fn visible(source: &str) -> (Cow<'_, str>, Unseen) {
    if !source.contains('<') && !source.contains("]:") {
        return (Cow::Borrowed(source), Unseen::default());
    }
    let mut s = Scan { src: source, bytes: source.as_bytes(), comment_end: None, blank: None };
    let (text, unseen) = s.run();
    (Cow::Owned(text), unseen)
}

struct Scan<'a> {
    src: &'a str,
    bytes: &'a [u8],
    /// The last search for `-->`: from where, and where it was found (`usize::MAX`: nowhere).
    comment_end: Option<(usize, usize)>,
    /// The last search for a blank line: from where, and where it starts (the length of
    /// the source when there is none).
    blank: Option<(usize, usize)>,
}

impl Scan<'_> {
    fn run(&mut self) -> (String, Unseen) {
        let (src, b, n) = (self.src, self.bytes, self.bytes.len());
        let mut out = String::with_capacity(n);
        let mut unseen = Unseen::default();
        // Text from `kept` on is copied when something is taken out, or at the end.
        let (mut i, mut kept) = (0, 0);
        let (mut at_line_start, mut line_start, mut after_blank) = (true, 0, true);
        let mut fence: Option<(u8, usize)> = None;
        while i < n {
            if at_line_start {
                at_line_start = false;
                line_start = i;
                let end = memchr::memchr(b'\n', &b[i..]).map_or(n, |k| i + k);
                let line = &src[i..end];
                let next = (end + 1).min(n);
                if let Some(open) = fence {
                    if closes_fence(line, open) {
                        fence = None;
                    }
                    (i, at_line_start, after_blank) = (next, true, false);
                    continue;
                }
                if let Some(open) = opens_fence(line) {
                    fence = Some(open);
                    (i, at_line_start, after_blank) = (next, true, false);
                    continue;
                }
                if after_blank && is_link_definition(line) {
                    out.push_str(&src[kept..i]);
                    unseen.comments += 1;
                    (i, kept, at_line_start) = (next, next, true);
                    continue;
                }
                after_blank = line.trim().is_empty();
            }
            match b[i] {
                b'\n' => {
                    at_line_start = true;
                    i += 1;
                }
                b'\\' if b.get(i + 1).is_some_and(|&c| c != b'\n') => i += 2,
                b'<' => {
                    let starts_block = i - line_start < 4 && src[line_start..i].bytes().all(|c| c == b' ');
                    match self.hidden_at(i, starts_block) {
                        Some((end, comment)) => {
                            out.push_str(&src[kept..i]);
                            if comment {
                                unseen.comments += 1;
                            } else {
                                unseen.elements += 1;
                            }
                            (i, kept) = (end, end);
                            at_line_start = end > 0 && b[end - 1] == b'\n';
                        }
                        None => i += 1,
                    }
                }
                _ => i += 1,
            }
        }
        out.push_str(&src[kept..]);
        (out, unseen)
    }

    /// Where what starts at `i` (a `<`) ends when it is hidden, and whether it is a
    /// comment; `None` when it is shown.
    fn hidden_at(&mut self, i: usize, starts_block: bool) -> Option<(usize, bool)> {
        let n = self.bytes.len();
        if self.src[i..].starts_with("<!--") {
            return match self.comment_end(i + 2) {
                // Inside a paragraph, a comment cannot run past a blank line.
                Some(end) if starts_block || self.blank_line(i) > end => Some((end + 3, true)),
                None if starts_block => Some((n, true)),
                _ => None,
            };
        }
        let tag = Tag::parse(&self.src[i..])?;
        if !tag.hides() {
            return None;
        }
        let after = i + tag.len;
        if tag.self_closing || VOID.contains(&tag.name.as_str()) {
            return Some((after, false));
        }
        let inline = INLINE.contains(&tag.name.as_str());
        let limit = if inline { self.blank_line(after) } else { n };
        Some((self.closing(&tag.name, after, limit).unwrap_or(limit), false))
    }

    /// Where the first `-->` at or after `from` starts.
    fn comment_end(&mut self, from: usize) -> Option<usize> {
        let found = match self.comment_end {
            Some((start, at)) if start <= from && (at >= from || at == usize::MAX) => at,
            _ => memchr::memmem::find(&self.bytes[from..], b"-->").map_or(usize::MAX, |k| from + k),
        };
        self.comment_end = Some((from, found));
        (found != usize::MAX).then_some(found)
    }

    /// Where the first blank line after `from` starts (its `\n`), or the end.
    fn blank_line(&mut self, from: usize) -> usize {
        if let Some((start, at)) = self.blank
            && start <= from
            && at >= from
        {
            return at;
        }
        let b = self.bytes;
        let mut at = from;
        let found = loop {
            let Some(k) = memchr::memchr(b'\n', &b[at..]) else { break b.len() };
            let nl = at + k;
            let rest = b[nl + 1..].iter().position(|&c| c != b' ' && c != b'\t' && c != b'\r');
            match rest {
                Some(r) if b[nl + 1 + r] == b'\n' => break nl,
                None => break b.len(),
                Some(_) => at = nl + 1,
            }
        };
        self.blank = Some((from, found));
        found
    }

    /// The end of the tag closing an element `name` opened before `from`, searched up to
    /// `limit`, counting nested elements of the same name.
    fn closing(&self, name: &str, from: usize, limit: usize) -> Option<usize> {
        let b = &self.bytes[..limit];
        let mut depth = 1usize;
        let mut at = from;
        while let Some(k) = memchr::memchr(b'<', &b[at..]) {
            let lt = at + k;
            let rest = &b[lt + 1..];
            let (closing, rest) = match rest.strip_prefix(b"/") {
                Some(r) => (true, r),
                None => (false, rest),
            };
            let named = rest.len() > name.len()
                && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes())
                && matches!(rest[name.len()], b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/');
            if named && closing {
                depth -= 1;
                if depth == 0 {
                    return memchr::memchr(b'>', &b[lt..]).map(|k| lt + k + 1);
                }
            } else if named {
                depth += 1;
            }
            at = lt + 1;
        }
        None
    }
}

/// An HTML opening tag.
#[derive(Debug, PartialEq, Eq)]
struct Tag {
    /// Its name, in lower case.
    name: String,
    /// It has the `hidden` attribute.
    hidden: bool,
    /// Its `style` attribute, if any.
    style: Option<String>,
    /// It ends with `/>`.
    self_closing: bool,
    /// Its length in bytes, `<` to `>`.
    len: usize,
}

impl Tag {
    /// The opening tag `s` starts with, as CommonMark reads one: `<`, a name, attributes
    /// (`name`, `name=value`, `name='value'`, `name="value"`) separated by whitespace,
    /// then `>` or `/>`, within [`MAX_TAG_BYTES`] and no blank line.
    ///
    /// ```text
    /// "<span hidden>x" -> span, hidden, len 13;  "<https://x>" -> none;  "a < b" -> none
    /// ```
    fn parse(s: &str) -> Option<Tag> {
        let b = &s.as_bytes()[..s.len().min(MAX_TAG_BYTES)];
        let name_len = b[1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'-').count();
        if !b.get(1)?.is_ascii_alphabetic() {
            return None;
        }
        let mut tag = Tag {
            name: s[1..1 + name_len].to_ascii_lowercase(),
            hidden: false,
            style: None,
            self_closing: false,
            len: 0,
        };
        let mut i = 1 + name_len;
        loop {
            let space = skip_space(b, &mut i)?;
            match *b.get(i)? {
                b'>' => break,
                b'/' if b.get(i + 1) == Some(&b'>') => {
                    tag.self_closing = true;
                    i += 1;
                    break;
                }
                c if space && (c.is_ascii_alphabetic() || c == b'_' || c == b':') => {
                    let start = i;
                    while b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || b"_.:-".contains(c)) {
                        i += 1;
                    }
                    let attr = s[start..i].to_ascii_lowercase();
                    let mut j = i;
                    skip_space(b, &mut j)?;
                    let value = if b.get(j) == Some(&b'=') {
                        j += 1;
                        skip_space(b, &mut j)?;
                        let v = attribute_value(s, b, &mut j)?;
                        i = j;
                        Some(v)
                    } else {
                        None
                    };
                    match attr.as_str() {
                        "hidden" => tag.hidden = true,
                        "style" => tag.style = value,
                        _ => {}
                    }
                }
                _ => return None,
            }
        }
        tag.len = i + 1;
        Some(tag)
    }

    /// Whether the element hides its content from sight.
    fn hides(&self) -> bool {
        let style_hides = self.style.as_ref().is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        });
        self.hidden || style_hides || NEVER_SHOWN.contains(&self.name.as_str())
    }
}

/// Skips whitespace (one line break at most, no blank line); whether there was any.
/// `None` at a blank line.
fn skip_space(b: &[u8], i: &mut usize) -> Option<bool> {
    let start = *i;
    let mut breaks = 0;
    while let Some(&c) = b.get(*i) {
        match c {
            b' ' | b'\t' | b'\r' => {}
            b'\n' => {
                breaks += 1;
                if breaks > 1 {
                    return None;
                }
            }
            _ => break,
        }
        *i += 1;
    }
    Some(*i > start)
}

/// An attribute value at `*i`: quoted, or unquoted up to whitespace or `>`.
fn attribute_value(s: &str, b: &[u8], i: &mut usize) -> Option<String> {
    let start = *i;
    match *b.get(start)? {
        q @ (b'"' | b'\'') => {
            let end = start + 1 + memchr::memchr(q, &b[start + 1..])?;
            *i = end + 1;
            Some(s[start + 1..end].to_owned())
        }
        _ => {
            while b.get(*i).is_some_and(|c| !c.is_ascii_whitespace() && !b"\"'=<>`".contains(c)) {
                *i += 1;
            }
            (*i > start).then(|| s[start..*i].to_owned())
        }
    }
}

/// A line opening a fenced code block: its character and the length of its run.
fn opens_fence(line: &str) -> Option<(u8, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = *t.as_bytes().first()?;
    let run = t.bytes().take_while(|&x| x == c).count();
    ((c == b'`' || c == b'~') && run >= 3 && !(c == b'`' && t[run..].contains('`'))).then_some((c, run))
}

fn closes_fence(line: &str, (c, run): (u8, usize)) -> bool {
    let t = line.trim_start_matches(' ');
    line.len() - t.len() <= 3
        && t.bytes().take_while(|&x| x == c).count() >= run
        && t.trim_start_matches(c as char).trim().is_empty()
}

/// A link reference definition, `[label]: destination`, which Markdown does not show
/// (footnotes, `[^1]: …`, are shown, and are not one).
fn is_link_definition(line: &str) -> bool {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return false;
    }
    let Some(rest) = t.strip_prefix('[') else { return false };
    let Some(close) = rest.find("]:") else { return false };
    let label = &rest[..close];
    !label.trim().is_empty()
        && !label.starts_with('^')
        && !label.contains(['[', ']'])
        && !rest[close + 2..].trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> (String, Unseen) {
        let (t, u) = visible(s);
        (t.into_owned(), u)
    }

    fn counts(comments: usize, elements: usize) -> Unseen {
        Unseen { comments, elements }
    }

    #[test]
    fn comments_inline_and_across_lines() {
        assert_eq!(strip("1. States <!-- planted --> agreed."), ("1. States  agreed.".into(), counts(1, 0)));
        assert_eq!(
            strip("1. One.\n<!--\n\n2. Planted.\n\n-->\n3. Three."),
            ("1. One.\n\n3. Three.".into(), counts(1, 0))
        );
        assert_eq!(strip("a <!--> b <!---> c"), ("a  b  c".into(), counts(2, 0)));
        // Inside a paragraph, a comment does not cross a blank line: it is text.
        assert_eq!(strip("a <!-- b\n\nc --> d").0, "a <!-- b\n\nc --> d");
        // Starting a line, an unclosed comment runs to the end.
        assert_eq!(strip("1. One.\n<!-- planted\n\n2. Two."), ("1. One.\n".into(), counts(1, 0)));
        assert_eq!(strip("a \\<!-- b -->").0, "a \\<!-- b -->", "an escaped < starts nothing");
    }

    #[test]
    fn hidden_elements_and_visible_ones() {
        assert_eq!(strip("a <span hidden>b</span> c"), ("a  c".into(), counts(0, 1)));
        assert_eq!(strip("a <SPAN Hidden=\"\">b</span> c").0, "a  c");
        assert_eq!(
            strip("<div hidden>\n\n2. Planted <div>x</div> still\n\n</div>\n3. Three."),
            ("\n3. Three.".into(), counts(0, 1))
        );
        assert_eq!(strip("a <p style=\"color: red; display : none\">b</p> c").0, "a  c");
        assert_eq!(strip("a <i style='visibility:hidden'>b</i> c").0, "a  c");
        assert_eq!(strip("a <style>p {}</style><script>x</script> c"), ("a  c".into(), counts(0, 2)));
        assert_eq!(strip("a <img hidden src=x.png> c").0, "a  c");
        // Left open: a span ends with its paragraph, a div with the document.
        assert_eq!(strip("a <span hidden>b\nc\n\nd"), ("a \n\nd".into(), counts(0, 1)));
        assert_eq!(strip("a\n<div hidden>b\n\nd"), ("a\n".into(), counts(0, 1)));
        // Shown: aria-hidden, other styles, not tags at all.
        for shown in
            ["a <span aria-hidden=\"true\">b</span>", "a <b style=\"color:red\">b</b>", "a < b > c", "<https://x.org>"]
        {
            assert_eq!(strip(shown), (shown.to_owned(), counts(0, 0)), "{shown}");
        }
    }

    #[test]
    fn fences_are_shown_as_written_and_link_definitions_are_not() {
        let md = "```\n<!-- shown -->\n```\nText.\n";
        assert_eq!(strip(md), (md.to_owned(), counts(0, 0)));
        assert_eq!(
            strip("1. One.\n\n[//]: # (planted)\n[x]: https://x.org\n2. Two."),
            ("1. One.\n\n2. Two.".into(), counts(2, 0))
        );
        // Not at the start of a block: text. A footnote: shown.
        assert_eq!(strip("1. One.\n[x]: y").0, "1. One.\n[x]: y");
        assert_eq!(strip("[^1]: A note.").0, "[^1]: A note.");
    }

    #[test]
    fn tags_are_read_as_commonmark_reads_them() {
        let t = Tag::parse("<span data-x=\"a>b\" hidden>x").unwrap();
        assert_eq!((t.name.as_str(), t.hidden, t.len), ("span", true, 26));
        assert_eq!(Tag::parse("<https://x.org>"), None);
        assert_eq!(Tag::parse("<span\nhidden>").map(|t| t.hidden), Some(true));
        assert_eq!(Tag::parse("<span\n\nhidden>"), None);
        assert_eq!(Tag::parse("<br/>").map(|t| t.self_closing), Some(true));
    }
}
