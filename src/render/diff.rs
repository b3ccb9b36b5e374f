//! `concord diff` for people: every changed element with an inline word diff (or the old
//! and new wording side by side), each hunk numbered and followed by who is credited,
//! then the outcomes of the amendments the step answered. As terminal text (colored, or
//! with `[-deleted-]{+inserted+}` markers) or as Markdown.
//!
//! Everything shown comes from a [`DiffReport`]; the negotiation is read only for the
//! elements' full wording.

use std::io::{self, Write};
use std::ops::Range;

use anstyle::{AnsiColor, Color, Style};
use comfy_table::{Cell, ColumnConstraint, ContentArrangement, Width};

use super::amendments::{self, Columns};
use super::credit;
use super::json::{DiffReport, ElementReport, HunkReport};
use super::md;
use crate::draft::Negotiation;
use crate::text::Tokenized;
use crate::text::visible::{line, lines};

const DELETED: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Red))).strikethrough();
const INSERTED: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Green)));
const NOTE: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Cyan)));
const HEADER: Style = Style::new().bold();

/// Width of side-by-side tables when the terminal's is unknown (output piped).
const COLUMNS_WIDTH: u16 = 100;

/// How to render a diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Color the terminal output (never in Markdown).
    pub color: bool,
    /// Old and new wording side by side instead of one inline diff.
    pub columns: bool,
}

/// A piece of an element's text as shown.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Wording both revisions share.
    Same(String),
    /// Deleted wording.
    Deleted(String),
    /// Inserted wording.
    Inserted(String),
    /// The note mark of hunk `k` (shown as `k + 1`).
    Note(usize),
}

/// The inline diff of an element: the new text with each hunk's old wording placed before
/// its new wording, and a note mark after each hunk. A pure deletion keeps the spacing it
/// had in the old text (`old`, the `from_ids` taken as one text).
///
/// ```text
/// "States should respect the agreed norms", hunks [insert "fully" at 2..3,
/// replace "voluntary" with "agreed" at 5..6]
///   -> Same("States should "), Inserted("fully"), Note(0), Same(" respect the "),
///      Deleted("voluntary"), Inserted("agreed"), Note(1), Same(" norms")
/// ```
fn inline(old: &[&Tokenized], new: Option<&Tokenized>, hunks: &[HunkReport]) -> Vec<Piece> {
    let Some(t) = new else {
        return hunks.iter().enumerate().flat_map(|(k, h)| [Piece::Deleted(h.old.clone()), Piece::Note(k)]).collect();
    };
    let mut pieces = Vec::new();
    let mut pos = 0;
    for (k, h) in hunks.iter().enumerate() {
        let [a, b] = h.new_words;
        if a < b {
            let (start, end) = (t.spans[a].start, t.spans[b - 1].end);
            pieces.push(Piece::Same(t.text[pos..start].to_owned()));
            if !h.old.is_empty() {
                pieces.push(Piece::Deleted(h.old.clone()));
            }
            pieces.push(Piece::Inserted(t.text[start..end].to_owned()));
            pieces.push(Piece::Note(k));
            pos = end;
        } else if a == 0 {
            let start = t.byte_start(0);
            pieces.push(Piece::Same(t.text[pos..start].to_owned()));
            pieces.push(Piece::Deleted(h.old.clone()));
            pieces.push(Piece::Note(k));
            if !t.is_empty() && spaced(old, h.old_words[1]) {
                pieces.push(Piece::Same(" ".to_owned()));
            }
            pos = start;
        } else {
            // A pure deletion, right after the word before it and spaced as it was.
            let prev_end = t.spans[a - 1].end;
            pieces.push(Piece::Same(t.text[pos..prev_end].to_owned()));
            if spaced(old, h.old_words[0]) {
                pieces.push(Piece::Same(" ".to_owned()));
            }
            pieces.push(Piece::Deleted(h.old.clone()));
            pieces.push(Piece::Note(k));
            pos = prev_end;
        }
    }
    pieces.push(Piece::Same(t.text[pos..t.text.trim_end().len().max(pos)].to_owned()));
    pieces.retain(|p| !matches!(p, Piece::Same(s) if s.is_empty()));
    pieces
}

