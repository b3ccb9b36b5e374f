//! Statuses on a real negotiation nobody on this project wrote: the Paris Agreement drafts
//! of 2015 in `../shared/corpus/paris/` (see its README), imported with the CLI as a user
//! would, the 23 October text as an *open* baseline (a negotiating text, not an agreed
//! report). Checked: its bracketed elements are contested ground in `status` and `blame`;
//! the brackets concord counts per revision are within 1 % of a direct count of the
//! negotiators' brackets in the published text; the draft marked adopted has no contested
//! element.
//!
//! Skipped with a message when the corpus is absent; `CONCORD_REQUIRE_CORPUS=1` makes that
//! a failure. The figures are printed (run with `--nocapture` to see them).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

mod common;
use common::{concord, stdout};

/// The corpus folder `name`, or `None` after saying why the test is skipped: in
/// `$CONCORD_CORPUS/NAME` when set, else `shared/corpus/NAME` next to the project root or
/// one of its ancestors. Panics when missing and `CONCORD_REQUIRE_CORPUS=1`. (The same
/// rules as `tests/common/corpus.rs` of the import work, issue 17.)
fn corpus(name: &str) -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let found = match std::env::var_os("CONCORD_CORPUS") {
        Some(dir) => Some(PathBuf::from(dir).join(name)).filter(|p| p.is_dir()),
        None => root.ancestors().skip(1).map(|a| a.join("shared/corpus").join(name)).find(|p| p.is_dir()),
    };
    if found.is_none() {
        assert!(
            std::env::var("CONCORD_REQUIRE_CORPUS").as_deref() != Ok("1"),
            "CONCORD_REQUIRE_CORPUS=1 but the corpus folder ../shared/corpus/{name} is missing"
        );
        eprintln!("skipped: the corpus folder ../shared/corpus/{name} is missing (CONCORD_REQUIRE_CORPUS=1 fails)");
    }
    found
}

/// The three drafts: (revision id, file).
const DRAFTS: [(&str, &str); 3] = [
    ("oct23", "md/2015-10-23-adp-draft.md"),
    ("dec04", "md/2015-12-04-adp-compilation.md"),
    ("dec09", "md/2015-12-09-presidency-draft.md"),
];

/// The folders the tests read, made once: `full` (the 23 October text as an open
/// baseline, then 4 December, then 9 December imported as adopted) and `baseline` (the
/// open baseline alone, so that `status` shows it).
struct Folders {
    _dir: tempfile::TempDir,
    corpus: PathBuf,
    full: String,
    baseline: String,
}

fn folders() -> Option<&'static Folders> {
    static FOLDERS: OnceLock<Option<Folders>> = OnceLock::new();
    FOLDERS
        .get_or_init(|| {
            let corpus = corpus("paris")?;
            let dir = tempfile::tempdir().unwrap();
            let make = |name: &str, drafts: &[(&str, &str)]| -> String {
                let folder = dir.path().join(name);
                let folder_s = folder.to_str().unwrap().to_owned();
                let (id, file) = drafts[0];
                let base = corpus.join(file);
                concord(
                    &folder_s,
                    &["init", "--baseline", base.to_str().unwrap(), "--baseline-id", id, "--baseline-state", "open"],
                )
                .assert()
                .success();
                for (k, (id, file)) in drafts.iter().enumerate().skip(1) {
                    let path = corpus.join(file);
                    let mut args = vec!["import", path.to_str().unwrap(), "--as", id];
                    if k == drafts.len() - 1 {
                        args.push("--adopted");
                    }
                    concord(&folder_s, &args).assert().success();
                }
                folder_s
            };
            let full = make("full", &DRAFTS);
            let baseline = make("baseline", &DRAFTS[..1]);
            Some(Folders { _dir: dir, corpus, full, baseline })
        })
        .as_ref()
}

fn json(drafts: &str, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(drafts, args)).expect("valid JSON")
}

