//! Which text of a Word document a reader sees, so that concord takes that text and no
//! other: a document can carry words Word does not show, and a received document may
//! carry them on purpose.
//!
//! Left out, and counted ([`Hidden`]):
//! - tracked changes the view leaves out: deletions (`w:del`, `w:moveFrom`) when changes
//!   are accepted, insertions when rejected;
//! - hidden text (`w:vanish`): set on the run, or by its character style, by the
//!   paragraph's style or by the document defaults ([`Styles::hidden`]); a hidden
//!   paragraph mark joins the paragraph to the next, as Word shows it;
//! - field codes: `w:instrText`, and whatever stands between a field's `begin` and
//!   `separate` marks (`w:fldChar`); the field's result is shown, and kept.
//!
//! Left out without a count, as content that is not the paragraph's text: text boxes, the
//! fallback copy of alternate content, and the records of earlier formatting
//! (`w:pPrChange`, `w:rPrChange`), whose properties are not the current ones.
//!
//! A reader feeds [`Shown`] every element it meets ([`Shown::start`], [`Shown::end`]) and
//! asks it about each piece of text ([`Shown::text`]):
//!
//! ```text
//! <w:r><w:rPr><w:vanish/></w:rPr><w:t>secret</w:t></w:r>   -> "secret" not shown; 1 hidden run
//! <w:del><w:r><w:delText>old</w:delText></w:r></w:del>     -> "old" not shown (accepted); 1 deleted passage
//! <w:fldChar begin/> <w:t>PAGE</w:t> <w:fldChar separate/> <w:t>3</w:t> <w:fldChar end/> -> "3"; 1 field code
//! ```

use quick_xml::events::BytesStart;

use super::styles::Styles;
use super::{attr, local, on};

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

/// What was left out because a reader of the document does not see it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hidden {
    /// Runs with hidden text (`w:vanish`).
    pub runs: usize,
    /// Tracked changes the view leaves out that held text (deletions, when accepted).
    pub changes: usize,
    /// Fields whose code held text.
    pub field_codes: usize,
}

/// A complex field being read (`w:fldChar` begin … separate … end).
#[derive(Debug, Clone, Copy, Default)]
struct Field {
    /// Past `separate`: the text is the result, which Word shows.
    result: bool,
    /// Its code held text.
    code: bool,
    /// Its result held text left out as the code of a field around it.
    outer_code: bool,
}

/// The formatting of the paragraph being read.
#[derive(Debug, Clone, Default)]
struct Paragraph {
    style: Option<String>,
    /// Its style (or the default paragraph style) sets hidden text on.
    style_hides: bool,
    /// `w:vanish` on its mark (`w:pPr/w:rPr`).
    mark_vanish: Option<bool>,
    /// Its mark is a tracked insertion or deletion.
    mark_inserted: bool,
    mark_deleted: bool,
}

/// The formatting of the run being read.
#[derive(Debug, Clone, Default)]
struct Run {
    /// Its character style (or the default one) sets hidden text on.
    style_hides: bool,
    vanish: Option<bool>,
    /// Hidden text was met in it.
    hidden_text: bool,
}

/// Follows a document part's elements and says which text is shown.
#[derive(Debug)]
pub struct Shown<'s> {
    styles: &'s Styles,
    view: View,
    /// Depth inside elements whose content is never the text.
    skip: usize,
    /// Depth inside tracked insertions and deletions.
    inserted: usize,
    deleted: usize,
    /// Text was met inside the tracked change being left out.
    change_text: bool,
    in_ppr: bool,
    in_rpr: bool,
    /// The fields open, innermost last, and how many of them are in their code.
    fields: Vec<Field>,
    in_code: usize,
    paragraph: Paragraph,
    run: Run,
    hidden: Hidden,
}

