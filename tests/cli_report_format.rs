//! `concord report -o FILE`: the format follows the extension (.md, .html, .json), and an
//! extension concord does not write is refused before anything is written, rather than
//! filled with Markdown (a `report.pdf` that would not open).

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

fn minimal() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/minimal")
}

/// Runs `concord --drafts minimal report ARGS` in `cwd`; returns (exit code, stderr).
fn report(cwd: &Path, args: &[&str]) -> (i32, String) {
    let out =
        cargo_bin_cmd!("concord").current_dir(cwd).args(["--drafts", minimal(), "report"]).args(args).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn the_extension_names_the_format() {
    let dir = tempfile::tempdir().unwrap();
    for (name, starts) in [
        ("r.md", "# Convergence report"),
        ("r.markdown", "# Convergence report"),
        ("r.html", "<!DOCTYPE html>"),
        ("r.HTM", "<!DOCTYPE html>"),
        ("r.json", "{"),
        ("report", "# Convergence report"),
    ] {
        let (code, err) = report(dir.path(), &["-o", name]);
        assert_eq!(code, 0, "{name}: {err}");
        let written = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(written.starts_with(starts), "{name}: {}", &written[..40.min(written.len())]);
    }
}

#[test]
fn a_pdf_or_other_unknown_extension_is_refused_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let (code, err) = report(dir.path(), &["-o", "out.pdf"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: concord does not write .pdf reports (out.pdf)
  = hint: write HTML (-o report.html) and print it to PDF from a browser, or give --format to write another format under this name
"
    );
    let (code, err) = report(dir.path(), &["-o", "out.docx"]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: concord does not write .docx reports (out.docx)\n  = hint: name the file .md, .html or .json, or give --format md|html|json\n"
    );
    assert!(!dir.path().join("out.pdf").exists() && !dir.path().join("out.docx").exists());
    // Said explicitly, any name will do.
    let (code, err) = report(dir.path(), &["-o", "out.txt", "--format", "md"]);
    assert_eq!(code, 0, "{err}");
    assert!(std::fs::read_to_string(dir.path().join("out.txt")).unwrap().starts_with("# Convergence report"));
}
