//! `concord amendments` as a user runs it: the hand-checked minimal fixture (exact JSON
//! and CSV inline, the table as a snapshot), the filters and their errors, and the
//! outcome of every amendment of the sample negotiation as `docs/sample.md` intends.

use serde_json::{Value, json};

const FIXTURE: &str = "tests/fixtures/minimal";
const SAMPLE: &str = "drafts";

mod common;
use common::{concord, stdout};

fn json(drafts: &str, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(drafts, args)).expect("valid JSON")
}

/// The ids of `{"amendments": [...]}`.
fn ids(v: &Value) -> Vec<String> {
    v["amendments"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_owned()).collect()
}

#[test]
fn fixture_json_is_exactly_the_hand_checked_outcomes() {
    let expected = json!({ "amendments": [
        { "id": "lmg-1", "by": "LMG", "members": ["CUB", "IRN"], "supported_by": ["BRA"], "opposed_by": ["NLD"],
          "element": "norms", "revision": "r1", "outcome": "adopted", "similarity": 1.0,
          "taken_up_in": "r2", "operation": "replace", "withdrawn": false },
        { "id": "nld-1", "by": "NLD", "members": ["NLD"], "supported_by": [], "opposed_by": [],
          "element": "norms", "revision": "r1", "outcome": "adopted", "similarity": 1.0,
          "taken_up_in": "r2", "operation": "insert", "withdrawn": false },
        { "id": "nld-2", "by": "NLD", "members": ["NLD"], "supported_by": [], "opposed_by": [],
          "element": "intro", "revision": "r1", "outcome": "not_taken_up", "similarity": 0.0,
          "taken_up_in": null, "operation": "delete", "withdrawn": false }
    ]});
    assert_eq!(json(FIXTURE, &["amendments", "--format", "json"]), expected);
}

#[test]
fn fixture_csv() {
    assert_eq!(
        stdout(FIXTURE, &["amendments", "--format", "csv"]),
        "\"id\",\"revision\",\"by\",\"members\",\"element\",\"operation\",\"outcome\",\"similarity\",\
         \"taken_up_in\",\"supported_by\",\"opposed_by\",\"withdrawn\"\r\n\
         \"lmg-1\",\"r1\",\"LMG\",\"CUB IRN\",\"norms\",\"replace\",\"adopted\",1,\"r2\",\"BRA\",\"NLD\",\"false\"\r\n\
         \"nld-1\",\"r1\",\"NLD\",\"NLD\",\"norms\",\"insert\",\"adopted\",1,\"r2\",\"\",\"\",\"false\"\r\n\
         \"nld-2\",\"r1\",\"NLD\",\"NLD\",\"intro\",\"delete\",\"not_taken_up\",0,\"\",\"\",\"\",\"false\"\r\n"
    );
}

#[test]
fn fixture_text() {
    insta::assert_snapshot!("fixture_text", stdout(FIXTURE, &["amendments"]));
}

#[test]
fn by_a_state_includes_its_groups() {
    // CUB is a member of the LMG, which filed lmg-1.
    assert_eq!(ids(&json(FIXTURE, &["amendments", "--by", "CUB", "--format", "json"])), ["lmg-1"]);
    assert_eq!(ids(&json(FIXTURE, &["amendments", "--by", "lmg", "--format", "json"])), ["lmg-1"]);
    assert_eq!(ids(&json(FIXTURE, &["amendments", "--by", "NLD", "--format", "json"])), ["nld-1", "nld-2"]);
    // In the sample, lmg-1..4 were filed on behalf of IRN, among others; NAM counts IRN too.
    assert_eq!(
        ids(&json(SAMPLE, &["amendments", "--by", "IRN", "--format", "json"])),
        ["irn-1", "lmg-1", "lmg-2", "nam-1", "irn-2", "lmg-3", "lmg-4"]
    );
}

