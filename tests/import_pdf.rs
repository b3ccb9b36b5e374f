//! Importing PDF drafts: the two Paris Agreement PDFs of the corpus read against their
//! Markdown pages and against lists written by hand from the PDFs, and small PDFs made
//! here for hyphenation, running headers and footers, and footnotes.
//!
//! Reading PDF needs Poppler's `pdftotext`. Without it, or without the corpus
//! (`../shared/corpus/paris/`, or `$CONCORD_CORPUS_DIR/paris/`), the tests say so and
//! pass, unless `CONCORD_REQUIRE_CORPUS=1` (CI) makes them fail.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;
use concord::import::parts::{Selection, select};
use concord::import::{Document, read};

fn required() -> bool {
    std::env::var("CONCORD_REQUIRE_CORPUS").is_ok_and(|v| v == "1")
}

/// Whether `pdftotext` can be run; says why not when it cannot.
fn poppler() -> bool {
    let ok = concord::import::pdf::poppler::program().is_ok();
    if !ok {
        assert!(!required(), "pdftotext is missing and CONCORD_REQUIRE_CORPUS=1: apt install poppler-utils");
        eprintln!("skipped: pdftotext (Poppler) is not installed");
    }
    ok
}

/// The corpus folder, or `None` (after saying so) when it is absent. `CONCORD_CORPUS_DIR`
/// names the folder holding `paris/` when the project is not beside `shared/` (a git
/// worktree elsewhere).
fn corpus() -> Option<PathBuf> {
    let root = std::env::var_os("CONCORD_CORPUS_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"), PathBuf::from);
    let dir = root.join("paris");
    if dir.join("pdf").is_dir() {
        return poppler().then_some(dir);
    }
    assert!(!required(), "the corpus is missing at {} and CONCORD_REQUIRE_CORPUS=1", dir.display());
    eprintln!("skipped: no corpus at {}", dir.display());
    None
}

const DEC: &str = "pdf/2015-12-04-adp-compilation.pdf";
const OCT: &str = "pdf/2015-10-23-adp-draft.pdf";
const DEC_PAGE: &str = "md/2015-12-04-adp-compilation.md";

// ---------------------------------------------------------------------------------
// Words in order: the share of a page's words found in order in a text.

/// Words as compared: runs of letters and digits, lower-cased. Punctuation, quotes,
/// emphasis marks and hyphens fall away on both sides alike.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Length of the longest common subsequence of `a` and `b` (bit-parallel, 64 words of
/// `a` to a machine word: Allison and Dix, as improved by Hyyrö).
fn lcs(a: &[String], b: &[String]) -> usize {
    let blocks = a.len().div_ceil(64);
    let mut masks: std::collections::HashMap<&str, Vec<u64>> = std::collections::HashMap::new();
    for (i, w) in a.iter().enumerate() {
        masks.entry(w).or_insert_with(|| vec![0; blocks])[i / 64] |= 1 << (i % 64);
    }
    let zero = vec![0u64; blocks];
    let mut v = vec![!0u64; blocks];
    for w in b {
        let m = masks.get(w.as_str()).unwrap_or(&zero);
        let mut carry = false;
        for k in 0..blocks {
            let u = v[k] & m[k];
            let (sum, c1) = v[k].overflowing_add(u);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            carry = c1 || c2;
            v[k] = sum | (v[k] - u);
        }
    }
    let tail = a.len() % 64;
    v.iter()
        .enumerate()
        .map(|(k, x)| {
            let valid = if k + 1 == blocks && tail != 0 { (1u64 << tail) - 1 } else { !0 };
            (!x & valid).count_ones() as usize
        })
        .sum()
}

#[test]
fn lcs_is_the_longest_common_subsequence() {
    let w = |s: &str| words(s);
    assert_eq!(lcs(&w("a b c d"), &w("a x c d")), 3);
    assert_eq!(lcs(&w("a b c"), &w("c b a")), 1);
    assert_eq!(lcs(&w(""), &w("a")), 0);
    // Across the 64-word blocks: 100 words, every other one kept.
    let long: Vec<String> = (0..100).map(|i| format!("w{i}")).collect();
    let half: Vec<String> = long.iter().step_by(2).cloned().collect();
    assert_eq!(lcs(&long, &half), 50);
    assert_eq!(lcs(&half, &long), 50);
}

