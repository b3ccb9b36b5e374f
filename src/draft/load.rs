//! Loading a negotiation folder: every file read, parsed, checked against the others,
//! and every problem collected (not only the first).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::anchor;
use super::block;
use super::diag::{Diagnostic, Diagnostics};
use super::files::{read_text, subdirs, yaml_files};
use super::model::*;
use super::names::{Named, Names};
use super::raw::*;
use super::yaml::{closest, parse};
use crate::diff::WordBag;
use crate::text::Tokenized;

/// A loaded negotiation with the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The validated negotiation.
    pub negotiation: Negotiation,
    /// Warnings (suspicious but legal things).
    pub warnings: Diagnostics,
}

/// Loads and validates the negotiation folder `root`. On failure, returns every problem
/// found, errors and warnings, sorted by file and line.
pub fn load(root: &Path) -> Result<Loaded, Diagnostics> {
    let mut cx = Context { root: root.to_path_buf(), diags: Diagnostics::default() };
    let negotiation = cx.load();
    super::files::warn_unexpected(root, &mut cx.diags);
    cx.diags.sort();
    match negotiation {
        Some(negotiation) if cx.diags.errors() == 0 => Ok(Loaded { negotiation, warnings: cx.diags }),
        _ => Err(cx.diags),
    }
}

struct Context {
    root: PathBuf,
    diags: Diagnostics,
}

/// A parsed file and its text (kept for source lines in diagnostics).
struct Parsed<T> {
    path: PathBuf,
    text: String,
    value: T,
}

impl Context {
    fn error(&mut self, path: &Path, text: &str, line: u64, col: u64, msg: impl Into<String>) -> &mut Diagnostic {
        self.diags.push(Diagnostic::error(path, line, col, msg).with_source(text));
        self.diags.0.last_mut().expect("just pushed")
    }

    fn error_at<T>(&mut self, file: (&Path, &str), at: &Spanned<T>, msg: impl Into<String>) -> &mut Diagnostic {
        let (line, col) = (at.referenced.line(), at.referenced.column());
        self.error(file.0, file.1, line, col, msg)
    }

    fn warning_at<T>(&mut self, file: (&Path, &str), at: &Spanned<T>, msg: impl Into<String>) -> &mut Diagnostic {
        let (line, col) = (at.referenced.line(), at.referenced.column());
        self.diags.push(Diagnostic::warning(file.0, line, col, msg).with_source(file.1));
        self.diags.0.last_mut().expect("just pushed")
    }

    fn read<T: serde::de::DeserializeOwned>(&mut self, path: PathBuf) -> Option<Parsed<T>> {
        match read_and_parse(&self.root, &path) {
            Ok(p) => Some(p),
            Err(d) => {
                self.diags.push(d);
                None
            }
        }
    }

    fn load(&mut self) -> Option<Negotiation> {
        if !self.root.is_dir() {
            self.diags.push(Diagnostic::error(&self.root, 0, 0, "no negotiation folder here").with_hint(
                "pass the folder with --drafts DIR, or create one with negotiation.yaml and delegations.yaml",
            ));
            return None;
        }
        let negotiation: Option<Parsed<RawNegotiation>> = self.read(self.root.join("negotiation.yaml"));
        let delegations: Option<Parsed<RawDelegations>> = self.read(self.root.join("delegations.yaml"));
        let (delegations, groups) = match &delegations {
            Some(d) => self.delegations(d),
            None => (BTreeMap::new(), BTreeMap::new()),
        };
        let names = Names::new(delegations.values(), groups.values());
        let codes = Codes { delegations: &delegations, groups: &groups, names, checked: delegations_ok(&self.diags) };
        let negotiation = negotiation?;
        let listed = self.listed_revisions(&negotiation);
        let revisions = self.revisions(&listed, &codes);
        let amendments = self.amendments(&listed, &revisions, &codes);
        if listed.is_empty() || revisions.len() != listed.len() {
            return None;
        }
        self.warn_unlinked_renames(&revisions);
        Some(Negotiation {
            root: self.root.clone(),
            title: negotiation.value.title.value.clone(),
            baseline: listed[0].clone(),
            revisions,
            delegations,
            groups,
            amendments,
            convergence: negotiation.value.convergence.clone().unwrap_or_default(),
        })
    }