/// The negotiators' brackets in a published Markdown draft, counted without concord:
/// every `[` and `]` except those of Markdown's own syntax (the front matter, link
/// definitions `[label]: URL`, reference links `[text][label]` whose label is defined,
/// inline links `[text](URL)`, footnote markers `[^n]`). Returns (`[`, `]`).
fn direct_count(markdown: &str) -> (usize, usize) {
    let body = match markdown.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---\n")) {
        Some((_, body)) => body,
        None => markdown,
    };
    let is_definition = |line: &str| {
        line.starts_with('[')
            && !line.starts_with("[^")
            && line
                .find("]:")
                .is_some_and(|at| !line[1..at].contains(['[', ']']) && line[at + 2..].trim().contains("://"))
    };
    let labels: Vec<String> = body
        .lines()
        .filter(|l| is_definition(l))
        .map(|l| format!("[{}]", l[1..l.find("]:").unwrap()].to_lowercase()))
        .collect();
    let (mut open, mut close) = (0, 0);
    for line in body.lines().filter(|l| !is_definition(l)) {
        let chars: Vec<char> = line.chars().collect();
        let mut skip = vec![false; chars.len()];
        for (i, &c) in chars.iter().enumerate() {
            if c != '[' {
                continue;
            }
            let Some(len) = chars[i..].iter().position(|&c| c == ']') else { continue };
            let end = i + len;
            let inner: String = chars[i + 1..end].iter().collect();
            if inner.starts_with('^') && !inner.contains(['[', ' ']) {
                // A footnote marker, or the start of a footnote's definition.
                skip[i..=end].iter_mut().for_each(|s| *s = true);
                continue;
            }
            let rest: String = chars[end + 1..].iter().collect();
            let label = labels.iter().find(|l| rest.to_lowercase().starts_with(l.as_str()));
            if let Some(label) = label.filter(|_| !inner.contains('[')) {
                // `[text][label]`: both pairs are link syntax.
                skip[i] = true;
                skip[end] = true;
                let n = label.chars().count();
                skip[end + 1..end + 1 + n].iter_mut().for_each(|s| *s = true);
            } else if rest.starts_with("(http") && !inner.contains('[') {
                skip[i] = true;
                skip[end] = true;
            }
        }
        for (c, skipped) in chars.iter().zip(&skip) {
            match (c, skipped) {
                ('[', false) => open += 1,
                (']', false) => close += 1,
                _ => {}
            }
        }
    }
    (open, close)
}

#[test]
fn the_direct_count_knows_markdown_syntax() {
    let page = "---\ntitle: x\n---\n*the [final text][source] here*[^1]\n[source]: http://a.org/x.pdf\n\
                [^1]: A note [with a bracket].\nParties [shall][should] act [[^2]] and see [x](a).\n";
    assert_eq!(direct_count(page), (5, 5));
}

#[test]
fn bracket_marks_per_revision_match_a_direct_count_within_one_percent() {
    let Some(f) = folders() else { return };
    let r = json(&f.full, &["report", "--format", "json"]);
    let timeline = r["timeline"].as_array().unwrap();
    let mut failures = Vec::new();
    for ((id, file), snap) in DRAFTS.iter().zip(timeline) {
        assert_eq!(snap["revision"], *id);
        let (open, close) = direct_count(&std::fs::read_to_string(f.corpus.join(file)).unwrap());
        let marks = snap["bracket_marks"].as_u64().unwrap() as f64;
        let off = (marks - open as f64).abs() / open as f64;
        eprintln!(
            "{id}: concord counts {marks} brackets ({} passages, {} unbalanced, {} sets of alternatives); \
             the published text has {open} `[` and {close} `]`: {:.2} % apart",
            snap["brackets"],
            snap["unbalanced"],
            snap["alternatives"],
            off * 100.0
        );
        if off > 0.01 {
            failures.push(format!("{id}: {marks} against {open}"));
        }
    }
    assert!(failures.is_empty(), "more than 1 % apart: {failures:?}");
}

