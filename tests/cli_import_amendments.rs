//! `concord import-amendments`: a compilation of written inputs (CSV, Markdown, Word
//! table) on the hand-checked folder `tests/fixtures/compilation/drafts` becomes one
//! amendments file per proposer that `concord check` accepts; rows that cannot be read
//! are reported with their row number and why; existing files are kept without --force.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compilation").join(name)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// A copy of the fixture's drafts folder, as `<tmp>/drafts`.
fn drafts() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let drafts = dir.path().join("drafts");
    copy_dir(&fixture("drafts"), &drafts);
    (dir, drafts)
}

/// Runs concord in `cwd`; returns (exit code, stdout, stderr).
fn concord(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("concord").current_dir(cwd).args(args).env("NO_COLOR", "1").output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

fn check_passes(cwd: &Path) -> String {
    let (code, out, err) = concord(cwd, &["check"]);
    assert_eq!(code, 0, "{out}{err}");
    out
}

#[test]
fn a_csv_compilation_becomes_one_file_per_proposer() {
    let (dir, drafts) = drafts();
    let csv = fixture("written-inputs.csv");
    let (code, out, err) = concord(dir.path(), &["import-amendments", csv.to_str().unwrap(), "--on", "zero-draft"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "wrote drafts/amendments/zero-draft/ag.yaml (2 amendments)
wrote drafts/amendments/zero-draft/bra-mex.yaml (1 amendment)
wrote drafts/amendments/zero-draft/cub-irn-nic.yaml (1 amendment)
wrote drafts/amendments/zero-draft/eu.yaml (1 amendment)
wrote drafts/amendments/zero-draft/ken.yaml (1 amendment)
wrote drafts/amendments/zero-draft/usa.yaml (1 amendment)
7 rows read: 7 amendments in 6 files; 0 rows not imported
"
    );
    let folder = drafts.join("amendments/zero-draft");
    // "Egypt on behalf of the African Group": the group, its members implied; the blank
    // paragraph cell repeats the row above; a new paragraph gets an id of its own.
    assert_eq!(
        read(&folder.join("ag.yaml")),
        "# Imported by concord import-amendments from written-inputs.csv (rows 4, 8).
by: AG
date: 2024-02-26
amendments:
  - id: zero-draft/ag-1  # row 4
    element: threats-health
    text: \"States condemned ransomware attacks on hospitals and other health facilities.\"
  - id: zero-draft/ag-2  # row 8
    element: capacity-fund-new
    add: \"States encouraged the United Nations to support the fund.\"
    after_element: capacity-fund
"
    );
    // "Brazil, Mexico": a joint proposal, the first named speaking for both.
    assert_eq!(
        read(&folder.join("bra-mex.yaml")),
        "# Imported by concord import-amendments from written-inputs.csv (row 5).
by: BRA
on_behalf_of: [BRA, MEX]
date: 2024-02-27
amendments:
  - id: zero-draft/bra-mex-1  # row 5
    element: threats-infrastructure
    replace: \"may have cascading effects\"
    with: \"can have cascading effects across borders\"
"
    );
    // "Cuba, on behalf of Nicaragua and Iran": the speaker and the States it named.
    assert!(read(&folder.join("cub-irn-nic.yaml")).contains("by: CUB\non_behalf_of: [CUB, IRN, NIC]\n"));
    // Curly quotes; a printed number resolved to the element id.
    assert!(
        read(&folder.join("eu.yaml"))
            .contains("    element: threats-health\n    insert: \"grave\"\n    after: \"noted with\"\n")
    );
    assert!(read(&folder.join("usa.yaml")).contains("    element: capacity-fund\n    delete_paragraph: true\n"));
    assert_eq!(
        check_passes(dir.path()),
        "drafts: ok (2 revisions, 11 paragraphs, 7 amendments, 12 delegations, 3 groups); 0 errors, 0 warnings\n"
    );
}

#[test]
fn every_unreadable_row_is_reported_with_its_number_and_why() {
    let (dir, drafts) = drafts();
    std::fs::copy(fixture("broken-rows.csv"), dir.path().join("broken-rows.csv")).unwrap();
    let (code, out, err) = concord(dir.path(), &["import-amendments", "broken-rows.csv", "--on", "zero-draft"]);
    assert_eq!(code, 1, "some rows were not imported");
    assert_eq!(
        err,
        "broken-rows.csv:2: row 2: zero-draft has no paragraph `9`
  = hint: the paragraphs of zero-draft are numbered 1, 2, 3, 4, 5, 6
broken-rows.csv:3: row 3: `Brasil` is not a delegation or group of delegations.yaml
  = hint: did you mean Brazil?
broken-rows.csv:4: row 4: the phrase `noted without` does not occur in zero-draft/threats-health
  = hint: quote the paragraph's words exactly, as they stand in this revision
broken-rows.csv:5: row 5: `Retain` expresses a position, not an amendment
  = hint: a row that only supports or opposes a text has nothing to import; record it as supported_by or opposed_by of the amendment
broken-rows.csv:6: row 6: the phrase `the` occurs 3 times in zero-draft/law-charter
  = hint: quote more words, so that the phrase occurs only once
broken-rows.csv:9: row 9: no delegation is given
  = hint: write the delegation or group that made the proposal
"
    );
    assert_eq!(
        out,
        "wrote drafts/amendments/zero-draft/fin.yaml (1 amendment)
7 rows read: 1 amendment in 1 file; 6 rows not imported (listed above)
"
    );
    assert_eq!(
        read(&drafts.join("amendments/zero-draft/fin.yaml")),
        "# Imported by concord import-amendments from broken-rows.csv (row 8).
by: FIN
amendments:
  - id: zero-draft/fin-1  # row 8
    element: intro
    insert: \"all\"
    after: \"considered\"
    note: \"Read out on 26 February.\"
"
    );
    check_passes(dir.path());
}

#[test]
fn a_markdown_table_with_marked_up_wording_and_a_group_by_name() {
    let (dir, drafts) = drafts();
    let md = fixture("written-inputs.md");
    let (code, out, err) = concord(dir.path(), &["import-amendments", md.to_str().unwrap(), "--on", "zero-draft"]);
    assert_eq!((code, err.as_str()), (0, ""), "{out}");
    let folder = drafts.join("amendments/zero-draft");
    assert_eq!(
        read(&folder.join("lmg.yaml")),
        "# Imported by concord import-amendments from written-inputs.md (row 2).
by: LMG
amendments:
  - id: zero-draft/lmg-1  # row 2
    element: law-charter
    delete: \", [and agreed to continue discussing how it applies]\"
    supported_by: [NIC]
"
    );
    // `~~deleted~~ **inserted**` is read as the paragraph's new wording.
    assert!(read(&folder.join("fin.yaml")).contains(
        "    text: >-\n      States noted with grave concern the rise of ransomware attacks on hospitals and other\n      health facilities.\n"
    ));
    assert!(read(&folder.join("ken-nga.yaml")).contains("by: KEN\non_behalf_of: [KEN, NGA]\n"));
    check_passes(dir.path());
}

/// A minimal .docx holding one table.
fn docx_with_table(rows: &[[&str; 3]]) -> Vec<u8> {
    let cell = |t: &str| format!("<w:tc><w:p><w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r></w:p></w:tc>");
    let body: String =
        rows.iter().map(|r| format!("<w:tr>{}</w:tr>", r.iter().map(|c| cell(c)).collect::<String>())).collect();
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Compilation</w:t></w:r></w:p><w:tbl>{body}</w:tbl></w:body></w:document>"
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_word_table_is_read_like_a_csv() {
    let (dir, drafts) = drafts();
    let bytes = docx_with_table(&[
        ["Paragraph", "Submitted by", "Proposed amendment"],
        ["3", "Germany", "replace &#8220;may have&#8221; with &#8220;have&#8221;"],
        ["OP 5", "the Netherlands", "delete &#8220;demand-driven and&#8221;"],
    ]);
    std::fs::write(dir.path().join("compilation.docx"), bytes).unwrap();
    let (code, out, err) = concord(dir.path(), &["import-amendments", "compilation.docx", "--on", "zero-draft"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "compilation.docx: row 3: `the Netherlands` is not a delegation or group of delegations.yaml
  = hint: add it to delegations.yaml, or write its name or code as declared there
"
    );
    assert_eq!(
        out,
        "wrote drafts/amendments/zero-draft/deu.yaml (1 amendment)\n2 rows read: 1 amendment in 1 file; 1 row not imported (listed above)\n"
    );
    assert!(
        read(&drafts.join("amendments/zero-draft/deu.yaml"))
            .contains("    replace: \"may have\"\n    with: \"have\"\n")
    );
    check_passes(dir.path());
}

#[test]
fn existing_files_are_replaced_only_with_force() {
    let (dir, drafts) = drafts();
    let csv = fixture("written-inputs.csv");
    let args = ["import-amendments", csv.to_str().unwrap(), "--on", "zero-draft"];
    assert_eq!(concord(dir.path(), &args).0, 0);
    let eu = drafts.join("amendments/zero-draft/eu.yaml");
    std::fs::write(&eu, "by: EU\namendments:\n  - element: intro\n    delete: in good faith\n").unwrap();
    let (code, out, err) = concord(dir.path(), &args);
    assert_eq!((code, out.as_str()), (1, ""));
    assert!(err.starts_with("error: drafts/amendments/zero-draft/ag.yaml, "), "{err}");
    assert!(err.ends_with(" exist; nothing was written\n  = hint: pass --force to replace them\n"), "{err}");
    assert!(read(&eu).contains("in good faith"), "kept");
    let (code, _, _) = concord(dir.path(), &[&args[..], &["--force"]].concat());
    assert_eq!(code, 0);
    assert!(read(&eu).contains("noted with"), "replaced");
    check_passes(dir.path());
}

#[test]
fn dry_run_writes_nothing_and_unknown_revisions_and_layouts_are_refused() {
    let (dir, drafts) = drafts();
    let csv = fixture("written-inputs.csv");
    let (code, out, _) =
        concord(dir.path(), &["import-amendments", csv.to_str().unwrap(), "--on", "zero-draft", "--dry-run"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("would write drafts/amendments/zero-draft/ag.yaml (2 amendments)\n"), "{out}");
    assert!(!drafts.join("amendments").exists(), "no folder left behind");

    let (code, _, err) = concord(dir.path(), &["import-amendments", csv.to_str().unwrap(), "--on", "zero-drat"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: unknown revision `zero-drat`\n  = hint: did you mean `zero-draft`? (the revisions are final-2023, zero-draft)\n"
    );

    std::fs::write(dir.path().join("two-columns.csv"), "Para,Text\n1,delete \"in good faith\"\n").unwrap();
    let (code, _, err) = concord(dir.path(), &["import-amendments", "two-columns.csv", "--on", "zero-draft"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: cannot read two-columns.csv: the table has no delegation column (its headings are: Para, Text)
  = hint: name the columns in the first row: paragraph, delegation, proposed text (date, note, supported by and opposed by are optional)
"
    );
}