impl<'s> Shown<'s> {
    /// Before the first element of a part, with the document's styles.
    pub fn new(styles: &'s Styles, view: View) -> Shown<'s> {
        Shown {
            styles,
            view,
            skip: 0,
            inserted: 0,
            deleted: 0,
            change_text: false,
            in_ppr: false,
            in_rpr: false,
            fields: Vec::new(),
            in_code: 0,
            paragraph: Paragraph { style_hides: styles.paragraph_hides(None), ..Paragraph::default() },
            run: Run { style_hides: styles.character_hides(None), ..Run::default() },
            hidden: Hidden::default(),
        }
    }

    /// Takes in the start of an element (`empty` for `<x/>`); `false` when the element
    /// is inside content that is not text (or starts it), and the reader should pass it by.
    pub fn start(&mut self, e: &BytesStart, empty: bool) -> bool {
        let name = local(e);
        if self.skip > 0 || is_skipped(&name) {
            if is_skipped(&name) && !empty {
                if self.skip == 0 && matches!(name.as_str(), "instrText" | "delInstrText") {
                    self.field_code();
                }
                self.skip += 1;
            }
            return false;
        }
        let (in_ppr, in_rpr) = (self.in_ppr, self.in_rpr);
        match name.as_str() {
            "p" => {
                self.paragraph = Paragraph { style_hides: self.styles.paragraph_hides(None), ..Paragraph::default() }
            }
            "r" => self.run = Run { style_hides: self.styles.character_hides(None), ..Run::default() },
            "pPr" => self.in_ppr = !empty,
            "rPr" => self.in_rpr = !empty,
            "ins" | "moveTo" if !in_rpr && !empty => self.inserted += 1,
            "del" | "moveFrom" if !in_rpr && !empty => self.deleted += 1,
            "ins" if in_ppr && in_rpr => self.paragraph.mark_inserted = true,
            "del" if in_ppr && in_rpr => self.paragraph.mark_deleted = true,
            "pStyle" if in_ppr && !in_rpr => {
                self.paragraph.style = attr(e, "val");
                self.paragraph.style_hides = self.styles.paragraph_hides(self.paragraph.style.as_deref());
            }
            "rStyle" if in_rpr && !in_ppr => {
                self.run.style_hides = self.styles.character_hides(attr(e, "val").as_deref())
            }
            "vanish" | "specVanish" if in_rpr && in_ppr => self.paragraph.mark_vanish = Some(on_value(e)),
            "vanish" if in_rpr => self.run.vanish = Some(on_value(e)),
            "fldChar" => self.field_char(attr(e, "fldCharType").as_deref()),
            _ => {}
        }
        true
    }

    /// Takes in the end of an element; `false` when the reader should pass it by.
    pub fn end(&mut self, name: &str) -> bool {
        if self.skip > 0 {
            self.skip -= usize::from(is_skipped(name));
            return false;
        }
        match name {
            "pPr" => self.in_ppr = false,
            "rPr" => self.in_rpr = false,
            "ins" | "moveTo" if !self.in_rpr => {
                self.inserted = self.inserted.saturating_sub(1);
                self.change_ends();
            }
            "del" | "moveFrom" if !self.in_rpr => {
                self.deleted = self.deleted.saturating_sub(1);
                self.change_ends();
            }
            "r" => {
                self.hidden.runs += usize::from(self.run.hidden_text);
                self.run.hidden_text = false;
            }
            _ => {}
        }
        true
    }

    /// Whether content met now (text, a tab, a break) is shown.
    pub fn visible(&self) -> bool {
        self.skip == 0 && !self.change_left_out() && self.in_code == 0 && !self.run_hidden()
    }

    /// Whether `text`, met now, is shown; text that is not is counted.
    pub fn text(&mut self, text: &str) -> bool {
        if self.visible() {
            return true;
        }
        if !text.trim().is_empty() {
            if self.change_left_out() {
                self.change_text = true;
            } else if self.in_code > 0 {
                self.field_code();
            } else {
                self.run.hidden_text = true;
            }
        }
        false
    }

    /// Whether the paragraph being read ends without a break in this view: its mark is
    /// hidden, or a tracked change the view leaves out; its text then joins the next
    /// paragraph's, as Word shows it.
    pub fn joins_next(&self) -> bool {
        let removed = match self.view {
            View::Accepted => self.paragraph.mark_deleted,
            View::Rejected => self.paragraph.mark_inserted,
            View::Shown => false,
        };
        removed || self.mark_hidden()
    }

    /// Whether the run being read is inside its run properties (`w:rPr`, not a mark's).
    pub fn in_run_properties(&self) -> bool {
        self.in_rpr && !self.in_ppr
    }

    /// Whether the reader is inside the paragraph's properties (`w:pPr`).
    pub fn in_paragraph_properties(&self) -> bool {
        self.in_ppr
    }

    /// Inside `w:rPr`, of a run or of a paragraph mark.
    pub fn in_any_run_properties(&self) -> bool {
        self.in_rpr
    }

    /// The paragraph style named by the paragraph being read.
    pub fn paragraph_style(&self) -> Option<&str> {
        self.paragraph.style.as_deref()
    }

    /// What was left out so far.
    pub fn hidden(&self) -> Hidden {
        self.hidden
    }

    fn change_left_out(&self) -> bool {
        match self.view {
            View::Accepted => self.deleted > 0,
            View::Rejected => self.inserted > 0,
            View::Shown => false,
        }
    }

    /// At the end of a tracked change: when it was the outermost one left out and held
    /// text, one more change is counted.
    fn change_ends(&mut self) {
        if !self.change_left_out() && self.change_text {
            self.hidden.changes += 1;
            self.change_text = false;
        }
    }

    fn run_hidden(&self) -> bool {
        match self.run.vanish {
            Some(v) => v,
            None => self.styles.hidden_by_default() ^ self.paragraph.style_hides ^ self.run.style_hides,
        }
    }

    fn mark_hidden(&self) -> bool {
        match self.paragraph.mark_vanish {
            Some(v) => v,
            None => self.styles.hidden_by_default() ^ self.paragraph.style_hides,
        }
    }

    /// `w:fldChar`: a field begins, its result begins, or it ends.
    fn field_char(&mut self, kind: Option<&str>) {
        match kind {
            Some("begin") => {
                self.fields.push(Field::default());
                self.in_code += 1;
            }
            Some("separate") => {
                if let Some(f) = self.fields.last_mut().filter(|f| !f.result) {
                    f.result = true;
                    self.in_code -= 1;
                }
            }
            Some("end") => {
                let Some(f) = self.fields.pop() else { return };
                if !f.result {
                    self.in_code -= 1;
                }
                self.hidden.field_codes += usize::from(f.code);
                if f.outer_code {
                    self.field_code();
                }
            }
            _ => {}
        }
    }

    /// Code met (a `w:instrText`, or text while a field is in its code): it belongs to
    /// the innermost field in its code, which is counted when it ends; code outside any
    /// field is counted at once.
    fn field_code(&mut self) {
        match self.fields.last_mut() {
            Some(f) if !f.result => f.code = true,
            // A field in its result, inside the code of a field around it: passed on
            // when it ends.
            Some(f) => f.outer_code = true,
            None => self.hidden.field_codes += 1,
        }
    }
}

fn on_value(e: &BytesStart) -> bool {
    on(attr(e, "val").as_deref())
}

/// Elements whose content is not the paragraph's text: field codes, the fallback copy of
/// alternate content, text boxes, and records of earlier formatting.
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

#[cfg(test)]
mod tests {
    use super::*;
    use quick_xml::Reader;
    use quick_xml::events::Event;

