//! Adding a compilation to the amendments a revision already has, without losing any.
//!
//! A secretariat receives written inputs in batches, and compiles each batch as it comes;
//! a batch may repeat what an earlier one held. So an import only ever adds:
//!
//! - an amendment already in the folder (same proposer, same element, same operation and
//!   words, withdrawn or not) is skipped and reported; if the new row names supporters or
//!   opponents the folder does not have yet, they are added to its lists;
//! - a new amendment goes to the end of its proposer's file (same `by`, `on_behalf_of`
//!   and `date`), with an id no amendment of the negotiation has, or to a new file when
//!   the proposer has none;
//! - nothing else in an existing file changes: the new lines are inserted into the text
//!   as it is (comments, order and layout kept), and the result is parsed back and
//!   compared with what the file held, field by field, before anything is written.
//!
//! ```text
//! eu.yaml holds zero-draft/eu-1 (insert "grave" after "noted with") and zero-draft/eu-2;
//! the batch has that insert again (supported by FRA) and a new deletion
//!     -> eu-1 skipped, `supported_by: [FRA]` added to it; zero-draft/eu-3 appended
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::speakers::Proposer;
use super::write::{Indent, amendments_yaml, id, items_yaml, matches, rows_of, strings};
use super::{Compiled, Entry, ProposerFile, unique_stem};
use crate::draft::raw::{RawAmendment, RawAmendmentFile, SpStr};
use crate::draft::yaml::parse;
use crate::draft::{Amendment, Negotiation, Operation};

/// An amendments file of the revision as it stands.
#[derive(Debug, Clone)]
pub struct Current {
    /// Its path, relative to the drafts folder.
    pub rel: PathBuf,
    /// Its text.
    pub text: String,
}

/// A file to write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileWrite {
    /// Path relative to the drafts folder.
    pub rel: PathBuf,
    /// The whole new text.
    pub yaml: String,
    /// Amendments it held before (0 for a new file).
    pub before: Option<usize>,
    /// Amendments added to it.
    pub added: usize,
}

/// Why a row added no amendment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Same {
    /// The folder has it: its id, file, and the date it was withdrawn.
    Present {
        /// The amendment's id.
        id: String,
        /// Its file, relative to the drafts folder.
        rel: PathBuf,
        /// When withdrawn, if it was.
        withdrawn: Option<String>,
    },
    /// An earlier row of the same compilation proposes the same.
    EarlierRow(usize),
}

/// A row whose amendment is there already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The row.
    pub row: usize,
    /// What it repeats.
    pub same: Same,
    /// Supporters added to the amendment there.
    pub supported_by: Vec<String>,
    /// Opponents added to it.
    pub opposed_by: Vec<String>,
    /// Supporters or opponents that could not be added, and why.
    pub not_added: Option<String>,
}

/// What an import will do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files to write, new and extended, by path.
    pub writes: Vec<FileWrite>,
    /// Rows skipped, in row order.
    pub skipped: Vec<Skipped>,
    /// Files that could not be extended (their layout), and the new file used instead.
    pub elsewhere: Vec<(PathBuf, PathBuf)>,
}

impl Plan {
    /// Amendments added in all.
    pub fn added(&self) -> usize {
        self.writes.iter().map(|w| w.added).sum()
    }
}

