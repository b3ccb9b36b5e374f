//! Choosing what to import of a document that holds more than one text, such as a draft
//! agreement followed by its draft decision: a part by its number (`--part 2`), or the
//! paragraphs from one heading to another (`--from "Article 2" --to "Article 5"`).
//!
//! A heading is named by how it begins, in any case, with a leading `[` ignored and
//! whole words only: `Article 1` names `Article 1 (DEFINITIONS)` but not `Article 10`.
//! `--to` names the last heading imported: its paragraphs are included.

use super::{Document, ImportError, Part};

/// What to import of a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    /// A part, numbered from 1 as reported.
    pub part: Option<usize>,
    /// The first heading imported.
    pub from: Option<String>,
    /// The last heading imported.
    pub to: Option<String>,
}

impl Selection {
    /// Whether everything is imported.
    pub fn is_all(&self) -> bool {
        self.part.is_none() && self.from.is_none() && self.to.is_none()
    }
}

/// The document with only the selected paragraphs; its parts stay listed as found.
pub fn select(mut doc: Document, selection: &Selection) -> Result<Document, ImportError> {
    if selection.is_all() {
        return Ok(doc);
    }
    let mut range = 0..doc.paragraphs.len();
    if let Some(n) = selection.part {
        let part = n.checked_sub(1).and_then(|k| doc.parts.get(k)).ok_or_else(|| {
            ImportError::Selection(match doc.parts.len() {
                0 => format!("--part {n}: the document is not divided into parts"),
                k => format!("--part {n}: the document has {k} parts ({})", list(&doc.parts)),
            })
        })?;
        range = part.first..part.first + part.count;
    }
    if let Some(from) = &selection.from {
        let start = (range.start..range.end)
            .find(|&i| names(&doc.paragraphs[i].section, from))
            .ok_or_else(|| not_found("--from", from, &doc))?;
        range.start = start;
    }
    if let Some(to) = &selection.to {
        let first = (range.start..range.end)
            .find(|&i| names(&doc.paragraphs[i].section, to))
            .ok_or_else(|| not_found("--to", to, &doc))?;
        let mut end = first + 1;
        while end < range.end && names(&doc.paragraphs[end].section, to) {
            end += 1;
        }
        range.end = end;
    }
    doc.paragraphs = doc.paragraphs.drain(range).collect();
    Ok(doc)
}

/// Whether `heading` begins with the words of `name`.
///
/// ```text
/// ("Article 1 (DEFINITIONS)", "article 1") -> true
/// ("Article 10", "Article 1")               -> false
/// ("[Article 3bis]", "Article 3bis")       -> true
/// ```
pub fn names(heading: &str, name: &str) -> bool {
    let heading = heading.trim_start_matches(['[', ' ']).to_lowercase();
    let name = name.trim().trim_start_matches(['[', ' ']).to_lowercase();
    !name.is_empty() && heading.starts_with(&name) && !heading[name.len()..].starts_with(char::is_alphanumeric)
}

fn not_found(option: &str, name: &str, doc: &Document) -> ImportError {
    let mut headings: Vec<&str> = Vec::new();
    for p in &doc.paragraphs {
        let h = p.section.split(" – ").next().unwrap_or("");
        if !h.is_empty() && headings.last() != Some(&h) && headings.len() < 8 {
            headings.push(h);
        }
    }
    let shown = if headings.is_empty() {
        "it has no headings".to_owned()
    } else {
        format!("its headings begin: {}", headings.join("; "))
    };
    ImportError::Selection(format!("{option} \"{name}\": no heading of the document begins so; {shown}"))
}

