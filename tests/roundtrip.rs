//! Round trip: every revision of the sample exported to .docx, .txt and .md and imported
//! back under a new id, right after the original; `concord diff ORIGINAL NEW` must show
//! every element unchanged under the same id (same words, same number, same section), and
//! the title, symbol and date must come back.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use concord::draft::load;

fn drafts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts")
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

fn concord(folder: &Path, args: &[&str]) -> String {
    let out = cargo_bin_cmd!("concord").arg("--drafts").arg(folder).args(args).assert().success().get_output().clone();
    String::from_utf8(out.stdout).unwrap()
}

/// Exports `original` with `export_args`, imports the file as `<original>-back` right
/// after it, and checks the diff and the revision's own fields.
fn round_trip(original: &str, ext: &str, export_args: &[&str]) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("drafts");
    copy_dir(&drafts(), &folder);
    let file = dir.path().join(format!("export.{ext}"));
    let file_arg = file.to_str().unwrap();
    let mut args = vec!["export", original];
    args.extend(export_args);
    args.extend(["-o", file_arg]);
    concord(&folder, &args);
    let back = format!("{original}-back");
    concord(&folder, &["import", file_arg, "--as", &back, "--after", original]);

    let json = concord(&folder, &["diff", original, &back, "--format", "json"]);
    let diff: serde_json::Value = serde_json::from_str(&json).unwrap();
    let elements = diff["elements"].as_array().unwrap();
    let n = load(&folder).unwrap().negotiation;
    let (old, new) =
        (&n.revisions[n.revision_index(original).unwrap()], &n.revisions[n.revision_index(&back).unwrap()]);
    assert_eq!(elements.len(), old.paragraphs.len(), "{original} via .{ext}: one element per paragraph");
    for e in elements {
        assert_eq!(e["change"], "unchanged", "{original} via .{ext}: {e}");
        assert_eq!(e["from_ids"], serde_json::json!([e["id"]]), "{original} via .{ext}: same id: {e}");
        assert!(e["hunks"].as_array().unwrap().is_empty());
    }
    let ids = |r: &concord::draft::Revision| r.paragraphs.iter().map(|p| p.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(new), ids(old), "{original} via .{ext}");
    assert_eq!((&new.title, &new.date, &new.symbol), (&old.title, &old.date, &old.symbol), "{original} via .{ext}");
    concord(&folder, &["check"]);
}

#[test]
fn every_revision_of_the_sample_survives_word() {
    for rev in ["oewg-2021-final", "zero-draft", "rev1", "rev2"] {
        round_trip(rev, "docx", &[]);
    }
}

#[test]
fn every_revision_of_the_sample_survives_plain_text() {
    for rev in ["oewg-2021-final", "zero-draft", "rev1", "rev2"] {
        round_trip(rev, "txt", &[]);
    }
}

#[test]
fn every_revision_of_the_sample_survives_markdown() {
    for rev in ["oewg-2021-final", "zero-draft", "rev1", "rev2"] {
        round_trip(rev, "md", &[]);
    }
}

/// A tracked-changes document is imported with every change accepted: it is the newer
/// revision.
#[test]
fn a_tracked_changes_document_imports_as_the_newer_revision() {
    round_trip("rev2", "docx", &["--since", "zero-draft"]);
    round_trip("rev1", "docx", &["--since", "oewg-2021-final"]);
}
