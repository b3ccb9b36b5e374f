//! From the lines of the text to headings and numbered paragraphs.
//!
//! Each line is first read on its own ([`Row`]): a margin label (`Pp1`) or a paragraph
//! number (`7.`, `[7.`, `3bis.`) at its start, its footnote references taken out. Then
//! the lines are joined into paragraphs by what the page shows:
//!
//! - a paragraph number, or a margin label, starts a paragraph;
//! - a sub-item (`(a)`, `(iv)`, `•`) or an option with its text (`Option 2: No text`)
//!   starts a line of its own inside the paragraph;
//! - a heading (centred, or a line standing alone that reads `Article 4`, `II. FINANCE`,
//!   `B. Mitigation`, `{Flexibility}`, or in larger type) stands outside the paragraphs,
//!   and `A. DRAFT AGREEMENT`, `Part II` or `Annex` begins a part of the document;
//! - any other line continues the paragraph above unless that paragraph ended: its last
//!   line stopped short (the first word of this line would have fitted after it), or a
//!   wider gap than between the lines of a paragraph separates them.
//!
//! Words hyphenated at the end of a line are rejoined by the rule of [`join_line`].

use std::collections::HashSet;

use super::layout::Line;

/// What a document is made of, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A heading that begins a part (`A. DRAFT AGREEMENT`).
    Part(String),
    /// A section heading; level 1 (`Article 4`, `II. FINANCE`) or 2, inside one
    /// (`{Flexibility}`, `B. Mitigation`).
    Heading(u8, String),
    /// A paragraph: number (empty when unnumbered), text, footnote references as
    /// (page, mark).
    Para(String, String, Vec<(usize, String)>),
}

/// The words of the document, to decide hyphenation by.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    words: HashSet<String>,
}

impl Vocabulary {
    /// The words of `texts`, lower-cased; hyphenated words both whole and in parts. A
    /// word hyphenated at the end of a line is left out: it is what is to be decided.
    pub fn new<'a>(texts: impl Iterator<Item = &'a str>) -> Self {
        let mut words = HashSet::new();
        for text in texts {
            let tokens: Vec<&str> = text.split_whitespace().collect();
            for (i, t) in tokens.iter().enumerate() {
                let w = t.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
                if w.is_empty() || (i + 1 == tokens.len() && t.ends_with('-')) {
                    continue;
                }
                for part in w.split('-').filter(|p| !p.is_empty()) {
                    words.insert(part.to_owned());
                }
                words.insert(w);
            }
        }
        Vocabulary { words }
    }

    fn has(&self, word: &str) -> bool {
        self.words.contains(&word.to_lowercase())
    }
}

/// Appends line `next` to `text`, the way the line break is read.
///
/// A line ending in a word and a hyphen, followed by a line starting with a letter, is a
/// word cut at the line's end, or a word with a hyphen in it. The document decides:
///
/// 1. the hyphenated word occurs elsewhere in the document (`well-being`): kept;
/// 2. the word written solid occurs elsewhere (`negotiations`): joined;
/// 3. the part after the break starts with a capital or a digit (`non-Annex`,
///    `pre-2020`): kept;
/// 4. both parts are words of the document (`decision-making`): kept;
/// 5. otherwise (`nego-tiations`): joined.
///
/// A soft hyphen (U+00AD) at the end always joins. Otherwise the lines are joined with
/// a space.
///
/// ```text
/// "the well-" + "being of"  (well-being elsewhere)  -> "the well-being of"
/// "the nego-" + "tiations"                          -> "the negotiations"
/// ```
pub fn join_line(text: &mut String, next: &str, vocabulary: &Vocabulary) {
    let next = next.trim_start();
    if text.is_empty() {
        text.push_str(next);
        return;
    }
    if let Some(stem) = text.strip_suffix('\u{AD}') {
        let stem_len = stem.len();
        text.truncate(stem_len);
        text.push_str(next);
        return;
    }
    let last_word = text.rsplit(char::is_whitespace).next().unwrap_or("");
    let first_word = next.split(char::is_whitespace).next().unwrap_or("");
    let stem = last_word.trim_end_matches(['-', '–', '—', '/']);
    let dashed = !stem.is_empty() && stem.len() < last_word.len() && first_word.starts_with(char::is_alphanumeric);
    if dashed && (!last_word.ends_with('-') || stem.ends_with(|c: char| c.is_ascii_digit())) {
        // `2013–` + `2015`, `and/` + `or`, `2060-` + `2080`: one word broken after its dash.
        text.push_str(next);
        return;
    }
    let cut = dashed && last_word.len() - stem.len() == 1 && stem.ends_with(char::is_alphabetic);
    if !cut {
        text.push(' ');
        text.push_str(next);
        return;
    }
    let before = last_word[..last_word.len() - 1].trim_start_matches(|c: char| !c.is_alphanumeric());
    let after = first_word.trim_end_matches(|c: char| !c.is_alphanumeric());
    let head = before.rsplit('-').next().unwrap_or(before);
    let hyphenated = format!("{before}-{after}");
    let solid = format!("{before}{after}");
    let keep = if vocabulary.has(&hyphenated) {
        true
    } else if vocabulary.has(&solid) {
        false
    } else if after.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
        true
    } else {
        vocabulary.has(head) && vocabulary.has(after)
    };
    if !keep {
        text.pop();
    }
    text.push_str(next);
}

