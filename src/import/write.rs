//! Writing an imported revision: the YAML of `revisions/ID.yaml`, written by hand in
//! the layout people use in the drafts (texts as folded block scalars), the new id added
//! to the `revisions:` list of `negotiation.yaml` by a textual edit that keeps every
//! other line and comment, and a dry run of the loader on a copy of the folder so a
//! broken result never reaches the real one.

use std::fs;
use std::path::{Path, PathBuf};

use super::Imported;
use super::align::Assignment;
use crate::draft::raw::{RawNegotiation, RawRevision};
use crate::draft::yaml::parse;

/// The revision's own fields.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// Revision id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Document symbol.
    pub symbol: Option<String>,
}

/// Width of folded text lines in the revision file.
const WIDTH: usize = 96;

/// The YAML of the revision, checked by parsing it back: every field must come back
/// exactly as given.
pub fn revision_yaml(meta: &Meta, paragraphs: &[Imported], ids: &[Assignment]) -> Result<String, String> {
    let mut out = String::new();
    out.push_str("# Imported by concord import; check the ids and `from:` against the alignment it printed.\n");
    out.push_str(&format!("id: {}\n", scalar(&meta.id)));
    if let Some(t) = &meta.title {
        out.push_str(&format!("title: {}\n", quote(t)));
    }
    if let Some(d) = &meta.date {
        out.push_str(&format!("date: {}\n", quote(d)));
    }
    if let Some(s) = &meta.symbol {
        out.push_str(&format!("symbol: {}\n", quote(s)));
    }
    out.push_str("paragraphs:\n");
    for (p, a) in paragraphs.iter().zip(ids) {
        out.push_str(&format!("  - id: {}\n", scalar(&a.id)));
        if !p.number.is_empty() {
            out.push_str(&format!("    number: {}\n", quote(&p.number)));
        }
        if !p.section.is_empty() {
            out.push_str(&format!("    section: {}\n", quote(&p.section)));
        }
        if !a.from.is_empty() {
            let from: Vec<String> = a.from.iter().map(|f| scalar(f)).collect();
            out.push_str(&format!("    from: [{}]\n", from.join(", ")));
        }
        out.push_str(&format!("    text: {}\n", block(&p.text, 6)));
    }
    verify(&out, meta, paragraphs, ids)?;
    Ok(out)
}

/// Parses the YAML back and compares every field.
fn verify(yaml: &str, meta: &Meta, paragraphs: &[Imported], ids: &[Assignment]) -> Result<(), String> {
    let raw: RawRevision = parse(Path::new("revision.yaml"), yaml).map_err(|d| d.message.clone())?;
    let same = raw.id.value == meta.id
        && raw.title == meta.title
        && raw.date.as_ref().map(|d| &d.value) == meta.date.as_ref()
        && raw.symbol == meta.symbol
        && raw.paragraphs.len() == paragraphs.len()
        && raw.paragraphs.iter().zip(paragraphs.iter().zip(ids)).all(|(r, (p, a))| {
            let r = &r.value;
            r.id.value == a.id
                && r.text.value == p.text
                && r.number.as_ref().map_or(String::new(), |n| n.value.0.clone()) == p.number
                && r.section.clone().unwrap_or_default() == p.section
                && r.from.iter().map(|f| &f.value).eq(a.from.iter())
        });
    if same { Ok(()) } else { Err("the generated YAML does not read back as written".to_owned()) }
}

/// A plain scalar for ids that YAML reads as strings, else a quoted one.
fn scalar(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { s.to_owned() } else { quote(s) }
}