    fn delegations(
        &mut self,
        file: &Parsed<RawDelegations>,
    ) -> (BTreeMap<String, Delegation>, BTreeMap<String, Group>) {
        let f = (file.path.as_path(), file.text.as_str());
        let mut delegations = BTreeMap::new();
        let mut groups = BTreeMap::new();
        let mut seen = BTreeSet::new();
        for d in &file.value.delegations {
            if !self.check_code(f, &d.code, &mut seen) {
                continue;
            }
            let code = d.code.value.clone();
            delegations.insert(code.clone(), Delegation { code, name: d.name.clone() });
        }
        // Members are delegations, by code or by name.
        let names = Names::new(delegations.values(), []);
        for g in &file.value.groups {
            if !self.check_code(f, &g.code, &mut seen) {
                continue;
            }
            let mut members = Vec::with_capacity(g.members.len());
            for m in &g.members {
                match names.resolve(&m.value) {
                    Named::One(code) => members.push(code),
                    _ => {
                        let msg = format!("group {} lists `{}`, which is not a delegation", g.code.value, m.value);
                        self.error_at(f, m, msg).hint = Some(unknown_code_hint(&m.value, &names));
                        members.push(m.value.clone());
                    }
                }
            }
            let code = g.code.value.clone();
            groups.insert(code.clone(), Group { code, name: g.name.clone(), members });
        }
        (delegations, groups)
    }

    fn check_code(&mut self, f: (&Path, &str), code: &SpStr, seen: &mut BTreeSet<String>) -> bool {
        if !is_code(&code.value) {
            self.error_at(f, code, format!("`{}` is not a valid code", code.value)).hint =
                Some("codes are letters, digits, `-` or `_`, such as IRN, EU or G77".to_owned());
            return false;
        }
        if !seen.insert(code.value.clone()) {
            self.error_at(f, code, format!("the code {} is declared twice", code.value)).hint =
                Some("each delegation and group code must be declared once".to_owned());
            return false;
        }
        true
    }

    /// Checks `negotiation.yaml`'s list of revisions and the files in `revisions/`.
    fn listed_revisions(&mut self, file: &Parsed<RawNegotiation>) -> Vec<String> {
        let f = (file.path.as_path(), file.text.as_str());
        let raw = &file.value;
        if raw.title.value.trim().is_empty() {
            self.error_at(f, &raw.title, "the title is empty");
        }
        let mut listed = Vec::new();
        let mut seen = BTreeSet::new();
        for r in &raw.revisions.value {
            if !is_revision_id(&r.value) {
                self.error_at(f, r, format!("`{}` is not a valid revision id", r.value)).hint =
                    Some("use letters, digits, `-`, `_` or `.`, such as rev1 or zero-draft".to_owned());
            } else if !seen.insert(r.value.clone()) {
                self.error_at(f, r, format!("the revision {} is listed twice", r.value));
            } else {
                listed.push(r.value.clone());
            }
        }
        if raw.revisions.value.is_empty() {
            self.error_at(f, &raw.revisions, "no revisions are listed").hint =
                Some("list the revisions oldest first, the baseline first".to_owned());
        }
        match listed.iter().position(|r| *r == raw.baseline.value) {
            Some(0) => {}
            Some(_) => {
                self.error_at(
                    f,
                    &raw.baseline,
                    format!("the baseline {} is not the first revision listed", raw.baseline.value),
                )
                .hint = Some("list the revisions oldest first, starting with the baseline".to_owned());
            }
            None => {
                self.error_at(
                    f,
                    &raw.baseline,
                    format!("the baseline {} is not among the revisions", raw.baseline.value),
                )
                .hint = Some("add it to `revisions:`, first".to_owned());
            }
        }
        // Every listed revision needs a file; every file needs to be listed.
        let dir = self.root.join("revisions");
        for r in &raw.revisions.value {
            if is_revision_id(&r.value) && !dir.join(format!("{}.yaml", r.value)).exists() {
                self.error_at(f, r, format!("the revision {} has no file revisions/{}.yaml", r.value, r.value)).hint =
                    Some("create the file, or remove the revision from the list".to_owned());
            }
        }
        if dir.is_dir() {
            match yaml_files(&dir) {
                Ok(files) => {
                    for path in files {
                        let stem = stem(&path);
                        if !seen.contains(&stem) || path.extension().is_some_and(|e| e != "yaml") {
                            self.diags.push(
                                Diagnostic::error(&path, 0, 0, "this revision is not listed in negotiation.yaml")
                                    .with_hint(format!(
                                        "add `{stem}` to `revisions:` in negotiation.yaml, or remove the file"
                                    )),
                            );
                        }
                    }
                }
                Err(d) => self.diags.push(d),
            }
        }
        listed
    }

    fn revisions(&mut self, listed: &[String], codes: &Codes) -> Vec<Revision> {
        let paths: Vec<PathBuf> =
            listed.iter().map(|id| self.root.join("revisions").join(format!("{id}.yaml"))).collect();
        let root = self.root.clone();
        let parsed: Vec<Result<Parsed<RawRevision>, Diagnostic>> =
            paths.par_iter().filter(|p| p.exists()).map(|p| read_revision(&root, p)).collect();
        let mut revisions: Vec<Revision> = Vec::new();
        let mut previous = Previous::None;
        for file in parsed {
            let file = match file {
                Ok(f) => f,
                Err(d) => {
                    self.diags.push(d);
                    previous = Previous::Unreadable;
                    continue;
                }
            };
            let revision = self.revision(file, &previous, codes);
            previous = Previous::Known(revision.id.clone(), revision.paragraphs.iter().map(|p| p.id.clone()).collect());
            revisions.push(revision);
        }
        revisions
    }

