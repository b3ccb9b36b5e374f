//! `concord check` as a user runs it: on the sample negotiation (clean), and on one small
//! broken folder per problem in `tests/fixtures/broken/` (each a copy of
//! `tests/fixtures/minimal` with one thing wrong). Every test spells out the line the user
//! reads, `path:line:col: error: message`, with the path as given on the command line.

use assert_cmd::cargo::cargo_bin_cmd;

/// What `concord check --drafts <folder>` printed, and how it exited.
struct Checked {
    folder: String,
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs `concord check` from the crate root on `tests/fixtures/broken/<name>`.
fn check_broken(name: &str) -> Checked {
    check(&format!("tests/fixtures/broken/{name}"))
}

/// Runs `concord check --drafts <folder>` from the crate root, without color.
fn check(folder: &str) -> Checked {
    let output = cargo_bin_cmd!("concord")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .args(["check", "--drafts", folder])
        .output()
        .expect("concord runs");
    Checked {
        folder: folder.to_owned(),
        code: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 output"),
    }
}

impl Checked {
    /// Asserts exit 1, exactly one error and no warning, and that each of `lines` (relative
    /// paths, without the folder prefix) is a whole line of the output.
    fn fails_with(&self, lines: &[&str]) {
        self.fails_with_counts("1 error, 0 warnings", lines);
    }

    /// Like [`fails_with`](Self::fails_with), with another summary (`2 errors, 0 warnings`).
    fn fails_with_counts(&self, summary: &str, lines: &[&str]) {
        assert_eq!(self.code, 1, "exit code; output:\n{}{}", self.stdout, self.stderr);
        self.has_lines(lines);
        self.ends_with(&format!("{}: {summary}", self.folder));
    }

    /// Asserts each of `lines` occurs as a whole line; `{}` stands for the folder.
    fn has_lines(&self, lines: &[&str]) {
        for expected in lines {
            let expected = expected.replace("{}", &self.folder);
            assert!(
                self.stdout.lines().any(|l| l == expected),
                "missing line:\n{expected}\nin output:\n{}{}",
                self.stdout,
                self.stderr
            );
        }
    }

    /// Asserts the last line of the output (the summary).
    fn ends_with(&self, summary: &str) {
        assert_eq!(self.stdout.lines().last(), Some(summary), "output:\n{}", self.stdout);
    }
}

// ----- clean folders -----

#[test]
fn the_sample_negotiation_is_clean() {
    let c = check("drafts");
    assert_eq!(c.code, 0, "output:\n{}{}", c.stdout, c.stderr);
    assert!(!c.stdout.contains(": error:"), "output:\n{}", c.stdout);
    let last = c.stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("drafts: ok (") && last.contains("; 0 errors, "), "summary: {last}");
}

#[test]
fn the_minimal_fixture_is_clean() {
    let c = check("tests/fixtures/minimal");
    assert_eq!(c.code, 0);
    assert_eq!(
        c.stdout,
        "tests/fixtures/minimal: ok (3 revisions, 6 paragraphs, 3 amendments, 4 delegations, 1 group); \
         0 errors, 0 warnings\n"
    );
}

#[test]
fn crlf_line_endings_and_a_byte_order_mark_are_accepted() {
    let c = check_broken("crlf-and-bom");
    assert_eq!(c.code, 0, "output:\n{}", c.stdout);
    c.ends_with(
        "tests/fixtures/broken/crlf-and-bom: ok (3 revisions, 6 paragraphs, 3 amendments, 4 delegations, 1 group); \
         0 errors, 0 warnings",
    );
}

#[test]
fn a_rename_without_from_is_a_warning_not_an_error() {
    let c = check_broken("renamed-without-from");
    assert_eq!(c.code, 0, "output:\n{}", c.stdout);
    c.has_lines(&[
        "{}/revisions/r2.yaml:9: warning: norms-respect is new and norms of r1 vanished; their texts are 80% alike",
        "  = hint: if norms-respect continues norms, write `from: [norms]`",
    ]);
    c.ends_with(
        "tests/fixtures/broken/renamed-without-from: ok (3 revisions, 6 paragraphs, 3 amendments, 4 delegations, \
         1 group); 0 errors, 1 warning",
    );
}

