//! `concord blame` as a user runs it: the hand-checked minimal fixture (exact JSON
//! inline, text as a snapshot), errors, spans that cover every word once, and where the
//! words of the sample's Rev.2 came from as `docs/sample.md` intends.

use std::path::Path;

use serde_json::{Value, json};

const FIXTURE: &str = "tests/fixtures/minimal";
const SAMPLE: &str = "drafts";

mod common;
use common::{concord, stdout};

fn json(drafts: &str, args: &[&str]) -> Value {
    serde_json::from_str(&stdout(drafts, args)).expect("valid JSON")
}

/// A span as `(text, since, amendment, by, partial)`.
type Span = (String, String, Option<String>, Option<String>, bool);

fn spans(element: &Value) -> Vec<Span> {
    element["spans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["text"].as_str().unwrap().to_owned(),
                s["since"].as_str().unwrap().to_owned(),
                s["amendment"].as_str().map(str::to_owned),
                s["by"].as_str().map(str::to_owned),
                s["partial"].as_bool().unwrap(),
            )
        })
        .collect()
}

#[test]
fn fixture_json_is_exactly_the_hand_checked_blame() {
    let span = |text: &str, words: [usize; 2], since: &str, amendment: Value, by: Value, members: Value| {
        let standing = if since == "r0" { json!("agreed") } else { Value::Null };
        json!({ "text": text, "words": words, "since": since, "amendment": amendment, "by": by,
                "members": members, "partial": false, "standing": standing })
    };
    let agreed = |text: &str, words| span(text, words, "r0", Value::Null, Value::Null, json!([]));
    let chair = |text: &str, words| span(text, words, "r2", Value::Null, json!("Chair"), json!([]));
    let expected = json!({
        "revision": "r2",
        "elements": [
            { "id": "intro", "number": "1", "section": "Introduction", "spans": [
                agreed("States met", [0, 2]),
                chair("in good faith", [2, 5]),
                agreed("to discuss the security of information technologies.", [5, 13]),
            ]},
            { "id": "norms", "number": "2", "section": "Norms", "spans": [
                agreed("States should", [0, 2]),
                span("fully", [2, 3], "r2", json!("nld-1"), json!("NLD"), json!(["NLD"])),
                agreed("respect the", [3, 5]),
                span("agreed", [5, 6], "r2", json!("lmg-1"), json!("LMG"), json!(["CUB", "IRN"])),
                agreed("norms of responsible", [6, 9]),
                chair("State", [9, 10]),
                agreed("behaviour.", [10, 12]),
            ]},
        ]
    });
    assert_eq!(json(FIXTURE, &["blame", "--format", "json"]), expected);
    assert_eq!(json(FIXTURE, &["blame", "r2", "--format", "json"]), expected);
}

#[test]
fn fixture_text() {
    insta::assert_snapshot!("fixture_text", stdout(FIXTURE, &["blame"]));
}

#[test]
fn the_baseline_is_all_agreed_text() {
    let v = json(FIXTURE, &["blame", "r0", "--format", "json"]);
    for e in v["elements"].as_array().unwrap() {
        assert_eq!(spans(e).len(), 1, "{e}");
        assert_eq!((spans(e)[0].1.as_str(), spans(e)[0].3.as_deref()), ("r0", None));
    }
}

#[test]
fn spans_cover_every_word_once_in_every_revision_of_the_sample() {
    let loaded = concord::draft::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE)).expect("sample loads");
    for revision in &loaded.negotiation.revisions {
        let v = json(SAMPLE, &["blame", &revision.id, "--format", "json"]);
        let elements = v["elements"].as_array().unwrap();
        assert_eq!(elements.len(), revision.paragraphs.len());
        for (e, p) in elements.iter().zip(&revision.paragraphs) {
            assert_eq!(e["id"], p.id.as_str());
            let mut next = 0;
            for s in e["spans"].as_array().unwrap() {
                let (start, end) = (s["words"][0].as_u64().unwrap() as usize, s["words"][1].as_u64().unwrap() as usize);
                assert_eq!(start, next, "{} {}: gap or overlap at {s}", revision.id, p.id);
                assert!(end > start);
                assert_eq!(s["text"], p.text.slice(start..end));
                next = end;
            }
            assert_eq!(next, p.text.len(), "{} {}: not every word is covered", revision.id, p.id);
        }
    }
}