/// Plans adding `compiled` (read from `source`) to revision `revision` of `n`, whose
/// amendments files are `current`; `names` are the names (without extension) of every
/// entry of the revision's amendments folder, which a new file must not take.
pub fn plan(
    n: &Negotiation,
    revision: usize,
    compiled: &Compiled,
    current: &[Current],
    names: &[String],
    source: &str,
) -> Result<Plan, String> {
    let rev_id = n.revisions[revision].id.as_str();
    let existing: Vec<&Amendment> = n.amendments.iter().filter(|a| a.revision == rev_id).collect();
    let mut ids: BTreeSet<String> = n.amendments.iter().map(|a| a.id.clone()).collect();
    let mut taken: Vec<String> = names.to_vec();
    let mut plan = Plan::default();
    let mut edits: BTreeMap<PathBuf, FileEdit> = BTreeMap::new();
    let mut seen: Vec<(&Proposer, &Entry)> = Vec::new();
    for file in &compiled.files {
        let mut fresh = Vec::new();
        for e in &file.entries {
            if let Some((_, earlier)) = seen.iter().find(|(p, s)| *p == &file.proposer && same_proposal(s, e)) {
                plan.skipped.push(skipped(e.row, Same::EarlierRow(earlier.row)));
                continue;
            }
            seen.push((&file.proposer, e));
            match existing.iter().find(|a| same_proposer(a, &file.proposer) && same_amendment(a, e)) {
                Some(a) => {
                    let rel = a.path.strip_prefix(&n.root).unwrap_or(&a.path).to_path_buf();
                    let mut s = skipped(
                        e.row,
                        Same::Present { id: a.id.clone(), rel: rel.clone(), withdrawn: a.withdrawn.clone() },
                    );
                    s.supported_by = missing(&e.supported_by, &a.supported_by, &a.by);
                    s.opposed_by = missing(&e.opposed_by, &a.opposed_by, &a.by);
                    if !s.supported_by.is_empty() || !s.opposed_by.is_empty() {
                        let edit = edits.entry(rel).or_default();
                        edit.lists.push(ListEdit {
                            line: a.line,
                            supported_by: s.supported_by.clone(),
                            opposed_by: s.opposed_by.clone(),
                            skipped: plan.skipped.len(),
                        });
                    }
                    plan.skipped.push(s);
                }
                None => fresh.push(e.clone()),
            }
        }
        if fresh.is_empty() {
            continue;
        }
        let batch = ProposerFile { entries: fresh, ..file.clone() };
        match proposer_file(&existing, &file.proposer, file.date.as_deref(), &file.stem, n) {
            Some(rel) => edits.entry(rel).or_default().appended.push(batch),
            None => {
                let stem = unique_stem(&file.proposer, file.date.as_deref(), &taken);
                taken.push(stem.clone());
                plan.writes.push(new_file(&batch, rev_id, &stem, source, &mut ids)?);
            }
        }
    }
    for (rel, edit) in edits {
        let text = current
            .iter()
            .find(|c| c.rel == rel)
            .map(|c| c.text.as_str())
            .ok_or_else(|| format!("{} was not read", rel.display()))?;
        let stem = rel.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let outcome = extend(text, &edit, rev_id, &stem, source, &mut ids);
        let mut yaml = text.to_owned();
        let mut added = 0;
        match outcome {
            Extended::Whole(t) => {
                yaml = t;
                added = edit.appended.iter().map(|b| b.entries.len()).sum();
            }
            Extended::ListsOnly(t) => {
                // The file's layout does not take more items: the new amendments go to a
                // file of their own, and the lists are still completed.
                yaml = t.unwrap_or(yaml);
                for batch in &edit.appended {
                    let stem = unique_stem(&batch.proposer, batch.date.as_deref(), &taken);
                    taken.push(stem.clone());
                    let w = new_file(batch, rev_id, &stem, source, &mut ids)?;
                    plan.elsewhere.push((rel.clone(), w.rel.clone()));
                    plan.writes.push(w);
                }
            }
            Extended::Nothing(why) => {
                for batch in &edit.appended {
                    let stem = unique_stem(&batch.proposer, batch.date.as_deref(), &taken);
                    taken.push(stem.clone());
                    let w = new_file(batch, rev_id, &stem, source, &mut ids)?;
                    plan.elsewhere.push((rel.clone(), w.rel.clone()));
                    plan.writes.push(w);
                }
                for l in &edit.lists {
                    plan.skipped[l.skipped].not_added = Some(why.clone());
                }
            }
        }
        if yaml != text {
            let before =
                parse::<RawAmendmentFile>(Path::new("amendments.yaml"), text).map_or(0, |r| r.amendments.len());
            plan.writes.push(FileWrite { rel, yaml, before: Some(before), added });
        }
    }
    plan.writes.sort_by(|a, b| a.rel.cmp(&b.rel));
    plan.skipped.sort_by_key(|s| s.row);
    Ok(plan)
}

