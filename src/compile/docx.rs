//! The tables of a .docx, for compilations kept in Word: each table as rows of cell
//! texts, tracked changes accepted. Struck-through words become `~~deleted~~` and bold or
//! underlined words `**inserted**` when the cell also has plain words, so a proposal
//! written as the paragraph with its changes marked reads as a new wording
//! ([`super::proposal::markup`]). Cells merged across (`w:gridSpan`) keep the columns in
//! place; a cell merged down is empty below its first row.
//!
//! The package is opened, and the text Word shows is taken, as in [`crate::import::docx`]:
//! through [`crate::ooxml`] (relationships, limits, hidden text and field codes left out).
//! The rows, cells and text made are counted against a [`Budget`] as they are made: a cell
//! merged across 64 columns is 64 cells.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::table::{Grid, TableError};
use crate::bound::{Budget, Limits};
use crate::ooxml::{self, Shown, Styles, View, attr, local};

/// A cell being read.
#[derive(Default)]
struct Cell {
    text: String,
    marked: usize,
    plain: usize,
    span: usize,
}

impl Cell {
    /// The text, with `**` markers dropped when every word was bold.
    fn finish(self) -> String {
        let text = if self.plain == 0 { self.text.replace("**", "") } else { self.text };
        text.trim().to_owned()
    }
}

/// A run's formatting.
#[derive(Default, Clone, Copy)]
struct RunStyle {
    strike: bool,
    emphasis: bool,
}

/// The tables of the document in `bytes`, in document order, within `limits`; a table
/// inside a cell adds its text to that cell.
pub fn tables(bytes: &[u8], limits: Limits) -> Result<Vec<Grid>, TableError> {
    let doc = ooxml::read(bytes)?;
    let styles = match &doc.styles {
        Some(part) => Styles::parse(&part.xml, &part.name)?,
        None => Styles::default(),
    };
    parse(&doc.document.xml, &doc.document.name, &styles, limits)
}