/// Whether token `i` of the texts taken as one stands after whitespace (or starts a
/// text); past the end, whether the last token is followed by whitespace.
///
/// ```text
/// ["formal sessions [on a basis]."]: 2 ("[") -> true, 6 ("]") -> false
/// ```
fn spaced(texts: &[&Tokenized], i: usize) -> bool {
    let mut offset = 0;
    for t in texts {
        if i < offset + t.len() {
            let local = i - offset;
            return local == 0 || t.spans[local - 1].end < t.spans[local].start;
        }
        offset += t.len();
    }
    texts.last().and_then(|t| t.spans.last().map(|s| s.end < t.text.trim_end().len())).unwrap_or(true)
}

/// One side of a side-by-side view: the texts (taken as one, paragraphs on their own
/// lines) with the token ranges `marks` shown as deleted (or inserted) and a note mark
/// after each range whose flag is set.
fn side(texts: &[&Tokenized], marks: &[(usize, Range<usize>, bool)], deleted: bool) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut offset = 0;
    for (i, t) in texts.iter().enumerate() {
        if i > 0 {
            pieces.push(Piece::Same("\n".to_owned()));
        }
        let mut pos = 0;
        for (k, range, note) in marks {
            let (s, e) = (range.start.max(offset), range.end.min(offset + t.len()));
            if s >= e {
                continue;
            }
            let (start, end) = (t.spans[s - offset].start, t.spans[e - offset - 1].end);
            pieces.push(Piece::Same(t.text[pos..start].to_owned()));
            let text = t.text[start..end].to_owned();
            pieces.push(if deleted { Piece::Deleted(text) } else { Piece::Inserted(text) });
            if *note && e == range.end {
                pieces.push(Piece::Note(*k));
            }
            pos = end;
        }
        pieces.push(Piece::Same(t.text[pos..t.text.trim_end().len().max(pos)].to_owned()));
        offset += t.len();
    }
    pieces.retain(|p| !matches!(p, Piece::Same(s) if s.is_empty()));
    pieces
}

/// The old and new sides of an element.
fn sides(n: &Negotiation, report: &DiffReport, e: &ElementReport) -> (Vec<Piece>, Vec<Piece>) {
    let (old_texts, new_text) = texts(n, report, e);
    let old_marks: Vec<_> = e
        .hunks
        .iter()
        .enumerate()
        .map(|(k, h)| (k, h.old_words[0]..h.old_words[1], h.new_words[0] == h.new_words[1]))
        .collect();
    let new_marks: Vec<_> = e
        .hunks
        .iter()
        .enumerate()
        .map(|(k, h)| (k, h.new_words[0]..h.new_words[1], h.new_words[0] < h.new_words[1]))
        .collect();
    (side(&old_texts, &old_marks, true), side(new_text.as_slice(), &new_marks, false))
}

/// A note number in superscript digits: `12 -> "¹²"`.
fn superscript(n: usize) -> String {
    const DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];
    n.to_string().bytes().map(|d| DIGITS[usize::from(d - b'0')]).collect()
}

/// Pieces as terminal text: colored, or with `[-…-]` and `{+…+}` markers. Hidden
/// characters are shown (`{+\u{200B}+}`: an invisible insertion cannot pass unseen); the
/// text's own line breaks are kept.
fn terminal(pieces: &[Piece], color: bool) -> String {
    let mut s = String::new();
    for p in pieces {
        let (text, style, open, close) = match p {
            Piece::Same(t) => (lines(t), Style::new(), "", ""),
            Piece::Deleted(t) => (lines(t), DELETED, "[-", "-]"),
            Piece::Inserted(t) => (lines(t), INSERTED, "{+", "+}"),
            Piece::Note(k) => (superscript(k + 1).into(), NOTE, "", ""),
        };
        if color && !style.is_plain() {
            s.push_str(&format!("{style}{text}{style:#}"));
        } else {
            s.push_str(&format!("{open}{text}{close}"));
        }
    }
    s
}