/// Where the text stands on a page: its left edge (numbers, labels), the left edge of
/// most lines, and its right edge.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Margins {
    /// The leftmost start of a line.
    pub left: f64,
    /// Where most lines start.
    pub text_left: f64,
    /// The rightmost end of a line.
    pub right: f64,
}

impl Margins {
    /// The margins of a page's lines; `None` for fewer than 3 lines.
    pub fn of(lines: &[Line]) -> Option<Margins> {
        if lines.len() < 3 {
            return None;
        }
        let left = lines.iter().map(|l| l.x0).fold(f64::MAX, f64::min);
        let right = lines.iter().map(|l| l.x1).fold(f64::MIN, f64::max);
        let mut starts: Vec<(i64, usize)> = Vec::new();
        for l in lines {
            let k = l.x0.round() as i64;
            match starts.iter_mut().find(|(s, _)| (s - k).abs() <= 1) {
                Some((_, n)) => *n += 1,
                None => starts.push((k, 1)),
            }
        }
        let text_left = starts.iter().max_by_key(|(s, n)| (*n, -s)).map_or(left, |(s, _)| *s as f64);
        Some(Margins { left, text_left, right })
    }

    fn width(&self) -> f64 {
        (self.right - self.left).max(1.0)
    }
}

/// The shape of the text: each page's margins, where lines often start, the usual type
/// size and line spacing.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    /// Each page's margins.
    pub margins: Vec<Margins>,
    /// Where three lines or more start, to the point: the text's indents.
    pub stops: Vec<i64>,
    /// The usual type size.
    pub body: f64,
    /// The usual distance between the baselines of a paragraph's lines.
    pub pitch: f64,
}

impl Geometry {
    /// The shape of `lines`, pages' margins given.
    pub fn new(lines: &[&Line], margins: Vec<Margins>, body: f64, pitch: f64) -> Geometry {
        let mut counts: std::collections::BTreeMap<i64, usize> = std::collections::BTreeMap::new();
        for l in lines {
            *counts.entry(l.x0.round() as i64).or_default() += 1;
        }
        let stops = counts.into_iter().filter(|&(_, n)| n >= 3).map(|(x, _)| x).collect();
        Geometry { margins, stops, body, pitch }
    }

    fn margins(&self, page: usize) -> Margins {
        self.margins.get(page).or(self.margins.last()).copied().unwrap_or(Margins {
            left: 0.0,
            text_left: 0.0,
            right: 0.0,
        })
    }

    /// Whether a line is centred between its page's margins: its middle at the middle,
    /// not filling the width, and not starting where other lines start (the wrapped
    /// line of an indented item can be as central as a heading).
    fn centred(&self, line: &Line) -> bool {
        let m = self.margins(line.page);
        let middle = (m.left + m.right) / 2.0;
        let at_stop = self.stops.iter().any(|&s| (s as f64 - line.x0).abs() <= 1.5);
        (line.center() - middle).abs() < 0.04 * m.width()
            && line.x0 > m.left + 0.08 * m.width()
            && line.x0 > m.text_left + 0.03 * m.width()
            && !at_stop
    }
}

