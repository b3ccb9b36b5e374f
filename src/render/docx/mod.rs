//! Word documents (.docx): a revision as printed, or the changes from an older revision
//! as tracked changes whose authors are the delegations credited with them.
//!
//! The package is written by hand (`zip` + `quick-xml` escaping) rather than through a
//! docx library: concord needs full control of `w:ins`/`w:del` authors and dates,
//! inserted and deleted paragraph marks, comments anchored on ranges, and right-to-left
//! runs (`w:rtl`, `w:bidi`, `w:lang`), and a minimal package keeps that small and
//! deterministic. [`layout`] decides what goes where; [`xml`] spells it.

pub mod layout;
pub mod xml;

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::attribution::{AmendmentResult, RevisionDiff};
use crate::draft::{Negotiation, Revision};

pub use layout::Doc;

/// The .docx of one revision, without tracked changes.
pub fn revision(rev: &Revision) -> Vec<u8> {
    package(&layout::revision(rev))
}

/// The .docx of `diff.to` with the changes from `diff.from` tracked and credited.
pub fn tracked(n: &Negotiation, diff: &RevisionDiff, results: &[AmendmentResult]) -> Vec<u8> {
    package(&layout::tracked(n, diff, results))
}

/// Zips the parts of `doc`. Entries carry a fixed timestamp, so the bytes depend only on
/// the document.
pub fn package(doc: &Doc) -> Vec<u8> {
    let with_comments = !doc.comments.is_empty();
    let mut parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", xml::content_types(with_comments)),
        ("_rels/.rels", xml::package_rels()),
        ("docProps/core.xml", xml::core(&doc.title)),
        ("word/document.xml", xml::document(doc)),
        ("word/styles.xml", xml::styles()),
        ("word/settings.xml", xml::settings()),
        ("word/_rels/document.xml.rels", xml::document_rels(with_comments)),
    ];
    if with_comments {
        parts.push(("word/comments.xml", xml::comments(doc)));
    }
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, body) in parts {
        // Writing to memory cannot fail short of running out of it.
        zip.start_file(name, options).expect("zip entry in memory");
        zip.write_all(body.as_bytes()).expect("zip entry in memory");
    }
    zip.finish().expect("zip in memory").into_inner()
}
