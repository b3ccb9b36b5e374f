//! What a received folder can do to the reader's screen and spreadsheet (issue 13,
//! findings 6 and 8): names, ids, titles, sections and texts carrying escape sequences,
//! BEL, bidirectional overrides, invisible characters and line breaks, run through every
//! command; Markdown built from texts holding links, images and HTML; CSV cells that a
//! spreadsheet would run as formulas. Each test writes the hostile folder it needs.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;

/// Runs `concord --drafts DRAFTS ARGS` in `cwd`, without color: (exit code, stdout, stderr).
fn run(cwd: &Path, drafts: &Path, args: &[&str]) -> (i32, String, String) {
    let out = cargo_bin_cmd!("concord")
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .env_remove("CONCORD_QUIET")
        .env_remove("COLUMNS")
        .arg("--drafts")
        .arg(drafts)
        .args(args)
        .output()
        .expect("concord runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8 output");
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    fs::write(path, text).expect("write");
}

/// A folder `name` in `parent` with the given files (path relative to the folder,
/// text); returns `name`, the folder as reached from `parent`.
fn folder(parent: &Path, name: &str, files: &[(&str, &str)]) -> PathBuf {
    for (rel, text) in files {
        write(&parent.join(name).join(rel), text);
    }
    PathBuf::from(name)
}

const DELEGATIONS: &str = "delegations:\n  - code: NLD\n    name: Netherlands\n  - code: BRA\n    name: Brazil\n";

/// Characters that must never reach a reader raw: controls (but the line break),
/// bidirectional controls and invisible format characters. Written out here, apart from
/// the list in `text::visible`, so that the test does not check the code against itself.
fn raw_hidden(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c,
                    '\u{AD}' | '\u{61C}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
                    | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{E0000}'..='\u{E007F}')
        })
        .collect()
}

/// Lines of output that begin (after table borders, list and quote markers) with the
/// word a hostile field put after a line break: a line forged by the folder.
fn forged_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.trim_start_matches(|c: char| c.is_whitespace() || "│┆|>-#*•".contains(c)).starts_with("FORGED"))
        .collect()
}

/// The folder's own name, its titles, section names, paragraph numbers, a delegation's
/// name, an amendment file's name (and so the id built from it) and its texts carry
/// escape sequences, BEL, bidirectional overrides, invisible characters and line breaks
/// followed by `FORGED`.
fn hostile_folder(parent: &Path) -> PathBuf {
    let revision = |id: &str, title: &str, intro: &str, norms: &str| {
        format!(
            "id: {id}\ntitle: \"{title}\"\ndate: 2022-01-10\nparagraphs:\n  - id: intro\n    number: \"1\\nFORGED\"\n    \
             section: \"Introduction\\nFORGED \\e[1m\\u200Bsection\"\n    text: \"{intro}\"\n  - id: norms\n    \
             number: \"2\"\n    section: \"Norms \\u202Eright\\u202C \\U000E0041tag\"\n    text: \"{norms}\"\n"
        )
    };
    let intro = "States met to discuss \\e[31mthe security\\e[0m of information technologies.";
    let norms = "States should respect the voluntary norms of responsible behaviour.";
    folder(
        parent,
        "neg\n\u{1b}[1A\u{1b}[2KFORGED: ok (3 revisions)\u{7}\u{202e}",
        &[
            (
                "negotiation.yaml",
                "title: \"Hostile \\e[2J\\a\\u202E negotiation\\nFORGED title\"\nbaseline: r0\nrevisions: [r0, r1, r2]\n",
            ),
            (
                "delegations.yaml",
                "delegations:\n  - code: NLD\n    name: \"Netherlands\\nFORGED \\e]0;pwned\\a \\u2066name\\u2069\"\n  \
                 - code: BRA\n    name: Brazil\n",
            ),
            ("revisions/r0.yaml", &revision("r0", "Baseline\\nFORGED \\e[31mred\\e[0m \\u202Etxt.exe", intro, norms)),
            ("revisions/r1.yaml", &revision("r1", "Zero\\nFORGED draft \\a", intro, norms)),
            (
                "revisions/r2.yaml",
                &revision(
                    "r2",
                    "Rev.1\\nFORGED \\u2067x",
                    "States met \\u200B to discuss \\u202Ethe security\\e[0m of information technologies.",
                    "States should respect the agreed norms of responsible behaviour.",
                ),
            ),
            (
                "amendments/r1/nld\n\u{1b}[2KFORGED\u{7}\u{202e}.yaml",
                "by: NLD\ndate: 2022-02-01\namendments:\n  - element: norms\n    replace: voluntary norms\n    \
                 with: agreed norms\n    supported_by: [BRA]\n",
            ),
        ],
    )
}