/// A kramdown page as text: without its front matter, link definitions, table-of-
/// contents marker, footnote marks and link targets.
fn page_text(md: &str) -> String {
    let body = md.strip_prefix("---\n").and_then(|r| r.find("\n---\n").map(|e| &r[e + 5..])).unwrap_or(md);
    let is_definition = |l: &str| {
        l.starts_with('[') && !l.starts_with("[^") && l.find("]:").is_some_and(|k| !l[1..k].contains(['[', ']']))
    };
    let labels: Vec<String> =
        body.lines().filter(|l| is_definition(l)).map(|l| l[1..l.find("]:").unwrap()].to_owned()).collect();
    let mut out = String::new();
    for line in body.lines() {
        let t = line.trim();
        if is_definition(t) || t == "{:toc}" || t == "* TOC" {
            continue;
        }
        out.push_str(&strip_marks(line, &labels));
        out.push('\n');
    }
    out
}

/// `[^3]` and `[^3]:` removed; `[text][label]` (a defined label) and `[text](url)` made
/// `text`.
fn strip_marks(line: &str, labels: &[String]) -> String {
    let mut s = line.to_owned();
    while let Some(at) = s.find("[^") {
        let Some(len) = s[at..].find(']') else { break };
        let end = at + len + 1 + usize::from(s[at + len + 1..].starts_with(':'));
        s.replace_range(at..end, "");
    }
    for label in labels {
        let target = format!("][{label}]");
        while let Some(at) = s.find(&target) {
            let Some(open) = s[..at].rfind('[') else { break };
            s.replace_range(at..at + target.len(), "");
            s.replace_range(open..open + 1, "");
        }
    }
    while let Some(at) = s.find("](") {
        let (Some(open), Some(close)) = (s[..at].rfind('['), s[at..].find(')')) else { break };
        s.replace_range(at..at + close + 1, "");
        s.replace_range(open..open + 1, "");
    }
    s
}

#[test]
fn page_text_drops_markup_that_is_not_the_negotiators() {
    let md = "---\ntitle: x\n---\n*A [note][src] here[^0].*\n\n[src]: http://x\n\n* TOC\n{:toc}\n\
              1. Text [with [brackets]][^2] and [a link](http://y).\n\n[^2]: A note [bracketed].\n";
    assert_eq!(page_text(md), "*A note here.*\n\n\n1. Text [with [brackets]] and a link.\n\n A note [bracketed].\n");
}

/// Negotiators' square brackets in a text.
fn brackets(text: &str) -> usize {
    text.chars().filter(|c| matches!(c, '[' | ']')).count()
}

/// Everything a reader reads of an imported document, in order: each heading where it
/// begins (a section `Article 3 – {Timing}` is two headings), each paragraph's number,
/// text and footnotes.
fn document_text(doc: &Document) -> String {
    let mut out = doc.title.clone().unwrap_or_default();
    let mut headings: Vec<&str> = Vec::new();
    for p in &doc.paragraphs {
        let now: Vec<&str> = p.section.split(" – ").collect();
        for (k, h) in now.iter().enumerate() {
            if headings.get(k) != Some(h) {
                out.push('\n');
                out.push_str(h);
            }
        }
        headings = now;
        out.push('\n');
        out.push_str(&p.number);
        out.push(' ');
        out.push_str(&p.text);
        for note in &p.footnotes {
            out.push('\n');
            out.push_str(note);
        }
    }
    out
}

