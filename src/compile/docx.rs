//! The tables of a .docx, for compilations kept in Word: each table as rows of cell
//! texts, tracked changes accepted. Struck-through words become `~~deleted~~` and bold or
//! underlined words `**inserted**` when the cell also has plain words, so a proposal
//! written as the paragraph with its changes marked reads as a new wording
//! ([`super::proposal::markup`]). Cells merged across (`w:gridSpan`) keep the columns in
//! place; a cell merged down is empty below its first row.
//!
//! Reading is capped as in [`crate::import::docx`]: at most
//! [`MAX_ENTRIES`](crate::import::docx::MAX_ENTRIES) zip entries and
//! [`MAX_PART_BYTES`](crate::import::docx::MAX_PART_BYTES) decompressed bytes.

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::table::Grid;
use crate::import::ImportError;
use crate::import::docx::{MAX_ENTRIES, MAX_PART_BYTES};

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

/// The tables of the document in `bytes`, in document order; a table inside a cell adds
/// its text to that cell.
pub fn tables(bytes: &[u8]) -> Result<Vec<Grid>, ImportError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        let encrypted: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
        return Err(if bytes.windows(encrypted.len()).any(|w| w == encrypted) {
            ImportError::Encrypted
        } else {
            ImportError::LegacyDoc
        });
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportError::NotZip)?;
    if zip.len() > MAX_ENTRIES {
        return Err(ImportError::TooLarge(format!("it has {} entries (at most {MAX_ENTRIES})", zip.len())));
    }
    let file = match zip.by_name("word/document.xml") {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Err(ImportError::NoDocument),
        Err(e) => return Err(ImportError::Corrupt(format!("word/document.xml: {e}"))),
    };
    let mut xml = Vec::new();
    file.take(MAX_PART_BYTES + 1).read_to_end(&mut xml).map_err(|e| ImportError::Corrupt(e.to_string()))?;
    if xml.len() as u64 > MAX_PART_BYTES {
        return Err(ImportError::TooLarge(format!("word/document.xml is over {} MiB", MAX_PART_BYTES >> 20)));
    }
    let xml = String::from_utf8(xml).map_err(|_| ImportError::Corrupt("word/document.xml is not UTF-8".into()))?;
    parse(&xml)
}

fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_owned()
}

fn val(e: &BytesStart) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.local_name().as_ref() == "val").map(|a| a.value.into_owned())
}

/// A toggle property (`<w:b/>`, `<w:strike w:val="0"/>`) is on unless its value says off.
fn on(e: &BytesStart) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off" | "none"))
}

fn parse(xml: &str) -> Result<Vec<Grid>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut tables: Vec<Grid> = Vec::new();
    let mut depth = 0usize;
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<Cell> = None;
    let (mut deleted, mut in_text, mut in_rpr) = (0usize, false, false);
    let mut style = RunStyle::default();
    loop {
        let event = reader.read_event().map_err(|e| {
            ImportError::Corrupt(format!("word XML is malformed at byte {}: {e}", reader.buffer_position()))
        })?;
        match event {
            Event::Start(e) => match local(&e).as_str() {
                "tbl" => {
                    depth += 1;
                    if depth == 1 {
                        tables.push(Vec::new());
                    }
                }
                "tr" if depth == 1 => row = Some(Vec::new()),
                "tc" if depth == 1 => cell = Some(Cell { span: 1, ..Cell::default() }),
                "r" => style = RunStyle::default(),
                "rPr" => in_rpr = true,
                "del" | "moveFrom" if !in_rpr => deleted += 1,
                "t" => in_text = true,
                _ => property(&e, in_rpr, &mut style, &mut cell),
            },
            Event::Empty(e) => match local(&e).as_str() {
                "tab" | "br" | "cr" if !in_rpr && deleted == 0 => {
                    if let Some(c) = cell.as_mut() {
                        c.text.push(' ');
                    }
                }
                _ => property(&e, in_rpr, &mut style, &mut cell),
            },
            Event::Text(t) if in_text && deleted == 0 => {
                if let Some(c) = cell.as_mut() {
                    add_text(c, &t.xml10_content(), style);
                }
            }
            Event::GeneralRef(r) if in_text && deleted == 0 => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                };
                if let (Some(c), Some(s)) = (cell.as_mut(), s) {
                    add_text(c, &s, style);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "tbl" => depth = depth.saturating_sub(1),
                "tr" if depth == 1 => {
                    if let (Some(r), Some(t)) = (row.take(), tables.last_mut()) {
                        t.push((t.len() + 1, r));
                    }
                }
                "tc" if depth == 1 => {
                    if let (Some(c), Some(r)) = (cell.take(), row.as_mut()) {
                        let span = c.span.max(1);
                        r.push(c.finish());
                        r.extend(std::iter::repeat_n(String::new(), span - 1));
                    }
                }
                "p" => {
                    if let Some(c) = cell.as_mut()
                        && !c.text.is_empty()
                        && !c.text.ends_with('\n')
                    {
                        c.text.push('\n');
                    }
                }
                "rPr" => in_rpr = false,
                "t" => in_text = false,
                "del" | "moveFrom" if !in_rpr => deleted = deleted.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tables)
}

/// Run and cell properties: strike-through, bold and underline; the cell's span.
fn property(e: &BytesStart, in_rpr: bool, style: &mut RunStyle, cell: &mut Option<Cell>) {
    match local(e).as_str() {
        "strike" | "dstrike" if in_rpr => style.strike = on(e),
        "b" | "u" if in_rpr => style.emphasis = style.emphasis || on(e),
        "gridSpan" => {
            if let Some(c) = cell.as_mut() {
                c.span = val(e).and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
            }
        }
        _ => {}
    }
}

fn add_text(cell: &mut Cell, text: &str, style: RunStyle) {
    if text.trim().is_empty() {
        cell.text.push_str(text);
        return;
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
    cell.text.push_str(marker);
    cell.text.push_str(text);
    cell.text.push_str(marker);
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
        let t = parse(&xml).unwrap();
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
