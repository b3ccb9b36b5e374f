//! The styles of a Word document (`styles.xml`), as far as concord needs them: a paragraph
//! style's name and outline level (titles and headings), its automatic numbering, and
//! whether a style hides its text (`w:vanish`), inherited through `w:basedOn`.
//!
//! Hidden text is a toggle property: direct formatting sets it, but in styles `on` turns
//! over what the levels below gave (the document defaults, then the paragraph style, then
//! the character style) and `off` leaves it. So text in a hidden paragraph style with a
//! hidden character style shows, as Word shows it (ECMA-376 Part 1, §17.7.3).

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::package::PackageError;
use super::{attr, local, on, xml_error};

/// Automatic numbering: a list (`w:numId`) and a level (`w:ilvl`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberingRef {
    /// The list.
    pub id: String,
    /// The level, from 0.
    pub level: u32,
}

/// A style as concord reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Style {
    /// `w:name` (`heading 1`).
    pub name: Option<String>,
    /// It gives an outline level (`w:outlineLvl`): a heading.
    pub outline: bool,
    /// Its automatic numbering (`w:numPr`).
    pub numbering: Option<NumberingRef>,
    /// The style it is based on.
    based_on: Option<String>,
    /// `w:vanish` in its own run properties.
    vanish: Option<bool>,
    /// Whether the style, through its `w:basedOn` chain, sets hidden text on.
    hides: bool,
}

/// The styles of a document by id, with the defaults.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    by_id: HashMap<String, Style>,
    /// `w:vanish` in the document defaults (`w:rPrDefault`).
    default_hidden: bool,
    /// The paragraph style of a paragraph that names none.
    default_paragraph: Option<String>,
    /// The character style of a run that names none.
    default_character: Option<String>,
}

/// Longest `w:basedOn` chain followed (Word's style gallery nests a few levels; a loop
/// or a longer chain stops here).
const MAX_CHAIN: usize = 32;

