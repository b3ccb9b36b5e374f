//! `concord import-amendments`: a compilation of written inputs (CSV, Markdown, Word
//! table) on the hand-checked folder `tests/fixtures/compilation/drafts` becomes one
//! amendments file per proposer that `concord check` accepts; rows that cannot be read
//! are reported with their row number and why; a second compilation adds to the first,
//! and nothing is ever removed, with --force or without.

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

#[test]
fn a_row_for_paragraph_3_bis_proposes_a_new_paragraph_after_3() {
    let (dir, drafts) = drafts();
    std::fs::write(
        dir.path().join("new-paragraphs.csv"),
        "Para,Delegation,Proposed text\n\
         3 bis,Kenya,\"States also noted the need to protect health data.\"\n\
         3 ter,Kenya,New paragraph: States called for cooperation on incident response.\n\
         OP 3bis,Finland,insert \"also\" after \"States\"\n\
         3 bis,Finland,States also noted the need to protect personal data.\n\
         9 bis,Finland,States noted a point.\n",
    )
    .unwrap();
    let (code, out, err) = concord(dir.path(), &["import-amendments", "new-paragraphs.csv", "--on", "zero-draft"]);
    assert_eq!(code, 1, "{out}");
    assert_eq!(
        err,
        "new-paragraphs.csv:4: row 4: zero-draft has no paragraph 3 bis to change
  = hint: a row for a new paragraph 3 bis gives its whole text
new-paragraphs.csv:6: row 6: zero-draft has no paragraph `9 bis`
  = hint: the paragraphs of zero-draft are numbered 1, 2, 3, 4, 5, 6
"
    );
    assert_eq!(
        read(&drafts.join("amendments/zero-draft/ken.yaml")),
        "# Imported by concord import-amendments from new-paragraphs.csv (rows 2, 3).
by: KEN
amendments:
  - id: zero-draft/ken-1  # row 2
    element: threats-infrastructure-bis
    add: \"States also noted the need to protect health data.\"
    after_element: threats-infrastructure
  - id: zero-draft/ken-2  # row 3
    element: threats-infrastructure-ter
    add: \"States called for cooperation on incident response.\"
    after_element: threats-infrastructure
"
    );
    // Two delegations proposing their own 3 bis: two new paragraphs, two ids.
    assert!(read(&drafts.join("amendments/zero-draft/fin.yaml")).contains(
        "    element: threats-infrastructure-bis-2\n    add: \"States also noted the need to protect personal data.\"\n"
    ));
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

/// The amendments of the folder, one `id by element operation supporters` line each.
fn amendments(cwd: &Path) -> Vec<String> {
    let (code, out, err) = concord(cwd, &["amendments", "--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            format!("{} {} {} {} [{}]", &r[0], &r[2], &r[4], &r[5], &r[9])
        })
        .collect()
}

/// Every file of the revision's amendments folder, by name.
fn files(drafts: &Path) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(drafts.join("amendments/zero-draft"))
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (e.file_name().to_string_lossy().into_owned(), read(&e.path()))
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_second_compilation_on_the_same_revision_adds_to_the_first() {
    let (dir, drafts) = drafts();
    let first = fixture("written-inputs.csv");
    assert_eq!(concord(dir.path(), &["import-amendments", first.to_str().unwrap(), "--on", "zero-draft"]).0, 0);
    let second = fixture("second-batch.csv");
    let (code, out, err) = concord(dir.path(), &["import-amendments", second.to_str().unwrap(), "--on", "zero-draft"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "row 2: already in the folder as zero-draft/ken-1 (drafts/amendments/zero-draft/ken.yaml); skipped; added FRA to its supporters
row 5: already in the folder as zero-draft/usa-1 (drafts/amendments/zero-draft/usa.yaml); skipped
added 1 amendment to drafts/amendments/zero-draft/eu.yaml (which had 1)
wrote drafts/amendments/zero-draft/fin.yaml (1 amendment)
updated drafts/amendments/zero-draft/ken.yaml (supporters or opponents added)
4 rows read: 2 amendments in 2 files, 2 already there (skipped); 0 rows not imported
"
    );
    // The EU's new amendment follows its first, with the next id; the first is untouched.
    assert_eq!(
        read(&drafts.join("amendments/zero-draft/eu.yaml")),
        "# Imported by concord import-amendments from written-inputs.csv (row 3).
by: EU
date: 2024-02-26
amendments:
  - id: zero-draft/eu-1  # row 3
    element: threats-health
    insert: \"grave\"
    after: \"noted with\"
  # Added by concord import-amendments from second-batch.csv (row 3).
  - id: zero-draft/eu-2  # row 3
    element: threats-health
    delete: \"the rise of\"
"
    );
    // Every amendment of both compilations, the supporter of the second merged in.
    assert_eq!(
        amendments(dir.path()),
        [
            "zero-draft/ag-1 AG threats-health text []",
            "zero-draft/ag-2 AG capacity-fund-new add []",
            "zero-draft/bra-mex-1 BRA threats-infrastructure replace []",
            "zero-draft/cub-irn-nic-1 CUB law-charter delete []",
            "zero-draft/eu-1 EU threats-health insert []",
            "zero-draft/eu-2 EU threats-health delete []",
            "zero-draft/fin-1 FIN capacity-needs replace []",
            "zero-draft/ken-1 KEN intro insert [FRA]",
            "zero-draft/usa-1 USA capacity-fund delete_paragraph []",
        ]
    );
    check_passes(dir.path());
}

#[test]
fn importing_a_compilation_again_adds_nothing_and_force_deletes_nothing() {
    let (dir, drafts) = drafts();
    let csv = fixture("written-inputs.csv");
    let args = ["import-amendments", csv.to_str().unwrap(), "--on", "zero-draft"];
    assert_eq!(concord(dir.path(), &args).0, 0);
    let before = files(&drafts);
    let (code, out, err) = concord(dir.path(), &args);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "row 2: already in the folder as zero-draft/ken-1 (drafts/amendments/zero-draft/ken.yaml); skipped
row 3: already in the folder as zero-draft/eu-1 (drafts/amendments/zero-draft/eu.yaml); skipped
row 4: already in the folder as zero-draft/ag-1 (drafts/amendments/zero-draft/ag.yaml); skipped
row 5: already in the folder as zero-draft/bra-mex-1 (drafts/amendments/zero-draft/bra-mex.yaml); skipped
row 6: already in the folder as zero-draft/cub-irn-nic-1 (drafts/amendments/zero-draft/cub-irn-nic.yaml); skipped
row 7: already in the folder as zero-draft/usa-1 (drafts/amendments/zero-draft/usa.yaml); skipped
row 8: already in the folder as zero-draft/ag-2 (drafts/amendments/zero-draft/ag.yaml); skipped
7 rows read: 0 amendments in 0 files, 7 already there (skipped); 0 rows not imported
"
    );
    assert_eq!(files(&drafts), before, "nothing duplicated, nothing rewritten");

    // A supporter and an opponent recorded by hand, and a withdrawal, survive --force.
    let ken = drafts.join("amendments/zero-draft/ken.yaml");
    let edited = read(&ken).replace(
        "    after: \"considered\"\n",
        "    after: \"considered\"\n    supported_by: [NGA]\n    opposed_by: [USA]\n    withdrawn: 2024-03-01\n",
    );
    std::fs::write(&ken, &edited).unwrap();
    let before = files(&drafts);
    let (code, out, err) = concord(dir.path(), &[&args[..], &["--force"]].concat());
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        err,
        "note: --force no longer replaces amendments files: new amendments are added, those the folder has are skipped\n"
    );
    assert!(out.starts_with("row 2: already in the folder as zero-draft/ken-1 (drafts/amendments/zero-draft/ken.yaml, withdrawn 2024-03-01); skipped\n"), "{out}");
    assert!(
        out.ends_with("7 rows read: 0 amendments in 0 files, 7 already there (skipped); 0 rows not imported\n"),
        "{out}"
    );
    assert_eq!(files(&drafts), before, "--force deleted nothing");
    check_passes(dir.path());
}

