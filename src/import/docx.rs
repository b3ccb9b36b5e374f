//! Reading the paragraphs of a .docx: `word/document.xml` parsed with `quick-xml`, the
//! paragraph styles resolved through `word/styles.xml`, and tracked changes applied
//! (all accepted, or all rejected).
//!
//! A .docx is a zip archive from an untrusted source, so reading is capped: at most
//! [`MAX_ENTRIES`] entries and [`MAX_PART_BYTES`] decompressed bytes per part (a zip bomb
//! stops there). A password-protected document is not a zip at all but an OLE compound
//! file, and is recognized as such.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use super::ImportError;
use super::numbering::Numbering;

/// Most entries a .docx may have (Word writes a dozen or two).
pub const MAX_ENTRIES: usize = 10_000;
/// Most bytes a part of the package may decompress to (64 MiB).
pub const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// The signature of an OLE compound file: encrypted .docx files and old .doc files.
const OLE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Which text of a document with tracked changes to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Every change accepted: the current text.
    Accepted,
    /// Every change rejected: the text before the changes.
    Rejected,
    /// Every change shown, deleted text and removed paragraph breaks included (what
    /// Word shows with "All Markup", and what LibreOffice exports as text).
    Shown,
}

/// The kind of a paragraph, from its style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Style `Title`.
    Title,
    /// Style `Subtitle`.
    Subtitle,
    /// A heading style (`Heading1`…, or an outline level).
    Heading,
    /// Anything else.
    Body,
}

/// A paragraph as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocParagraph {
    /// Kind, from the style.
    pub kind: Kind,
    /// Every run with text is bold.
    pub bold: bool,
    /// The text; `w:tab` as a tab, `w:br` as a newline.
    pub text: String,
}

/// Reads the paragraphs of a .docx held in `bytes`.
pub fn paragraphs(bytes: &[u8], view: View) -> Result<Vec<DocParagraph>, ImportError> {
    if bytes.starts_with(&OLE) {
        return Err(if is_encrypted(bytes) { ImportError::Encrypted } else { ImportError::LegacyDoc });
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ImportError::NotZip)?;
    if zip.len() > MAX_ENTRIES {
        return Err(ImportError::TooLarge(format!("it has {} entries (at most {MAX_ENTRIES})", zip.len())));
    }
    let document = part(&mut zip, "word/document.xml")?.ok_or(ImportError::NoDocument)?;
    let styles = match part(&mut zip, "word/styles.xml")? {
        Some(s) => styles(&s)?,
        None => HashMap::new(),
    };
    let numbering = match part(&mut zip, "word/numbering.xml")? {
        Some(s) => Numbering::parse(&s)?,
        None => Numbering::default(),
    };
    parse(&document, &styles, numbering, view)
}

/// Whether an OLE file holds an encrypted OOXML package (its stream names include
/// `EncryptionInfo`, in UTF-16).
fn is_encrypted(bytes: &[u8]) -> bool {
    let needle: Vec<u8> = "EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// The text of a part of the package, or `None` if it is missing; decompression stops
/// at [`MAX_PART_BYTES`].
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, ImportError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(ImportError::Corrupt(format!("{name}: {e}"))),
    };
    let mut bytes = Vec::new();
    file.take(MAX_PART_BYTES + 1).read_to_end(&mut bytes).map_err(|e| ImportError::Corrupt(format!("{name}: {e}")))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(ImportError::TooLarge(format!("{name} decompresses to more than {} MiB", MAX_PART_BYTES >> 20)));
    }
    String::from_utf8(bytes).map(Some).map_err(|_| ImportError::Corrupt(format!("{name} is not UTF-8 XML")))
}

/// The local name of an element (`w:p` -> `p`).
pub(super) fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_owned()
}

/// The value of attribute `w:<name>` (any prefix).
pub(super) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

pub(super) fn xml_error(e: impl std::fmt::Display, at: u64) -> ImportError {
    ImportError::Corrupt(format!("word XML is malformed at byte {at}: {e}"))
}

/// A list and level of Word's automatic numbering (`w:numPr`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Num {
    id: String,
    level: u32,
}

