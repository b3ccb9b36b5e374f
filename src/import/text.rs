//! From lines of a document to numbered paragraphs under section headings.
//!
//! Each format first yields [`Block`]s (a title, a line under it, a heading, or a
//! paragraph's text); [`assemble`] then splits off paragraph numbers (`7.`, `7 bis`,
//! `OP3.`), keeps sub-items (`(a)`, `ii)`, bullets) inside the paragraph before them, and
//! takes a date or a document symbol found under the title.
//!
//! Headings: .docx paragraph styles (`Title`, `Heading 1`…) or bold short lines;
//! Markdown `#` lines; in text, lines underlined with `=` or `-` (as concord writes
//! them) or, in a text with no underlined line, short unnumbered lines standing alone.
//!
//! What a reader of Markdown does not see (comments, hidden HTML) is taken out first
//! ([`markdown_hidden`]). The blocks and the paragraphs made are counted against a
//! [`Budget`] as they are made: each paragraph is written with its section heading, so a
//! long heading over many paragraphs would otherwise multiply.

use super::docx::{DocParagraph, Kind};
use super::markdown_hidden;
use super::{Document, Imported, Skipped};
use crate::bound::{Budget, Exceeded, Limits};
use crate::draft::is_date;

/// A piece of a document before paragraphs are assembled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The document's title.
    Title(String),
    /// A line under the title (symbol, date).
    Subtitle(String),
    /// A section heading.
    Heading(String),
    /// A paragraph's text (number included), lines joined by `\n` for sub-items.
    Para(String),
}

/// Longest line taken for a heading by its shape alone, in words.
const HEADING_WORDS: usize = 12;

/// The paragraphs of a .docx, within `limits`.
pub fn from_docx(paras: &[DocParagraph], limits: Limits) -> Result<Document, Exceeded> {
    let mut blocks = Vec::new();
    for p in paras {
        let text = normalize(&p.text);
        if text.is_empty() {
            continue;
        }
        blocks.push(match p.kind {
            Kind::Title => Block::Title(one_line(&text)),
            Kind::Subtitle => Block::Subtitle(one_line(&text)),
            Kind::Heading => Block::Heading(one_line(&text)),
            Kind::Body if p.bold && looks_like_heading(&text) => Block::Heading(text),
            Kind::Body => Block::Para(text),
        });
    }
    assemble(blocks, limits)
}

/// The paragraphs of a Markdown document, within `limits`; what a reader does not see
/// (comments, hidden HTML) is left out and counted.
pub fn from_markdown(source: &str, limits: Limits) -> Result<Document, Exceeded> {
    let (source, unseen) = markdown_hidden::visible(source);
    let mut budget = Budget::new(limits);
    let mut blocks = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut seen_content = false;
    for raw in source.lines() {
        let line = raw.trim_end().trim_end_matches('\\').trim();
        if let Some(rest) = heading_marker(line) {
            flush_lines(&mut current, &mut blocks, &mut budget)?;
            budget.item()?;
            let text = unescape(rest.trim().trim_end_matches('#').trim());
            if line.starts_with("# ") && !seen_content && !blocks.iter().any(|b| matches!(b, Block::Title(_))) {
                blocks.push(Block::Title(text));
            } else {
                blocks.push(Block::Heading(text));
            }
            seen_content = true;
            continue;
        }
        if line.is_empty() {
            flush_lines(&mut current, &mut blocks, &mut budget)?;
            continue;
        }
        let line = unescape(line);
        let line = match line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")).or_else(|| line.strip_prefix("+ "))
        {
            Some(rest) if !current.is_empty() => format!("- {}", rest.trim()),
            _ => line,
        };
        if split_number(&line).is_some() {
            flush_lines(&mut current, &mut blocks, &mut budget)?;
        }
        current.push(line);
    }
    flush_lines(&mut current, &mut blocks, &mut budget)?;
    // A block that is all bold is a heading.
    let blocks = blocks
        .into_iter()
        .map(|b| match b {
            Block::Para(t) if t.starts_with("**") && t.ends_with("**") && t.len() > 4 && !t.contains('\n') => {
                Block::Heading(t.trim_matches('*').trim().to_owned())
            }
            b => b,
        })
        .collect();
    let mut doc = assemble(blocks, limits)?;
    doc.skipped = Skipped { comments: unseen.comments, hidden_html: unseen.elements, ..Skipped::default() };
    Ok(doc)
}

/// `## Heading` -> `Heading`; `#hashtag` is not a heading.
fn heading_marker(line: &str) -> Option<&str> {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && line[hashes..].starts_with(' ') { Some(&line[hashes..]) } else { None }
}