fn parse(xml: &str, part: &str, styles: &Styles, limits: Limits) -> Result<Vec<Grid>, TableError> {
    let mut reader = Reader::from_str(xml);
    let mut shown = Shown::new(styles, View::Accepted);
    let mut budget = Budget::new(limits);
    let mut tables: Vec<Grid> = Vec::new();
    let mut depth = 0usize;
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<Cell> = None;
    let mut in_text = false;
    let mut style = RunStyle::default();
    loop {
        let event = reader.read_event().map_err(|e| ooxml::xml_error(part, e, reader.buffer_position()))?;
        match event {
            Event::Start(e) if shown.start(&e, false) => match local(&e).as_str() {
                "tbl" => {
                    depth += 1;
                    if depth == 1 {
                        budget.item()?;
                        tables.push(Vec::new());
                    }
                }
                "tr" if depth == 1 => {
                    budget.item()?;
                    row = Some(Vec::new());
                }
                "tc" if depth == 1 => cell = Some(Cell { span: 1, ..Cell::default() }),
                "r" => style = RunStyle::default(),
                "t" => in_text = true,
                _ => property(&e, shown.in_run_properties(), &mut style, &mut cell),
            },
            Event::Empty(e) if shown.start(&e, true) => match local(&e).as_str() {
                "tab" | "br" | "cr" if !shown.in_any_run_properties() && shown.visible() => {
                    if let Some(c) = cell.as_mut() {
                        budget.text(1)?;
                        c.text.push(' ');
                    }
                }
                _ => property(&e, shown.in_run_properties(), &mut style, &mut cell),
            },
            Event::Text(t) if in_text => {
                let text = t.xml10_content();
                if let Some(c) = cell.as_mut()
                    && shown.text(&text)
                {
                    add_text(c, &text, style, &mut budget)?;
                }
            }
            Event::GeneralRef(r) if in_text => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                };
                if let (Some(c), Some(s)) = (cell.as_mut(), s)
                    && shown.text(&s)
                {
                    add_text(c, &s, style, &mut budget)?;
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_owned();
                if !shown.end(&name) {
                    continue;
                }
                match name.as_str() {
                    "tbl" => depth = depth.saturating_sub(1),
                    "tr" if depth == 1 => {
                        if let (Some(r), Some(t)) = (row.take(), tables.last_mut()) {
                            t.push((t.len() + 1, r));
                        }
                    }
                    "tc" if depth == 1 => {
                        if let (Some(c), Some(r)) = (cell.take(), row.as_mut()) {
                            let span = c.span.max(1);
                            budget.items(span)?;
                            r.push(c.finish());
                            r.extend(std::iter::repeat_n(String::new(), span - 1));
                        }
                    }
                    "p" if !shown.joins_next() => {
                        if let Some(c) = cell.as_mut()
                            && !c.text.is_empty()
                            && !c.text.ends_with('\n')
                        {
                            budget.text(1)?;
                            c.text.push('\n');
                        }
                    }
                    "t" => in_text = false,
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tables)
}

/// Run and cell properties: strike-through, bold and underline; the cell's span.
fn property(e: &BytesStart, in_rpr: bool, style: &mut RunStyle, cell: &mut Option<Cell>) {
    let on = || ooxml::on(attr(e, "val").as_deref());
    match local(e).as_str() {
        "strike" | "dstrike" if in_rpr => style.strike = on(),
        "b" | "u" if in_rpr => style.emphasis = style.emphasis || on(),
        "gridSpan" => {
            if let Some(c) = cell.as_mut() {
                c.span = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
            }
        }
        _ => {}
    }
}

fn add_text(cell: &mut Cell, text: &str, style: RunStyle, budget: &mut Budget) -> Result<(), TableError> {
    if text.trim().is_empty() {
        budget.text(text.len())?;
        cell.text.push_str(text);
        return Ok(());
    }
    let marker = if style.strike {
        "~~"
    } else if style.emphasis {
        "**"
    } else {
        ""
    };
    if marker.is_empty() {
        cell.plain += 1;
    } else {
        cell.marked += 1;
    }
    budget.text(text.len() + 2 * marker.len())?;
    cell.text.push_str(marker);
    cell.text.push_str(text);
    cell.text.push_str(marker);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> String {
        format!(
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
        )
    }

    fn tc(inner: &str) -> String {
        format!("<w:tc><w:p>{inner}</w:p></w:tc>")
    }

    fn r(text: &str, props: &str) -> String {
        format!("<w:r><w:rPr>{props}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
    }

    #[test]
    fn cells_rows_spans_and_marked_changes() {
        let xml = doc(&format!(
            "<w:p/><w:tbl><w:tr>{}{}{}</w:tr><w:tr>{}<w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p>{}</w:p></w:tc></w:tr><w:tr>{}{}{}</w:tr></w:tbl>",
            tc(&r("Para", "<w:b/>")),
            tc(&r("Delegation", "<w:b/>")),
            tc(&r("Proposal", "<w:b/>")),
            tc(&r("1", "")),
            r("merged", ""),
            tc(&r("2", "")),
            tc(&format!(
                "<w:ins>{}</w:ins><w:del><w:r><w:delText>Chile</w:delText></w:r></w:del>",
                r("EU &amp; Kenya", "")
            )),
            tc(&format!("{}{}{}", r("States noted ", ""), r("with", "<w:strike/>"), r(" grave", "<w:b/>"))),
        ));
        let t = parse(&xml, "word/document.xml", &Styles::default(), Limits::TABLE).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(
            t[0][0],
            (1, vec!["Para".into(), "Delegation".into(), "Proposal".into()]),
            "bold headings stay plain"
        );
        assert_eq!(t[0][1], (2, vec!["1".into(), "merged".into(), String::new()]));
        assert_eq!(t[0][2].1, vec!["2".to_owned(), "EU & Kenya".into(), "States noted ~~with~~** grave**".into()]);
    }
}
