//! Every status stands on evidence, as a Chair would sign it: on every fixture folder
//! each element carries evidence that decides its status (and only the kinds that can
//! decide it); and on small folders written here, each way negotiators record a position
//! or an agreement does what `docs/convergence.md` says: reservations, objections and
//! dissociations contest; options contest; a paragraph agreed ad referendum stays agreed
//! until its text changes; an adopted text is agreed whatever it still holds; an open
//! baseline's brackets are contested ground in `status` and `blame`; unbalanced brackets
//! are warned about with file:line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

mod common;
use common::{concord, stdout};

/// The kinds of evidence that may decide each status.
fn deciding_kinds(status: &str) -> &'static [&'static str] {
    match status {
        "contested" => &[
            "brackets",
            "alternatives",
            "competing",
            "opposed",
            "marked_open",
            "reservation",
            "objection",
            "dissociation",
        ],
        "under_negotiation" => &["open_unopposed", "churn_rising", "churn_not_falling"],
        "converging" => &["churn_falling", "first_step", "nothing_open"],
        "stable" => &["unchanged", "no_history", "nothing_open"],
        "agreed" => &["adopted", "agreed_in_baseline", "marked_agreed"],
        "new" => &["no_lineage"],
        "dropped" => &["removed"],
        other => panic!("unknown status {other}"),
    }
}

/// Folders of the project that hold a negotiation: the fixtures, the sample, and the
/// hard cases when present.
fn negotiation_folders() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        if dir.join("negotiation.yaml").is_file() {
            out.push(dir.to_path_buf());
        }
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
        dirs.sort();
        for d in dirs {
            walk(&d, out);
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for top in ["drafts", "tests/fixtures", "tests/hard"] {
        walk(&root.join(top), &mut out);
    }
    out
}

fn report(drafts: &str) -> Value {
    serde_json::from_str(&stdout(drafts, &["report", "--format", "json"])).expect("valid JSON")
}

#[test]
fn every_status_on_every_fixture_has_evidence_that_decides_it() {
    let mut checked = Vec::new();
    for dir in negotiation_folders() {
        let drafts = dir.to_str().unwrap();
        if !concord(drafts, &["check"]).output().unwrap().status.success() {
            continue; // a folder that must fail to load (tests/fixtures/broken)
        }
        let r = report(drafts);
        for e in r["elements"].as_array().unwrap() {
            let (id, status) = (e["id"].as_str().unwrap(), e["status"].as_str().unwrap());
            let evidence = e["evidence"].as_array().unwrap();
            let deciding: Vec<&str> =
                evidence.iter().filter(|x| x["decisive"] == json!(true)).map(|x| x["kind"].as_str().unwrap()).collect();
            assert!(!deciding.is_empty(), "{drafts}: {id} is {status} with no evidence: {evidence:?}");
            let allowed = deciding_kinds(status);
            assert!(deciding.iter().all(|k| allowed.contains(k)), "{drafts}: {id} is {status} on {deciding:?}");
            // The sentences are the same evidence, in the same order.
            let reasons: Vec<(&Value, &Value)> =
                e["reasons"].as_array().unwrap().iter().map(|x| (&x["kind"], &x["decisive"])).collect();
            let kinds: Vec<(&Value, &Value)> = evidence.iter().map(|x| (&x["kind"], &x["decisive"])).collect();
            assert_eq!(reasons, kinds, "{drafts}: {id}");
        }
        checked.push(drafts.to_owned());
    }
    // The sample and the fixtures that load: none may be skipped by accident.
    assert!(checked.len() >= 7, "{checked:?}");
    assert!(checked.iter().any(|d| d.ends_with("/drafts")), "{checked:?}");
}

/// A negotiation folder written from `(path, text)` pairs.
fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const DELEGATIONS: &str = "\
delegations:
  - code: AAA
    name: Arcadia
  - code: BBB
    name: Borduria
  - code: CCC
    name: Carpania
";

/// Status of every element, and the deciding kinds.
fn statuses(drafts: &str) -> BTreeMap<String, (String, Vec<String>)> {
    let r = report(drafts);
    r["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let deciding = e["evidence"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|x| x["decisive"] == json!(true))
                .map(|x| x["kind"].as_str().unwrap().to_owned())
                .collect();
            (e["id"].as_str().unwrap().to_owned(), (e["status"].as_str().unwrap().to_owned(), deciding))
        })
        .collect()
}

fn sentences(drafts: &str, id: &str) -> Vec<String> {
    let r = report(drafts);
    let e = r["elements"].as_array().unwrap().iter().find(|e| e["id"] == id).unwrap().clone();
    e["reasons"].as_array().unwrap().iter().map(|x| x["text"].as_str().unwrap().to_owned()).collect()
}

