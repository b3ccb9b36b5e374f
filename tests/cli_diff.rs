//! `concord diff` as a user runs it: on the hand-checked minimal fixture (exact JSON
//! inline, text and Markdown as snapshots), its errors and exit codes, color and broken
//! pipes, and on the sample negotiation in `drafts/`, where every change must be credited
//! as `docs/sample.md` intends.

use std::collections::BTreeSet;
use std::process::Stdio;

use serde_json::{Value, json};

const FIXTURE: &str = "tests/fixtures/minimal";
const SAMPLE: &str = "drafts";

mod common;
use common::{concord, stdout};

fn json(drafts: &str, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(drafts, args)).expect("valid JSON")
}

#[test]
fn fixture_json_is_exactly_the_hand_checked_diff() {
    fn who(by: &str, members: &[&str], supported_by: &[&str], opposed_by: &[&str]) -> Value {
        json!({ "by": by, "members": members, "supported_by": supported_by, "opposed_by": opposed_by })
    }
    let nld = who("NLD", &["NLD"], &[], &[]);
    let lmg = who("LMG", &["CUB", "IRN"], &["BRA"], &["NLD"]);
    let with = |base: &Value, extra: Value| {
        let mut v = base.clone();
        v.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        v
    };
    let expected = json!({
        "from": "r1",
        "to": "r2",
        "elements": [
            {
                "id": "intro", "from_ids": ["intro"], "change": "modified",
                "number": "1", "old_number": "1", "section": "Introduction", "moved": false,
                "hunks": [
                    { "kind": "insert", "old": "", "new": "in good faith",
                      "old_words": [2, 2], "new_words": [2, 5], "credited": [], "chair": true }
                ]
            },
            {
                "id": "norms", "from_ids": ["norms"], "change": "modified",
                "number": "2", "old_number": "2", "section": "Norms", "moved": false,
                "hunks": [
                    { "kind": "insert", "old": "", "new": "fully", "old_words": [2, 2], "new_words": [2, 3],
                      "credited": [with(&nld, json!({ "amendment": "nld-1", "match": "exact",
                                                          "similarity": 1.0, "taken_up_in": "r2" }))],
                      "chair": false },
                    { "kind": "replace", "old": "voluntary", "new": "agreed", "old_words": [4, 5], "new_words": [5, 6],
                      "credited": [with(&lmg, json!({ "amendment": "lmg-1", "match": "exact",
                                                          "similarity": 1.0, "taken_up_in": "r2" }))],
                      "chair": false },
                    { "kind": "insert", "old": "", "new": "State", "old_words": [8, 8], "new_words": [9, 10],
                      "credited": [], "chair": true }
                ]
            }
        ],
        "amendments": [
            with(&lmg, json!({ "id": "lmg-1", "element": "norms", "revision": "r1", "outcome": "adopted",
                               "similarity": 1.0, "taken_up_in": "r2", "operation": "replace",
                               "withdrawn": false })),
            with(&nld, json!({ "id": "nld-1", "element": "norms", "revision": "r1", "outcome": "adopted",
                               "similarity": 1.0, "taken_up_in": "r2", "operation": "insert",
                               "withdrawn": false })),
            with(&nld, json!({ "id": "nld-2", "element": "intro", "revision": "r1", "outcome": "not_taken_up",
                               "similarity": 0.0, "taken_up_in": null, "operation": "delete",
                               "withdrawn": false })),
        ]
    });
    assert_eq!(json(FIXTURE, &["diff", "r1", "r2", "--format", "json"]), expected);
}

#[test]
fn defaults_compare_the_latest_revision_with_the_one_before() {
    assert_eq!(stdout(FIXTURE, &["diff"]), stdout(FIXTURE, &["diff", "r1", "r2"]));
    assert_eq!(stdout(FIXTURE, &["diff", "r1"]), stdout(FIXTURE, &["diff", "r1", "r2"]));
}

#[test]
fn json_is_pretty_and_deterministic() {
    let first = stdout(SAMPLE, &["diff", "zero-draft", "rev2", "--format", "json"]);
    assert!(first.starts_with("{\n  \"from\": \"zero-draft\",\n"), "{}", &first[..40]);
    assert_eq!(first, stdout(SAMPLE, &["diff", "zero-draft", "rev2", "--format", "json"]));
}

#[test]
fn fixture_text() {
    insta::assert_snapshot!("fixture_text", stdout(FIXTURE, &["diff"]));
}