/// Pieces as one line of Markdown: `<del>`, `<ins>` and `<sup>` (which GitHub renders),
/// the text escaped, its line breaks as `<br>` (so a table row or the paragraph never
/// ends inside an insertion) and a block marker at its start escaped.
fn markdown_pieces(pieces: &[Piece]) -> String {
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Same(t) => s.push_str(&md_escape(t)),
            Piece::Deleted(t) => s.push_str(&format!("<del>{}</del>", md_escape(t))),
            Piece::Inserted(t) => s.push_str(&format!("<ins>{}</ins>", md_escape(t))),
            Piece::Note(k) => s.push_str(&format!("<sup>{}</sup>", k + 1)),
        }
    }
    md::at_line_start(&s)
}

/// Text escaped for the Markdown diff, a line break as `<br>` ([`md::escape`]).
pub fn md_escape(text: &str) -> String {
    md::escape(text, "<br>")
}

/// The element's heading: number, id, change kind, where it came from.
///
/// ```text
/// "8. threats-critical-infrastructure — modified, renumbered from 7"
/// "cbm-information-sharing — merged from cbm-transparency + cbm-best-practices"
/// ```
fn heading(e: &ElementReport) -> String {
    let mut s = match &e.number {
        Some(number) => format!("{number}. {}", e.id),
        None => e.id.clone(),
    };
    s.push_str(" — ");
    s.push_str(e.change);
    let renamed = e.from_ids.len() == 1 && e.from_ids[0] != e.id;
    match e.change {
        "split" => s.push_str(&format!(" from {}", e.from_ids.join(" + "))),
        "merged" => s.push_str(&format!(" from {}", e.from_ids.join(" + "))),
        "removed" => {
            if let Some(old) = &e.old_number {
                s.push_str(&format!(" (was {old})"));
            }
        }
        _ if renamed => s.push_str(&format!(", renamed from {}", e.from_ids[0])),
        _ => {}
    }
    if e.moved {
        s.push_str(", moved");
    }
    if e.from_ids.len() == 1
        && let (Some(old), Some(new)) = (&e.old_number, &e.number)
        && old != new
    {
        s.push_str(&format!(", renumbered from {old}"));
    }
    line(&s).into_owned()
}

/// The credit line of every hunk of an element.
fn credit_lines(report: &DiffReport, e: &ElementReport) -> Vec<(usize, String)> {
    let several_steps = report.to_index > report.from_index + 1;
    e.hunks.iter().enumerate().map(|(k, h)| (k, credit::hunk(h, several_steps))).collect()
}

fn summary(n: &Negotiation, report: &DiffReport) -> (String, String) {
    let title = |i: usize| line(&n.revisions[i].title);
    let changed = report.elements.iter().filter(|e| e.changed()).count();
    let unchanged = report.elements.len() - changed;
    (
        format!(
            "Changes from {} ({}) to {} ({})",
            line(&report.from),
            title(report.from_index),
            line(&report.to),
            title(report.to_index)
        ),
        format!("{changed} {} changed, {unchanged} unchanged.", plural(changed, "element", "elements")),
    )
}

fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count == 1 { one } else { many }
}

/// The revisions whose amendments a diff answers: `"rev1"` or `"zero-draft, rev1"`.
fn proposed_on(n: &Negotiation, report: &DiffReport) -> String {
    let ids: Vec<String> =
        (report.from_index..report.to_index).map(|i| line(&n.revisions[i].id).into_owned()).collect();
    ids.join(", ")
}

