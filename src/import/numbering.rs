//! Word's automatic paragraph numbers. A Chair's draft usually numbers its paragraphs
//! through `word/numbering.xml` rather than in the text, so the numbers must be counted
//! the way Word counts them to read "7." before paragraph 7 and "(a)" before a sub-item.
//!
//! Supported: the level formats in use in such drafts (decimal, letters, roman numerals,
//! bullets), start values, and counters shared by every list of the same abstract
//! numbering, restarted below the level being counted, and numbers hidden as Word hides
//! them (`w:vanish`: counted, not shown). Not supported: level overrides, legal numbering
//! and pictures as bullets (they count as plain bullets).
//!
//! A label is copied into every paragraph of its level, so a label text of a megabyte
//! would make a small document import as gigabytes: [`Numbering::label`] stops at a
//! length no real number reaches.

use std::collections::HashMap;

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::ooxml::{PackageError, attr, local, on, xml_error};

/// Levels of a list (`w:ilvl` 0 to 8).
const LEVELS: usize = 9;

/// One level of an abstract numbering.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: String,
    text: String,
    /// Its number is hidden text (`w:vanish` in the level's run properties).
    hidden: bool,
}

/// A label longer than the limit given to [`Numbering::label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LabelTooLong;

/// The numbering definitions of a document, with the counters as paragraphs are read.
///
/// List ids (`w:numId`, `w:abstractNumId`) are numbers in Word's format; an id that is
/// not a number names no list.
#[derive(Debug, Default)]
pub struct Numbering {
    /// `w:num` id -> abstract numbering id.
    nums: HashMap<i64, i64>,
    /// Abstract numbering id -> its levels.
    levels: HashMap<i64, [Option<Level>; LEVELS]>,
    /// Counters per abstract numbering, one per level (`None`: not started).
    counters: HashMap<i64, [Option<u32>; LEVELS]>,
}

impl Numbering {
    /// Reads the numbering part `xml` (named `part` in messages).
    pub fn parse(xml: &str, part: &str) -> Result<Numbering, PackageError> {
        let mut reader = Reader::from_str(xml);
        let mut n = Numbering::default();
        let mut abstract_id: Option<i64> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut num_id: Option<i64> = None;
        let mut in_change = 0usize;
        loop {
            let event = reader.read_event().map_err(|e| xml_error(part, e, reader.buffer_position()))?;
            let opens = matches!(event, Event::Start(_));
            match event {
                Event::Start(e) | Event::Empty(e) => {
                    let name = local(&e);
                    let change = matches!(name.as_str(), "rPrChange" | "pPrChange");
                    if change || in_change > 0 {
                        in_change += usize::from(change && opens);
                        continue;
                    }
                    let val = || attr(&e, "val");
                    let number = |key: &str| attr(&e, key).and_then(|v| v.trim().parse::<i64>().ok());
                    match name.as_str() {
                        "abstractNum" => abstract_id = number("abstractNumId"),
                        "lvl" => {
                            let ilvl = number("ilvl").unwrap_or(0).clamp(0, LEVELS as i64 - 1) as usize;
                            level = Some((
                                ilvl,
                                Level { start: 1, format: "decimal".into(), text: String::new(), hidden: false },
                            ));
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
                        "vanish" => {
                            if let Some((_, l)) = level.as_mut() {
                                l.hidden = on(val().as_deref());
                            }
                        }
                        "num" => num_id = number("numId"),
                        "abstractNumId" => {
                            if let (Some(id), Some(v)) = (num_id, number("val")) {
                                n.nums.insert(id, v);
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "rPrChange" | "pPrChange" => in_change = in_change.saturating_sub(1),
                    _ if in_change > 0 => {}
                    "lvl" => {
                        if let (Some(a), Some((ilvl, l))) = (abstract_id, level.take()) {
                            n.levels.entry(a).or_insert_with(Default::default)[ilvl] = Some(l);
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
    /// (`7.`, `(a)`, `•`, empty when the number is hidden); `None` for numId 0 (numbering
    /// removed), an unknown list or an id that is not a number. A label is built up to
    /// `max_chars` characters: one longer is an error, found before it is made.
    pub fn label(&mut self, num_id: &str, level: u32, max_chars: usize) -> Result<Option<String>, LabelTooLong> {
        let Some(abstract_id) = num_id.trim().parse::<i64>().ok().and_then(|id| self.nums.get(&id)).copied() else {
            return Ok(None);
        };
        let level = level.min(LEVELS as u32 - 1) as usize;
        let Some(levels) = self.levels.get(&abstract_id) else { return Ok(None) };
        let Some(def) = &levels[level] else { return Ok(None) };
        let counters = self.counters.entry(abstract_id).or_insert([None; LEVELS]);
        counters[level] = Some(counters[level].map_or(def.start, |c| c.saturating_add(1)));
        counters[level + 1..].iter_mut().for_each(|c| *c = None);
        let counters = *counters;
        if def.hidden || def.format == "none" {
            return Ok(Some(String::new()));
        }
        if def.format == "bullet" {
            let bullet = def.text.chars().next().filter(|c| !('\u{E000}'..='\u{F8FF}').contains(c)).unwrap_or('•');
            return Ok(Some(bullet.to_string()));
        }
        let (mut label, mut length) = (String::new(), 0);
        let mut chars = def.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(k @ 1..=9)) => {
                    chars.next();
                    let k = k as usize - 1;
                    let at = levels[k].as_ref();
                    let value = counters[k].or(at.map(|l| l.start)).unwrap_or(1);
                    let number = format_number(value, at.map_or("decimal", |l| l.format.as_str()));
                    length += number.chars().count();
                    label.push_str(&number);
                }
                _ => {
                    length += 1;
                    label.push(c);
                }
            }
            if length > max_chars {
                return Err(LabelTooLong);
            }
        }
        Ok(Some(label))
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
        let mut n = Numbering::parse(XML, "word/numbering.xml").unwrap();
        let mut label = |id: &str, level: u32| n.label(id, level, 20).unwrap();
        assert_eq!(label("5", 0).as_deref(), Some("1."));
        assert_eq!(label("5", 1).as_deref(), Some("(a)"));
        assert_eq!(label("5", 1).as_deref(), Some("(b)"));
        // Another list on the same abstract numbering continues the count.
        assert_eq!(label("6", 0).as_deref(), Some("2."));
        assert_eq!(label("6", 1).as_deref(), Some("(a)"));
        assert_eq!(label("0", 0), None);
        assert_eq!(label("x", 0), None);
    }

    #[test]
    fn a_label_past_the_limit_is_refused_while_it_is_built() {
        let huge = "A".repeat(100_000);
        let xml = format!(
            r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:lvlText w:val="{huge}%1"/></w:lvl></w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#
        );
        let mut n = Numbering::parse(&xml, "word/numbering.xml").unwrap();
        assert_eq!(n.label("2", 0, 256), Err(LabelTooLong));
        assert_eq!(n.label("2", 0, 200_000).map(|l| l.map(|l| l.len())), Ok(Some(100_001)));
    }

    #[test]
    fn a_hidden_level_counts_but_shows_no_number() {
        let xml = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:lvlText w:val="%1."/><w:rPr><w:vanish/></w:rPr></w:lvl><w:lvl w:ilvl="1"><w:lvlText w:val="%1.%2"/></w:lvl></w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
        let mut n = Numbering::parse(xml, "word/numbering.xml").unwrap();
        assert_eq!(n.label("2", 0, 20), Ok(Some(String::new())));
        assert_eq!(n.label("2", 1, 20), Ok(Some("1.1".into())));
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
