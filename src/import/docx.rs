//! Reading the paragraphs of a .docx: the main document found through the package's
//! relationships ([`crate::ooxml::package`]), the paragraph styles resolved through its
//! styles, automatic numbers counted ([`super::numbering`]), and only the text Word shows
//! taken ([`crate::ooxml::shown`]): tracked changes applied (all accepted, or all
//! rejected), hidden text and field codes left out and counted.
//!
//! What reading produces is counted against a [`Budget`] as it grows (text, paragraphs,
//! the length of each automatic number), so a small document cannot make gigabytes.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::ImportError;
use super::numbering::Numbering;
use crate::bound::{Budget, Exceeded, Limits};
use crate::ooxml::{self, Hidden, NumberingRef, Shown, Styles, attr, local};

pub use crate::ooxml::View;

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

/// What reading a .docx gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocxText {
    /// The paragraphs, in order.
    pub paragraphs: Vec<DocParagraph>,
    /// What was left out because Word does not show it.
    pub hidden: Hidden,
}

/// Reads the paragraphs of a .docx held in `bytes`, within `limits`.
pub fn read(bytes: &[u8], view: View, limits: Limits) -> Result<DocxText, ImportError> {
    let doc = ooxml::read(bytes)?;
    let styles = match &doc.styles {
        Some(part) => Styles::parse(&part.xml, &part.name)?,
        None => Styles::default(),
    };
    let numbering = match &doc.numbering {
        Some(part) => Numbering::parse(&part.xml, &part.name)?,
        None => Numbering::default(),
    };
    DocumentReader::new(&styles, numbering, view, limits).read(&doc.document.xml, &doc.document.name)
}

/// The paragraphs of a .docx held in `bytes`, within [`Limits::IMPORT`].
pub fn paragraphs(bytes: &[u8], view: View) -> Result<Vec<DocParagraph>, ImportError> {
    Ok(read(bytes, view, Limits::IMPORT)?.paragraphs)
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

/// The kind a paragraph style gives: by its name, its outline level, else its id.
fn kind_of_style(id: &str, style: &ooxml::Style) -> Kind {
    style
        .name
        .as_deref()
        .and_then(kind_of_name)
        .or(style.outline.then_some(Kind::Heading))
        .or_else(|| kind_of_name(id))
        .unwrap_or(Kind::Body)
}

/// A paragraph being read.
#[derive(Default)]
struct Open {
    outline: bool,
    text: String,
    /// Runs with text seen, and how many of them were bold.
    runs: usize,
    bold_runs: usize,
    /// Automatic numbering given in the paragraph's properties.
    num: Option<NumberingRef>,
}

/// Reads `document.xml` into paragraphs of the chosen view.
struct DocumentReader<'s> {
    shown: Shown<'s>,
    styles: &'s Styles,
    numbering: Numbering,
    budget: Budget,
    out: Vec<DocParagraph>,
    /// A paragraph whose mark is removed in this view joins the next one.
    pending: Option<DocParagraph>,
    para: Option<Open>,
    in_text: bool,
    run_bold: bool,
    run_has_text: bool,
    /// Paragraphs met, for messages.
    count: usize,
}