/// A line read on its own.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// The line.
    pub line: &'a Line,
    /// A margin label before it (`Pp1`).
    pub label: Option<String>,
    /// Its text, without label or footnote references.
    pub text: String,
    /// The footnote marks it refers to.
    pub refs: Vec<String>,
}

/// Reads a line: its margin label, its footnote references (raised marks for which
/// `is_note(mark)` gives the marks of existing notes; `67` may be notes 6 and 7), and
/// its text.
pub fn row<'a>(line: &'a Line, is_note: &dyn Fn(&str) -> Option<Vec<String>>) -> Row<'a> {
    let mut pieces = line.pieces.as_slice();
    let mut label = None;
    if let [first, rest @ ..] = pieces
        && is_label(&first.text)
        && (first.raised || first.size < 0.85 * line.size)
        && rest.first().is_none_or(|next| next.x0 - first.x1 > 0.8 * line.size)
    {
        label = Some(first.text.clone());
        pieces = rest;
    }
    let mut text = String::new();
    let mut refs = Vec::new();
    let mut space_pending = false;
    for p in pieces {
        let space = p.space_before || space_pending;
        space_pending = false;
        if p.raised
            && let Some(marks) = is_note(&p.text)
        {
            refs.extend(marks);
            space_pending = space;
            continue;
        }
        if space && !text.is_empty() {
            text.push(' ');
        }
        text.push_str(&p.text);
    }
    Row { line, label, text, refs }
}

/// A margin label: `Pp1`, `PP12`, `OP3`, `Pp4bis`.
fn is_label(t: &str) -> bool {
    let letters = t.chars().take_while(char::is_ascii_alphabetic).count();
    let rest = &t[letters..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    (1..=3).contains(&letters)
        && (1..=3).contains(&digits)
        && t.starts_with(|c: char| c.is_ascii_uppercase())
        && rest[digits..].chars().all(|c| c.is_ascii_lowercase())
        && rest[digits..].len() <= 7
}

/// Latin ordinals of inserted paragraphs (`7 bis`, `3ter`).
const LATIN: [&str; 10] =
    ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "nonies", "decies"];

