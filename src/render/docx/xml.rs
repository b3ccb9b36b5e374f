//! Spelling a [`Doc`] as WordprocessingML: `document.xml`, `comments.xml`, the styles and
//! the package's bookkeeping parts.
//!
//! All text is escaped for XML and stripped of the characters XML 1.0 forbids; tabs and
//! line breaks become `w:tab` and `w:br`. Runs in a right-to-left script get `w:rtl`, and
//! a paragraph mostly in one gets `w:bidi`; `w:lang` is set for Arabic, Hebrew, Chinese
//! and Russian text, so spell checkers and fonts pick the right language.

use std::fmt::Write;

use quick_xml::escape::escape;

use super::layout::{Change, Doc, Item, Para, Style, Track};

/// The WordprocessingML namespace.
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// `word/document.xml`. Revision ids are numbered after the comment ids, so every
/// annotation id in the document is unique.
pub fn document(doc: &Doc) -> String {
    let mut out = String::with_capacity(64 * 1024);
    out.push_str(XML_DECL);
    let _ = write!(out, "<w:document xmlns:w=\"{W}\"><w:body>");
    let mut ids = doc.comments.len();
    for p in &doc.paras {
        paragraph(&mut out, p, &mut ids);
    }
    out.push_str(concat!(
        "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>",
        "<w:pgMar w:top=\"1417\" w:right=\"1417\" w:bottom=\"1417\" w:left=\"1417\" ",
        "w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr>",
        "</w:body></w:document>"
    ));
    out
}

fn paragraph(out: &mut String, p: &Para, ids: &mut usize) {
    out.push_str("<w:p><w:pPr>");
    let style = match p.style {
        Style::Title => "Title",
        Style::Subtitle => "Subtitle",
        Style::Heading => "Heading1",
        Style::Body => "NumberedParagraph",
        Style::Unnumbered => "UnnumberedParagraph",
    };
    let _ = write!(out, "<w:pStyle w:val=\"{style}\"/>");
    let text: String =
        p.items.iter().filter_map(|i| if let Item::Text(t, _) = i { Some(t.as_str()) } else { None }).collect();
    if is_rtl(&text) {
        out.push_str("<w:bidi/>");
    }
    match &p.mark {
        Track::Plain => {}
        Track::Inserted(c) => {
            out.push_str("<w:rPr>");
            mark(out, "w:ins", c, ids, true);
            out.push_str("</w:rPr>");
        }
        Track::Deleted(c) => {
            out.push_str("<w:rPr>");
            mark(out, "w:del", c, ids, true);
            out.push_str("</w:rPr>");
        }
    }
    out.push_str("</w:pPr>");
    for item in &p.items {
        match item {
            Item::Text(t, Track::Plain) => run(out, t, false),
            Item::Text(t, Track::Inserted(c)) => {
                mark(out, "w:ins", c, ids, false);
                run(out, t, false);
                out.push_str("</w:ins>");
            }
            Item::Text(t, Track::Deleted(c)) => {
                mark(out, "w:del", c, ids, false);
                run(out, t, true);
                out.push_str("</w:del>");
            }
            Item::CommentStart(id) => {
                let _ = write!(out, "<w:commentRangeStart w:id=\"{id}\"/>");
            }
            Item::CommentEnd(id) => {
                let _ = write!(
                    out,
                    "<w:commentRangeEnd w:id=\"{id}\"/><w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:commentReference w:id=\"{id}\"/></w:r>"
                );
            }
        }
    }
    out.push_str("</w:p>");
}

/// Opens `w:ins`/`w:del` (or writes the empty paragraph-mark form).
fn mark(out: &mut String, tag: &str, c: &Change, ids: &mut usize, empty: bool) {
    let _ = write!(out, "<{tag} w:id=\"{ids}\" w:author=\"{}\"", attr(&c.author));
    *ids += 1;
    if let Some(d) = &c.date {
        let _ = write!(out, " w:date=\"{}\"", attr(d));
    }
    out.push_str(if empty { "/>" } else { ">" });
}