/// Every command with output for a person, and some failures whose messages quote the
/// folder (`{doc}` is a document to import).
const COMMANDS: &[&[&str]] = &[
    &["check"],
    &["diff"],
    &["diff", "r0", "r2", "--layout", "columns"],
    &["diff", "--format", "md"],
    &["diff", "r0", "r2", "--format", "md", "--layout", "columns"],
    &["blame"],
    &["blame", "r1"],
    &["amendments"],
    &["amendments", "--format", "csv"],
    &["status", "--why"],
    &["status", "--why", "--width", "60"],
    &["report"],
    &["export", "--format", "md"],
    &["export", "--format", "txt"],
    &["import", "{doc}", "--as", "r3", "--dry-run"],
    &["status", "--section", "nowhere"],
    &["diff", "--element", "nowhere"],
    &["amendments", "--by", "XYZ"],
];

#[test]
fn no_name_title_or_text_from_the_folder_reaches_the_terminal_raw_or_forges_a_line() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let drafts = hostile_folder(dir.path());
    let doc = dir.path().join("doc.txt");
    write(&doc, "Rev.2\n\n1. States met \u{200b} again \u{202e}today.\n\n2\u{1b}[2K. States agreed.\n");
    for args in COMMANDS {
        let args: Vec<&str> =
            args.iter().map(|a| if *a == "{doc}" { doc.to_str().expect("UTF-8") } else { a }).collect();
        let (code, stdout, stderr) = run(dir.path(), &drafts, &args);
        assert!(code <= 1, "{args:?} exited {code}:\n{stderr}");
        // CSV ends its rows with CRLF, as RFC 4180 says.
        let stdout = stdout.replace("\r\n", "\n");
        assert_eq!(raw_hidden(&stdout), [], "{args:?} stdout:\n{stdout}");
        assert_eq!(raw_hidden(&stderr), [], "{args:?} stderr:\n{stderr}");
        assert_eq!(forged_lines(&stdout), Vec::<&str>::new(), "{args:?} stdout:\n{stdout}");
        assert_eq!(forged_lines(&stderr), Vec::<&str>::new(), "{args:?} stderr:\n{stderr}");
    }
    // What the reader sees instead: every character written out, each field on one line.
    let (_, check, _) = run(dir.path(), &drafts, &["check"]);
    assert_eq!(
        check,
        "neg\\n\\u{1B}[1A\\u{1B}[2KFORGED: ok (3 revisions)\\u{7}\\u{202E}: ok (3 revisions, 6 paragraphs, \
         1 amendment, 2 delegations, 0 groups); 0 errors, 0 warnings\n"
    );
    let (_, diff, _) = run(dir.path(), &drafts, &["diff"]);
    let lines: Vec<&str> = diff.lines().collect();
    assert_eq!(lines[0], "Changes from r1 (Zero\\nFORGED draft \\u{7}) to r2 (Rev.1\\nFORGED \\u{2067}x)");
    assert_eq!(lines[3], "1\\nFORGED. intro — modified");
    assert_eq!(
        lines[4],
        "  States met {+\\u{200B}+}¹ to discuss[-\\u{1B}[31mthe-]{+ \\u{202E}the+}² security\\u{1B}[0m of \
         information technologies."
    );
    assert_eq!(lines[10], "  ¹ r1/nld\\n\\u{1B}[2KFORGED\\u{7}\\u{202E}-1 NLD +BRA");
}