#[test]
fn the_worked_example_of_docs_format_md_is_valid() {
    // Every ```yaml block of the page whose first line is `# file: <path>` is a file of the
    // example folder.
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/format.md")).expect("read page");
    let dir = tempfile::TempDir::new().expect("temporary folder");
    let mut files = 0;
    for block in page.split("```yaml\n").skip(1) {
        let block = block.split("```").next().unwrap_or_default();
        let Some(path) = block.lines().next().and_then(|l| l.strip_prefix("# file: ")) else { continue };
        let path = dir.path().join("docs-example").join(path.trim());
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(&path, block).expect("write file");
        files += 1;
    }
    assert_eq!(files, 7, "the example has 7 files");
    let output = cargo_bin_cmd!("concord")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "--drafts", "docs-example"])
        .output()
        .expect("concord runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8 output");
    // The page quotes this line.
    let expected = "docs-example: ok (3 revisions, 12 paragraphs, 7 amendments, 7 delegations, 1 group); \
                    0 errors, 0 warnings";
    assert_eq!(stdout.trim_end(), expected);
    assert!(page.contains(&format!("`{expected}`")), "docs/format.md quotes the summary line");
    assert_eq!(output.status.code(), Some(0));
}

/// A folder with one revision in Chinese, Arabic and Russian, and amendments quoting them.
fn unicode_folder(anchor: &str) -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().expect("temporary folder");
    let files = [
        ("negotiation.yaml", "title: Unicode\nbaseline: r0\nrevisions: [r0]\n".to_owned()),
        ("delegations.yaml", "delegations:\n  - code: CHN\n    name: China\n".to_owned()),
        (
            "revisions/r0.yaml",
            "id: r0\nparagraphs:\n  - id: norms-zh\n    text: 各国应尊重负责任国家行为规范。\n  \
             - id: coop-ar\n    text: تؤكد الدول أهمية التعاون الدولي.\n  \
             - id: coop-ru\n    text: Государства подчеркнули важность сотрудничества.\n"
                .to_owned(),
        ),
        (
            "amendments/r0/chn.yaml",
            format!(
                "by: CHN\namendments:\n  - element: norms-zh\n    insert: 自愿\n    after: {anchor}\n  \
                 - element: coop-ar\n    replace: التعاون الدولي\n    with: التعاون الدولي والإقليمي\n  \
                 - element: coop-ru\n    delete: важность\n"
            ),
        ),
    ];
    for (path, text) in files {
        let path = dir.path().join("unicode").join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("create folder");
        std::fs::write(path, text).expect("write file");
    }
    dir
}

fn check_in(dir: &tempfile::TempDir, folder: &str) -> (i32, String) {
    let output = cargo_bin_cmd!("concord")
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .args(["check", "--drafts", folder])
        .output()
        .expect("concord runs");
    (output.status.code().expect("exit code"), String::from_utf8(output.stdout).expect("UTF-8 output"))
}

#[test]
fn chinese_arabic_and_russian_texts_load_and_anchor_like_english() {
    let dir = unicode_folder("负责任");
    let (code, stdout) = check_in(&dir, "unicode");
    assert_eq!(code, 0, "output:\n{stdout}");
    assert_eq!(
        stdout,
        "unicode: ok (1 revision, 3 paragraphs, 3 amendments, 1 delegation, 0 groups); 0 errors, 0 warnings\n"
    );
}

#[test]
fn a_chinese_anchor_of_one_ideograph_can_be_ambiguous() {
    // 国 occurs in 各国 and in 国家: each ideograph is a token.
    let dir = unicode_folder("国");
    let (code, stdout) = check_in(&dir, "unicode");
    assert_eq!(code, 1, "output:\n{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l == "unicode/amendments/r0/chn.yaml:5:12: error: the phrase `国` occurs 2 times in r0/norms-zh"),
        "output:\n{stdout}"
    );
}

// ----- YAML itself -----

#[test]
fn yaml_syntax_error() {
    check_broken("yaml-syntax-error").fails_with(&[
        "{}/negotiation.yaml:3:12: error: unclosed bracket '['",
        "3 | revisions: [r0, r1, r2",
        "  |            ^",
    ]);
}

#[test]
fn unknown_field() {
    check_broken("unknown-field").fails_with(&[
        "{}/amendments/r1/lmg.yaml:8:5: error: unknown field `suported_by`",
        "  = hint: did you mean `supported_by`?",
    ]);
}

#[test]
fn missing_required_field() {
    // Where the amendment starts (`- id: nld-2`), not at its last key.
    check_broken("missing-required-field").fails_with(&[
        "{}/amendments/r1/nld.yaml:8:5: error: missing field `element`",
        "  = hint: add `element:` to this entry (see docs/format.md)",
    ]);
}

