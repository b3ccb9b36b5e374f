//! Getting the words of a PDF, with their boxes, from Poppler's `pdftotext -bbox`.
//!
//! concord does not parse PDF itself: Poppler reads the PDFs people receive better than
//! the pure-Rust readers measured in docs/pdf.md, faster, and in a process of its own,
//! which is what makes a hostile PDF harmless here. The program is looked for in
//! `CONCORD_PDFTOTEXT`, then on `PATH`; it runs with a time limit, a memory limit (on
//! Linux), a page limit and a cap on what it may print, and its output, an XHTML page of
//! `<page>` and `<word>` elements, is parsed by hand ([`parse_bbox`]): a machine's fixed
//! format, read without trusting it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::layout::{Page, Word};

/// Pages read from one document; a longer one is refused.
pub const MAX_PAGES: usize = 2000;
/// Words read from one document (about 500 pages of dense text per million).
pub const MAX_WORDS: usize = 4_000_000;
/// Bytes of `pdftotext` output read; beyond them the program is stopped.
const MAX_OUTPUT: usize = 512 << 20;
/// Time `pdftotext` may take.
const TIME_LIMIT: Duration = Duration::from_secs(120);
/// Address space `pdftotext` may use (Linux only).
#[cfg(target_os = "linux")]
const MEMORY_LIMIT: u64 = 4 << 30;

/// Why the words of a PDF could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// `pdftotext` is not installed (or `CONCORD_PDFTOTEXT` names no program).
    Missing(String),
    /// `pdftotext` could not read the file; its own words.
    Unreadable(String),
    /// A user password protects the file.
    Encrypted,
    /// It took longer than the time limit.
    Timeout,
    /// More pages, words or output than the limits allow.
    TooLarge(String),
}

/// Where `pdftotext` is: `CONCORD_PDFTOTEXT` when set, else the first on `PATH`.
pub fn program() -> Result<PathBuf, Failure> {
    if let Some(p) = std::env::var_os("CONCORD_PDFTOTEXT").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        return if p.is_file() {
            Ok(p)
        } else {
            Err(Failure::Missing(format!("CONCORD_PDFTOTEXT names {}, which is not a file", p.display())))
        };
    }
    let name = if cfg!(windows) { "pdftotext.exe" } else { "pdftotext" };
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| Failure::Missing("pdftotext (from Poppler) is not on PATH".into()))
}

/// The pages of the PDF at `path`, with their words.
pub fn pages(path: &Path) -> Result<Vec<Page>, Failure> {
    let program = program()?;
    // An absolute path: a file named `-x.pdf` must not read as an option.
    let file = std::path::absolute(path).map_err(|e| Failure::Unreadable(e.to_string()))?;
    let mut cmd = Command::new(program);
    cmd.args(["-bbox", "-enc", "UTF-8", "-f", "1", "-l"])
        .arg((MAX_PAGES + 1).to_string())
        .arg(&file)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    limit_memory(&mut cmd);
    let mut child = cmd.spawn().map_err(|e| Failure::Missing(format!("pdftotext could not be started: {e}")))?;
    let stdout = child.stdout.take().map(|s| std::thread::spawn(move || read_capped(s, MAX_OUTPUT)));
    let stderr = child.stderr.take().map(|s| std::thread::spawn(move || read_capped(s, 64 << 10)));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > TIME_LIMIT => break None,
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(Failure::Unreadable(e.to_string())),
        }
    };
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        return Err(Failure::Timeout);
    };
    let (out, overflow) = stdout.and_then(|t| t.join().ok()).unwrap_or_default();
    let (err, _) = stderr.and_then(|t| t.join().ok()).unwrap_or_default();
    if overflow {
        return Err(Failure::TooLarge(format!("its text is over {} MiB", MAX_OUTPUT >> 20)));
    }
    let err = String::from_utf8_lossy(&err);
    if !status.success() {
        return Err(failure_from(&err));
    }
    let xhtml = String::from_utf8_lossy(&out);
    let pages = parse_bbox(&xhtml).map_err(Failure::Unreadable)?;
    if pages.len() > MAX_PAGES {
        return Err(Failure::TooLarge(format!("it has more than {MAX_PAGES} pages")));
    }
    Ok(pages)
}

/// Reads at most `cap` bytes; `true` when there was more (the rest is drained, so the
/// program is not left blocked on a full pipe).
fn read_capped(mut from: impl Read, cap: usize) -> (Vec<u8>, bool) {
    let mut out = Vec::new();
    let mut buf = [0u8; 64 << 10];
    let mut overflow = false;
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) if overflow || out.len() + n > cap => overflow = true,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    (out, overflow)
}

/// What `pdftotext`'s error messages mean for the user.
fn failure_from(stderr: &str) -> Failure {
    if stderr.contains("Incorrect password") {
        return Failure::Encrypted;
    }
    let lines: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    // The last lines say why it stopped; the first may be warnings about damage it repaired.
    let said = lines.iter().rev().take(2).rev().copied().collect::<Vec<_>>().join("; ");
    let said: String = said.chars().filter(|c| !c.is_control()).take(300).collect();
    Failure::Unreadable(if said.is_empty() { "pdftotext failed without saying why".into() } else { said })
}