#[test]
fn a_file_name_cannot_forge_the_ok_line_of_check() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let revision = |id: &str| format!("id: {id}\ntitle: {id}\nparagraphs:\n  - id: norms\n    text: States agree.\n");
    let forged = "x\r\u{1b}[2Kneg: ok (2 revisions, 2 paragraphs, 1 amendment, 2 delegations, 0 groups); \
                  0 errors, 0 warnings\n\u{7}";
    let drafts = folder(
        dir.path(),
        "neg",
        &[
            ("negotiation.yaml", "title: T\nbaseline: r0\nrevisions: [r0, r1]\n"),
            ("delegations.yaml", DELEGATIONS),
            ("revisions/r0.yaml", &revision("r0")),
            ("revisions/r1.yaml", &revision("r1")),
            (
                &format!("amendments/r0/{forged}.yaml"),
                "by: NLD\namendments:\n  - element: nowhere\n    delete: States\n",
            ),
        ],
    );
    let (code, stdout, _) = run(dir.path(), &drafts, &["check"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "neg/amendments/r0/x\\r\\u{1B}[2Kneg: ok (2 revisions, 2 paragraphs, 1 amendment, 2 delegations, 0 groups); \
         0 errors, 0 warnings\\n\\u{7}.yaml:3:14: error: the element nowhere is not in r0\n  \
         |\n3 |   - element: nowhere\n  |              ^\n  = hint: amendments on r0 target elements of r0; check the id in \
         revisions/r0.yaml\nneg: 1 error, 0 warnings\n"
    );
}

/// A one-revision-step folder: r0's text of `norms` becomes `new_text` in r1.
fn step(parent: &Path, old_text: &str, new_text: &str) -> PathBuf {
    let revision = |id: &str, text: &str| {
        format!(
            "id: {id}\ntitle: Rev {id}\nparagraphs:\n  - id: norms\n    number: \"1\"\n    section: Norms\n    text: \"{text}\"\n"
        )
    };
    folder(
        parent,
        "neg",
        &[
            ("negotiation.yaml", "title: Step\nbaseline: r0\nrevisions: [r0, r1]\n"),
            ("delegations.yaml", DELEGATIONS),
            ("revisions/r0.yaml", &revision("r0", old_text)),
            ("revisions/r1.yaml", &revision("r1", new_text)),
        ],
    )
}

