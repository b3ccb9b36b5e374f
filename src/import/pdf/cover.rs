//! The cover block of a document's first page: its title, symbol and date, which become
//! the revision's header rather than paragraphs.
//!
//! The title is the first run of lines in the largest type on the first page (larger
//! than the text's); the cover is everything above it, and the centred lines under it
//! up to the first heading, number or line of text. The symbol is a word such as
//! `A/AC.292/2022/CRP.1` or `ADP.2015.11.InformalNote` in the cover or the first page's
//! header; the date the first in the cover (`4 December 2015`, `December 4, 2015`), a
//! range such as `29 November-5 December 2015` being no date of issue.

use super::layout::Line;
use super::paragraphs::{Margins, is_part, split_number};

/// What the cover says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cover {
    /// The title.
    pub title: Option<String>,
    /// The document symbol.
    pub symbol: Option<String>,
    /// The date, `YYYY-MM-DD`.
    pub date: Option<String>,
}

/// Lines of the first page looked at for the title.
const TITLE_WITHIN: usize = 20;

/// Takes the cover off the first page's lines; `header` are the lines removed from the
/// first page as its header or footer.
pub fn take_cover(first: &mut Vec<Line>, header: &[Line], margins: Option<Margins>, body: f64) -> Cover {
    let mut cover = Cover::default();
    let look = first.len().min(TITLE_WITHIN);
    let largest = first[..look].iter().map(|l| l.size).fold(0.0, f64::max);
    let title_at =
        (largest >= 1.1 * body).then(|| first[..look].iter().position(|l| (l.size - largest).abs() < 0.3)).flatten();
    let mut end = 0;
    if let Some(t) = title_at {
        let mut title = first[t].text();
        end = t + 1;
        while end < first.len()
            && (first[end].size - largest).abs() < 0.3
            && first[end].bottom - first[end - 1].bottom < 2.0 * largest
        {
            title.push(' ');
            title.push_str(&first[end].text());
            end += 1;
        }
        cover.title = Some(title.split_whitespace().collect::<Vec<_>>().join(" "));
        while end < first.len() && under_title(&first[end], margins) {
            end += 1;
        }
    }
    // The cover's words without note marks (`6 November 2015` and its raised `1`).
    let block: Vec<String> = first[..end]
        .iter()
        .map(|l| l.pieces.iter().filter(|p| !p.raised).map(|p| p.text.as_str()).collect::<Vec<_>>().join(" "))
        .collect();
    cover.symbol = header.iter().map(Line::text).chain(block.iter().cloned()).find_map(|l| symbol_in(&l));
    cover.date = date_of(&block);
    first.drain(..end);
    cover
}

/// A centred (or right-hand) line under the title that is not yet the text.
fn under_title(line: &Line, margins: Option<Margins>) -> bool {
    let Some(m) = margins else { return false };
    let text = line.text();
    let width = (m.right - m.left).max(1.0);
    let centred = (line.center() - (m.left + m.right) / 2.0).abs() < 0.06 * width && line.x0 > m.left + 0.08 * width;
    let right = line.x0 > m.left + 0.5 * width;
    (centred || right) && !is_part(&text) && split_number(&text).is_none() && !text.starts_with(['[', '('])
}

