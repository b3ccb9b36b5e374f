//! `concord report` as a user runs it, on the sample negotiation in `drafts/`: every
//! element gets the status `docs/sample.md` intends by construction, with the reasons a
//! diplomat would accept; the Markdown and JSON reports as snapshots (checked by hand);
//! writing to a file; and text with markup (`tests/fixtures/markup`) shown as text. The
//! HTML report in a real browser is `tests/browser/`.

use std::collections::BTreeMap;

use serde_json::{Value, json};

const SAMPLE: &str = "drafts";
const MARKUP: &str = "tests/fixtures/markup";

mod common;
use common::{concord, stdout};

fn report(drafts: &str) -> Value {
    serde_json::from_str(&stdout(drafts, &["report", "--format", "json"])).expect("valid JSON")
}

/// The element objects by id.
fn elements(report: &Value) -> BTreeMap<String, Value> {
    report["elements"].as_array().unwrap().iter().map(|e| (e["id"].as_str().unwrap().to_owned(), e.clone())).collect()
}

/// The kinds of an element's deciding reasons.
fn decisive(e: &Value) -> Vec<&str> {
    e["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["decisive"] == json!(true))
        .map(|r| r["kind"].as_str().unwrap())
        .collect()
}

/// The reasons of an element as the sentences a reader sees.
fn sentences(e: &Value) -> Vec<&str> {
    e["reasons"].as_array().unwrap().iter().map(|r| r["text"].as_str().unwrap()).collect()
}

/// The statuses `docs/sample.md` (section 3) intends, in the order of rev2, then the
/// dropped elements.
const INTENDED: [(&str, &str); 38] = [
    ("intro-mandate", "stable"),
    ("intro-sessions", "new"),
    ("intro-participation", "stable"),
    ("intro-stakeholders", "agreed"),
    ("intro-nature", "new"),
    ("threats-landscape", "stable"),
    ("threats-ransomware", "new"),
    ("threats-critical-infrastructure", "converging"),
    ("threats-disinformation", "contested"),
    ("threats-military", "converging"),
    ("threats-emerging-tech", "agreed"),
    ("threats-developing-states", "converging"),
    ("ilaw-charter", "stable"),
    ("ilaw-principles", "converging"),
    ("ilaw-ihl", "contested"),
    ("ilaw-binding-instrument", "contested"),
    ("ilaw-exchange-views", "converging"),
    ("ilaw-national-positions", "converging"),
    ("ilaw-capacity", "stable"),
    ("norms-reaffirm", "stable"),
    ("norms-critical-infrastructure", "converging"),
    ("norms-supply-chain", "converging"),
    ("norms-vulnerabilities", "agreed"),
    ("norms-implementation", "converging"),
    ("norms-additional", "contested"),
    ("cbm-points-of-contact", "converging"),
    ("cbm-regional", "stable"),
    ("cbm-information-sharing", "converging"),
    ("capacity-principles", "stable"),
    ("capacity-gender", "agreed"),
    ("capacity-coordination", "under_negotiation"),
    ("capacity-multilingualism", "new"),
    ("capacity-needs-mapping", "stable"),
    ("rid-oewg-continuation", "stable"),
    ("rid-poa", "contested"),
    ("rid-inclusive-dialogue", "converging"),
    ("intro-pandemic", "dropped"),
    ("threats-health", "dropped"),
];

#[test]
fn sample_statuses_are_the_intended_ones() {
    let r = report(SAMPLE);
    let got: Vec<(String, String)> = r["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["id"].as_str().unwrap().to_owned(), e["status"].as_str().unwrap().to_owned()))
        .collect();
    let intended: Vec<(String, String)> = INTENDED.iter().map(|(i, s)| (i.to_string(), s.to_string())).collect();
    assert_eq!(got, intended);
    assert_eq!(
        r["totals"],
        json!({
            "agreed": 4, "contested": 5, "converging": 12, "dropped": 2, "new": 4, "stable": 10, "under_negotiation": 1
        })
    );
    assert_eq!(r["version"], 2);
    assert_eq!(r["baseline_state"], "agreed");
}

#[test]
fn contested_elements_say_what_is_fought_over() {
    let e = elements(&report(SAMPLE));
    let d = &e["threats-disinformation"];
    // Contested because chn-4 is opposed; the rising churn is context, not a reason.
    assert_eq!(decisive(d), ["opposed"]);
    assert_eq!(sentences(d)[..2], ["chn-4 (CHN) is opposed by USA, GBR, EST", "churn rising: 5% → 20%"]);
    assert_eq!(
        d["evidence"][0],
        json!({ "kind": "opposed", "decisive": true, "details": { "conflict": 0, "amendments": ["chn-4"] } })
    );
    assert_eq!(d["involved"], json!(["CHN", "USA", "GBR", "EST", "RUS"]));

    let ihl = &e["ilaw-ihl"];
    assert_eq!(decisive(ihl), ["competing", "opposed", "opposed"]);
    assert_eq!(ihl["conflicts"][0]["kind"], "inside");
    assert_eq!(ihl["conflicts"][0]["amendments"], json!(["che-2", "lmg-4"]));
    assert!(
        sentences(ihl)[0].starts_with("che-2 (CHE) adds words inside the passage lmg-4 (LMG) deletes: “Many States")
    );

    let bi = &e["ilaw-binding-instrument"];
    assert_eq!(decisive(bi), ["brackets", "competing", "opposed", "opposed"]);
    assert_eq!(bi["brackets"], json!(["the possibility of additional legally binding obligations"]));
    assert_eq!(bi["bracket_marks"], 1);
    assert_eq!(bi["evidence"][0]["details"], json!({ "marks": 1, "passages": 1 }));
    assert_eq!(
        bi["conflicts"][0],
        json!({
            "kind": "rewrite",
            "amendments": ["eu-3", "lmg-3"],
            "side": ["EU"],
            "against": ["LMG"],
            "passage": "[the possibility of additional legally binding obligations]",
            "text": "eu-3 (EU) and lmg-3 (LMG) change the same words differently: “[the possibility of additional legally binding obligations]”"
        })
    );
    let open: Vec<&str> = bi["open_amendments"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap()).collect();
    assert_eq!(open, ["eu-3", "lmg-3"]);

    assert_eq!(decisive(&e["norms-additional"]), ["opposed"]);
    assert_eq!(sentences(&e["norms-additional"])[0], "rus-3 (RUS) is opposed by EU, USA, GBR, JPN");
    assert_eq!(decisive(&e["rid-poa"]), ["brackets", "opposed"]);
}

#[test]
fn a_moving_text_with_nobody_against_it_is_under_negotiation_not_contested() {
    let e = elements(&report(SAMPLE));
    // The African Group's words were taken up as proposed and nobody objected: the text
    // moved more in rev2 than in rev1, which says it is still being negotiated, no more.
    let c = &e["capacity-coordination"];
    assert_eq!(c["status"], "under_negotiation");
    assert_eq!(decisive(c), ["churn_rising"]);
    assert_eq!(sentences(c), ["churn rising: 4% → 27%", "no amendment open on rev2", "taken up in rev2: ag-2 (AG)"]);
    assert_eq!(c["evidence"][0]["details"], json!({ "window": [0.038, 0.274] }));
    // On drafts/, every contested element has evidence of disagreement on rev2.
    let disagreement =
        ["brackets", "alternatives", "competing", "opposed", "marked_open", "reservation", "objection", "dissociation"];
    for (id, el) in &e {
        if el["status"] == "contested" {
            let kinds = decisive(el);
            assert!(!kinds.is_empty() && kinds.iter().all(|k| disagreement.contains(k)), "{id}: {kinds:?}");
        }
    }
}

#[test]
fn converging_agreed_new_and_dropped_elements_give_their_reasons() {
    let e = elements(&report(SAMPLE));
    for (id, status) in INTENDED {
        let kinds = decisive(&e[id]);
        let expected: &[&str] = match (status, id) {
            (_, "intro-stakeholders" | "capacity-gender") => &["marked_agreed"],
            ("agreed", _) => &["agreed_in_baseline"],
            ("stable", _) => &["unchanged", "nothing_open"],
            ("converging", _) => &["churn_falling", "nothing_open"],
            ("new", _) => &["no_lineage"],
            ("dropped", _) => &["removed"],
            _ => continue,
        };
        assert_eq!(kinds, expected, "{id}");
    }
    assert_eq!(
        sentences(&e["threats-critical-infrastructure"]),
        ["churn falling: 17% → 0%", "no amendment open on rev2", "taken up in rev1: eu-1 (EU)"]
    );
    assert_eq!(sentences(&e["intro-mandate"]), ["unchanged since zero-draft (2 steps)", "no amendment open on rev2"]);
    assert_eq!(
        sentences(&e["threats-emerging-tech"]),
        ["the agreed text of the baseline oewg-2021-final, word for word", "no amendment open on rev2"]
    );
    assert_eq!(
        sentences(&e["capacity-gender"]),
        ["marked agreed in rev2", "no amendment open on rev2", "taken up in rev1: can-1 (CAN)"]
    );
    assert_eq!(
        sentences(&e["rid-inclusive-dialogue"]),
        [
            "churn falling: 15% → 2%",
            "no amendment open on rev2",
            "taken up in rev2: bra-2 (BRA)",
            "withdrawn: mex-2 (MEX)"
        ]
    );
    assert_eq!(
        sentences(&e["threats-ransomware"])[0],
        "new in rev1, added as usa-2 (USA) proposed: it continues no element of the baseline"
    );
    assert_eq!(sentences(&e["intro-sessions"])[0], "new in zero-draft: it continues no element of the baseline");
    assert_eq!(sentences(&e["threats-health"]), ["deleted in rev1, as sgp-2 (SGP) proposed"]);
    assert_eq!(sentences(&e["intro-pandemic"]), ["not carried into zero-draft"]);
    assert_eq!(sentences(&e["norms-implementation"])[2], "taken up in rev1: sgp-1 (SGP) in part");
}

#[test]
fn lineage_follows_ids_splits_and_merges_to_the_baseline() {
    let e = elements(&report(SAMPLE));
    assert_eq!(e["ilaw-national-positions"]["baseline_id"], "ilaw-exchange-views");
    assert_eq!(e["cbm-information-sharing"]["baseline_ids"], json!(["cbm-transparency", "cbm-best-practices"]));
    assert_eq!(e["intro-sessions"]["baseline_id"], Value::Null);
    assert_eq!(
        e["cbm-information-sharing"]["lineage"],
        json!([
            { "revision": "oewg-2021-final", "ids": ["cbm-transparency", "cbm-best-practices"] },
            { "revision": "zero-draft", "ids": ["cbm-transparency", "cbm-best-practices"] },
            { "revision": "rev1", "ids": ["cbm-information-sharing"] },
            { "revision": "rev2", "ids": ["cbm-information-sharing"] }
        ])
    );
    let unchanged: Vec<&String> = e
        .iter()
        .filter(|(_, v)| v["unchanged_since_baseline"] == json!(true) && v["status"] != "dropped")
        .map(|(k, _)| k)
        .collect();
    assert_eq!(unchanged, ["norms-vulnerabilities", "threats-emerging-tech"]);
    // Churn: the direction docs/sample.md intends (zero → rev1, rev1 → rev2).
    let last_two = |id: &str| -> (f64, f64) {
        let c = e[id]["churn"].as_array().unwrap();
        (c[c.len() - 2]["churn"].as_f64().unwrap(), c[c.len() - 1]["churn"].as_f64().unwrap())
    };
    for id in ["norms-supply-chain", "cbm-points-of-contact", "rid-inclusive-dialogue", "norms-implementation"] {
        let (a, b) = last_two(id);
        assert!(a > b && b > 0.0, "{id}: {a} then {b} should fall without reaching zero");
    }
    for id in ["threats-disinformation", "capacity-coordination", "rid-poa"] {
        let (a, b) = last_two(id);
        assert!(b > a, "{id}: {a} then {b} should rise");
    }
}

#[test]
fn overview_path_and_timeline() {
    let r = report(SAMPLE);
    assert_eq!(r["path"], json!({ "unchanged": 2, "changed": 30, "new": 4, "dropped": 2 }));
    let brackets: Vec<(String, u64, u64)> = r["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["revision"].as_str().unwrap().to_owned(),
                s["brackets"].as_u64().unwrap(),
                s["bracketed_elements"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [("oewg-2021-final", 0, 0), ("zero-draft", 8, 7), ("rev1", 3, 3), ("rev2", 2, 2)];
    assert_eq!(brackets, expected.map(|(r, b, e)| (r.to_owned(), b, e)));
    // Brackets as negotiators count them: here every pair is a passage of its own; the
    // zero draft's two side by side in ilaw-binding-instrument read as one set of alternatives.
    let marks: Vec<(u64, u64, u64)> = r["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["bracket_marks"].as_u64().unwrap(),
                s["alternatives"].as_u64().unwrap(),
                s["unbalanced"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(marks, [(0, 0, 0), (8, 1, 0), (3, 0, 0), (2, 0, 0)]);
    // The baseline as the latest: an agreed report, its 5 open paragraphs contested.
    assert_eq!(
        r["timeline"][0]["totals"],
        json!({ "agreed": 29, "contested": 5, "converging": 0, "dropped": 0, "new": 0, "stable": 0, "under_negotiation": 0 })
    );
    assert_eq!(r["timeline"][3]["totals"], r["totals"]);
    let filed: Vec<u64> = r["timeline"].as_array().unwrap().iter().map(|s| s["amendments"].as_u64().unwrap()).collect();
    assert_eq!(filed, [0, 29, 10, 8]);
}

#[test]
fn delegations_table_counts_outcomes_conflicts_and_support() {
    let r = report(SAMPLE);
    let d: BTreeMap<String, Value> = r["delegations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_owned(), d.clone()))
        .collect();
    assert_eq!(d.len(), 37, "33 delegations and 4 groups");
    let outcomes = |code: &str| d[code]["outcomes"].clone();
    assert_eq!(
        outcomes("MEX"),
        json!({ "adopted": 1, "adopted_in_part": 0, "not_taken_up": 0, "pending": 0, "superseded": 0, "withdrawn": 1 })
    );
    assert_eq!(
        outcomes("LMG"),
        json!({ "adopted": 0, "adopted_in_part": 0, "not_taken_up": 2, "pending": 2, "superseded": 0, "withdrawn": 0 })
    );
    assert_eq!(
        d["LMG"]["conflicts"],
        json!([
            { "element": "ilaw-binding-instrument", "with": ["AUS", "EU", "GBR", "USA"] },
            { "element": "ilaw-ihl", "with": ["CHE", "EU", "MEX"] }
        ])
    );
    assert_eq!(d["CHE"]["supporters"], json!({ "DEU": 2, "FRA": 2, "ICRC": 1, "MEX": 2 }));
    assert_eq!(d["EU"]["group"], json!(true));
    let total: u64 = d.values().map(|x| x["proposed"].as_u64().unwrap()).sum();
    assert_eq!(total, 47);
}

#[test]
fn agreed_language_names_its_baseline_source() {
    let e = elements(&report(SAMPLE));
    let language = &e["threats-emerging-tech"]["agreed_language"];
    assert_eq!(language.as_array().unwrap().len(), 2);
    assert!(
        language
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["exact"] == json!(true) && s["source"] == "threats-emerging-tech")
    );
    let near: Vec<&Value> = e
        .values()
        .flat_map(|x| x["agreed_language"].as_array().unwrap())
        .filter(|s| s["exact"] == json!(false))
        .collect();
    assert!(!near.is_empty());
    assert!(near.iter().all(|s| (0.8..1.0).contains(&s["similarity"].as_f64().unwrap())), "{near:?}");
    // Open baseline paragraphs are not agreed language.
    assert_eq!(e["ilaw-ihl"]["agreed_language"], json!([]));
}

#[test]
fn sample_markdown() {
    insta::assert_snapshot!("sample_markdown", stdout(SAMPLE, &["report"]));
}

#[test]
fn sample_json() {
    insta::assert_snapshot!("sample_json", stdout(SAMPLE, &["report", "--format", "json"]));
}

#[test]
fn reports_are_deterministic() {
    for format in ["md", "html", "json"] {
        let a = stdout(SAMPLE, &["report", "--format", format]);
        let b = stdout(SAMPLE, &["report", "--format", format]);
        assert!(a == b, "{format} differs between runs");
    }
}

#[test]
fn html_is_one_self_contained_page() {
    let html = stdout(SAMPLE, &["report", "--format", "html"]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    for external in ["http://", "https://", "src=", "<link", "@import", "url("] {
        assert!(!html.contains(external), "the page must not load anything: found {external:?}");
    }
    assert_eq!(html.matches("<script").count(), 1, "one inline script, ours");
    assert!(html.contains("<svg class=\"chart\""), "the process at a glance, as inline SVG");
    assert_eq!(html.matches("<article class=\"element\"").count(), 38);
}

#[test]
fn output_file_is_written_and_its_extension_picks_the_format() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let out = concord(SAMPLE, &["report", "-o", path.to_str().unwrap()]).assert().success().get_output().clone();
    assert!(out.stdout.is_empty(), "nothing on standard output when writing a file");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "wrote {} (38 elements: 5 contested, 1 under negotiation, 12 converging, 10 stable, 4 agreed, 4 new, \
             2 dropped)\n",
            path.display()
        )
    );
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, stdout(SAMPLE, &["report", "--format", "html"]));
    let json_path = dir.path().join("report.json");
    concord(SAMPLE, &["report", "-o", json_path.to_str().unwrap()]).assert().success();
    assert!(serde_json::from_str::<Value>(&std::fs::read_to_string(&json_path).unwrap()).is_ok());
}

#[test]
fn refuses_to_overwrite_a_file_in_the_drafts_folder_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    copy_dir(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE).as_path(), &drafts);
    let target = drafts.join("notes.md");
    std::fs::write(&target, "the secretariat's notes").unwrap();
    let run = |extra: &[&str]| {
        let mut cmd = concord(drafts.to_str().unwrap(), &["report", "-o", target.to_str().unwrap()]);
        cmd.args(extra);
        cmd
    };
    let out = run(&[]).assert().code(1).get_output().clone();
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: {} exists in the negotiation folder; concord does not overwrite it without --force\n  \
             = hint: pass --force to replace it, or choose another file\n",
            target.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "the secretariat's notes");
    run(&["--force"]).assert().success();
    assert!(std::fs::read_to_string(&target).unwrap().starts_with("# Convergence report"));
}

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
fn markup_in_the_drafts_shows_as_text_in_html() {
    let html = stdout(MARKUP, &["report", "--format", "html"]);
    assert_eq!(html.matches("<script").count(), 1, "only the report's own script");
    for raw in ["<script>alert", "<script>steal", "<b>bold</b>", "<i>Co</i>", "<tags>"] {
        assert!(!html.contains(raw), "{raw:?} must be escaped");
    }
    for escaped in [
        "States noted that &lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt; &amp; other tags are only text here.",
        "remain &lt;script&gt;steal()&lt;/script&gt; &amp; under",
        "Alpha &amp; &lt;i&gt;Co&lt;/i&gt;",
        "data-section=\"Scripts &amp; &lt;tags&gt;\"",
        "<title>Convergence report: Markup &amp; &lt;b&gt;escaping&lt;/b&gt; test</title>",
    ] {
        assert!(html.contains(escaped), "missing {escaped:?}");
    }
}

#[test]
fn markup_in_the_drafts_shows_as_text_in_markdown() {
    let md = stdout(MARKUP, &["report"]);
    assert!(!md.contains('<'), "no raw angle bracket may reach Markdown:\n{md}");
    for escaped in [
        "# Convergence report: Markup &amp; &lt;b&gt;escaping&lt;/b&gt; test",
        "| change | replace “remain \\| under” with “remain &lt;script&gt;steal()&lt;/script&gt; &amp; under” |",
        "> Plain words about cooperation \\[in brackets &amp; &lt;b&gt;bold&lt;/b&gt;\\] remain \\| under \\*discussion\\* today.",
        "| proposed by | AAA (Alpha &amp; &lt;i&gt;Co&lt;/i&gt;) |",
    ] {
        assert!(md.contains(escaped), "missing {escaped:?} in:\n{md}");
    }
}

#[test]
fn help_has_a_summary_and_an_example() {
    let out = stdout(SAMPLE, &["report", "--help"]);
    assert!(out.starts_with("Write the convergence report"), "{out}");
    assert!(out.contains("Example: concord report --drafts drafts -o report.html"), "{out}");
}
