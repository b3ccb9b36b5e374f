//! Amendments with their outcomes, as a terminal table (comfy-table), a Markdown table or
//! CSV for spreadsheets. `concord amendments` prints the full table; `concord diff` ends
//! with the short one for the amendments its step answered.

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

/// The amendments as CSV (RFC 4180: a header row, CRLF line ends, fields quoted when
/// they hold a comma, a quote or a line break). Lists of codes are space-separated.
pub fn csv(out: &mut dyn Write, rows: &[AmendmentReport]) -> io::Result<()> {
    csv_record(out, CSV_HEADER.iter().map(|s| s.to_string()))?;
    for a in rows {
        csv_record(
            out,
            [
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
            ]
            .into_iter(),
        )?;
    }
    Ok(())
}

fn csv_record(out: &mut dyn Write, fields: impl Iterator<Item = String>) -> io::Result<()> {
    let fields: Vec<String> = fields.map(|f| csv_field(&f)).collect();
    write!(out, "{}\r\n", fields.join(","))
}

/// Quotes a CSV field when it needs it.
///
/// ```text
/// "plain" -> "plain"      "a, b" -> "\"a, b\""      "say \"x\"" -> "\"say \"\"x\"\"\""
/// ```
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
