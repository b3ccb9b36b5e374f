//! `concord blame` for people: like `git blame`, but for words. Each run of words with
//! the same origin is printed after a gutter naming the revision where the words entered
//! and who is credited: the amendment and its proposer, the Chair, or the baseline's
//! agreed text.

use std::io::{self, Write};

use anstyle::{AnsiColor, Color, Style};

use super::credit::CHAIR;
use super::json::{BlameReport, SpanReport};
use crate::draft::Negotiation;
use crate::text::visible::{line, lines};

const HEADER: Style = Style::new().bold();
const GUTTER: Style = Style::new().dimmed();
const AMENDMENT: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Green)));
const CHAIR_STYLE: Style = Style::new().fg_color(Some(Color::Ansi(AnsiColor::Yellow)));

/// Total width of a blame line; the text column wraps to what the gutter leaves.
const WIDTH: usize = 100;
/// The text column is never narrower than this.
const MIN_TEXT: usize = 40;

/// The gutter's "who" for a span: `lmg-1 LMG`, `nam-1 NAM ~` (taken up with changed
/// wording), `Chair`, or `agreed` for baseline words.
fn who(span: &SpanReport) -> String {
    match (&span.amendment, &span.by) {
        (Some(a), by) => {
            let mut s = format!("{a} {}", by.as_deref().unwrap_or(""));
            if span.partial {
                s.push_str(" ~");
            }
            line(&s).into_owned()
        }
        (None, Some(_)) => CHAIR.to_owned(),
        (None, None) => "agreed".to_owned(),
    }
}

/// Greedy word wrap on whitespace; a word longer than `width` stands on its own line.
///
/// ```text
/// ("a bb ccc dddd", 6) -> ["a bb", "ccc", "dddd"]
/// ```
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Writes the blame as terminal text.
pub fn text(out: &mut dyn Write, n: &Negotiation, report: &BlameReport, color: bool) -> io::Result<()> {
    let paint = |s: Style, text: &str| if color { format!("{s}{text}{s:#}") } else { text.to_owned() };
    let spans = report.elements.iter().flat_map(|e| &e.spans);
    let since_w = spans.clone().map(|s| line(&s.since).chars().count()).max().unwrap_or(0);
    let who_w = spans.map(|s| who(s).chars().count()).max().unwrap_or(0);
    let text_w = WIDTH.saturating_sub(since_w + who_w + 6).max(MIN_TEXT);
    let title =
        n.revision_index(&report.revision).map(|i| line(&n.revisions[i].title).into_owned()).unwrap_or_default();
    let baseline = &n.revisions[0];
    writeln!(out, "{}", paint(HEADER, &format!("Blame of {} ({title})", line(&report.revision))))?;
    writeln!(
        out,
        "agreed: words agreed in {} ({}), the baseline. {CHAIR}: the Chair's own wording. \
         ~: an amendment's words taken up with changed wording.",
        line(&baseline.title),
        line(&baseline.id),
    )?;
    for e in &report.elements {
        writeln!(out)?;
        let heading = match &e.number {
            Some(number) => format!("{number}. {}", e.id),
            None => e.id.clone(),
        };
        writeln!(out, "{}", paint(HEADER, &line(&heading)))?;
        if e.spans.is_empty() {
            writeln!(out, "  (empty)")?;
        }
        for span in &e.spans {
            let who = who(span);
            let who_style = match (&span.amendment, &span.by) {
                (Some(_), _) => AMENDMENT,
                (None, Some(_)) => CHAIR_STYLE,
                (None, None) => GUTTER,
            };
            let since = format!("{:since_w$}", line(&span.since));
            let who_cell = format!("{who:who_w$}");
            for (i, line) in wrap(&lines(&span.text), text_w).iter().enumerate() {
                if i == 0 {
                    writeln!(out, "  {}  {}  {line}", paint(GUTTER, &since), paint(who_style, &who_cell))?;
                } else {
                    writeln!(out, "  {:since_w$}  {:who_w$}  {line}", "", "")?;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_whitespace() {
        assert_eq!(wrap("a bb ccc dddd", 6), ["a bb", "ccc", "dddd"]);
        assert_eq!(wrap("", 6), [""]);
        assert_eq!(wrap("toolongword x", 4), ["toolongword", "x"]);
    }
}