/// A paragraph number at the start of a line, and the text after it; a bracket before
/// the number stays with the text.
///
/// ```text
/// "7. States agreed"   -> ("7", "States agreed")
/// "[1. The purpose"    -> ("1", "[The purpose")
/// "3bis [Developed"    -> ("3bis", "[Developed")
/// "12 ter. Text"       -> ("12 ter", "Text")
/// "OP3. Decides"       -> ("OP3", "Decides")
/// "2.5 °C above"       -> none
/// ```
pub fn split_number(text: &str) -> Option<(String, String)> {
    let (bracket, s) = match text.strip_prefix('[') {
        Some(r) => (true, r.trim_start()),
        None => (false, text),
    };
    let letters = s.chars().take_while(char::is_ascii_alphabetic).count();
    if letters > 0 && !matches!(&s[..letters], "PP" | "OP" | "Pp" | "Op" | "pp" | "op") {
        return None;
    }
    let digits = s[letters..].chars().take_while(char::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let mut end = letters + digits;
    let mut suffixed = false;
    let after_digits = &s[end..];
    let spaced = after_digits.starts_with(' ');
    let word: String = after_digits.trim_start_matches(' ').chars().take_while(char::is_ascii_alphabetic).collect();
    if LATIN.contains(&word.as_str()) {
        end += word.len() + usize::from(spaced);
        suffixed = true;
    }
    let rest = &s[end..];
    let body = if let Some(b) = rest.strip_prefix('.') {
        b
    } else if suffixed || letters > 0 {
        rest
    } else {
        return None;
    };
    if !(body.is_empty() || body.starts_with(char::is_whitespace)) {
        return None;
    }
    let body = body.trim_start();
    let text = if bracket { format!("[{body}") } else { body.to_owned() };
    Some((s[..end].to_owned(), text))
}

/// A sub-item or bullet at the start of a line: `(a) `, `[(c) `, `(iv) `, `ii) `, `• `.
pub fn is_subitem(text: &str) -> bool {
    let s = text.strip_prefix('[').unwrap_or(text);
    if let Some(r) = s.strip_prefix('(')
        && let Some(close) = r.find(')')
    {
        let label = &r[..close];
        return (1..=5).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            && r[close + 1..].starts_with(char::is_whitespace);
    }
    if let Some(close) = s.find(')') {
        let label = &s[..close];
        if (1..=4).contains(&label.len())
            && label.chars().all(|c| c.is_ascii_lowercase())
            && s[close + 1..].starts_with(char::is_whitespace)
        {
            return true;
        }
    }
    let mut chars = s.chars();
    matches!(chars.next(), Some('•' | '–' | '—' | '-' | '·' | '▪' | '◦')) && chars.next() == Some(' ')
}

/// `Option 2:` or `Option (a):` at the start of a line; the text after it.
fn option(text: &str) -> Option<&str> {
    let s = text.strip_prefix('[').unwrap_or(text);
    let rest = s.strip_prefix("Option ").or_else(|| s.strip_prefix("OPTION "))?;
    let colon = rest.find(':')?;
    let label = rest[..colon].trim();
    let ok = !label.is_empty() && label.len() <= 6 && label.chars().all(|c| c.is_alphanumeric() || "() ".contains(c));
    ok.then(|| rest[colon + 1..].trim())
}

/// Whether a heading begins a part of the document.
///
/// ```text
/// "A. DRAFT AGREEMENT" -> true; "Part II" -> true; "Annex" -> true
/// "[B. Mitigation]"    -> false; "V. BUDGETARY MATTERS" -> false (a roman number)
/// ```
pub fn is_part(text: &str) -> bool {
    let t = text.trim();
    let mut chars = t.chars();
    let lettered = matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), Some(' ')) if c.is_ascii_uppercase() && !"IVX".contains(c))
        && t.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
        && t.split_whitespace().count() <= 8;
    let first = t.split_whitespace().next().unwrap_or("");
    let numbered = matches!(first, "Part" | "PART" | "Annex" | "ANNEX" | "Appendix" | "APPENDIX")
        && t.split_whitespace().count() <= 3
        && t.split_whitespace().nth(1).is_none_or(|n| n.chars().all(|c| c.is_ascii_alphanumeric()));
    lettered || numbered
}

/// How a line that stands alone reads as a heading: level 1, 2, or none.
fn heading_pattern(text: &str) -> Option<u8> {
    let t = text.trim();
    if t.ends_with([',', ';']) || t.split_whitespace().count() > 25 {
        return None;
    }
    let s = t.strip_prefix('[').unwrap_or(t);
    let first = s.split_whitespace().next().unwrap_or("");
    let second = s.split_whitespace().nth(1).unwrap_or("");
    if matches!(first, "Article" | "ARTICLE" | "Section" | "SECTION" | "Chapter" | "CHAPTER")
        && second.starts_with(|c: char| c.is_ascii_digit() || "IVXLC".contains(c))
    {
        return Some(1);
    }
    // `C.` and `L.` are letters here: sections are numbered I to XX, lettered A to Z.
    let roman = first
        .strip_suffix('.')
        .is_some_and(|r| matches!(r, "I" | "V" | "X") || r.len() > 1 && r.chars().all(|c| "IVXLC".contains(c)));
    if roman && second.starts_with(|c: char| c.is_uppercase() || c == '[') && !t.ends_with('.') {
        return Some(1);
    }
    let lettered = first.len() == 2 && first.ends_with('.') && first.starts_with(|c: char| c.is_ascii_uppercase());
    if lettered && second.starts_with(char::is_uppercase) && s.split_whitespace().count() <= 12 && !t.ends_with('.') {
        return Some(2);
    }
    if t.starts_with('{') && t.ends_with('}') && t.len() < 120 {
        return Some(2);
    }
    None
}