fn pdftotext_plain(pdf: &Path) -> String {
    let program = concord::import::pdf::poppler::program().unwrap();
    let out = Command::new(program).arg(pdf).arg("-").output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_4_december_pdf_holds_the_words_of_its_page_in_order() {
    let Some(dir) = corpus() else { return };
    let page = words(&page_text(&std::fs::read_to_string(dir.join(DEC_PAGE)).unwrap()));
    let doc = read(&dir.join(DEC)).unwrap();
    let ours = lcs(&page, &words(&document_text(&doc))) as f64 / page.len() as f64;
    let plain = lcs(&page, &words(&pdftotext_plain(&dir.join(DEC)))) as f64 / page.len() as f64;
    eprintln!("words of the page recovered in order: concord {ours:.4}, pdftotext {plain:.4}");
    assert!(ours >= plain, "concord {ours:.4} < pdftotext {plain:.4}");
}

/// The agreement of the 4 December PDF fills its pages 1 to 23; the decision begins on
/// page 24 (read in the PDF).
const DEC_AGREEMENT_PAGES: (u32, u32) = (1, 23);

/// The negotiators' brackets are those of the document: within 1 % of the brackets that
/// plain `pdftotext` prints for the agreement's pages, and no further from the
/// Markdown page's count than `pdftotext`'s is. (The page itself differs from the PDF
/// by about 1 %: it writes Article 5's `[governing body][CMP][CMA]` as
/// `governing body/CMP/CMA`, and it adds notes of its own.)
#[test]
fn the_4_december_agreement_has_the_brackets_of_the_document() {
    let Some(dir) = corpus() else { return };
    let page = brackets(&page_text(&std::fs::read_to_string(dir.join(DEC_PAGE)).unwrap()));
    let program = concord::import::pdf::poppler::program().unwrap();
    let (first, last) = DEC_AGREEMENT_PAGES;
    let plain = Command::new(program)
        .args(["-f", &first.to_string(), "-l", &last.to_string()])
        .arg(dir.join(DEC))
        .arg("-")
        .output()
        .unwrap();
    let plain = brackets(&String::from_utf8(plain.stdout).unwrap());
    let doc = select(read(&dir.join(DEC)).unwrap(), &Selection { part: Some(1), ..Selection::default() }).unwrap();
    let ours = brackets(&document_text(&doc));
    eprintln!("brackets of the agreement: page {page}, pdftotext {plain}, concord {ours}");
    assert!(ours.abs_diff(plain) * 100 <= plain, "pdftotext {plain}, concord {ours}");
    assert!(ours.abs_diff(page) <= plain.abs_diff(page), "page {page}, pdftotext {plain}, concord {ours}");
}

/// (number, first three words) of the first 30 paragraphs, written by reading the PDFs.
const DEC_FIRST_30: [(&str, &str); 30] = [
    ("", "[The Parties to"),
    ("Pp1", "Being Parties to"),
    ("Pp2", "In pursuit of"),
    ("Pp3", "Pursuant to the"),
    ("Pp4", "Recognizing the intrinsic"),
    ("Pp5", "Taking account of"),
    ("Pp6", "[Taking account also"),
    ("Pp7", "Emphasizing the need"),
    ("Pp8", "Recognizing the outcomes"),
    ("Pp9", "[Noting that the"),
    ("Pp10", "Recognizing that Parties"),
    ("Pp11", "[Emphasizing the importance"),
    ("Pp12", "Taking into account"),
    ("Pp13", "Recognizing the critical"),
    ("Pp14", "[Recognizing also the"),
    ("Pp15", "Affirming the importance"),
    ("Pp16", "[Acknowledging that putting"),
    ("", "Have agreed as"),
    ("", "For the purposes"),
    ("1", "“Parties present and"),
    ("2", "“Party” means a"),
    ("3", "“CMA” means the"),
    ("4", "[Placeholder for “countries"),
    ("5", "[“Climate forcers” means:"),
    ("6", "[“Emission reductions” means"),
    ("7", "[“REDD-plus” means a"),
    ("8", "[“JMA” means a"),
    ("9", "[“Developed country Party”"),
    ("10", "[“Developing country Party”"),
    ("11", "[Placeholder for “climate"),
];

const OCT_FIRST_30: [(&str, &str); 30] = [
    ("", "[The Parties to"),
    ("Pp1", "Being Parties to"),
    ("Pp2", "In [furtherance][pursuit] of"),
    ("Pp3", "Recalling decisions 1/CP.17,"),
    ("Pp4", "[Taking account of"),
    ("Pp5", "[Recognizing the intrinsic"),
    ("Pp6", "Emphasizing the need"),
    ("Pp7", "Recognizing the outcomes"),
    ("Pp8", "[Noting that the"),
    ("Pp9", "[Recognizing that Parties"),
    ("Pp10", "Emphasizing the importance"),
    ("Pp11", "Also emphasizing the"),
    ("Pp12", "Option 1: Recognizing"),
    ("Pp13", "Recognizing the critical"),
    ("Pp14", "Reaffirming the crucial"),
    ("Pp15", "[Acknowledging that putting"),
    ("", "Have agreed as"),
    ("", "For the purposes"),
    ("1", "“Parties present and"),
    ("2", "“Party” means a"),
    ("3", "“CMA” means the"),
    ("4", "[Placeholder for “countries"),
    ("5", "[“Climate forcers” means:"),
    ("6", "[“Emission reductions” means"),
    ("7", "[“REDD-plus” means a"),
    ("8", "[“JMA” means a"),
    ("9", "[“Developed country Party”"),
    ("10", "[“Developing country Party”"),
    ("11", "[Placeholder for “climate"),
    ("12", "[\"Conference of the"),
];

fn first_30(doc: &Document) -> Vec<(String, String)> {
    doc.paragraphs
        .iter()
        .take(30)
        .map(|p| (p.number.clone(), p.text.split_whitespace().take(3).collect::<Vec<_>>().join(" ")))
        .collect()
}

fn expected(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, w)| (n.to_string(), w.to_string())).collect()
}

