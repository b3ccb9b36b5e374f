//! Word's automatic paragraph numbers. A Chair's draft usually numbers its paragraphs
//! through `word/numbering.xml` rather than in the text, so the numbers must be counted
//! the way Word counts them to read "7." before paragraph 7 and "(a)" before a sub-item.
//!
//! Supported: the level formats in use in such drafts (decimal, letters, roman numerals,
//! bullets), start values, and counters shared by every list of the same abstract
//! numbering, restarted below the level being counted. Not supported: level overrides,
//! legal numbering and pictures as bullets (they count as plain bullets).

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use super::ImportError;
use super::docx::{attr, local, xml_error};

/// One level of an abstract numbering.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// The numbering definitions of a document, with the counters as paragraphs are read.
#[derive(Debug, Default)]
pub struct Numbering {
    /// `w:num` id -> abstract numbering id.
    nums: HashMap<String, String>,
    /// (abstract id, level) -> its definition.
    levels: HashMap<(String, u32), Level>,
    /// Counters per abstract numbering, one per level (`None`: not started).
    counters: HashMap<String, [Option<u32>; 9]>,
}

impl Numbering {
    /// Reads `word/numbering.xml`.
    pub fn parse(xml: &str) -> Result<Numbering, ImportError> {
        let mut reader = Reader::from_str(xml);
        let mut n = Numbering::default();
        let mut abstract_id: Option<String> = None;
        let mut level: Option<(u32, Level)> = None;
        let mut num_id: Option<String> = None;
        loop {
            let event = reader.read_event().map_err(|e| xml_error(e, reader.buffer_position()))?;
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let val = || attr(&e, "val");
                    match local(&e).as_str() {
                        "abstractNum" => abstract_id = attr(&e, "abstractNumId"),
                        "lvl" => {
                            let ilvl = attr(&e, "ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                            level = Some((ilvl, Level { start: 1, format: "decimal".into(), text: String::new() }));
                        }
                        "start" => {
                            if let (Some((_, l)), Some(v)) = (level.as_mut(), val().and_then(|v| v.parse().ok())) {
                                l.start = v;
                            }
                        }
                        "numFmt" => {
                            if let (Some((_, l)), Some(v)) = (level.as_mut(), val()) {
                                l.format = v;
                            }
                        }
                        "lvlText" => {
                            if let (Some((_, l)), Some(v)) = (level.as_mut(), val()) {
                                l.text = v;
                            }
                        }
                        "num" => num_id = attr(&e, "numId"),
                        "abstractNumId" => {
                            if let (Some(id), Some(v)) = (num_id.clone(), val()) {
                                n.nums.insert(id, v);
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "lvl" => {
                        if let (Some(a), Some((ilvl, l))) = (abstract_id.clone(), level.take()) {
                            n.levels.insert((a, ilvl), l);
                        }
                    }
                    "abstractNum" => abstract_id = None,
                    "num" => num_id = None,
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(n)
    }

    /// Counts one more paragraph of list `num_id` at `level` and returns its label
    /// (`7.`, `(a)`, `•`); `None` for numId 0 (numbering removed) or an unknown list.
    pub fn label(&mut self, num_id: &str, level: u32) -> Option<String> {
        let level = level.min(8);
        let abstract_id = self.nums.get(num_id)?.clone();
        let def = self.levels.get(&(abstract_id.clone(), level))?.clone();
        let counters = self.counters.entry(abstract_id.clone()).or_insert([None; 9]);
        let l = level as usize;
        counters[l] = Some(counters[l].map_or(def.start, |c| c.saturating_add(1)));
        counters[l + 1..].iter_mut().for_each(|c| *c = None);
        let counters = *counters;
        if def.format == "bullet" {
            let bullet = def.text.chars().next().filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c)).unwrap_or('•');
            return Some(bullet.to_string());
        }
        if def.format == "none" {
            return Some(String::new());
        }
        let mut label = String::new();
        let mut chars = def.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(k @ 1..=9)) => {
                    chars.next();
                    let k = k - 1;
                    let at = self.levels.get(&(abstract_id.clone(), k));
                    let value = counters[k as usize].or(at.map(|l| l.start)).unwrap_or(1);
                    label.push_str(&format_number(value, at.map_or("decimal", |l| l.format.as_str())));
                }
                _ => label.push(c),
            }
        }
        Some(label)
    }
}

/// A counter in a Word number format.
///
/// ```text
/// (4, "lowerLetter") -> "d"; (28, "lowerLetter") -> "bb"; (9, "upperRoman") -> "IX"
/// ```
fn format_number(n: u32, format: &str) -> String {
    match format {
        // Beyond these, letters and numerals would run to megabytes: decimal instead.
        "lowerLetter" | "upperLetter" | "lowerRoman" | "upperRoman" if n > 3999 => n.to_string(),
        "lowerLetter" | "upperLetter" => {
            let letter = (b'a' + ((n.max(1) - 1) % 26) as u8) as char;
            let s: String = std::iter::repeat_n(letter, ((n.max(1) - 1) / 26 + 1) as usize).collect();
            if format == "upperLetter" { s.to_uppercase() } else { s }
        }
        "lowerRoman" => roman(n).to_lowercase(),
        "upperRoman" => roman(n),
        "decimalZero" if n < 10 => format!("0{n}"),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const XML: &str = r#"<w:numbering xmlns:w="w">
        <w:abstractNum w:abstractNumId="3">
          <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
          <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
        </w:abstractNum>
        <w:num w:numId="5"><w:abstractNumId w:val="3"/></w:num>
        <w:num w:numId="6"><w:abstractNumId w:val="3"/></w:num>
      </w:numbering>"#;

    #[test]
    fn counts_like_word() {
        let mut n = Numbering::parse(XML).unwrap();
        assert_eq!(n.label("5", 0).as_deref(), Some("1."));
        assert_eq!(n.label("5", 1).as_deref(), Some("(a)"));
        assert_eq!(n.label("5", 1).as_deref(), Some("(b)"));
        // Another list on the same abstract numbering continues the count.
        assert_eq!(n.label("6", 0).as_deref(), Some("2."));
        assert_eq!(n.label("6", 1).as_deref(), Some("(a)"));
        assert_eq!(n.label("0", 0), None);
    }

    #[test]
    fn formats() {
        assert_eq!(format_number(4, "lowerLetter"), "d");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(9, "upperRoman"), "IX");
        assert_eq!(format_number(14, "lowerRoman"), "xiv");
        assert_eq!(format_number(4_000_000_000, "lowerLetter"), "4000000000");
    }
}