#[test]
fn fixture_markdown() {
    insta::assert_snapshot!("fixture_markdown", stdout(FIXTURE, &["diff", "--format", "md"]));
}

#[test]
fn fixture_columns() {
    insta::assert_snapshot!("fixture_columns", stdout(FIXTURE, &["diff", "--layout", "columns"]));
    insta::assert_snapshot!("fixture_columns_md", stdout(FIXTURE, &["diff", "--layout", "columns", "--format", "md"]));
}

#[test]
fn by_state_names_the_member_states() {
    let text = stdout(FIXTURE, &["diff", "--by-state"]);
    assert!(text.contains("  ² lmg-1 CUB IRN +BRA\n"), "{text}");
    let v = json(FIXTURE, &["diff", "--by-state", "--format", "json"]);
    let credit = &v["elements"][1]["hunks"][1]["credited"][0];
    assert_eq!(credit["states"], json!(["CUB", "IRN"]));
    assert_eq!(credit["supported_by_states"], json!(["BRA"]));
    assert_eq!(v["amendments"][0]["states"], json!(["CUB", "IRN"]));
    // Without --by-state the extra fields are absent.
    let plain = json(FIXTURE, &["diff", "--format", "json"]);
    assert!(plain["elements"][1]["hunks"][1]["credited"][0].get("states").is_none());
}

#[test]
fn by_state_expands_groups_among_supporters() {
    // fra-1 is supported by the EU (DEU ESP EST FRA NLD), EGY and CAN.
    let v = json(SAMPLE, &["diff", "zero-draft", "rev1", "--by-state", "--format", "json", "--element", "rid-poa"]);
    let fra1 = v["amendments"].as_array().unwrap().iter().find(|a| a["id"] == "fra-1").unwrap();
    assert_eq!(fra1["supported_by_states"], json!(["DEU", "ESP", "EST", "FRA", "NLD", "EGY", "CAN"]));
}

#[test]
fn element_restricts_the_elements_and_the_amendments() {
    let v = json(FIXTURE, &["diff", "--element", "intro", "--format", "json"]);
    let ids = |key: &str| v[key].as_array().unwrap().iter().map(|e| e["id"].clone()).collect::<Vec<_>>();
    assert_eq!(ids("elements"), [json!("intro")]);
    assert_eq!(ids("amendments"), [json!("nld-2")]);
}

