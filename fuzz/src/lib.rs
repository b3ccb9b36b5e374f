//! The fuzz targets' bodies and their checks: a negotiation folder built around the
//! minimal fixture (so a fuzzed file meets valid neighbours and the loader gets past the
//! first file), negotiations built in memory for the engine, and the invariants every
//! analysis must keep, checked after each successful load.
//!
//! Each target in `fuzz_targets/` calls one function here, and `tests/robustness.rs`
//! includes this file to run the same functions on the seeds in `fuzz/seeds/` and the
//! crash inputs in `fuzz/regressions/`, and on mutants of the seeds
//! (`mutated_seeds_pass_every_check`), so a short run of every check needs no fuzzer.
//! How to fuzz: `docs/robustness.md` and `scripts/fuzz.sh`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use std::collections::BTreeSet;
use std::io::{Cursor, Write};

use concord::attribution::proposal::apply;
use concord::attribution::{Analysis, ElementDiff, analyze, blame_spans};
use concord::bound::Limits;
use concord::compile::compile;
use concord::compile::docx::tables;
use concord::compile::table::{csv_grid, markdown_grid, table};
use concord::compile::write::{amendments_yaml, id};
use concord::diff::{Hunk, similarity, word_diff};
use concord::draft::anchor::{AnchorError, locate};
use concord::draft::{Amendment, Delegation, Group, Negotiation, Operation, Paragraph, Revision, is_element_id, load};
use concord::import::Document;
use concord::import::align::align;
use concord::import::docx::{View, read as read_docx};
use concord::import::text::{from_docx, from_markdown, from_text};
use concord::import::write::{Meta, revision_yaml};
use concord::text::{Interner, Tokenized, is_punctuation};

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
    dir: tempfile::TempDir,
    target: PathBuf,
}

impl Folder {
    /// Writes the minimal fixture to a fresh temporary folder; `file` (relative to it) is
    /// the file the fuzzer writes. The folder is removed when the `Folder` is dropped; a
    /// fuzzer keeps it until it exits, and libFuzzer exits without running destructors, so
    /// a few kilobytes stay in the system's temporary folder.
    pub fn minimal(file: &str) -> Folder {
        let dir = tempfile::Builder::new().prefix("concord-fuzz-").tempdir().expect("temporary folder");
        let root = dir.path();
        for (rel, text) in MINIMAL {
            let path = root.join(rel);
            fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
            fs::write(path, text).expect("write fixture");
        }
        let target = root.join(file);
        fs::create_dir_all(target.parent().expect("a parent")).expect("create folder");
        Folder { dir, target }
    }

    /// Replaces the fuzzed file with `bytes`, loads the folder and, when it loads,
    /// analyses it and checks the engine's invariants.
    pub fn run(&self, bytes: &[u8]) {
        fs::write(&self.target, bytes).expect("write the fuzzed file");
        if let Ok(loaded) = load(self.dir.path()) {
            exercise(&loaded.negotiation);
        }
    }