fn skipped(row: usize, same: Same) -> Skipped {
    Skipped { row, same, supported_by: Vec::new(), opposed_by: Vec::new(), not_added: None }
}

/// The codes of `wanted` not in `have`, the proposer left out.
fn missing(wanted: &[String], have: &[String], by: &str) -> Vec<String> {
    wanted.iter().filter(|c| !have.contains(c) && c.as_str() != by).cloned().collect()
}

/// The changes to one existing file.
#[derive(Debug, Default)]
struct FileEdit {
    /// Supporters and opponents to add to its amendments.
    lists: Vec<ListEdit>,
    /// New amendments to append.
    appended: Vec<ProposerFile>,
}

/// Codes to add to one amendment's lists.
#[derive(Debug)]
struct ListEdit {
    /// The line where the amendment starts.
    line: u64,
    supported_by: Vec<String>,
    opposed_by: Vec<String>,
    /// Its entry in [`Plan::skipped`].
    skipped: usize,
}

/// The new file `stem` holding `batch`, with fresh ids.
fn new_file(
    batch: &ProposerFile,
    rev_id: &str,
    stem: &str,
    source: &str,
    ids: &mut BTreeSet<String>,
) -> Result<FileWrite, String> {
    let fresh = fresh_ids(rev_id, stem, 0, batch.entries.len(), ids);
    let yaml = amendments_yaml(batch, source, &fresh)?;
    let rel = Path::new("amendments").join(rev_id).join(format!("{stem}.yaml"));
    Ok(FileWrite { rel, yaml, before: None, added: batch.entries.len() })
}

/// `count` ids `<revision>/<stem>-<k>`, `k` from `after + 1`, none in `ids` (which
/// receives them).
fn fresh_ids(rev_id: &str, stem: &str, after: usize, count: usize, ids: &mut BTreeSet<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(count);
    let mut k = after;
    while out.len() < count {
        k += 1;
        let candidate = id(rev_id, stem, k);
        if ids.insert(candidate.clone()) {
            out.push(candidate);
        }
    }
    out
}

/// Whether the amendment was made by `p`: the same `by`, and the same States spoken for
/// (a proposer alone is the same as one speaking for itself only).
fn same_proposer(a: &Amendment, p: &Proposer) -> bool {
    let set = |by: &str, v: &[String]| -> BTreeSet<String> {
        let s: BTreeSet<String> = v.iter().cloned().collect();
        if s.len() == 1 && s.contains(by) { BTreeSet::new() } else { s }
    };
    a.by == p.by && set(&a.by, &a.on_behalf_of) == set(&p.by, &p.on_behalf_of)
}

