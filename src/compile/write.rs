//! Writing the amendments of one proposer as `amendments/<revision>/<stem>.yaml`, in the
//! layout people write by hand: a comment naming the compilation and the row of each
//! amendment, explicit ids, long texts as folded blocks. The YAML is parsed back and
//! compared field by field, so what is written is exactly what was read. The same items
//! are what [`super::merge`] appends to a file that exists.

use std::fmt::Write as _;
use std::path::Path;

use super::{Entry, ProposerFile};
use crate::draft::Operation;
use crate::draft::raw::{RawAmendment, RawAmendmentFile, SpStr};
use crate::draft::yaml::parse;
use crate::import::write::quote;

/// Width of folded text lines.
const WIDTH: usize = 96;

/// Where the items of an `amendments:` list stand: the column of their dash (the keys
/// two further in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indent(pub usize);

impl Default for Indent {
    /// `  - id: …`, as concord writes.
    fn default() -> Self {
        Indent(2)
    }
}

/// The YAML of a new file holding `file`'s amendments with the ids `ids` (one per entry),
/// read from the compilation `source`.
pub fn amendments_yaml(file: &ProposerFile, source: &str, ids: &[String]) -> Result<String, String> {
    let mut out = String::new();
    let _ = writeln!(out, "# Imported by concord import-amendments from {}.", rows_of(source, &file.entries));
    let _ = writeln!(out, "by: {}", scalar(&file.proposer.by));
    if !file.proposer.on_behalf_of.is_empty() {
        let _ = writeln!(out, "on_behalf_of: [{}]", list(&file.proposer.on_behalf_of));
    }
    if let Some(d) = &file.date {
        let _ = writeln!(out, "date: {}", scalar(d));
    }
    out.push_str("amendments:\n");
    out.push_str(&items_yaml(&file.entries, ids, Indent::default()));
    verify(&out, file, ids)?;
    Ok(out)
}

/// `source (rows 1, 2)`: the compilation and the rows of `entries`, for a comment.
pub fn rows_of(source: &str, entries: &[Entry]) -> String {
    let rows: Vec<String> = entries.iter().map(|e| e.row.to_string()).collect();
    format!("{} (row{} {})", one_line(source), if rows.len() == 1 { "" } else { "s" }, rows.join(", "))
}

/// The list items of `entries`, with the ids `ids`, each line ending in `\n`.
pub fn items_yaml(entries: &[Entry], ids: &[String], indent: Indent) -> String {
    let mut out = String::new();
    let dash = " ".repeat(indent.0);
    let key = " ".repeat(indent.0 + 2);
    for (e, id) in entries.iter().zip(ids) {
        let _ = writeln!(out, "{dash}- id: {}  # row {}", scalar(id), e.row);
        let _ = writeln!(out, "{key}element: {}", scalar(&e.element));
        match &e.operation {
            Operation::Replace { phrase, with } => {
                let _ = writeln!(out, "{key}replace: {}\n{key}with: {}", quote(phrase), quote(with));
            }
            Operation::Insert { text, anchor, before } => {
                let side = if *before { "before" } else { "after" };
                let _ = writeln!(out, "{key}insert: {}\n{key}{side}: {}", quote(text), quote(anchor));
            }
            Operation::Delete { phrase } => {
                let _ = writeln!(out, "{key}delete: {}", quote(phrase));
            }
            Operation::Text { text } => {
                let _ = writeln!(out, "{key}text: {}", block(text, indent.0 + 4));
            }
            Operation::Add { text, after_element } => {
                let _ = writeln!(out, "{key}add: {}", block(text, indent.0 + 4));
                if let Some(a) = after_element {
                    let _ = writeln!(out, "{key}after_element: {}", scalar(a));
                }
            }
            Operation::DeleteParagraph => {
                let _ = writeln!(out, "{key}delete_paragraph: true");
            }
        }
        if !e.supported_by.is_empty() {
            let _ = writeln!(out, "{key}supported_by: [{}]", list(&e.supported_by));
        }
        if !e.opposed_by.is_empty() {
            let _ = writeln!(out, "{key}opposed_by: [{}]", list(&e.opposed_by));
        }
        if let Some(n) = &e.note {
            let _ = writeln!(out, "{key}note: {}", quote(n));
        }
    }
    out
}

/// The id of the `k`-th amendment (from 1) of the file `stem`: the one the loader would
/// give by default, written out so it stays when amendments are reordered.
pub fn id(revision: &str, stem: &str, k: usize) -> String {
    format!("{revision}/{stem}-{k}")
}

fn list(codes: &[String]) -> String {
    codes.iter().map(|c| scalar(c)).collect::<Vec<_>>().join(", ")
}

/// A code, id or date as a plain scalar when YAML reads it back as the same string
/// (`EU`, `zero-draft/eu-1`, `2024-02-26`), else quoted (`"no"`, `"7"`).
fn scalar(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphanumeric())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        && !s.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '_')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
        )
        && !(s.starts_with("0x") || s.starts_with("0o"));
    if plain { s.to_owned() } else { quote(s) }
}