#[test]
fn unknown_code_fails_with_a_hint() {
    concord(FIXTURE, &["amendments", "--by", "NDL"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("error: unknown delegation or group `NDL`\n  = hint: did you mean `NLD`?\n");
}

#[test]
fn outcome_and_revision_filters() {
    assert_eq!(ids(&json(FIXTURE, &["amendments", "--outcome", "not_taken_up", "--format", "json"])), ["nld-2"]);
    assert_eq!(
        ids(&json(FIXTURE, &["amendments", "r1", "--outcome", "adopted", "--format", "json"])),
        ["lmg-1", "nld-1"]
    );
    assert_eq!(stdout(FIXTURE, &["amendments", "r0"]), "No amendments match.\n");
    assert_eq!(json(FIXTURE, &["amendments", "r2", "--format", "json"]), json!({ "amendments": [] }));
}

#[test]
fn unknown_outcome_lists_the_valid_ones() {
    let out = concord(FIXTURE, &["amendments", "--outcome", "accepted"]).assert().code(2).get_output().clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("[possible values: adopted, adopted_in_part, not_taken_up, superseded, pending, withdrawn]"),
        "{stderr}"
    );
}

#[test]
fn unknown_revision_fails_with_a_hint() {
    concord(SAMPLE, &["amendments", "rev3"]).assert().code(1).stderr(
        "error: unknown revision `rev3`\n  = hint: did you mean `rev1`? \
         (the revisions are oewg-2021-final, zero-draft, rev1, rev2)\n",
    );
}

#[test]
fn help_has_a_summary_and_an_example() {
    let help = stdout(FIXTURE, &["amendments", "--help"]);
    assert!(help.starts_with("List the amendments with their outcomes.\n"));
    assert!(help.contains("\nExample: concord amendments "));
}

/// Every amendment of the sample: its outcome and the revision that took it up, as
/// table 1 of `docs/sample.md` gives them.
const SAMPLE_OUTCOMES: &[(&str, &str, Option<&str>)] = &[
    ("usa-1", "adopted", Some("rev1")),
    ("usa-2", "adopted", Some("rev1")),
    ("eu-1", "adopted", Some("rev1")),
    ("eu-2", "adopted_in_part", Some("rev1")),
    ("lmg-1", "not_taken_up", None),
    ("lmg-2", "not_taken_up", None),
    ("nam-1", "adopted_in_part", Some("rev1")),
    ("ag-1", "not_taken_up", None),
    ("chn-1", "adopted", Some("rev1")),
    ("chn-2", "not_taken_up", None),
    ("chn-3", "adopted", Some("rev2")),
    ("rus-1", "adopted", Some("rev1")),
    ("rus-2", "not_taken_up", None),
    ("gbr-1", "not_taken_up", None),
    ("gbr-2", "adopted", Some("rev1")),
    ("nld-1", "adopted", Some("rev1")),
    ("mex-1", "adopted", Some("rev1")),
    ("can-1", "adopted", Some("rev1")),
    ("sgp-1", "adopted_in_part", Some("rev1")),
    ("sgp-2", "adopted", Some("rev1")),
    ("sen-1", "adopted", Some("rev1")),
    ("cub-1", "not_taken_up", None),
    ("che-1", "adopted_in_part", Some("rev1")),
    ("irn-1", "not_taken_up", None),
    ("ken-1", "not_taken_up", None),
    ("jpn-1", "not_taken_up", None),
    ("jpn-2", "adopted", Some("rev1")),
    ("fra-1", "not_taken_up", None),
    ("est-1", "adopted", Some("rev1")),
    ("ind-1", "adopted", Some("rev2")),
    ("ag-2", "adopted", Some("rev2")),
    ("bra-1", "adopted", Some("rev2")),
    ("bra-2", "adopted", Some("rev2")),
    ("ken-2", "not_taken_up", None),
    ("irn-2", "not_taken_up", None),
    ("egy-1", "not_taken_up", None),
    ("usa-3", "not_taken_up", None),
    ("aus-1", "not_taken_up", None),
    ("cub-2", "not_taken_up", None),
    ("lmg-3", "pending", None),
    ("lmg-4", "pending", None),
    ("eu-3", "pending", None),
    ("che-2", "pending", None),
    ("rus-3", "pending", None),
    ("chn-4", "pending", None),
    ("fra-2", "pending", None),
    ("mex-2", "withdrawn", None),
];

#[test]
fn sample_outcomes_are_as_intended() {
    let v = json(SAMPLE, &["amendments", "--format", "json"]);
    let amendments = v["amendments"].as_array().unwrap();
    assert_eq!(amendments.len(), SAMPLE_OUTCOMES.len());
    let mut wrong = Vec::new();
    for (id, outcome, taken_up_in) in SAMPLE_OUTCOMES {
        let a = amendments.iter().find(|a| a["id"] == *id).unwrap_or_else(|| panic!("{id} missing"));
        let actual = (a["outcome"].as_str().unwrap(), a["taken_up_in"].as_str());
        if actual != (*outcome, *taken_up_in) {
            wrong.push(format!("{id}: intended {outcome} {taken_up_in:?}, got {actual:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    let mex2 = amendments.iter().find(|a| a["id"] == "mex-2").unwrap();
    assert_eq!(mex2["withdrawn"], true);
}

#[test]
fn sample_text() {
    insta::assert_snapshot!("sample_text", stdout(SAMPLE, &["amendments"]));
}

#[test]
fn sample_csv_has_a_row_per_amendment() {
    let csv = stdout(SAMPLE, &["amendments", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 1 + SAMPLE_OUTCOMES.len());
    assert!(csv.split_inclusive('\n').all(|l| l.ends_with("\r\n")));
    insta::assert_snapshot!("sample_csv", csv.replace("\r\n", "\n"));
}
