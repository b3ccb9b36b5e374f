//! The report on a desk, on a phone and on paper (issue 19), in Chromium driven over
//! the DevTools protocol ([`super::cdp`]): at 1300 and 400 CSS pixels and in print media,
//! what can be read in the DOM is asserted (credits in the text without hovering,
//! headings by number and first words, nothing wider than a phone, chart labels of at
//! least 11 px, insertions and deletions marked by lines as well as color, filters that
//! recount totals, chart and timeline, every folded part open on paper), and screenshots
//! and the printed pages are kept in `target/tmp/report-*.png` to look at.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

use super::cdp::{Browser, Page};
use super::{chromium, report};

/// Where the pictures go, to be looked at.
fn picture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("report-{name}"))
}

/// The sample's report, opened at `width` (a phone when narrow) with `hash`.
fn open<'b>(browser: &'b mut Browser, page: &Path, width: u32, hash: &str) -> Page<'b> {
    let mut tab = browser.page(width, 900, width < 600);
    tab.open(&format!("file://{}{hash}", page.display()));
    assert_eq!(tab.eval("document.body.getAttribute('data-ready')"), "true", "the page's script ran");
    assert_eq!(tab.eval("document.body.getAttribute('data-error')"), Value::Null, "no script error");
    tab
}

/// The top of an element's box on the page, to take its picture.
fn top_of(tab: &mut Page<'_>, selector: &str) -> f64 {
    let js = format!("document.querySelector('{selector}').getBoundingClientRect().top + window.scrollY");
    tab.eval(&js).as_f64().unwrap()
}

/// What the phone shows of the layout: the page's width against the screen's, and the
/// smallest chart text as drawn (its font size times the chart's scale).
const PHONE: &str = r#"(() => {
  const svg = document.querySelector('svg.chart');
  const scale = svg.getScreenCTM().a;
  const sizes = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() !== '')
    .map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
  const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5
    && !e.closest('.scroll')).map(e => e.tagName + '.' + e.className);
  return { inner: innerWidth, scroll: document.documentElement.scrollWidth, smallest: Math.min(...sizes),
           labels: sizes.length, wide: wide.slice(0, 5),
           boxes: [...document.querySelectorAll('.scroll')].filter(b => b.scrollWidth > b.clientWidth)
             .map(b => (b.firstElementChild.className.baseVal ?? b.firstElementChild.className) + ' ' + b.scrollWidth) };
})()"#;

#[test]
fn on_a_phone_nothing_runs_off_the_screen_and_chart_labels_stay_readable() {
    let Some(binary) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = report("drafts", dir.path());
    let mut browser = Browser::start(&binary);
    let mut tab = open(&mut browser, &page, 400, "");
    let m = tab.eval(PHONE);
    assert_eq!(m["inner"], 400, "a 400 px viewport: {m}");
    assert!(m["scroll"].as_f64() <= m["inner"].as_f64(), "the page is wider than the phone: {m}");
    assert_eq!(m["wide"], json!([]), "elements past the right edge outside a scroll box: {m}");
    assert!(m["labels"].as_u64() > Some(20), "the chart has its labels: {m}");
    assert!(m["smallest"].as_f64().unwrap() >= 11.0, "chart text below 11 px on a phone: {m}");
    assert!(m["boxes"].as_array().unwrap().len() >= 2, "the wide tables scroll in their own box: {m}");
    tab.screenshot(&picture("phone-1.png"), 0.0, 1200.0);
    tab.screenshot(&picture("phone-2.png"), 1200.0, 1200.0);
    let y = top_of(&mut tab, "#element-rid-poa");
    tab.screenshot(&picture("phone-element.png"), y - 8.0, 1300.0);
    assert_eq!(tab.console(), Vec::<String>::new());

    // At a desk, the chart is drawn at its own size.
    let mut tab = open(&mut browser, &page, 1300, "");
    let m = tab.eval(PHONE);
    assert!(m["scroll"].as_f64() <= m["inner"].as_f64(), "{m}");
    assert_eq!(m["boxes"], json!([]), "nothing scrolls sideways at 1300 px: {m}");
    assert!(m["smallest"].as_f64().unwrap() >= 13.5, "{m}");
    tab.screenshot(&picture("desktop.png"), 0.0, 1500.0);
    let y = top_of(&mut tab, "#element-ilaw-ihl");
    tab.screenshot(&picture("desktop-element.png"), y - 8.0, 1100.0);
}

/// The visible text of an element (as a reader sees it: no hover, no hidden parts).
fn text_of(tab: &mut Page<'_>, selector: &str) -> String {
    tab.eval(&format!("document.querySelector('{selector}').innerText")).as_str().unwrap().to_owned()
}

