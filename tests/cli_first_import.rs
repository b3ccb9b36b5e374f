//! After `concord init` without `--baseline`, the natural next step, `concord import
//! FIRST --as ID`, makes that document the baseline (it was refused because the folder
//! had no baseline): the revision file is written, `negotiation.yaml` starts from it, and
//! the folder passes `concord check`.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compilation").join(name).display().to_string()
}

/// Runs concord in `cwd`; returns (exit code, stdout, stderr).
fn concord(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("concord").current_dir(cwd).args(args).env("NO_COLOR", "1").output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// A folder made by `concord init` without a baseline, as `<tmp>/drafts`.
fn initialised() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(concord(dir.path(), &["init", "--title", "Second progress report"]).0, 0);
    let drafts = dir.path().join("drafts");
    (dir, drafts)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn the_first_import_becomes_the_baseline() {
    let (dir, drafts) = initialised();
    let before = read(&drafts.join("negotiation.yaml"));
    let (code, out, err) = concord(dir.path(), &["import", &fixture("zero-draft.txt"), "--as", "zero-draft"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "6 paragraphs read; element ids made from their sections and first words
wrote drafts/revisions/zero-draft.yaml as the baseline, an open negotiating text (state: open; --adopted records an adopted report); negotiation.yaml now starts from zero-draft
"
    );
    // Only the baseline's id changed in negotiation.yaml; its comments stay.
    assert_eq!(
        read(&drafts.join("negotiation.yaml")),
        before.replace("baseline: baseline\n", "baseline: zero-draft\n").replace("[baseline]", "[zero-draft]")
    );
    let revision = read(&drafts.join("revisions/zero-draft.yaml"));
    assert!(
        revision.starts_with(
            "# The baseline, imported by concord import. Element ids are kept from revision to revision:
# rename them now if you like, before any revision refers to them.
id: zero-draft
title: \"Zero draft of the second progress report\"
date: \"2024-02-12\"
state: open
paragraphs:
"
        ),
        "{revision}"
    );
    assert_eq!(
        concord(dir.path(), &["check"]).1,
        "drafts: ok (1 revision, 6 paragraphs, 0 amendments, 195 delegations, 5 groups); 0 errors, 0 warnings\n"
    );
    // The next import follows it as usual.
    let (code, out, _) = concord(dir.path(), &["import", &fixture("rev1.txt"), "--as", "rev1"]);
    assert_eq!(code, 0);
    assert!(
        out.ends_with("wrote drafts/revisions/rev1.yaml; added rev1 to negotiation.yaml after zero-draft\n"),
        "{out}"
    );
}

#[test]
fn an_adopted_report_is_recorded_as_agreed() {
    let (dir, drafts) = initialised();
    let (code, out, err) =
        concord(dir.path(), &["import", &fixture("baseline.txt"), "--as", "final-2023", "--adopted"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    assert!(
        out.ends_with(
            "as the baseline, an adopted text (state: agreed); negotiation.yaml now starts from final-2023\n"
        ),
        "{out}"
    );
    assert!(read(&drafts.join("revisions/final-2023.yaml")).contains("\nstate: agreed\n"));
    assert_eq!(concord(dir.path(), &["check"]).0, 0);
}

#[test]
fn a_dry_run_writes_nothing_and_after_has_nothing_to_follow() {
    let (dir, drafts) = initialised();
    let before = read(&drafts.join("negotiation.yaml"));
    let (code, out, _) =
        concord(dir.path(), &["import", &fixture("zero-draft.txt"), "--as", "zero-draft", "--dry-run"]);
    assert_eq!(code, 0);
    assert!(out.ends_with("dry run: nothing written\n"), "{out}");
    assert_eq!(read(&drafts.join("negotiation.yaml")), before);
    assert!(!drafts.join("revisions/zero-draft.yaml").exists());

    let (code, _, err) =
        concord(dir.path(), &["import", &fixture("zero-draft.txt"), "--as", "zero-draft", "--after", "baseline"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: drafts has no revision yet, so nothing for the import to follow (--after baseline)
  = hint: leave --after out: the first import becomes the negotiation's baseline
"
    );
}