    fn revision(&mut self, mut file: Parsed<RawRevision>, previous: &Previous, codes: &Codes) -> Revision {
        // Tokenizing is the costly part of loading a long revision: both cores do it, on
        // the texts taken from the parsed file (not copied).
        let texts: Vec<String> =
            file.value.paragraphs.iter_mut().map(|p| std::mem::take(&mut p.value.text.value)).collect();
        let mut tokenized: Vec<Tokenized> = texts.into_par_iter().map(Tokenized::from_string).collect();
        let f = (file.path.as_path(), file.text.as_str());
        let raw = &file.value;
        let expected = stem(&file.path);
        if raw.id.value != expected {
            self.error_at(
                f,
                &raw.id,
                format!("the id `{}` differs from the file name {expected}.yaml", raw.id.value),
            )
            .hint = Some(format!("write `id: {expected}`, or rename the file"));
        }
        if let Some(date) = &raw.date {
            self.check_date(f, date);
        }
        if raw.paragraphs.is_empty() {
            self.error(f.0, f.1, raw.id.referenced.line(), 0, "the revision has no paragraphs");
        }
        let mut seen: HashMap<String, u64> = HashMap::new();
        let mut section = String::new();
        let mut paragraphs = Vec::with_capacity(raw.paragraphs.len());
        for (p, text) in raw.paragraphs.iter().zip(tokenized.drain(..)) {
            let line = p.referenced.line();
            let p = &p.value;
            if !is_element_id(&p.id.value) {
                self.error_at(f, &p.id, format!("`{}` is not a valid element id", p.id.value)).hint =
                    Some("use letters, digits, `-`, `_` or `.`, such as threats-ransomware".to_owned());
            }
            if let Some(first) = seen.insert(p.id.value.clone(), line) {
                self.error_at(f, &p.id, format!("the element id {} is used twice in this revision", p.id.value)).hint =
                    Some(format!("it is first used at line {first}; element ids must be unique in a revision"));
            }
            for from in &p.from {
                match previous {
                    Previous::None => {
                        self.error_at(f, from, "`from:` in the baseline: the baseline has no previous revision");
                    }
                    Previous::Known(prev_id, ids) if !ids.contains(&from.value) => {
                        let known: Vec<&str> = ids.iter().map(String::as_str).collect();
                        let hint = match closest(&from.value, &known) {
                            Some(c) => format!("did you mean `{c}`?"),
                            None => format!("`from:` names elements of the previous revision, {prev_id}"),
                        };
                        self.error_at(f, from, format!("`from:` names {}, which is not in {prev_id}", from.value))
                            .hint = Some(hint);
                    }
                    _ => {}
                }
            }
            let status = p.status.as_ref().and_then(|s| {
                let status = ParagraphStatus::parse(&s.value);
                if status.is_none() {
                    self.error_at(f, s, format!("unknown status `{}`", s.value)).hint =
                        Some("the status is `agreed`, `agreed_ad_ref` or `open`".to_owned());
                }
                status
            });
            let mut lists: [Vec<String>; 3] = Default::default();
            for (k, (field, list)) in [
                ("dissociated_by", &p.dissociated_by),
                ("reserved_by", &p.reserved_by),
                ("objected_by", &p.objected_by),
            ]
            .into_iter()
            .enumerate()
            {
                lists[k] = list.iter().map(|code| self.resolve(f, code, codes, field)).collect();
            }
            let [dissociated_by, reserved_by, objected_by] = lists;
            if text.text.trim().is_empty() {
                self.error_at(f, &p.text, format!("the paragraph {} has no text", p.id.value)).hint =
                    Some("write its text, or remove the paragraph".to_owned());
            }
            if let Some(s) = &p.section {
                section.clone_from(s);
            }
            paragraphs.push(Paragraph {
                id: p.id.value.clone(),
                number: p.number.as_ref().map(|n| n.value.0.clone()).unwrap_or_default(),
                section: section.clone(),
                from: p.from.iter().map(|s| s.value.clone()).collect(),
                status,
                dissociated_by,
                reserved_by,
                objected_by,
                text,
                line,
            });
        }
        self.warn_unbalanced_brackets(f, raw, &paragraphs);
        let state = self.revision_state(f, raw, matches!(previous, Previous::None));
        if state == RevisionState::Agreed {
            self.warn_brackets_in_agreed_text(f, raw, &paragraphs);
        }
        Revision {
            id: raw.id.value.clone(),
            title: raw.title.clone().unwrap_or_else(|| raw.id.value.clone()),
            date: raw.date.as_ref().map(|d| d.value.clone()),
            symbol: raw.symbol.clone(),
            state,
            paragraphs,
            path: file.path.clone(),
            lookup: Default::default(),
        }
    }