#[test]
fn the_first_30_paragraphs_are_those_of_the_documents() {
    let Some(dir) = corpus() else { return };
    assert_eq!(first_30(&read(&dir.join(DEC)).unwrap()), expected(&DEC_FIRST_30));
    assert_eq!(first_30(&read(&dir.join(OCT)).unwrap()), expected(&OCT_FIRST_30));
}

#[test]
fn the_covers_are_the_revisions_headers() {
    let Some(dir) = corpus() else { return };
    let title = "Draft agreement and draft decision on workstreams 1 and 2 of the Ad Hoc Working Group on the \
                 Durban Platform for Enhanced Action";
    let dec = read(&dir.join(DEC)).unwrap();
    assert_eq!(
        (dec.title.as_deref(), dec.symbol.as_deref(), dec.date.as_deref()),
        (Some(title), None, Some("2015-12-04"))
    );
    let oct = read(&dir.join(OCT)).unwrap();
    assert_eq!(
        (oct.title.as_deref(), oct.symbol.as_deref(), oct.date.as_deref()),
        (Some(title), Some("ADP.2015.11.InformalNote"), Some("2015-11-06"))
    );
}

/// The article of a section (`Article 3 (MITIGATION) – {Timing}` -> `article3`), from the
/// page's `## [Article 3bis] *(REDD-plus)*` as from the PDF's `[Article 3 bis] (REDD-PLUS)`.
fn article(heading: &str) -> Option<String> {
    let h = heading.trim_start_matches(['#', ' ', '[']);
    let rest = h.strip_prefix("Article ")?;
    let number: String =
        rest.chars().take_while(|c| !matches!(c, '(' | ']' | '*' | '–')).filter(|c| !c.is_whitespace()).collect();
    Some(format!("article{}", number.to_lowercase()))
}

#[test]
fn the_4_december_pdf_has_the_article_headings_and_margin_labels_of_the_document() {
    let Some(dir) = corpus() else { return };
    let md = std::fs::read_to_string(dir.join(DEC_PAGE)).unwrap();
    let from_page: Vec<String> = md.lines().filter(|l| l.starts_with("## ")).filter_map(article).collect();
    let doc = read(&dir.join(DEC)).unwrap();
    let agreement = select(doc.clone(), &Selection { part: Some(1), ..Selection::default() }).unwrap();
    let mut ours: Vec<String> = agreement.paragraphs.iter().filter_map(|p| article(&p.section)).collect();
    ours.dedup();
    assert_eq!(ours, from_page, "{ours:?}\n{from_page:?}");
    assert_eq!(from_page.len(), 30, "Articles 1 to 26 with 2bis, 3bis, 3ter and 8 bis");
    // Preambular paragraphs carry their margin labels, in order, in both parts.
    let labels = |d: &Document| -> Vec<String> {
        d.paragraphs.iter().filter(|p| p.number.starts_with("Pp")).map(|p| p.number.clone()).collect()
    };
    let decision = select(doc, &Selection { part: Some(2), ..Selection::default() }).unwrap();
    assert_eq!(labels(&agreement), (1..=16).map(|k| format!("Pp{k}")).collect::<Vec<_>>());
    // The decision has a preamble, then a second one for workstream 2.
    let decision_labels: Vec<String> = (1..=5).chain(1..=12).map(|k| format!("Pp{k}")).collect();
    assert_eq!(labels(&decision), decision_labels);
}

