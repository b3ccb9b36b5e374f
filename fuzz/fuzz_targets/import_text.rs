//! Import of plain text and Markdown on fuzzed bytes: the document is read, aligned to
//! a revision, and written as a revision file, which must read back exactly as written
//! (`revision_yaml` checks that itself and returns an error otherwise), with ids the
//! loader accepts, each used once.
#![no_main]

use std::collections::BTreeSet;

use concord::draft::is_element_id;
use concord::import::Document;
use concord::import::align::align;
use concord::import::text::{from_markdown, from_text};
use concord::import::write::{Meta, revision_yaml};
use concord_fuzz::revision;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else { return };
    check(from_text(source));
    check(from_markdown(source));
});

fn check(doc: Document) {
    if doc.paragraphs.is_empty() {
        return;
    }
    let previous = revision(
        "r1",
        &[
            "States met to discuss the security of information technologies.",
            "States should respect the voluntary norms of responsible behaviour.",
        ],
    );
    let ids = align(&previous, &doc.paragraphs);
    assert_eq!(ids.len(), doc.paragraphs.len(), "one id per paragraph");
    let mut seen = BTreeSet::new();
    for a in &ids {
        assert!(is_element_id(&a.id), "import made the invalid element id {:?}", a.id);
        assert!(seen.insert(a.id.clone()), "import gave the id {:?} twice", a.id);
    }
    let meta = Meta { id: "r2".into(), title: doc.title.clone(), date: doc.date.clone(), symbol: doc.symbol.clone() };
    if let Err(e) = revision_yaml(&meta, &doc.paragraphs, &ids) {
        panic!("the imported revision cannot be written: {e}\n{doc:#?}");
    }
}