fn one_line(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// A text as a folded block (`>-`) whose lines are indented by `pad`, when it is one line
/// of printable words with single spaces, else quoted.
fn block(text: &str, pad: usize) -> String {
    let clean = !text.is_empty()
        && text.trim() == text
        && !text.contains("  ")
        && text.chars().all(|c| c == ' ' || (!c.is_control() && !c.is_whitespace() && c != '\u{FEFF}'));
    if !clean || text.len() + pad <= WIDTH - 8 {
        return quote(text);
    }
    let indent = " ".repeat(pad);
    let mut out = String::from(">-");
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && pad + line.len() + 1 + word.len() > WIDTH {
            let _ = write!(out, "\n{indent}{line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = write!(out, "\n{indent}{line}");
    out
}

/// Parses the YAML back and compares every field with `file`.
fn verify(yaml: &str, file: &ProposerFile, ids: &[String]) -> Result<(), String> {
    let raw: RawAmendmentFile = parse(Path::new("amendments.yaml"), yaml).map_err(|d| d.message.clone())?;
    let same = raw.by.value == file.proposer.by
        && strings(&raw.on_behalf_of) == file.proposer.on_behalf_of
        && raw.date.as_ref().map(|d| d.value.clone()) == file.date
        && raw.amendments.len() == file.entries.len()
        && raw.amendments.iter().zip(&file.entries).zip(ids).all(|((a, e), id)| matches(&a.value, e, id));
    if same { Ok(()) } else { Err("the generated YAML does not read back as written".to_owned()) }
}

/// The values of a list of codes.
pub fn strings(v: &[SpStr]) -> Vec<String> {
    v.iter().map(|s| s.value.clone()).collect()
}

/// Whether the amendment `a`, as read from YAML, is `e` with the id `id`, field by field.
pub fn matches(a: &RawAmendment, e: &Entry, id: &str) -> bool {
    a.id.as_ref().map(|i| i.value.as_str()) == Some(id)
        && a.element.value == e.element
        && strings(&a.supported_by) == e.supported_by
        && strings(&a.opposed_by) == e.opposed_by
        && a.note == e.note
        && a.withdrawn.is_none()
        && same_operation(a, e)
}

fn same_operation(a: &RawAmendment, e: &Entry) -> bool {
    let v = |s: &Option<SpStr>| s.as_ref().map(|s| s.value.clone());
    let set = [&a.replace, &a.with, &a.insert, &a.after, &a.before, &a.delete, &a.text, &a.add, &a.after_element];
    let given = set.iter().filter(|s| s.is_some()).count() + usize::from(a.delete_paragraph.is_some());
    let expect = |fields: &[(&Option<SpStr>, &str)]| {
        given == fields.len() && fields.iter().all(|(f, want)| v(f).as_deref() == Some(*want))
    };
    match &e.operation {
        Operation::Replace { phrase, with } => expect(&[(&a.replace, phrase), (&a.with, with)]),
        Operation::Insert { text, anchor, before: false } => expect(&[(&a.insert, text), (&a.after, anchor)]),
        Operation::Insert { text, anchor, before: true } => expect(&[(&a.insert, text), (&a.before, anchor)]),
        Operation::Delete { phrase } => expect(&[(&a.delete, phrase)]),
        Operation::Text { text } => expect(&[(&a.text, text)]),
        Operation::Add { text, after_element: Some(after) } => expect(&[(&a.add, text), (&a.after_element, after)]),
        Operation::Add { text, after_element: None } => expect(&[(&a.add, text)]),
        Operation::DeleteParagraph => given == 1 && a.delete_paragraph.as_ref().is_some_and(|d| d.value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::speakers::Proposer;

    #[test]
    fn every_operation_reads_back() {
        let long = "States recalled that humanitarian organizations must be able to work safely, \"quoted\": and # not a comment.".repeat(2);
        let entry = |row, element: &str, operation| Entry {
            row,
            element: element.into(),
            operation,
            supported_by: vec![],
            opposed_by: vec![],
            note: None,
        };
        let file = ProposerFile {
            stem: "bra-mex".into(),
            proposer: Proposer { by: "BRA".into(), on_behalf_of: vec!["BRA".into(), "MEX".into()] },
            date: Some("2024-03-01".into()),
            entries: vec![
                entry(1, "a", Operation::Replace { phrase: "x: y".into(), with: "'z'".into() }),
                entry(2, "a", Operation::Insert { text: "- w".into(), anchor: "x".into(), before: true }),
                entry(3, "a", Operation::Delete { phrase: "#x".into() }),
                entry(4, "a", Operation::Text { text: long.clone() }),
                entry(5, "a-new", Operation::Add { text: long, after_element: Some("a".into()) }),
                Entry {
                    note: Some("line\nbreak".into()),
                    supported_by: vec!["EU".into()],
                    ..entry(6, "b", Operation::DeleteParagraph)
                },
            ],
        };
        let ids: Vec<String> = (1..=6).map(|k| id("rev1", "bra-mex", k)).collect();
        let yaml = amendments_yaml(&file, "compilation.csv", &ids).unwrap();
        assert!(
            yaml.starts_with(
                "# Imported by concord import-amendments from compilation.csv (rows 1, 2, 3, 4, 5, 6).\nby: BRA\n"
            ),
            "{yaml}"
        );
        assert!(yaml.contains("  - id: rev1/bra-mex-4  # row 4\n    element: a\n    text: >-\n      States"), "{yaml}");
    }
}