/// Paragraph numbers at the start of a line of `pdftotext -layout` (`7.`, `[1.`, `3bis.`):
/// an independent reading of the numbers the document prints.
fn layout_numbers(pdf: &Path) -> Vec<String> {
    let program = concord::import::pdf::poppler::program().unwrap();
    let out = Command::new(program).arg("-layout").arg(pdf).arg("-").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let mut numbers = Vec::new();
    for line in text.lines() {
        let l = line.trim_start_matches('[');
        if line.len() - line.trim_start().len() > 1 {
            continue;
        }
        let digits: String = l.chars().take_while(char::is_ascii_digit).collect();
        let rest = &l[digits.len()..];
        let suffix: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
        let after = &rest[suffix.len()..];
        let latin = ["bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies"];
        let suffix_ok = suffix.is_empty() || latin.contains(&suffix.as_str());
        if !digits.is_empty() && digits.len() <= 3 && suffix_ok && after.starts_with(". ") {
            numbers.push(format!("{digits}{suffix}"));
        }
    }
    numbers
}

#[test]
fn paragraph_numbers_are_those_the_documents_print() {
    let Some(dir) = corpus() else { return };
    for file in [DEC, OCT] {
        let printed = layout_numbers(&dir.join(file));
        let doc = read(&dir.join(file)).unwrap();
        let ours: Vec<String> = doc
            .paragraphs
            .iter()
            .filter(|p| p.number.starts_with(|c: char| c.is_ascii_digit()))
            .map(|p| p.number.replace(' ', ""))
            .collect();
        let found = lcs(&printed, &ours);
        eprintln!(
            "{file}: {} numbers printed at a line's start, {} read, {found} in common",
            printed.len(),
            ours.len()
        );
        assert_eq!(found, printed.len(), "{file}: a number printed at a line's start is missing");
        // The layout text misses a few that are printed further in, or without a full stop
        // (`3bis [Developed`): a few more read is right, many more is not.
        assert!(ours.len() <= printed.len() + printed.len() / 20, "{file}: too many numbers read");
    }
}

#[test]
fn no_header_footer_or_page_number_is_left_in_the_text() {
    let Some(dir) = corpus() else { return };
    // The running header and footer of each PDF, by hand.
    let furniture = [
        "ADP 2-12 – Draft agreement",
        "AD HOC WORKING GROUP ON THE",
        "DURBAN PLATFORM FOR ENHANCED ACTION",
        "ADP.2015.11.InformalNote",
    ];
    for (file, pages) in [(DEC, 46), (OCT, 54)] {
        let doc = read(&dir.join(file)).unwrap();
        for p in &doc.paragraphs {
            for text in std::iter::once(&p.text).chain(&p.footnotes).chain([&p.section]) {
                for f in furniture {
                    assert!(!text.contains(f), "{file} {}: {f} in {text}", p.number);
                }
                let w: Vec<&str> = text.split_whitespace().collect();
                let page_number =
                    w.windows(3).any(|t| t[1] == "of" && t[2] == pages.to_string() && t[0].parse::<u32>().is_ok());
                assert!(!page_number, "{file} {}: a page number in {text}", p.number);
            }
        }
    }
}

#[test]
fn footnotes_go_with_their_paragraphs_and_stay_out_of_the_text() {
    let Some(dir) = corpus() else { return };
    let doc = read(&dir.join(DEC)).unwrap();
    let notes: usize = doc.paragraphs.iter().map(|p| p.footnotes.len()).sum();
    // Paragraph 3bis of Article 3 ("[Developed country Parties should continue to take
    // the lead].") refers to note 2, which reads "Overlaps with option b.".
    let lead = doc.paragraphs.iter().find(|p| p.number == "3bis" && p.text.ends_with("to take the lead].")).unwrap();
    assert_eq!(lead.footnotes, ["Overlaps with option b."]);
    assert!(doc.paragraphs.iter().all(|p| !p.text.contains("Overlaps with option b")));
    eprintln!("{notes} footnotes attached");
    assert!(notes >= 20, "{notes}");
}

// ---------------------------------------------------------------------------------
// Small PDFs written here: Helvetica text placed on A4 pages.

/// A text placed on a page: left edge, baseline (from the top), size, the string, and the
/// extra width of each space (`Tw`) that justifies it.
struct Placed(f64, f64, f64, String, f64);

/// Helvetica's widths of the printable ASCII characters, in thousandths of the size
/// (Adobe's metrics, which Poppler uses for this standard font).
const HELVETICA: [u16; 95] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
    556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
    722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
    556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
    260, 334, 584,
];

