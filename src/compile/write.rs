//! Writing the amendments of one proposer as `amendments/<revision>/<stem>.yaml`, in the
//! layout people write by hand: a comment naming the compilation and the row of each
//! amendment, explicit ids, long texts as folded blocks. The YAML is parsed back and
//! compared field by field, so what is written is exactly what was read.

use std::fmt::Write as _;
use std::path::Path;

use super::{Entry, ProposerFile};
use crate::draft::Operation;
use crate::draft::raw::RawAmendmentFile;
use crate::draft::yaml::parse;
use crate::import::write::quote;

/// Width of folded text lines.
const WIDTH: usize = 96;

/// The YAML of `file`, proposed on `revision`, read from the compilation `source`.
pub fn amendments_yaml(file: &ProposerFile, revision: &str, source: &str) -> Result<String, String> {
    let mut out = String::new();
    let rows: Vec<String> = file.entries.iter().map(|e| e.row.to_string()).collect();
    let _ = writeln!(
        out,
        "# Imported by concord import-amendments from {} (row{} {}).",
        one_line(source),
        if rows.len() == 1 { "" } else { "s" },
        rows.join(", ")
    );
    let _ = writeln!(out, "by: {}", scalar(&file.proposer.by));
    if !file.proposer.on_behalf_of.is_empty() {
        let _ = writeln!(out, "on_behalf_of: [{}]", list(&file.proposer.on_behalf_of));
    }
    if let Some(d) = &file.date {
        let _ = writeln!(out, "date: {}", scalar(d));
    }
    out.push_str("amendments:\n");
    for (k, e) in file.entries.iter().enumerate() {
        let _ = writeln!(out, "  - id: {}  # row {}", scalar(&id(revision, &file.stem, k)), e.row);
        let _ = writeln!(out, "    element: {}", scalar(&e.element));
        match &e.operation {
            Operation::Replace { phrase, with } => {
                let _ = writeln!(out, "    replace: {}\n    with: {}", quote(phrase), quote(with));
            }
            Operation::Insert { text, anchor, before } => {
                let side = if *before { "before" } else { "after" };
                let _ = writeln!(out, "    insert: {}\n    {side}: {}", quote(text), quote(anchor));
            }
            Operation::Delete { phrase } => {
                let _ = writeln!(out, "    delete: {}", quote(phrase));
            }
            Operation::Text { text } => {
                let _ = writeln!(out, "    text: {}", block(text));
            }
            Operation::Add { text, after_element } => {
                let _ = writeln!(out, "    add: {}", block(text));
                if let Some(a) = after_element {
                    let _ = writeln!(out, "    after_element: {}", scalar(a));
                }
            }
            Operation::DeleteParagraph => out.push_str("    delete_paragraph: true\n"),
        }
        if !e.supported_by.is_empty() {
            let _ = writeln!(out, "    supported_by: [{}]", list(&e.supported_by));
        }
        if !e.opposed_by.is_empty() {
            let _ = writeln!(out, "    opposed_by: [{}]", list(&e.opposed_by));
        }
        if let Some(n) = &e.note {
            let _ = writeln!(out, "    note: {}", quote(n));
        }
    }
    verify(&out, file, revision)?;
    Ok(out)
}

/// The id of the `k`-th amendment (from 0): the one the loader would give by default,
/// written out so it stays when amendments are reordered.
pub fn id(revision: &str, stem: &str, k: usize) -> String {
    format!("{revision}/{stem}-{}", k + 1)
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

/// A text as a folded block (`>-`) when it is one line of printable words with single
/// spaces, else quoted.
fn block(text: &str) -> String {
    let clean = !text.is_empty()
        && text.trim() == text
        && !text.contains("  ")
        && text.chars().all(|c| c == ' ' || (!c.is_control() && !c.is_whitespace() && c != '\u{FEFF}'));
    if !clean || text.len() <= WIDTH - 14 {
        return quote(text);
    }
    let mut out = String::from(">-");
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && 6 + line.len() + 1 + word.len() > WIDTH {
            let _ = write!(out, "\n      {line}");
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    let _ = write!(out, "\n      {line}");
    out
}

/// Parses the YAML back and compares every field with `file`.
fn verify(yaml: &str, file: &ProposerFile, revision: &str) -> Result<(), String> {
    let raw: RawAmendmentFile = parse(Path::new("amendments.yaml"), yaml).map_err(|d| d.message.clone())?;
    let strings = |v: &[crate::draft::raw::SpStr]| v.iter().map(|s| s.value.clone()).collect::<Vec<_>>();
    let same = raw.by.value == file.proposer.by
        && strings(&raw.on_behalf_of) == file.proposer.on_behalf_of
        && raw.date.as_ref().map(|d| d.value.clone()) == file.date
        && raw.amendments.len() == file.entries.len()
        && raw.amendments.iter().zip(&file.entries).enumerate().all(|(k, (a, e))| {
            let a = &a.value;
            a.id.as_ref().map(|i| i.value.clone()) == Some(id(revision, &file.stem, k))
                && a.element.value == e.element
                && strings(&a.supported_by) == e.supported_by
                && strings(&a.opposed_by) == e.opposed_by
                && a.note == e.note
                && same_operation(a, e)
        });
    if same { Ok(()) } else { Err("the generated YAML does not read back as written".to_owned()) }
}

fn same_operation(a: &crate::draft::raw::RawAmendment, e: &Entry) -> bool {
    let v = |s: &Option<crate::draft::raw::SpStr>| s.as_ref().map(|s| s.value.clone());
    let set = [&a.replace, &a.with, &a.insert, &a.after, &a.before, &a.delete, &a.text, &a.add, &a.after_element];
    let given = set.iter().filter(|s| s.is_some()).count() + usize::from(a.delete_paragraph.is_some());
    let expect = |fields: &[(&Option<crate::draft::raw::SpStr>, &str)]| {
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
        let yaml = amendments_yaml(&file, "rev1", "compilation.csv").unwrap();
        assert!(
            yaml.starts_with(
                "# Imported by concord import-amendments from compilation.csv (rows 1, 2, 3, 4, 5, 6).\nby: BRA\n"
            ),
            "{yaml}"
        );
        assert!(yaml.contains("  - id: rev1/bra-mex-4  # row 4\n    element: a\n    text: >-\n      States"), "{yaml}");
    }
}
