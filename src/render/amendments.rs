//! Amendments with their outcomes, as a terminal table (comfy-table), a Markdown table or
//! CSV for spreadsheets. `concord amendments` prints the full table; `concord diff` ends
//! with the short one for the amendments its step answered.
//!
//! The CSV is opened in spreadsheets, which run a cell that starts like a formula: every
//! such cell is neutralised as OWASP's advice on CSV injection says (see [`csv`]).

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use comfy_table::{Cell, ContentArrangement, Table, presets};

use super::credit::{similarity, support};
use super::diff::md_escape;
use super::json::AmendmentReport;
use crate::attribution::Outcome;
use crate::text::visible::line;

/// Which columns a table shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Columns {
    /// id, by, element, operation, outcome, similarity, taken up in (in `concord diff`).
    Short,
    /// The short ones plus the revision and the supporters and opponents.
    Full,
}

/// An empty table in concord's style. Cells carry their own color codes (comfy-table's
/// `custom_styling` measures text without them), so the table itself is never styled.
pub fn new_table() -> Table {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED.with_rounded_corners());
    if table.is_tty() {
        table.set_content_arrangement(ContentArrangement::Dynamic);
    }
    table
}

fn header(columns: Columns) -> Vec<&'static str> {
    match columns {
        Columns::Short => vec!["id", "by", "element", "operation", "outcome", "similarity", "taken up in"],
        Columns::Full => vec![
            "id",
            "revision",
            "by",
            "element",
            "operation",
            "outcome",
            "similarity",
            "taken up in",
            "supported / opposed",
        ],
    }
}

/// The outcome as shown in tables, noting a withdrawal the outcome does not name.
fn outcome(a: &AmendmentReport) -> String {
    if a.withdrawn && a.outcome != "withdrawn" { format!("{}, withdrawn", a.outcome) } else { a.outcome.to_owned() }
}

/// The similarity, or `–` while no revision has answered the amendment.
fn similarity_cell(a: &AmendmentReport) -> String {
    if matches!(a.outcome, "pending" | "withdrawn") { "–".to_owned() } else { similarity(a.similarity) }
}

fn row(a: &AmendmentReport, columns: Columns) -> Vec<String> {
    let taken_up = a.taken_up_in.clone().unwrap_or_else(|| "–".to_owned());
    let mut cells = vec![a.id.clone()];
    if columns == Columns::Full {
        cells.push(a.revision.clone());
    }
    cells.extend([
        a.who.by.clone(),
        a.element.clone(),
        a.operation.to_owned(),
        outcome(a),
        similarity_cell(a),
        taken_up,
    ]);
    if columns == Columns::Full {
        cells.push(support(&a.who));
    }
    cells.into_iter().map(|c| line(&c).into_owned()).collect()
}

fn outcome_style(outcome: &str) -> Style {
    let color = match outcome {
        "adopted" => AnsiColor::Green,
        "adopted_in_part" => AnsiColor::Cyan,
        "not_taken_up" => AnsiColor::Red,
        "superseded" => AnsiColor::Magenta,
        "pending" => AnsiColor::Yellow,
        _ => return Style::new().dimmed(),
    };
    Style::new().fg_color(Some(color.into()))
}

/// The amendments as a terminal table; the outcomes colored when `color`.
pub fn table(rows: &[AmendmentReport], columns: Columns, color: bool) -> Table {
    let mut table = new_table();
    table.set_header(header(columns));
    let outcome_at = header(columns).iter().position(|h| *h == "outcome").unwrap_or(0);
    for a in rows {
        let cells = row(a, columns).into_iter().enumerate().map(|(i, text)| {
            if color && i == outcome_at {
                let style = outcome_style(a.outcome);
                Cell::new(format!("{style}{text}{style:#}"))
            } else {
                Cell::new(text)
            }
        });
        table.add_row(cells.collect::<Vec<_>>());
    }
    table
}

