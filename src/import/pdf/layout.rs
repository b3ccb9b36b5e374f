//! From the words of a page, with their boxes, to lines as a reader sees them.
//!
//! A PDF has no lines, only glyphs placed on a page. Words are gathered into a line when
//! they stand on the same baseline band ([`lines`]); inside a line, pieces that touch are
//! one word (Poppler splits a word where the font changes, as in small capitals
//! `A`+`D HOC`), and pieces that are smaller and raised are superscripts, which are
//! footnote references when a footnote of that number exists, and letters of the text
//! otherwise (`m2`, `21st`).

/// A word as `pdftotext -bbox` gives it: text and box, in points from the page's top left.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The text.
    pub text: String,
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

impl Word {
    fn height(&self) -> f64 {
        self.y1 - self.y0
    }
}

/// A page and its words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Width in points.
    pub width: f64,
    /// Height in points.
    pub height: f64,
    /// The words, in any order.
    pub words: Vec<Word>,
}

/// A word of a line, after pieces that touch are joined.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    /// The text.
    pub text: String,
    /// Left edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// Height of its box.
    pub size: f64,
    /// Smaller than the line and above its baseline: a superscript.
    pub raised: bool,
    /// A space separates it from the piece before.
    pub space_before: bool,
}

/// A line of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Index of its page.
    pub page: usize,
    /// Its words, left to right.
    pub pieces: Vec<Piece>,
    /// Left edge.
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// The baseline band's bottom (the bottom of its usual-size words).
    pub bottom: f64,
    /// The height of its usual-size words: the font size, give or take.
    pub size: f64,
}

impl Line {
    /// The line's text, pieces separated by a space where the page has one.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            if p.space_before && !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&p.text);
        }
        out
    }

    /// The middle of the line, across.
    pub fn center(&self) -> f64 {
        (self.x0 + self.x1) / 2.0
    }
}

/// Gap between two pieces, as a share of the line's size, below which they are one word.
/// Poppler starts a new word at a gap of a tenth of the font size, so a smaller gap means
/// it split a word for another reason (a change of font).
const JOIN_GAP: f64 = 0.08;

/// The lines of page `index`, top to bottom.
///
/// A word joins the line being built when its middle is within the band of the line's
/// tallest word, or that band's middle is within the word (a superscript read before
/// the words of its line).
pub fn lines(page: &Page, index: usize) -> Vec<Line> {
    let mut words: Vec<&Word> = page.words.iter().filter(|w| !w.text.trim().is_empty()).collect();
    words.sort_by(|a, b| a.y1.total_cmp(&b.y1).then(a.x0.total_cmp(&b.x0)));
    let mut groups: Vec<Vec<&Word>> = Vec::new();
    let mut band = (0.0f64, 0.0f64);
    for w in words {
        let middle = (w.y0 + w.y1) / 2.0;
        let band_middle = (band.0 + band.1) / 2.0;
        let joins = !groups.is_empty() && ((band.0..=band.1).contains(&middle) || (w.y0..=w.y1).contains(&band_middle));
        if joins {
            let group = groups.last_mut().expect("a group exists");
            group.push(w);
            if w.height() > band.1 - band.0 {
                band = (w.y0, w.y1);
            }
        } else {
            groups.push(vec![w]);
            band = (w.y0, w.y1);
        }
    }
    groups.into_iter().map(|g| line_of(g, index)).collect()
}

/// One line from its words: sorted across, its size and baseline found, touching pieces
/// joined, superscripts marked.
fn line_of(mut words: Vec<&Word>, page: usize) -> Line {
    words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let size = usual_height(words.iter().map(|w| (w.height(), w.text.chars().count())));
    let usual: Vec<f64> = words.iter().filter(|w| (w.height() - size).abs() <= 0.1 * size).map(|w| w.y1).collect();
    let bottom = median(&usual).unwrap_or_else(|| words.iter().map(|w| w.y1).fold(f64::MIN, f64::max));
    let mut pieces: Vec<Piece> = Vec::with_capacity(words.len());
    for w in &words {
        let raised = w.height() < 0.8 * size && w.y1 < bottom - 0.15 * size;
        let text = clean(&w.text);
        if text.is_empty() {
            continue;
        }
        if let Some(last) = pieces.last_mut() {
            let gap = w.x0 - last.x1;
            if !raised && !last.raised && gap < JOIN_GAP * size {
                last.text.push_str(&text);
                last.x1 = last.x1.max(w.x1);
                last.size = last.size.max(w.height());
                continue;
            }
            let space_before = gap >= JOIN_GAP * size;
            pieces.push(Piece { text, x0: w.x0, x1: w.x1, size: w.height(), raised, space_before });
        } else {
            pieces.push(Piece { text, x0: w.x0, x1: w.x1, size: w.height(), raised, space_before: false });
        }
    }
    let x0 = pieces.first().map_or(0.0, |p| p.x0);
    let x1 = pieces.iter().map(|p| p.x1).fold(x0, f64::max);
    Line { page, pieces, x0, x1, bottom, size }
}