/// Mostly capital letters (at least 4 letters, 4 in 5 of them capitals).
fn mostly_capitals(text: &str) -> bool {
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 4 && letters.iter().filter(|c| c.is_uppercase()).count() * 5 >= letters.len() * 4
}

/// The paragraphs and headings of the text's rows, in order.
pub fn items(rows: &[Row], geometry: &Geometry, vocabulary: &Vocabulary) -> Vec<Item> {
    let pitch = geometry.pitch;
    let mut items: Vec<Item> = Vec::new();
    // The paragraph being read is the last item, and open.
    let mut open = false;
    // A heading being read, which the next line may continue.
    let mut heading_open: Option<HeadingStyle> = None;
    let mut pending_number: Option<String> = None;
    // Notes referred to from a heading go with the paragraph under it.
    let mut pending_refs: Vec<(usize, String)> = Vec::new();
    let mut prev: Option<&Row> = None;
    let mut last_number = String::new();
    for r in rows {
        let m = geometry.margins(r.line.page);
        let ended = prev.is_none_or(|p| ended_before(p, r, geometry));
        let text = &normalize_subitem(r.text.trim());
        let mut refs: Vec<(usize, String)> = r.refs.iter().map(|m| (r.line.page, m.clone())).collect();
        prev = Some(r);
        // A heading continued on the next line.
        if let Some(style) = heading_open
            && !ended_by_gap(rows, r, pitch)
            && r.label.is_none()
            && split_number(text).is_none()
            && match style {
                HeadingStyle::Centred => geometry.centred(r.line),
                HeadingStyle::Capitals => !ended && mostly_capitals(text) && heading_pattern(text).is_none(),
            }
            && let Some(Item::Heading(_, h) | Item::Part(h)) = items.last_mut()
        {
            h.push(' ');
            h.push_str(text);
            pending_refs.append(&mut refs);
            continue;
        }
        heading_open = None;
        if let Some(label) = &r.label {
            if text.is_empty() {
                pending_number = Some(label.clone());
                open = false;
                continue;
            }
            items.push(Item::Para(label.clone(), text.to_owned(), refs));
            open = true;
            continue;
        }
        if text.is_empty() {
            continue;
        }
        // Headings: standing alone, and centred, in larger type, or reading as one.
        let words = text.split_whitespace().count();
        let centred = ended && geometry.centred(r.line) && words <= 20 && !text.ends_with([',', ';']);
        // Larger type by a little is enough for a short line without final punctuation
        // (Word's bold headings are a point or two above the text), a bracket aside.
        let larger = ended
            && r.line.size >= 1.05 * geometry.body
            && words <= 12
            && !text.ends_with(['.', ',', ';', ':'])
            && !text.starts_with('[');
        let pattern = heading_pattern(text);
        let capitals = ended && !text.starts_with('[') && words <= 8 && mostly_capitals(text) && short(r, geometry);
        let standalone = ended && (pattern.is_some() || capitals);
        if pending_number.is_none() && (centred || larger || standalone) && split_number(text).is_none() {
            let item = if centred && is_part(text) {
                Item::Part(text.to_owned())
            } else {
                Item::Heading(pattern.unwrap_or(if capitals { 2 } else { 1 }), text.to_owned())
            };
            items.push(item);
            heading_open = Some(if centred { HeadingStyle::Centred } else { HeadingStyle::Capitals })
                .filter(|s| *s == HeadingStyle::Centred || mostly_capitals(text));
            open = false;
            pending_refs.append(&mut refs);
            continue;
        }
        if !pending_refs.is_empty() {
            refs.splice(0..0, pending_refs.drain(..));
        }
        let at_number_column = r.line.x0 < m.text_left - 2.0;
        if let Some((number, rest)) = split_number(text)
            && (at_number_column || ended || follows(&last_number, &number))
        {
            last_number = number.clone();
            if rest.is_empty() {
                pending_number = Some(number);
                open = false;
                continue;
            }
            items.push(Item::Para(number, rest, refs));
            open = true;
            continue;
        }
        if let Some(number) = pending_number.take() {
            items.push(Item::Para(number, text.to_owned(), refs));
            open = true;
            continue;
        }
        let option_alone = option(text).is_some_and(str::is_empty);
        // A line in lower case after the paragraph seems to end still belongs to it: the
        // closing words after a list of sub-items.
        let closing = ended && text.starts_with(char::is_lowercase);
        let new_line = is_subitem(text) || option(text).is_some_and(|rest| !rest.is_empty()) || closing;
        match items.last_mut() {
            Some(Item::Para(_, body, note_refs)) if open && !option_alone && (new_line || !ended) => {
                if new_line {
                    body.push('\n');
                    body.push_str(text);
                } else {
                    join_line(body, text, vocabulary);
                }
                note_refs.extend(refs);
            }
            _ => {
                items.push(Item::Para(String::new(), text.clone(), refs));
                open = !option_alone;
            }
        }
    }
    items
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HeadingStyle {
    Centred,
    Capitals,
}

/// Whether paragraph number `next` comes right after `last`: `7` after `6`, `6 bis` or
/// `6bis` after `6`, `7` after `6 bis`.
///
/// ```text
/// ("6", "7") -> true; ("6", "6 bis") -> true; ("6bis", "7") -> true; ("6", "8") -> false
/// ```
fn follows(last: &str, next: &str) -> bool {
    let value = |n: &str| -> Option<(String, u32, bool)> {
        let letters: String = n.chars().take_while(char::is_ascii_alphabetic).collect();
        let digits: String = n[letters.len()..].chars().take_while(char::is_ascii_digit).collect();
        let suffixed = n.len() > letters.len() + digits.len();
        Some((letters, digits.parse().ok()?, suffixed))
    };
    match (value(last), value(next)) {
        (Some((a, m, _)), Some((b, n, suffixed))) => a == b && (n == m + 1 && !suffixed || n == m && suffixed),
        _ => false,
    }
}

/// `[ (c) Pursue` -> `[(c) Pursue`.
fn normalize_subitem(text: &str) -> String {
    match text.strip_prefix("[ (") {
        Some(rest) => format!("[({rest}"),
        None => text.to_owned(),
    }
}

/// Whether the paragraph of row `prev` ended before row `next`: `prev` stopped short of
/// the right margin by more than `next`'s first word, or ends a sentence well short of it,
/// or a wider gap than a paragraph's line spacing separates them.
fn ended_before(prev: &Row, next: &Row, geometry: &Geometry) -> bool {
    let m = geometry.margins(prev.line.page);
    let pitch = geometry.pitch;
    let first_word = next.line.pieces.iter().find(|p| !p.raised).map_or(0.0, |p| p.x1 - p.x0);
    let space = 0.3 * next.line.size;
    // A line ending in a hyphen or a dash broke a word that did not fit whole.
    let broken = prev.text.ends_with(['-', '–', '—', '/', '\u{AD}']);
    let short = !broken && prev.line.x1 + space + first_word < m.right - 1.0;
    // A sentence's end a sixth of the width short of the margin ends the paragraph even
    // when the next line's first word is long (`Confidence-building`).
    let stop = prev.text.trim_end_matches([']', ')', '"', '”', '’']).ends_with(['.', ';', ':'])
        && prev.line.x1 < m.right - m.width() / 6.0;
    let gap = prev.line.page == next.line.page && next.line.bottom - prev.line.bottom > 1.4 * pitch;
    short || stop || gap
}

/// Whether a line stops well short of its page's right margin (by a fifth of the width).
fn short(row: &Row, geometry: &Geometry) -> bool {
    let m = geometry.margins(row.line.page);
    row.line.x1 < m.right - 0.2 * m.width()
}

/// Whether a wide gap separates `row` from the row before it.
fn ended_by_gap(rows: &[Row], row: &Row, pitch: f64) -> bool {
    let at = rows.iter().position(|r| std::ptr::eq(r.line, row.line)).unwrap_or(0);
    at.checked_sub(1)
        .map(|i| &rows[i])
        .is_some_and(|p| p.line.page != row.line.page || row.line.bottom - p.line.bottom > 1.6 * pitch.max(p.line.size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        let n = split_number;
        assert_eq!(n("7. States agreed"), Some(("7".into(), "States agreed".into())));
        assert_eq!(n("[1. The purpose"), Some(("1".into(), "[The purpose".into())));
        assert_eq!(n("3bis [Developed"), Some(("3bis".into(), "[Developed".into())));
        assert_eq!(n("3bis. In accordance"), Some(("3bis".into(), "In accordance".into())));
        assert_eq!(n("12 ter. Text"), Some(("12 ter".into(), "Text".into())));
        assert_eq!(n("OP3. Decides"), Some(("OP3".into(), "Decides".into())));
        assert_eq!(n("5."), Some(("5".into(), String::new())));
        assert_eq!(n("2.5 °C above"), None);
        assert_eq!(n("2015. The"), None);
        assert_eq!(n("2 and 3"), None);
        assert_eq!(n("Article 4"), None);
    }

    #[test]
    fn labels_subitems_options_parts() {
        assert!(is_label("Pp1") && is_label("PP12") && is_label("Pp4bis") && !is_label("Pp") && !is_label("pp1"));
        assert!(is_subitem("(a) Hold") && is_subitem("[(c) Pursue") && is_subitem("(iv) x") && is_subitem("ii) x"));
        assert!(is_subitem("• a bullet") && !is_subitem("(see above) x") && !is_subitem("7. A"));
        assert_eq!(option("Option 2: No text"), Some("No text"));
        assert_eq!(option("Option I:"), Some(""));
        assert_eq!(option("Option (a): Each"), Some("Each"));
        assert_eq!(option("Optional: x"), None);
        assert!(is_part("A. DRAFT AGREEMENT") && is_part("Part II") && is_part("Annex") && is_part("ANNEX I"));
        assert!(!is_part("[B. Mitigation]") && !is_part("B. Mitigation") && !is_part("Annex I to the Convention"));
    }

    #[test]
    fn numbers_that_follow() {
        assert!(follows("6", "7") && follows("6", "6 bis") && follows("6bis", "7") && follows("Pp3", "Pp4"));
        assert!(!follows("6", "8") && !follows("", "1") && !follows("6", "6") && !follows("Pp3", "4"));
    }

    #[test]
    fn heading_patterns() {
        assert_eq!(heading_pattern("Article 1 (DEFINITIONS)"), Some(1));
        assert_eq!(heading_pattern("[Article 3bis]"), Some(1));
        assert_eq!(heading_pattern("II. INTENDED NATIONALLY DETERMINED CONTRIBUTIONS"), Some(1));
        assert_eq!(heading_pattern("[B. Mitigation]"), Some(2));
        assert_eq!(heading_pattern("[C. Support]"), Some(2));
        assert_eq!(heading_pattern("XIV. FINAL CLAUSES"), Some(1));
        assert_eq!(heading_pattern("{Individual efforts}"), Some(2));
        assert_eq!(heading_pattern("Article 4, paragraph 9 of the Convention,"), None);
        assert_eq!(heading_pattern("[Placeholder for support]"), None);
    }

    #[test]
    fn hyphenation_is_decided_by_the_document() {
        let vocabulary = Vocabulary::new(
            ["the well-being of all", "decision making and", "negotiations went on", "non-"].into_iter(),
        );
        let join = |a: &str, b: &str| {
            let mut t = a.to_owned();
            join_line(&mut t, b, &vocabulary);
            t
        };
        assert_eq!(join("the well-", "being of"), "the well-being of");
        assert_eq!(join("the nego-", "tiations"), "the negotiations");
        assert_eq!(join("the nego-", "tiators"), "the negotiators");
        assert_eq!(join("in decision-", "making"), "in decision-making");
        assert_eq!(join("non-", "Annex I"), "non-Annex I");
        assert_eq!(join("pre-", "2020 action"), "pre-2020 action");
        assert_eq!(join("soft\u{AD}", "ware"), "software");
        assert_eq!(join("a line", "and the next"), "a line and the next");
        assert_eq!(join("2013–", "2015"), "2013–2015");
        assert_eq!(join("by 2060-", "2080"), "by 2060-2080");
        assert_eq!(join("text –", "more"), "text – more");
    }
}
