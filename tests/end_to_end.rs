//! From nothing to a report, as a secretariat would go: `concord init` with the previous
//! final report as the baseline, `concord import` of the zero draft, `concord
//! import-amendments` of the compilation of written inputs, `concord import` of Rev.1,
//! `concord check`, and `concord report` crediting each change taken up in Rev.1 to the
//! delegation whose written input it was.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use serde_json::Value;

fn fixture(name: &str) -> String {
    let p: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/compilation").join(name);
    p.to_str().unwrap().to_owned()
}

/// Runs concord in `cwd` and expects success; returns stdout.
fn concord(cwd: &Path, args: &[&str]) -> String {
    let out = cargo_bin_cmd!("concord").current_dir(cwd).args(args).env("NO_COLOR", "1").output().unwrap();
    let (stdout, stderr) = (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap());
    assert!(out.status.success(), "concord {args:?} failed:\n{stdout}{stderr}");
    assert_eq!(stderr, "", "concord {args:?}");
    stdout
}

#[test]
fn from_nothing_to_a_report() {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path();
    concord(cwd, &["init", "--title", "Second progress report", "--baseline", &fixture("baseline.txt")]);
    concord(cwd, &["import", &fixture("zero-draft.txt"), "--as", "zero-draft"]);
    let imported = concord(cwd, &["import-amendments", &fixture("written-inputs.csv"), "--on", "zero-draft"]);
    assert!(imported.ends_with("7 rows read: 7 amendments in 6 files; 0 rows not imported\n"), "{imported}");
    concord(cwd, &["import", &fixture("rev1.txt"), "--as", "rev1"]);
    assert_eq!(
        concord(cwd, &["check"]),
        "drafts: ok (3 revisions, 17 paragraphs, 7 amendments, 195 delegations, 5 groups); 0 errors, 0 warnings\n"
    );

    let report = concord(cwd, &["report"]);
    assert!(report.starts_with("# Convergence report: Second progress report\n"), "{report}");
    assert!(report.contains("- taken up in rev1: zero-draft/eu-1 (EU)\n"), "{report}");
    assert!(report.contains("- taken up in rev1: zero-draft/cub-irn-nic-1 (CUB)\n"), "{report}");

    let json: Value = serde_json::from_str(&concord(cwd, &["report", "--format", "json"])).unwrap();
    let outcomes = |code: &str| {
        let d = json["delegations"].as_array().unwrap().iter().find(|d| d["code"] == code).unwrap();
        (d["proposed"].as_u64().unwrap(), d["outcomes"]["adopted"].as_u64().unwrap())
    };
    // Kenya's "all", the EU's "grave", Brazil and Mexico's cascading effects and the
    // deletion Cuba proposed for Nicaragua and Iran are in Rev.1; the African Group's
    // rewording and new paragraph and the United States' deletion are not.
    assert_eq!(
        ["KEN", "EU", "BRA", "CUB", "AG", "USA"].map(outcomes),
        [(1, 1), (1, 1), (1, 1), (1, 1), (2, 0), (1, 0)]
    );
}

/// Runs concord with `args`; returns stdout (any exit code).
fn stdout(args: &[&str]) -> String {
    let out = cargo_bin_cmd!("concord").args(args).env("NO_COLOR", "1").output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_guide_lists_the_commands_in_the_order_a_new_user_needs_them() {
    let guide = stdout(&[]);
    let order: Vec<&str> = guide
        .lines()
        .filter_map(|l| l.strip_prefix("  concord "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(
        order,
        ["init", "import", "import-amendments", "check", "diff", "blame", "amendments", "status", "report", "export"]
    );
}

#[test]
fn every_command_has_a_summary_and_an_example() {
    let commands = [
        "init",
        "check",
        "diff",
        "blame",
        "amendments",
        "status",
        "report",
        "export",
        "import",
        "import-amendments",
        "schema",
        "completions",
        "man",
    ];
    for c in commands {
        let help = stdout(&[c, "--help"]);
        let summary = help.lines().next().unwrap_or_default();
        assert!(summary.ends_with('.') && summary.len() > 20, "{c}: {summary:?}");
        assert!(help.lines().any(|l| l.starts_with(&format!("Example: concord {c}"))), "{c} --help has no example");
    }
}

#[test]
fn completions_and_man_pages_are_generated() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout(&["completions", shell]);
        assert!(script.contains("import-amendments"), "{shell}");
    }
    let dir = tempfile::tempdir().unwrap();
    let out = cargo_bin_cmd!("concord").args(["man", "--out"]).arg(dir.path()).output().unwrap();
    assert!(out.status.success());
    let mut pages: Vec<String> =
        std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    pages.sort();
    assert_eq!(
        pages,
        [
            "concord-amendments.1",
            "concord-blame.1",
            "concord-check.1",
            "concord-diff.1",
            "concord-export.1",
            "concord-import-amendments.1",
            "concord-import.1",
            "concord-init.1",
            "concord-report.1",
            "concord-schema.1",
            "concord-status.1",
            "concord.1",
        ]
    );
    let init = std::fs::read_to_string(dir.path().join("concord-init.1")).unwrap();
    assert!(init.contains(&format!(".TH concord-init 1  \"init {}\"", env!("CARGO_PKG_VERSION"))), "{init}");
    assert!(stdout(&["man"]).starts_with(".ie \\n(.g .ds Aq \\(aq\n"));
}