#[test]
fn duplicate_keys() {
    check_broken("duplicate-keys").fails_with(&[
        "{}/revisions/r2.yaml:3:1: error: duplicate mapping key `title` is not allowed here",
        "  = hint: each key may appear once in a mapping; remove or merge the repeated one",
    ]);
}

#[test]
fn tabs_in_indentation() {
    // The tab is at the start of line 10. The parser reports the plain scalar before it
    // (9:9); concord looks forward from there to the tab itself.
    check_broken("tabs-in-indentation").fails_with(&[
        "{}/revisions/r2.yaml:10:1: error: while scanning a plain scalar, found a tab",
        "  = hint: indent with spaces: YAML does not allow tabs for indentation",
    ]);
}

#[test]
fn tabs_in_indentation_point_at_the_tab() {
    let c = check_broken("tabs-in-indentation");
    assert!(c.stdout.starts_with("tests/fixtures/broken/tabs-in-indentation/revisions/r2.yaml:10:"), "{}", c.stdout);
}

#[test]
fn non_utf8_file() {
    check_broken("non-utf8").fails_with(&[
        "{}/revisions/r2.yaml:8:36: error: the file is not valid UTF-8 text",
        "  = hint: save it as UTF-8 (in most editors: Save with encoding, UTF-8)",
    ]);
}

#[test]
fn empty_revision_file() {
    check_broken("empty-revision-file")
        .fails_with(&["{}/revisions/r2.yaml: error: the file is empty", "  = hint: write its contents, or remove it"]);
}

#[test]
fn revision_path_is_a_directory() {
    check_broken("revision-path-is-directory").fails_with(&[
        "{}/revisions/r2.yaml: error: this is a directory, not a YAML file",
        "  = hint: remove or rename it",
    ]);
}

// ----- the revisions -----

#[test]
fn revision_listed_without_a_file() {
    check_broken("revision-without-file").fails_with(&[
        "{}/negotiation.yaml:3:21: error: the revision r2 has no file revisions/r2.yaml",
        "  = hint: create the file, or remove the revision from the list",
    ]);
}

#[test]
fn revision_file_not_listed() {
    check_broken("revision-file-not-listed").fails_with(&[
        "{}/revisions/r2.yaml: error: this revision is not listed in negotiation.yaml",
        "  = hint: add `r2` to `revisions:` in negotiation.yaml, or remove the file",
    ]);
}

#[test]
fn revision_id_with_dotdot() {
    check_broken("revision-id-with-dotdot").fails_with(&[
        "{}/negotiation.yaml:3:25: error: `../../etc/passwd` is not a valid revision id",
        "  = hint: use letters, digits, `-`, `_` or `.`, such as rev1 or zero-draft",
    ]);
}

#[test]
fn duplicate_element_id() {
    check_broken("duplicate-element-id").fails_with(&[
        "{}/revisions/r1.yaml:13:9: error: the element id intro is used twice in this revision",
        "  = hint: it is first used at line 5; element ids must be unique in a revision",
    ]);
}

#[test]
fn element_id_with_dotdot() {
    check_broken("element-id-with-dotdot").fails_with(&[
        "{}/revisions/r2.yaml:13:9: error: `../../outside` is not a valid element id",
        "  = hint: use letters, digits, `-`, `_` or `.`, such as threats-ransomware",
    ]);
}

#[test]
fn from_names_an_element_absent_from_the_previous_revision() {
    check_broken("from-unknown-element").fails_with(&[
        "{}/revisions/r2.yaml:10:12: error: `from:` names norm, which is not in r1",
        "  = hint: did you mean `norms`?",
    ]);
}

#[test]
fn empty_text() {
    check_broken("empty-text").fails_with(&[
        "{}/revisions/r2.yaml:12:11: error: the paragraph norms has no text",
        "  = hint: write its text, or remove the paragraph",
    ]);
}

#[test]
fn invalid_date() {
    check_broken("invalid-date").fails_with(&[
        "{}/revisions/r2.yaml:3:7: error: `2022-02-30` is not a valid date",
        "  = hint: write dates as YYYY-MM-DD, such as 2022-07-22",
    ]);
}

// ----- delegations and groups -----