#[test]
fn the_open_baselines_bracketed_elements_are_contested_ground_in_status_and_blame() {
    let Some(f) = folders() else { return };
    // The baseline alone: what `status` says of each of its elements.
    let r = json(&f.baseline, &["report", "--format", "json"]);
    assert_eq!(r["baseline_state"], "open");
    let elements = r["elements"].as_array().unwrap();
    let bracketed: Vec<&Value> = elements
        .iter()
        .filter(|e| e["bracket_marks"].as_u64().unwrap() > 0 || !e["alternatives"].as_array().unwrap().is_empty())
        .collect();
    let contested: Vec<&Value> = elements.iter().filter(|e| e["status"] == "contested").collect();
    eprintln!(
        "oct23 as an open baseline: {} elements, {} with brackets or options, {} contested, {} agreed",
        elements.len(),
        bracketed.len(),
        contested.len(),
        r["totals"]["agreed"]
    );
    assert!(bracketed.len() > 200, "the 23 October text is heavily bracketed: {}", bracketed.len());
    for e in &bracketed {
        assert_eq!(e["status"], "contested", "{}", e["id"]);
    }
    // Nothing in an open negotiating text is agreed unless marked so.
    assert_eq!(r["totals"]["agreed"], 0);
    let table = stdout(&f.baseline, &["status", "--width", "200"]);
    let summary = table.lines().last().unwrap();
    assert!(summary.contains(&format!("{} contested", contested.len())), "{summary}");
    assert!(summary.contains("0 agreed"), "{summary}");

    // Blame: no word of the open baseline is called agreed; those of its bracketed
    // elements are contested ground, in the baseline and in the later drafts.
    for (drafts, revision) in [(&f.baseline, "oct23"), (&f.full, "oct23"), (&f.full, "dec04")] {
        let blame = json(drafts, &["blame", revision, "--format", "json"]);
        let mut words = std::collections::BTreeMap::<String, usize>::new();
        for e in blame["elements"].as_array().unwrap() {
            let is_bracketed = bracketed.iter().any(|b| b["id"] == e["id"]);
            for s in e["spans"].as_array().unwrap().iter().filter(|s| s["since"] == "oct23") {
                let standing = s["standing"].as_str().unwrap();
                *words.entry(standing.to_owned()).or_default() += 1;
                assert_ne!(standing, "agreed", "{revision} {}", e["id"]);
                if revision == "oct23" {
                    let expected = if is_bracketed { "contested" } else { "open" };
                    assert_eq!(standing, expected, "{}", e["id"]);
                }
            }
        }
        eprintln!("blame {revision} ({}): spans of baseline words by standing {words:?}", Path::new(drafts).display());
    }
    let text = stdout(&f.baseline, &["blame"]);
    assert!(!text.lines().any(|l| l.starts_with("  oct23  agreed")), "blame calls open baseline words agreed");
}

#[test]
fn the_draft_marked_adopted_has_no_contested_element() {
    let Some(f) = folders() else { return };
    let r = json(&f.full, &["report", "--format", "json"]);
    assert_eq!(r["revision"], "dec09");
    assert_eq!(r["revisions"][2]["state"], "agreed");
    eprintln!("dec09 marked adopted: totals {}", r["totals"]);
    for snap in r["timeline"].as_array().unwrap() {
        eprintln!("timeline {}: {}", snap["revision"], snap["totals"]);
    }
    assert_eq!(r["totals"]["contested"], 0);
    assert_eq!(r["timeline"][2]["totals"]["contested"], 0);
    for e in r["elements"].as_array().unwrap().iter().filter(|e| e["status"] != "dropped") {
        assert_eq!(e["status"], "agreed", "{}", e["id"]);
        assert_eq!(e["evidence"][0]["kind"], "adopted", "{}", e["id"]);
    }
    let table = stdout(&f.full, &["status", "--status", "contested"]);
    assert!(table.contains("0 elements: 0 contested"), "{table}");
}
