//! Reading a draft received as PDF, as a person reads it.
//!
//! Poppler's `pdftotext` gives the words of each page with their boxes ([`poppler`]);
//! everything after that is concord's and works on those boxes alone, so it can be
//! tested and fuzzed without Poppler ([`from_pages`]):
//!
//! 1. words become lines ([`layout`]);
//! 2. running headers, footers and page numbers, found by repetition, and footnotes,
//!    found at the foot of the page in smaller type, are taken off ([`furniture`]);
//! 3. the cover's title, symbol and date become the revision's header ([`cover`]);
//! 4. lines become headings and numbered paragraphs, hyphenation undone
//!    ([`paragraphs`]);
//! 5. each paragraph gets the footnotes it refers to, and its section; headings such as
//!    `A. DRAFT AGREEMENT` divide the document into parts.
//!
//! See docs/pdf.md for why Poppler, and what was measured.

pub mod cover;
pub mod furniture;
pub mod layout;
pub mod paragraphs;
pub mod poppler;

use std::path::Path;

use super::{Document, ImportError, Imported, Part};
use furniture::Footnote;
use layout::{Line, Page};
use paragraphs::{Geometry, Item, Margins, Vocabulary};

/// Reads the PDF at `path`.
pub fn read(path: &Path) -> Result<Document, ImportError> {
    let pages = poppler::pages(path).map_err(|f| match f {
        poppler::Failure::Missing(why) => ImportError::NoPdfReader(why),
        poppler::Failure::Unreadable(why) => ImportError::Pdf(format!("pdftotext says: {why}")),
        poppler::Failure::Encrypted => ImportError::Pdf("it is protected by a password".into()),
        poppler::Failure::Timeout => ImportError::Pdf("reading it took too long; it may be damaged or hostile".into()),
        poppler::Failure::TooLarge(why) => ImportError::TooLarge(why),
    })?;
    if pages.is_empty() {
        return Err(ImportError::Pdf(
            "pdftotext gave no pages: is it Poppler's, of 2018 or later (xpdf's has no -bbox)?".into(),
        ));
    }
    if pages.iter().all(|p| p.words.is_empty()) {
        return Err(ImportError::Pdf("it has no text, only images (a scan?)".into()));
    }
    Ok(from_pages(&pages))
}

/// The document on `pages`, as `pdftotext -bbox` gives them.
pub fn from_pages(pages: &[Page]) -> Document {
    let mut lines: Vec<Vec<Line>> = pages.iter().enumerate().map(|(k, p)| layout::lines(p, k)).collect();
    let body = layout::usual_height(lines.iter().flatten().map(|l| (l.size, l.text().chars().count())));
    let heights: Vec<f64> = pages.iter().map(|p| p.height).collect();
    let header = furniture::remove_headers_and_footers(&mut lines, &heights);
    let notes = furniture::take_footnotes(&mut lines, body, &heights);
    let all: Vec<Line> = lines.iter().flatten().cloned().collect();
    let overall = Margins::of(&all);
    let margins: Vec<Margins> = lines
        .iter()
        .map(|l| Margins::of(l).filter(|_| l.len() >= 6).or(overall))
        .map(|m| m.unwrap_or(Margins { left: 0.0, text_left: 0.0, right: 0.0 }))
        .collect();
    let geometry = Geometry::new(&all.iter().collect::<Vec<_>>(), margins.clone(), body, pitch(&lines, body));
    let mut cover = cover::Cover::default();
    let mut cover_refs = Vec::new();
    if let Some(first) = lines.first_mut() {
        let before: Vec<Line> = first.clone();
        cover = cover::take_cover(first, &header, margins.first().copied(), body);
        let taken = before.len() - first.len();
        cover_refs =
            before[..taken].iter().flat_map(|l| l.pieces.iter().filter(|p| p.raised)).map(|p| p.text.clone()).collect();
    }
    let rows: Vec<paragraphs::Row> = lines
        .iter()
        .flatten()
        .map(|l| {
            // A mark refers to a note printed on its page or the next.
            let marks: Vec<&str> =
                notes.iter().filter(|n| n.page == l.page || n.page == l.page + 1).map(|n| n.mark.as_str()).collect();
            paragraphs::row(l, &|t: &str| note_marks(t, &marks))
        })
        .collect();
    let vocabulary = Vocabulary::new(rows.iter().map(|r| r.text.as_str()).chain(notes.iter().map(|n| n.text.as_str())));
    let items = paragraphs::items(&rows, &geometry, &vocabulary);
    let mut doc = assemble(items, &notes, &cover_refs);
    doc.title = cover.title;
    doc.symbol = cover.symbol;
    doc.date = cover.date;
    doc
}

