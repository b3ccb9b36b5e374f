//! `concord export`: Word documents whose tracked changes accept to the newer revision
//! and reject to the older one, credited to the right delegations; Markdown and text as
//! a reader sees them; LibreOffice opening the result.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;
use concord::attribution::analyze;
use concord::draft::{Revision, load};
use concord::import::docx::{View, paragraphs};
use concord::render::docx;
use concord::text::Tokenized;

fn drafts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("drafts")
}

fn minimal() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal")
}

fn tokens(text: &str) -> Vec<String> {
    Tokenized::new(text).tokens().map(str::to_owned).collect()
}

/// The paragraphs of a revision as a reader of the exported document sees them: title,
/// symbol, date as the UN writes it, a heading wherever the section changes, then
/// "7. text".
fn expected(rev: &Revision) -> Vec<Vec<String>> {
    let mut out = header(rev);
    out.extend(body(rev, true));
    out
}

/// Title, symbol and date lines.
fn header(rev: &Revision) -> Vec<Vec<String>> {
    let mut out = vec![tokens(&rev.title)];
    out.extend(rev.symbol.iter().map(|s| tokens(s)));
    out.extend(rev.date.iter().map(|d| tokens(&docx::layout::un_date(d))));
    out
}

/// What rejecting every change gives: the older revision's words, under the newer one's
/// title, symbol and date; numbers are left out, since a paragraph of both revisions
/// keeps its new number.
fn rejected_expected(old: &Revision, new: &Revision) -> Vec<Vec<String>> {
    let mut out = header(new);
    out.extend(body(old, false));
    out
}

/// Headings and paragraphs, with their numbers or without.
fn body(rev: &Revision, numbers: bool) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut section = None;
    for p in &rev.paragraphs {
        if section != Some(&p.section) {
            section = Some(&p.section);
            if !p.section.is_empty() {
                out.push(tokens(&p.section));
            }
        }
        let number = if p.number.is_empty() || !numbers { String::new() } else { format!("{}. ", p.number) };
        out.push(tokens(&format!("{number}{}", p.text.text)));
    }
    out
}

/// A view of a .docx whose paragraphs after the first `header` lose their number (the
/// label before the first tab).
fn view_without_numbers(bytes: &[u8], view: View, header: usize) -> Vec<Vec<String>> {
    paragraphs(bytes, view)
        .unwrap()
        .iter()
        .map(|p| p.text.as_str())
        .filter(|t| !tokens(t).is_empty())
        .enumerate()
        .map(|(k, t)| match t.split_once('\t') {
            Some((_, rest)) if k >= header => tokens(rest),
            _ => tokens(t),
        })
        .collect()
}