#[test]
fn element_restricts_and_unknown_ids_fail_with_a_hint() {
    let v = json(FIXTURE, &["blame", "--element", "norms", "--format", "json"]);
    assert_eq!(v["elements"].as_array().unwrap().len(), 1);
    concord(FIXTURE, &["blame", "--element", "norm"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("error: element `norm` is not in r2\n  = hint: did you mean `norms`?\n");
    concord(FIXTURE, &["blame", "r9"])
        .assert()
        .code(1)
        .stderr("error: unknown revision `r9`\n  = hint: the revisions are r0, r1, r2\n");
}

#[test]
fn help_has_a_summary_and_an_example() {
    let help = stdout(FIXTURE, &["blame", "--help"]);
    assert!(help.starts_with("Show where every word of a revision entered the text, like `git blame` for words.\n"));
    assert!(help.contains("\nExample: concord blame "));
}

/// The spans of one element of the sample's rev2, with an amendment or the Chair.
fn credited_spans(element: &str) -> Vec<(String, String, String)> {
    let v = json(SAMPLE, &["blame", "rev2", "--element", element, "--format", "json"]);
    spans(&v["elements"][0])
        .into_iter()
        .filter(|s| s.3.is_some())
        .map(|(text, since, amendment, by, _)| (text, since, amendment.unwrap_or(by.unwrap())))
        .collect()
}

#[test]
fn sample_words_come_from_where_the_sample_intends() {
    let owned = |rows: &[(&str, &str, &str)]| -> Vec<(String, String, String)> {
        rows.iter().map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string())).collect()
    };
    // chn-3 was taken up late, in rev2; gbr-2 in rev1.
    let supply_chain: Vec<_> =
        credited_spans("norms-supply-chain").into_iter().filter(|s| s.1 != "zero-draft").collect();
    assert_eq!(
        supply_chain,
        owned(&[
            ("and backdoors in ICT products", "rev2", "chn-3"),
            (
                ", such as transparent and objective risk assessments and cooperation with the private sector,",
                "rev1",
                "gbr-2"
            ),
            ("throughout their lifecycle", "rev1", "gbr-2"),
        ])
    );
    // usa-2 added the whole paragraph in rev1.
    let ransomware = json(SAMPLE, &["blame", "rev2", "--element", "threats-ransomware", "--format", "json"]);
    let spans = spans(&ransomware["elements"][0]);
    assert_eq!(spans.len(), 1);
    assert_eq!(
        (spans[0].1.as_str(), spans[0].2.as_deref(), spans[0].3.as_deref()),
        ("rev1", Some("usa-2"), Some("USA"))
    );
    // Identical proposals: the earliest, nld-1, is credited with the words.
    let critical: Vec<_> =
        credited_spans("norms-critical-infrastructure").into_iter().filter(|s| s.1 == "rev1").collect();
    assert_eq!(critical, owned(&[(", including medical and healthcare facilities,", "rev1", "nld-1")]));
    // Carried over verbatim from the baseline.
    assert_eq!(credited_spans("norms-vulnerabilities"), []);
    assert_eq!(credited_spans("threats-emerging-tech"), []);
}

#[test]
fn sample_text() {
    for element in ["cbm-points-of-contact", "norms-supply-chain", "ilaw-ihl"] {
        insta::assert_snapshot!(
            format!("sample_rev2_{element}"),
            stdout(SAMPLE, &["blame", "rev2", "--element", element])
        );
    }
}