#[test]
fn a_file_typed_by_hand_keeps_its_comments_and_layout() {
    let (dir, drafts) = drafts();
    let folder = drafts.join("amendments/zero-draft");
    std::fs::create_dir_all(&folder).unwrap();
    // The EU's file as a secretariat officer typed it: comments, items at column 0, no
    // ids, a block list of supporters.
    let typed = "# EU, read out on 26 February.\nby: EU\namendments:\n# threats\n- element: threats-health\n  insert: grave\n  after: noted with\n  supported_by:\n  - FIN\n";
    std::fs::write(folder.join("european-union.yaml"), typed).unwrap();
    std::fs::write(
        dir.path().join("batch.csv"),
        "Para,Delegation,Proposal,Supported by\n2,EU,Insert “grave” after “noted with”,\"Finland, Kenya\"\n5,EU,delete \"and respond to national needs\",\n",
    )
    .unwrap();
    let (code, out, err) = concord(dir.path(), &["import-amendments", "batch.csv", "--on", "zero-draft"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "row 2: already in the folder as zero-draft/european-union-1 (drafts/amendments/zero-draft/european-union.yaml); skipped; added KEN to its supporters
added 1 amendment to drafts/amendments/zero-draft/european-union.yaml (which had 1)
2 rows read: 1 amendment in 1 file, 1 already there (skipped); 0 rows not imported
"
    );
    assert_eq!(
        read(&folder.join("european-union.yaml")),
        format!(
            "{typed}  - KEN
# Added by concord import-amendments from batch.csv (row 3).
- id: zero-draft/european-union-2  # row 3
  element: capacity-needs
  delete: \"and respond to national needs\"
"
        )
    );
    check_passes(dir.path());
}

#[test]
fn a_file_concord_cannot_extend_is_left_as_it_is() {
    let (dir, drafts) = drafts();
    let folder = drafts.join("amendments/zero-draft");
    std::fs::create_dir_all(&folder).unwrap();
    // `by:` after the list: appending would put the new items under `by:`.
    let typed = "amendments:\n  - element: intro\n    delete: in good faith\nby: FIN\n";
    std::fs::write(folder.join("fin.yaml"), typed).unwrap();
    std::fs::write(dir.path().join("batch.csv"), "Para,Delegation,Proposal\n5,Finland,delete \"demand-driven and\"\n")
        .unwrap();
    let (code, out, err) = concord(dir.path(), &["import-amendments", "batch.csv", "--on", "zero-draft"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "wrote drafts/amendments/zero-draft/fin-2.yaml (1 amendment)
note: drafts/amendments/zero-draft/fin.yaml is not laid out as concord writes (its `amendments:` list does not end the file), so its new amendments went to drafts/amendments/zero-draft/fin-2.yaml
1 row read: 1 amendment in 1 file; 0 rows not imported
"
    );
    assert_eq!(read(&folder.join("fin.yaml")), typed);
    assert!(read(&folder.join("fin-2.yaml")).contains("  - id: zero-draft/fin-2-1  # row 2\n"));
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
