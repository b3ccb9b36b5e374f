//! The hand-written hard cases of `tests/hard/`: small negotiations written from situations
//! that real negotiations produce (rival proposals, stock phrases, late take-up after a
//! split, sliding insertions, typography, blame across revisions, outcomes that change
//! later, and more), each with the outcomes, credits and blame a careful negotiator gives,
//! written down by hand in its `expect.yaml` before concord was run on it (schema in
//! `tests/hard/README.md`).
//!
//! For every case the test runs the binary (`check`, `amendments`, `diff` for every step,
//! `blame`) and compares its JSON with the expectations, accepting the listed
//! alternatives. It prints a table per case and per class, and fails when a case is wrong
//! unless `tests/hard/KNOWN_LIMITS.md` lists it with the reason; a listed case that is now
//! right fails too, so the list cannot go stale. A broken case (an expectation naming an
//! amendment that does not exist, a phrase that is not in the text) always fails.
//!
//! Phrases are found in the texts by their characters (runs of ASCII spacing count as one
//! space), then mapped to concord's tokens only to read the token ranges of its JSON, so a
//! tokenizer that changes how it splits words still answers the same question.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use concord::text::Tokenized;
use serde::Deserialize;
use serde_json::Value;

#[allow(dead_code)] // the harness reads failures too, so it runs `concord` itself, not `stdout`
mod common;
use common::concord;

const CASES: &str = "tests/hard";
const KNOWN_LIMITS: &str = "tests/hard/KNOWN_LIMITS.md";

/// The classes a case may name (`classes:`), in the order of the tables.
const CLASSES: &[(&str, &str)] = &[
    ("rival", "rival proposals"),
    ("stock", "stock phrases, shared function words and sentence frames"),
    ("late", "late take-up after restructuring"),
    ("sliding", "sliding insertions and deletions"),
    ("typography", "typography: spaces, zero-width characters, quotes, elision"),
    ("blame", "blame across revisions"),
    ("later", "outcomes that change later"),
    ("compromise", "compromises between two texts"),
    ("group", "a group and its members"),
    ("withdrawn", "withdrawals"),
    ("options", "options"),
    ("text", "whole-paragraph rewrites (`text:`)"),
    ("paragraphs", "new and deleted paragraphs (`add`, `delete_paragraph`)"),
    ("structure", "merges, splits and renames (`from:`)"),
    ("languages", "amendments in French, Spanish, Russian, Arabic and Chinese"),
];

// ---------------------------------------------------------------------------------------
// expect.yaml
// ---------------------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    classes: Vec<String>,
    why: String,
    #[serde(default)]
    check: Option<CheckExpect>,
    amendments: BTreeMap<String, AmendmentExpect>,
    #[serde(default)]
    steps: Vec<StepExpect>,
    #[serde(default)]
    blame: Vec<BlameExpect>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