/// `1. A. DRAFT AGREEMENT (paragraphs 1–187), 2. B. DRAFT DECISION (188–294)`.
fn list(parts: &[Part]) -> String {
    parts
        .iter()
        .enumerate()
        .map(|(k, p)| {
            let range = match p.count {
                0 => "no paragraphs".to_owned(),
                1 => format!("paragraph {}", p.first + 1),
                n => format!("{}–{}", p.first + 1, p.first + n),
            };
            let range = if k == 0 && p.count > 1 { format!("paragraphs {range}") } else { range };
            format!("{}. {} ({range})", k + 1, p.title)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the import says about the document beyond its paragraphs: the parts found and
/// what was taken of them, and the footnotes, which a revision has no place for.
pub fn summary(whole: &Document, imported: &Document, selection: &Selection) -> Vec<String> {
    let mut out = Vec::new();
    if whole.parts.len() > 1 {
        let taken = match (selection.part, selection.is_all()) {
            (_, true) => "imported all of them; --part N imports one".to_owned(),
            (Some(n), _) if selection.from.is_none() && selection.to.is_none() => format!("imported part {n}"),
            _ => format!("imported {} paragraphs of them", imported.paragraphs.len()),
        };
        out.push(format!("{} parts: {}; {taken}", whole.parts.len(), list(&whole.parts)));
    }
    let notes: usize = imported.paragraphs.iter().map(|p| p.footnotes.len()).sum();
    if notes > 0 {
        let with = imported.paragraphs.iter().filter(|p| !p.footnotes.is_empty()).count();
        out.push(format!(
            "{notes} footnote{} (of {with} paragraph{}) left out: a revision file has no place for footnotes",
            if notes == 1 { "" } else { "s" },
            if with == 1 { "" } else { "s" },
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Imported;

    fn doc() -> Document {
        let p =
            |n: &str, s: &str| Imported { number: n.into(), section: s.into(), text: "t".into(), footnotes: vec![] };
        Document {
            paragraphs: vec![
                p("Pp1", "A. DRAFT AGREEMENT"),
                p("1", "Article 1 (DEFINITIONS)"),
                p("1", "Article 10"),
                p("2", "Article 10 – {Flexibility}"),
                p("1", "I. ADOPTION"),
            ],
            parts: vec![
                Part { title: "A. DRAFT AGREEMENT".into(), first: 0, count: 4 },
                Part { title: "B. DRAFT DECISION".into(), first: 4, count: 1 },
            ],
            ..Document::default()
        }
    }

    fn sections(d: &Document) -> Vec<&str> {
        d.paragraphs.iter().map(|p| p.section.as_str()).collect()
    }

    #[test]
    fn parts_and_headings_select() {
        let part = |n| select(doc(), &Selection { part: Some(n), ..Selection::default() });
        assert_eq!(sections(&part(2).unwrap()), ["I. ADOPTION"]);
        assert_eq!(part(1).unwrap().paragraphs.len(), 4);
        let err = part(3).unwrap_err().to_string();
        assert_eq!(
            err,
            "--part 3: the document has 2 parts (1. A. DRAFT AGREEMENT (paragraphs 1–4), 2. B. DRAFT DECISION (paragraph 5))"
        );
        let range = |f: &str, t: &str| Selection { from: Some(f.into()), to: Some(t.into()), part: None };
        assert_eq!(
            sections(&select(doc(), &range("article 1", "Article 10")).unwrap()),
            ["Article 1 (DEFINITIONS)", "Article 10", "Article 10 – {Flexibility}"]
        );
        let err = select(doc(), &range("Article 7", "Article 10")).unwrap_err().to_string();
        assert!(
            err.starts_with("--from \"Article 7\": no heading of the document begins so; its headings begin: A. DRAFT")
        );
    }

    #[test]
    fn names_are_whole_words() {
        assert!(names("Article 1 (DEFINITIONS)", "article 1"));
        assert!(!names("Article 10", "Article 1"));
        assert!(names("[Article 3bis]", "Article 3bis"));
        assert!(!names("Article 3", ""));
    }

    #[test]
    fn the_summary_lists_parts_and_counts_footnotes() {
        let mut whole = doc();
        whole.paragraphs[1].footnotes = vec!["a".into(), "b".into()];
        let lines = summary(&whole, &whole, &Selection::default());
        assert_eq!(
            lines,
            [
                "2 parts: 1. A. DRAFT AGREEMENT (paragraphs 1–4), 2. B. DRAFT DECISION (paragraph 5); imported all of them; --part N imports one",
                "2 footnotes (of 1 paragraph) left out: a revision file has no place for footnotes",
            ]
        );
    }
}