fn width(text: &str, size: f64) -> f64 {
    text.bytes().map(|b| f64::from(HELVETICA.get(usize::from(b.wrapping_sub(32))).copied().unwrap_or(556))).sum::<f64>()
        * size
        / 1000.0
}

/// A paragraph set as a word processor sets it: its lines at `x`, from baseline `y`, 12
/// points apart, in 10-point type, every line but the last justified to 450 points.
fn paragraph(x: f64, y: f64, lines: &[&str]) -> Vec<Placed> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let spaces = l.matches(' ').count().max(1) as f64;
            let tw = if i + 1 < lines.len() { ((450.0 - width(l, 10.0)) / spaces).max(0.0) } else { 0.0 };
            Placed(x, y + 12.0 * i as f64, 10.0, (*l).to_owned(), tw)
        })
        .collect()
}

fn text(x: f64, y: f64, size: f64, t: &str) -> Placed {
    Placed(x, y, size, t.to_owned(), 0.0)
}

/// A PDF of `pages`, written out object by object with its cross-reference table.
fn pdf(pages: &[Vec<Placed>]) -> Vec<u8> {
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        String::new(), // the page tree, once the pages are known
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    ];
    let mut kids = Vec::new();
    for page in pages {
        let mut content = String::new();
        for Placed(x, y, size, text, tw) in page {
            let escaped = text.replace('\\', "\\\\").replace('(', "\\(").replace(')', "\\)");
            content.push_str(&format!("BT /F1 {size} Tf {tw:.3} Tw 1 0 0 1 {x} {} Tm ({escaped}) Tj ET\n", 842.0 - y));
        }
        objects.push(format!("<< /Length {} >>\nstream\n{content}endstream", content.len()));
        let content_id = objects.len();
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents {content_id} 0 R >>"
        ));
        kids.push(format!("{} 0 R", objects.len()));
    }
    objects[1] = format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), kids.len());
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
    for o in offsets {
        out.extend(format!("{o:010} 00000 n \n").bytes());
    }
    out.extend(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).bytes());
    out
}

fn read_pdf(pages: &[Vec<Placed>]) -> Document {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("draft.pdf");
    std::fs::write(&path, pdf(pages)).unwrap();
    read(&path).unwrap()
}

fn numbers_and_texts(doc: &Document) -> Vec<(&str, &str)> {
    doc.paragraphs.iter().map(|p| (p.number.as_str(), p.text.as_str())).collect()
}

#[test]
fn words_hyphenated_at_a_line_end_are_rejoined_and_real_hyphens_kept() {
    if !poppler() {
        return;
    }
    let mut page = paragraph(
        72.0,
        100.0,
        &[
            "1. The well-being of delegations depends on the outcome of the nego-",
            "tiations, and on the work of the secretariat on behalf of the well-",
            "being of all participants in the meeting, and on the decision-",
            "making of the Bureau.",
        ],
    );
    page.extend(paragraph(
        72.0,
        160.0,
        &[
            "2. Parties continued their negotiations on the text of the non-",
            "Annex I commitments with a view to adopting them in decision-making.",
        ],
    ));
    let doc = read_pdf(&[page]);
    assert_eq!(
        numbers_and_texts(&doc),
        [
            (
                "1",
                "The well-being of delegations depends on the outcome of the negotiations, and on the work of the \
                 secretariat on behalf of the well-being of all participants in the meeting, and on the \
                 decision-making of the Bureau."
            ),
            (
                "2",
                "Parties continued their negotiations on the text of the non-Annex I commitments with a view to \
                 adopting them in decision-making."
            ),
        ]
    );
}