/// A count of the amendments by outcome, in the order of [`Outcome::ALL`].
///
/// ```text
/// "47 amendments: 18 adopted, 4 adopted_in_part, 16 not_taken_up, 1 superseded, 7 pending, 1 withdrawn"
/// ```
pub fn summary(rows: &[AmendmentReport]) -> String {
    let counts: Vec<String> = Outcome::ALL
        .iter()
        .map(|o| (o.as_str(), rows.iter().filter(|a| a.outcome == o.as_str()).count()))
        .filter(|(_, count)| *count > 0)
        .map(|(name, count)| format!("{count} {name}"))
        .collect();
    let noun = if rows.len() == 1 { "amendment" } else { "amendments" };
    format!("{} {noun}: {}", rows.len(), counts.join(", "))
}

/// The amendments as a Markdown table.
pub fn markdown(out: &mut dyn Write, rows: &[AmendmentReport], columns: Columns) -> io::Result<()> {
    let head = header(columns);
    writeln!(out, "| {} |", head.join(" | "))?;
    writeln!(out, "|{}", "---|".repeat(head.len()))?;
    for a in rows {
        let cells: Vec<String> = row(a, columns).iter().map(|c| md_escape(c)).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    Ok(())
}

/// The CSV header row.
pub const CSV_HEADER: [&str; 12] = [
    "id",
    "revision",
    "by",
    "members",
    "element",
    "operation",
    "outcome",
    "similarity",
    "taken_up_in",
    "supported_by",
    "opposed_by",
    "withdrawn",
];

/// The amendments as CSV (RFC 4180: a header row, CRLF line ends), written by the `csv`
/// crate. Lists of codes are space-separated.
///
/// Every field but a number is quoted, so a spreadsheet whose locale splits cells on `;`
/// or tabs still reads one cell; a field that starts with `=`, `+`, `-`, `@`, a tab or a
/// carriage return (a formula to a spreadsheet) is prefixed with `'`, as OWASP advises
/// against CSV injection ([`neutralise`]). concord's only numbers are similarities
/// (0 to 1), so no genuine number is ever prefixed. The fields are ids and codes, shown
/// as on the terminal ([`line`]): an id built from a file name with an escape sequence
/// in it cannot drive the terminal the CSV is printed to.
pub fn csv(out: &mut dyn Write, rows: &[AmendmentReport]) -> io::Result<()> {
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .quote_style(::csv::QuoteStyle::NonNumeric)
        .from_writer(out);
    writer.write_record(CSV_HEADER)?;
    for a in rows {
        let record = [
            a.id.clone(),
            a.revision.clone(),
            a.who.by.clone(),
            a.who.members.join(" "),
            a.element.clone(),
            a.operation.to_owned(),
            a.outcome.to_owned(),
            a.similarity.to_string(),
            a.taken_up_in.clone().unwrap_or_default(),
            a.who.supported_by.join(" "),
            a.who.opposed_by.join(" "),
            a.withdrawn.to_string(),
        ];
        writer.write_record(record.iter().map(|f| neutralise(&line(f)).into_owned()))?;
    }
    writer.flush()
}

/// A cell a spreadsheet would take for a formula, prefixed with `'` so it reads as text
/// (OWASP, "CSV Injection"); any other cell as it is.
///
/// ```text
/// "=HYPERLINK(\"http://x\")" -> "'=HYPERLINK(\"http://x\")"      "-3" -> "'-3"      "rev1" -> "rev1"
/// ```
fn neutralise(field: &str) -> std::borrow::Cow<'_, str> {
    if field.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{field}").into() } else { field.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=1+2"), "'=1+2");
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("-2+3+cmd|' /C calc'!A0"), "'-2+3+cmd|' /C calc'!A0");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tx"), "'\tx");
        assert_eq!(neutralise("\rx"), "'\rx");
        assert_eq!(neutralise("a=1"), "a=1");
        assert_eq!(neutralise("0.67"), "0.67");
    }
}