/// A document symbol among the words of `line`: with slashes (`FCCC/ADP/2015/L.6`), or
/// dotted parts with a number (`ADP.2015.11.InformalNote`), starting with a capital.
///
/// ```text
/// "Distr.: General A/77/123" -> "A/77/123"; "ADP.2015.11.InformalNote" -> itself
/// ```
pub fn symbol_in(line: &str) -> Option<String> {
    line.split_whitespace().find_map(|w| {
        let w = w.trim_end_matches([',', ';']);
        let ok = w.len() <= 80
            && w.starts_with(|c: char| c.is_ascii_uppercase())
            && w.chars().any(|c| c.is_ascii_digit())
            && (w.matches('/').count() >= 1 && w.split('/').all(|p| !p.is_empty())
                || w.matches('.').count() >= 2 && !w.ends_with('.'))
            && w.chars().all(|c| c.is_ascii_alphanumeric() || "/.-()".contains(c));
        ok.then(|| w.to_owned())
    })
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The date of the cover: a line that is only a date first, else the first line with
/// one; a line naming two months is a range, not a date.
fn date_of(lines: &[String]) -> Option<String> {
    let dated: Vec<(bool, String)> = lines.iter().filter_map(|l| date_in(l).map(|(d, alone)| (alone, d))).collect();
    dated.iter().find(|(alone, _)| *alone).or(dated.first()).map(|(_, d)| d.clone())
}

/// The date in a line, as `YYYY-MM-DD`, and whether the line is nothing but that date.
///
/// ```text
/// "Version of 4 December 2015@10.00" -> ("2015-12-04", false)
/// "12 July 2022"                     -> ("2022-07-12", true)
/// "29 November-5 December 2015"      -> none
/// ```
pub fn date_in(line: &str) -> Option<(String, bool)> {
    if let Some(iso) = line.split_whitespace().find(|w| crate::draft::is_date(w)) {
        return Some((iso.to_owned(), line.split_whitespace().count() == 1));
    }
    let tokens: Vec<String> =
        line.split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_lowercase).collect();
    let month =
        |t: &str| MONTHS.iter().position(|m| *m == t || (t.len() >= 3 && t.len() < m.len() && m.starts_with(t)));
    if tokens.iter().filter(|t| t.len() >= 3 && month(t).is_some()).count() != 1 {
        return None;
    }
    let day = |t: &str| t.parse::<u32>().ok().filter(|d| (1..=31).contains(d));
    let year = |t: &str| t.parse::<u32>().ok().filter(|y| t.len() == 4 && (1900..=2200).contains(y));
    for i in 0..tokens.len() {
        let Some(m) = month(&tokens[i]).filter(|_| tokens[i].len() >= 3) else { continue };
        let found = match (i.checked_sub(1).map(|k| &tokens[k]), tokens.get(i + 1), tokens.get(i + 2)) {
            (Some(d), Some(y), _) if day(d).is_some() && year(y).is_some() => Some((day(d)?, year(y)?)),
            (_, Some(d), Some(y)) if day(d).is_some() && year(y).is_some() => Some((day(d)?, year(y)?)),
            _ => None,
        };
        if let Some((d, y)) = found {
            return Some((format!("{y:04}-{:02}-{d:02}", m + 1), tokens.len() == 3));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date_in("Version of 4 December 2015@10.00"), Some(("2015-12-04".into(), false)));
        assert_eq!(date_in("12 July 2022"), Some(("2022-07-12".into(), true)));
        assert_eq!(date_in("December 4, 2015"), Some(("2015-12-04".into(), true)));
        assert_eq!(date_in("2022-07-25"), Some(("2022-07-25".into(), true)));
        assert_eq!(date_in("Paris, 29 November-5 December 2015"), None);
        assert_eq!(date_in("Second session, part twelve"), None);
        assert_eq!(date_in("May we agree"), None);
        let lines = ["Edited version of 6 November 2015 1".to_owned(), "Re-issued 10 November 2015*".to_owned()];
        assert_eq!(date_of(&lines).as_deref(), Some("2015-11-06"));
    }

    #[test]
    fn symbols() {
        assert_eq!(symbol_in("Distr.: General A/77/123").as_deref(), Some("A/77/123"));
        assert_eq!(symbol_in("ADP.2015.11.InformalNote").as_deref(), Some("ADP.2015.11.InformalNote"));
        assert_eq!(symbol_in("FCCC/ADP/2015/L.6/Rev.1").as_deref(), Some("FCCC/ADP/2015/L.6/Rev.1"));
        assert_eq!(symbol_in("Paris, 29 November-5 December 2015"), None);
        assert_eq!(symbol_in("Version of 4 December 2015@10.00"), None);
        assert_eq!(symbol_in("GE.22-12345"), None);
        assert_eq!(symbol_in("decision 1/CP.17"), None);
    }
}