/// A double-quoted YAML scalar; anything not printable is escaped.
///
/// ```text
/// "a \"b\"\u{7f}" -> "\"a \\\"b\\\"\\u007F\""
/// ```
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if printable(c) => out.push(c),
            c if (c as u32) <= 0xFFFF => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push_str(&format!("\\U{:08X}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// YAML's printable characters (c-printable), less the byte-order mark.
fn printable(c: char) -> bool {
    matches!(c as u32, 0x20..=0x7E | 0x85 | 0xA0..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF) && c != '\u{FEFF}'
}

/// A paragraph text as a block scalar indented by `indent`: folded (`>-`, wrapped at
/// [`WIDTH`]) for one line of text, literal (`|-`) when it has line breaks, quoted when
/// a block scalar could not hold it exactly.
fn block(text: &str, indent: usize) -> String {
    let pad = " ".repeat(indent);
    let clean = !text.is_empty()
        && text.chars().all(|c| c == '\n' || (printable(c) && c != '\t'))
        && text.lines().all(|l| !l.is_empty() && l.trim() == l && !l.contains("  "))
        && !text.ends_with('\n');
    if !clean {
        return quote(text);
    }
    if text.contains('\n') {
        let lines: Vec<String> = text.lines().map(|l| format!("{pad}{l}")).collect();
        return format!("|-\n{}", lines.join("\n"));
    }
    let mut out = String::from(">-");
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && pad.len() + line.len() + 1 + word.len() > WIDTH {
            out.push('\n');
            out.push_str(&pad);
            out.push_str(&line);
            line.clear();
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push('\n');
    out.push_str(&pad);
    out.push_str(&line);
    out
}

/// `negotiation.yaml` with `id` added to `revisions:` right after `after`, every other
/// byte unchanged (comments included); checked by parsing it back.
pub fn add_revision(text: &str, after: &str, id: &str) -> Result<String, String> {
    let raw: RawNegotiation = parse(Path::new("negotiation.yaml"), text).map_err(|d| d.message.clone())?;
    let list = &raw.revisions.value;
    let entry = list.iter().find(|r| r.value == after).ok_or_else(|| format!("{after} is not listed"))?;
    let span = entry.referenced.span();
    let (Some(start), Some(len)) = (span.byte_offset(), span.byte_len()) else {
        return Err("the position of the list entry is unknown".to_owned());
    };
    let (start, end) = (start as usize, (start + len) as usize);
    if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Err("the position of the list entry is out of range".to_owned());
    }
    let line_start = text[..start].rfind('\n').map_or(0, |k| k + 1);
    let prefix = &text[line_start..start];
    let edited = if prefix.trim_start().starts_with('-') && prefix.trim() == "-" {
        // Block list: a new line with the same indentation and dash.
        let line_end = text[end..].find('\n').map_or(text.len(), |k| end + k);
        format!("{}\n{prefix}{}{}", &text[..line_end], scalar(id), &text[line_end..])
    } else {
        // Flow list: `[a, b]` -> `[a, b, id]`.
        format!("{}, {}{}", &text[..end], scalar(id), &text[end..])
    };
    let check: RawNegotiation = parse(Path::new("negotiation.yaml"), &edited).map_err(|d| d.message.clone())?;
    let mut expected: Vec<&str> = list.iter().map(|r| r.value.as_str()).collect();
    let at = expected.iter().position(|r| *r == after).expect("found above") + 1;
    expected.insert(at, id);
    if check.revisions.value.iter().map(|r| r.value.as_str()).eq(expected.iter().copied()) {
        Ok(edited)
    } else {
        Err("the edited list does not read back as intended".to_owned())
    }
}

/// Loads a copy of the folder `root` with `files` (paths relative to it) replaced, and
/// returns the loader's errors, if any. Nothing in `root` is touched.
pub fn check_copy(root: &Path, files: &[(PathBuf, &str)]) -> Result<(), String> {
    remove_stale_copies();
    let scratch = std::env::temp_dir().join(format!("{SCRATCH}{}-{}", std::process::id(), unique()));
    let result = (|| {
        copy_dir(root, &scratch).map_err(|e| format!("cannot copy the folder to check the result: {e}"))?;
        for (rel, text) in files {
            fs::write(scratch.join(rel), text).map_err(|e| format!("cannot write the copy: {e}"))?;
        }
        match crate::draft::load(&scratch) {
            Ok(_) => Ok(()),
            Err(diags) => Err(diags.to_string().replace(&scratch.display().to_string(), &root.display().to_string())),
        }
    })();
    let _ = fs::remove_dir_all(&scratch);
    result
}

/// Prefix of the scratch folders: `concord-import-<pid>-<nanoseconds>`.
const SCRATCH: &str = "concord-import-";

/// Removes the scratch folders of imports that were killed before cleaning up.
fn remove_stale_copies() {
    crate::output::remove_abandoned(&std::env::temp_dir(), SCRATCH);
}

fn unique() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// Copies the regular files and folders under `from` (links followed only to files).
fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let (src, dst) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_dir(&src, &dst)?;
        } else if kind.is_file() || (kind.is_symlink() && src.is_file()) {
            fs::copy(&src, &dst)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_to_flow_and_block_lists_keeping_comments() {
        let flow = "# c\ntitle: T\nbaseline: a\nrevisions: [a, b]  # list\n";
        assert_eq!(add_revision(flow, "a", "x").unwrap(), "# c\ntitle: T\nbaseline: a\nrevisions: [a, x, b]  # list\n");
        let block = "title: T\nbaseline: a\nrevisions:\n  - a\n  - b # latest\nconvergence: {}\n";
        assert_eq!(
            add_revision(block, "b", "c").unwrap(),
            "title: T\nbaseline: a\nrevisions:\n  - a\n  - b # latest\n  - c\nconvergence: {}\n"
        );
    }

    #[test]
    fn quotes_what_yaml_cannot_hold_plainly() {
        assert_eq!(quote("a \"b\"\u{7f}"), "\"a \\\"b\\\"\\u007F\"");
        assert_eq!(scalar("rev-3"), "rev-3");
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("2022"), "\"2022\"");
    }

    #[test]
    fn texts_read_back_exactly() {
        let meta =
            Meta { id: "r2".into(), title: Some("T: \"x\"".into()), date: Some("2022-07-08".into()), symbol: None };
        let long = "word ".repeat(60).trim_end().to_owned();
        let paragraphs = vec![
            Imported { number: "1".into(), section: "S: x".into(), text: long, footnotes: Vec::new() },
            Imported {
                number: "1 bis".into(),
                section: "S: x".into(),
                text: "States:\n(a) one;\n(b) two # not a comment".into(),
                footnotes: Vec::new(),
            },
            Imported {
                number: String::new(),
                section: String::new(),
                text: "  odd\tspacing ".into(),
                footnotes: Vec::new(),
            },
        ];
        let ids: Vec<Assignment> = ["a", "b", "c"]
            .iter()
            .map(|id| Assignment {
                id: (*id).into(),
                from: vec![],
                status: super::super::align::Status::New,
                old: vec![],
                similarity: 0.0,
            })
            .collect();
        let yaml = revision_yaml(&meta, &paragraphs, &ids).unwrap();
        assert!(yaml.contains("text: |-\n      States:\n      (a) one;"), "{yaml}");
    }
}