/// Bounds the address space of the child on Linux, so that a PDF crafted to exhaust
/// memory stops `pdftotext` rather than the machine.
#[cfg(target_os = "linux")]
fn limit_memory(cmd: &mut Command) {
    use std::os::unix::process::CommandExt;
    let limit = libc::rlimit { rlim_cur: MEMORY_LIMIT as libc::rlim_t, rlim_max: MEMORY_LIMIT as libc::rlim_t };
    // SAFETY: runs in the child between fork and exec, and calls only `setrlimit`, which is
    // async-signal-safe; it touches no memory of the parent but the `rlimit` it copies.
    #[allow(unsafe_code)] // the one way to limit a child's memory with std
    unsafe {
        cmd.pre_exec(move || {
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn limit_memory(_cmd: &mut Command) {}

/// The pages of `pdftotext -bbox` output, each with its words in the order given.
///
/// ```text
/// <page width="595" height="842"><word xMin="56" yMin="38" xMax="70" yMax="49">Pp1</word>
///   -> [Page { width: 595, height: 842, words: [Word { text: "Pp1", x0: 56, y0: 38, .. }] }]
/// ```
///
/// Words with a box that is not finite, or text that is empty after unescaping, are
/// skipped; more than [`MAX_WORDS`] words is an error.
pub fn parse_bbox(xhtml: &str) -> Result<Vec<Page>, String> {
    let mut pages: Vec<Page> = Vec::new();
    let mut words = 0usize;
    let mut rest = xhtml;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let end = rest.find('>').ok_or("pdftotext's output is cut short")?;
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        if let Some(attrs) = tag.strip_prefix("page ") {
            pages.push(Page {
                width: number(attrs, "width").unwrap_or(0.0),
                height: number(attrs, "height").unwrap_or(0.0),
                words: Vec::new(),
            });
        } else if let Some(attrs) = tag.strip_prefix("word ") {
            let close = rest.find("</word>").ok_or("pdftotext's output has a word without its end")?;
            let text = unescape(&rest[..close]);
            rest = &rest[close + "</word>".len()..];
            let page = pages.last_mut().ok_or("pdftotext's output has a word outside any page")?;
            let bbox = [number(attrs, "xMin"), number(attrs, "yMin"), number(attrs, "xMax"), number(attrs, "yMax")];
            let [Some(x0), Some(y0), Some(x1), Some(y1)] = bbox else { continue };
            if text.trim().is_empty() || x1 < x0 || y1 <= y0 {
                continue;
            }
            words += 1;
            if words > MAX_WORDS {
                return Err(format!("it holds more than {MAX_WORDS} words"));
            }
            page.words.push(Word { text, x0, y0, x1, y1 });
        }
    }
    Ok(pages)
}

/// The finite number in attribute `name` of a tag's attributes (`xMin="56.6"`).
fn number(attrs: &str, name: &str) -> Option<f64> {
    let mut from = 0;
    while let Some(at) = attrs[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before_ok = start == 0 || attrs.as_bytes()[start - 1].is_ascii_whitespace();
        let Some(value) = attrs[from..].strip_prefix("=\"") else { continue };
        if !before_ok {
            continue;
        }
        let value = &value[..value.find('"')?];
        return value.parse::<f64>().ok().filter(|v| v.is_finite() && v.abs() < 1e7);
    }
    None
}

/// XML character references and the five predefined entities resolved; anything else
/// left as it stands.
fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let entity = rest.find(';').filter(|&k| k <= 10).map(|k| &rest[1..k]);
        let c = entity.and_then(|e| match e {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let code = match e.strip_prefix("#x").or_else(|| e.strip_prefix("#X")) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => e.strip_prefix('#').and_then(|d| d.parse().ok()),
                };
                code.and_then(char::from_u32)
            }
        });
        match (c, entity) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_words_with_their_boxes() {
        let xhtml = r#"<!DOCTYPE html><html><head><title>T &amp; x</title></head><body><doc>
            <page width="595.2" height="841.8">
              <word xMin="56.6" yMin="38.0" xMax="70.1" yMax="48.8">Pp&amp;1</word>
              <word xMin="1" yMin="2" xMax="3" yMax="4">&#8220;a&#x201D;</word>
              <word xMin="nan" yMin="2" xMax="3" yMax="4">skipped</word>
            </page>
            <page width="595.2" height="841.8"></page>
          </doc></body></html>"#;
        let pages = parse_bbox(xhtml).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].width, 595.2);
        let texts: Vec<&str> = pages[0].words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Pp&1", "\u{201C}a\u{201D}"]);
        assert_eq!((pages[0].words[0].x0, pages[0].words[0].y1), (56.6, 48.8));
    }

    #[test]
    fn broken_output_is_an_error_not_a_panic() {
        assert!(parse_bbox("<page width=\"1\" height=\"1\"><word xMin=\"1\"").is_err());
        assert!(parse_bbox("<word xMin=\"1\">a</word>").is_err());
        assert_eq!(parse_bbox("no tags at all").unwrap().len(), 0);
        assert_eq!(unescape("a &bogus; &#xZZ; &#1114112; &lt;"), "a &bogus; &#xZZ; &#1114112; <");
    }

    #[test]
    fn error_messages_keep_the_reason() {
        assert_eq!(failure_from("Command Line Error: Incorrect password\n"), Failure::Encrypted);
        assert_eq!(
            failure_from(
                "Syntax Warning: x\nSyntax Error: Couldn't find trailer dictionary\nSyntax Error: Couldn't read xref table\n"
            ),
            Failure::Unreadable(
                "Syntax Error: Couldn't find trailer dictionary; Syntax Error: Couldn't read xref table".into()
            )
        );
    }
}
