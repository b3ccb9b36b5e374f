//! `concord status` as a user runs it: the overview table of the sample negotiation at
//! 100 and at 60 columns (snapshots, checked by hand against `docs/sample.md`), the
//! filters, the reasons with `--why`, color and errors.

const SAMPLE: &str = "drafts";

mod common;
use common::{concord, stdout};

/// The widest line, in characters.
fn widest(text: &str) -> usize {
    text.lines().map(|l| l.chars().count()).max().unwrap_or(0)
}

/// Element ids of the table rows (second column), in order.
fn ids(table: &str) -> Vec<String> {
    table
        .lines()
        .filter_map(|l| {
            let cells: Vec<&str> = l.split(['│', '┆']).map(str::trim).collect();
            let number = cells.get(1)?;
            (!number.is_empty() && *number != "no.").then(|| cells[2].to_owned())
        })
        .collect()
}

#[test]
fn sample_at_100_columns() {
    let out = stdout(SAMPLE, &["status", "--width", "100"]);
    assert!(widest(&out) <= 100, "wider than 100 columns:\n{out}");
    assert!(
        out.contains(
            "38 elements: 5 contested · 1 under negotiation · 12 converging · 10 stable · 4 agreed · 4 new\n2 dropped"
        ),
        "{out}"
    );
    insta::assert_snapshot!("sample_100", out);
}

#[test]
fn sample_without_a_terminal_defaults_to_100_columns() {
    assert_eq!(stdout(SAMPLE, &["status"]), stdout(SAMPLE, &["status", "--width", "100"]));
}

#[test]
fn sample_at_60_columns_drops_columns_and_wraps() {
    let out = stdout(SAMPLE, &["status", "--width", "60"]);
    assert!(widest(&out) <= 60, "wider than 60 columns:\n{out}");
    assert!(!out.contains("involved"), "the narrow table leaves out the delegations column:\n{out}");
    insta::assert_snapshot!("sample_60", out);
}

#[test]
fn columns_variable_sets_the_width_when_not_on_a_terminal() {
    let out = concord(SAMPLE, &["status"]).env("COLUMNS", "60").assert().success().get_output().stdout.clone();
    assert!(widest(&String::from_utf8(out).unwrap()) <= 60);
}

#[test]
fn status_filter_lists_the_contested_elements_of_the_sample() {
    let out = stdout(SAMPLE, &["status", "--status", "contested"]);
    let expected = ["threats-disinformation", "ilaw-ihl", "ilaw-binding-instrument", "norms-additional", "rid-poa"];
    // Continuation lines of wrapped ids are not rows: compare the full rows.
    assert_eq!(ids(&out), expected, "{out}");
    assert!(
        out.contains("5 elements: 5 contested · 0 under negotiation · 0 converging · 0 stable · 0 agreed · 0 new\n0 dropped (of 38)"),
        "{out}"
    );
}

#[test]
fn status_filter_takes_the_new_statuses() {
    let out = stdout(SAMPLE, &["status", "--status", "under-negotiation", "--why"]);
    assert_eq!(ids(&out), ["capacity-coordination"], "{out}");
    assert!(
        out.contains(
            "31 capacity-coordination — under negotiation\n  • churn rising: 4% → 27%\n  ◦ no amendment open on rev2\n  \
             ◦ taken up in rev2: ag-2 (AG)\n"
        ),
        "{out}"
    );
    let out = stdout(SAMPLE, &["status", "--status", "stable"]);
    assert_eq!(ids(&out).len(), 10, "{out}");
}

#[test]
fn section_filter_matches_part_of_the_heading() {
    let out = stdout(SAMPLE, &["status", "--section", "international law"]);
    assert_eq!(
        ids(&out),
        [
            "ilaw-charter",
            "ilaw-principles",
            "ilaw-ihl",
            "ilaw-binding-instrument",
            "ilaw-exchange-views",
            "ilaw-national-positions",
            "ilaw-capacity"
        ]
    );
}

#[test]
fn unknown_section_fails_with_the_list_of_sections() {
    let out = concord(SAMPLE, &["status", "--section", "outer space"]).assert().code(1).get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: no section matches `outer space`\n  = hint: sections: `Introduction`, `Existing and potential \
         threats`, `International law`, `Rules, norms and principles of responsible State behaviour`, \
         `Confidence-building measures`, `Capacity-building`, `Regular institutional dialogue`\n"
    );
}

#[test]
fn ambiguous_section_asks_which() {
    let out = concord(SAMPLE, &["status", "--section", "building"]).assert().code(1).get_output().clone();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: `building` matches 2 sections\n  = hint: say which: `Confidence-building measures`, \
         `Capacity-building`\n"
    );
}

#[test]
fn why_gives_the_reasons_a_diplomat_reads() {
    let out = stdout(SAMPLE, &["status", "--status", "contested", "--why"]);
    for expected in [
        // • decides the status; ◦ is context: the rising churn is not why it is contested.
        "9 threats-disinformation — contested\n  • chn-4 (CHN) is opposed by USA, GBR, EST\n  ◦ churn rising: 5% → 20%\n",
        "  • eu-3 (EU) and lmg-3 (LMG) change the same words differently: “[the possibility of additional\n    legally binding obligations]”\n",
        "  • che-2 (CHE) adds words inside the passage lmg-4 (LMG) deletes:",
        "35 rid-poa — contested\n  • a bracketed passage remains:",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in:\n{out}");
    }
}

#[test]
fn color_always_paints_the_statuses() {
    let out = concord(SAMPLE, &["--color", "always", "status", "--status", "dropped"])
        .env_remove("NO_COLOR")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("\u{1b}["), "expected ANSI colors:\n{out}");
    let plain = stdout(SAMPLE, &["status", "--status", "dropped"]);
    assert!(!plain.contains('\u{1b}'), "NO_COLOR output must be plain:\n{plain}");
}

#[test]
fn help_has_a_summary_and_an_example() {
    let out = stdout(SAMPLE, &["status", "--help"]);
    assert!(out.starts_with("Show where every element stands"), "{out}");
    assert!(out.contains("Example: concord status --status contested --why"), "{out}");
}