impl Styles {
    /// Reads `styles.xml` (named `part` in messages).
    pub fn parse(xml: &str, part: &str) -> Result<Styles, PackageError> {
        let mut reader = Reader::from_str(xml);
        let mut styles = Styles::default();
        // The style being read: its id and what it says.
        let mut current: Option<(String, Style)> = None;
        // Inside w:rPr (of a style or of the defaults), and inside parts not taken.
        let (mut in_rpr, mut in_defaults, mut skip) = (false, false, 0usize);
        loop {
            let event = reader.read_event().map_err(|e| xml_error(part, e, reader.buffer_position()))?;
            match event {
                Event::Start(e) => {
                    let name = local(&e);
                    if skip > 0 || is_skipped(&name) {
                        skip += usize::from(is_skipped(&name));
                        continue;
                    }
                    match name.as_str() {
                        "rPr" => in_rpr = true,
                        "rPrDefault" => in_defaults = true,
                        "style" => current = Some(style_start(&e, &mut styles)),
                        n => property(n, &e, &mut current, in_rpr, in_defaults, &mut styles),
                    }
                }
                Event::Empty(e) if skip == 0 => {
                    let name = local(&e);
                    if name == "style" {
                        let (id, style) = style_start(&e, &mut styles);
                        styles.by_id.insert(id, style);
                    } else {
                        property(&name, &e, &mut current, in_rpr, in_defaults, &mut styles);
                    }
                }
                Event::End(e) => {
                    let name = e.local_name().as_ref().to_owned();
                    if skip > 0 {
                        skip -= usize::from(is_skipped(&name));
                        continue;
                    }
                    match name.as_str() {
                        "rPr" => in_rpr = false,
                        "rPrDefault" => in_defaults = false,
                        "style" => {
                            if let Some((id, mut style)) = current.take() {
                                style.numbering = style.numbering.filter(|n| !n.id.is_empty());
                                styles.by_id.insert(id, style);
                            }
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        styles.resolve_chains();
        Ok(styles)
    }

    /// The style of id `id`.
    pub fn get(&self, id: &str) -> Option<&Style> {
        self.by_id.get(id)
    }

    /// Whether text is hidden by the styles alone: the defaults, turned over by the
    /// paragraph style and by the character style when either sets hidden text on.
    pub fn hidden(&self, paragraph: Option<&str>, character: Option<&str>) -> bool {
        self.hidden_by_default() ^ self.paragraph_hides(paragraph) ^ self.character_hides(character)
    }

    /// Whether the document defaults hide text.
    pub fn hidden_by_default(&self) -> bool {
        self.default_hidden
    }

    /// Whether paragraph style `id` (the default paragraph style for `None`) sets hidden
    /// text on.
    pub fn paragraph_hides(&self, id: Option<&str>) -> bool {
        self.hides(id.or(self.default_paragraph.as_deref()))
    }

    /// Whether character style `id` (the default character style for `None`) sets hidden
    /// text on.
    pub fn character_hides(&self, id: Option<&str>) -> bool {
        self.hides(id.or(self.default_character.as_deref()))
    }

    fn hides(&self, id: Option<&str>) -> bool {
        id.and_then(|id| self.by_id.get(id)).is_some_and(|s| s.hides)
    }

    /// Sets `hides` on every style: the nearest `w:vanish` along its `w:basedOn` chain.
    fn resolve_chains(&mut self) {
        let mut resolved: HashMap<String, bool> = HashMap::with_capacity(self.by_id.len());
        let ids: Vec<String> = self.by_id.keys().cloned().collect();
        for id in ids {
            let mut chain: Vec<&str> = Vec::new();
            let mut at = Some(id.as_str());
            let mut value = false;
            while let Some(here) = at {
                if let Some(&v) = resolved.get(here) {
                    value = v;
                    break;
                }
                let Some(style) = self.by_id.get(here) else { break };
                chain.push(here);
                if let Some(v) = style.vanish {
                    value = v;
                    break;
                }
                if chain.len() >= MAX_CHAIN || chain.contains(&style.based_on.as_deref().unwrap_or_default()) {
                    break;
                }
                at = style.based_on.as_deref();
            }
            let chain: Vec<String> = chain.into_iter().map(str::to_owned).collect();
            for here in chain {
                resolved.insert(here, value);
            }
        }
        for (id, style) in &mut self.by_id {
            style.hides = resolved.get(id).copied().unwrap_or(false);
        }
    }
}

/// Elements of a style whose properties are not the style's own: records of earlier
/// formatting, and a table style's conditional parts.
fn is_skipped(name: &str) -> bool {
    matches!(name, "rPrChange" | "pPrChange" | "tblStylePr")
}

/// Starts a `w:style`: its id and type; a default style of its type is noted.
fn style_start(e: &BytesStart, styles: &mut Styles) -> (String, Style) {
    let id = attr(e, "styleId").unwrap_or_default();
    let kind = attr(e, "type").unwrap_or_else(|| "paragraph".into());
    if attr(e, "default").is_some_and(|v| on(Some(&v))) {
        match kind.as_str() {
            "paragraph" => styles.default_paragraph = Some(id.clone()),
            "character" => styles.default_character = Some(id.clone()),
            _ => {}
        }
    }
    (id, Style::default())
}

/// A property inside a style, or in the document defaults.
fn property(
    name: &str,
    e: &BytesStart,
    current: &mut Option<(String, Style)>,
    in_rpr: bool,
    in_defaults: bool,
    styles: &mut Styles,
) {
    if in_defaults {
        if name == "vanish" && in_rpr {
            styles.default_hidden = on(attr(e, "val").as_deref());
        }
        return;
    }
    let Some((_, style)) = current.as_mut() else { return };
    match name {
        "name" => style.name = attr(e, "val"),
        "basedOn" => style.based_on = attr(e, "val"),
        "outlineLvl" => style.outline = true,
        "numId" => style.numbering.get_or_insert_with(NumberingRef::default).id = attr(e, "val").unwrap_or_default(),
        "ilvl" => {
            style.numbering.get_or_insert_with(NumberingRef::default).level =
                attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
        }
        "vanish" if in_rpr => style.vanish = Some(on(attr(e, "val").as_deref())),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:styles xmlns:w="w">
      <w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults>
      <w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
      <w:style w:type="paragraph" w:styleId="Secret"><w:basedOn w:val="Normal"/><w:rPr><w:vanish/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="Secret2"><w:basedOn w:val="Secret"/><w:rPr><w:b/><w:rPrChange><w:rPr><w:vanish w:val="0"/></w:rPr></w:rPrChange></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="Open"><w:basedOn w:val="Secret"/><w:rPr><w:vanish w:val="0"/></w:rPr></w:style>
      <w:style w:type="character" w:styleId="HiddenChar"><w:rPr><w:vanish w:val="true"/></w:rPr></w:style>
      <w:style w:type="paragraph" w:styleId="Loop1"><w:basedOn w:val="Loop2"/></w:style>
      <w:style w:type="paragraph" w:styleId="Loop2"><w:basedOn w:val="Loop1"/></w:style>
      <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="4"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
    </w:styles>"#;

    #[test]
    fn hidden_text_follows_the_chain_and_toggles_between_levels() {
        let s = Styles::parse(XML, "word/styles.xml").unwrap();
        assert!(!s.hidden(None, None), "Normal, the default paragraph style, shows");
        assert!(s.hidden(Some("Secret"), None));
        assert!(s.hidden(Some("Secret2"), None), "inherited; the record of an earlier format is not read");
        assert!(!s.hidden(Some("Open"), None), "the nearest level of the chain decides");
        assert!(s.hidden(None, Some("HiddenChar")));
        assert!(!s.hidden(Some("Secret"), Some("HiddenChar")), "two levels that hide turn each other over");
        assert!(!s.hidden(Some("Loop1"), None), "a loop of basedOn ends");
        let h = s.get("Heading1").unwrap();
        assert_eq!((h.name.as_deref(), h.outline), (Some("heading 1"), true));
        assert_eq!(h.numbering, Some(NumberingRef { id: "4".into(), level: 1 }));
    }

    #[test]
    fn hidden_by_default() {
        let xml = r#"<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault><w:rPr><w:vanish/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:style w:type="paragraph" w:styleId="Shown"><w:rPr><w:vanish/></w:rPr></w:style></w:styles>"#;
        let s = Styles::parse(xml, "word/styles.xml").unwrap();
        assert!(s.hidden(None, None));
        assert!(!s.hidden(Some("Shown"), None));
    }
}