/// The paragraphs of a plain-text document, within `limits`.
pub fn from_text(source: &str, limits: Limits) -> Result<Document, Exceeded> {
    let lines = || source.lines().map(str::trim_end);
    // Whether `line` is followed by an underline of `c` (`===`, `---`).
    let underlined = |line: &str, next: Option<&str>, c: char| {
        next.is_some_and(|u| {
            let u = u.trim();
            u.chars().count() >= 3 && u.chars().all(|x| x == c)
        }) && !line.trim().is_empty()
    };
    let explicit = {
        let mut it = lines().peekable();
        std::iter::from_fn(|| it.next().map(|l| (l, it.peek().copied())))
            .any(|(l, next)| underlined(l, next, '=') || underlined(l, next, '-'))
    };
    let mut budget = Budget::new(limits);
    let mut blocks: Vec<Block> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut under_title = false;
    let mut it = lines().peekable();
    while let Some(raw) = it.next() {
        let next = it.peek().copied();
        let line = raw.trim();
        if underlined(raw, next, '=') || underlined(raw, next, '-') {
            flush_lines(&mut current, &mut blocks, &mut budget)?;
            budget.item()?;
            let title = underlined(raw, next, '=') && !blocks.iter().any(|b| matches!(b, Block::Title(_)));
            blocks.push(if title { Block::Title(line.to_owned()) } else { Block::Heading(line.to_owned()) });
            under_title = title;
            it.next();
            continue;
        }
        if line.is_empty() {
            flush_lines(&mut current, &mut blocks, &mut budget)?;
            under_title = false;
        } else if under_title {
            budget.item()?;
            blocks.push(Block::Subtitle(line.to_owned()));
        } else {
            if split_number(line).is_some() {
                flush_lines(&mut current, &mut blocks, &mut budget)?;
            }
            current.push(line.to_owned());
        }
    }
    flush_lines(&mut current, &mut blocks, &mut budget)?;
    if !explicit {
        blocks = shape_headings(blocks);
    }
    assemble(blocks, limits)
}

/// In a text without underlined headings: the first block, when it is not a numbered
/// paragraph and a heading or more lines follow, is the title (its other lines the
/// symbol and date); later short unnumbered single lines are headings.
fn shape_headings(blocks: Vec<Block>) -> Vec<Block> {
    let heading_like = |b: &Block| matches!(b, Block::Para(t) if looks_like_heading(t));
    let mut out = Vec::with_capacity(blocks.len());
    for (k, b) in blocks.iter().enumerate() {
        match b {
            Block::Para(t) if k == 0 && split_number(t).is_none() => {
                let mut lines = t.lines();
                let first = lines.next().unwrap_or_default().to_owned();
                let rest: Vec<&str> = lines.collect();
                let next_is_heading = blocks.get(1).is_some_and(heading_like);
                if !rest.is_empty() || next_is_heading {
                    out.push(Block::Title(first));
                    out.extend(rest.into_iter().map(|l| Block::Subtitle(l.to_owned())));
                } else if looks_like_heading(t) {
                    out.push(Block::Heading(t.clone()));
                } else {
                    out.push(b.clone());
                }
            }
            Block::Para(t) if looks_like_heading(t) => out.push(Block::Heading(t.clone())),
            b => out.push(b.clone()),
        }
    }
    out
}

/// Turns the lines gathered for one block into a paragraph: wrapped lines joined by a
/// space, sub-items kept on lines of their own.
fn flush_lines(lines: &mut Vec<String>, blocks: &mut Vec<Block>, budget: &mut Budget) -> Result<(), Exceeded> {
    if lines.is_empty() {
        return Ok(());
    }
    budget.item()?;
    let mut text = String::new();
    for (k, line) in lines.iter().enumerate() {
        if k > 0 {
            text.push(if is_subitem(line) { '\n' } else { ' ' });
        }
        text.push_str(line);
    }
    lines.clear();
    blocks.push(Block::Para(text));
    Ok(())
}