/// One run; `w:t` (or `w:delText`) pieces split at tabs and line breaks.
fn run(out: &mut String, text: &str, deleted: bool) {
    let text = clean(text);
    if text.is_empty() {
        return;
    }
    out.push_str("<w:r>");
    run_properties(out, &text);
    let tag = if deleted { "w:delText" } else { "w:t" };
    let mut piece = String::new();
    let flush = |out: &mut String, piece: &mut String| {
        if !piece.is_empty() {
            let _ = write!(out, "<{tag} xml:space=\"preserve\">{}</{tag}>", escape(piece.as_str()));
            piece.clear();
        }
    };
    for c in text.chars() {
        match c {
            '\t' => {
                flush(out, &mut piece);
                out.push_str("<w:tab/>");
            }
            '\n' => {
                flush(out, &mut piece);
                out.push_str("<w:br/>");
            }
            c => piece.push(c),
        }
    }
    flush(out, &mut piece);
    out.push_str("</w:r>");
}

fn run_properties(out: &mut String, text: &str) {
    let script = script_of(text);
    let rtl = matches!(script, Some(Script::Arabic | Script::Hebrew));
    let lang = match script {
        Some(Script::Arabic) => Some("w:bidi=\"ar-SA\""),
        Some(Script::Hebrew) => Some("w:bidi=\"he-IL\""),
        Some(Script::Han) => Some("w:eastAsia=\"zh-CN\""),
        Some(Script::Cyrillic) => Some("w:val=\"ru-RU\""),
        None => None,
    };
    if !rtl && lang.is_none() {
        return;
    }
    out.push_str("<w:rPr>");
    if rtl {
        out.push_str("<w:rtl/>");
    }
    if let Some(l) = lang {
        let _ = write!(out, "<w:lang {l}/>");
    }
    out.push_str("</w:rPr>");
}

/// A script concord sets a language or direction for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Arabic,
    Hebrew,
    Han,
    Cyrillic,
}

fn script_of_char(c: char) -> Option<Script> {
    match c as u32 {
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Some(Script::Arabic),
        0x0590..=0x05FF | 0xFB1D..=0xFB4F => Some(Script::Hebrew),
        0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0x3000..=0x303F | 0xFF00..=0xFFEF | 0x20000..=0x2FFFF => Some(Script::Han),
        0x0400..=0x052F => Some(Script::Cyrillic),
        _ => None,
    }
}

/// The script most letters of `text` are in, if it is one concord marks.
fn script_of(text: &str) -> Option<Script> {
    let mut counts = [0usize; 5];
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        let k = match script_of_char(c) {
            Some(Script::Arabic) => 0,
            Some(Script::Hebrew) => 1,
            Some(Script::Han) => 2,
            Some(Script::Cyrillic) => 3,
            None => 4,
        };
        counts[k] += 1;
    }
    let (best, &count) = counts.iter().enumerate().max_by_key(|(k, c)| (**c, usize::MAX - k))?;
    if count == 0 {
        return None;
    }
    [Some(Script::Arabic), Some(Script::Hebrew), Some(Script::Han), Some(Script::Cyrillic), None][best]
}

/// Whether a paragraph reads right to left (most of its letters are Arabic or Hebrew).
pub fn is_rtl(text: &str) -> bool {
    matches!(script_of(text), Some(Script::Arabic | Script::Hebrew))
}

/// Drops characters XML 1.0 forbids (controls other than tab and newline, U+FFFE,
/// U+FFFF), the C1 controls it discourages (U+0080 to U+009F: never text, and a terminal
/// obeys U+009B as an escape sequence) and carriage returns.
///
/// ```text
/// "a\u{1}b\r\nc\u{9b}" -> "ab\nc"
/// ```
pub fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| matches!(c, '\t' | '\n') || !(c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}')))
        .collect()
}

fn attr(s: &str) -> String {
    escape(clean(s).replace(['\t', '\n'], " ").as_str()).into_owned()
}