/// Words compared as a reader would: spacing and line breaks do not count.
fn words(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two operations propose the same; a new paragraph is the same by its words and
/// place, whatever id it was given.
fn same_operation(a: &Operation, b: &Operation) -> bool {
    use Operation::*;
    match (a, b) {
        (Replace { phrase, with }, Replace { phrase: p, with: w }) => {
            words(phrase) == words(p) && words(with) == words(w)
        }
        (Insert { text, anchor, before }, Insert { text: t, anchor: x, before: b }) => {
            words(text) == words(t) && words(anchor) == words(x) && before == b
        }
        (Delete { phrase }, Delete { phrase: p }) => words(phrase) == words(p),
        (Text { text }, Text { text: t }) => words(text) == words(t),
        (Add { text, after_element }, Add { text: t, after_element: x }) => {
            words(text) == words(t) && after_element == x
        }
        (DeleteParagraph, DeleteParagraph) => true,
        _ => false,
    }
}

fn same_amendment(a: &Amendment, e: &Entry) -> bool {
    let adds = matches!(e.operation, Operation::Add { .. });
    (adds || a.element == e.element) && same_operation(&a.operation, &e.operation)
}

fn same_proposal(a: &Entry, b: &Entry) -> bool {
    let adds = matches!(a.operation, Operation::Add { .. });
    (adds || a.element == b.element) && same_operation(&a.operation, &b.operation)
}

/// The file of the revision where `proposer`'s amendments of `date` stand, if any: the
/// one named `stem` if it is theirs, else the first by name.
fn proposer_file(
    existing: &[&Amendment],
    proposer: &Proposer,
    date: Option<&str>,
    stem: &str,
    n: &Negotiation,
) -> Option<PathBuf> {
    let theirs: BTreeSet<&Path> = existing
        .iter()
        .filter(|a| same_proposer(a, proposer) && a.date.as_deref() == date)
        .map(|a| a.path.as_path())
        .collect();
    // A file is one proposer's, but check every amendment of it, to be sure.
    let whole = |p: &&Path| existing.iter().filter(|a| a.path == *p).all(|a| same_proposer(a, proposer));
    let named = |p: &&Path| p.file_stem().is_some_and(|s| s.to_string_lossy() == stem);
    let chosen = theirs.iter().copied().filter(whole).find(named).or_else(|| theirs.iter().copied().find(whole))?;
    Some(chosen.strip_prefix(&n.root).unwrap_or(chosen).to_path_buf())
}

/// What could be done to an existing file.
enum Extended {
    /// Every change made.
    Whole(String),
    /// The lists completed (the text, when there were any), but the new amendments
    /// could not be appended to the file's layout.
    ListsOnly(Option<String>),
    /// Nothing could be changed, for the reason given.
    Nothing(String),
}

/// Applies `edit` to the file `text` named `stem`.
fn extend(text: &str, edit: &FileEdit, rev_id: &str, stem: &str, source: &str, ids: &mut BTreeSet<String>) -> Extended {
    let original: RawAmendmentFile = match parse(Path::new("amendments.yaml"), text) {
        Ok(r) => r,
        Err(d) => return Extended::Nothing(d.message.clone()),
    };
    let listed = match with_lists(text, &original, &edit.lists) {
        Ok(t) => t,
        Err(why) => return Extended::Nothing(why),
    };
    if edit.appended.is_empty() {
        return Extended::Whole(listed);
    }
    let entries: Vec<Entry> = edit.appended.iter().flat_map(|b| b.entries.iter().cloned()).collect();
    let mut reserved = ids.clone();
    let fresh = fresh_ids(rev_id, stem, original.amendments.len(), entries.len(), &mut reserved);
    let appended = append(&listed, &original, &edit.appended, &fresh, source);
    let expected = Expected { original: &original, lists: &edit.lists, entries: &entries, ids: &fresh };
    match appended {
        Some(t) if expected.holds(&t) => {
            *ids = reserved;
            Extended::Whole(t)
        }
        _ => Extended::ListsOnly((!edit.lists.is_empty()).then_some(listed)),
    }
}

/// The line ending a file uses.
fn eol(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

/// `text` with the amendments of `batches` appended to its `amendments:` list, at the
/// indentation of the items there.
fn append(
    text: &str,
    original: &RawAmendmentFile,
    batches: &[ProposerFile],
    ids: &[String],
    source: &str,
) -> Option<String> {
    let last = original.amendments.last()?;
    let indent = dash_column(text, last.referenced.line(), last.referenced.column())?;
    let mut out = text.to_owned();
    if !out.ends_with('\n') {
        out.push_str(eol(text));
    }
    let mut k = 0;
    let mut added = String::new();
    for b in batches {
        let pad = " ".repeat(indent);
        added.push_str(&format!("{pad}# Added by concord import-amendments from {}.\n", rows_of(source, &b.entries)));
        added.push_str(&items_yaml(&b.entries, &ids[k..k + b.entries.len()], Indent(indent)));
        k += b.entries.len();
    }
    out.push_str(&added.replace('\n', eol(text)));
    Some(out)
}

/// The column (from 0) of the dash of the list item whose mapping starts at `line`,
/// `column` (1-based), when the dash is on that line.
fn dash_column(text: &str, line: u64, column: u64) -> Option<usize> {
    let l = text.lines().nth(line.checked_sub(1)? as usize)?;
    let prefix: String = l.chars().take(column.checked_sub(1)? as usize).collect();
    (prefix.trim() == "-").then(|| prefix.find('-')).flatten()
}

/// What an extended file must read back as.
struct Expected<'a> {
    original: &'a RawAmendmentFile,
    lists: &'a [ListEdit],
    entries: &'a [Entry],
    ids: &'a [String],
}

impl Expected<'_> {
    fn holds(&self, text: &str) -> bool {
        let Ok(got) = parse::<RawAmendmentFile>(Path::new("amendments.yaml"), text) else { return false };
        let o = self.original;
        let kept = o.amendments.len();
        got.by.value == o.by.value
            && strings(&got.on_behalf_of) == strings(&o.on_behalf_of)
            && got.date.as_ref().map(|d| &d.value) == o.date.as_ref().map(|d| &d.value)
            && got.amendments.len() == kept + self.entries.len()
            && got.amendments.iter().zip(&o.amendments).all(|(g, was)| {
                let edit = self.lists.iter().find(|l| l.line == was.referenced.line());
                let with = |v: &[SpStr], more: Option<&Vec<String>>| {
                    let mut v = strings(v);
                    v.extend(more.into_iter().flatten().cloned());
                    v
                };
                same_fields(&g.value, &was.value)
                    && strings(&g.value.supported_by) == with(&was.value.supported_by, edit.map(|e| &e.supported_by))
                    && strings(&g.value.opposed_by) == with(&was.value.opposed_by, edit.map(|e| &e.opposed_by))
            })
            && got.amendments[kept..]
                .iter()
                .zip(self.entries)
                .zip(self.ids)
                .all(|((g, e), id)| matches(&g.value, e, id))
    }
}