const POSITIONS: &[(&str, &str)] = &[
    ("negotiation.yaml", "title: Positions\nbaseline: b0\nrevisions: [b0, r1, r2]\n"),
    ("delegations.yaml", DELEGATIONS),
    (
        "revisions/b0.yaml",
        "id: b0\nparagraphs:
  - id: reserved
    text: States shall cooperate on training.
  - id: objected
    text: States shall cooperate on research.
  - id: options
    text: States shall cooperate on funding.
  - id: adref
    text: States shall cooperate on transport.
  - id: adref-changed
    text: States shall cooperate on energy.
  - id: moving
    text: States shall cooperate on water and on the protection of rivers and lakes.
  - id: same
    text: States shall cooperate on health.
",
    ),
    (
        "revisions/r1.yaml",
        "id: r1\nparagraphs:
  - id: reserved
    text: States shall cooperate closely on training.
  - id: objected
    text: States shall cooperate closely on research.
  - id: options
    text: States shall cooperate closely on funding.
  - id: adref
    status: agreed_ad_ref
    text: States shall cooperate closely on transport.
  - id: adref-changed
    status: agreed_ad_ref
    text: States shall cooperate closely on energy.
  - id: moving
    text: States shall cooperate on water and on the protection of all rivers and lakes.
  - id: same
    text: States shall cooperate on health.
",
    ),
    (
        "revisions/r2.yaml",
        "id: r2\nparagraphs:
  - id: reserved
    reserved_by: [AAA]
    text: States shall cooperate closely on training.
  - id: objected
    objected_by: [BBB, CCC]
    text: States shall cooperate closely on research.
  - id: options
    text: 'Option 1: States shall cooperate closely on funding. Option 2: States may cooperate on funding.'
  - id: adref
    text: States shall cooperate closely on transport.
  - id: adref-changed
    text: States shall cooperate closely on clean energy.
  - id: moving
    text: States shall cooperate on shared water resources and on the protection of all rivers, lakes and aquifers.
  - id: same
    text: States shall cooperate on health.
",
    ),
];

#[test]
fn positions_recorded_on_a_paragraph_contest_it_and_movement_alone_never_does() {
    let dir = folder(POSITIONS);
    let drafts = dir.path().to_str().unwrap();
    let got = statuses(drafts);
    let s = |id: &str| (got[id].0.as_str(), got[id].1.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(s("reserved"), ("contested", vec!["reservation"]));
    assert_eq!(s("objected"), ("contested", vec!["objection"]));
    assert_eq!(s("options"), ("contested", vec!["alternatives"]));
    // Agreed ad referendum in r1: the mark holds in r2, where the text is the same ...
    assert_eq!(s("adref"), ("agreed", vec!["marked_agreed"]));
    // ... and ends where the text changed.
    assert_eq!(s("adref-changed").0, "converging");
    // Moving more in r2 than in r1, with nobody against it.
    assert_eq!(s("moving"), ("under_negotiation", vec!["churn_rising"]));
    assert_eq!(s("same"), ("agreed", vec!["agreed_in_baseline"]));

    assert_eq!(sentences(drafts, "reserved")[0], "AAA placed a reservation on it");
    assert_eq!(sentences(drafts, "objected")[0], "BBB and CCC objected to it");
    assert_eq!(
        sentences(drafts, "options")[0],
        "options remain: 2 options labelled “Option …”, the first: “Option 1: States shall cooperate closely on \
         funding. Option 2: States may …”"
    );
    assert_eq!(sentences(drafts, "adref")[0], "agreed ad referendum in r1, unchanged since");
    let r = report(drafts);
    let objected = r["elements"].as_array().unwrap().iter().find(|e| e["id"] == "objected").unwrap();
    assert_eq!(objected["involved"], json!(["BBB", "CCC"]));
    assert_eq!(objected["evidence"][0]["details"], json!({ "by": ["BBB", "CCC"] }));
}

#[test]
fn a_code_in_reserved_by_must_be_declared() {
    let mut files = POSITIONS.to_vec();
    let r2 = POSITIONS[4].1.replace("reserved_by: [AAA]", "reserved_by: [AAB]");
    files[4] = ("revisions/r2.yaml", &r2);
    let dir = folder(&files);
    let out = concord(dir.path().to_str().unwrap(), &["check"]).assert().code(1).get_output().stdout.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("revisions/r2.yaml:4:19: error: unknown delegation or group `AAB` in reserved_by"), "{err}");
}