/// `word/comments.xml`.
pub fn comments(doc: &Doc) -> String {
    let mut out = String::new();
    out.push_str(XML_DECL);
    let _ = write!(out, "<w:comments xmlns:w=\"{W}\">");
    for (id, c) in doc.comments.iter().enumerate() {
        let _ = write!(out, "<w:comment w:id=\"{id}\" w:author=\"concord\" w:initials=\"cc\"");
        if let Some(d) = &c.date {
            let _ = write!(out, " w:date=\"{}\"", attr(d));
        }
        out.push('>');
        for (k, line) in c.lines.iter().enumerate() {
            out.push_str("<w:p><w:pPr><w:pStyle w:val=\"CommentText\"/></w:pPr>");
            if k == 0 {
                out.push_str("<w:r><w:rPr><w:rStyle w:val=\"CommentReference\"/></w:rPr><w:annotationRef/></w:r>");
            }
            run(&mut out, line, false);
            out.push_str("</w:p>");
        }
        out.push_str("</w:comment>");
    }
    out.push_str("</w:comments>");
    out
}

/// `word/styles.xml`: Times New Roman 11 pt; numbered paragraphs with a hanging indent.
pub fn styles() -> String {
    format!(
        r#"{XML_DECL}<w:styles xmlns:w="{W}"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="SimSun" w:cs="Times New Roman"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Subtitle"/><w:qFormat/><w:pPr><w:jc w:val="center"/><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="NumberedParagraph"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="NumberedParagraph"><w:name w:val="Numbered paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:tabs><w:tab w:val="left" w:pos="567"/></w:tabs><w:ind w:left="567" w:hanging="567"/><w:jc w:val="both"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="UnnumberedParagraph"><w:name w:val="Unnumbered paragraph"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:ind w:left="567"/><w:jc w:val="both"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="CommentText"><w:name w:val="annotation text"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style><w:style w:type="character" w:styleId="CommentReference"><w:name w:val="annotation reference"/><w:rPr><w:sz w:val="16"/><w:szCs w:val="16"/></w:rPr></w:style></w:styles>"#
    )
}

/// `word/settings.xml`: current compatibility mode, so Word opens it without the
/// compatibility banner.
pub fn settings() -> String {
    format!(
        r#"{XML_DECL}<w:settings xmlns:w="{W}"><w:defaultTabStop w:val="567"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>"#
    )
}

/// `[Content_Types].xml`.
pub fn content_types(with_comments: bool) -> String {
    let comments = if with_comments {
        r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#
    } else {
        ""
    };
    format!(
        r#"{XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>{comments}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#
    )
}

/// `_rels/.rels`.
pub fn package_rels() -> String {
    format!(
        r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#
    )
}

/// `word/_rels/document.xml.rels`.
pub fn document_rels(with_comments: bool) -> String {
    let comments = if with_comments {
        r#"<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#
    } else {
        ""
    };
    format!(
        r#"{XML_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>{comments}</Relationships>"#
    )
}

/// `docProps/core.xml`: the title and concord as the creator; no timestamps, so the same
/// drafts give the same bytes.
pub fn core(title: &str) -> String {
    format!(
        r#"{XML_DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>concord</dc:creator></cp:coreProperties>"#,
        attr(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_drops_what_xml_forbids() {
        assert_eq!(clean("a\u{1}b\r\nc\u{FFFF}\td\u{9b}"), "ab\nc\td");
    }

    #[test]
    fn arabic_paragraphs_are_right_to_left() {
        assert!(is_rtl("تؤكد الدول 7 على"));
        assert!(!is_rtl("States recall resolution 75/240"));
        assert_eq!(script_of("信息安全"), Some(Script::Han));
    }

    #[test]
    fn runs_escape_and_split_at_tabs_and_breaks() {
        let mut out = String::new();
        run(&mut out, "7.\tA & <b>\nx", false);
        assert_eq!(
            out,
            "<w:r><w:t xml:space=\"preserve\">7.</w:t><w:tab/><w:t xml:space=\"preserve\">A &amp; &lt;b&gt;</w:t><w:br/><w:t xml:space=\"preserve\">x</w:t></w:r>"
        );
    }
}