/// The height that most characters have (to a tenth of a point).
pub fn usual_height(heights: impl Iterator<Item = (f64, usize)>) -> f64 {
    let mut counts: Vec<(i64, usize)> = Vec::new();
    for (h, n) in heights {
        let key = (h * 10.0).round() as i64;
        match counts.iter_mut().find(|(k, _)| *k == key) {
            Some((_, c)) => *c += n.max(1),
            None => counts.push((key, n.max(1))),
        }
    }
    // The most frequent; among equals, the larger (a line of a few small glyphs and as
    // many large ones is a line of the large size).
    counts.iter().max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0))).map_or(0.0, |(k, _)| *k as f64 / 10.0)
}

fn median(values: &[f64]) -> Option<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

/// A word's text as concord keeps it: ligatures spelt out, the hyphens of Word's
/// non-breaking hyphen plain, the symbol-font bullets a bullet, control characters and
/// invisible marks dropped, then NFC.
///
/// ```text
/// "ﬁnance" -> "finance"; "non\u{2011}Annex" -> "non-Annex"; "\u{F0B7}" -> "•"
/// ```
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'ﬀ' => out.push_str("ff"),
            'ﬁ' => out.push_str("fi"),
            'ﬂ' => out.push_str("fl"),
            'ﬃ' => out.push_str("ffi"),
            'ﬄ' => out.push_str("ffl"),
            'ﬅ' | 'ﬆ' => out.push_str("st"),
            '\u{2010}' | '\u{2011}' => out.push('-'),
            '\u{F0B7}' | '\u{F0A7}' | '\u{F076}' | '\u{F0D8}' | '\u{F0FC}' | '\u{25AA}' => out.push('•'),
            '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' => out.push(' '),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    crate::text::nfc(out.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str, x0: f64, y0: f64, x1: f64, y1: f64) -> Word {
        Word { text: text.into(), x0, y0, x1, y1 }
    }

    #[test]
    fn words_on_a_baseline_make_a_line_in_reading_order() {
        let page = Page {
            width: 595.0,
            height: 842.0,
            words: vec![
                w("line", 100.0, 116.0, 120.0, 125.0),
                w("second", 56.0, 116.0, 90.0, 125.0),
                w("First", 56.0, 100.0, 80.0, 109.0),
            ],
        };
        let texts: Vec<String> = lines(&page, 0).iter().map(Line::text).collect();
        assert_eq!(texts, ["First", "second line"]);
    }

    #[test]
    fn small_capitals_are_joined_and_superscripts_marked() {
        // "A" in a larger font touching "D", a superscript "1" after "NDCs".
        let page = Page {
            width: 595.0,
            height: 842.0,
            words: vec![
                w("A", 50.0, 38.0, 58.2, 48.8),
                w("D", 58.2, 39.7, 65.0, 48.3),
                w("HOC", 67.4, 39.7, 87.4, 48.3),
                w("NDCs", 90.0, 39.7, 110.0, 48.3),
                w("1", 110.3, 37.5, 113.0, 43.3),
                w("and", 116.0, 39.7, 130.0, 48.3),
            ],
        };
        let line = &lines(&page, 0)[0];
        let texts: Vec<(&str, bool, bool)> =
            line.pieces.iter().map(|p| (p.text.as_str(), p.raised, p.space_before)).collect();
        assert_eq!(
            texts,
            [
                ("AD", false, false),
                ("HOC", false, true),
                ("NDCs", false, true),
                ("1", true, false),
                ("and", false, true)
            ]
        );
    }

    #[test]
    fn a_margin_label_raised_beside_a_line_is_on_that_line() {
        let page = Page {
            width: 595.0,
            height: 842.0,
            words: vec![
                w("[The", 85.0, 260.1, 100.0, 269.1),
                w("Pp1", 56.7, 275.5, 67.5, 281.8),
                w("Being", 85.0, 278.5, 110.0, 287.5),
                w("Parties", 112.0, 278.5, 140.0, 287.5),
            ],
        };
        let texts: Vec<String> = lines(&page, 0).iter().map(Line::text).collect();
        assert_eq!(texts, ["[The", "Pp1 Being Parties"]);
    }

    #[test]
    fn cleaning_spells_out_ligatures_and_drops_invisible_marks() {
        assert_eq!(clean("ﬁnance ﬂows"), "finance flows");
        assert_eq!(clean("non\u{2011}Annex\u{200B}"), "non-Annex");
        assert_eq!(clean("\u{F0B7}"), "•");
        assert_eq!(clean("re\u{301}sume\u{301}"), "résumé");
    }

    #[test]
    fn usual_height_counts_characters() {
        assert_eq!(usual_height([(8.96, 40), (11.03, 3), (5.83, 1)].into_iter()), 9.0);
    }
}
