//! Helpers shared by the fuzz targets: a negotiation folder built around the minimal
//! fixture (so a fuzzed file meets valid neighbours and the loader gets past the first
//! file), negotiations built in memory for the engine, and the invariants every analysis
//! must keep, checked after each successful load.
//!
//! The targets themselves are in `fuzz_targets/`; how to run them is in
//! `docs/robustness.md` and `scripts/fuzz.sh`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use concord::attribution::{Analysis, ElementDiff, analyze, blame_spans};
use concord::diff::Hunk;
use concord::draft::{Amendment, Delegation, Group, Negotiation, Operation, Paragraph, Revision};
use concord::text::Tokenized;

/// The files of `tests/fixtures/minimal`, compiled in so a target runs from any folder.
pub const MINIMAL: &[(&str, &str)] = &[
    ("negotiation.yaml", include_str!("../../tests/fixtures/minimal/negotiation.yaml")),
    ("delegations.yaml", include_str!("../../tests/fixtures/minimal/delegations.yaml")),
    ("revisions/r0.yaml", include_str!("../../tests/fixtures/minimal/revisions/r0.yaml")),
    ("revisions/r1.yaml", include_str!("../../tests/fixtures/minimal/revisions/r1.yaml")),
    ("revisions/r2.yaml", include_str!("../../tests/fixtures/minimal/revisions/r2.yaml")),
    ("amendments/r1/lmg.yaml", include_str!("../../tests/fixtures/minimal/amendments/r1/lmg.yaml")),
    ("amendments/r1/nld.yaml", include_str!("../../tests/fixtures/minimal/amendments/r1/nld.yaml")),
];

/// A copy of the minimal fixture in a temporary folder, one file of which each run
/// replaces with the fuzzed bytes.
pub struct Folder {
    root: PathBuf,
    target: PathBuf,
}

impl Folder {
    /// Writes the minimal fixture to a fresh temporary folder; `file` (relative to it) is
    /// the file the fuzzer writes. The folder is left behind when libFuzzer exits (it
    /// does not run destructors); it is a few kilobytes under the system's temp folder.
    pub fn minimal(file: &str) -> Folder {
        let root = tempfile::Builder::new().prefix("concord-fuzz-").tempdir().expect("temporary folder").keep();
        for (rel, text) in MINIMAL {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
            fs::write(path, text).expect("write fixture");
        }
        let target = root.join(file);
        fs::create_dir_all(target.parent().expect("a parent")).expect("create folder");
        Folder { root, target }
    }

    /// Replaces the fuzzed file with `bytes`, loads the folder and, when it loads,
    /// analyses it and checks the engine's invariants.
    pub fn run(&self, bytes: &[u8]) {
        fs::write(&self.target, bytes).expect("write the fuzzed file");
        if let Ok(loaded) = concord::draft::load(&self.root) {
            exercise(&loaded.negotiation);
        }
    }