/// Every field of two amendments but their supporters and opponents.
fn same_fields(a: &RawAmendment, b: &RawAmendment) -> bool {
    let v = |s: &Option<SpStr>| s.as_ref().map(|s| s.value.clone());
    let all = |x: &RawAmendment| {
        [
            v(&x.id),
            Some(x.element.value.clone()),
            v(&x.replace),
            v(&x.with),
            v(&x.insert),
            v(&x.after),
            v(&x.before),
            v(&x.delete),
            v(&x.text),
            v(&x.add),
            v(&x.after_element),
            x.delete_paragraph.as_ref().map(|d| d.value.to_string()),
            x.note.clone(),
            v(&x.withdrawn),
        ]
    };
    all(a) == all(b)
}

/// `text` with the codes of `lists` added to the amendments' `supported_by` and
/// `opposed_by`: after the last code of a list that has some (`[A, B]` -> `[A, B, C]`, or
/// a new `- C` line in a block list), else as a new line after the amendment's last
/// value. Checked by parsing the result back.
fn with_lists(text: &str, original: &RawAmendmentFile, lists: &[ListEdit]) -> Result<String, String> {
    if lists.is_empty() {
        return Ok(text.to_owned());
    }
    // (byte offset, order at that offset, text to insert)
    let mut inserts: Vec<(usize, usize, String)> = Vec::new();
    for l in lists {
        let a = original
            .amendments
            .iter()
            .find(|a| a.referenced.line() == l.line)
            .ok_or_else(|| format!("no amendment starts on line {}", l.line))?;
        for (order, (field, have, add)) in [
            ("supported_by", &a.value.supported_by, &l.supported_by),
            ("opposed_by", &a.value.opposed_by, &l.opposed_by),
        ]
        .into_iter()
        .enumerate()
        {
            if add.is_empty() {
                continue;
            }
            inserts.push(list_insert(text, &a.value.element, &spans(&a.value), field, have, add, order)?);
        }
    }
    inserts.sort_by_key(|i| std::cmp::Reverse((i.0, i.1)));
    let mut out = text.to_owned();
    for (at, _, s) in inserts {
        out.insert_str(at, &s);
    }
    let expected = Expected { original, lists, entries: &[], ids: &[] };
    if expected.holds(&out) {
        Ok(out)
    } else {
        Err("the lists of supporters and opponents there are not written in a layout concord can extend".to_owned())
    }
}