/// A baseline, and a latest revision whose state is given by `state`, with a bracket
/// left and an opposed amendment open on it.
fn adopted_folder(state: &str) -> tempfile::TempDir {
    folder(&[
        ("negotiation.yaml", "title: Adopted\nbaseline: b0\nrevisions: [b0, r1]\n"),
        ("delegations.yaml", DELEGATIONS),
        (
            "revisions/b0.yaml",
            "id: b0\nparagraphs:\n  - id: goal\n    text: Parties aim to limit warming.\n  - id: finance\n    text: Parties shall mobilize finance.\n",
        ),
        (
            "revisions/r1.yaml",
            &format!(
                "id: r1\ndate: 2015-12-12\n{state}paragraphs:\n  - id: goal\n    text: Parties aim to limit warming [well below 2 degrees].\n  - id: finance\n    dissociated_by: [CCC]\n    text: Parties shall mobilize finance.\n"
            ),
        ),
        (
            "amendments/r1/aaa.yaml",
            "by: AAA\namendments:\n  - id: aaa-1\n    element: goal\n    insert: \" and beyond\"\n    after: warming\n    opposed_by: [BBB]\n",
        ),
    ])
}

#[test]
fn an_adopted_text_is_agreed_whatever_it_still_holds() {
    let dir = adopted_folder("state: agreed\n");
    let drafts = dir.path().to_str().unwrap();
    let r = report(drafts);
    assert_eq!(r["totals"]["contested"], 0);
    assert_eq!(r["totals"]["agreed"], 2);
    let goal = &r["elements"][0];
    let kinds: Vec<(&str, bool)> = goal["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["kind"].as_str().unwrap(), x["decisive"].as_bool().unwrap()))
        .collect();
    // Adopted decides; the bracket and the objection stay in view.
    assert_eq!(kinds, [("adopted", true), ("brackets", false), ("opposed", false)]);
    assert_eq!(sentences(drafts, "goal")[0], "adopted as part of r1 on 2015-12-12: everything in it is agreed");
    assert_eq!(
        sentences(drafts, "finance")[..2],
        ["adopted as part of r1 on 2015-12-12: everything in it is agreed", "CCC dissociated from it"]
    );
    // check says the adopted text still holds a bracket.
    let out = concord(drafts, &["check"]).assert().success().get_output().stdout.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains("revisions/r1.yaml:3:8: warning: r1 is an agreed text (`state: agreed`), but 1 paragraph hold brackets or options"),
        "{err}"
    );
    // The same text as a draft: contested, on the bracket, the objection and the dissociation.
    let dir = adopted_folder("");
    let got = statuses(dir.path().to_str().unwrap());
    assert_eq!(got["goal"], ("contested".to_owned(), vec!["brackets".to_owned(), "opposed".to_owned()]));
    assert_eq!(got["finance"], ("contested".to_owned(), vec!["dissociation".to_owned()]));
}

/// A baseline with a bracketed paragraph and a clean one, carried unchanged into r1.
fn baseline_folder(state: &str) -> tempfile::TempDir {
    let text = "paragraphs:\n  - id: ambition\n    text: Parties shall [pursue][consider] efforts to limit warming.\n  - id: review\n    text: Parties shall review progress every five years.\n";
    folder(&[
        ("negotiation.yaml", "title: Open baseline\nbaseline: b0\nrevisions: [b0, r1]\n"),
        ("delegations.yaml", DELEGATIONS),
        ("revisions/b0.yaml", &format!("id: b0\n{state}{text}")),
        ("revisions/r1.yaml", &format!("id: r1\n{text}")),
    ])
}