#[test]
fn running_headers_footers_and_page_numbers_are_dropped_and_paragraphs_run_on() {
    if !poppler() {
        return;
    }
    let page = |k: usize, body: Vec<Placed>| {
        let mut p = vec![text(72.0, 40.0, 9.0, "WG/2024/CRP.1 Draft report of the Working Group")];
        p.extend(body);
        p.push(text(270.0, 800.0, 9.0, &format!("Page {} of 3", k + 1)));
        p
    };
    let mut first = paragraph(
        72.0,
        100.0,
        &[
            "1. States agreed that the Working Group should continue its work on the",
            "draft text and report on its progress at the next session.",
        ],
    );
    first.extend(paragraph(
        72.0,
        136.0,
        &[
            "2. The Chair invited delegations to submit written comments on the text",
            "of the draft report before the end of the month, in any official",
            "language of the United Nations, to the secretariat.",
        ],
    ));
    // The second paragraph's last line goes over to the next page.
    let last = first.pop().unwrap();
    let mut second = vec![Placed(72.0, 100.0, 10.0, last.3, 0.0)];
    second.extend(paragraph(72.0, 124.0, &["3. Delegations welcomed the proposal."]));
    let doc = read_pdf(&[
        page(0, first),
        page(1, second),
        page(2, paragraph(72.0, 100.0, &["4. The Group adopted its report."])),
    ]);
    assert_eq!(
        numbers_and_texts(&doc),
        [
            (
                "1",
                "States agreed that the Working Group should continue its work on the draft text and report on \
                 its progress at the next session."
            ),
            (
                "2",
                "The Chair invited delegations to submit written comments on the text of the draft report before \
                 the end of the month, in any official language of the United Nations, to the secretariat."
            ),
            ("3", "Delegations welcomed the proposal."),
            ("4", "The Group adopted its report."),
        ]
    );
}

#[test]
fn footnotes_are_attached_to_the_paragraph_that_refers_to_them() {
    if !poppler() {
        return;
    }
    let mut page = paragraph(72.0, 100.0, &["1. States recalled the report of the Group of Experts."]);
    page.push(text(72.0 + width("1. States recalled the report of the Group of Experts.", 10.0), 96.0, 6.0, "1"));
    page.extend(paragraph(72.0, 124.0, &["2. States welcomed its recommendations."]));
    page.extend([text(72.0, 760.0, 6.0, "1"), text(80.0, 764.0, 8.0, "See document A/70/174, adopted by consensus.")]);
    let doc = read_pdf(&[page]);
    assert_eq!(
        numbers_and_texts(&doc),
        [("1", "States recalled the report of the Group of Experts."), ("2", "States welcomed its recommendations.")]
    );
    assert_eq!(doc.paragraphs[0].footnotes, ["See document A/70/174, adopted by consensus."]);
    assert!(doc.paragraphs[1].footnotes.is_empty());
}

/// The LibreOffice binary, if installed; with CONCORD_REQUIRE_LIBREOFFICE=1 (as CI sets)
/// a missing LibreOffice is a failure.
fn soffice() -> Option<&'static str> {
    let found = ["soffice", "libreoffice"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()));
    if found.is_none() {
        assert!(
            std::env::var("CONCORD_REQUIRE_LIBREOFFICE").as_deref() != Ok("1"),
            "CONCORD_REQUIRE_LIBREOFFICE=1 but LibreOffice is not installed"
        );
        eprintln!("skipped: LibreOffice is not installed");
    }
    found
}