struct CheckExpect {
    /// `ok` or `error`.
    expect: String,
    #[serde(default)]
    error_contains: Vec<String>,
    #[serde(default)]
    why: Option<String>,
    #[serde(default)]
    also_accept: Vec<CheckExpect>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AmendmentExpect {
    outcome: String,
    #[serde(default)]
    taken_up_in: Option<String>,
    #[serde(default)]
    superseded_later: Option<Later>,
    #[serde(default)]
    why: Option<String>,
    #[serde(default)]
    also_accept: Vec<OutcomeAlternative>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct OutcomeAlternative {
    outcome: String,
    #[serde(default)]
    taken_up_in: Option<String>,
    why: String,
}

/// A later revision settled the amendment's passage another way: the amendment object
/// must name one of `by` and the revision `in`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Later {
    #[serde(rename = "in")]
    revision: String,
    by: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepExpect {
    from: String,
    to: String,
    #[serde(default)]
    changes: Vec<ChangeExpect>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChangeExpect {
    element: String,
    #[serde(default)]
    ins: Option<String>,
    #[serde(default)]
    del: Option<String>,
    credited: Credited,
    #[serde(default)]
    chair: Option<bool>,
    /// The change may not show as a hunk at all (a typographic change); when it does,
    /// the credit applies.
    #[serde(default)]
    optional: bool,
    #[serde(default)]
    why: Option<String>,
    #[serde(default)]
    also_accept: Vec<CreditAlternative>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CreditAlternative {
    credited: Credited,
    why: String,
}

/// `chair` (no amendment) or a list of amendment ids.
#[derive(Debug, Deserialize, Clone)]
#[serde(untagged)]
enum Credited {
    Word(String),
    Ids(Vec<String>),
}

impl Credited {
    fn set(&self) -> Result<BTreeSet<String>, String> {
        match self {
            Credited::Word(w) if w == "chair" => Ok(BTreeSet::new()),
            Credited::Word(w) => Err(format!("credited: `{w}` is neither `chair` nor a list of amendment ids")),
            Credited::Ids(ids) => Ok(ids.iter().cloned().collect()),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BlameExpect {
    element: String,
    text: String,
    #[serde(default)]
    revision: Option<String>,
    #[serde(default)]
    since: Option<String>,
    by: String,
    #[serde(default)]
    why: Option<String>,
    #[serde(default)]
    also_accept: Vec<BlameAlternative>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BlameAlternative {
    #[serde(default)]
    since: Option<String>,
    by: String,
    why: String,
}

// ---------------------------------------------------------------------------------------
// The folder's own files, read independently of concord's loader
// ---------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct NegotiationFile {
    baseline: String,
    revisions: Vec<String>,
}

#[derive(Deserialize)]
struct RevisionFile {
    paragraphs: Vec<ParagraphFile>,
}

#[derive(Deserialize)]
struct ParagraphFile {
    id: String,
    text: String,
}

/// A case folder with its texts, by revision and element id.
struct Case {
    name: String,
    dir: PathBuf,
    expect: Expect,
    baseline: String,
    revisions: Vec<String>,
    texts: BTreeMap<String, BTreeMap<String, String>>,
}

fn read_yaml<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_saphyr::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_case(dir: &Path) -> Result<Case, String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let expect: Expect = read_yaml(&dir.join("expect.yaml"))?;
    let negotiation: NegotiationFile = read_yaml(&dir.join("negotiation.yaml"))?;
    let mut texts = BTreeMap::new();
    for revision in &negotiation.revisions {
        let file: RevisionFile = read_yaml(&dir.join("revisions").join(format!("{revision}.yaml")))?;
        let elements = file.paragraphs.into_iter().map(|p| (p.id, p.text)).collect();
        texts.insert(revision.clone(), elements);
    }
    for class in &expect.classes {
        if !CLASSES.iter().any(|(c, _)| c == class) {
            return Err(format!("unknown class `{class}` (see CLASSES in tests/hard_cases.rs)"));
        }
    }
    if expect.classes.is_empty() {
        return Err("`classes:` is empty".into());
    }
    Ok(Case {
        name,
        dir: dir.to_owned(),
        expect,
        baseline: negotiation.baseline,
        revisions: negotiation.revisions,
        texts,
    })
}

// ---------------------------------------------------------------------------------------
// Phrases: where the words of an expectation stand, in concord's tokens
// ---------------------------------------------------------------------------------------

/// `text` with every run of ASCII spacing made one space, and the byte offset in `text`
/// of every byte of the result (plus one past the end).
fn collapse(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len() + 1);
    let mut in_space = false;
    for (i, c) in text.char_indices() {
        if matches!(c, ' ' | '\n' | '\t' | '\r') {
            if !in_space && !out.is_empty() {
                out.push(' ');
                map.push(i);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        let start = out.len();
        out.push(c);
        map.extend((0..out.len() - start).map(|k| i + k));
    }
    if out.ends_with(' ') {
        out.pop();
        map.pop();
    }
    map.push(text.len());
    (out, map)
}

/// The tokens of `text` covered by the marked part of `phrase` (the part between `{{` and
/// `}}`, or the whole phrase), which must occur exactly once.
fn locate(text: &str, phrase: &str) -> Result<Range<usize>, String> {
    const OPEN: char = '\u{E000}';
    const CLOSE: char = '\u{E001}';
    let tokens = Tokenized::new(text);
    let marked = match (phrase.find("{{"), phrase.find("}}")) {
        (Some(a), Some(b)) if a < b => {
            phrase.replacen("{{", &OPEN.to_string(), 1).replacen("}}", &CLOSE.to_string(), 1)
        }
        (None, None) => format!("{OPEN}{phrase}{CLOSE}"),
        _ => return Err(format!("`{phrase}`: unbalanced {{{{ }}}}")),
    };
    let (marked, _) = collapse(&concord::text::nfc(&marked));
    let (p, q) = (marked.find(OPEN).unwrap(), marked.find(CLOSE).unwrap() - OPEN.len_utf8());
    let whole: String = marked.chars().filter(|&c| c != OPEN && c != CLOSE).collect();
    let (hay, map) = collapse(&tokens.text);
    let found: Vec<usize> = hay.match_indices(whole.as_str()).map(|(i, _)| i).collect();
    let at = match found.as_slice() {
        [one] => *one,
        [] => return Err(format!("`{phrase}` is not in the text")),
        _ => return Err(format!("`{phrase}` occurs {} times; quote more words", found.len())),
    };
    if q <= p {
        return Err(format!("`{phrase}`: nothing is marked"));
    }
    let (start, end) = (map[at + p], map[at + q - 1] + 1);
    let first = tokens.spans.iter().position(|s| s.end > start);
    let last = tokens.spans.iter().rposition(|s| s.start < end);
    match (first, last) {
        (Some(f), Some(l)) if f <= l => Ok(f..l + 1),
        _ => Err(format!("`{phrase}`: the marked words hold no token")),
    }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn range(v: &Value) -> Range<usize> {
    let a = v.as_array().expect("a [start, end] range");
    a[0].as_u64().unwrap() as usize..a[1].as_u64().unwrap() as usize
}

// ---------------------------------------------------------------------------------------
// Running concord
// ---------------------------------------------------------------------------------------

/// Runs concord on the case folder; `Ok(stdout)` on success, `Err(all output)` otherwise.
fn run(case: &Case, args: &[&str]) -> Result<String, String> {
    let output = concord(case.dir.to_str().unwrap(), args).output().expect("concord runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() { Ok(stdout) } else { Err(format!("{stdout}{stderr}")) }
}

fn run_json(case: &Case, args: &[&str]) -> Result<Value, String> {
    let out = run(case, args).map_err(|e| format!("concord {} failed: {}", args.join(" "), first_line(&e)))?;
    serde_json::from_str(&out).map_err(|e| format!("concord {}: invalid JSON: {e}", args.join(" ")))
}

fn first_line(s: &str) -> &str {
    s.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

// ---------------------------------------------------------------------------------------
// Judging a case
// ---------------------------------------------------------------------------------------

/// What went wrong with a case: differences from the expectations (the engine's answer),
/// or problems of the case itself (always fatal).
#[derive(Default)]
struct Verdict {
    wrong: Vec<String>,
    broken: Vec<String>,
}

/// Every alternative says why experts could disagree, and the case says what it is about.
fn missing_reasons(expect: &Expect) -> Vec<String> {
    let mut missing = Vec::new();
    let mut need = |why: &str, what: String| {
        if why.trim().is_empty() {
            missing.push(format!("{what}: `why:` is empty"));
        }
    };
    need(&expect.why, "the case".into());
    if let Some(c) = &expect.check {
        for a in &c.also_accept {
            need(a.why.as_deref().unwrap_or(""), "check: an alternative".into());
        }
    }
    for (id, a) in &expect.amendments {
        for alt in &a.also_accept {
            need(&alt.why, format!("{id}: an alternative"));
        }
    }
    for step in &expect.steps {
        for c in &step.changes {
            for alt in &c.also_accept {
                need(&alt.why, format!("{} → {} {}: an alternative", step.from, step.to, c.element));
            }
        }
    }
    for b in &expect.blame {
        for alt in &b.also_accept {
            need(&alt.why, format!("blame {} `{}`: an alternative", b.element, b.text));
        }
    }
    missing
}

/// The expectation's reason, to print under a wrong answer.
fn because(why: &Option<String>) -> String {
    match why {
        Some(w) => format!("\n        why: {}", w.split_whitespace().collect::<Vec<_>>().join(" ")),
        None => String::new(),
    }
}

fn judge(case: &Case) -> Verdict {
    let mut v = Verdict::default();
    v.broken.extend(missing_reasons(&case.expect));
    if !judge_check(case, &mut v) {
        return v;
    }
    let amendments = match run_json(case, &["amendments", "--format", "json"]) {
        Ok(j) => j,
        Err(e) => {
            v.wrong.push(e);
            return v;
        }
    };
    judge_amendments(case, &amendments, &mut v);
    judge_steps(case, &mut v);
    judge_blame(case, &mut v);
    v
}

/// Returns whether the other commands should run (the folder loads).
fn judge_check(case: &Case, v: &mut Verdict) -> bool {
    let result = run(case, &["check"]);
    let primary = case.expect.check.clone().unwrap_or(CheckExpect {
        expect: "ok".into(),
        error_contains: Vec::new(),
        why: None,
        also_accept: Vec::new(),
    });
    let mut accepted = vec![primary.clone()];
    accepted.extend(primary.also_accept.iter().cloned());
    let fits = |c: &CheckExpect| match (&result, c.expect.as_str()) {
        (Ok(_), "ok") => true,
        (Err(out), "error") => c.error_contains.iter().all(|s| out.contains(s.as_str())),
        _ => false,
    };
    if !accepted.iter().any(fits) {
        let said = match &result {
            Ok(_) => "passed".to_owned(),
            Err(out) => format!("failed: {}", first_line(out)),
        };
        let wanted = if primary.expect == "ok" {
            "to pass".to_owned()
        } else {
            format!("to fail naming {:?}", primary.error_contains)
        };
        v.wrong.push(format!("check {said} (expected {wanted}){}", because(&primary.why)));
    }
    result.is_ok()
}

fn judge_amendments(case: &Case, json: &Value, v: &mut Verdict) {
    let listed = json["amendments"].as_array().cloned().unwrap_or_default();
    let by_id: BTreeMap<String, &Value> =
        listed.iter().map(|a| (a["id"].as_str().unwrap_or("").to_owned(), a)).collect();
    for id in by_id.keys() {
        if !case.expect.amendments.contains_key(id) {
            v.broken.push(format!("amendment {id} has no expectation"));
        }
    }
    for (id, want) in &case.expect.amendments {
        let Some(got) = by_id.get(id) else {
            v.broken.push(format!("expect.yaml names {id}, which concord does not list"));
            continue;
        };
        let outcome = got["outcome"].as_str().unwrap_or("?");
        let taken = got["taken_up_in"].as_str().map(str::to_owned);
        let fits = |o: &str, t: &Option<String>| o == outcome && *t == taken;
        if !fits(&want.outcome, &want.taken_up_in) && !want.also_accept.iter().any(|a| fits(&a.outcome, &a.taken_up_in))
        {
            v.wrong.push(format!(
                "{id}: {} (expected {}){}",
                show_outcome(outcome, &taken),
                show_outcome(&want.outcome, &want.taken_up_in),
                because(&want.why)
            ));
        }
        if let Some(later) = &want.superseded_later
            && !names_later(got, later)
        {
            v.wrong.push(format!(
                "{id}: does not say it was superseded by {} in {}",
                later.by.join(" or "),
                later.revision
            ));
        }
    }
}

fn show_outcome(outcome: &str, taken: &Option<String>) -> String {
    match taken {
        Some(r) => format!("{outcome} in {r}"),
        None => outcome.to_owned(),
    }
}

/// Whether an amendment object names the later event: one of the ids and the revision,
/// among the values of its fields other than `id`, `revision` and `taken_up_in`.
fn names_later(amendment: &Value, later: &Later) -> bool {
    let mut strings = Vec::new();
    if let Some(map) = amendment.as_object() {
        for (k, val) in map {
            if !matches!(k.as_str(), "id" | "revision" | "taken_up_in") {
                collect_strings(val, &mut strings);
            }
        }
    }
    let has_word = |w: &str| strings.iter().any(|s| contains_word(s, w));
    later.by.iter().any(|id| has_word(id)) && has_word(&later.revision)
}

fn collect_strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| collect_strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| collect_strings(x, out)),
        _ => {}
    }
}

fn contains_word(hay: &str, word: &str) -> bool {
    let part = |c: char| c.is_alphanumeric() || "-_/.".contains(c);
    hay.match_indices(word).any(|(i, _)| {
        let before = hay[..i].chars().next_back().is_none_or(|c| !part(c));
        let after = hay[i + word.len()..].chars().next().is_none_or(|c| !part(c) || c == '.');
        before && after
    })
}

/// A hunk of concord's diff: its ranges in the old and new text, its credits and flag.
struct Hunk {
    element: String,
    old: Range<usize>,
    new: Range<usize>,
    text: String,
    credited: BTreeSet<String>,
    chair: bool,
}

fn hunks_of(diff: &Value) -> (Vec<Hunk>, BTreeMap<String, Vec<String>>) {
    let mut hunks = Vec::new();
    let mut from_ids = BTreeMap::new();
    for e in diff["elements"].as_array().into_iter().flatten() {
        let id = e["id"].as_str().unwrap().to_owned();
        let from: Vec<String> =
            e["from_ids"].as_array().into_iter().flatten().map(|x| x.as_str().unwrap().to_owned()).collect();
        from_ids.insert(id.clone(), from);
        for h in e["hunks"].as_array().into_iter().flatten() {
            let credited =
                h["credited"].as_array().into_iter().flatten().map(|c| c["amendment"].as_str().unwrap().to_owned());
            let (old, new) = (h["old"].as_str().unwrap_or(""), h["new"].as_str().unwrap_or(""));
            let text = match (old.is_empty(), new.is_empty()) {
                (true, _) => format!("+“{new}”"),
                (_, true) => format!("−“{old}”"),
                _ => format!("“{old}” → “{new}”"),
            };
            hunks.push(Hunk {
                element: id.clone(),
                old: range(&h["old_words"]),
                new: range(&h["new_words"]),
                text,
                credited: credited.collect(),
                chair: h["chair"].as_bool().unwrap_or(true),
            });
        }
    }
    (hunks, from_ids)
}

/// The tokens of `phrase` in the old text of an element: its `from_ids` in `from`, taken as
/// one text in order (a phrase may cross the seam of a merge). Whitespace always ends a
/// token, so the tokens of the joined text are those of the parts, in order.
fn locate_old(case: &Case, from: &str, ids: &[String], phrase: &str) -> Result<Range<usize>, String> {
    let mut parts = Vec::new();
    for id in ids {
        parts.push(case.texts[from].get(id).ok_or_else(|| format!("{id} is not in {from}"))?.as_str());
    }
    locate(&parts.join("\n"), phrase).map_err(|e| format!("{e} (old text of {})", ids.join(" + ")))
}

fn judge_steps(case: &Case, v: &mut Verdict) {
    for step in &case.expect.steps {
        let known = case.revisions.windows(2).any(|w| w[0] == step.from && w[1] == step.to);
        if !known {
            v.broken.push(format!("step {} → {} is not a step of the negotiation", step.from, step.to));
        }
    }
    for pair in case.revisions.windows(2) {
        let (from, to) = (&pair[0], &pair[1]);
        let diff = match run_json(case, &["diff", from, to, "--format", "json"]) {
            Ok(j) => j,
            Err(e) => {
                v.wrong.push(e);
                continue;
            }
        };
        let empty = StepExpect { from: from.clone(), to: to.clone(), changes: Vec::new() };
        let step = case.expect.steps.iter().find(|s| &s.from == from && &s.to == to).unwrap_or(&empty);
        judge_step(case, step, &diff, v);
    }
}

fn judge_step(case: &Case, step: &StepExpect, diff: &Value, v: &mut Verdict) {
    let (hunks, from_ids) = hunks_of(diff);
    let label = format!("{} → {}", step.from, step.to);
    // The hunks each expected change touches.
    let mut touched: Vec<Vec<usize>> = Vec::new();
    for c in &step.changes {
        let mut idx = BTreeSet::new();
        if c.ins.is_none() && c.del.is_none() {
            v.broken.push(format!("{label} {}: a change needs `ins:` or `del:`", c.element));
        }
        if let Some(phrase) = &c.ins {
            match case.texts[&step.to].get(&c.element).ok_or(format!("{} is not in {}", c.element, step.to)) {
                Ok(text) => match locate(text, phrase) {
                    Ok(r) => idx.extend(
                        hunks
                            .iter()
                            .enumerate()
                            .filter(|(_, h)| h.element == c.element && overlaps(&h.new, &r))
                            .map(|(i, _)| i),
                    ),
                    Err(e) => v.broken.push(format!("{label} {}: {e}", c.element)),
                },
                Err(e) => v.broken.push(format!("{label}: {e}")),
            }
        }
        if let Some(phrase) = &c.del {
            let ids = from_ids.get(&c.element).cloned().unwrap_or_default();
            match locate_old(case, &step.from, &ids, phrase) {
                Ok(r) => idx.extend(
                    hunks
                        .iter()
                        .enumerate()
                        .filter(|(_, h)| h.element == c.element && overlaps(&h.old, &r))
                        .map(|(i, _)| i),
                ),
                Err(e) => v.broken.push(format!("{label} {}: {e}", c.element)),
            }
        }
        touched.push(idx.into_iter().collect());
    }
    // What a change's hunks may carry besides its own credit: the credits of the other
    // changes that share a hunk with it (a diff may show two neighbouring changes as one
    // hunk).
    let credits_of = |c: &ChangeExpect| -> BTreeSet<String> {
        let mut all = c.credited.set().unwrap_or_default();
        all.extend(c.also_accept.iter().flat_map(|a| a.credited.set().unwrap_or_default()));
        all
    };
    for (n, (c, idx)) in step.changes.iter().zip(&touched).enumerate() {
        let shared: BTreeSet<String> = step
            .changes
            .iter()
            .zip(&touched)
            .enumerate()
            .filter(|(m, (_, other))| *m != n && other.iter().any(|i| idx.contains(i)))
            .flat_map(|(_, (q, _))| credits_of(q))
            .collect();
        let phrase = c.ins.as_deref().or(c.del.as_deref()).unwrap_or("");
        let primary = match c.credited.set() {
            Ok(s) => s,
            Err(e) => {
                v.broken.push(format!("{label} {}: {e}", c.element));
                continue;
            }
        };
        if idx.is_empty() && c.optional {
            continue;
        }
        if idx.is_empty() {
            v.wrong.push(format!(
                "{label} {} `{}`: no hunk there (expected {})",
                c.element,
                phrase,
                show_set(&primary)
            ));
            continue;
        }
        let got: BTreeSet<String> = idx.iter().flat_map(|&i| hunks[i].credited.iter().cloned()).collect();
        let mut accepted = vec![primary.clone()];
        accepted.extend(c.also_accept.iter().filter_map(|a| a.credited.set().ok()));
        let fits = |want: &BTreeSet<String>| want.is_subset(&got) && got.difference(want).all(|x| shared.contains(x));
        if !accepted.iter().any(fits) {
            let shown: Vec<&str> = idx.iter().map(|&i| hunks[i].text.as_str()).collect();
            v.wrong.push(format!(
                "{label} {} `{}`: credited {} (expected {}) [{}]{}",
                c.element,
                phrase,
                show_set(&got),
                show_set(&primary),
                shown.join(", "),
                because(&c.why)
            ));
        }
        if let Some(chair) = c.chair {
            let got_chair = idx.iter().any(|&i| hunks[i].chair);
            if got_chair != chair {
                let said = if got_chair { "marked partly the Chair's" } else { "not marked as the Chair's" };
                v.wrong.push(format!("{label} {} `{}`: {said}", c.element, phrase));
            }
        }
    }
    // Every change of the step is listed: a hunk no expectation covers is a change the
    // negotiator did not see (a spacing change shown as a word change, for one).
    let covered: BTreeSet<usize> = touched.iter().flatten().copied().collect();
    for (i, h) in hunks.iter().enumerate() {
        if !covered.contains(&i) {
            v.wrong.push(format!(
                "{label} {} {}: a change no expectation lists (credited {})",
                h.element,
                h.text,
                show_set(&h.credited)
            ));
        }
    }
}

fn show_set(s: &BTreeSet<String>) -> String {
    if s.is_empty() { "the Chair".into() } else { s.iter().cloned().collect::<Vec<_>>().join(" + ") }
}

/// The origin of a blame span as expect.yaml writes it: an amendment id, `Chair` or
/// `baseline`.
fn origin(span: &Value) -> String {
    match (span["amendment"].as_str(), span["by"].as_str()) {
        (Some(a), _) => a.to_owned(),
        (None, Some("Chair")) => "Chair".into(),
        (None, Some(other)) => format!("by {other} without an amendment"),
        (None, None) => "baseline".into(),
    }
}

fn judge_blame(case: &Case, v: &mut Verdict) {
    let latest = case.revisions.last().unwrap().clone();
    let mut by_revision: BTreeMap<String, Vec<&BlameExpect>> = BTreeMap::new();
    for b in &case.expect.blame {
        by_revision.entry(b.revision.clone().unwrap_or_else(|| latest.clone())).or_default().push(b);
    }
    for (revision, phrases) in by_revision {
        let Some(texts) = case.texts.get(&revision) else {
            v.broken.push(format!("blame: no revision {revision}"));
            continue;
        };
        let json = match run_json(case, &["blame", &revision, "--format", "json"]) {
            Ok(j) => j,
            Err(e) => {
                v.wrong.push(e);
                continue;
            }
        };
        for b in phrases {
            let Some(text) = texts.get(&b.element) else {
                v.broken.push(format!("blame: {} is not in {revision}", b.element));
                continue;
            };
            let r = match locate(text, &b.text) {
                Ok(r) => r,
                Err(e) => {
                    v.broken.push(format!("blame {revision} {}: {e}", b.element));
                    continue;
                }
            };
            let element = json["elements"].as_array().into_iter().flatten().find(|e| e["id"] == b.element.as_str());
            let Some(element) = element else {
                v.wrong.push(format!("blame {revision}: no element {}", b.element));
                continue;
            };
            let got: BTreeSet<(String, String)> = element["spans"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|s| overlaps(&range(&s["words"]), &r))
                .map(|s| (s["since"].as_str().unwrap_or("?").to_owned(), origin(s)))
                .collect();
            let want = |since: &Option<String>, by: &str| -> (String, String) {
                let since =
                    since.clone().unwrap_or_else(|| if by == "baseline" { case.baseline.clone() } else { "?".into() });
                (since, by.to_owned())
            };
            if b.since.is_none() && b.by != "baseline" {
                v.broken.push(format!("blame {} `{}`: `since:` is needed unless by: baseline", b.element, b.text));
            }
            let mut accepted = vec![want(&b.since, &b.by)];
            accepted.extend(b.also_accept.iter().map(|a| want(&a.since, &a.by)));
            if !accepted.iter().any(|a| got.len() == 1 && got.contains(a)) {
                let shown: Vec<String> = got.iter().map(|(s, o)| format!("{o} since {s}")).collect();
                let (s, o) = &accepted[0];
                v.wrong.push(format!(
                    "blame {revision} {} `{}`: {} (expected {o} since {s}){}",
                    b.element,
                    b.text,
                    shown.join(" / "),
                    because(&b.why)
                ));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The known limits and the tables
// ---------------------------------------------------------------------------------------

/// `- `case-name`: reason` lines of KNOWN_LIMITS.md.
fn known_limits() -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(KNOWN_LIMITS)).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("- `")?;
            let (name, reason) = rest.split_once('`')?;
            Some((name.to_owned(), reason.trim_start_matches(':').trim().to_owned()))
        })
        .collect()
}

fn case_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(CASES);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("tests/hard exists")
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expect.yaml").is_file())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn hard_cases_are_right_or_listed_as_known_limits() {
    let known = known_limits();
    let mut report = String::new();
    let mut failures = Vec::new();
    let mut per_class: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut names = BTreeSet::new();
    let dirs = case_dirs();
    assert!(dirs.len() >= 50, "tests/hard holds {} cases; the suite needs at least 50", dirs.len());
    let mut right_total = 0;
    for dir in &dirs {
        let case = match load_case(dir) {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("{}: the case does not load: {e}", dir.display()));
                continue;
            }
        };
        names.insert(case.name.clone());
        let verdict = judge(&case);
        let right = verdict.wrong.is_empty() && verdict.broken.is_empty();
        right_total += usize::from(right);
        for class in &case.expect.classes {
            let slot = per_class.entry(CLASSES.iter().find(|(c, _)| c == class).unwrap().0).or_default();
            if right { slot.0 += 1 } else { slot.1 += 1 }
        }
        let mark = match (right, known.contains_key(&case.name)) {
            (true, false) => "right",
            (true, true) => "RIGHT but listed",
            (false, true) => "wrong (known)",
            (false, false) => "WRONG",
        };
        let _ = writeln!(report, "{:<64} {:<28} {mark}", case.name, case.expect.classes.join(","));
        for w in verdict.broken.iter().map(|b| format!("case error: {b}")).chain(verdict.wrong.iter().cloned()) {
            let _ = writeln!(report, "    {w}");
        }
        if !verdict.broken.is_empty() {
            failures.push(format!("{}: the case itself is wrong: {}", case.name, verdict.broken.join("; ")));
        } else if right && known.contains_key(&case.name) {
            failures.push(format!("{} is right now: remove it from {KNOWN_LIMITS}", case.name));
        } else if !right && !known.contains_key(&case.name) {
            failures.push(format!("{} is wrong (see the table) and not in {KNOWN_LIMITS}", case.name));
        }
    }
    for name in known.keys() {
        if !names.contains(name) {
            failures.push(format!("{KNOWN_LIMITS} lists {name}, which is not a case"));
        }
    }
    let _ = writeln!(report, "\n{:<12} {:>5} {:>5} {:>5}", "class", "cases", "right", "wrong");
    for (class, title) in CLASSES {
        let (r, w) = per_class.get(class).copied().unwrap_or_default();
        let _ = writeln!(report, "{class:<12} {:>5} {r:>5} {w:>5}  {title}", r + w);
    }
    let total = dirs.len();
    let _ = writeln!(
        report,
        "{:<12} {total:>5} {right_total:>5} {:>5}  (a case counts in each of its classes)",
        "all",
        total - right_total
    );
    eprintln!("{report}");
    assert!(failures.is_empty(), "hard cases:\n{}\n\n{report}", failures.join("\n"));
}