#[test]
fn markdown_keeps_links_images_and_html_from_the_drafts_inert() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let planted = "See [the annex](http://evil.example/a), ![logo](http://evil.example/i.png), \
                   <http://evil.example/b>, <img src=x onerror=alert(1)>, [r][ref], [ref]: http://evil.example/r, \
                   a | b, ~~struck~~ and $x$ [on a basis].";
    let drafts = step(dir.path(), "States agree.", planted);
    // The export is a document to edit and import again: backslash escapes, brackets of
    // negotiation kept as they are.
    let (code, md, stderr) = run(dir.path(), &drafts, &["export", "--format", "md"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        md.lines().nth(4),
        Some(
            "1. See [the annex\\](http://evil.example/a), ![logo\\](http://evil.example/i.png), \
             \\<http://evil.example/b>, \\<img src=x onerror=alert(1)>, [r\\][ref], [ref\\]: http://evil.example/r, \
             a \\| b, \\~\\~struck\\~\\~ and \\$x\\$ [on a basis]."
        ),
        "{md}"
    );
    // The diff and the report are read, not imported: entities, every bracket escaped.
    let escaped = "See \\[the annex\\](http://evil.example/a), !\\[logo\\](http://evil.example/i.png), \
                   &lt;http://evil.example/b&gt;, &lt;img src=x onerror=alert(1)&gt;, \\[r\\]\\[ref\\], \
                   \\[ref\\]: http://evil.example/r, a \\| b, \\~\\~struck\\~\\~ and \\$x\\$ \\[on a basis\\]";
    let (_, diff, _) = run(dir.path(), &drafts, &["diff", "--format", "md"]);
    assert!(diff.contains(&format!("<ins>{escaped}</ins>")), "{diff}");
    let (_, report, _) = run(dir.path(), &drafts, &["report"]);
    assert!(report.contains(&format!("> {escaped}.\n")), "{report}");
    // The export reads back as the same text.
    assert_eq!(run(dir.path(), &drafts, &["export", "-o", "r1.md"]).0, 0);
    let (code, _, stderr) = run(dir.path(), &drafts, &["import", "r1.md", "--as", "r2"]);
    assert_eq!(code, 0, "{stderr}");
    let (_, json, _) = run(dir.path(), &drafts, &["diff", "r1", "r2", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let changed: Vec<&serde_json::Value> =
        v["elements"].as_array().expect("elements").iter().filter(|e| e["change"] != "unchanged").collect();
    assert_eq!(changed, Vec::<&serde_json::Value>::new());
}

#[test]
fn a_line_break_in_an_insertion_keeps_the_markdown_table_whole() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let drafts = step(dir.path(), "States agree.", "States agree:\\n| forged | row |\\n# Forged heading\\n- item");
    let (code, md, stderr) = run(dir.path(), &drafts, &["diff", "--format", "md", "--layout", "columns"]);
    assert_eq!(code, 0, "{stderr}");
    let table: Vec<&str> = md.lines().skip_while(|l| !l.starts_with('|')).take_while(|l| !l.is_empty()).collect();
    assert_eq!(
        table,
        [
            "| r0 | r1 |",
            "|---|---|",
            "| States agree<del>.</del> | States agree<ins>:<br>\\| forged \\| row \\|<br>\\# Forged heading<br>- \
             item</ins><sup>1</sup> |"
        ]
    );
    let (_, inline, _) = run(dir.path(), &drafts, &["diff", "--format", "md"]);
    assert!(
        inline.contains(
            "\nStates agree<del>.</del><ins>:<br>\\| forged \\| row \\|<br>\\# Forged heading<br>- item</ins><sup>1</sup>\n"
        ),
        "{inline}"
    );
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_neutralised() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let revision = |id: &str| format!("id: {id}\ntitle: {id}\nparagraphs:\n  - id: -B2\n    text: States agree.\n");
    let drafts = folder(
        dir.path(),
        "neg",
        &[
            ("negotiation.yaml", "title: T\nbaseline: r0\nrevisions: [r0, r1]\n"),
            (
                "delegations.yaml",
                "delegations:\n  - code: -A1\n    name: Minus\n  - code: NLD\n    name: Netherlands\n",
            ),
            ("revisions/r0.yaml", &revision("r0")),
            ("revisions/r1.yaml", &revision("r1")),
            (
                "amendments/r0/minus.yaml",
                "by: -A1\namendments:\n  - id: -2-3\n    element: -B2\n    delete: States\n    supported_by: [NLD]\n",
            ),
        ],
    );
    let (code, csv, stderr) = run(dir.path(), &drafts, &["amendments", "--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        csv.split("\r\n").nth(1),
        Some("\"'-2-3\",\"r0\",\"'-A1\",\"'-A1\",\"'-B2\",\"delete\",\"not_taken_up\",0,\"\",\"NLD\",\"\",\"false\"")
    );
}

#[test]
fn an_invisible_insertion_shows_in_every_diff() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let drafts =
        step(dir.path(), "States agree on the norms.", "States \\u200B agree on the norms\\U000E0041\\U000E007F.");
    let (_, text, _) = run(dir.path(), &drafts, &["diff"]);
    assert_eq!(
        text.lines().nth(4),
        Some("  States {+\\u{200B}+}¹ agree on the [-norms-]{+norms\\u{E0041}\\u{E007F}+}².")
    );
    let (_, md, _) = run(dir.path(), &drafts, &["diff", "--format", "md"]);
    assert!(md.contains("States <ins>\\\\u{200B}</ins><sup>1</sup> agree"), "{md}");
    let (_, html, _) = run(dir.path(), &drafts, &["report", "--format", "html"]);
    assert!(html.contains("\\u{200B}</ins>"), "{html}");
    // JSON is data: the text exactly.
    let (_, json, _) = run(dir.path(), &drafts, &["diff", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["elements"][0]["hunks"][0]["new"], "\u{200B}");
}