#[test]
fn unknown_code_in_group_members() {
    check_broken("unknown-code-in-members").fails_with(&[
        "{}/delegations.yaml:13:20: error: group LMG lists `IRQ`, which is not a delegation",
        "  = hint: did you mean `IRN`?",
    ]);
}

#[test]
fn unknown_code_in_by() {
    check_broken("unknown-code-in-by").fails_with(&[
        "{}/amendments/r1/nld.yaml:1:5: error: unknown delegation or group `NDL` in by",
        "  = hint: declare it in delegations.yaml",
    ]);
}

#[test]
fn unknown_code_in_supported_by() {
    check_broken("unknown-code-in-supported-by").fails_with(&[
        "{}/amendments/r1/lmg.yaml:8:20: error: unknown delegation or group `BRZ` in supported_by",
        "  = hint: did you mean `BRA`?",
    ]);
}

#[test]
fn unknown_code_in_opposed_by() {
    check_broken("unknown-code-in-opposed-by").fails_with(&[
        "{}/amendments/r1/lmg.yaml:9:18: error: unknown delegation or group `XYZ` in opposed_by",
        "  = hint: declare it in delegations.yaml",
    ]);
}

#[test]
fn unknown_code_in_on_behalf_of() {
    check_broken("unknown-code-in-on-behalf-of").fails_with(&[
        "{}/amendments/r1/lmg.yaml:2:21: error: unknown delegation or group `VEN` in on_behalf_of",
        "  = hint: declare it in delegations.yaml",
    ]);
}

// ----- amendments -----

#[test]
fn duplicate_amendment_id() {
    check_broken("duplicate-amendment-id").fails_with(&[
        "{}/amendments/r1/nld.yaml:8: error: the amendment id lmg-1 is used twice",
        "  = hint: it is first used at {}/amendments/r1/lmg.yaml:4; amendment ids are unique across the negotiation",
    ]);
}

#[test]
fn amendment_id_with_dotdot() {
    check_broken("amendment-id-with-dotdot").fails_with(&[
        "{}/amendments/r1/nld.yaml:8:9: error: `../../nld-2` is not a valid amendment id",
        "  = hint: use letters, digits, `-`, `_`, `.` or `/`, such as lmg-1",
    ]);
}

#[test]
fn amendments_on_a_revision_that_does_not_exist() {
    check_broken("amendments-on-unknown-revision").fails_with(&[
        "{}/amendments/rev9: error: amendments on `rev9`, which is not a revision of this negotiation",
        "  = hint: name the folder after a revision in negotiation.yaml",
    ]);
}

#[test]
fn amendment_on_an_element_not_in_the_revision() {
    check_broken("amendment-on-unknown-element").fails_with(&[
        "{}/amendments/r1/nld.yaml:9:14: error: the element introduction is not in r1",
        "  = hint: did you mean `intro`?",
    ]);
}

#[test]
fn anchor_missing() {
    check_broken("anchor-missing").fails_with(&[
        "{}/amendments/r1/nld.yaml:10:13: error: the phrase `the safety of` does not occur in r1/intro",
        "  = hint: quote the paragraph's words exactly, as they stand in this revision",
    ]);
}

#[test]
fn anchor_ambiguous() {
    check_broken("anchor-ambiguous").fails_with(&[
        "{}/amendments/r1/nld.yaml:7:12: error: the phrase `States should` occurs 2 times in r1/norms",
        "  = hint: quote more words, so that the phrase occurs only once",
    ]);
}

#[test]
fn two_operations_in_one_amendment() {
    check_broken("two-operations").fails_with(&[
        "{}/amendments/r1/nld.yaml:8: error: the amendment to intro has 2 operations (delete, text)",
        "  = hint: give exactly one of replace (with with), insert (with after or before), delete, text, add, \
         delete_paragraph; split it into several amendments",
    ]);
}

#[test]
fn insert_without_after_or_before() {
    check_broken("insert-without-anchor").fails_with(&[
        "{}/amendments/r1/nld.yaml:6:13: error: `insert` needs exactly one of `after` or `before`",
        "  = hint: quote the words the insertion goes next to",
    ]);
}

// ----- the command line -----

#[test]
fn a_missing_folder_is_an_error() {
    let c = check("tests/fixtures/no-such-folder");
    assert_eq!(c.code, 1);
    c.has_lines(&[
        "{}: error: no negotiation folder here",
        "  = hint: pass the folder with --drafts DIR, or create one with negotiation.yaml and delegations.yaml",
    ]);
}