/// What concord takes from a paragraph style.
#[derive(Debug, Clone)]
struct Style {
    kind: Kind,
    num: Option<Num>,
}

/// Styles by id: titles and headings by name or outline level, and automatic numbering.
fn styles(xml: &str) -> Result<HashMap<String, Style>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut styles = HashMap::new();
    let mut current: Option<(String, Option<Kind>, Option<Num>)> = None;
    loop {
        let event = reader.read_event().map_err(|e| xml_error(e, reader.buffer_position()))?;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let Some((_, kind, num)) = current.as_mut() else {
                    if local(&e) == "style" {
                        current = attr(&e, "styleId").map(|id| (id, None, None));
                    }
                    continue;
                };
                match local(&e).as_str() {
                    "name" => *kind = kind.or(attr(&e, "val").and_then(|n| kind_of_name(&n))),
                    "outlineLvl" => {
                        kind.get_or_insert(Kind::Heading);
                    }
                    "numId" => num.get_or_insert_with(Num::default).id = attr(&e, "val").unwrap_or_default(),
                    "ilvl" => {
                        num.get_or_insert_with(Num::default).level =
                            attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
                    }
                    _ => {}
                }
            }
            Event::End(e) if e.local_name().as_ref() == "style" => {
                if let Some((id, kind, num)) = current.take() {
                    let kind = kind.or(kind_of_name(&id)).unwrap_or(Kind::Body);
                    styles.insert(id, Style { kind, num: num.filter(|n| !n.id.is_empty()) });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(styles)
}

/// `Title`, `Subtitle`, `heading 1`, `Heading2` … by name.
fn kind_of_name(name: &str) -> Option<Kind> {
    let lower = name.to_lowercase().replace(' ', "");
    if lower == "title" {
        Some(Kind::Title)
    } else if lower == "subtitle" {
        Some(Kind::Subtitle)
    } else if lower.starts_with("heading") {
        Some(Kind::Heading)
    } else {
        None
    }
}

/// A paragraph being read.
#[derive(Default)]
struct Open {
    style: Option<String>,
    outline: bool,
    text: String,
    /// Runs with text seen, and how many of them were bold.
    runs: usize,
    bold_runs: usize,
    mark_inserted: bool,
    mark_deleted: bool,
    /// Automatic numbering given in the paragraph's properties.
    num: Option<Num>,
}

/// Parses `document.xml` into paragraphs of the chosen view.
fn parse(
    xml: &str,
    styles: &HashMap<String, Style>,
    mut numbering: Numbering,
    view: View,
) -> Result<Vec<DocParagraph>, ImportError> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<DocParagraph> = Vec::new();
    // A paragraph whose mark is removed in this view joins the next one.
    let mut pending: Option<DocParagraph> = None;
    let mut para: Option<Open> = None;
    let (mut ins, mut del, mut skip) = (0usize, 0usize, 0usize);
    let (mut in_ppr, mut in_rpr, mut in_text) = (false, false, false);
    let mut run_bold = false;
    let mut run_has_text = false;
    loop {
        let event = reader.read_event().map_err(|e| xml_error(e, reader.buffer_position()))?;
        let hidden = |ins: usize, del: usize| match view {
            View::Accepted => del > 0,
            View::Rejected => ins > 0,
            View::Shown => false,
        };
        match event {
            Event::Start(e) => {
                let name = local(&e);
                if skip > 0 {
                    if is_skipped(&name) {
                        skip += 1;
                    }
                    continue;
                }
                match name.as_str() {
                    n if is_skipped(n) => skip += 1,
                    "p" => para = Some(Open::default()),
                    "pPr" => in_ppr = true,
                    "rPr" => in_rpr = true,
                    "r" => {
                        run_bold = false;
                        run_has_text = false;
                    }
                    "ins" | "moveTo" if !in_rpr => ins += 1,
                    "del" | "moveFrom" if !in_rpr => del += 1,
                    "t" | "delText" => in_text = true,
                    _ => start_empty(&name, &e, &mut para, in_ppr, in_rpr, &mut run_bold, styles),
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let name = local(&e);
                let visible = !hidden(ins, del);
                match name.as_str() {
                    "tab" if !in_ppr && visible => push(&mut para, "\t", &mut run_has_text),
                    "br" | "cr" if visible => push(&mut para, "\n", &mut run_has_text),
                    "noBreakHyphen" if visible => push(&mut para, "-", &mut run_has_text),
                    "ins" if in_rpr && in_ppr => {
                        if let Some(p) = para.as_mut() {
                            p.mark_inserted = true;
                        }
                    }
                    "del" if in_rpr && in_ppr => {
                        if let Some(p) = para.as_mut() {
                            p.mark_deleted = true;
                        }
                    }
                    _ => start_empty(&name, &e, &mut para, in_ppr, in_rpr, &mut run_bold, styles),
                }
            }
            Event::Text(t) if in_text && skip == 0 && !hidden(ins, del) => {
                push(&mut para, &t.xml10_content(), &mut run_has_text);
            }
            Event::GeneralRef(r) if in_text && skip == 0 && !hidden(ins, del) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                };
                if let Some(c) = c {
                    push(&mut para, &c, &mut run_has_text);
                }
            }
            Event::End(e) => {
                let name = e.local_name().as_ref().to_owned();
                if skip > 0 {
                    if is_skipped(&name) {
                        skip -= 1;
                    }
                    continue;
                }
                match name.as_str() {
                    "pPr" => in_ppr = false,
                    "rPr" => in_rpr = false,
                    "t" | "delText" => in_text = false,
                    "ins" | "moveTo" if !in_rpr => ins = ins.saturating_sub(1),
                    "del" | "moveFrom" if !in_rpr => del = del.saturating_sub(1),
                    "r" => {
                        if let Some(p) = para.as_mut()
                            && run_has_text
                        {
                            p.runs += 1;
                            p.bold_runs += usize::from(run_bold);
                        }
                    }
                    "p" => {
                        if let Some(p) = para.take() {
                            finish(p, styles, &mut numbering, view, &mut pending, &mut out);
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(p) = pending {
        out.push(p);
    }
    Ok(out)
}

/// Elements whose content is not the paragraph's text: field codes, the fallback copy of
/// alternate content, text boxes, footnote and comment marks.
fn is_skipped(name: &str) -> bool {
    matches!(
        name,
        "instrText"
            | "delInstrText"
            | "Fallback"
            | "txbxContent"
            | "fldData"
            | "pPrChange"
            | "rPrChange"
            | "sectPrChange"
            | "numberingChange"
    )
}

/// Paragraph style, outline level, numbering and bold runs.
fn start_empty(
    name: &str,
    e: &BytesStart,
    para: &mut Option<Open>,
    in_ppr: bool,
    in_rpr: bool,
    run_bold: &mut bool,
    styles: &HashMap<String, Style>,
) {
    let _ = styles;
    let Some(p) = para.as_mut() else { return };
    match name {
        "numId" if in_ppr => p.num.get_or_insert_with(Num::default).id = attr(e, "val").unwrap_or_default(),
        "ilvl" if in_ppr => {
            p.num.get_or_insert_with(Num::default).level = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
        }
        "pStyle" if in_ppr => p.style = attr(e, "val"),
        "outlineLvl" if in_ppr => p.outline = attr(e, "val").is_some_and(|v| v != "9"),
        "b" if in_rpr && !in_ppr => *run_bold = !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off")),
        _ => {}
    }
}

fn push(para: &mut Option<Open>, text: &str, run_has_text: &mut bool) {
    if let Some(p) = para.as_mut() {
        p.text.push_str(text);
        if !text.trim().is_empty() {
            *run_has_text = true;
        }
    }
}

/// Closes a paragraph: joins it to the pending one, or holds it when its mark is removed
/// in this view.
fn finish(
    p: Open,
    styles: &HashMap<String, Style>,
    numbering: &mut Numbering,
    view: View,
    pending: &mut Option<DocParagraph>,
    out: &mut Vec<DocParagraph>,
) {
    let style = p.style.as_ref().and_then(|s| styles.get(s));
    let kind = match (&p.style, style) {
        (_, Some(st)) => st.kind,
        (Some(s), None) => kind_of_name(s).unwrap_or(Kind::Body),
        (None, None) => Kind::Body,
    };
    let kind = if kind == Kind::Body && p.outline { Kind::Heading } else { kind };
    let bold = p.runs > 0 && p.bold_runs == p.runs;
    let joins = match view {
        View::Accepted => p.mark_deleted,
        View::Rejected => p.mark_inserted,
        View::Shown => false,
    };
    // Word numbers the paragraphs it shows: not one that vanishes into the next.
    let num = p.num.clone().or_else(|| style.and_then(|s| s.num.clone()));
    let mut text = p.text;
    if let Some(num) = num.filter(|_| !(joins && text.trim().is_empty()))
        && let Some(label) = numbering.label(&num.id, num.level)
        && !label.is_empty()
    {
        let sep = if num.level == 0 { '\t' } else { ' ' };
        text = format!("{label}{sep}{text}");
    }
    let mut here = DocParagraph { kind, bold, text };
    if let Some(before) = pending.take() {
        // The joined paragraph keeps the kind of the first part with text.
        if !before.text.trim().is_empty() {
            here.kind = before.kind;
            here.bold = before.bold && (here.bold || here.text.trim().is_empty());
        }
        here.text = before.text + &here.text;
    }
    if joins {
        *pending = Some(here);
    } else {
        out.push(here);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str, view: View) -> Vec<String> {
        let xml = format!(
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        parse(&xml, &HashMap::new(), Numbering::default(), view).unwrap().into_iter().map(|p| p.text).collect()
    }

    #[test]
    fn tracked_words_and_marks_follow_the_view() {
        let body = concat!(
            "<w:p><w:pPr><w:rPr><w:del w:id=\"1\" w:author=\"A\"/></w:rPr></w:pPr>",
            "<w:r><w:t>one </w:t></w:r><w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>old</w:delText></w:r></w:del></w:p>",
            "<w:p><w:ins w:id=\"3\" w:author=\"B\"><w:r><w:t>new &amp; two</w:t></w:r></w:ins></w:p>"
        );
        assert_eq!(read(body, View::Accepted), ["one new & two"]);
        assert_eq!(read(body, View::Rejected), ["one old", ""]);
    }

    #[test]
    fn tabs_and_breaks_are_kept_and_field_codes_skipped() {
        let body =
            "<w:p><w:r><w:t>7.</w:t><w:tab/><w:t>a</w:t><w:br/><w:instrText>PAGE</w:instrText><w:t>b</w:t></w:r></w:p>";
        assert_eq!(read(body, View::Accepted), ["7.\ta\nb"]);
    }

    #[test]
    fn automatic_numbers_are_read_into_the_text() {
        let numbering = Numbering::parse(concat!(
            "<w:numbering xmlns:w=\"w\"><w:abstractNum w:abstractNumId=\"1\">",
            "<w:lvl w:ilvl=\"0\"><w:start w:val=\"7\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.\"/></w:lvl>",
            "<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/><w:lvlText w:val=\"(%2)\"/></w:lvl>",
            "</w:abstractNum><w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>"
        ))
        .unwrap();
        let p = |level: u32, text: &str| {
            format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"2\"/></w:numPr><w:pPrChange><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
            )
        };
        let xml =
            format!("<w:document><w:body>{}{}{}</w:body></w:document>", p(0, "States:"), p(1, "one"), p(0, "Next"));
        let got: Vec<(Kind, String)> = parse(&xml, &HashMap::new(), numbering, View::Accepted)
            .unwrap()
            .into_iter()
            .map(|p| (p.kind, p.text))
            .collect();
        assert_eq!(
            got,
            [(Kind::Body, "7.\tStates:".into()), (Kind::Body, "(a) one".into()), (Kind::Body, "8.\tNext".into())]
        );
    }

    #[test]
    fn not_a_zip_and_encrypted_files_are_told_apart() {
        assert!(matches!(paragraphs(b"hello", View::Accepted), Err(ImportError::NotZip)));
        let mut ole = OLE.to_vec();
        ole.extend("EncryptionInfo".encode_utf16().flat_map(u16::to_le_bytes));
        assert!(matches!(paragraphs(&ole, View::Accepted), Err(ImportError::Encrypted)));
        assert!(matches!(paragraphs(&OLE, View::Accepted), Err(ImportError::LegacyDoc)));
    }
}