/// Builds the document: numbers split off, sub-items joined to their paragraph,
/// symbol and date taken from under the title. Each paragraph is counted against
/// `limits` with its number and section, as it will be written.
pub fn assemble(blocks: Vec<Block>, limits: Limits) -> Result<Document, Exceeded> {
    let mut budget = Budget::new(limits);
    let mut doc = Document::default();
    let mut section = String::new();
    let mut started = false;
    // The last block was a paragraph (a sub-item may continue it).
    let mut in_paragraph = false;
    let mut pending_number: Option<String> = None;
    for b in blocks {
        match b {
            Block::Title(t) if doc.title.is_none() && !started => doc.title = Some(t),
            Block::Title(t) | Block::Heading(t) => {
                section = t;
                started = true;
                in_paragraph = false;
            }
            Block::Subtitle(t) | Block::Para(t) if !started && metadata(&t, &mut doc) => {}
            Block::Subtitle(_) if !started => {}
            Block::Subtitle(t) | Block::Para(t) => {
                started = true;
                let t = normalize(&t);
                match split_number(&t) {
                    Some((number, "")) => {
                        pending_number = Some(number);
                        continue;
                    }
                    Some((number, rest)) => {
                        let p =
                            Imported { number, section: section.clone(), text: rest.to_owned(), footnotes: Vec::new() };
                        add(&mut doc, p, &mut budget)?;
                    }
                    None => match (pending_number.take(), doc.paragraphs.last_mut()) {
                        (Some(number), _) => {
                            add(
                                &mut doc,
                                Imported { number, section: section.clone(), text: t, footnotes: Vec::new() },
                                &mut budget,
                            )?;
                        }
                        (None, Some(last)) if in_paragraph && is_subitem(&t) => {
                            budget.text(t.len() + 1)?;
                            last.text.push('\n');
                            last.text.push_str(&t);
                        }
                        _ => {
                            let p = Imported {
                                number: String::new(),
                                section: section.clone(),
                                text: t,
                                footnotes: Vec::new(),
                            };
                            add(&mut doc, p, &mut budget)?;
                        }
                    },
                }
                in_paragraph = true;
            }
        }
    }
    Ok(doc)
}

/// Adds a paragraph, counted with its number and section.
fn add(doc: &mut Document, p: Imported, budget: &mut Budget) -> Result<(), Exceeded> {
    budget.item()?;
    budget.text(p.number.len() + p.section.len() + p.text.len())?;
    doc.paragraphs.push(p);
    Ok(())
}

/// Takes a date or a document symbol found under the title; `false` if `line` is neither.
fn metadata(line: &str, doc: &mut Document) -> bool {
    let line = line.trim();
    if is_date(line) && doc.date.is_none() {
        doc.date = Some(line.to_owned());
        true
    } else if let Some((date, true)) = crate::import::pdf::cover::date_in(line).filter(|_| doc.date.is_none()) {
        // "25 July 2022", as the UN prints dates (and `concord export` writes them).
        doc.date = Some(date);
        true
    } else if is_symbol(line) && doc.symbol.is_none() {
        doc.symbol = Some(line.to_owned());
        true
    } else {
        false
    }
}

/// A document symbol: one word with slashes, such as `A/AC.292/2022/CRP.1`.
fn is_symbol(s: &str) -> bool {
    s.contains('/')
        && !s.contains(char::is_whitespace)
        && s.len() <= 80
        && s.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// Splits a paragraph number from the text after it.
///
/// ```text
/// "7. States agreed"     -> ("7", "States agreed")
/// "7 bis. States agreed" -> ("7 bis", "States agreed")
/// "OP3.\tDecides"        -> ("OP3", "Decides")
/// "2022 was a year"      -> none
/// ```
pub fn split_number(text: &str) -> Option<(String, &str)> {
    let s = text.trim_start();
    let letters = s.chars().take_while(|c| c.is_ascii_alphabetic()).count().min(4);
    let rest = &s[letters..];
    let digits: usize = rest.chars().take_while(|c| c.is_numeric()).map(char::len_utf8).sum();
    if digits == 0 || letters > 3 {
        return None;
    }
    let mut end = letters + digits;
    let mut suffixed = false;
    if let Some(after) = s[end..].strip_prefix(' ') {
        let word: String = after.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        if LATIN.contains(&word.to_ascii_lowercase().as_str()) {
            end += 1 + word.len();
            suffixed = true;
        }
    }
    let number = s[..end].to_owned();
    let after = &s[end..];
    let body = if let Some(b) = after.strip_prefix('.') {
        b
    } else if after.starts_with('\t') || (suffixed && after.starts_with(char::is_whitespace)) {
        after
    } else {
        return None;
    };
    if !(body.is_empty() || body.starts_with(char::is_whitespace)) {
        return None;
    }
    Some((number, body.trim()))
}

/// Latin ordinals of inserted paragraphs (`7 bis`, `7 ter`).
const LATIN: [&str; 10] =
    ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "nonies", "novies", "decies"];

/// Whether a line is a sub-item or a bullet that belongs to the paragraph before it.
///
/// ```text
/// "(a) the first"  -> true
/// "iv) the fourth" -> true
/// "• a bullet"     -> true
/// "7. A paragraph" -> false
/// ```
pub fn is_subitem(line: &str) -> bool {
    let s = line.trim_start();
    if let Some(rest) = s.strip_prefix('(')
        && let Some(close) = rest.find(')')
    {
        let label = &rest[..close];
        return (1..=5).contains(&label.chars().count())
            && label.chars().all(char::is_alphanumeric)
            && rest[close + 1..].starts_with(char::is_whitespace);
    }
    if let Some(close) = s.find(')') {
        let label = &s[..close];
        if (1..=4).contains(&label.chars().count())
            && label.chars().all(|c| c.is_ascii_lowercase())
            && s[close + 1..].starts_with(char::is_whitespace)
        {
            return true;
        }
    }
    let mut chars = s.chars();
    matches!(chars.next(), Some('•' | '–' | '—' | '-' | '*' | '·' | '▪' | '◦'))
        && chars.next().is_some_and(char::is_whitespace)
}

