//! `concord status` in the terminal: one row per element (number, id, status, churn
//! sparkline, open amendments, delegations involved, baseline lineage) under a row
//! naming its section, and a line of totals. Fits the width it is given: a narrow
//! terminal gets fewer columns rather than a table of one-letter cells.

use std::io::{self, Write};

use comfy_table::{Attribute, Cell, CellAlignment, Color, ColumnConstraint, ContentArrangement, Table, Width, presets};

use super::report::words;
use crate::convergence::{Convergence, Element, Status, Trend};
use crate::draft::Negotiation;
use crate::text::visible::line;

/// Below this width the delegations and baseline columns are left out.
pub const NARROW: u16 = 80;

/// How to print.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Color the status column and the totals.
    pub color: bool,
    /// Width of the table in columns.
    pub width: u16,
    /// After the table, the reasons behind each status.
    pub why: bool,
}

/// The terminal color of a status.
fn color(s: Status) -> Color {
    match s {
        Status::Contested => Color::Red,
        Status::UnderNegotiation => Color::Magenta,
        Status::Converging => Color::Yellow,
        Status::Stable => Color::Blue,
        Status::Agreed => Color::Green,
        Status::New => Color::Cyan,
        Status::Dropped => Color::DarkGrey,
    }
}

/// Bars for churn: zero is the lowest, any change at least the second.
const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// The churn of each step as a bar (blank where the element did not exist), then the
/// trend: `↘` falling, `↗` rising, `→` not falling, `=` stable.
///
/// ```text
/// churn [0.9, 0.05, 0.2] of max 1.0, rising -> "█▃▄ ↗"
/// ```
pub fn sparkline(e: &Element, steps: usize, max: f64) -> String {
    let mut s: String = (0..steps)
        .map(|r| match e.churn.iter().find(|c| c.from == r) {
            None => ' ',
            Some(c) => match c.churn {
                None => '+',
                Some(v) if v <= 0.0 || max <= 0.0 => BARS[0],
                // Square root, so small changes stay visible next to a rewrite.
                Some(v) => BARS[((v / max).sqrt() * 7.0).ceil().clamp(1.0, 7.0) as usize],
            },
        })
        .collect();
    let arrow = match e.trend {
        Trend::Falling => "↘",
        Trend::Rising => "↗",
        Trend::NotFalling => "→",
        Trend::Stable => "=",
        Trend::None | Trend::FirstStep => "",
    };
    if !arrow.is_empty() && e.status != Status::Dropped {
        s.push(' ');
        s.push_str(arrow);
    }
    s
}

/// Writes the table of `shown` elements and the totals line.
pub fn write(
    out: &mut dyn Write,
    n: &Negotiation,
    c: &Convergence,
    shown: &[&Element],
    opts: Options,
) -> io::Result<()> {
    let narrow = opts.width < NARROW;
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
    table.set_content_arrangement(ContentArrangement::Dynamic);
    table.set_width(opts.width);
    if opts.color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    let header: &[&str] = if narrow {
        &["no.", "element", "status", "churn", "open"]
    } else {
        &["no.", "element", "status", "churn", "open", "involved", "baseline"]
    };
    table.set_header(header.to_vec());
    // Ids wrap badly ("intro-mandat|e"): give the element column room for the longest id
    // (within reason) and fixed room to the short columns; the lists wrap instead.
    let longest = shown.iter().map(|e| e.id.chars().count()).max().unwrap_or(7) as u16;
    // A status may wrap between its words, never inside one ("under nego|tiation").
    let status_w =
        shown.iter().flat_map(|e| e.status.label().split(' ')).map(|w| w.chars().count()).max().unwrap_or(10).max(10)
            as u16;
    // Narrow: the other columns, borders and padding take 28 columns besides the status.
    let room = if narrow { opts.width.saturating_sub(28 + status_w).max(12) } else { opts.width / 3 - 1 };
    // Widths here count the cell padding (one space each side).
    let fixed = |w: u16| ColumnConstraint::LowerBoundary(Width::Fixed(w + 2));
    let mut constraints = vec![fixed(3), fixed(longest.min(room)), fixed(status_w), fixed(5), fixed(4)];
    if !narrow {
        constraints.extend([fixed(8), fixed(8)]);
    }
    for (column, constraint) in table.column_iter_mut().zip(constraints) {
        column.set_constraint(constraint);
    }
    let max = shown.iter().flat_map(|e| e.churn.iter().filter_map(|s| s.churn)).fold(0.0, f64::max);
    let mut group: Option<String> = None;
    for e in shown {
        // A row naming the section before its elements (they come in document order),
        // then one before the elements dropped on the way.
        let this =
            if e.status == Status::Dropped { "dropped on the way".to_owned() } else { line(&e.section).into_owned() };
        if group.as_deref() != Some(this.as_str()) {
            let mut cell = Cell::new(&this);
            if opts.color {
                cell = cell.add_attribute(Attribute::Bold);
            }
            table.add_row(vec![Cell::new(""), cell]);
            group = Some(this);
        }
        let number = if e.status == Status::Dropped { format!("({})", e.number) } else { e.number.clone() };
        let mut status = Cell::new(e.status.label());
        if opts.color {
            status = status.fg(color(e.status));
        }
        let open: Vec<&str> = e.open.iter().map(|&i| n.amendments[i].id.as_str()).collect();
        let mut row = vec![
            Cell::new(line(&number)).set_alignment(CellAlignment::Right),
            Cell::new(line(&e.id)),
            status,
            Cell::new(sparkline(e, c.revision, max)),
            // Narrow: how many are open; the ids are in `--why` and the report.
            Cell::new(match (open.is_empty(), narrow) {
                (true, _) => "–".to_owned(),
                (false, true) => open.len().to_string(),
                (false, false) => line(&open.join(" ")).into_owned(),
            }),
        ];
        if !narrow {
            row.push(Cell::new(if e.involved.is_empty() {
                "–".to_owned()
            } else {
                line(&e.involved.join(" ")).into_owned()
            }));
            row.push(Cell::new(line(&baseline(e))));
        }
        table.add_row(row);
    }
    writeln!(out, "{table}")?;
    for line in totals(c, shown, opts) {
        writeln!(out, "{line}")?;
    }
    if opts.why {
        why(out, n, shown, opts)?;
    }
    Ok(())
}