    fn amendments(&mut self, listed: &[String], revisions: &[Revision], codes: &Codes) -> Vec<Amendment> {
        let dir = self.root.join("amendments");
        if !dir.is_dir() {
            return Vec::new();
        }
        let dirs = match subdirs(&dir) {
            Ok(d) => d,
            Err(d) => {
                self.diags.push(d);
                return Vec::new();
            }
        };
        if let Ok(stray) = yaml_files(&dir) {
            for path in stray {
                self.diags.push(
                    Diagnostic::error(
                        &path,
                        0,
                        0,
                        "amendment files go in a folder named after the revision they amend",
                    )
                    .with_hint("move it to amendments/<revision-id>/"),
                );
            }
        }
        // Amendments in the order of the revisions they amend.
        let mut by_revision: Vec<(usize, PathBuf)> = Vec::new();
        for d in dirs {
            let id = stem(&d);
            match listed.iter().position(|r| *r == id) {
                Some(i) => by_revision.push((i, d)),
                None => {
                    let known: Vec<&str> = listed.iter().map(String::as_str).collect();
                    let hint = match closest(&id, &known) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => "name the folder after a revision in negotiation.yaml".to_owned(),
                    };
                    self.diags.push(
                        Diagnostic::error(
                            &d,
                            0,
                            0,
                            format!("amendments on `{id}`, which is not a revision of this negotiation"),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
        by_revision.sort();
        let mut files: Vec<(usize, PathBuf)> = Vec::new();
        for (index, d) in by_revision {
            match yaml_files(&d) {
                Ok(f) => files.extend(f.into_iter().map(|path| (index, path))),
                Err(e) => self.diags.push(e),
            }
        }
        // Read and parse in parallel; check in order, so the diagnostics and the
        // amendments come out as if read one by one.
        let root = self.root.clone();
        let parsed: Vec<(usize, Result<Parsed<RawAmendmentFile>, Diagnostic>)> =
            files.par_iter().map(|(index, path)| (*index, read_and_parse(&root, path))).collect();
        let mut out = Vec::new();
        let mut ids: HashMap<String, (PathBuf, u64)> = HashMap::new();
        for (index, file) in parsed {
            let revision = revisions.iter().find(|r| r.id == listed[index]);
            match file {
                Ok(file) => self.amendment_file(&file, &listed[index], revision, codes, &mut ids, &mut out),
                Err(d) => self.diags.push(d),
            }
        }
        out
    }

    fn amendment_file(
        &mut self,
        file: &Parsed<RawAmendmentFile>,
        revision_id: &str,
        revision: Option<&Revision>,
        codes: &Codes,
        ids: &mut HashMap<String, (PathBuf, u64)>,
        out: &mut Vec<Amendment>,
    ) {
        let f = (file.path.as_path(), file.text.as_str());
        let raw = &file.value;
        let by = self.resolve(f, &raw.by, codes, "by");
        let mut on_behalf_of = Vec::with_capacity(raw.on_behalf_of.len());
        for code in &raw.on_behalf_of {
            let resolved = self.resolve(f, code, codes, "on_behalf_of");
            if codes.checked && codes.groups.contains_key(&resolved) {
                self.error_at(f, code, format!("on_behalf_of lists the group {resolved}; list its member states"));
            }
            on_behalf_of.push(resolved);
        }
        if let Some(date) = &raw.date {
            self.check_date(f, date);
        }
        if raw.amendments.is_empty() {
            self.error_at(f, &raw.by, "the file has no amendments").hint =
                Some("list them under `amendments:`, or remove the file".to_owned());
        }
        let file_stem = stem(&file.path);
        for (n, a) in raw.amendments.iter().enumerate() {
            let line = a.referenced.line();
            let a = &a.value;
            let id = match &a.id {
                Some(id) => {
                    if !is_amendment_id(&id.value) {
                        self.error_at(f, id, format!("`{}` is not a valid amendment id", id.value)).hint =
                            Some("use letters, digits, `-`, `_`, `.` or `/`, such as lmg-1".to_owned());
                    }
                    id.value.clone()
                }
                None => format!("{revision_id}/{file_stem}-{}", n + 1),
            };
            if let Some((first, first_line)) = ids.get(&id) {
                let msg = format!("the amendment id {id} is used twice");
                let hint = format!(
                    "it is first used at {}:{first_line}; amendment ids are unique across the negotiation",
                    first.display()
                );
                self.error(f.0, f.1, a.id.as_ref().map_or(line, |s| s.referenced.line()), 0, msg).hint = Some(hint);
            } else {
                ids.insert(id.clone(), (file.path.clone(), line));
            }
            let supported_by: Vec<String> =
                a.supported_by.iter().map(|code| self.resolve(f, code, codes, "supported_by")).collect();
            let opposed_by: Vec<String> =
                a.opposed_by.iter().map(|code| self.resolve(f, code, codes, "opposed_by")).collect();
            if let Some(w) = &a.withdrawn {
                self.check_date(f, w);
            }
            let Some(operation) = self.operation(f, a, line) else { continue };
            if let Some(revision) = revision {
                self.check_target(f, a, &operation, revision);
            }
            out.push(Amendment {
                id,
                revision: revision_id.to_owned(),
                by: by.clone(),
                on_behalf_of: on_behalf_of.clone(),
                date: raw.date.as_ref().map(|d| d.value.clone()),
                element: a.element.value.clone(),
                operation,
                supported_by,
                opposed_by,
                note: a.note.clone(),
                withdrawn: a.withdrawn.as_ref().map(|w| w.value.clone()),
                path: file.path.clone(),
                line,
            });
        }
    }

    /// Turns the operation keys into one [`Operation`], or reports why not.
    fn operation(&mut self, f: (&Path, &str), a: &RawAmendment, line: u64) -> Option<Operation> {
        let present: Vec<&str> = [
            ("replace", a.replace.is_some()),
            ("insert", a.insert.is_some()),
            ("delete", a.delete.is_some()),
            ("text", a.text.is_some()),
            ("add", a.add.is_some()),
            ("delete_paragraph", a.delete_paragraph.is_some()),
        ]
        .into_iter()
        .filter_map(|(k, p)| p.then_some(k))
        .collect();
        if present.len() != 1 {
            let msg = if present.is_empty() {
                format!("the amendment to {} has no operation", a.element.value)
            } else {
                format!(
                    "the amendment to {} has {} operations ({})",
                    a.element.value,
                    present.len(),
                    present.join(", ")
                )
            };
            self.error(f.0, f.1, line, 0, msg).hint = Some(
                "give exactly one of replace (with with), insert (with after or before), delete, text, add, delete_paragraph; split it into several amendments".to_owned(),
            );
            return None;
        }
        let stray = |key: &str, v: bool| {
            (v && !matches!(
                (present[0], key),
                ("replace", "with") | ("insert", "after" | "before") | ("add", "after_element")
            ))
            .then(|| key.to_owned())
        };
        let strays: Vec<String> = [
            stray("with", a.with.is_some()),
            stray("after", a.after.is_some()),
            stray("before", a.before.is_some()),
            stray("after_element", a.after_element.is_some()),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !strays.is_empty() {
            self.error(f.0, f.1, line, 0, format!("`{}` does not go with `{}`", strays.join("`, `"), present[0]));
            return None;
        }
        let nonempty = |cx: &mut Self, s: &SpStr, what: &str| {
            if s.value.trim().is_empty() {
                cx.error_at(f, s, format!("`{what}` is empty"));
                false
            } else {
                true
            }
        };
        match present[0] {
            "replace" => {
                let phrase = a.replace.as_ref()?;
                let Some(with) = &a.with else {
                    self.error_at(f, phrase, "`replace` needs `with`: the words that take the phrase's place").hint =
                        Some("to remove the words, use `delete:` instead".to_owned());
                    return None;
                };
                if with.value.trim().is_empty() {
                    self.error_at(f, with, "`with` is empty").hint =
                        Some("to remove the words, use `delete:` instead".to_owned());
                    return None;
                }
                Some(Operation::Replace { phrase: phrase.value.clone(), with: with.value.clone() })
            }
            "insert" => {
                let text = a.insert.as_ref()?;
                let (anchor, before) = match (&a.after, &a.before) {
                    (Some(after), None) => (after, false),
                    (None, Some(before)) => (before, true),
                    _ => {
                        self.error_at(f, text, "`insert` needs exactly one of `after` or `before`").hint =
                            Some("quote the words the insertion goes next to".to_owned());
                        return None;
                    }
                };
                nonempty(self, text, "insert").then(|| Operation::Insert {
                    text: text.value.clone(),
                    anchor: anchor.value.clone(),
                    before,
                })
            }
            "delete" => {
                let phrase = a.delete.as_ref()?;
                Some(Operation::Delete { phrase: phrase.value.clone() })
            }
            "text" => {
                let text = a.text.as_ref()?;
                nonempty(self, text, "text").then(|| Operation::Text { text: text.value.clone() })
            }
            "add" => {
                let text = a.add.as_ref()?;
                nonempty(self, text, "add").then(|| Operation::Add {
                    text: text.value.clone(),
                    after_element: a.after_element.as_ref().map(|s| s.value.clone()),
                })
            }
            _ => {
                let flag = a.delete_paragraph.as_ref()?;
                if !flag.value {
                    self.error_at(f, flag, "`delete_paragraph: false` proposes nothing").hint =
                        Some("write `delete_paragraph: true`, or remove the amendment".to_owned());
                    return None;
                }
                Some(Operation::DeleteParagraph)
            }
        }
    }

    /// Checks that the target element exists (or, for `add`, does not) and that anchors
    /// occur exactly once in it.
    fn check_target(&mut self, f: (&Path, &str), a: &RawAmendment, op: &Operation, revision: &Revision) {
        let element = &a.element;
        let target = revision.paragraph(&element.value);
        let known: Vec<&str> = revision.paragraphs.iter().map(|p| p.id.as_str()).collect();
        if let Operation::Add { after_element, .. } = op {
            if target.is_some() {
                self.error_at(
                    f,
                    element,
                    format!("`add` creates {}, which already exists in {}", element.value, revision.id),
                )
                .hint = Some("give the new paragraph an id of its own".to_owned());
            }
            if let Some(after) = after_element
                && revision.paragraph(after).is_none()
            {
                let at = a.after_element.as_ref().expect("after_element is present");
                let hint = unknown_hint(after, &known, &revision.id);
                self.error_at(f, at, format!("`after_element` names {after}, which is not in {}", revision.id)).hint =
                    Some(hint);
            }
            return;
        }
        let Some(paragraph) = target else {
            let hint = unknown_hint(&element.value, &known, &revision.id);
            self.error_at(f, element, format!("the element {} is not in {}", element.value, revision.id)).hint =
                Some(hint);
            return;
        };
        let anchors = [&a.replace, &a.delete, &a.after, &a.before];
        for spanned in anchors.into_iter().flatten() {
            if let Err(e) = anchor::locate(&paragraph.text, &spanned.value) {
                let (msg, hint) = e.describe(&spanned.value, &revision.id, &paragraph.id);
                self.error_at(f, spanned, msg).hint = Some(hint);
            }
        }
    }

    /// The delegation or group code `code` stands for: a code as declared, a code in
    /// another case (`bra`), or a name (`Brazil`, `Iran`, `Russia`; see [`Names`]). A
    /// name or code that stands for none, or for several, is an error, and the value is
    /// kept as written.
    fn resolve(&mut self, f: (&Path, &str), code: &SpStr, codes: &Codes, field: &str) -> String {
        if !codes.checked || codes.delegations.contains_key(&code.value) || codes.groups.contains_key(&code.value) {
            return code.value.clone();
        }
        match codes.names.resolve(&code.value) {
            Named::One(resolved) => resolved,
            Named::Several(all) => {
                let msg = format!("`{}` in {field} could be {}", code.value, all.join(" or "));
                self.error_at(f, code, msg).hint = Some(format!("write the code, {}", all.join(" or ")));
                code.value.clone()
            }
            Named::None => {
                let hint = unknown_code_hint(&code.value, &codes.names);
                self.error_at(f, code, format!("unknown delegation or group `{}` in {field}", code.value)).hint =
                    Some(hint);
                code.value.clone()
            }
        }
    }

    /// The revision's `state:`, or the default for its place (the baseline agreed,
    /// later revisions open).
    fn revision_state(&mut self, f: (&Path, &str), raw: &RawRevision, baseline: bool) -> RevisionState {
        let default = RevisionState::default_for(usize::from(!baseline));
        let Some(state) = &raw.state else { return default };
        match state.value.as_str() {
            "agreed" => RevisionState::Agreed,
            "open" => RevisionState::Open,
            other => {
                self.error_at(f, state, format!("unknown state `{other}`")).hint = Some(
                    "the state is `agreed` (an adopted text, such as a final report) or `open` (a negotiating text)"
                        .to_owned(),
                );
                default
            }
        }
    }

    /// Warns at every bracket that has no partner: a `[` never closed or a `]` that
    /// closes nothing. Brackets pair across paragraphs, in document order: a passage may
    /// open in one paragraph and close in a later one, as whole blocks of a negotiating
    /// text are bracketed.
    fn warn_unbalanced_brackets(&mut self, f: (&Path, &str), raw: &RawRevision, paragraphs: &[Paragraph]) {
        if paragraphs.len() != raw.paragraphs.len() {
            return;
        }
        let mut joined = String::new();
        let mut starts = Vec::with_capacity(paragraphs.len());
        for p in paragraphs {
            starts.push(joined.len());
            joined.push_str(&p.text.text);
            joined.push('\n');
        }
        for u in crate::text::count_brackets(&joined).unmatched {
            let k = starts.partition_point(|&s| s <= u.at) - 1;
            let (p, at) = (&paragraphs[k], &raw.paragraphs[k].value.text);
            let nth = p.text.text[..u.at - starts[k]].matches(u.mark).count();
            let (line, column) = find_mark(f.1, at, u.mark, nth);
            let (message, hint) = match u.mark {
                '[' => (
                    format!("a `[` in {} is never closed", p.id),
                    "close the bracket where the bracketed wording ends; concord counts it as one bracket",
                ),
                _ => (
                    format!("a `]` in {} closes no bracket", p.id),
                    "open the bracket where the bracketed wording starts; concord counts it as one bracket",
                ),
            };
            self.diags.push(Diagnostic::warning(f.0, line, column, message).with_source(f.1).with_hint(hint));
        }
    }

    /// Warns when an agreed text (an adopted report) still holds brackets or options
    /// outside the paragraphs it marks open: usually a negotiating text whose `state:`
    /// was not given.
    fn warn_brackets_in_agreed_text(&mut self, f: (&Path, &str), raw: &RawRevision, paragraphs: &[Paragraph]) {
        let bracketed = paragraphs
            .iter()
            .filter(|p| p.status != Some(ParagraphStatus::Open))
            .filter(|p| !crate::text::count_brackets(&p.text.text).is_clean())
            .count();
        if bracketed == 0 {
            return;
        }
        let (message, at) = match &raw.state {
            Some(state) => (format!("{} is an agreed text (`state: agreed`)", raw.id.value), state),
            None => {
                (format!("{} is the baseline, an agreed text unless its file says otherwise", raw.id.value), &raw.id)
            }
        };
        let s = if bracketed == 1 { "" } else { "s" };
        self.warning_at(f, at, format!("{message}, but {bracketed} paragraph{s} hold brackets or options")).hint = Some(
            "if it is a negotiating text, write `state: open` in this file: its brackets are then contested \
                 ground; in an agreed text everything counts as agreed"
                .to_owned(),
        );
    }

    fn check_date(&mut self, f: (&Path, &str), date: &SpStr) {
        if !is_date(&date.value) {
            self.error_at(f, date, format!("`{}` is not a valid date", date.value)).hint =
                Some("write dates as YYYY-MM-DD, such as 2022-07-22".to_owned());
        }
    }

    /// Warns where an element id vanishes while a new one with similar text appears
    /// without `from:` — usually a rename someone forgot to record.
    fn warn_unlinked_renames(&mut self, revisions: &[Revision]) {
        for pair in revisions.windows(2) {
            let (old, new) = (&pair[0], &pair[1]);
            let continued: BTreeSet<&str> = new
                .paragraphs
                .iter()
                .flat_map(|p| {
                    if p.from.is_empty() { vec![p.id.as_str()] } else { p.from.iter().map(String::as_str).collect() }
                })
                .collect();
            let vanished: Vec<&Paragraph> =
                old.paragraphs.iter().filter(|p| !continued.contains(p.id.as_str())).collect();
            if vanished.is_empty() {
                continue;
            }
            let text = std::fs::read_to_string(&new.path).unwrap_or_default();
            let appeared: Vec<(usize, &Paragraph)> = new
                .paragraphs
                .iter()
                .enumerate()
                .filter(|(_, p)| p.from.is_empty() && old.paragraph(&p.id).is_none())
                .collect();
            // Comparing every pair is quadratic: beyond a few hundred thousand pairs, compare
            // each new element with the vanished ones near its position only.
            let window = if vanished.len() * appeared.len() > 250_000 { 50 } else { usize::MAX };
            let vanished_at: Vec<usize> = vanished.iter().map(|v| old.index_of(&v.id).unwrap_or(0)).collect();
            let vanished_bags: Vec<WordBag> = vanished.par_iter().map(|v| WordBag::new(&v.text)).collect();
            let bests: Vec<Option<(f64, &Paragraph)>> = appeared
                .par_iter()
                .map(|&(j, p)| {
                    let bag = WordBag::new(&p.text);
                    vanished
                        .iter()
                        .zip(&vanished_at)
                        .zip(&vanished_bags)
                        .filter(|((_, i), _)| i.abs_diff(j) <= window)
                        .map(|((v, _), vb)| (vb.dice(&bag), *v))
                        .max_by(|a, b| a.0.total_cmp(&b.0))
                })
                .collect();
            for ((_, p), best) in appeared.iter().zip(bests) {
                if let Some((score, v)) = best
                    && score >= 0.6
                {
                    self.diags.push(
                        Diagnostic::warning(
                            &new.path,
                            p.line,
                            0,
                            format!(
                                "{} is new and {} of {} vanished; their texts are {:.0}% alike",
                                p.id,
                                v.id,
                                old.id,
                                score * 100.0
                            ),
                        )
                        .with_source(&text)
                        .with_hint(format!("if {} continues {}, write `from: [{}]`", p.id, v.id, v.id)),
                    );
                }
            }
        }
    }
}

/// Known delegation and group codes, for checking references.
struct Codes<'a> {
    delegations: &'a BTreeMap<String, Delegation>,
    groups: &'a BTreeMap<String, Group>,
    /// Their names, which the files may write instead of the codes.
    names: Names,
    /// False when delegations.yaml could not be read: then codes are not checked.
    checked: bool,
}

fn delegations_ok(diags: &Diagnostics) -> bool {
    !diags.0.iter().any(|d| d.path.ends_with("delegations.yaml") && d.line == 0)
}

/// What `from:` can refer to: the previous revision's element ids.
/// The line and column of the `nth` `mark` (counted from 0) of the text value that
/// starts at `at` in the file `source`; the value's own position when it cannot be found
/// (an escape in a quoted string).
///
/// ```text
/// source "text: >\n  a [b\n  c [d]\n", value at line 2, col 3, mark '[', nth 1 -> (3, 5)
/// ```
fn find_mark(source: &str, at: &SpStr, mark: char, nth: usize) -> (u64, u64) {
    let (first_line, first_column) = (at.referenced.line(), at.referenced.column());
    let start: usize = source.split_inclusive('\n').take(first_line.saturating_sub(1) as usize).map(str::len).sum();
    let mut seen = 0;
    let (mut line, mut column) = (first_line, 1u64);
    for c in source[start..].chars() {
        if c == mark && (line > first_line || column >= first_column) {
            if seen == nth {
                return (line, column);
            }
            seen += 1;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    (first_line, first_column)
}

enum Previous {
    /// This is the baseline: nothing before it.
    None,
    /// The previous revision could not be read: `from:` is not checked.
    Unreadable,
    /// The previous revision's id and element ids.
    Known(String, BTreeSet<String>),
}

fn read_and_parse<T: serde::de::DeserializeOwned>(root: &Path, path: &Path) -> Result<Parsed<T>, Diagnostic> {
    read_with(root, path, |text| parse(path, text))
}

/// A revision file: read by the fast [`block`] reader when it can, else by the YAML parser.
fn read_revision(root: &Path, path: &Path) -> Result<Parsed<RawRevision>, Diagnostic> {
    read_with(root, path, |text| block::revision(text).map_or_else(|| parse(path, text), Ok))
}

fn read_with<T>(
    root: &Path,
    path: &Path,
    parse: impl FnOnce(&str) -> Result<T, Diagnostic>,
) -> Result<Parsed<T>, Diagnostic> {
    let text = read_text(root, path)?;
    if text.trim().is_empty() {
        return Err(Diagnostic::error(path, 0, 0, "the file is empty").with_hint("write its contents, or remove it"));
    }
    let value = parse(&text)?;
    Ok(Parsed { path: path.to_path_buf(), text, value })
}

fn unknown_hint(id: &str, known: &[&str], revision: &str) -> String {
    match closest(id, known) {
        Some(c) => format!("did you mean `{c}`?"),
        None => {
            format!("amendments on {revision} target elements of {revision}; check the id in revisions/{revision}.yaml")
        }
    }
}

/// `did you mean `BRA`?`, `did you mean Brazil (BRA)?`, else where to declare it.
fn unknown_code_hint(code: &str, names: &Names) -> String {
    match names.suggestion(code) {
        Some(c) if c.contains(' ') || c.contains('(') => format!("did you mean {c}?"),
        Some(c) => format!("did you mean `{c}`?"),
        None => "declare it in delegations.yaml".to_owned(),
    }
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

/// A delegation or group code: letters, digits, `-`, `_`.
fn is_code(s: &str) -> bool {
    !s.is_empty() && s.len() <= 32 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A revision id is used to build a file name, so it is strict: no separators, no `..`.
pub fn is_revision_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && !s.starts_with('.')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// An element id: a word of letters, digits, `-`, `_`, `.` (Unicode letters allowed).
pub fn is_element_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && !s.starts_with('.')
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

fn is_amendment_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 200
        && !s.contains("..")
        && s.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
}

/// A calendar date written `YYYY-MM-DD`.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| {
        s.get(r).filter(|x| x.bytes().all(|c| c.is_ascii_digit())).and_then(|x| x.parse::<u32>().ok())
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else { return false };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_calendar_dates() {
        assert!(is_date("2022-07-22"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2022-13-01"));
        assert!(!is_date("22-07-2022"));
        assert!(!is_date("2022-7-22"));
    }

    #[test]
    fn revision_ids_cannot_escape_the_folder() {
        assert!(is_revision_id("rev1"));
        assert!(is_revision_id("oewg-2021-final"));
        assert!(!is_revision_id("../etc/passwd"));
        assert!(!is_revision_id("a/b"));
        assert!(!is_revision_id(".hidden"));
        assert!(!is_revision_id(""));
    }
}
