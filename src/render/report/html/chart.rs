//! The process at a glance: stacked bars of elements by status per revision and, under
//! them, the brackets in each revision's text joined by a line, as inline SVG.
//!
//! Drawn at its own size (its text 14 px) where there is room; on a narrower screen it
//! shrinks to [`MIN_SCALE`] of its width, no further (past that it scrolls within its
//! own box), so no label is ever smaller than 11 px. Every bar segment is drawn, empty ones
//! too, and carries its revision and status, so the page's script can redraw the bars
//! for the elements a filter leaves; the geometry it needs is on the `<svg>`.

use std::fmt::Write as _;

use super::escape;
use crate::convergence::{Snapshot, Status};
use crate::draft::Negotiation;

/// The smallest scale the chart is shown at (set as its CSS `min-width`): 14 px text
/// stays at least 11 px.
const MIN_SCALE: f64 = 0.8;
/// Left margin (the count axis), right margin, width given to each revision.
const LEFT: f64 = 40.0;
const RIGHT: f64 = 12.0;
const SLOT: f64 = 104.0;
/// Top and height of the bars.
const BARS_TOP: f64 = 20.0;
const BARS_H: f64 = 180.0;
/// Height of the brackets band.
const BAND_H: f64 = 56.0;
/// Smallest bar segment that gets its count written in it.
const LABELLED: f64 = 18.0;
/// Characters of a revision id on one line under its bar.
const LABEL_CHARS: usize = 11;

/// The color of a status in the chart (the page's legend uses the same, from its CSS).
pub fn color(s: Status) -> &'static str {
    match s {
        Status::Contested => "#b71c1c",
        Status::UnderNegotiation => "#c2410c",
        Status::Converging => "#a16207",
        Status::Stable => "#4d7c0f",
        Status::Agreed => "#2e7d32",
        Status::New => "#1565c0",
        Status::Dropped => "#9e9e9e",
    }
}

/// A revision id on at most two lines of [`LABEL_CHARS`], broken after a `-`, `_` or `.`
/// where it can be, shortened with `…` when even two are not enough.
///
/// ```text
/// "rev2" -> ["rev2"]    "oewg-2021-final" -> ["oewg-2021-", "final"]
/// "a-very-long-revision-name" -> ["a-very-", "long-revis…"]
/// ```
fn label_lines(id: &str) -> Vec<String> {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= LABEL_CHARS {
        return vec![id.to_owned()];
    }
    let head = &chars[..LABEL_CHARS];
    let cut = head.iter().rposition(|c| matches!(c, '-' | '_' | '.')).filter(|&i| i > 0).map_or(LABEL_CHARS, |i| i + 1);
    let first: String = chars[..cut].iter().collect();
    let rest = &chars[cut..];
    let second: String = if rest.len() <= LABEL_CHARS {
        rest.iter().collect()
    } else {
        rest[..LABEL_CHARS - 1].iter().chain(['…'].iter()).collect()
    };
    vec![first, second]
}

