//! What is printed on a page but is not the text: running headers and footers, page
//! numbers, and footnotes.
//!
//! Headers and footers are found by repetition, not by position: a line near the top or
//! the bottom of a page whose words, with every number made `#`, come back at the same
//! height on a quarter of the pages at least (`1 of 46`, `A/77/123`, `22-12345 3/10`). A
//! line that is only a page number (`7`, `- 7 -`, `Page 7 of 9`) at the very top or
//! bottom, and the United Nations job-number line (`GE.22-12345`), go too, even alone.
//!
//! Footnotes are the lines at the foot of a page from the first that starts with a note
//! mark (a raised number, or `*`) in type smaller than the text; a note continues on its
//! following lines, and onto the next page's foot when that begins with small unmarked
//! lines. The type of the lines after the first mark is not looked at: Poppler gives a
//! word the height of its font's tallest glyphs, and a note line set in a font with a
//! taller apostrophe looks as large as the text.

use std::collections::HashMap;

use super::layout::Line;

/// A footnote: its mark (`1`, `*`), the page it is printed on, and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footnote {
    /// The mark, as printed.
    pub mark: String,
    /// Index of the page.
    pub page: usize,
    /// Its text (lines joined).
    pub text: String,
}

/// Lines at each end of a page that may be a header or a footer.
const EDGE_LINES: usize = 4;
/// Share of the page's height, from each end, where headers and footers are looked for.
const EDGE_SHARE: f64 = 0.2;

/// Removes the headers, footers and page numbers of every page; returns the lines
/// removed from the first page (where a document's symbol may stand in the header).
pub fn remove_headers_and_footers(pages: &mut [Vec<Line>], heights: &[f64]) -> Vec<Line> {
    let repeated = repeated_edges(pages, heights);
    let mut first_page_removed = Vec::new();
    for (k, lines) in pages.iter_mut().enumerate() {
        let height = heights.get(k).copied().unwrap_or(0.0);
        let n = lines.len();
        let mut keep = vec![true; n];
        for (i, line) in lines.iter().enumerate() {
            let Some(edge) = edge_of(i, n, line, height) else { continue };
            let key = (edge, key(&line.text()), (line.bottom / 2.0).round() as i64);
            let outermost = i == 0 || i + 1 == n;
            if repeated.contains_key(&key) || (outermost && is_page_number(&line.text())) || is_job_number(&line.text())
            {
                keep[i] = false;
            }
        }
        let mut i = 0;
        lines.retain(|l| {
            let kept = keep[i];
            i += 1;
            if !kept && k == 0 {
                first_page_removed.push(l.clone());
            }
            kept
        });
    }
    first_page_removed
}

/// Which end of the page line `i` of `n` is near, if any: `true` for the top.
fn edge_of(i: usize, n: usize, line: &Line, height: f64) -> Option<bool> {
    let height = if height > 0.0 { height } else { 842.0 };
    if i < EDGE_LINES && line.bottom <= height * EDGE_SHARE + line.size {
        Some(true)
    } else if i + EDGE_LINES >= n && line.bottom >= height * (1.0 - EDGE_SHARE) {
        Some(false)
    } else {
        None
    }
}

/// The (end, words, height) of the edge lines that come back on enough pages.
fn repeated_edges(pages: &[Vec<Line>], heights: &[f64]) -> HashMap<(bool, String, i64), usize> {
    let mut seen: HashMap<(bool, String, i64), usize> = HashMap::new();
    for (k, lines) in pages.iter().enumerate() {
        let height = heights.get(k).copied().unwrap_or(0.0);
        let mut on_this_page: Vec<(bool, String, i64)> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            if let Some(edge) = edge_of(i, lines.len(), line, height) {
                // Heights to the nearest 2 points: the same line drifts by a fraction.
                let at = (line.bottom / 2.0).round() as i64;
                for a in [at - 1, at, at + 1] {
                    on_this_page.push((edge, key(&line.text()), a));
                }
            }
        }
        on_this_page.sort();
        on_this_page.dedup();
        for k in on_this_page {
            *seen.entry(k).or_default() += 1;
        }
    }
    let needed = 2.max(pages.len().div_ceil(4));
    seen.retain(|_, count| *count >= needed);
    seen
}

/// A line's words as compared across pages: lower case, every run of digits `#`.
///
/// ```text
/// "Page 12 of 46" -> "page # of #"
/// ```
fn key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_digits = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            if !in_digits {
                out.push('#');
            }
            in_digits = true;
            continue;
        }
        in_digits = false;
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.trim().to_owned()
}

