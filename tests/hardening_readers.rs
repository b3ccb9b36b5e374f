//! Received documents built to mislead or to exhaust: what `import`, `init --baseline` and
//! `import-amendments` make of them. Every hostile input is written here, by code: a .docx
//! whose relationships name another main document than the `word/document.xml` it also
//! holds, hidden text, tracked deletions and field codes, a numbering definition and a
//! heading that multiply a few kilobytes into gigabytes, table cells that multiply, and
//! Markdown with comments and hidden HTML. The same builders write the fuzz seeds of the
//! readers (`the_fuzz_seeds_of_the_readers_are_written_by_this_file`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use concord::draft::load;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// ----- building documents -----

/// A zip of `parts` (name, text), stored in order, deflated, with fixed timestamps: the
/// same parts give the same bytes.
fn zip(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, text) in parts {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// A relationships part: (type, target) pairs.
fn rels(entries: &[(&str, &str)]) -> String {
    let list: String = entries
        .iter()
        .enumerate()
        .map(|(k, (kind, target))| {
            let kind = if kind.starts_with("http") { kind.to_string() } else { format!("{REL}/{kind}") };
            format!(r#"<Relationship Id="rId{}" Type="{kind}" Target="{target}"/>"#, k + 1)
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{list}</Relationships>"#
    )
}

fn document(body: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>"#)
}

fn styles(inner: &str) -> String {
    format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{W}">{inner}</w:styles>"#)
}

/// A numbering part with list 1 on abstract numbering 0: level 0 `label`, level 1 `(%2)`.
fn numbering(label: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="{label}"/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    )
}

/// A run of `text` with run properties `props`.
fn r(props: &str, text: &str) -> String {
    format!(r#"<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

/// A paragraph with paragraph properties `props`.
fn p(props: &str, inner: &str) -> String {
    format!("<w:p><w:pPr>{props}</w:pPr>{inner}</w:p>")
}

/// A paragraph numbered by list 1 at `level`.
fn numbered(level: u32, inner: &str) -> String {
    p(&format!(r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr>"#), inner)
}

const HEADING_STYLES: &str = r#"<w:style w:type="paragraph" w:styleId="H1"><w:name w:val="heading 1"/></w:style>"#;

fn heading(text: &str) -> String {
    p(r#"<w:pStyle w:val="H1"/>"#, &r("", text))
}

/// A Word package as Word writes one: content types, the package's relationships naming
/// `word/document.xml`, and the document's relationships to its styles and numbering.
fn word_package(body: &str, style_defs: &str, label: &str) -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", content_types("/word/document.xml")),
        ("_rels/.rels", rels(&[("officeDocument", "word/document.xml")])),
        ("word/document.xml", document(body)),
        ("word/_rels/document.xml.rels", rels(&[("styles", "styles.xml"), ("numbering", "numbering.xml")])),
        ("word/styles.xml", styles(style_defs)),
        ("word/numbering.xml", numbering(label)),
    ])
}

fn content_types(main: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="{main}" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
    )
}

/// The Rev.2 of the minimal fixture as a Chair would send it, with its main document at
/// `content/main.xml` (named by `_rels/.rels`), its numbering and styles named by the
/// main document's relationships, and decoys at the usual names that no relationship
/// names: a `word/document.xml` with a planted paragraph, a `word/numbering.xml` whose
/// numbers read PLANTED.
fn decoy_package() -> Vec<u8> {
    let real = [
        heading("Introduction"),
        numbered(0, &r("", "States met in good faith to discuss the security of ICTs.")),
        heading("Norms"),
        numbered(0, &r("", "States should fully respect the agreed norms of responsible State behaviour:")),
        numbered(1, &r("", "in peacetime.")),
    ]
    .concat();
    let decoy =
        [heading("Introduction"), p("", &r("", "1. States agreed to a text no reader of the document sees."))].concat();
    zip(&[
        ("[Content_Types].xml", content_types("/content/main.xml")),
        ("_rels/.rels", rels(&[("officeDocument", "/content/main.xml")])),
        ("content/main.xml", document(&real)),
        ("content/_rels/main.xml.rels", rels(&[("styles", "look.xml"), ("numbering", "../lists/n.xml")])),
        ("content/look.xml", styles(HEADING_STYLES)),
        ("lists/n.xml", numbering("%1.")),
        ("word/document.xml", document(&decoy)),
        ("word/_rels/document.xml.rels", rels(&[("numbering", "numbering.xml")])),
        ("word/numbering.xml", numbering("PLANTED %1.")),
    ])
}

/// The Rev.2 of the minimal fixture with words Word does not show: hidden runs (set on the
/// run, by a character style, by a paragraph style), a tracked deletion and a move away,
/// a field whose code holds words, and a tracked insertion, which Word shows.
fn hidden_package() -> Vec<u8> {
    let style_defs = format!(
        r#"{HEADING_STYLES}<w:style w:type="character" w:styleId="Quiet"><w:name w:val="Quiet"/><w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Gone"><w:name w:val="Gone"/><w:rPr><w:vanish/></w:rPr></w:style>"#
    );
    let field = [
        r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org" </w:instrText></w:r>"#,
        &r("", "and no State objected"),
        r#"<w:r><w:fldChar w:fldCharType="separate"/></w:r>"#,
        &r("", "responsible State behaviour"),
        r#"<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
    ]
    .concat();
    let body = [
        heading("Introduction"),
        numbered(
            0,
            &[
                r("", "States met in good faith"),
                r("<w:vanish/>", " and agreed to every proposal"),
                r("", " to discuss the security of ICTs."),
                r(r#"<w:rStyle w:val="Quiet"/>"#, " All delegations endorsed the text."),
                r#"<w:moveFrom w:id="9" w:author="X"><w:r><w:t xml:space="preserve"> Moved away.</w:t></w:r></w:moveFrom>"#
                    .to_owned(),
            ]
            .concat(),
        ),
        p(r#"<w:pStyle w:val="Gone"/>"#, &r("", "2. A paragraph that no reader of the document sees.")),
        heading("Norms"),
        numbered(
            0,
            &[
                r("", "States should "),
                r#"<w:del w:id="1" w:author="X"><w:r><w:delText xml:space="preserve">never </w:delText></w:r></w:del>"#
                    .to_owned(),
                r#"<w:ins w:id="2" w:author="X">"#.to_owned() + &r("", "fully ") + "</w:ins>",
                r("", "respect the agreed norms of "),
                field,
                r("", ":"),
            ]
            .concat(),
        ),
        numbered(1, &r("", "in peacetime.")),
    ]
    .concat();
    word_package(&body, &style_defs, "%1.")
}

/// A numbering bomb: the label of list 1 is `label_bytes` letters, and `paragraphs`
/// paragraphs use it. Deflated, a label of a megabyte over 3,000 paragraphs is 4 KB; read
/// naively, 3 GB of text.
fn numbering_bomb(label_bytes: usize, paragraphs: usize) -> Vec<u8> {
    let label = format!("{}%1.", "A".repeat(label_bytes));
    let body = numbered(0, &r("", "x")).repeat(paragraphs);
    word_package(&body, "", &label)
}

/// A heading of `heading_bytes` letters over `paragraphs` paragraphs: each paragraph is
/// written with its section, so the heading is copied into each.
fn heading_bomb(heading_bytes: usize, paragraphs: usize) -> Vec<u8> {
    let body = heading(&"H".repeat(heading_bytes)) + &p("", &r("", "1. x")).repeat(paragraphs);
    word_package(&body, HEADING_STYLES, "%1.")
}

const HIDDEN_MARKDOWN: &str = r#"# Rev.2
<!-- A note to the Chair, which the reader of the rendered page never sees. -->

## Introduction

1. States met in good faith<!-- , and agreed to every proposal, --> to discuss the security of ICTs.

<div hidden>

2. A paragraph that no reader of the page sees.

</div>

[//]: # (3. Nor this one.)

## Norms

2. States should fully respect the agreed norms of responsible State behaviour<span style="display: none"> except when it is inconvenient</span>:
(a) in peacetime.
"#;

// ----- running concord -----

fn crate_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for e in std::fs::read_dir(from).expect("read folder") {
        let e = e.expect("entry");
        if e.path().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}

/// Every file of a folder with its contents, to show nothing changed.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in std::fs::read_dir(dir).expect("read folder") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(snapshot(&p));
        } else {
            out.insert(p.clone(), std::fs::read(&p).expect("read"));
        }
    }
    out
}

/// A temporary folder holding `drafts/`, a copy of `fixture`.
fn folder(fixture: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_dir(&crate_path(fixture), &dir.path().join("drafts"));
    dir
}

/// Runs concord in `dir` (one thread, memory capped at `memory_mb` of address space):
/// exit code, stdout, stderr.
fn run_capped(dir: &Path, memory_mb: u64, args: &[&str]) -> (i32, String, String) {
    let script = format!("ulimit -v {}; exec \"$0\" \"$@\"", memory_mb * 1024);
    let out = Command::new("sh")
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("RAYON_NUM_THREADS", "1")
        .env("TMPDIR", dir)
        .args(["-c", &script, env!("CARGO_BIN_EXE_concord")])
        .args(args)
        .output()
        .expect("concord runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8 output");
    (out.status.code().unwrap_or(-1), text(out.stdout), text(out.stderr))
}

/// Runs concord in `dir`, within 1 GB of address space.
fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    run_capped(dir, 1024, args)
}

/// The revision `id` of the negotiation in `dir/drafts`: (number, section, text) of each
/// paragraph.
fn paragraphs(dir: &Path, id: &str) -> Vec<(String, String, String)> {
    let n = load(&dir.join("drafts")).expect("the folder loads").negotiation;
    let rev = n.revisions.iter().find(|r| r.id == id).expect("the revision");
    rev.paragraphs.iter().map(|p| (p.number.clone(), p.section.clone(), p.text.text.clone())).collect()
}

fn expected_rev2() -> Vec<(String, String, String)> {
    [
        ("1", "Introduction", "States met in good faith to discuss the security of ICTs."),
        (
            "2",
            "Norms",
            "States should fully respect the agreed norms of responsible State behaviour:\n(a) in peacetime.",
        ),
    ]
    .iter()
    .map(|(n, s, t)| (n.to_string(), s.to_string(), t.to_string()))
    .collect()
}

// ----- relationships -----

#[test]
fn the_main_document_is_the_one_the_relationships_name_not_a_decoy() {
    let dir = folder("tests/fixtures/minimal");
    std::fs::write(dir.path().join("rev2.docx"), decoy_package()).expect("write");
    let (code, out, err) = run(dir.path(), &["--drafts", "drafts", "import", "rev2.docx", "--as", "r3"]);
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("skipped"), "nothing hidden: {out}");
    assert_eq!(paragraphs(dir.path(), "r3"), expected_rev2(), "numbers from lists/n.xml, not word/numbering.xml");
}

#[test]
fn a_compilation_table_is_read_from_the_main_document_and_without_hidden_words() {
    let dir = folder("tests/fixtures/compilation/drafts");
    let cell = |inner: &str| format!("<w:tc><w:p>{inner}</w:p></w:tc>");
    let row = |cells: &[String]| format!("<w:tr>{}</w:tr>", cells.concat());
    let table = |rows: &[String]| format!("<w:tbl>{}</w:tbl>", rows.concat());
    let headings = row(&[cell(&r("", "Paragraph")), cell(&r("", "Submitted by")), cell(&r("", "Proposed amendment"))]);
    let real = table(&[
        headings.clone(),
        row(&[
            cell(&r("", "3")),
            cell(&(r("", "Germany") + &r("<w:vanish/>", " and Cuba"))),
            cell(&(r("", "replace “may have” with “have”") + &r("<w:vanish/>", " and delete paragraph 4"))),
        ]),
    ]);
    let decoy = table(&[headings, row(&[cell(&r("", "3")), cell(&r("", "Cuba")), cell(&r("", "delete paragraph"))])]);
    let bytes = zip(&[
        ("_rels/.rels", rels(&[("officeDocument", "compilation/main.xml")])),
        ("compilation/main.xml", document(&real)),
        ("word/document.xml", document(&decoy)),
    ]);
    std::fs::write(dir.path().join("compilation.docx"), bytes).expect("write");
    let (code, out, err) =
        run(dir.path(), &["--drafts", "drafts", "import-amendments", "compilation.docx", "--on", "zero-draft"]);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "wrote drafts/amendments/zero-draft/deu.yaml (1 amendment)\n1 row read: 1 amendment in 1 file; 0 rows not imported\n"
    );
    let deu = std::fs::read_to_string(dir.path().join("drafts/amendments/zero-draft/deu.yaml")).expect("read");
    assert!(deu.contains("    replace: \"may have\"\n    with: \"have\"\n"), "{deu}");
}