/// Where and what to insert to add `add` to the list `field`, which holds `have`.
fn list_insert(
    text: &str,
    element: &SpStr,
    values: &[serde_saphyr::Span],
    field: &str,
    have: &[SpStr],
    add: &[String],
    order: usize,
) -> Result<(usize, usize, String), String> {
    let codes = add.join(", ");
    let unknown = || "the position of a value in the file is unknown".to_owned();
    if let Some(last) = have.last() {
        let span = last.referenced.span();
        let (start, len) = (span.byte_offset().ok_or_else(unknown)?, span.byte_len().ok_or_else(unknown)?);
        let (start, end) = (start as usize, (start + len) as usize);
        if end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return Err(unknown());
        }
        let line_start = text[..start].rfind('\n').map_or(0, |k| k + 1);
        let prefix = &text[line_start..start];
        if prefix.trim() == "-" {
            let line_end = text[end..].find('\n').map_or(text.len(), |k| end + k);
            let line_end = if text[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
            let lines: String = add.iter().map(|c| format!("{}{prefix}{c}", eol(text))).collect();
            return Ok((line_end, order, lines));
        }
        return Ok((end, order, format!(", {codes}")));
    }
    // No list yet: a line of its own after the amendment's last value, at the
    // indentation of its `element:` key.
    let line = element.referenced.line();
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1) as usize).map(str::len).sum();
    let l = text[line_start..].split('\n').next().unwrap_or("");
    let key = l.find("element:").ok_or_else(|| "`element:` is not on the line of its value".to_owned())?;
    let mut end =
        values.iter().filter_map(|v| Some((v.byte_offset()? + v.byte_len()?) as usize)).max().ok_or_else(unknown)?;
    if end > text.len() || !text.is_char_boundary(end) {
        return Err(unknown());
    }
    while end > 0 && text[..end].ends_with(['\n', '\r']) {
        end -= 1;
    }
    let line_end = text[end..].find('\n').map_or(text.len(), |k| end + k);
    let line_end = if text[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
    Ok((line_end, order, format!("{}{}{field}: [{codes}]", eol(text), " ".repeat(key))))
}