/// Writes the chart of `timeline`.
pub fn write(h: &mut String, n: &Negotiation, timeline: &[Snapshot]) {
    let slots = timeline.len().max(1) as f64;
    let slot = SLOT.max((360.0 - LEFT - RIGHT) / slots);
    let width = LEFT + RIGHT + slot * slots;
    let base_y = BARS_TOP + BARS_H;
    let label_y = base_y + 18.0;
    let band_top = label_y + 17.0 + 48.0;
    let height = band_top + BAND_H + 6.0;
    let max_elements = timeline.iter().map(|s| s.counts.total()).max().unwrap_or(1).max(1);
    let max_brackets = timeline.iter().map(|s| s.bracket_marks).max().unwrap_or(0).max(1) as f64;
    let bar = (slot * 0.6).min(64.0);
    let _ = writeln!(
        h,
        "<svg class=\"chart\" viewBox=\"0 0 {width} {height}\" style=\"width:{width}px;min-width:{:.0}px\" \
         role=\"img\" aria-labelledby=\"chart-title\" data-top=\"{BARS_TOP}\" data-height=\"{BARS_H}\" \
         data-band-top=\"{band_top}\" data-band-height=\"{BAND_H}\" data-labelled=\"{LABELLED}\">\n\
         <title id=\"chart-title\">Elements by status, and brackets in the text, per revision</title>",
        (width * MIN_SCALE).ceil()
    );
    let _ =
        writeln!(h, "<line class=\"axis\" x1=\"{LEFT}\" y1=\"{base_y}\" x2=\"{}\" y2=\"{base_y}\"/>", width - RIGHT);
    let _ = writeln!(
        h,
        "<text id=\"chart-max\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{max_elements}</text>\n\
         <text x=\"{0}\" y=\"{base_y}\" text-anchor=\"end\">0</text>",
        LEFT - 6.0,
        BARS_TOP + 5.0
    );
    let mut points = Vec::new();
    for (i, snap) in timeline.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
        let cx = x + bar / 2.0;
        let mut y = base_y;
        let id = &n.revisions[snap.revision].id;
        // Stacked from the bottom in reverse, so a bar reads from the top as the legend does.
        for s in Status::ALL.into_iter().rev() {
            let count = snap.counts.get(s);
            let seg = BARS_H * count as f64 / max_elements as f64;
            y -= seg;
            let _ = writeln!(
                h,
                "<rect data-r=\"{i}\" data-s=\"{0}\" data-count=\"{count}\" x=\"{x:.1}\" y=\"{y:.1}\" width=\"{bar:.1}\" \
                 height=\"{seg:.1}\" fill=\"{1}\"><title>{2}: {count} {3}</title></rect>",
                s.as_str(),
                color(s),
                escape(id),
                s.label()
            );
            let shown = if seg >= LABELLED { count.to_string() } else { String::new() };
            let _ = writeln!(
                h,
                "<text class=\"count\" data-r=\"{i}\" data-s=\"{}\" x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{shown}</text>",
                s.as_str(),
                y + seg / 2.0 + 5.0
            );
        }
        for (line, text) in label_lines(id).iter().enumerate() {
            let _ = writeln!(
                h,
                "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
                label_y + 17.0 * line as f64,
                escape(text)
            );
        }
        let by = band_top + BAND_H - (BAND_H - 20.0) * snap.bracket_marks as f64 / max_brackets;
        points.push((i, cx, by, snap.bracket_marks));
    }
    let path: Vec<String> = points.iter().map(|(_, x, y, _)| format!("{x:.1},{y:.1}")).collect();
    let _ = writeln!(
        h,
        "<text class=\"band\" x=\"{LEFT}\" y=\"{:.1}\">brackets in the text</text>\n\
         <line class=\"axis\" x1=\"{LEFT}\" y1=\"{1}\" x2=\"{2}\" y2=\"{1}\"/>\n\
         <polyline id=\"bracket-line\" points=\"{3}\" fill=\"none\" stroke=\"#6a1b9a\" stroke-width=\"2\"/>",
        band_top - 10.0,
        band_top + BAND_H,
        width - RIGHT,
        path.join(" ")
    );
    for (i, x, y, b) in &points {
        let _ = writeln!(
            h,
            "<circle data-r=\"{i}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"#6a1b9a\"/>\
             <text class=\"marks\" data-r=\"{i}\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{b}</text>",
            y - 8.0
        );
    }
    h.push_str("</svg>\n");
}

/// The chart's legend, as text that wraps: statuses from the top of a bar to its bottom.
pub fn legend(h: &mut String) {
    h.push_str("<ul class=\"legend\" aria-label=\"Legend, from the top of a bar to its bottom\">");
    for s in Status::ALL {
        let _ = write!(h, "<li><span class=\"key {}\"></span>{}</li>", s.as_str(), s.label());
    }
    h.push_str("<li><span class=\"key line\"></span>brackets</li></ul>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revision_ids_break_after_a_hyphen_on_two_lines_at_most() {
        assert_eq!(label_lines("rev2"), ["rev2"]);
        assert_eq!(label_lines("zero-draft"), ["zero-draft"]);
        assert_eq!(label_lines("oewg-2021-final"), ["oewg-2021-", "final"]);
        assert_eq!(label_lines("a-very-long-revision-name"), ["a-very-", "long-revis…"]);
        assert_eq!(label_lines("abcdefghijklmnop"), ["abcdefghijk", "lmnop"]);
    }
}