/// A PDF made by another producer than Word: each revision of the sample negotiation,
/// exported by concord as .docx and printed to PDF by LibreOffice, imports as the
/// revision it came from: title, symbol, date, and every paragraph's number, section and
/// text.
#[test]
fn a_revision_printed_to_pdf_by_libreoffice_imports_as_itself() {
    if !poppler() {
        return;
    }
    let Some(soffice) = soffice() else { return };
    let drafts = Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts");
    let negotiation = concord::draft::load(&drafts).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    for revision in &negotiation.negotiation.revisions {
        let docx = dir.path().join(format!("{}.docx", revision.id));
        cargo_bin_cmd!("concord")
            .arg("--drafts")
            .arg(&drafts)
            .args(["export", &revision.id, "-o"])
            .arg(&docx)
            .assert()
            .success();
        let out = Command::new(soffice)
            .args([profile.as_str(), "--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
            .arg(dir.path())
            .arg(&docx)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let doc = read(&dir.path().join(format!("{}.pdf", revision.id))).unwrap();
        assert_eq!(doc.title.as_deref(), Some(revision.title.as_str()), "{}", revision.id);
        assert_eq!((&doc.symbol, &doc.date), (&revision.symbol, &revision.date), "{}", revision.id);
        let got: Vec<(&str, &str, String)> =
            doc.paragraphs.iter().map(|p| (p.number.as_str(), p.section.as_str(), p.text.clone())).collect();
        let want: Vec<(&str, &str, String)> = revision
            .paragraphs
            .iter()
            .map(|p| {
                (p.number.as_str(), p.section.as_str(), p.text.text.split_whitespace().collect::<Vec<_>>().join(" "))
            })
            .collect();
        let first = got.iter().zip(&want).position(|(g, w)| g != w);
        assert!(
            got == want,
            "{}: {} paragraphs read, {} in the revision; the first that differs: {:?}",
            revision.id,
            got.len(),
            want.len(),
            first.map(|i| (&got[i], &want[i]))
        );
    }
}

// ---------------------------------------------------------------------------------
// The command line.

#[test]
fn import_reports_the_parts_and_imports_the_one_asked_for() {
    let Some(dir) = corpus() else { return };
    let work = tempfile::tempdir().unwrap();
    let drafts = work.path().join("drafts");
    let run = |args: &[&str]| {
        let out =
            cargo_bin_cmd!("concord").env("NO_COLOR", "1").arg("--drafts").arg(&drafts).args(args).output().unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let oct = dir.join(OCT);
    let dec = dir.join(DEC);
    let (code, out, err) = run(&[
        "init",
        drafts.to_str().unwrap(),
        "--baseline",
        oct.to_str().unwrap(),
        "--baseline-id",
        "oct23",
        "--part",
        "1",
    ]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("2 parts: 1. A. DRAFT AGREEMENT (paragraphs 1–"), "{out}");
    assert!(out.contains("; imported part 1\n"), "{out}");
    let (code, out, err) =
        run(&["import", dec.to_str().unwrap(), "--as", "dec04", "--from", "Article 2", "--to", "Article 4"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("2 parts: 1. A. DRAFT AGREEMENT (paragraphs 1–"), "{out}");
    let revision = std::fs::read_to_string(drafts.join("revisions/dec04.yaml")).unwrap();
    assert!(!revision.contains("symbol:") && revision.contains("date: \"2015-12-04\""), "{revision}");
    let sections: std::collections::BTreeSet<&str> =
        revision.lines().filter_map(|l| l.trim().strip_prefix("section: ")).map(|s| s.trim_matches('"')).collect();
    assert!(
        sections.iter().all(|s| s.starts_with("Article 2")
            || s.starts_with("Article 3")
            || s.starts_with("[Article 3")
            || s.starts_with("Article 4")),
        "{sections:?}"
    );
    let (code, _, err) = run(&["import", dec.to_str().unwrap(), "--as", "x", "--part", "3", "--dry-run"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("--part 3: the document has 2 parts (1. A. DRAFT AGREEMENT (paragraphs 1–"), "{err}");
}

#[test]
fn without_pdftotext_the_user_is_told_how_to_install_it() {
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("draft.pdf");
    std::fs::write(&file, b"%PDF-1.4\n").unwrap();
    let out = cargo_bin_cmd!("concord")
        .env("NO_COLOR", "1")
        .env("CONCORD_PDFTOTEXT", work.path().join("no-such-program"))
        .args(["init", work.path().join("n").to_str().unwrap(), "--baseline", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr).replace(work.path().to_str().unwrap(), "TMP");
    assert_eq!(
        err,
        "error: cannot read the baseline TMP/draft.pdf: reading a PDF needs Poppler's pdftotext: CONCORD_PDFTOTEXT \
         names TMP/no-such-program, which is not a file\n  = hint: install Poppler: `apt install poppler-utils` \
         (Debian, Ubuntu), `dnf install poppler-utils` (Fedora), `brew install poppler` (macOS), `scoop install \
         poppler` or `conda install -c conda-forge poppler` (Windows); or set CONCORD_PDFTOTEXT to the pdftotext \
         program; or import the .docx instead\n"
    );
}

#[test]
fn a_damaged_or_empty_pdf_gets_a_clear_error() {
    if !poppler() {
        return;
    }
    let work = tempfile::tempdir().unwrap();
    let damaged = work.path().join("damaged.pdf");
    std::fs::write(&damaged, b"%PDF-1.4\nthis is not a PDF at all\n").unwrap();
    let err = read(&damaged).unwrap_err().to_string();
    assert!(err.starts_with("the PDF cannot be read: pdftotext says: "), "{err}");
    let blank = work.path().join("blank.pdf");
    std::fs::write(&blank, pdf(&[vec![]])).unwrap();
    assert_eq!(read(&blank).unwrap_err().to_string(), "the PDF cannot be read: it has no text, only images (a scan?)");
}