/// The marks of the notes a raised mark refers to: itself, or two notes printed as one
/// mark (`67` for notes 6 and 7).
fn note_marks(t: &str, marks: &[&str]) -> Option<Vec<String>> {
    let t = t.trim_matches(',');
    if marks.contains(&t) {
        return Some(vec![t.to_owned()]);
    }
    if t.len() < 2 || !t.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    (1..t.len())
        .map(|k| t.split_at(k))
        .find(|(a, b)| marks.contains(a) && marks.contains(b) && !b.starts_with('0'))
        .map(|(a, b)| vec![a.to_owned(), b.to_owned()])
}

/// The usual distance between the baselines of consecutive lines in the text's type.
fn pitch(pages: &[Vec<Line>], body: f64) -> f64 {
    let gaps = pages.iter().flat_map(|lines| {
        lines.windows(2).filter_map(|w| {
            let gap = w[1].bottom - w[0].bottom;
            let usual = (w[0].size - body).abs() < 0.1 * body && (w[1].size - body).abs() < 0.1 * body;
            (usual && gap > 0.8 * body && gap < 3.0 * body).then_some((gap, 1))
        })
    });
    // Few lines (a short page) may give no usual gap, or only the gap between paragraphs.
    match layout::usual_height(gaps) {
        p if p > 0.0 => p.min(1.5 * body),
        _ => 1.2 * body,
    }
}

/// The document from its items: sections from the headings, parts from the part
/// headings, footnotes attached to the paragraphs that refer to them.
fn assemble(items: Vec<Item>, notes: &[Footnote], cover_refs: &[String]) -> Document {
    let mut doc = Document::default();
    let mut used = vec![false; notes.len()];
    // Notes referred to from the cover are the cover's.
    for mark in cover_refs {
        if let Some(i) = notes.iter().position(|n| n.page == 0 && &n.mark == mark) {
            used[i] = true;
        }
    }
    let mut part: Option<String> = None;
    let mut major: Option<String> = None;
    let mut minor: Option<String> = None;
    let mut last_on_page: Vec<(usize, usize)> = Vec::new();
    for item in items {
        match item {
            Item::Part(title) => {
                doc.parts.push(Part { title: title.clone(), first: doc.paragraphs.len(), count: 0 });
                part = Some(title);
                major = None;
                minor = None;
            }
            Item::Heading(1, h) => {
                major = Some(h);
                minor = None;
            }
            Item::Heading(_, h) => minor = Some(h),
            Item::Para(number, text, refs) => {
                let section = match (&major, &minor) {
                    (Some(a), Some(b)) => format!("{a} – {b}"),
                    (Some(a), None) => a.clone(),
                    (None, Some(b)) => b.clone(),
                    (None, None) => part.clone().unwrap_or_default(),
                };
                let mut footnotes = Vec::new();
                for (page, mark) in &refs {
                    if let Some(i) = find_note(notes, &used, *page, mark) {
                        used[i] = true;
                        footnotes.push(notes[i].text.clone());
                    }
                }
                if let Some(&(page, _)) = refs.first() {
                    last_on_page.push((page, doc.paragraphs.len()));
                }
                let text =
                    text.split('\n').map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).collect::<Vec<_>>();
                doc.paragraphs.push(Imported { number, section, text: text.join("\n"), footnotes });
                if let Some(p) = doc.parts.last_mut() {
                    p.count += 1;
                }
            }
        }
    }
    // A note whose mark was not found in the text goes with the last paragraph that
    // refers to a note on its page, or else stays out (and is counted as such).
    for (i, n) in notes.iter().enumerate() {
        if used[i] || cover_refs.iter().any(|m| m == &n.mark && n.page == 0) {
            continue;
        }
        if let Some(&(_, p)) = last_on_page.iter().rev().find(|(page, _)| *page == n.page) {
            doc.paragraphs[p].footnotes.push(n.text.clone());
        }
    }
    doc
}

/// The note `mark` on `page`, else on the next page (a reference at the foot of a page
/// whose note did not fit), else anywhere; one not yet used.
fn find_note(notes: &[Footnote], used: &[bool], page: usize, mark: &str) -> Option<usize> {
    let free = |i: &usize| !used[*i] && notes[*i].mark == mark;
    (0..notes.len())
        .filter(free)
        .find(|&i| notes[i].page == page)
        .or_else(|| (0..notes.len()).filter(free).find(|&i| notes[i].page == page + 1))
        .or_else(|| (0..notes.len()).find(free))
}