/// The baseline paragraph numbers an element continues: `15`, `26+27`, `—` when new.
fn baseline(e: &Element) -> String {
    if e.lineage.baseline_numbers.is_empty() { "—".to_owned() } else { e.lineage.baseline_numbers.join("+") }
}

/// `38 elements: 5 contested · 1 under negotiation · 12 converging · 10 stable · …`, broken
/// between parts to fit the width (escape codes do not count).
fn totals(c: &Convergence, shown: &[&Element], opts: Options) -> Vec<String> {
    let mut parts: Vec<(usize, String)> = Status::ALL
        .iter()
        .map(|&s| {
            let count = shown.iter().filter(|e| e.status == s).count();
            let plain = format!("{count} {}", s.label());
            let shown = if opts.color { format!("{count} {}", paint(s, s.label())) } else { plain.clone() };
            (plain.chars().count(), shown)
        })
        .collect();
    if shown.len() != c.elements.len() {
        let of = format!("(of {})", c.elements.len());
        parts.push((of.len(), of));
    }
    let mut lines = vec![format!("{} elements:", shown.len())];
    let mut width = lines[0].chars().count();
    for (k, (len, text)) in parts.into_iter().enumerate() {
        let sep = if k == 0 || text.starts_with('(') { " " } else { " · " };
        let line = lines.last_mut().expect("one line");
        if width + sep.len() + len > opts.width as usize {
            lines.push(text);
            width = len;
        } else {
            line.push_str(if sep == " · " { " · " } else { " " });
            line.push_str(&text);
            width += sep.chars().count() + len;
        }
    }
    lines
}

/// A status word in its color (ANSI).
fn paint(s: Status, text: &str) -> String {
    let code = match s {
        Status::Contested => "31",
        Status::UnderNegotiation => "35",
        Status::Converging => "33",
        Status::Stable => "34",
        Status::Agreed => "32",
        Status::New => "36",
        Status::Dropped => "90",
    };
    format!("\u{1b}[{code}m{text}\u{1b}[0m")
}

/// The evidence behind each status, wrapped to the width: `•` for what decides it,
/// `◦` for context.
fn why(out: &mut dyn Write, n: &Negotiation, shown: &[&Element], opts: Options) -> io::Result<()> {
    for e in shown {
        let status = if opts.color { paint(e.status, e.status.label()) } else { e.status.label().to_owned() };
        writeln!(out, "\n{} {} — {status}", line(&e.number), line(&e.id))?;
        for (evidence, reason) in words::evidence(n, e) {
            // • decides the status; ◦ is context.
            let bullet = if evidence.decisive { "  • " } else { "  ◦ " };
            for (k, line) in wrap(&line(&reason), opts.width.saturating_sub(4).max(20) as usize).iter().enumerate() {
                writeln!(out, "{}{line}", if k == 0 { bullet } else { "    " })?;
            }
        }
    }
    Ok(())
}

/// Wraps text at spaces to lines of at most `width` characters (longer words stay whole).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
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
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces() {
        assert_eq!(wrap("one two three four", 9), ["one two", "three", "four"]);
    }
}