#[test]
fn an_open_baseline_is_contested_ground_in_status_and_blame() {
    let dir = baseline_folder("state: open\n");
    let drafts = dir.path().to_str().unwrap();
    let r = report(drafts);
    assert_eq!(r["baseline_state"], "open");
    assert_eq!(
        r["timeline"][0]["totals"],
        json!({ "agreed": 0, "contested": 1, "converging": 0, "dropped": 0, "new": 0, "stable": 1, "under_negotiation": 0 })
    );
    assert_eq!(r["timeline"][0]["bracket_marks"], 2);
    assert_eq!(r["timeline"][0]["alternatives"], 1);
    // Unchanged since the open baseline: the bracket still contests, the clean text is
    // stable, not agreed.
    let got = statuses(drafts);
    assert_eq!(got["ambition"], ("contested".to_owned(), vec!["brackets".to_owned(), "alternatives".to_owned()]));
    assert_eq!(got["review"].0, "stable");
    let blame = |rev: &str| -> Vec<(String, Value)> {
        let v: Value = serde_json::from_str(&stdout(drafts, &["blame", rev, "--format", "json"])).unwrap();
        v["elements"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| {
                e["spans"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|s| (e["id"].as_str().unwrap().to_owned(), s["standing"].clone()))
            })
            .collect()
    };
    let expected = vec![("ambition".to_owned(), json!("contested")), ("review".to_owned(), json!("open"))];
    assert_eq!(blame("b0"), expected);
    assert_eq!(blame("r1"), expected);
    let text = stdout(drafts, &["blame", "b0"]);
    assert!(text.contains("  b0  contested  Parties shall [pursue][consider] efforts to limit warming."), "{text}");
    assert!(text.contains("  b0  open       Parties shall review progress every five years."), "{text}");
    assert!(!text.contains("  agreed  "), "no baseline word is labelled agreed:\n{text}");

    // The same baseline taken as an agreed report: agreed as declared, and check warns.
    let dir = baseline_folder("");
    let drafts = dir.path().to_str().unwrap();
    let r = report(drafts);
    assert_eq!(r["timeline"][0]["totals"]["agreed"], 2);
    assert_eq!(statuses(drafts)["review"], ("agreed".to_owned(), vec!["agreed_in_baseline".to_owned()]));
    let out = concord(drafts, &["check"]).assert().success().get_output().stdout.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(
        err.contains(
            "revisions/b0.yaml:1:5: warning: b0 is the baseline, an agreed text unless its file says otherwise, but 1 \
             paragraph hold brackets or options"
        ),
        "{err}"
    );
}

#[test]
fn check_warns_at_each_unbalanced_bracket_with_its_line() {
    let dir = folder(&[
        ("negotiation.yaml", "title: Brackets\nbaseline: b0\nrevisions: [b0]\n"),
        ("delegations.yaml", DELEGATIONS),
        (
            "revisions/b0.yaml",
            "id: b0\nstate: open\nparagraphs:
  - id: open-block
    text: >
      [Parties shall act.
  - id: block-end
    text: >
      Parties shall report.]
  - id: stray
    text: >
      Parties shall
      review] progress [every
      five years.
",
        ),
    ]);
    let drafts = dir.path().to_str().unwrap();
    let out = concord(drafts, &["check"]).assert().success().get_output().stdout.clone();
    let err = String::from_utf8(out).unwrap().replace(drafts, "DIR");
    // A bracket opened in one paragraph and closed in the next is one pair.
    assert_eq!(
        err,
        "DIR/revisions/b0.yaml:13:13: warning: a `]` in stray closes no bracket
   |
13 |       review] progress [every
   |             ^
  = hint: open the bracket where the bracketed wording starts; concord counts it as one bracket
DIR/revisions/b0.yaml:13:24: warning: a `[` in stray is never closed
   |
13 |       review] progress [every
   |                        ^
  = hint: close the bracket where the bracketed wording ends; concord counts it as one bracket
DIR: ok (1 revision, 3 paragraphs, 0 amendments, 3 delegations, 0 groups); 0 errors, 2 warnings
"
    );
    let r = report(drafts);
    assert_eq!(r["timeline"][0]["bracket_marks"], 3);
    assert_eq!(r["timeline"][0]["unbalanced"], 2);
}

#[test]
fn init_and_import_record_the_state_of_a_text() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("wg");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compilation");
    let out = stdout(
        drafts.to_str().unwrap(),
        &["init", "--baseline", fixtures.join("baseline.txt").to_str().unwrap(), "--baseline-state", "open"],
    );
    assert!(out.contains("), an open negotiating text\n"), "{out}");
    let baseline = std::fs::read_to_string(drafts.join("revisions/baseline.yaml")).unwrap();
    assert!(baseline.contains("\nstate: open\nparagraphs:\n"), "{baseline}");
    let out = stdout(
        drafts.to_str().unwrap(),
        &["import", fixtures.join("zero-draft.txt").to_str().unwrap(), "--as", "final", "--adopted"],
    );
    assert!(out.contains("as an adopted text (state: agreed)"), "{out}");
    let r = report(drafts.to_str().unwrap());
    assert_eq!(r["baseline_state"], "open");
    assert_eq!(r["revisions"][1]["state"], "agreed");
    assert_eq!(r["totals"]["contested"], 0);
    let elements = r["elements"].as_array().unwrap();
    assert!(elements.iter().filter(|e| e["status"] != "dropped").all(|e| e["status"] == "agreed"), "{r}");
    // --baseline-state needs a baseline.
    let other = dir.path().join("other");
    concord(other.to_str().unwrap(), &["init", "--baseline-state", "open"]).assert().code(2);
}
