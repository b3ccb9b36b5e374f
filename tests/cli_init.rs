//! `concord init`: a new negotiation folder that `concord check` accepts once it has a
//! baseline; a non-empty folder or an unreadable baseline refused, nothing written.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compilation").join(name)
}

/// Runs concord in `cwd`; returns (exit code, stdout, stderr).
fn concord(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("concord").current_dir(cwd).args(args).env("NO_COLOR", "1").output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn with_a_baseline_the_folder_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("baseline.txt"), dir.path().join("Final report 2023.txt")).unwrap();
    let (code, out, err) = concord(
        dir.path(),
        &["init", "oewg", "--title", "Second progress report", "--baseline", "Final report 2023.txt"],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "created oewg: negotiation.yaml (\"Second progress report\"), delegations.yaml, revisions/
baseline final-report-2023: 5 paragraphs from Final report 2023.txt (revisions/final-report-2023.yaml)

Next:
  1. Check the groups in oewg/delegations.yaml (membership changes) and add your own.
  2. Import each draft as it comes:   concord import DRAFT.docx --as zero-draft --drafts oewg
  3. Import the written inputs:       concord import-amendments COMPILATION.csv --on zero-draft --drafts oewg
  4. Then:                            concord check --drafts oewg && concord report --drafts oewg
"
    );
    assert_eq!(
        read(&dir.path().join("oewg/negotiation.yaml")),
        "# The negotiation: its title, the text it starts from (the baseline) and its revisions,
# oldest first. `concord import FILE --as ID` adds each new draft to `revisions:`.
# The format is described in docs/format.md.
title: \"Second progress report\"
baseline: final-report-2023
revisions: [final-report-2023]
"
    );
    assert_eq!(
        read(&dir.path().join("oewg/revisions/final-report-2023.yaml")),
        "# The baseline, imported by concord init. Element ids are kept from revision to revision:
# rename them now if you like, before any revision refers to them.
id: final-report-2023
title: \"Final report of the working group on digital security\"
date: \"2023-07-28\"
symbol: \"WG/2023/1\"
paragraphs:
  - id: introduction-working-group
    number: \"1\"
    section: \"Introduction\"
    text: >-
      The working group held four sessions and adopted this report by consensus.
  - id: threats-states-noted
    number: \"2\"
    section: \"Threats\"
    text: >-
      States noted with concern the rise of ransomware attacks on hospitals and other health
      facilities.
  - id: threats-states-recalled
    number: \"3\"
    section: \"Threats\"
    text: >-
      States recalled that critical infrastructure supports essential services to the public.
  - id: international-states-reaffirmed
    number: \"4\"
    section: \"International law\"
    text: >-
      States reaffirmed that international law, and in particular the Charter of the United
      Nations, applies to the use of information technologies.
  - id: capacity-states-stressed
    number: \"5\"
    section: \"Capacity-building\"
    text: >-
      States stressed that capacity-building should be demand-driven and respond to national
      needs.
"
    );
    let (code, out, _) = concord(dir.path(), &["check", "--drafts", "oewg"]);
    assert_eq!(
        (code, out.as_str()),
        (0, "oewg: ok (1 revision, 5 paragraphs, 0 amendments, 195 delegations, 5 groups); 0 errors, 0 warnings\n")
    );
}

#[test]
fn delegations_say_when_the_groups_held_and_that_they_must_be_checked() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(concord(dir.path(), &["init", "n"]).0, 0);
    let d = read(&dir.path().join("n/delegations.yaml"));
    assert!(d.contains("# GROUP MEMBERSHIP IS AS OF 2024-06-30 AND MUST BE CHECKED against each group's\n"), "{d}");
    assert!(d.contains("  - code: KEN\n    name: \"Kenya\"\n"));
    assert!(d.contains("  - code: PSE\n    name: \"State of Palestine\"\n"));
    assert!(d.contains(
        "  - code: EU\n    name: \"European Union\"\n    # 27 members as of 2024-06-30; check before use.\n    members: [AUT, BEL,"
    ));
    assert!(d.contains("  - code: NonAligned\n    name: \"Non-Aligned Movement\"\n    # 120 members as of 2024-06-30"));
    assert!(d.contains("    # Unsure: South Sudan (SSD) is left out"), "uncertain membership is marked");
}

#[test]
fn without_a_baseline_it_says_what_to_do_and_check_explains_what_is_missing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("oewg-2024")).unwrap();
    let (code, out, err) = concord(&dir.path().join("oewg-2024"), &["init"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "created drafts: negotiation.yaml (\"oewg-2024\"), delegations.yaml, revisions/

Next:
  0. Give the negotiation its baseline, the text it starts from (until then `concord check`
     fails): the first import becomes it. Import the previous final report
     (concord import REPORT.docx --as final-report --adopted) or, for a process
     that starts from nothing, its zero draft; or write drafts/revisions/baseline.yaml by hand.
  1. Check the groups in drafts/delegations.yaml (membership changes) and add your own.
  2. Import each draft as it comes:   concord import DRAFT.docx --as zero-draft
  3. Import the written inputs:       concord import-amendments COMPILATION.csv --on zero-draft
  4. Then:                            concord check && concord report
"
    );
    let (code, out, _) = concord(&dir.path().join("oewg-2024"), &["check"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "drafts/negotiation.yaml:6:13: error: the revision baseline has no file revisions/baseline.yaml\n"
        ),
        "{out}"
    );
}

#[test]
fn a_folder_with_files_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("old")).unwrap();
    std::fs::write(dir.path().join("old/notes.txt"), "mine").unwrap();
    let (code, out, err) = concord(dir.path(), &["init", "old"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(
        err,
        "error: old exists and is not empty
  = hint: concord init creates a new negotiation folder; give the name of a new or empty folder
"
    );
    assert_eq!(std::fs::read_dir(dir.path().join("old")).unwrap().count(), 1, "nothing written");
    // An empty folder is fine.
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    assert_eq!(concord(dir.path(), &["init", "empty"]).0, 0);
}

#[test]
fn the_current_folder_can_be_initialised_when_empty() {
    // The current folder is filled in place, not replaced (a shell inside it would be left
    // in a deleted folder); nothing is left beside it.
    let dir = tempfile::tempdir().unwrap();
    let here = dir.path().join("here");
    std::fs::create_dir(&here).unwrap();
    let (code, out, err) = concord(&here, &["init", "."]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(out.starts_with("created .: negotiation.yaml ("), "{out}");
    let mut names: Vec<String> =
        std::fs::read_dir(&here).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["delegations.yaml", "negotiation.yaml", "revisions"]);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no sibling left");
}

#[test]
fn a_baseline_that_cannot_be_read_or_a_bad_id_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("report.rtf"), "{\\rtf1").unwrap();
    let (code, _, err) = concord(dir.path(), &["init", "n", "--baseline", "report.rtf"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: cannot read the baseline report.rtf: concord imports .docx, .pdf, .md and .txt files, not `.rtf`
  = hint: save the document as .docx or .pdf, or as plain text (.txt) or Markdown (.md)
"
    );
    let (code, _, err) = concord(dir.path(), &["init", "n", "--baseline", "report.rtf", "--baseline-id", "../escape"]);
    assert_eq!(code, 1);
    assert!(err.starts_with("error: `../escape` is not a valid revision id\n"), "{err}");
    assert!(!dir.path().join("n").exists());
}