/// Writes the diff as terminal text.
pub fn text(out: &mut dyn Write, n: &Negotiation, report: &DiffReport, opts: Options) -> io::Result<()> {
    let style = |s: Style, text: &str| if opts.color { format!("{s}{text}{s:#}") } else { text.to_owned() };
    let (title, counts) = summary(n, report);
    writeln!(out, "{}", style(HEADER, &title))?;
    writeln!(out, "{counts}")?;
    for e in report.elements.iter().filter(|e| e.changed()) {
        writeln!(out)?;
        writeln!(out, "{}", style(HEADER, &heading(e)))?;
        if e.hunks.is_empty() {
            writeln!(out, "  (wording unchanged)")?;
            continue;
        }
        if opts.columns {
            let (old, new) = sides(n, report, e);
            let mut table = amendments::new_table();
            table.set_content_arrangement(ContentArrangement::Dynamic);
            if table.width().is_none() {
                table.set_width(COLUMNS_WIDTH);
            }
            table.set_header(vec![line(&report.from), line(&report.to)]);
            table.add_row(vec![Cell::new(terminal(&old, opts.color)), Cell::new(terminal(&new, opts.color))]);
            let half = ColumnConstraint::Absolute(Width::Percentage(50));
            table.set_constraints([half, half]);
            writeln!(out, "{table}")?;
        } else {
            // The text's own line breaks keep the indent: no line of a paragraph can pass
            // for one of concord's.
            writeln!(out, "  {}", terminal(&inline_of(n, report, e), opts.color).replace('\n', "\n  "))?;
        }
        for (k, line) in credit_lines(report, e) {
            writeln!(out, "  {} {line}", style(NOTE, &superscript(k + 1)))?;
        }
    }
    writeln!(out)?;
    if report.amendments.is_empty() {
        writeln!(out, "No amendments were proposed on {}.", proposed_on(n, report))?;
    } else {
        writeln!(out, "{}", style(HEADER, &format!("Amendments proposed on {}", proposed_on(n, report))))?;
        writeln!(out, "{}", amendments::table(&report.amendments, Columns::Short, opts.color))?;
    }
    Ok(())
}

/// The element's old texts (of `from_ids`) and its new text.
fn texts<'n>(
    n: &'n Negotiation,
    report: &DiffReport,
    e: &ElementReport,
) -> (Vec<&'n Tokenized>, Option<&'n Tokenized>) {
    let old_rev = &n.revisions[report.from_index];
    let old = e.old.iter().map(|&i| &old_rev.paragraphs[i].text).collect();
    (old, e.new.map(|j| &n.revisions[report.to_index].paragraphs[j].text))
}

/// The element's inline diff.
fn inline_of(n: &Negotiation, report: &DiffReport, e: &ElementReport) -> Vec<Piece> {
    let (old, new) = texts(n, report, e);
    inline(&old, new, &e.hunks)
}