#[test]
fn unknown_revision_fails_with_a_hint() {
    concord(FIXTURE, &["diff", "r1", "r3"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("error: unknown revision `r3`\n  = hint: the revisions are r0, r1, r2\n");
    concord(SAMPLE, &["diff", "zerodraft", "rev1"]).assert().code(1).stdout("").stderr(
        "error: unknown revision `zerodraft`\n  = hint: did you mean `zero-draft`? \
         (the revisions are oewg-2021-final, zero-draft, rev1, rev2)\n",
    );
}

#[test]
fn from_must_be_older_than_to() {
    concord(FIXTURE, &["diff", "r2", "r1"])
        .assert()
        .code(1)
        .stderr("error: `r2` is not older than `r1`\n  = hint: the older revision comes first: `concord diff r1 r2`\n");
    concord(FIXTURE, &["diff", "r1", "r1"])
        .assert()
        .code(1)
        .stderr("error: `r1` is not older than `r1`\n  = hint: give two different revisions\n");
}

#[test]
fn unknown_element_fails_with_a_hint() {
    concord(FIXTURE, &["diff", "--element", "norm"])
        .assert()
        .code(1)
        .stderr("error: element `norm` is in neither r1 nor r2\n  = hint: did you mean `norms`?\n");
}

#[test]
fn unknown_format_is_a_usage_error() {
    concord(FIXTURE, &["diff", "--format", "html"]).assert().code(2);
}

#[test]
fn no_color_means_no_escape_codes() {
    let plain = stdout(FIXTURE, &["diff"]);
    assert!(!plain.contains('\u{1b}'));
    assert!(plain.contains("[-voluntary-]{+agreed+}"));
    let colored = stdout(FIXTURE, &["diff", "--color", "always"]);
    assert!(colored.contains("\u{1b}[9m\u{1b}[31mvoluntary\u{1b}[0m"), "{colored:?}");
    assert!(!colored.contains("[-voluntary-]"));
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // Like `concord diff | head -1`: the reader goes away before concord has written.
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin!("concord"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--drafts", SAMPLE, "diff", "oewg-2021-final", "rev2", "--format", "json"])
        .env("CONCORD_QUIET", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("concord starts");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("concord ends");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}

#[test]
fn help_has_a_summary_and_an_example() {
    let help = stdout(FIXTURE, &["diff", "--help"]);
    assert!(help.starts_with("Show what changed between two revisions, and whose amendment each change was.\n"));
    assert!(help.contains("\nExample: concord diff "));
}

#[test]
fn several_steps_credit_each_change_in_the_step_that_made_it() {
    let v = json(SAMPLE, &["diff", "zero-draft", "rev2", "--format", "json", "--element", "norms-supply-chain"]);
    let credits: Vec<(String, String)> = v["elements"][0]["hunks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|h| h["credited"].as_array().unwrap().clone())
        .map(|c| (c["amendment"].as_str().unwrap().to_owned(), c["taken_up_in"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(credits, [("chn-3", "rev2"), ("gbr-2", "rev1"), ("gbr-2", "rev1")].map(|(a, r)| (a.into(), r.into())));
    // The amendments of both steps are listed.
    let v = json(SAMPLE, &["diff", "zero-draft", "rev2", "--format", "json"]);
    let revisions: BTreeSet<&str> =
        v["amendments"].as_array().unwrap().iter().map(|a| a["revision"].as_str().unwrap()).collect();
    assert_eq!(revisions, BTreeSet::from(["rev1", "zero-draft"]));
}

#[test]
fn sample_text() {
    insta::assert_snapshot!("sample_zero_draft_rev1", stdout(SAMPLE, &["diff", "zero-draft", "rev1"]));
    insta::assert_snapshot!("sample_rev1_rev2", stdout(SAMPLE, &["diff", "rev1", "rev2"]));
}

#[test]
fn sample_json() {
    insta::assert_snapshot!("sample_rev1_rev2_json", stdout(SAMPLE, &["diff", "rev1", "rev2", "--format", "json"]));
}

/// Who `docs/sample.md` says made the changes to an element in a step.
enum Intended {
    /// Every hunk is credited, to these amendments and no others.
    Amendments(&'static [&'static str]),
    /// Every hunk is the Chair's own wording.
    Chair,
}

/// Every changed element of every step of the sample, as `docs/sample.md` (sections 1
/// and 2) describes it.
const INTENDED: &[(&str, &str, &str, Intended)] = {
    use Intended::*;
    &[
        ("zero-draft", "rev1", "intro-sessions", Chair),
        ("zero-draft", "rev1", "intro-stakeholders", Amendments(&["rus-1"])),
        ("zero-draft", "rev1", "threats-ransomware", Amendments(&["usa-2"])),
        ("zero-draft", "rev1", "threats-critical-infrastructure", Amendments(&["eu-1"])),
        ("zero-draft", "rev1", "threats-health", Amendments(&["sgp-2"])),
        ("zero-draft", "rev1", "threats-disinformation", Amendments(&["est-1"])),
        ("zero-draft", "rev1", "threats-military", Amendments(&["usa-1"])),
        ("zero-draft", "rev1", "threats-developing-states", Amendments(&["nam-1"])),
        ("zero-draft", "rev1", "ilaw-principles", Amendments(&["chn-1"])),
        ("zero-draft", "rev1", "ilaw-ihl", Amendments(&["che-1"])),
        ("zero-draft", "rev1", "ilaw-binding-instrument", Chair),
        ("zero-draft", "rev1", "ilaw-exchange-views", Chair),
        ("zero-draft", "rev1", "ilaw-national-positions", Chair),
        ("zero-draft", "rev1", "norms-critical-infrastructure", Amendments(&["nld-1", "mex-1"])),
        ("zero-draft", "rev1", "norms-supply-chain", Amendments(&["gbr-2"])),
        ("zero-draft", "rev1", "norms-implementation", Amendments(&["sgp-1"])),
        ("zero-draft", "rev1", "norms-additional", Chair),
        ("zero-draft", "rev1", "cbm-points-of-contact", Amendments(&["eu-2"])),
        ("zero-draft", "rev1", "cbm-information-sharing", Chair),
        ("zero-draft", "rev1", "capacity-gender", Amendments(&["can-1"])),
        ("zero-draft", "rev1", "capacity-coordination", Chair),
        ("zero-draft", "rev1", "capacity-multilingualism", Amendments(&["sen-1"])),
        ("zero-draft", "rev1", "rid-inclusive-dialogue", Amendments(&["jpn-2"])),
        ("rev1", "rev2", "threats-disinformation", Chair),
        ("rev1", "rev2", "ilaw-ihl", Chair),
        ("rev1", "rev2", "norms-supply-chain", Amendments(&["chn-3"])),
        ("rev1", "rev2", "norms-implementation", Chair),
        ("rev1", "rev2", "cbm-points-of-contact", Amendments(&["ind-1"])),
        ("rev1", "rev2", "capacity-coordination", Amendments(&["ag-2"])),
        ("rev1", "rev2", "rid-poa", Amendments(&["bra-1"])),
        ("rev1", "rev2", "rid-inclusive-dialogue", Amendments(&["bra-2"])),
    ]
};

#[test]
fn sample_changes_are_credited_as_intended() {
    for (from, to) in [("zero-draft", "rev1"), ("rev1", "rev2")] {
        let v = json(SAMPLE, &["diff", from, to, "--format", "json"]);
        let mut reworded = BTreeSet::new();
        for e in v["elements"].as_array().unwrap().iter().filter(|e| !e["hunks"].as_array().unwrap().is_empty()) {
            let id = e["id"].as_str().unwrap();
            let Some((_, _, _, intended)) = INTENDED.iter().find(|(f, t, i, _)| (*f, *t, *i) == (from, to, id)) else {
                panic!("{from} → {to}: {id} changed, but docs/sample.md does not say it does");
            };
            reworded.insert(id);
            let hunks = e["hunks"].as_array().unwrap();
            match intended {
                Intended::Chair => {
                    for h in hunks {
                        assert_eq!(h["credited"], json!([]), "{from} → {to} {id}: {h}");
                    }
                }
                Intended::Amendments(ids) => {
                    let mut credited = BTreeSet::new();
                    for h in hunks {
                        let names: Vec<&str> = h["credited"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .map(|c| c["amendment"].as_str().unwrap())
                            .collect();
                        assert!(!names.is_empty(), "{from} → {to} {id}: hunk credited to the Chair: {h}");
                        credited.extend(names);
                    }
                    assert_eq!(credited, ids.iter().copied().collect(), "{from} → {to} {id}");
                }
            }
        }
        let missing: Vec<_> = INTENDED
            .iter()
            .filter(|(f, t, i, _)| (*f, *t) == (from, to) && !reworded.contains(i))
            .map(|(_, _, i, _)| i)
            .collect();
        assert!(missing.is_empty(), "{from} → {to}: no change found in {missing:?}");
    }
}

#[test]
fn sample_identical_proposals_are_both_credited_earliest_first() {
    let v =
        json(SAMPLE, &["diff", "zero-draft", "rev1", "--format", "json", "--element", "norms-critical-infrastructure"]);
    let hunk = &v["elements"][0]["hunks"][0];
    assert_eq!(hunk["new"], ", including medical and healthcare facilities,");
    let credited: Vec<(&str, &str)> = hunk["credited"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["amendment"].as_str().unwrap(), c["match"].as_str().unwrap()))
        .collect();
    assert_eq!(credited, [("nld-1", "exact"), ("mex-1", "exact")]);
}

/// Copies a folder recursively.
fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn escape_sequences_in_the_drafts_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE), dir.path());
    let r2 = dir.path().join("revisions/r2.yaml");
    let yaml = std::fs::read_to_string(&r2).unwrap().replace(
        "text: States met in good faith to discuss the security of information technologies.",
        "text: \"States met in good \\e[31mfaith to discuss the security of information technologies.\"",
    );
    std::fs::write(&r2, yaml).unwrap();
    let drafts = dir.path().to_str().unwrap();
    for command in ["diff", "blame"] {
        let text = stdout(drafts, &[command, "--element", "intro", "--color", "always"]);
        assert!(text.contains("good \\u{1B}[31mfaith"), "{text:?}");
        assert!(!text.contains("\u{1b}[31mfaith"), "{text:?}");
    }
    // JSON keeps the text as it is, escaped by JSON itself.
    let v = json(drafts, &["diff", "--element", "intro", "--format", "json"]);
    assert_eq!(v["elements"][0]["hunks"][0]["new"], "in good \u{1b}[31mfaith");
}