    /// The folder's root.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// Analyses `n` (every pair of revisions, blame, convergence) and checks the invariants
/// of `tests/engine_properties.rs`: each component's hunks replay the old words into the
/// new ones and reject back; an exact credit and a (not partial) blame name only
/// amendments that proposed the words; blame covers every word of every paragraph once.
pub fn exercise(n: &Negotiation) {
    let a = analyze(n);
    let count = n.revisions.len();
    for from in 0..count {
        for to in from + 1..count {
            check_diff(&a, from, to);
        }
    }
    for (r, revision) in n.revisions.iter().enumerate() {
        for (j, p) in revision.paragraphs.iter().enumerate() {
            let mut at = 0;
            for span in blame_spans(&a.origins[r][j]) {
                assert_eq!(span.words.start, at, "blame skips or repeats words in {}/{}", revision.id, p.id);
                at = span.words.end;
                // Words credited to an amendment (not partially) are words it proposed.
                if let (Some(am), false) = (span.origin.amendment, span.origin.partial) {
                    let proposed = Tokenized::new(a.amendments[am as usize].proposed.as_deref().unwrap_or(""));
                    let proposed: Vec<&str> = proposed.tokens().collect();
                    for t in span.words.clone() {
                        let word = p.text.token(t);
                        assert!(
                            proposed.contains(&word),
                            "{}/{}: `{word}` credited to {}, which did not propose it",
                            revision.id,
                            p.id,
                            n.amendments[am as usize].id
                        );
                    }
                }
            }
            assert_eq!(at, p.text.len(), "blame does not reach the end of {}/{}", revision.id, p.id);
        }
    }
    assert_eq!(a.amendments.len(), n.amendments.len(), "one result per amendment");
    for result in &a.amendments {
        assert!((0.0..=1.0).contains(&result.similarity), "similarity out of range: {}", result.similarity);
    }
    let _ = concord::convergence::analyze(&a);
}

/// Checks replay and reject per component: the elements that share their old elements (a
/// split gives several new elements the same `old`), their new words concatenated and
/// each element's hunks shifted to the concatenation.
fn check_diff(a: &Analysis, from: usize, to: usize) {
    let diff = a.diff(from, to);
    let mut components: BTreeMap<Vec<usize>, Vec<&ElementDiff>> = BTreeMap::new();
    for (k, e) in diff.elements.iter().enumerate() {
        // An added element has no old element: it is a component of its own.
        let key = if e.old.is_empty() { vec![usize::MAX - k] } else { e.old.clone() };
        components.entry(key).or_default().push(e);
    }
    for elements in components.values() {
        let old: Vec<u32> = elements[0].old.iter().flat_map(|&i| a.ids[from][i].iter().copied()).collect();
        let mut new: Vec<u32> = Vec::new();
        let mut hunks: Vec<Hunk> = Vec::new();
        for e in elements {
            let shift = new.len();
            hunks.extend(
                e.hunks.iter().map(|h| Hunk {
                    old: h.old_words.clone(),
                    new: h.new_words.start + shift..h.new_words.end + shift,
                }),
            );
            new.extend(e.new.map(|j| a.ids[to][j].clone()).unwrap_or_default());
        }
        let id = &elements[0].id;
        // An exact credit names an amendment that proposed every word the hunk inserts.
        for h in elements.iter().flat_map(|e| &e.hunks) {
            for c in h.credits.iter().filter(|c| c.exact) {
                let proposed = Tokenized::new(a.amendments[c.amendment].proposed.as_deref().unwrap_or(""));
                let proposed: Vec<&str> = proposed.tokens().collect();
                let inserted = Tokenized::new(&h.new);
                let foreign: Vec<&str> = inserted.tokens().filter(|w| !proposed.contains(w)).collect();
                assert!(foreign.is_empty(), "{id} ({from}->{to}): exact credit with words not proposed: {foreign:?}");
            }
        }
        assert_eq!(replay(&old, &new, &hunks), new, "hunks of {id} ({from}->{to}) do not replay");
        assert_eq!(reject(&old, &new, &hunks), old, "hunks of {id} ({from}->{to}) do not reject");
    }
}

/// Applies hunks (old ranges → new words) to the old words.
pub fn replay<T: Clone>(old: &[T], new: &[T], hunks: &[Hunk]) -> Vec<T> {
    let mut out = Vec::new();
    let mut at = 0;
    for h in hunks {
        assert!(at <= h.old.start && h.old.start <= h.old.end && h.old.end <= old.len(), "hunk out of order");
        assert!(h.new.end <= new.len(), "hunk past the new words");
        out.extend_from_slice(&old[at..h.old.start]);
        out.extend_from_slice(&new[h.new.clone()]);
        at = h.old.end;
    }
    out.extend_from_slice(&old[at..]);
    out
}

/// Rejects every hunk: the old words rebuilt from the new ones.
pub fn reject<T: Clone>(old: &[T], new: &[T], hunks: &[Hunk]) -> Vec<T> {
    let mut out = Vec::new();
    let mut at = 0;
    for h in hunks {
        assert!(at <= h.new.start && h.new.start <= h.new.end && h.new.end <= new.len(), "hunk out of order");
        out.extend_from_slice(&new[at..h.new.start]);
        out.extend_from_slice(&old[h.old.clone()]);
        at = h.new.end;
    }
    out.extend_from_slice(&new[at..]);
    out
}

/// A paragraph as the loader would build it (the loader refuses empty texts: so do we).
pub fn paragraph(id: &str, text: &str) -> Option<Paragraph> {
    if text.trim().is_empty() {
        return None;
    }
    Some(Paragraph {
        id: id.to_owned(),
        number: String::new(),
        section: String::new(),
        from: Vec::new(),
        status: None,
        dissociated_by: Vec::new(),
        text: Tokenized::new(text),
        line: 1,
    })
}

/// A revision of the paragraphs `p0`, `p1`… with the given texts (empty texts skipped).
pub fn revision(id: &str, texts: &[&str]) -> Revision {
    Revision {
        id: id.to_owned(),
        title: id.to_owned(),
        date: None,
        symbol: None,
        paragraphs: texts.iter().enumerate().filter_map(|(i, t)| paragraph(&format!("p{i}"), t)).collect(),
        path: PathBuf::from(format!("revisions/{id}.yaml")),
    }
}

/// A negotiation of the given revisions (baseline first) and amendments, with the
/// delegations AAA and BBB and the group GRP of both.
pub fn negotiation(revisions: Vec<Revision>, amendments: Vec<Amendment>) -> Negotiation {
    let delegations: BTreeMap<String, Delegation> = ["AAA", "BBB"]
        .iter()
        .map(|c| (c.to_string(), Delegation { code: c.to_string(), name: format!("Delegation {c}") }))
        .collect();
    let groups = BTreeMap::from([(
        "GRP".to_owned(),
        Group { code: "GRP".into(), name: "Group".into(), members: vec!["AAA".into(), "BBB".into()] },
    )]);
    Negotiation {
        root: PathBuf::from("fuzz"),
        title: "Fuzz".into(),
        baseline: revisions[0].id.clone(),
        revisions,
        delegations,
        groups,
        amendments,
        convergence: Default::default(),
    }
}

/// An amendment as the loader would accept it: `None` when its anchor does not pin one
/// place in its element, or a text it needs is empty.
pub fn amendment(k: usize, by: &str, revision: &Revision, element: &str, operation: Operation) -> Option<Amendment> {
    let target = revision.paragraph(element);
    let nonempty = |s: &str| !s.trim().is_empty();
    let valid = match &operation {
        Operation::Add { text, .. } => target.is_none() && nonempty(text),
        Operation::Replace { with, .. } => target.is_some() && nonempty(with),
        Operation::Insert { text, .. } | Operation::Text { text } => target.is_some() && nonempty(text),
        Operation::Delete { .. } | Operation::DeleteParagraph => target.is_some(),
    };
    if !valid || concord::attribution::proposal::apply(&operation, target).is_err() {
        return None;
    }
    Some(Amendment {
        id: format!("a{k}"),
        revision: revision.id.clone(),
        by: by.to_owned(),
        on_behalf_of: Vec::new(),
        date: Some("2022-01-01".into()),
        element: element.to_owned(),
        operation,
        supported_by: Vec::new(),
        opposed_by: Vec::new(),
        note: None,
        withdrawn: None,
        path: PathBuf::from("amendments/fuzz.yaml"),
        line: 1,
    })
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder") {
        let entry = entry.expect("folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