#[test]
fn credits_and_headings_read_without_a_mouse() {
    let Some(binary) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = report("drafts", dir.path());
    let mut browser = Browser::start(&binary);
    for width in [1300, 400] {
        let mut tab = open(&mut browser, &page, width, "");
        // Headings: the number and the first words of the text, not the id.
        assert_eq!(
            tab.eval("document.querySelector('#element-rid-poa h3').textContent"),
            "35. States discussed proposals for future regular institutional …contested"
        );
        assert_eq!(
            tab.eval("document.querySelector('#element-threats-disinformation h3').textContent"),
            "9. States expressed concern about the use of ICTs to conduct …contested"
        );
        // Brazil's words taken up in rev2 carry a visible mark, and the key under the text names bra-1.
        let text = text_of(&mut tab, "#element-rid-poa blockquote.text");
        assert!(text.contains("consensus, be open to all States1 and should not"), "{text}");
        assert!(text.ends_with("Credits: 1\u{200A}bra-1 (BRA)"), "{text}");
        // The Chair's own changes: said once under the text.
        let text = text_of(&mut tab, "#element-threats-disinformation blockquote.text");
        assert!(text.ends_with("Credits: every change is the Chair's own"), "{text}");
        // The key to the marks is on the page, for paper too.
        let key = text_of(&mut tab, "header .key");
        assert!(key.starts_with("In the texts, inserted words are underlined and deleted words struck through."));
    }
}

/// How insertions and deletions are drawn: the line, and the words a screen reader says.
const MARKS: &str = r#"(() => {
  const style = (sel, pseudo) => getComputedStyle(document.querySelector(sel), pseudo);
  return {
    ins: style('blockquote.text ins').textDecorationLine, del: style('blockquote.text del').textDecorationLine,
    insBefore: style('blockquote.text ins', '::before').content, delBefore: style('blockquote.text del', '::before').content,
    insAfter: style('blockquote.text ins', '::after').content,
    hiddenWidth: style('blockquote.text ins', '::before').width,
  };
})()"#;

#[test]
fn insertions_and_deletions_are_marked_by_more_than_color() {
    let Some(binary) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = report("drafts", dir.path());
    let mut browser = Browser::start(&binary);
    let mut tab = open(&mut browser, &page, 1300, "");
    let expected = json!({
        "ins": "underline", "del": "line-through",
        "insBefore": "\" inserted: \"", "delBefore": "\" deleted: \"", "insAfter": "\" (end of insertion) \"",
        "hiddenWidth": "1px",
    });
    assert_eq!(tab.eval(MARKS), expected);
    // With the colors off (forced colors, as Windows' contrast themes do), the lines stay.
    tab.media_features(&[("forced-colors", "active")]);
    assert_eq!(tab.eval(MARKS), expected);
    let y = top_of(&mut tab, "#element-threats-disinformation");
    tab.screenshot(&picture("forced-colors.png"), y - 8.0, 700.0);
}

/// Figures a filter recounts: the tiles, the chart's bars and the timeline, per revision.
const FIGURES: &str = r#"(() => {
  const n = t => Number(t.textContent);
  const tiles = {};
  document.querySelectorAll('.tile[data-status]').forEach(t => { tiles[t.dataset.status] = n(t.querySelector('b')); });
  const bars = [...document.querySelectorAll('table.timeline tbody tr')].map((_, r) =>
    [...document.querySelectorAll(`svg.chart rect[data-r="${r}"]`)].reduce((s, rect) => s + Number(rect.dataset.count), 0));
  const timeline = [...document.querySelectorAll('table.timeline tbody tr')].map(row =>
    [...row.querySelectorAll('td[data-col]')].map(n));
  const marks = [...document.querySelectorAll('svg.chart text.marks')].map(n);
  const sections = [...document.querySelectorAll('table.sections tr[data-section]')].filter(r => !r.hidden)
    .map(r => r.dataset.section + ' ' + r.querySelector('td[data-s="total"]').textContent);
  const headings = [...document.querySelectorAll('section.elements:not([hidden]) h2')].map(h => h.textContent);
  return { tiles, bars, timeline, marks, sections, headings, path: document.getElementById('path').innerText,
           max: n(document.getElementById('chart-max')), scope: document.getElementById('scope').innerText };
})()"#;