/// A view of a .docx, paragraph by paragraph, as tokens (empty paragraphs dropped).
fn view(bytes: &[u8], view: View) -> Vec<Vec<String>> {
    paragraphs(bytes, view).unwrap().iter().map(|p| tokens(&p.text)).filter(|t| !t.is_empty()).collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn first_difference(got: &[Vec<String>], want: &[Vec<String>]) -> String {
    for (k, (g, w)) in got.iter().zip(want).enumerate() {
        if g != w {
            return format!("paragraph {k}:\n got: {}\nwant: {}", g.join(" "), w.join(" "));
        }
    }
    format!("{} paragraphs, expected {}", got.len(), want.len())
}

#[test]
fn accepting_gives_the_newer_revision_and_rejecting_the_older_words_for_every_pair_of_the_sample() {
    let n = load(&drafts()).unwrap().negotiation;
    let analysis = analyze(&n);
    let last = n.revisions.len() - 1;
    let mut pairs: Vec<(usize, usize)> = (0..last).map(|k| (k, k + 1)).collect();
    pairs.push((1, last));
    pairs.push((0, last));
    for (from, to) in pairs {
        let diff = analysis.diff(from, to);
        let bytes = docx::tracked(&n, &diff, &analysis.amendments);
        let (old, new) = (&n.revisions[from], &n.revisions[to]);
        let accepted = view(&bytes, View::Accepted);
        assert!(
            accepted == expected(new),
            "{} -> {}, accepted: {}",
            old.id,
            new.id,
            first_difference(&accepted, &expected(new))
        );
        let rejected = view_without_numbers(&bytes, View::Rejected, header(new).len());
        let want = rejected_expected(old, new);
        assert!(rejected == want, "{} -> {}, rejected: {}", old.id, new.id, first_difference(&rejected, &want));
    }
}

#[test]
fn a_plain_export_reads_as_the_revision() {
    let n = load(&drafts()).unwrap().negotiation;
    for rev in &n.revisions {
        let bytes = docx::revision(rev);
        assert_eq!(view(&bytes, View::Accepted), expected(rev), "{}", rev.id);
        assert!(!part(&bytes, "word/document.xml").contains("<w:ins "), "no tracked changes in a plain export");
    }
}

#[test]
fn changes_are_credited_to_the_proposers_and_commented() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r2.docx");
    cargo_bin_cmd!("concord")
        .args(["--drafts", minimal().to_str().unwrap(), "export", "r2", "--since", "r1", "-o", out.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicates::str::contains("wrote"));
    let bytes = std::fs::read(&out).unwrap();
    let document = part(&bytes, "word/document.xml");
    // "fully" is NLD's insertion, "voluntary" -> "agreed" LMG's replacement, dated by their files.
    assert!(document.contains(r#"<w:ins w:id="3" w:author="NLD" w:date="2022-02-02T00:00:00Z"><w:r><w:t xml:space="preserve"> fully</w:t>"#), "{document}");
    assert!(document.contains(r#"w:author="LMG" w:date="2022-02-01T00:00:00Z"><w:r><w:delText xml:space="preserve"> voluntary</w:delText>"#), "{document}");
    // "in good faith" is the Chair's, dated by the revision.
    assert!(
        document.contains(
            r#"w:author="Chair" w:date="2022-03-01T00:00:00Z"><w:r><w:t xml:space="preserve"> in good faith</w:t>"#
        ),
        "{document}"
    );
    let comments = part(&bytes, "word/comments.xml");
    let texts: Vec<&str> =
        comments.split("<w:t xml:space=\"preserve\">").skip(1).map(|s| s.split('<').next().unwrap()).collect();
    assert_eq!(
        texts,
        [
            // A State speaking for itself: no "On behalf of" line.
            "Amendment nld-1 by NLD (Netherlands): taken up as proposed; outcome adopted.",
            "Amendment lmg-1 by LMG (Like-Minded Group): taken up as proposed; outcome adopted.",
            "On behalf of: CUB, IRN.",
            "Supported by: BRA.",
            "Opposed by: NLD.",
        ]
    );
    assert_eq!(document.matches("<w:commentRangeStart").count(), document.matches("<w:commentReference").count());
}

/// Two revisions: the second inserts a paragraph after the first (so the later ones
/// are renumbered), takes up China's rewording of paragraph 2 (two changes, one
/// amendment), and has a new title, symbol and date. The new paragraph is Brazil's,
/// speaking for Brazil and Mexico.
fn renumbered_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for d in ["revisions", "amendments/r1"] {
        std::fs::create_dir_all(root.join(d)).unwrap();
    }
    let files = [
        ("negotiation.yaml", "title: T\nbaseline: r1\nrevisions: [r1, r2]\n"),
        (
            "delegations.yaml",
            "delegations:\n  - code: CHN\n    name: China\n  - code: BRA\n    name: Brazil\n  - code: MEX\n    name: Mexico\n",
        ),
        (
            "revisions/r1.yaml",
            "id: r1\ntitle: Zero draft\nsymbol: WG/2022/CRP.1\ndate: 2022-06-03\nstate: open\nparagraphs:\n  - id: intro\n    number: \"1\"\n    text: States met three times.\n  - id: threats\n    number: \"2\"\n    text: States noted with concern the rise of ransomware attacks on hospitals.\n  - id: law\n    number: \"3\"\n    text: States agreed that international law applies.\n",
        ),
        (
            "revisions/r2.yaml",
            "id: r2\ntitle: Draft report, Rev.1\nsymbol: WG/2022/CRP.1/Rev.1\ndate: 2022-07-25\nparagraphs:\n  - id: intro\n    number: \"1\"\n    text: States met three times.\n  - id: capacity\n    number: \"2\"\n    text: States stressed that capacity-building should be demand-driven.\n  - id: threats\n    number: \"3\"\n    text: States noted with grave concern the rise of ransomware attacks on hospitals and clinics.\n  - id: law\n    number: \"4\"\n    text: States agreed that international law applies.\n",
        ),
        (
            "amendments/r1/chn.yaml",
            "by: CHN\ndate: 2022-06-20\namendments:\n  - id: chn-1\n    element: threats\n    text: States noted with grave concern the rise of ransomware attacks on hospitals and clinics.\n    supported_by: [MEX]\n",
        ),
        (
            "amendments/r1/bra-mex.yaml",
            "by: BRA\non_behalf_of: [BRA, MEX]\ndate: 2022-06-21\namendments:\n  - id: bra-mex-1\n    element: capacity\n    add: States stressed that capacity-building should be demand-driven.\n    after_element: intro\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(root.join(name), text).unwrap();
    }
    dir
}

#[test]
fn only_the_words_are_tracked_and_each_amendment_has_one_comment() {
    let dir = renumbered_folder();
    let out = dir.path().join("r2.docx");
    cargo_bin_cmd!("concord")
        .args(["--drafts", dir.path().to_str().unwrap(), "export", "r2", "--since", "r1", "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    // With every change shown: the new title, symbol and date alone (the date as the UN
    // writes it); the inserted paragraph with its number; after it, the new numbers only.
    let shown: Vec<String> = paragraphs(&bytes, View::Shown).unwrap().into_iter().map(|p| p.text).collect();
    assert_eq!(
        shown,
        [
            "Draft report, Rev.1",
            "WG/2022/CRP.1/Rev.1",
            "25 July 2022",
            "1.\tStates met three times.",
            "2.\tStates stressed that capacity-building should be demand-driven.",
            "3.\tStates noted with grave concern the rise of ransomware attacks on hospitals and clinics.",
            "4.\tStates agreed that international law applies.",
        ]
    );
    let document = part(&bytes, "word/document.xml");
    let inserted: Vec<&str> = document
        .split("<w:ins ")
        .skip(1)
        .filter_map(|piece| piece.split("<w:t xml:space=\"preserve\">").nth(1))
        .map(|t| t.split('<').next().unwrap())
        .collect();
    assert_eq!(
        inserted,
        ["2.", "States stressed that capacity-building should be demand-driven.", " grave", " and clinics"],
        "only the new paragraph (with its number) and China's words are insertions"
    );
    assert!(!document.contains("<w:del "), "nothing was deleted: {document}");
    // One comment per amendment: China's covers both of its changes.
    let comments = part(&bytes, "word/comments.xml");
    let texts: Vec<&str> =
        comments.split("<w:t xml:space=\"preserve\">").skip(1).map(|s| s.split('<').next().unwrap()).collect();
    assert_eq!(
        texts,
        [
            "Amendment bra-mex-1 by BRA (Brazil): taken up as proposed; outcome adopted.",
            "On behalf of: BRA, MEX.",
            "Amendment chn-1 by CHN (China): taken up as proposed; outcome adopted.",
            "Supported by: MEX.",
        ]
    );
    assert_eq!(document.matches("<w:commentRangeStart").count(), 2);
    let chn = document.find("<w:commentRangeStart w:id=\"1\"/>").unwrap();
    let chn_end = document.find("<w:commentRangeEnd w:id=\"1\"/>").unwrap();
    let covered = &document[chn..chn_end];
    assert!(covered.contains(" grave") && covered.contains(" and clinics"), "{covered}");
}

#[test]
fn the_same_drafts_give_the_same_bytes() {
    let n = load(&minimal()).unwrap().negotiation;
    let analysis = analyze(&n);
    let a = docx::tracked(&n, &analysis.diff(0, 2), &analysis.amendments);
    let b = docx::tracked(&n, &analysis.diff(0, 2), &analysis.amendments);
    assert_eq!(a, b);
}

/// A one-revision negotiation folder with the given paragraph texts.
fn folder_with(texts: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir(root.join("revisions")).unwrap();
    std::fs::write(root.join("negotiation.yaml"), "title: T\nbaseline: r0\nrevisions: [r0]\n").unwrap();
    std::fs::write(root.join("delegations.yaml"), "delegations:\n  - code: EGY\n    name: Egypt\n").unwrap();
    let mut yaml = String::from("id: r0\ntitle: \"Draft & <report>\"\nparagraphs:\n");
    for (k, t) in texts.iter().enumerate() {
        yaml.push_str(&format!("  - id: p{k}\n    number: \"{}\"\n    text: \"{}\"\n", k + 1, t));
    }
    std::fs::write(root.join("revisions/r0.yaml"), yaml).unwrap();
    dir
}

#[test]
fn arabic_paragraphs_run_right_to_left_and_text_is_escaped() {
    let dir = folder_with(&["تؤكد الدول التزامها بالقانون الدولي", "States & <others> \\u0001agree"]);
    let out = dir.path().join("out.docx");
    cargo_bin_cmd!("concord")
        .args(["--drafts", dir.path().to_str().unwrap(), "export", "-o", out.to_str().unwrap()])
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    let document = part(&bytes, "word/document.xml");
    assert!(document.contains("<w:bidi/>"), "{document}");
    assert!(
        document.contains(r#"<w:rPr><w:rtl/><w:lang w:bidi="ar-SA"/></w:rPr><w:t xml:space="preserve">تؤكد"#),
        "{document}"
    );
    assert!(
        document.contains("States &amp; &lt;others&gt; agree"),
        "control character dropped, markup escaped: {document}"
    );
    let text: Vec<String> = paragraphs(&bytes, View::Accepted).unwrap().into_iter().map(|p| p.text).collect();
    assert_eq!(text, ["Draft & <report>", "1.\tتؤكد الدول التزامها بالقانون الدولي", "2.\tStates & <others> agree"]);
}

#[test]
fn markdown_and_text_exports_read_as_printed() {
    let md = cargo_bin_cmd!("concord")
        .args(["--drafts", minimal().to_str().unwrap(), "export", "r2", "--format", "md"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!(String::from_utf8(md).unwrap(), @r"
    # Rev.1

    2022-03-01

    ## Introduction

    1. States met in good faith to discuss the security of information technologies.

    ## Norms

    2. States should fully respect the agreed norms of responsible State behaviour.
    ");
    let txt = cargo_bin_cmd!("concord")
        .args(["--drafts", minimal().to_str().unwrap(), "export", "r2", "--format", "txt"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    insta::assert_snapshot!(String::from_utf8(txt).unwrap(), @r"
    Rev.1
    =====
    2022-03-01

    Introduction
    ------------

    1. States met in good faith to discuss the security of information technologies.

    Norms
    -----

    2. States should fully respect the agreed norms of responsible State behaviour.
    ");
}

#[test]
fn usage_errors_say_what_to_do() {
    let drafts = minimal();
    let run = |args: &[&str]| {
        let out =
            cargo_bin_cmd!("concord").arg("--drafts").arg(&drafts).args(args).assert().failure().get_output().clone();
        assert_eq!(out.status.code(), Some(1));
        String::from_utf8(out.stderr).unwrap()
    };
    assert_eq!(
        run(&["export", "r2", "--since", "r1", "--format", "md"]),
        "error: --since needs --format docx: tracked changes exist only in Word documents\n  = hint: for the changes as text, use `concord diff FROM REVISION --format md`\n"
    );
    assert_eq!(
        run(&["export", "r1", "--since", "r2", "-o", "x.docx"]),
        "error: `r2` is not older than `r1`\n  = hint: --since names an earlier revision, e.g. `concord export r1 --since r0`\n"
    );
    assert_eq!(
        run(&["export", "r2", "--format", "docx"]),
        "error: a Word document cannot be printed to the terminal\n  = hint: give -o FILE.docx\n"
    );
    assert_eq!(
        run(&["export", "r2", "-o", "out.pdf"]),
        "error: cannot tell the format of out.pdf from its extension\n  = hint: name the file .docx, .md or .txt, or give --format\n"
    );
}

#[test]
fn never_overwrites_a_file_of_the_negotiation_without_force() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&minimal(), dir.path());
    let target = dir.path().join("revisions/r1.yaml");
    let before = std::fs::read(&target).unwrap();
    cargo_bin_cmd!("concord")
        .args(["--drafts", dir.path().to_str().unwrap(), "export", "r2", "--format", "txt", "-o"])
        .arg(&target)
        .assert()
        .failure()
        .stderr(predicates::str::contains("does not overwrite it without --force"));
    assert_eq!(std::fs::read(&target).unwrap(), before);
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

/// The LibreOffice binary, if installed.
fn soffice() -> Option<&'static str> {
    ["soffice", "libreoffice"]
        .into_iter()
        .find(|b| Command::new(b).arg("--version").output().is_ok_and(|o| o.status.success()))
}

/// LibreOffice converts the tracked-changes document of the sample without complaint, and
/// its text is the newer revision. Runs when LibreOffice is installed; with
/// CONCORD_REQUIRE_LIBREOFFICE=1 (as CI sets) a missing LibreOffice is a failure.
#[test]
fn libreoffice_opens_the_tracked_document() {
    let Some(soffice) = soffice() else {
        assert!(
            std::env::var("CONCORD_REQUIRE_LIBREOFFICE").as_deref() != Ok("1"),
            "CONCORD_REQUIRE_LIBREOFFICE=1 but neither soffice nor libreoffice is on PATH (apt-get install libreoffice-writer)"
        );
        eprintln!("skipped: LibreOffice is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("tracked.docx");
    cargo_bin_cmd!("concord")
        .args(["--drafts", drafts().to_str().unwrap(), "export", "rev2", "--since", "rev1", "-o"])
        .arg(&docx)
        .assert()
        .success();
    let profile = format!("-env:UserInstallation=file://{}", dir.path().join("profile").display());
    for target in ["pdf", "txt:Text"] {
        let out = Command::new(soffice)
            .args([profile.as_str(), "--headless", "--norestore", "--convert-to", target, "--outdir"])
            .arg(dir.path())
            .arg(&docx)
            .output()
            .unwrap();
        assert!(out.status.success(), "{target}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let pdf = std::fs::read(dir.path().join("tracked.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF") && pdf.len() > 10_000, "a real PDF");
    // LibreOffice's text export shows every change: deleted words stay, next to the
    // inserted ones. It must match the document's all-changes-shown view, paragraph by
    // paragraph, so LibreOffice read every run and paragraph mark as concord wrote them.
    let text = std::fs::read_to_string(dir.path().join("tracked.txt")).unwrap();
    let got: Vec<Vec<String>> =
        text.trim_start_matches('\u{feff}').lines().map(tokens).filter(|t| !t.is_empty()).collect();
    let want = view(&std::fs::read(&docx).unwrap(), View::Shown);
    assert!(got == want, "LibreOffice's text is the document's: {}", first_difference(&got, &want));

    // A draft that inserts a paragraph: LibreOffice shows the later paragraphs with their
    // new numbers only, the header once, and one comment per amendment.
    let folder = renumbered_folder();
    let docx = dir.path().join("renumbered.docx");
    cargo_bin_cmd!("concord")
        .args(["--drafts", folder.path().to_str().unwrap(), "export", "r2", "--since", "r1", "-o"])
        .arg(&docx)
        .assert()
        .success();
    for target in ["txt:Text", "odt"] {
        let out = Command::new(soffice)
            .args([profile.as_str(), "--headless", "--norestore", "--convert-to", target, "--outdir"])
            .arg(dir.path())
            .arg(&docx)
            .output()
            .unwrap();
        assert!(out.status.success(), "{target}: {}", String::from_utf8_lossy(&out.stderr));
    }
    let text = std::fs::read_to_string(dir.path().join("renumbered.txt")).unwrap();
    let lines: Vec<&str> = text.trim_start_matches('\u{feff}').lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines,
        [
            "Draft report, Rev.1",
            "WG/2022/CRP.1/Rev.1",
            "25 July 2022",
            "1.\tStates met three times.",
            "2.\tStates stressed that capacity-building should be demand-driven.",
            "3.\tStates noted with grave concern the rise of ransomware attacks on hospitals and clinics.",
            "4.\tStates agreed that international law applies.",
        ]
    );
    let odt = std::fs::read(dir.path().join("renumbered.odt")).unwrap();
    let content = part(&odt, "content.xml");
    assert_eq!(content.matches("<office:annotation ").count(), 2, "one comment per amendment: {content}");
}

// ---- Accept and reject on generated negotiations -------------------------------------

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const VOCAB: [&str; 12] =
    ["States", "should", "cooperate", "norms", "the", "and", "[binding]", "الدول", "الأمن", "信", ",", "."];
const SECTIONS: [&str; 3] = ["", "Threats", "Norms"];

/// A paragraph of a generated revision.
#[derive(Clone)]
struct Gen {
    id: String,
    number: String,
    section: String,
    from: Vec<String>,
    words: Vec<&'static str>,
}

fn words(rng: &mut Rng, n: usize) -> Vec<&'static str> {
    (0..n).map(|_| VOCAB[rng.below(VOCAB.len())]).collect()
}

/// The next revision: paragraphs kept (some edited), removed, split, merged with the
/// next, added, two swapped, sections and numbers changed.
fn next_revision(old: &[Gen], rng: &mut Rng, fresh: &mut usize) -> Vec<Gen> {
    let mut out: Vec<Gen> = Vec::new();
    let mut k = 0;
    let new_id = |fresh: &mut usize| {
        *fresh += 1;
        format!("n{fresh}")
    };
    while k < old.len() {
        let p = &old[k];
        let mut kept = Gen { from: vec![], ..p.clone() };
        match rng.below(7) {
            0 => {}
            1 if p.words.len() >= 2 => {
                let cut = 1 + rng.below(p.words.len() - 1);
                let second =
                    Gen { id: new_id(fresh), from: vec![p.id.clone()], words: p.words[cut..].to_vec(), ..p.clone() };
                kept.from = vec![p.id.clone()];
                kept.words.truncate(cut);
                out.push(kept);
                out.push(second);
            }
            2 if k + 1 < old.len() => {
                kept.from = vec![p.id.clone(), old[k + 1].id.clone()];
                kept.words.extend(old[k + 1].words.iter().copied());
                out.push(kept);
                k += 1;
            }
            _ => {
                for _ in 0..rng.below(3) {
                    let at = rng.below(kept.words.len() + 1);
                    match rng.below(3) {
                        0 if kept.words.len() > 1 && at < kept.words.len() => {
                            kept.words.remove(at);
                        }
                        1 if at < kept.words.len() => kept.words[at] = VOCAB[rng.below(VOCAB.len())],
                        _ => kept.words.insert(at, VOCAB[rng.below(VOCAB.len())]),
                    }
                }
                out.push(kept);
            }
        }
        if rng.below(5) == 0 {
            let n = 1 + rng.below(6);
            out.push(Gen {
                id: new_id(fresh),
                number: String::new(),
                section: p.section.clone(),
                from: vec![],
                words: words(rng, n),
            });
        }
        k += 1;
    }
    if out.is_empty() {
        out.push(Gen {
            id: new_id(fresh),
            number: String::new(),
            section: String::new(),
            from: vec![],
            words: words(rng, 3),
        });
    }
    if out.len() > 2 && rng.below(2) == 0 {
        let (a, b) = (rng.below(out.len()), rng.below(out.len()));
        out.swap(a, b);
    }
    for (k, p) in out.iter_mut().enumerate() {
        if rng.below(6) == 0 {
            p.section = SECTIONS[rng.below(SECTIONS.len())].to_owned();
        }
        p.number = match rng.below(8) {
            0 => String::new(),
            1 => format!("{k} bis"),
            _ => (k + 1).to_string(),
        };
    }
    out
}

fn write_revision(root: &Path, id: &str, paragraphs: &[Gen]) {
    let mut yaml = format!("id: {id}\ntitle: \"Draft {id}\"\ndate: 2022-0{}-01\nparagraphs:\n", 1 + id.len() % 8);
    for p in paragraphs {
        yaml.push_str(&format!("  - id: {}\n    number: \"{}\"\n    section: \"{}\"\n", p.id, p.number, p.section));
        if !p.from.is_empty() {
            yaml.push_str(&format!("    from: [{}]\n", p.from.join(", ")));
        }
        yaml.push_str(&format!("    text: \"{}\"\n", p.words.join(" ")));
    }
    std::fs::write(root.join("revisions").join(format!("{id}.yaml")), yaml).unwrap();
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..proptest::prelude::ProptestConfig::default() })]

    /// On any three generated revisions (edits, splits, merges, moves, additions,
    /// removals, renumbering, section changes), every tracked document accepts to its
    /// newer revision and rejects to the older one's words.
    #[test]
    fn accept_and_reject_hold_on_generated_negotiations(seed in proptest::prelude::any::<u64>()) {
        let mut rng = Rng(seed | 1);
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir(root.join("revisions")).unwrap();
        std::fs::write(root.join("negotiation.yaml"), "title: T\nbaseline: r0\nrevisions: [r0, r1, r2]\n").unwrap();
        std::fs::write(root.join("delegations.yaml"), "delegations: []\n").unwrap();
        let n0 = 1 + rng.below(7);
        let r0: Vec<Gen> = (0..n0)
            .map(|k| {
                let len = 1 + rng.below(9);
                Gen {
                    id: format!("p{k}"),
                    number: (k + 1).to_string(),
                    section: SECTIONS[rng.below(SECTIONS.len())].to_owned(),
                    from: vec![],
                    words: words(&mut rng, len),
                }
            })
            .collect();
        let mut fresh = 0;
        let r1 = next_revision(&r0, &mut rng, &mut fresh);
        let r2 = next_revision(&r1, &mut rng, &mut fresh);
        for (id, ps) in [("r0", &r0), ("r1", &r1), ("r2", &r2)] {
            write_revision(root, id, ps);
        }
        let n = load(root).map_err(|d| proptest::test_runner::TestCaseError::fail(d.to_string()))?.negotiation;
        let analysis = analyze(&n);
        for (from, to) in [(0, 1), (1, 2), (0, 2)] {
            let bytes = docx::tracked(&n, &analysis.diff(from, to), &analysis.amendments);
            let (newer, older) = (&n.revisions[to], &n.revisions[from]);
            let (accepted, rejected) = (view(&bytes, View::Accepted), view_without_numbers(&bytes, View::Rejected, header(newer).len()));
            let (new, old) = (expected(newer), rejected_expected(older, newer));
            proptest::prop_assert!(accepted == new, "{from}->{to} accepted: {}", first_difference(&accepted, &new));
            proptest::prop_assert!(rejected == old, "{from}->{to} rejected: {}", first_difference(&rejected, &old));
        }
    }
}
