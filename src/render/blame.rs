//! `concord blame` for people: like `git blame`, but for words. Each run of words with
//! the same origin is printed after a gutter naming the revision where the words entered
//! and who is credited: the amendment and its proposer, the Chair, or for the baseline's
//! words how they stood there (agreed, open or contested, as the analysis says).

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
/// wording), `Chair`, or for baseline words their standing there: `agreed`, `open`,
/// `contested`.
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
        (None, None) => span.standing.unwrap_or("baseline").to_owned(),
    }
}

/// What a baseline label means, for the legend: `baseline` is "Title (id)".
fn standing_legend(label: &str, baseline: &str) -> String {
    match label {
        "agreed" => format!("agreed: words agreed in {baseline}, the baseline."),
        "open" => format!("open: words of {baseline}, the baseline, an open negotiating text: not agreed."),
        "contested" => format!(
            "contested: words of {baseline}, the baseline, that were contested ground there (bracketed, in options, \
             or in a paragraph left open)."
        ),
        _ => format!("{label}: words of {baseline}, the baseline."),
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
    let mut labels: Vec<&str> = Vec::new();
    for s in report.elements.iter().flat_map(|e| &e.spans).filter(|s| s.amendment.is_none() && s.by.is_none()) {
        let label = s.standing.unwrap_or("baseline");
        if !labels.contains(&label) {
            labels.push(label);
        }
    }
    labels.sort_unstable();
    let named = format!("{} ({})", line(&baseline.title), line(&baseline.id));
    let mut legend: Vec<String> = labels.iter().map(|l| standing_legend(l, &named)).collect();
    legend.push(format!("{CHAIR}: the Chair's own wording. ~: an amendment's words taken up with changed wording."));
    writeln!(out, "{}", legend.join(" "))?;
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