/// Writes the diff as Markdown.
pub fn markdown(out: &mut dyn Write, n: &Negotiation, report: &DiffReport, opts: Options) -> io::Result<()> {
    let (title, counts) = summary(n, report);
    writeln!(out, "# {}\n\n{counts}", md_escape(&title))?;
    for e in report.elements.iter().filter(|e| e.changed()) {
        writeln!(out, "\n## {}\n", md_escape(&heading(e)))?;
        if e.hunks.is_empty() {
            writeln!(out, "(wording unchanged)")?;
            continue;
        }
        if opts.columns {
            let (old, new) = sides(n, report, e);
            writeln!(out, "| {} | {} |\n|---|---|", md_escape(&report.from), md_escape(&report.to))?;
            writeln!(out, "| {} | {} |", markdown_pieces(&old), markdown_pieces(&new))?;
        } else {
            writeln!(out, "{}", markdown_pieces(&inline_of(n, report, e)))?;
        }
        writeln!(out)?;
        for (k, line) in credit_lines(report, e) {
            writeln!(out, "{}. {}", k + 1, md_escape(&line))?;
        }
    }
    writeln!(out)?;
    if report.amendments.is_empty() {
        writeln!(out, "No amendments were proposed on {}.", md_escape(&proposed_on(n, report)))?;
    } else {
        writeln!(out, "## Amendments proposed on {}\n", md_escape(&proposed_on(n, report)))?;
        amendments::markdown(out, &report.amendments, Columns::Short)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hunk(old: &str, new: &str, old_words: [usize; 2], new_words: [usize; 2]) -> HunkReport {
        HunkReport {
            kind: "replace",
            old: old.into(),
            new: new.into(),
            old_words,
            new_words,
            credited: vec![],
            chair: false,
        }
    }

    fn shown(old: &str, new: &str, hunks: &[HunkReport]) -> String {
        terminal(&inline(&[&Tokenized::new(old)], Some(&Tokenized::new(new)), hunks), false)
    }

    #[test]
    fn inline_shows_insertions_and_replacements_in_place() {
        let hunks = [hunk("", "fully", [2, 2], [2, 3]), hunk("voluntary", "agreed", [4, 5], [5, 6])];
        assert_eq!(
            shown(
                "States should respect the voluntary norms.",
                "States should fully respect the agreed norms.",
                &hunks
            ),
            "States should {+fully+}¹ respect the [-voluntary-]{+agreed+}² norms."
        );
    }

    #[test]
    fn deletions_keep_the_spacing_of_the_old_text() {
        let deleted = |old: &str, new: &str, words: [usize; 2], at: usize| {
            let old_text = Tokenized::new(old).slice(words[0]..words[1]).to_owned();
            shown(old, new, &[hunk(&old_text, "", words, [at, at])])
        };
        assert_eq!(
            deleted("respect the voluntary norms", "respect the norms", [2, 3], 2),
            "respect the [-voluntary-]¹ norms"
        );
        assert_eq!(deleted("the norms, fully.", "the norms.", [2, 4], 2), "the norms[-, fully-]¹.");
        assert_eq!(deleted("formal sessions [on", "formal sessions on", [2, 3], 2), "formal sessions [-[-]¹ on");
        assert_eq!(deleted("basis].", "basis.", [1, 2], 1), "basis[-]-]¹.");
        assert_eq!(deleted("Many States met.", "States met.", [0, 1], 0), "[-Many-]¹ States met.");
    }

    #[test]
    fn a_removed_element_is_all_deleted() {
        let pieces = inline(&[&Tokenized::new("Gone.")], None, &[hunk("Gone.", "", [0, 2], [0, 0])]);
        assert_eq!(terminal(&pieces, false), "[-Gone.-]¹");
    }

    #[test]
    fn side_marks_ranges_across_merged_paragraphs() {
        let (a, b) = (Tokenized::new("One two."), Tokenized::new("Three four."));
        let pieces = side(&[&a, &b], &[(0, 1..4, true)], true);
        assert_eq!(terminal(&pieces, false), "One [-two.-]\n[-Three-]¹ four.");
    }

    #[test]
    fn an_invisible_insertion_is_shown() {
        let hunks = [hunk("", "\u{200B}", [1, 1], [1, 2])];
        let pieces = inline(&[&Tokenized::new("States agree")], Some(&Tokenized::new("States \u{200B} agree")), &hunks);
        assert_eq!(terminal(&pieces, false), "States {+\\u{200B}+}¹ agree");
        assert_eq!(markdown_pieces(&pieces), "States <ins>\\\\u{200B}</ins><sup>1</sup> agree");
    }

    #[test]
    fn markdown_pieces_stay_on_one_line() {
        let pieces = [Piece::Same("- a\n".into()), Piece::Inserted("b\n| c |\n# d".into()), Piece::Note(0)];
        assert_eq!(markdown_pieces(&pieces), "\\- a<br><ins>b<br>\\| c \\|<br>\\# d</ins><sup>1</sup>");
    }

    #[test]
    fn superscripts() {
        assert_eq!(superscript(12), "¹²");
    }
}