    /// The text of `body` shown in `view`, and what was left out.
    fn shown(body: &str, styles: &Styles, view: View) -> (String, Hidden) {
        let xml = format!("<w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>");
        let mut reader = Reader::from_str(&xml);
        let mut s = Shown::new(styles, view);
        let (mut out, mut in_text) = (String::new(), false);
        loop {
            match reader.read_event().unwrap() {
                Event::Start(e) if s.start(&e, false) && matches!(local(&e).as_str(), "t" | "delText") => {
                    in_text = true;
                }
                Event::Start(_) => {}
                Event::Empty(e) => {
                    s.start(&e, true);
                }
                Event::Text(t) if in_text => {
                    let t = t.xml10_content();
                    if s.text(&t) {
                        out.push_str(&t);
                    }
                }
                Event::End(e) => {
                    let name = e.local_name().as_ref().to_owned();
                    if s.end(&name) && matches!(name.as_str(), "t" | "delText") {
                        in_text = false;
                    }
                    if name == "p" && !s.joins_next() {
                        out.push('|');
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        (out, s.hidden())
    }

    fn r(props: &str, text: &str) -> String {
        format!("<w:r><w:rPr>{props}</w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
    }

    #[test]
    fn hidden_runs_are_left_out_and_counted() {
        let body = format!(
            "<w:p>{}{}{}{}</w:p>",
            r("", "seen "),
            r("<w:vanish/>", "secret "),
            r("<w:vanish w:val=\"false\"/>", "shown "),
            r("<w:vanish/><w:rPrChange><w:rPr/></w:rPrChange>", "also secret")
        );
        let (text, hidden) = shown(&body, &Styles::default(), View::Accepted);
        assert_eq!(text, "seen shown |");
        assert_eq!(hidden, Hidden { runs: 2, changes: 0, field_codes: 0 });
    }

    #[test]
    fn a_hidden_paragraph_mark_joins_the_next_paragraph() {
        let body = "<w:p><w:pPr><w:rPr><w:vanish/></w:rPr></w:pPr><w:r><w:t>one </w:t></w:r></w:p><w:p><w:r><w:t>two</w:t></w:r></w:p>";
        assert_eq!(shown(body, &Styles::default(), View::Accepted).0, "one two|");
    }

    #[test]
    fn field_codes_are_left_out_and_results_kept() {
        let body = concat!(
            "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>",
            "<w:r><w:instrText> HYPERLINK \"x\" </w:instrText></w:r>",
            "<w:r><w:t>planted</w:t></w:r>",
            "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>link</w:t></w:r>",
            "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r><w:r><w:t> after</w:t></w:r></w:p>"
        );
        let (text, hidden) = shown(body, &Styles::default(), View::Accepted);
        assert_eq!(text, "link after|");
        assert_eq!(hidden, Hidden { runs: 0, changes: 0, field_codes: 1 });
    }

    #[test]
    fn a_field_inside_a_field_code_is_code_too() {
        let fld = |kind: &str| format!("<w:r><w:fldChar w:fldCharType=\"{kind}\"/></w:r>");
        let body = [
            "<w:p>".to_owned(),
            fld("begin"),
            "<w:r><w:instrText>IF </w:instrText></w:r>".into(),
            fld("begin"),
            "<w:r><w:instrText>REF x</w:instrText></w:r>".into(),
            fld("separate"),
            r("", "inner result, part of the outer code"),
            fld("end"),
            fld("separate"),
            r("", "shown"),
            fld("end"),
            fld("separate"),
            r("", " and a stray mark"),
            "</w:p>".into(),
        ]
        .concat();
        let (text, hidden) = shown(&body, &Styles::default(), View::Accepted);
        assert_eq!(text, "shown and a stray mark|");
        assert_eq!(hidden.field_codes, 2);
    }

    #[test]
    fn tracked_changes_follow_the_view() {
        let body = "<w:p><w:r><w:t>a </w:t></w:r><w:del><w:r><w:delText>old </w:delText></w:r></w:del><w:ins><w:r><w:t>new</w:t></w:r></w:ins></w:p>";
        assert_eq!(
            shown(body, &Styles::default(), View::Accepted),
            ("a new|".into(), Hidden { changes: 1, ..Hidden::default() })
        );
        assert_eq!(
            shown(body, &Styles::default(), View::Rejected),
            ("a old |".into(), Hidden { changes: 1, ..Hidden::default() })
        );
        assert_eq!(shown(body, &Styles::default(), View::Shown), ("a old new|".into(), Hidden::default()));
    }

    #[test]
    fn styles_hide_runs_and_paragraphs() {
        let styles = Styles::parse(
            r#"<w:styles xmlns:w="w">
            <w:style w:type="paragraph" w:styleId="Gone"><w:rPr><w:vanish/></w:rPr></w:style>
            <w:style w:type="character" w:styleId="Ghost"><w:rPr><w:vanish/></w:rPr></w:style></w:styles>"#,
            "word/styles.xml",
        )
        .unwrap();
        let body = format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Gone\"/></w:pPr>{}</w:p><w:p>{}{}</w:p>",
            r("", "whole paragraph hidden"),
            r("<w:rStyle w:val=\"Ghost\"/>", "ghost "),
            r("", "kept")
        );
        let (text, hidden) = shown(&body, &styles, View::Accepted);
        assert_eq!(text, "kept|");
        assert_eq!(hidden.runs, 2);
    }
}