impl<'s> DocumentReader<'s> {
    fn new(styles: &'s Styles, numbering: Numbering, view: View, limits: Limits) -> DocumentReader<'s> {
        DocumentReader {
            shown: Shown::new(styles, view),
            styles,
            numbering,
            budget: Budget::new(limits),
            out: Vec::new(),
            pending: None,
            para: None,
            in_text: false,
            run_bold: false,
            run_has_text: false,
            count: 0,
        }
    }

    fn read(mut self, xml: &str, part: &str) -> Result<DocxText, ImportError> {
        let mut reader = Reader::from_str(xml);
        loop {
            let event = reader.read_event().map_err(|e| ooxml::xml_error(part, e, reader.buffer_position()))?;
            match event {
                Event::Start(e) if self.shown.start(&e, false) => self.start(&e),
                Event::Empty(e) if self.shown.start(&e, true) => self.empty(&e)?,
                Event::Text(t) if self.in_text => {
                    let text = t.xml10_content();
                    if self.shown.text(&text) {
                        self.push(&text)?;
                    }
                }
                Event::GeneralRef(r) if self.in_text => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(c.to_string()),
                        _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_owned),
                    };
                    if let Some(c) = c
                        && self.shown.text(&c)
                    {
                        self.push(&c)?;
                    }
                }
                Event::End(e) => {
                    let name = e.local_name().as_ref().to_owned();
                    if self.shown.end(&name) {
                        self.end(&name)?;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if let Some(p) = self.pending.take() {
            self.out.push(p);
        }
        Ok(DocxText { paragraphs: self.out, hidden: self.shown.hidden() })
    }

    fn start(&mut self, e: &BytesStart) {
        match local(e).as_str() {
            "p" => self.para = Some(Open::default()),
            "r" => {
                self.run_bold = false;
                self.run_has_text = false;
            }
            "t" | "delText" => self.in_text = true,
            name => self.property(name, e),
        }
    }

    fn empty(&mut self, e: &BytesStart) -> Result<(), ImportError> {
        let name = local(e);
        let visible = self.shown.visible();
        match name.as_str() {
            "tab" if !self.shown.in_paragraph_properties() && visible => self.push("\t"),
            "br" | "cr" if visible => self.push("\n"),
            "noBreakHyphen" if visible => self.push("-"),
            "p" => {
                self.para = Some(Open::default());
                self.finish()
            }
            _ => {
                self.property(&name, e);
                Ok(())
            }
        }
    }

    fn end(&mut self, name: &str) -> Result<(), ImportError> {
        match name {
            "t" | "delText" => self.in_text = false,
            "r" => {
                if let Some(p) = self.para.as_mut()
                    && self.run_has_text
                {
                    p.runs += 1;
                    p.bold_runs += usize::from(self.run_bold);
                }
            }
            "p" => return self.finish(),
            _ => {}
        }
        Ok(())
    }

    /// Numbering and outline level of the paragraph, bold runs.
    fn property(&mut self, name: &str, e: &BytesStart) {
        let in_ppr = self.shown.in_paragraph_properties() && !self.shown.in_any_run_properties();
        if name == "b" && self.shown.in_run_properties() {
            self.run_bold = ooxml::on(attr(e, "val").as_deref());
        }
        let Some(p) = self.para.as_mut().filter(|_| in_ppr) else { return };
        match name {
            "numId" => p.num.get_or_insert_with(NumberingRef::default).id = attr(e, "val").unwrap_or_default(),
            "ilvl" => {
                p.num.get_or_insert_with(NumberingRef::default).level =
                    attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
            }
            "outlineLvl" => p.outline = attr(e, "val").is_some_and(|v| v != "9"),
            _ => {}
        }
    }

    fn push(&mut self, text: &str) -> Result<(), ImportError> {
        if let Some(p) = self.para.as_mut() {
            self.budget.text(text.len())?;
            p.text.push_str(text);
            if !text.trim().is_empty() {
                self.run_has_text = true;
            }
        }
        Ok(())
    }

    /// Closes a paragraph: joins it to the pending one, or holds it when its mark is
    /// removed in this view or hidden.
    fn finish(&mut self) -> Result<(), ImportError> {
        let Some(p) = self.para.take() else { return Ok(()) };
        self.count += 1;
        self.budget.item()?;
        let styles = self.styles;
        let style_id = self.shown.paragraph_style().map(str::to_owned);
        let style = style_id.as_deref().and_then(|s| styles.get(s));
        let kind = match (style_id.as_deref(), style) {
            (Some(id), Some(st)) => kind_of_style(id, st),
            (Some(id), None) => kind_of_name(id).unwrap_or(Kind::Body),
            (None, _) => Kind::Body,
        };
        let kind = if kind == Kind::Body && p.outline { Kind::Heading } else { kind };
        let bold = p.runs > 0 && p.bold_runs == p.runs;
        let joins = self.shown.joins_next();
        // Word numbers the paragraphs it shows: not one that vanishes into the next.
        let num = p.num.clone().or_else(|| style.and_then(|s| s.numbering.clone()));
        let mut text = p.text;
        if let Some(num) = num.filter(|_| !(joins && text.trim().is_empty()))
            && let Some(label) = self.label(&num)?
            && !label.is_empty()
        {
            let sep = if num.level == 0 { '\t' } else { ' ' };
            self.budget.text(label.len() + 1)?;
            text = format!("{label}{sep}{text}");
        }
        let mut here = DocParagraph { kind, bold, text };
        if let Some(before) = self.pending.take() {
            // The joined paragraph keeps the kind of the first part with text.
            if !before.text.trim().is_empty() {
                here.kind = before.kind;
                here.bold = before.bold && (here.bold || here.text.trim().is_empty());
            }
            here.text = before.text + &here.text;
        }
        if joins {
            self.pending = Some(here);
        } else {
            self.out.push(here);
        }
        Ok(())
    }

    /// The automatic number of the paragraph being closed, within the label limit.
    fn label(&mut self, num: &NumberingRef) -> Result<Option<String>, Exceeded> {
        let limit = self.budget.limits().label_chars;
        self.numbering.label(&num.id, num.level, limit).map_err(|_| Exceeded::Label {
            limit,
            paragraph: self.count,
            list: num.id.clone(),
            level: num.level,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str, numbering: Numbering, view: View) -> Result<DocxText, ImportError> {
        let styles = Styles::default();
        DocumentReader::new(&styles, numbering, view, Limits::IMPORT).read(xml, "word/document.xml")
    }

    fn read(body: &str, view: View) -> Vec<String> {
        let xml = format!(
            "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
        );
        parse(&xml, Numbering::default(), view).unwrap().paragraphs.into_iter().map(|p| p.text).collect()
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
        ), "word/numbering.xml")
        .unwrap();
        let p = |level: u32, text: &str| {
            format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{level}\"/><w:numId w:val=\"2\"/></w:numPr><w:pPrChange><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr></w:pPrChange></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"
            )
        };
        let xml =
            format!("<w:document><w:body>{}{}{}</w:body></w:document>", p(0, "States:"), p(1, "one"), p(0, "Next"));
        let got: Vec<(Kind, String)> =
            parse(&xml, numbering, View::Accepted).unwrap().paragraphs.into_iter().map(|p| (p.kind, p.text)).collect();
        assert_eq!(
            got,
            [(Kind::Body, "7.\tStates:".into()), (Kind::Body, "(a) one".into()), (Kind::Body, "8.\tNext".into())]
        );
    }
}
