//! The HTML report's page as written (issue 19), on the minimal fixture where every case
//! shows in a few words: headings by number and first words; in the marked text, a
//! raised number after each change credited to an amendment (one after a deletion and
//! the insertion replacing it), the key under the text, and the Chair named once for the
//! rest; no key at all when no amendment was filed. What the browser makes of the page
//! is in `tests/browser/`.

use std::path::Path;

mod common;
use common::stdout;

const MINIMAL: &str = "tests/fixtures/minimal";

/// The text of the element `id` as the report marks it: its `<blockquote>`.
fn marked<'h>(html: &'h str, id: &str) -> &'h str {
    let article = &html[html.find(&format!("id=\"element-{id}\"")).expect("the element")..];
    let start = article.find("<blockquote class=\"text\">").expect("its text");
    &article[start..start + article[start..].find("</blockquote>").unwrap() + "</blockquote>".len()]
}

#[test]
fn headings_are_the_number_and_the_first_words() {
    let html = stdout(MINIMAL, &["report", "--format", "html"]);
    assert!(html.contains(
        "<h3>2. States should fully respect the agreed norms of responsible …\
         <span class=\"badge under_negotiation\">under negotiation</span></h3>\n\
         <p class=\"facts\"><code>norms</code> · Norms · "
    ));
    assert!(html.contains("<h3>1. States met in good faith to discuss the security of information …"));
}

#[test]
fn credits_show_as_marks_in_the_text_and_a_key_under_it() {
    let html = stdout(MINIMAL, &["report", "--format", "html"]);
    assert_eq!(
        marked(&html, "norms"),
        "<blockquote class=\"text\"><p>States should <ins title=\"inserted: nld-1 (NLD)\">fully</ins>\
         <sup class=\"credit\">1</sup> respect the <del title=\"deleted: lmg-1 (LMG)\">voluntary</del> \
         <ins title=\"inserted: lmg-1 (LMG)\">agreed</ins><sup class=\"credit\">2</sup> norms of responsible \
         <ins title=\"inserted: the Chair\">State</ins> behaviour.</p>\n\
         <p class=\"credits\"><span class=\"label\">Credits:</span> <sup>1</sup>&#8202;nld-1 (NLD) · \
         <sup>2</sup>&#8202;lmg-1 (LMG) · changes without a number: the Chair</p>\n</blockquote>"
    );
    assert_eq!(
        marked(&html, "intro"),
        "<blockquote class=\"text\"><p>States met <ins title=\"inserted: the Chair\">in good faith</ins> to discuss \
         the security of information technologies.</p>\n\
         <p class=\"credits\"><span class=\"label\">Credits:</span> every change is the Chair&#39;s own</p>\n\
         </blockquote>"
    );
    assert!(html.contains("A raised number after a change names the amendment credited with it"));
}

#[test]
fn without_amendments_there_is_no_key_to_credits() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(MINIMAL);
    std::fs::create_dir_all(dir.path().join("revisions")).unwrap();
    for file in ["negotiation.yaml", "delegations.yaml", "revisions/r0.yaml", "revisions/r1.yaml", "revisions/r2.yaml"]
    {
        std::fs::copy(root.join(file), dir.path().join(file)).unwrap();
    }
    let html = stdout(dir.path().to_str().unwrap(), &["report", "--format", "html"]);
    assert_eq!(
        marked(&html, "intro"),
        "<blockquote class=\"text\"><p>States met <ins title=\"inserted: the Chair\">in good faith</ins> to discuss \
         the security of information technologies.</p>\n</blockquote>"
    );
    assert!(!html.contains("class=\"credits\"") && !html.contains("sup class=\"credit\""));
    assert!(html.contains("<del>deleted words</del> struck through.</p>"), "the key to the lines only");
}

#[test]
fn the_history_data_is_numbers_only() {
    let html = stdout(MINIMAL, &["report", "--format", "html"]);
    let start = html.find("data-rows=\"").expect("the rows") + "data-rows=\"".len();
    let rows = &html[start..start + html[start..].find('"').unwrap()];
    assert!(rows.chars().all(|c| c.is_ascii_digit() || "[],".contains(c)), "{rows}");
    // Three revisions of two paragraphs; each paragraph became the element of the same id.
    let v: serde_json::Value = serde_json::from_str(rows).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 3);
    assert!(v.as_array().unwrap().iter().all(|r| r.as_array().unwrap().len() == 2), "{v}");
}
