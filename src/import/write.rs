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

/// Why an import's result could not be checked, or would not pass.
#[derive(Debug)]
pub enum CheckError {
    /// The scratch copy could not be made or written: a full or unwritable temporary
    /// folder, with the path and the system's error.
    Scratch(String),
    /// The result would not pass `concord check`: the loader's report, with the paths
    /// shown in the real folder.
    Invalid(String),
}

/// Loads a copy of the folder `root` with `files` (paths relative to it) replaced or
/// added, folders made as needed, and returns the loader's errors, if any. Nothing in
/// `root` is touched.
///
/// The copy is a folder of the system's temporary folder, created exclusively and
/// readable by this user only, holding what the loader reads: `negotiation.yaml`,
/// `delegations.yaml`, the YAML files of `revisions/` and `amendments/` (links followed,
/// other files and folders, `.git` among them, left out).
pub fn check_copy(root: &Path, files: &[(PathBuf, &str)]) -> Result<(), CheckError> {
    remove_stale_copies();
    let scratch = Scratch::new()?;
    let scratch = scratch.path();
    copy_drafts(root, scratch)?;
    for (rel, text) in files {
        let path = scratch.join(rel);
        let written = match path.parent() {
            Some(parent) => fs::create_dir_all(parent).and_then(|()| fs::write(&path, text)),
            None => fs::write(&path, text),
        };
        written.map_err(|e| CheckError::Scratch(format!("cannot write {}: {e}", path.display())))?;
    }
    match crate::draft::load(scratch) {
        Ok(_) => Ok(()),
        Err(diags) => Err(CheckError::Invalid(
            diags.to_string().replace(&scratch.display().to_string(), &root.display().to_string()),
        )),
    }
}

/// Prefix of the scratch folders: `concord-import-<pid>-<random>`.
const SCRATCH: &str = "concord-import-";

/// Removes the scratch folders of imports that were killed before cleaning up.
fn remove_stale_copies() {
    crate::output::remove_abandoned(&std::env::temp_dir(), SCRATCH);
}

/// A scratch folder in the system's temporary folder, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    /// Creates `concord-import-<pid>-<random>`, exclusively (a folder or link of that
    /// name made by someone else is never used, another name is tried) and, on Unix,
    /// readable by this user only.
    fn new() -> Result<Scratch, CheckError> {
        use std::hash::{BuildHasher, Hasher};
        let tmp = std::env::temp_dir();
        let keys = std::collections::hash_map::RandomState::new();
        let mut last = None;
        for attempt in 0..16u32 {
            // RandomState's keys come from the system's random source.
            let mut hasher = keys.build_hasher();
            hasher.write_u32(attempt);
            let path = tmp.join(format!("{SCRATCH}{}-{:016x}", std::process::id(), hasher.finish()));
            let mut builder = fs::DirBuilder::new();
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            match builder.create(&path) {
                Ok(()) => return Ok(Scratch(path)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
                Err(e) => return Err(CheckError::Scratch(format!("cannot create a folder in {}: {e}", tmp.display()))),
            }
        }
        let e = last.map_or_else(|| "no name was free".to_owned(), |e| e.to_string());
        Err(CheckError::Scratch(format!("cannot create a folder in {}: {e}", tmp.display())))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// Copies what the loader reads from `from` to `to` (see [`check_copy`]).
fn copy_drafts(from: &Path, to: &Path) -> Result<(), CheckError> {
    for name in ["negotiation.yaml", "delegations.yaml"] {
        copy_file(&from.join(name), &to.join(name))?;
    }
    copy_yaml_files(&from.join("revisions"), &to.join("revisions"))?;
    let amendments = from.join("amendments");
    copy_yaml_files(&amendments, &to.join("amendments"))?;
    for entry in read_dir(&amendments)? {
        if entry.is_dir() {
            let name = entry.file_name().unwrap_or_default();
            copy_yaml_files(&entry, &to.join("amendments").join(name))?;
        }
    }
    Ok(())
}

/// The entries of `dir` (none when it is not a folder), links not resolved.
fn read_dir(dir: &Path) -> Result<Vec<PathBuf>, CheckError> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let entries = fs::read_dir(dir).map_err(|e| CheckError::Scratch(format!("cannot read {}: {e}", dir.display())))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| CheckError::Scratch(format!("cannot read {}: {e}", dir.display())))?;
        paths.push(entry.path());
    }
    Ok(paths)
}

/// Copies the `.yaml`/`.yml` files of `from` into `to`, made if `from` is a folder.
fn copy_yaml_files(from: &Path, to: &Path) -> Result<(), CheckError> {
    if !from.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(to).map_err(|e| CheckError::Scratch(format!("cannot create {}: {e}", to.display())))?;
    for path in read_dir(from)? {
        if crate::draft::files::is_yaml(&path) {
            let name = path.file_name().unwrap_or_default();
            copy_file(&path, &to.join(name))?;
        }
    }
    Ok(())
}

/// Copies a regular file (through links); anything else is left out, as the real folder
/// has passed the loader already.
fn copy_file(from: &Path, to: &Path) -> Result<(), CheckError> {
    if fs::metadata(from).is_ok_and(|m| m.is_file()) {
        fs::copy(from, to)
            .map_err(|e| CheckError::Scratch(format!("cannot copy {} to {}: {e}", from.display(), to.display())))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_folders_are_new_private_and_removed() {
        let (a, b) = (Scratch::new().unwrap(), Scratch::new().unwrap());
        assert_ne!(a.path(), b.path(), "never the same folder twice");
        let name = a.path().file_name().unwrap().to_string_lossy().into_owned();
        assert!(name.starts_with(&format!("{SCRATCH}{}-", std::process::id())), "{name}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(fs::metadata(a.path()).unwrap().permissions().mode() & 0o777, 0o700);
        }
        let kept = a.path().to_path_buf();
        drop(a);
        assert!(!kept.exists());
    }

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