    /// The folder's root.
    pub fn root(&self) -> &Path {
        self.dir.path()
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
        reserved_by: Vec::new(),
        objected_by: Vec::new(),
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
        state: concord::draft::RevisionState::Open,
        paragraphs: texts.iter().enumerate().filter_map(|(i, t)| paragraph(&format!("p{i}"), t)).collect(),
        path: PathBuf::from(format!("revisions/{id}.yaml")),
        lookup: Default::default(),
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

// ----- the targets -----

/// `anchor`: anchor resolution and amendment application on a fuzzed paragraph and
/// phrase. Input: `paragraph \0 phrase \0 with` (UTF-8, lossily decoded). `locate` must
/// agree with a brute-force count of the phrase's occurrences, token by token; applying
/// a replace, delete or insert must succeed exactly when the anchor is found, and keep
/// the new words verbatim.
pub fn anchor(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\0');
    let text = parts.next().unwrap_or_default();
    let phrase = parts.next().unwrap_or_default();
    let with = parts.next().unwrap_or("x");

    let t = Tokenized::new(text);
    let needle = Tokenized::new(phrase);
    let words: Vec<&str> = t.tokens().collect();
    let wanted: Vec<&str> = needle.tokens().collect();
    let count = if wanted.is_empty() { 0 } else { words.windows(wanted.len()).filter(|w| *w == wanted).count() };
    let found = locate(&t, phrase);
    match &found {
        Ok(r) => {
            assert_eq!(count, 1, "located a phrase that occurs {count} times");
            assert_eq!(&words[r.clone()], wanted.as_slice());
        }
        Err(AnchorError::Empty) => assert!(wanted.iter().all(|w| is_punctuation(w))),
        Err(AnchorError::Missing) => assert_eq!(count, 0),
        Err(AnchorError::Ambiguous(n)) => assert_eq!(*n, count),
    }

    let Some(p) = paragraph("p", text) else { return };
    let ops = [
        Operation::Replace { phrase: phrase.into(), with: with.into() },
        Operation::Delete { phrase: phrase.into() },
        Operation::Insert { text: with.into(), anchor: phrase.into(), before: false },
        Operation::Insert { text: with.into(), anchor: phrase.into(), before: true },
    ];
    for op in &ops {
        let applied = apply(op, Some(&p));
        assert_eq!(applied.is_ok(), found.is_ok(), "apply and locate disagree on {op:?}");
        if let Ok(Some(proposed)) = applied
            && !matches!(op, Operation::Delete { .. })
        {
            assert!(proposed.contains(with.trim()), "{op:?} lost its words: {proposed:?}");
        }
    }
}

/// `engine`: the word diff of two token lists, and the whole analysis (alignment, diff,
/// attribution, blame, convergence) of a negotiation built from them.
///
/// Input, UTF-8 (lossily decoded), parts separated by `\0`:
/// `old revision \0 new revision \0 amendment \0 amendment …`. A revision's paragraphs
/// (`p0`, `p1`…) are separated by a blank line. An amendment is `<op><paragraph> <args>`,
/// args separated by `|`: `r0 phrase|with`, `i1 text|after`, `b0 text|before`,
/// `d0 phrase`, `t0 text`, `x0` (delete the paragraph), `a9 text` (add `p9`). The
/// negotiation is the old text as baseline `r0` and as `r1`, the amendments on `r1`,
/// and the new text as `r2`; amendments the loader would refuse are dropped.
pub fn engine(data: &[u8]) {
    let input = String::from_utf8_lossy(data);
    let mut parts = input.split('\0');
    let old = parts.next().unwrap_or_default();
    let new = parts.next().unwrap_or_default();

    // The word diff alone, on the whole texts.
    let (a, b) = (Tokenized::new(old), Tokenized::new(new));
    let mut interner = Interner::new();
    let ids = |t: &Tokenized, i: &mut Interner| -> Vec<u32> { t.tokens().map(|w| i.intern(w)).collect() };
    let (x, y) = (ids(&a, &mut interner), ids(&b, &mut interner));
    let hunks = word_diff(&x, &y);
    assert_eq!(replay(&x, &y, &hunks), y);
    assert_eq!(reject(&x, &y, &hunks), x);
    assert!(word_diff(&x, &x).is_empty(), "a text differs from itself");
    let s = similarity(&a, &b);
    assert!((0.0..=1.0).contains(&s), "similarity {s}");

    // The whole analysis.
    let old_texts: Vec<&str> = old.split("\n\n").collect();
    let new_texts: Vec<&str> = new.split("\n\n").collect();
    let (r0, r1, r2) = (revision("r0", &old_texts), revision("r1", &old_texts), revision("r2", &new_texts));
    if r0.paragraphs.is_empty() || r2.paragraphs.is_empty() {
        return; // the loader refuses a revision without paragraphs
    }
    let amendments = parts
        .enumerate()
        .filter_map(|(k, spec)| {
            let (element, op) = operation(spec, &r1)?;
            amendment(k, if k % 2 == 0 { "GRP" } else { "AAA" }, &r1, &element, op)
        })
        .collect();
    exercise(&negotiation(vec![r0, r1, r2], amendments));
}

/// `r0 phrase|with` → (`p0`, Replace { phrase, with }).
fn operation(spec: &str, r: &Revision) -> Option<(String, Operation)> {
    let mut chars = spec.chars();
    let op = chars.next()?;
    let digit = chars.next().and_then(|c| c.to_digit(10)).unwrap_or(0) as usize;
    let rest = chars.as_str().strip_prefix(' ').unwrap_or(chars.as_str());
    let mut args = rest.split('|');
    let (first, second) = (args.next().unwrap_or_default().to_owned(), args.next().unwrap_or_default().to_owned());
    let element = match op {
        'a' => format!("p{digit}"),
        _ => r.paragraphs.get(digit % r.paragraphs.len())?.id.clone(),
    };
    let operation = match op {
        'r' => Operation::Replace { phrase: first, with: second },
        'i' => Operation::Insert { text: first, anchor: second, before: false },
        'b' => Operation::Insert { text: first, anchor: second, before: true },
        'd' => Operation::Delete { phrase: first },
        't' => Operation::Text { text: first },
        'x' => Operation::DeleteParagraph,
        'a' => Operation::Add { text: first, after_element: None },
        _ => return None,
    };
    Some((element, operation))
}

/// The bound the import targets read within: small, so that inputs of a few kilobytes
/// reach it (a long heading over many paragraphs, a long automatic number, many short
/// paragraphs), and the errors it gives are exercised, not only the reading below it.
pub const IMPORT_LIMITS: Limits =
    Limits { text_bytes: 32 << 10, items: 1_000, items_name: "paragraphs", label_chars: 256 };

/// The same for the tables of a compilation.
pub const TABLE_LIMITS: Limits =
    Limits { text_bytes: 32 << 10, items: 4_000, items_name: "table rows and cells", label_chars: 256 };

/// `import_text`: import of plain text and Markdown, within [`IMPORT_LIMITS`]. The
/// document is read (Markdown without its comments and hidden HTML), aligned to a
/// revision and written as a revision file, which must read back exactly as written
/// (`revision_yaml` checks that itself and returns an error otherwise), with ids the
/// loader accepts, each used once; what was read keeps within the bound.
pub fn import_text(data: &[u8]) {
    let Ok(source) = std::str::from_utf8(data) else { return };
    if let Ok(doc) = from_text(source, IMPORT_LIMITS) {
        import_document(doc);
    }
    if let Ok(doc) = from_markdown(source, IMPORT_LIMITS) {
        import_document(doc);
    }
}

/// Checks that `doc` keeps within [`IMPORT_LIMITS`], as written: each paragraph with its
/// number and section.
fn within_bound(doc: &Document) {
    let bytes: usize = doc.paragraphs.iter().map(|p| p.number.len() + p.section.len() + p.text.len()).sum();
    assert!(bytes <= IMPORT_LIMITS.text_bytes, "the import made {bytes} bytes, past its bound");
    assert!(doc.paragraphs.len() <= IMPORT_LIMITS.items, "the import made {} paragraphs", doc.paragraphs.len());
}

fn import_document(doc: Document) {
    within_bound(&doc);
    if doc.paragraphs.is_empty() {
        return;
    }
    let previous = revision(
        "r1",
        &[
            "States met to discuss the security of information technologies.",
            "States should respect the voluntary norms of responsible behaviour.",
        ],
    );
    let ids = align(&previous, &doc.paragraphs);
    assert_eq!(ids.len(), doc.paragraphs.len(), "one id per paragraph");
    let mut seen = BTreeSet::new();
    for a in &ids {
        assert!(is_element_id(&a.id), "import made the invalid element id {:?}", a.id);
        assert!(seen.insert(a.id.clone()), "import gave the id {:?} twice", a.id);
    }
    let meta = Meta { id: "r2".into(), title: doc.title.clone(), date: doc.date.clone(), symbol: doc.symbol.clone() };
    if let Err(e) = revision_yaml(&meta, &doc.paragraphs, &ids) {
        panic!("the imported revision cannot be written: {e}\n{doc:#?}");
    }
}

/// `import_pdf_layout`: concord's reading of the words and boxes `pdftotext -bbox` gives
/// for a PDF (Poppler itself runs in its own process with limits, and is fuzzed by its
/// own project). A first byte below 128 takes the rest as Poppler's XHTML; otherwise the
/// bytes place words on pages, five bytes a word (page, across, down, size, which word),
/// so the layout rules meet every arrangement. Reading never panics, its text is not
/// longer than its words allow, and the document imports as any other.
pub fn import_pdf_layout(data: &[u8]) {
    use concord::import::pdf::layout::{Page, Word};
    use concord::import::pdf::{from_pages, poppler::parse_bbox};
    let Some((&mode, rest)) = data.split_first() else { return };
    let pages = if mode < 128 {
        let Ok(xhtml) = std::str::from_utf8(rest) else { return };
        let Ok(pages) = parse_bbox(xhtml) else { return };
        pages
    } else {
        const WORDS: [&str; 16] = [
            "1.", "Pp1", "(a)", "Article", "States", "agreed", "well-", "being", "[text]", "Option", "1:", "*", "2",
            "A.", "DRAFT", "Page",
        ];
        let mut pages = vec![Page { width: 595.0, height: 842.0, words: Vec::new() }; 1 + usize::from(mode % 4)];
        for w in rest.chunks_exact(5) {
            let n = pages.len();
            let page = &mut pages[usize::from(w[0]) % n];
            let (x, y, size) = (f64::from(w[1]) * 2.3, f64::from(w[2]) * 3.3, 4.0 + f64::from(w[3] % 16));
            let text = WORDS[usize::from(w[4]) % WORDS.len()];
            let width = size * 0.5 * text.len() as f64;
            page.words.push(Word { text: text.into(), x0: x, y0: y, x1: x + width, y1: y + size });
        }
        pages
    };
    let chars: usize = pages.iter().flat_map(|p| &p.words).map(|w| w.text.chars().count() + 1).sum();
    let doc = from_pages(&pages);
    let out: usize = doc.paragraphs.iter().map(|p| p.text.chars().count() + p.number.chars().count()).sum::<usize>()
        + doc.paragraphs.iter().flat_map(|p| &p.footnotes).map(|f| f.chars().count()).sum::<usize>();
    assert!(out <= 2 * chars, "{out} characters read from {chars}");
    let parts: usize = doc.parts.iter().map(|p| p.count).sum();
    assert!(parts <= doc.paragraphs.len(), "parts hold {parts} of {} paragraphs", doc.paragraphs.len());
    import_document(doc);
}

/// `import_docx`: a .docx on fuzzed bytes: the zip container, the encrypted and
/// legacy-Word signatures, the package's relationships, the XML parts in each view of
/// tracked changes (hidden text, field codes, numbering), and the tables
/// `import-amendments` reads, within [`IMPORT_LIMITS`] and [`TABLE_LIMITS`]. Reading
/// fails with an error or succeeds, and what it makes keeps within the bound; it never
/// panics and never exhausts memory.
pub fn import_docx(data: &[u8]) {
    for view in [View::Accepted, View::Rejected, View::Shown] {
        if let Ok(read) = read_docx(data, view, IMPORT_LIMITS) {
            let bytes: usize = read.paragraphs.iter().map(|p| p.text.len()).sum();
            assert!(bytes <= IMPORT_LIMITS.text_bytes, "the .docx read as {bytes} bytes, past its bound");
            assert!(read.paragraphs.len() <= IMPORT_LIMITS.items, "{} paragraphs", read.paragraphs.len());
            if let Ok(doc) = from_docx(&read.paragraphs, IMPORT_LIMITS) {
                within_bound(&doc);
            }
        }
    }
    if let Ok(grids) = tables(data, TABLE_LIMITS) {
        let cells: usize = grids.iter().flatten().map(|(_, row)| 1 + row.len()).sum();
        assert!(cells <= TABLE_LIMITS.items, "the tables hold {cells} rows and cells, past their bound");
    }
}

/// `import_docx_xml`: a .docx whose XML parts are fuzzed inside a valid zip. The input is
/// split at `\0` into `word/document.xml`, `word/styles.xml`, `word/numbering.xml`,
/// `_rels/.rels` and `word/_rels/document.xml.rels` (each absent when missing: without
/// `_rels/.rels`, the package is read by the usual names), which are packed into a zip
/// and read like [`import_docx`]. This reaches the XML reading that random bytes rarely
/// get past the zip container to.
pub fn import_docx_xml(data: &[u8]) {
    let mut parts = data.split(|&b| b == 0);
    let names = DOCX_XML_PARTS;
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for name in names {
        let Some(part) = parts.next() else { break };
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(part).expect("zip write");
    }
    import_docx(&zip.finish().expect("zip").into_inner());
}

/// The parts of an `import_docx_xml` input, in order.
pub const DOCX_XML_PARTS: [&str; 5] =
    ["word/document.xml", "word/styles.xml", "word/numbering.xml", "_rels/.rels", "word/_rels/document.xml.rels"];

/// `import_amendments`: a compilation of written inputs (CSV, or a Markdown table when the
/// input starts with `|` or `#`) compiled against a copy of a negotiation folder. Every
/// amendments file it makes must be written (its YAML reads back as written), be named by
/// a plain file name, and load with the folder: the command promises that what it writes
/// passes `concord check`.
pub struct Compilations {
    dir: tempfile::TempDir,
    negotiation: Negotiation,
}

impl Compilations {
    /// A copy of the negotiation folder `drafts` to compile against.
    pub fn new(drafts: &Path) -> Compilations {
        let dir = tempfile::Builder::new().prefix("concord-fuzz-").tempdir().expect("temporary folder");
        copy_dir(drafts, dir.path());
        let negotiation = load(dir.path()).expect("the negotiation loads").negotiation;
        Compilations { dir, negotiation }
    }

    /// Compiles `data` and checks what would be written.
    pub fn run(&self, data: &[u8]) {
        let Ok(text) = std::str::from_utf8(data) else { return };
        let grid = if text.starts_with('|') || text.starts_with('#') {
            markdown_grid(text, TABLE_LIMITS)
        } else {
            csv_grid(text, false, TABLE_LIMITS)
        };
        let Ok(table) = grid.and_then(table) else { return };
        let n = &self.negotiation;
        let revision = n.revisions.len() - 1;
        let rev_id = &n.revisions[revision].id;
        let compiled = compile(n, revision, &table);
        if compiled.files.is_empty() {
            return;
        }
        let folder = self.dir.path().join("amendments").join(rev_id);
        let _ = fs::remove_dir_all(&folder);
        fs::create_dir_all(&folder).expect("amendments folder");
        for f in &compiled.files {
            let plain = !f.stem.is_empty()
                && !f.stem.starts_with('.')
                && f.stem.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            assert!(plain, "the amendments file name {:?} is not a plain file name", f.stem);
            let ids: Vec<String> = (1..=f.entries.len()).map(|k| id(rev_id, &f.stem, k)).collect();
            let yaml = match amendments_yaml(f, "fuzz.csv", &ids) {
                Ok(y) => y,
                Err(e) => panic!("the amendments of {} cannot be written: {e}\n{f:#?}", f.proposer.by),
            };
            fs::write(folder.join(format!("{}.yaml", f.stem)), yaml).expect("write amendments");
        }
        if let Err(problems) = load(self.dir.path()) {
            panic!("import-amendments made files that do not pass check:\n{problems:?}\n{:#?}", compiled.files);
        }
        fs::remove_dir_all(&folder).expect("clear the amendments");
    }
}

/// Runs the target named `target` on `data`, outside the fuzzer (`compilations` serves
/// `import_amendments`).
pub fn replay_input(target: &str, data: &[u8], compilations: &Compilations) {
    match target {
        "anchor" => anchor(data),
        "engine" => engine(data),
        "import_text" => import_text(data),
        "import_docx" => import_docx(data),
        "import_docx_xml" => import_docx_xml(data),
        "import_pdf_layout" => import_pdf_layout(data),
        "import_amendments" => compilations.run(data),
        "revision_reader" => revision_reader(data),
        other => match fuzzed_file(other) {
            Some(file) => Folder::minimal(file).run(data),
            None => panic!("no fuzz target {other}"),
        },
    }
}

/// The fast reader of revision files against the YAML parser: on every input the fast
/// reader accepts, the parser must accept it too and read the same values at the same
/// lines and columns.
pub fn revision_reader(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Some(fast) = concord::draft::block::revision(text) else { return };
    match concord::draft::yaml::parse::<concord::draft::raw::RawRevision>(Path::new("r1.yaml"), text) {
        Ok(slow) => assert_eq!(fast, slow, "the readers disagree"),
        Err(e) => panic!("the fast reader accepted a file the YAML parser refuses: {}", e.message),
    }
}

/// The file of the minimal fixture that a loader target replaces with its input
/// (`load_revision` -> `revisions/r1.yaml`); `None` for the other targets.
pub fn fuzzed_file(target: &str) -> Option<&'static str> {
    match target {
        "load_negotiation" => Some("negotiation.yaml"),
        "load_delegations" => Some("delegations.yaml"),
        "load_revision" => Some("revisions/r1.yaml"),
        "load_amendments" => Some("amendments/r1/fuzz.yaml"),
        _ => None,
    }
}