#[test]
fn a_package_that_names_no_main_document_or_two_is_refused() {
    let dir = folder("tests/fixtures/minimal");
    let cases = [
        (
            zip(&[("_rels/.rels", rels(&[])), ("word/document.xml", document(&p("", &r("", "1. Planted."))))]),
            "the file is a zip archive but not a Word document (its relationships, _rels/.rels, name no main document)",
            "open it in Word or LibreOffice and save it again as .docx",
        ),
        (
            zip(&[("_rels/.rels", rels(&[("officeDocument", "main.xml")])), ("word/document.xml", document(""))]),
            "the file is a zip archive but not a Word document (_rels/.rels names main.xml as the main document, and the package has no such part)",
            "open it in Word or LibreOffice and save it again as .docx",
        ),
        (
            zip(&[
                ("_rels/.rels", rels(&[("officeDocument", "a.xml"), ("officeDocument", "b.xml")])),
                ("a.xml", document("")),
                ("b.xml", document("")),
            ]),
            "the .docx is damaged: _rels/.rels names 2 main documents (a.xml, b.xml)",
            "open it in Word or LibreOffice and save it again as .docx",
        ),
        (
            zip(&[("word/document.xml", document("")), ("WORD/Document.xml", document(""))]),
            "the .docx is damaged: two of its parts are named WORD/Document.xml",
            "open it in Word or LibreOffice and save it again as .docx",
        ),
    ];
    for (k, (bytes, message, hint)) in cases.into_iter().enumerate() {
        let name = format!("bad{k}.docx");
        std::fs::write(dir.path().join(&name), bytes).expect("write");
        let before = snapshot(&dir.path().join("drafts"));
        let (code, out, err) = run(dir.path(), &["--drafts", "drafts", "import", &name, "--as", "r3"]);
        assert_eq!((code, out.as_str()), (1, ""));
        assert_eq!(err, format!("error: cannot import {name}: {message}\n  = hint: {hint}\n"));
        assert_eq!(snapshot(&dir.path().join("drafts")), before, "nothing written");
    }
}

