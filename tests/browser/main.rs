//! The HTML report in a real browser: headless Chromium (Debian's `chromium` package)
//! loads the page, the page's script runs, and the tests read the rendered DOM: no
//! console message and no script error, the filters in the URL hash leave only the
//! matching elements visible, and text with markup stays text. [`layout`] drives the
//! browser over the DevTools protocol ([`cdp`]) for the report at 1300 and 400 px and on
//! paper, with screenshots kept in `target/tmp/report-*.png` to look at.
//!
//! Without a browser the tests are skipped, unless `CONCORD_REQUIRE_BROWSER=1` (set by
//! CI), which makes a missing browser a failure. `CHROMIUM` names the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;

mod cdp;
mod layout;

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/browser/chromium.sh");

/// The browser to use, if any; panics when one is required and missing.
fn chromium() -> Option<PathBuf> {
    let required = std::env::var("CONCORD_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
    let found = std::env::var_os("CHROMIUM").map(PathBuf::from).filter(|p| p.exists()).or_else(|| {
        let path = std::env::var_os("PATH")?;
        std::env::split_paths(&path)
            .flat_map(|dir| ["chromium", "chromium-browser", "google-chrome"].map(|name| dir.join(name)))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            !required,
            "CONCORD_REQUIRE_BROWSER=1 but no Chromium was found: install it (apt-get install -y chromium) \
             or set CHROMIUM to the browser"
        );
        eprintln!("skipped: no Chromium on PATH (CONCORD_REQUIRE_BROWSER=1 makes this a failure)");
    }
    found
}

/// Writes the HTML report of `drafts` into `dir` and returns its path.
fn report(drafts: &str, dir: &Path) -> PathBuf {
    let path = dir.join("report.html");
    cargo_bin_cmd!("concord")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("CONCORD_QUIET", "1")
        .args(["--drafts", drafts, "report", "-o"])
        .arg(&path)
        .assert()
        .success();
    path
}

/// The page after its script ran: (DOM, browser log).
fn dump_dom(browser: &Path, page: &Path, hash: &str) -> (String, String) {
    let url = format!("file://{}{hash}", page.display());
    let out = Command::new("sh").arg(SCRIPT).args(["dump-dom", &url]).env("CHROMIUM", browser).output().unwrap();
    let log = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "chromium failed on {url}:\n{log}");
    (String::from_utf8(out.stdout).unwrap(), log)
}

/// One start tag's attributes, as serialized by Chromium (`name="value"`, `hidden=""`).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag.trim_start_matches('<').trim_end_matches('>');
    rest = rest.split_once(' ').map_or("", |(_, attrs)| attrs);
    while let Some((name, after)) = rest.split_once("=\"") {
        let (value, next) = after.split_once('"').unwrap_or((after, ""));
        out.push((name.trim().to_owned(), value.to_owned()));
        rest = next;
    }
    out
}

/// Ids of the element articles the filters leave visible, in document order.
fn visible_elements(dom: &str) -> Vec<String> {
    dom.match_indices("<article ")
        .filter_map(|(at, _)| {
            let tag = &dom[at..at + dom[at..].find('>').unwrap() + 1];
            let attrs = attributes(tag);
            if attrs.iter().any(|(name, _)| name == "hidden") {
                return None;
            }
            attrs.into_iter().find(|(name, _)| name == "id").map(|(_, id)| id.trim_start_matches("element-").to_owned())
        })
        .collect()
}

/// Checks what every load must show: the script ran, without errors or console output.
fn assert_clean(dom: &str, log: &str) {
    assert!(
        dom.contains("<body data-ready=\"true\""),
        "the page's script did not run:\n{}",
        &dom[..dom.len().min(400)]
    );
    assert!(!dom.contains("data-error="), "script error reported by the page");
    let console: Vec<&str> = log.lines().filter(|l| l.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages:\n{}", console.join("\n"));
}

/// The "N of M elements shown" line.
fn shown(dom: &str) -> &str {
    let start = dom.find("<output id=\"shown\">").expect("the count of shown elements") + "<output id=\"shown\">".len();
    &dom[start..start + dom[start..].find('<').unwrap()]
}

#[test]
fn sample_report_loads_cleanly_and_its_filters_work() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = report("drafts", dir.path());

    let (dom, log) = dump_dom(&browser, &page, "");
    assert_clean(&dom, &log);
    assert_eq!(visible_elements(&dom).len(), 38);
    assert_eq!(shown(&dom), "38 of 38 elements shown");
    assert!(dom.contains("<svg class=\"chart\""));

    let (dom, log) = dump_dom(&browser, &page, "#status=contested");
    assert_clean(&dom, &log);
    assert_eq!(
        visible_elements(&dom),
        ["threats-disinformation", "ilaw-ihl", "ilaw-binding-instrument", "norms-additional", "rid-poa"]
    );
    assert_eq!(shown(&dom), "5 of 38 elements shown");
    // Sections left empty by the filter are hidden too.
    assert!(dom.contains("<section class=\"elements\" id=\"agreed\" hidden=\"\">"), "empty sections hide");

    let (dom, log) = dump_dom(&browser, &page, "#section=International+law&status=converging");
    assert_clean(&dom, &log);
    assert_eq!(visible_elements(&dom), ["ilaw-principles", "ilaw-exchange-views", "ilaw-national-positions"]);

    // Mexico is involved where it takes a position on what is open: it supports che-2
    // and opposes lmg-4 on ilaw-ihl (mex-1 was taken up, mex-2 withdrawn).
    let (dom, log) = dump_dom(&browser, &page, "#delegation=MEX");
    assert_clean(&dom, &log);
    assert_eq!(visible_elements(&dom), ["ilaw-ihl"]);
    assert!(dom.contains("<tr data-code=\"MEX\" class=\"chosen\">"), "the delegation's row is highlighted");

    // A State also finds what its group is involved in: Iran through the Like-Minded
    // Group's lmg-4 and lmg-3, and in its own name on rus-3 (supporting) and fra-2 (opposing).
    let (dom, log) = dump_dom(&browser, &page, "#delegation=IRN");
    assert_clean(&dom, &log);
    assert_eq!(visible_elements(&dom), ["ilaw-ihl", "ilaw-binding-instrument", "norms-additional", "rid-poa"]);
}

#[test]
fn markup_in_the_drafts_stays_text_in_the_browser() {
    let Some(browser) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let page = report("tests/fixtures/markup", dir.path());
    let (dom, log) = dump_dom(&browser, &page, "");
    assert_clean(&dom, &log);
    assert_eq!(dom.matches("<script").count(), 1, "no script from the drafts became an element");
    assert!(!dom.contains("<b>bold</b>") && !dom.contains("<i>Co</i>"), "no markup from the drafts became elements");
    assert!(dom.contains(
        "States noted that &lt;script&gt;alert('pwned')&lt;/script&gt; &amp; other tags are only text here."
    ));
    assert!(dom.contains("<title>Convergence report: Markup &amp; &lt;b&gt;escaping&lt;/b&gt; test</title>"));
    assert_eq!(visible_elements(&dom), ["brackets", "scripts"]);
}