#[test]
fn filters_recount_the_totals_the_chart_and_the_timeline() {
    let Some(binary) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = report("drafts", dir.path());
    let mut browser = Browser::start(&binary);
    let mut tab = open(&mut browser, &page, 1300, "");
    let all = tab.eval(FIGURES);
    assert_eq!(all["bars"], json!([29 + 5, 37, 38, 38]), "{all}");
    assert_eq!(all["timeline"][3], json!([5, 1, 12, 10, 4, 4, 2, 2, 2, 2, 8]), "{all}");
    assert_eq!(all["scope"], "");

    // International law: its 7 elements, in the tiles, the last bar and the sections table.
    drop(tab);
    let mut tab = open(&mut browser, &page, 1300, "#section=International+law");
    let f = tab.eval(FIGURES);
    assert_eq!(
        f["tiles"],
        json!({"contested": 2, "under_negotiation": 0, "converging": 3, "stable": 2, "agreed": 0, "new": 0, "dropped": 0})
    );
    assert_eq!(f["sections"], json!(["International law 7"]));
    assert_eq!(
        f["headings"],
        json!(["Contested elements (2)", "Converging elements (3)", "Stable elements (2)"]),
        "the headings count what is shown"
    );
    assert_eq!(
        f["path"],
        "From the baseline: 0 elements carried over unchanged, 7 changed, 0 new, 0 dropped (7 in all)."
    );
    assert_eq!(f["max"], 7, "the bars' scale is the filtered elements'");
    // The history of those 7, checked by hand against drafts/: the baseline's 6 International
    // law paragraphs (ilaw-exchange-views is split in two in rev1); brackets in zero-draft on
    // ilaw-ihl (1) and ilaw-binding-instrument (2), then 1 in ilaw-binding-instrument; 4, 2
    // and 4 amendments filed on those paragraphs in zero-draft, rev1 and rev2.
    assert_eq!(f["bars"], json!([6, 6, 7, 7]), "{f}");
    assert_eq!(f["marks"], json!([0, 3, 1, 1]), "{f}");
    assert_eq!(
        f["timeline"],
        json!([
            [2, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0],
            [2, 2, 2, 0, 0, 0, 0, 3, 3, 2, 4],
            [2, 1, 4, 0, 0, 0, 0, 1, 1, 1, 2],
            [2, 0, 3, 2, 0, 0, 0, 1, 1, 1, 4]
        ]),
        "{f}"
    );
    assert!(f["scope"].as_str().unwrap().starts_with("Filtered (section International law): 7 of 38 elements."), "{f}");
    tab.screenshot(&picture("desktop-filtered.png"), 0.0, 1500.0);

    // Mexico: the one element it takes a position on.
    drop(tab);
    let mut tab = open(&mut browser, &page, 1300, "#delegation=MEX");
    let f = tab.eval(FIGURES);
    assert_eq!(f["tiles"]["contested"], 1);
    assert_eq!(f["bars"][3], 1);

    // Back to everything: the figures concord wrote.
    tab.eval("document.getElementById('filter-reset').click()");
    assert_eq!(tab.eval(FIGURES), all);
}

#[test]
fn on_paper_everything_folded_is_open() {
    let Some(binary) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = report("drafts", dir.path());
    let mut browser = Browser::start(&binary);
    let mut tab = open(&mut browser, &page, 1300, "");
    let folded = "[...document.querySelectorAll('details')].filter(d => [...d.children]\
                  .some(c => c.tagName !== 'SUMMARY' && !c.checkVisibility())).length";
    let details = tab.eval("document.querySelectorAll('details').length").as_u64().unwrap();
    assert!(details > 30, "the sample has folded parts: {details}");
    assert_eq!(tab.eval(folded), json!(details), "on screen they are folded");
    tab.media("print");
    assert_eq!(tab.eval(folded), 0, "in print media every folded part shows");
    tab.media("");
    let pdf = picture("print.pdf");
    tab.pdf(&pdf);

    let Some(text) = poppler("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]) else { return };
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        // An amendment in the history of a contested element, folded on screen.
        "lmg-4 rev2 LMG delete “Many States noted",
        // Agreed language, folded on screen.
        "repeats threats-military (9), exactly",
        // The text of an agreed element, folded on screen.
        "Credits: 1 ind-1 (IND)",
    ] {
        assert!(text.contains(expected), "missing from the printed report: {expected:?}\n{text}");
    }
    assert!(!text.contains("Show all"), "no filters on paper");
    let prefix = picture("print");
    poppler("pdftoppm", &["-png", "-r", "75", pdf.to_str().unwrap(), prefix.to_str().unwrap()]);
    poppler(
        "pdftoppm",
        &[
            "-png",
            "-gray",
            "-r",
            "90",
            "-f",
            "2",
            "-l",
            "2",
            pdf.to_str().unwrap(),
            &format!("{}-gray", prefix.display()),
        ],
    );
}

/// Runs a Poppler tool; `None` (skipped, with a message) when Poppler is not installed,
/// unless the browser is required, which requires Poppler too.
fn poppler(tool: &str, args: &[&str]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(out) => {
            assert!(out.status.success(), "{tool} failed: {}", String::from_utf8_lossy(&out.stderr));
            Some(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Err(_) => {
            let required = std::env::var("CONCORD_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
            assert!(!required, "{tool} not found: install poppler-utils");
            eprintln!("skipped: {tool} not found (poppler-utils)");
            None
        }
    }
}