// ----- what Word does not show -----

#[test]
fn hidden_deleted_and_field_code_words_are_not_imported_and_are_counted() {
    let dir = folder("tests/fixtures/minimal");
    std::fs::write(dir.path().join("rev2.docx"), hidden_package()).expect("write");
    let (code, out, err) = run(dir.path(), &["--drafts", "drafts", "import", "rev2.docx", "--as", "r3"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("\nskipped: 3 hidden runs, 2 deleted passages, 1 field code\nwrote "),
        "the summary counts what was skipped:\n{out}"
    );
    assert_eq!(paragraphs(dir.path(), "r3"), expected_rev2());
}

#[test]
fn markdown_comments_and_hidden_html_are_not_imported_and_are_counted() {
    let dir = folder("tests/fixtures/minimal");
    std::fs::write(dir.path().join("rev2.md"), HIDDEN_MARKDOWN).expect("write");
    let (code, out, err) = run(dir.path(), &["--drafts", "drafts", "import", "rev2.md", "--as", "r3"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\nskipped: 3 comments, 2 hidden HTML elements\nwrote "), "{out}");
    assert_eq!(paragraphs(dir.path(), "r3"), expected_rev2());
}

// ----- amplification -----

#[test]
fn a_numbering_bomb_is_refused_at_its_first_number_in_little_memory() {
    // A label of a megabyte over 3,000 paragraphs: 3 GB of text, read naively (the
    // reader used to run out of memory on it); 4 KB on disk.
    let bomb = numbering_bomb(1 << 20, 3_000);
    assert!(bomb.len() < 8 << 10, "{} bytes", bomb.len());
    let dir = folder("tests/fixtures/minimal");
    std::fs::write(dir.path().join("bomb.docx"), &bomb).expect("write");
    let before = snapshot(&dir.path().join("drafts"));
    let message = "the automatic number of paragraph 1 is longer than 256 characters (list 1, level 0 of the \
                   document's numbering)\n  = hint: open the document in Word, check the number format of that \
                   list (Define New Number Format), and save it again\n";
    // 256 MB of address space: the part (1 MB) is read, and nothing of the 3 GB is made.
    let (code, out, err) = run_capped(dir.path(), 256, &["--drafts", "drafts", "import", "bomb.docx", "--as", "r3"]);
    assert_eq!((code, out.as_str()), (1, ""));
    assert_eq!(err, format!("error: cannot import bomb.docx: {message}"));
    assert_eq!(snapshot(&dir.path().join("drafts")), before, "nothing written");
    // `init --baseline` reads through the same reader, within the same bound.
    let (code, _, err) = run_capped(dir.path(), 256, &["init", "new", "--baseline", "bomb.docx"]);
    assert_eq!(code, 1);
    assert_eq!(err, format!("error: cannot read the baseline bomb.docx: {message}"));
    assert!(!dir.path().join("new").exists());
}

#[test]
fn text_that_multiplies_past_the_bound_is_refused_with_the_limit_named() {
    let dir = folder("tests/fixtures/minimal");
    let message = "the document would produce more than 64 MiB of text (concord's limit for one document)\n  \
                   = hint: check that this is the right file: a document that grows this much when read is damaged \
                   or built to exhaust memory; a real text this long can be split in two\n";
    // A heading of a megabyte over 100 paragraphs, each written with its section: 100 MB.
    let docx = heading_bomb(1 << 20, 100);
    assert!(docx.len() < 8 << 10, "{} bytes", docx.len());
    std::fs::write(dir.path().join("heading.docx"), docx).expect("write");
    let markdown = format!("## {}\n\n{}", "H".repeat(1 << 20), "1. x\n\n".repeat(100));
    std::fs::write(dir.path().join("heading.md"), markdown).expect("write");
    for file in ["heading.docx", "heading.md"] {
        let (code, out, err) = run_capped(dir.path(), 1024, &["--drafts", "drafts", "import", file, "--as", "r3"]);
        assert_eq!((code, out.as_str()), (1, ""), "{file}");
        assert_eq!(err, format!("error: cannot import {file}: {message}"), "{file}");
    }
}

#[test]
fn numbers_under_their_limit_still_count_toward_the_text_bound() {
    use concord::bound::{Exceeded, Limits};
    use concord::import::docx::{View, read};
    // Numbers of 200 characters over 2,000 paragraphs: 400 KB, past a bound of 256 KiB,
    // found while the paragraphs are read.
    let limits = Limits { text_bytes: 256 << 10, ..Limits::IMPORT };
    let bomb = numbering_bomb(200, 2_000);
    assert!(matches!(
        read(&bomb, View::Accepted, limits),
        Err(concord::import::ImportError::Exceeded(Exceeded::Text { .. }))
    ));
    assert_eq!(read(&bomb, View::Accepted, Limits::IMPORT).expect("within the default bound").paragraphs.len(), 2_000);
}

#[test]
fn table_cells_that_multiply_past_the_bound_are_refused() {
    let dir = folder("tests/fixtures/compilation/drafts");
    // A cell merged across 64 columns is 64 cells: 71,000 of them are 4.5 million.
    let cell = r#"<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p/></w:tc>"#;
    let body = format!("<w:tbl><w:tr>{}</w:tr></w:tbl>", cell.repeat(71_000));
    std::fs::write(dir.path().join("spans.docx"), zip(&[("word/document.xml", document(&body))])).expect("write");
    // A Markdown table of 4.5 million empty cells.
    let md = format!("| Paragraph | Delegation | Proposed text |\n|---|---|---|\n|{}\n", "|".repeat(4_500_000));
    std::fs::write(dir.path().join("cells.md"), md).expect("write");
    for file in ["spans.docx", "cells.md"] {
        let (code, _, err) =
            run_capped(dir.path(), 1024, &["--drafts", "drafts", "import-amendments", file, "--on", "zero-draft"]);
        assert_eq!(code, 1, "{file}: {err}");
        assert_eq!(
            err.lines().next(),
            Some(
                format!(
                    "error: cannot read {file}: the document would produce more than 4500000 table rows and cells \
                     (concord's limit for one document)"
                )
                .as_str()
            )
        );
    }
}

// ----- fuzz seeds -----

/// The seeds of the reader targets (`fuzz/seeds/TARGET/NAME`) with their bytes.
fn seeds() -> Vec<(&'static str, Vec<u8>)> {
    // `import_docx_xml` inputs: the parts of `fuzz/src/lib.rs` DOCX_XML_PARTS, joined by NUL.
    let parts = |list: &[String]| list.join("\0").into_bytes();
    let hidden_styles = styles(
        r#"<w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Gone"><w:basedOn w:val="Normal"/><w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="character" w:styleId="Quiet"><w:rPr><w:vanish/></w:rPr></w:style>"#,
    );
    let hidden_body = [
        numbered(0, &(r("", "Shown") + &r("<w:vanish/>", " hidden") + &r(r#"<w:rStyle w:val="Quiet"/>"#, " quiet"))),
        p(r#"<w:pStyle w:val="Gone"/><w:rPr><w:vanish/></w:rPr>"#, &r(r#"<w:rStyle w:val="Quiet"/>"#, "both")),
        numbered(
            1,
            &[
                r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> REF x </w:instrText></w:r>"#,
                &r("", "code"),
                r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#,
                &r("", "inner"),
                r#"<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>"#,
                &r("", "result"),
                r#"<w:r><w:fldChar w:fldCharType="end"/></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del>"#,
            ]
            .concat(),
        ),
    ]
    .concat();
    let package_rels = rels(&[("officeDocument", "word/document.xml")]);
    let document_rels = rels(&[("styles", "styles.xml"), ("numbering", "numbering.xml")]);
    let label_bomb = format!("{}%1.", "A".repeat(300));
    vec![
        ("import_docx/relationships-decoy.docx", decoy_package()),
        ("import_docx/hidden-deleted-fields.docx", hidden_package()),
        ("import_docx/numbering-label-too-long.docx", numbering_bomb(300, 3)),
        ("import_docx/labels-past-the-text-bound.docx", numbering_bomb(250, 140)),
        ("import_docx/heading-past-the-text-bound.docx", heading_bomb(400, 100)),
        (
            "import_docx/table-spans-and-hidden-cells.docx",
            zip(&[
                ("_rels/.rels", package_rels.clone()),
                (
                    "word/document.xml",
                    document(&format!(
                        "<w:tbl><w:tr>{}<w:tc><w:p>{}</w:p></w:tc></w:tr></w:tbl>",
                        r#"<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p/></w:tc>"#.repeat(70),
                        r("<w:vanish/>", "hidden") + &r("<w:strike/>", "struck")
                    )),
                ),
            ]),
        ),
        (
            "import_docx_xml/hidden-with-relationships.bin",
            parts(&[document(&hidden_body), hidden_styles.clone(), numbering("%1."), package_rels, document_rels]),
        ),
        (
            "import_docx_xml/main-document-elsewhere.bin",
            parts(&[
                document(&p("", &r("", "decoy"))),
                document(&hidden_body),
                numbering(&label_bomb),
                rels(&[("officeDocument", "/word/styles.xml")]),
            ]),
        ),
        ("import_text/hidden.md", HIDDEN_MARKDOWN.as_bytes().to_vec()),
        (
            // A heading in Markdown, and underlined for plain text.
            "import_text/heading-past-the-bound.md",
            format!("## {}\n-----\n\n{}", "H".repeat(400), "1. x\n\n".repeat(100)).into_bytes(),
        ),
    ]
}

#[test]
fn the_fuzz_seeds_of_the_readers_are_written_by_this_file() {
    let write = std::env::var_os("CONCORD_WRITE_SEEDS").is_some();
    for (rel, bytes) in seeds() {
        let path = crate_path("fuzz/seeds").join(rel);
        if write {
            std::fs::write(&path, &bytes).expect("write the seed");
        }
        let stored = std::fs::read(&path).unwrap_or_default();
        assert!(
            stored == bytes,
            "fuzz/seeds/{rel} is not what this file writes; rerun with CONCORD_WRITE_SEEDS=1 to write it"
        );
    }
}

#[test]
fn the_seeds_named_for_the_bound_reach_the_bound_of_the_fuzz_targets() {
    use concord::bound::{Exceeded, Limits};
    use concord::import::ImportError;
    use concord::import::docx::{View, read};
    use concord::import::text::{from_docx, from_markdown, from_text};
    // `fuzz/src/lib.rs` IMPORT_LIMITS.
    let limits = Limits { text_bytes: 32 << 10, items: 1_000, ..Limits::IMPORT };
    let seed = |name: &str| seeds().into_iter().find(|(n, _)| *n == name).expect("a seed").1;
    let docx = |name: &str| -> Result<(), ImportError> {
        from_docx(&read(&seed(name), View::Accepted, limits)?.paragraphs, limits)?;
        Ok(())
    };
    let text_bound = |r: Result<(), ImportError>| matches!(r, Err(ImportError::Exceeded(Exceeded::Text { .. })));
    assert!(text_bound(docx("import_docx/labels-past-the-text-bound.docx")));
    assert!(text_bound(docx("import_docx/heading-past-the-text-bound.docx")));
    assert!(matches!(
        docx("import_docx/numbering-label-too-long.docx"),
        Err(ImportError::Exceeded(Exceeded::Label { .. }))
    ));
    let md = String::from_utf8(seed("import_text/heading-past-the-bound.md")).expect("UTF-8");
    assert!(matches!(from_markdown(&md, limits), Err(Exceeded::Text { .. })));
    assert!(matches!(from_text(&md, limits), Err(Exceeded::Text { .. })));
}