/// A short unnumbered line that does not end like a sentence.
fn looks_like_heading(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && !t.contains('\n')
        && t.split_whitespace().count() <= HEADING_WORDS
        && t.chars().count() <= 100
        && split_number(t).is_none()
        && !is_subitem(t)
        && !t.ends_with(['.', ';', ':', ','])
}

/// Each line trimmed, runs of spaces and tabs made one space, empty lines dropped.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let words: Vec<&str> = line.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
        if words.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&words.join(" "));
    }
    out
}

fn one_line(text: &str) -> String {
    normalize(text).replace('\n', " ")
}

/// Markdown backslash escapes undone: `\*` -> `*`.
fn unescape(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_split_from_their_text() {
        assert_eq!(split_number("7. States agreed"), Some(("7".into(), "States agreed")));
        assert_eq!(split_number("7 bis. States agreed"), Some(("7 bis".into(), "States agreed")));
        assert_eq!(split_number("12 ter States"), Some(("12 ter".into(), "States")));
        assert_eq!(split_number("OP3.\tDecides"), Some(("OP3".into(), "Decides")));
        assert_eq!(split_number("7."), Some(("7".into(), "")));
        assert_eq!(split_number("2022 was a year"), None);
        assert_eq!(split_number("7.5 per cent"), None);
        assert_eq!(split_number("Rev.1 was issued"), None);
    }

    #[test]
    fn sub_items_and_bullets() {
        assert!(is_subitem("(a) the first"));
        assert!(is_subitem("iv) the fourth"));
        assert!(is_subitem("• a bullet"));
        assert!(!is_subitem("7. A paragraph"));
        assert!(!is_subitem("(see above)"));
    }

    #[test]
    fn text_with_underlined_headings() {
        let doc = from_text(
            concat!(
                "Draft report\n============\nA/AC.1/2022/L.1\n2022-07-08\n\n",
                "Threats\n-------\n\n1. States noted\nthreats to\n(a) health;\n(b) energy.\n\n",
                "1 bis. New text.\n\nShort line\n"
            ),
            Limits::IMPORT,
        )
        .unwrap();
        assert_eq!(doc.title.as_deref(), Some("Draft report"));
        assert_eq!(doc.symbol.as_deref(), Some("A/AC.1/2022/L.1"));
        assert_eq!(doc.date.as_deref(), Some("2022-07-08"));
        let got: Vec<(&str, &str, &str)> =
            doc.paragraphs.iter().map(|p| (p.number.as_str(), p.section.as_str(), p.text.as_str())).collect();
        assert_eq!(
            got,
            [
                ("1", "Threats", "States noted threats to\n(a) health;\n(b) energy."),
                ("1 bis", "Threats", "New text."),
                ("", "Threats", "Short line"),
            ]
        );
    }

    #[test]
    fn text_without_underlines_takes_short_lines_for_headings() {
        let doc =
            from_text("Report of the Group\n\nIntroduction\n\n1. The Group met.\n2. It agreed.\n", Limits::IMPORT)
                .unwrap();
        assert_eq!(doc.title.as_deref(), Some("Report of the Group"));
        let got: Vec<(&str, &str)> = doc.paragraphs.iter().map(|p| (p.number.as_str(), p.section.as_str())).collect();
        assert_eq!(got, [("1", "Introduction"), ("2", "Introduction")]);
    }

    #[test]
    fn markdown_headings_lists_and_escapes() {
        let doc = from_markdown(
            "# Title\n\n2022-07-08\n\n## Norms\n\n1. States \\*shall\\* act:\n- (a) now\n\n**Capacity**\n\n2. Text [bracketed]\n",
            Limits::IMPORT,
        )
        .unwrap();
        assert_eq!(doc.title.as_deref(), Some("Title"));
        assert_eq!(doc.date.as_deref(), Some("2022-07-08"));
        let got: Vec<(&str, &str, &str)> =
            doc.paragraphs.iter().map(|p| (p.number.as_str(), p.section.as_str(), p.text.as_str())).collect();
        assert_eq!(got, [("1", "Norms", "States *shall* act:\n- (a) now"), ("2", "Capacity", "Text [bracketed]")]);
    }
}