/// The spans of every value of an amendment that has one.
fn spans(a: &RawAmendment) -> Vec<serde_saphyr::Span> {
    let optional = [
        &a.id,
        &a.replace,
        &a.with,
        &a.insert,
        &a.after,
        &a.before,
        &a.delete,
        &a.text,
        &a.add,
        &a.after_element,
        &a.withdrawn,
    ];
    let mut out: Vec<serde_saphyr::Span> = optional.into_iter().flatten().map(|v| v.referenced.span()).collect();
    out.push(a.element.referenced.span());
    out.extend(a.delete_paragraph.iter().map(|d| d.referenced.span()));
    out.extend(a.supported_by.iter().chain(&a.opposed_by).map(|v| v.referenced.span()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(row: usize, operation: Operation) -> Entry {
        Entry {
            row,
            element: "intro".into(),
            operation,
            supported_by: vec!["FRA".into()],
            opposed_by: vec![],
            note: None,
        }
    }

    fn batch(entries: Vec<Entry>) -> ProposerFile {
        ProposerFile {
            stem: "eu".into(),
            proposer: Proposer { by: "EU".into(), on_behalf_of: vec![] },
            date: None,
            entries,
        }
    }

    const FILE: &str = "# The EU's amendments, typed in by hand.\nby: EU\namendments:\n- element: intro   # first\n  delete: in good faith\n- id: eu-x\n  element: intro\n  supported_by:\n  - DEU\n  insert: all\n  after: considered\n";

    #[test]
    fn new_amendments_are_appended_at_the_indentation_of_the_file() {
        let original: RawAmendmentFile = parse(Path::new("a.yaml"), FILE).unwrap();
        let mut ids = BTreeSet::from(["zero-draft/eu-3".to_owned()]);
        let edit = FileEdit {
            lists: vec![],
            appended: vec![batch(vec![entry(4, Operation::Delete { phrase: "three".into() })])],
        };
        let Extended::Whole(text) = extend(FILE, &edit, "zero-draft", "eu", "c.csv", &mut ids) else { panic!() };
        assert_eq!(
            text,
            format!(
                "{FILE}# Added by concord import-amendments from c.csv (row 4).\n- id: zero-draft/eu-4  # row 4\n  element: intro\n  delete: \"three\"\n  supported_by: [FRA]\n"
            ),
            "eu-3 is taken, so the new id is eu-4"
        );
        assert_eq!(original.amendments.len(), 2);

        // A file saved on Windows, without a final line break: the new lines end as its own.
        let crlf = "by: EU\r\namendments:\r\n  - element: intro\r\n    delete: x";
        let Extended::Whole(text) = extend(crlf, &edit, "r", "eu", "c.csv", &mut ids) else { panic!() };
        assert_eq!(
            text,
            "by: EU\r\namendments:\r\n  - element: intro\r\n    delete: x\r\n  # Added by concord import-amendments from c.csv (row 4).\r\n  - id: r/eu-2  # row 4\r\n    element: intro\r\n    delete: \"three\"\r\n    supported_by: [FRA]\r\n"
        );
    }

    #[test]
    fn supporters_join_block_and_flow_lists_or_get_a_line_of_their_own() {
        let original: RawAmendmentFile = parse(Path::new("a.yaml"), FILE).unwrap();
        let lists = vec![
            ListEdit { line: 4, supported_by: vec!["FRA".into()], opposed_by: vec!["CUB".into()], skipped: 0 },
            ListEdit { line: 6, supported_by: vec!["FRA".into(), "ESP".into()], opposed_by: vec![], skipped: 1 },
        ];
        let text = with_lists(FILE, &original, &lists).unwrap();
        assert_eq!(
            text,
            "# The EU's amendments, typed in by hand.\nby: EU\namendments:\n- element: intro   # first\n  delete: in good faith\n  supported_by: [FRA]\n  opposed_by: [CUB]\n- id: eu-x\n  element: intro\n  supported_by:\n  - DEU\n  - FRA\n  - ESP\n  insert: all\n  after: considered\n"
        );
        let flow =
            "by: EU\r\namendments:\r\n  - element: intro\r\n    delete: x\r\n    supported_by: [DEU, \"FIN\"]\r\n";
        let original: RawAmendmentFile = parse(Path::new("a.yaml"), flow).unwrap();
        let lists = [ListEdit { line: 3, supported_by: vec!["FRA".into()], opposed_by: vec![], skipped: 0 }];
        assert_eq!(
            with_lists(flow, &original, &lists).unwrap(),
            "by: EU\r\namendments:\r\n  - element: intro\r\n    delete: x\r\n    supported_by: [DEU, \"FIN\", FRA]\r\n"
        );
    }

    #[test]
    fn a_file_whose_list_is_not_last_gets_nothing_appended() {
        let text = "amendments:\n  - element: intro\n    delete: x\nby: EU\n";
        let mut ids = BTreeSet::new();
        let edit = FileEdit { lists: vec![], appended: vec![batch(vec![entry(2, Operation::DeleteParagraph)])] };
        assert!(matches!(extend(text, &edit, "r", "eu", "c.csv", &mut ids), Extended::ListsOnly(None)));
        assert!(ids.is_empty(), "no id is used up");
    }
}