/// A line that is only a page number: `7`, `- 7 -`, `Page 7`, `7 of 46`, `7/46`, `vii`.
fn is_page_number(text: &str) -> bool {
    let k = key(text);
    let k = k.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let k = k.strip_prefix("page").map(str::trim_start).unwrap_or(k);
    matches!(k, "#" | "# of #" | "#/#" | "# / #")
        || (!k.is_empty() && k.len() <= 6 && k.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l' | 'c')))
}

/// The United Nations' job number, printed at the foot of a document's pages
/// (`GE.22-12345 (E)`), and the barcode text beside it (`*2212345*`).
fn is_job_number(text: &str) -> bool {
    let t = text.trim();
    let job = t.strip_prefix("GE.").is_some_and(|r| r.starts_with(|c: char| c.is_ascii_digit()));
    let barcode =
        t.len() >= 5 && t.starts_with('*') && t.ends_with('*') && t[1..t.len() - 1].chars().all(|c| c.is_ascii_digit());
    job || barcode
}

/// Takes the footnotes off the foot of every page. `body` is the usual size of the
/// text's type; `heights` the pages' heights.
pub fn take_footnotes(pages: &mut [Vec<Line>], body: f64, heights: &[f64]) -> Vec<Footnote> {
    let mut notes: Vec<Footnote> = Vec::new();
    for (k, lines) in pages.iter_mut().enumerate() {
        let height = heights.get(k).copied().filter(|h| *h > 0.0).unwrap_or(842.0);
        let small = |l: &Line| l.size < 0.95 * body;
        // The run of small lines at the foot of the page.
        let mut start = lines.len();
        while start > 0 && small(&lines[start - 1]) {
            start -= 1;
        }
        // The first marked line in the lower half, with no heading below it: its mark
        // raised, or the line in small type.
        let first_mark = (0..lines.len()).find(|&i| {
            lines[i].bottom > 0.5 * height
                && (small(&lines[i]) || lines[i].pieces[0].raised)
                && note_mark(&lines[i]).is_some()
                && lines[i + 1..].iter().all(|l| l.size < 1.3 * body)
        });
        // Unmarked small lines just above the first mark continue the previous page's
        // last note only when nothing but notes is at the foot, from the top of the run.
        let continues = notes.last().is_some_and(|n| n.page + 1 == k) && first_mark != Some(start);
        let from = match (first_mark, continues) {
            (_, true) if start < lines.len() => start,
            (Some(i), _) => i,
            (None, _) => continue,
        };
        for line in lines.drain(from..) {
            match note_mark(&line) {
                Some(mark) => {
                    let text = line.pieces[1..]
                        .iter()
                        .enumerate()
                        .map(|(i, p)| if i > 0 && p.space_before { format!(" {}", p.text) } else { p.text.clone() })
                        .collect::<String>();
                    notes.push(Footnote { mark, page: k, text });
                }
                None => {
                    if let Some(last) = notes.last_mut() {
                        super::paragraphs::join_line(&mut last.text, &line.text(), &Default::default());
                    }
                }
            }
        }
    }
    notes
}

/// The mark a footnote line starts with: a raised number or sign, or `*`/`†` standing
/// alone before the text.
fn note_mark(line: &Line) -> Option<String> {
    let first = line.pieces.first()?;
    if line.pieces.len() < 2 {
        return None;
    }
    let t = first.text.as_str();
    let sign = !t.is_empty() && t.chars().all(|c| matches!(c, '*' | '†' | '‡'));
    let number = !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit());
    ((first.raised && (number || sign)) || (sign && first.space_before == line.pieces[1].space_before))
        .then(|| t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::pdf::layout::Piece;

    fn line(page: usize, bottom: f64, size: f64, words: &[&str]) -> Line {
        let pieces = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let raised = w.starts_with('^');
                Piece {
                    text: w.trim_start_matches('^').to_owned(),
                    x0: 60.0 + 30.0 * i as f64,
                    x1: 85.0 + 30.0 * i as f64,
                    size: if raised { size * 0.6 } else { size },
                    raised,
                    space_before: i > 0,
                }
            })
            .collect();
        Line { page, pieces, x0: 60.0, x1: 85.0 + 30.0 * words.len() as f64, bottom, size }
    }

    #[test]
    fn keys_make_numbers_alike() {
        assert_eq!(key("Page 12 of 46"), "page # of #");
        assert_eq!(key("ADP 2-12  –  Draft"), "adp #-# – draft");
    }

    #[test]
    fn page_numbers_and_job_numbers() {
        for t in ["7", "- 7 -", "Page 7 of 9", "7/46", "xii", "12 of 46"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["7.", "Article 7", "Option 1:"] {
            assert!(!is_page_number(t), "{t}");
        }
        assert!(is_job_number("GE.22-12345 (E)"));
        assert!(is_job_number("*2212345*"));
        assert!(!is_job_number("*NDMC*"));
    }

    #[test]
    fn repeated_headers_go_and_the_text_stays() {
        let page = |k: usize, first: &str| {
            vec![
                line(k, 40.0, 9.0, &["Draft", "decision"]),
                line(k, 300.0, 9.0, &[first, "text"]),
                line(k, 800.0, 8.0, &[&format!("{}", k + 1), "of", "3"]),
            ]
        };
        let mut pages = vec![page(0, "One"), page(1, "Two"), page(2, "Three")];
        let removed = remove_headers_and_footers(&mut pages, &[842.0; 3]);
        let texts: Vec<Vec<String>> = pages.iter().map(|p| p.iter().map(Line::text).collect()).collect();
        assert_eq!(texts, [["One text"], ["Two text"], ["Three text"]]);
        assert_eq!(removed.len(), 2);
    }

    #[test]
    fn footnotes_at_the_foot_in_smaller_type() {
        let mut pages = vec![
            vec![
                line(0, 100.0, 9.0, &["Body", "text"]),
                line(0, 700.0, 8.0, &["^1", "First", "note"]),
                line(0, 710.0, 8.0, &["goes", "on"]),
                line(0, 720.0, 8.0, &["^2", "Second"]),
            ],
            vec![line(1, 100.0, 9.0, &["More", "body"]), line(1, 700.0, 8.0, &["continued", "here"])],
        ];
        let notes = take_footnotes(&mut pages, 9.0, &[842.0, 842.0]);
        let got: Vec<(&str, usize, &str)> = notes.iter().map(|n| (n.mark.as_str(), n.page, n.text.as_str())).collect();
        assert_eq!(got, [("1", 0, "First note goes on"), ("2", 0, "Second continued here")]);
        assert_eq!(pages[0].len(), 1);
        assert_eq!(pages[1].len(), 1);
    }
}
