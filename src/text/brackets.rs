//! Square-bracketed wording: text not yet agreed, as in UN practice, counted the way
//! negotiators count it.
//!
//! Negotiators quote the number of brackets in a text ("the text went from 1,050
//! brackets to 220"): every pair `[…]` counts once, a pair inside another pair counts
//! too, and a stray `[` or `]` counts once. That is [`BracketCount::marks`]. A
//! *passage* is an outermost bracketed stretch (`[a [b] c]` is one passage holding two
//! brackets). *Alternatives* are options left side by side: bracketed ones with nothing
//! but spaces between them (`[shall][should][may]`, one set of three), and options
//! labelled `Option 1`, `Option 2`, … in the text.
//!
//! What a text imported from a web page may keep of Markdown is not a bracket either:
//! a footnote marker (`[^3]`), a link definition (`[source]: https://…`) or an inline
//! link to an address (`[the report](https://…)`). A reference link (`[text][label]`)
//! cannot be told from two alternatives; the importer must resolve it. Nor is the `[` of
//! a terminal control sequence (after ESC) that a hostile file may hold.

use std::ops::Range;

/// One bracketed passage, outermost brackets only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bracket {
    /// Byte range in the text, brackets included.
    pub span: Range<usize>,
    /// The bracketed wording, brackets excluded.
    pub inner: String,
    /// Whether the closing bracket is missing (runs to the end of the text).
    pub unclosed: bool,
}

/// A set of alternatives left in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternatives {
    /// Byte range in the text: from the first option to the end of the last (for
    /// labelled options, from the first label to the end of the text).
    pub span: Range<usize>,
    /// How many options this text holds.
    pub options: usize,
    /// Bracketed side by side, or labelled.
    pub kind: AlternativeKind,
}

/// How alternatives are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AlternativeKind {
    /// `[x][y]`: bracketed options with only spaces between them.
    Bracketed,
    /// `Option 1: …`, `Option 2: …`: labelled options.
    Labelled,
}

/// A bracket that has no partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unmatched {
    /// Byte offset of the mark in the text.
    pub at: usize,
    /// `[` (never closed) or `]` (closes nothing).
    pub mark: char,
}

/// Everything concord counts about the brackets of one text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BracketCount {
    /// Brackets as negotiators count them: each pair once (nested pairs too) and each
    /// unmatched `[` or `]` once.
    pub marks: usize,
    /// The outermost bracketed passages.
    pub passages: Vec<Bracket>,
    /// The sets of alternatives.
    pub alternatives: Vec<Alternatives>,
    /// Brackets without a partner.
    pub unmatched: Vec<Unmatched>,
}

impl BracketCount {
    /// Nothing bracketed and no options: clean text.
    pub fn is_clean(&self) -> bool {
        self.marks == 0 && self.alternatives.is_empty()
    }
}

/// Finds the outermost bracketed passages of `text`. Nested brackets count once, with
/// their outermost pair.
///
/// ```text
/// "a [b [c]] d [e" -> ["[b [c]]", "[e" (unclosed)]
/// ```
pub fn brackets(text: &str) -> Vec<Bracket> {
    count(text).passages
}

/// Counts the brackets, passages and alternatives of `text`.
///
/// ```text
/// "[a [b] c] d [x][y] e]"       -> marks 5 (4 pairs and a stray `]`), passages 3,
///                                  one set of 2 bracketed alternatives, unmatched `]`
/// "Option 1: go. Option 2: stay." -> marks 0, one set of 2 labelled alternatives
/// "see note[^2]"                -> nothing: a footnote marker
/// ```
pub fn count(text: &str) -> BracketCount {
    let mut out = BracketCount::default();
    // Byte offsets of the open brackets, outermost first.
    let mut open: Vec<usize> = Vec::new();
    // Per depth: the run of sibling bracket pairs being read (start, end, pairs).
    let mut runs: Vec<Option<(usize, usize, usize)>> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // After ESC, `[` starts a terminal control sequence, not wording.
            b'[' if i > 0 && bytes[i - 1] == 0x1b => {}
            b'[' => {
                if let Some(len) = footnote_marker(&text[i..]).or_else(|| link(&text[i..])) {
                    i += len;
                    continue;
                }
                out.marks += 1;
                open.push(i);
            }
            b']' => match open.pop() {
                Some(start) => {
                    let depth = open.len();
                    close_runs_from(&mut runs, depth + 1, &mut out.alternatives);
                    if runs.len() <= depth {
                        runs.resize(depth + 1, None);
                    }
                    runs[depth] = match runs[depth] {
                        Some((s, end, pairs)) if text[end..start].trim().is_empty() => Some((s, i + 1, pairs + 1)),
                        previous => {
                            finish_run(previous, &mut out.alternatives);
                            Some((start, i + 1, 1))
                        }
                    };
                    if depth == 0 {
                        out.passages.push(Bracket {
                            span: start..i + 1,
                            inner: text[start + 1..i].to_owned(),
                            unclosed: false,
                        });
                    }
                }
                None => {
                    out.marks += 1;
                    out.unmatched.push(Unmatched { at: i, mark: ']' });
                }
            },
            _ => {}
        }
        i += 1;
    }
    close_runs_from(&mut runs, 0, &mut out.alternatives);
    if let Some(&start) = open.first() {
        out.passages.push(Bracket { span: start..text.len(), inner: text[start + 1..].to_owned(), unclosed: true });
    }
    out.unmatched.extend(open.iter().map(|&at| Unmatched { at, mark: '[' }));
    out.unmatched.sort_by_key(|u| u.at);
    out.alternatives.sort_by_key(|a| a.span.start);
    if let Some(labelled) = option_labels(text) {
        out.alternatives.push(labelled);
    }
    out
}

/// Ends the runs of sibling pairs at depth `depth` and deeper, keeping those of two or more.
fn close_runs_from(runs: &mut Vec<Option<(usize, usize, usize)>>, depth: usize, found: &mut Vec<Alternatives>) {
    while runs.len() > depth {
        let run = runs.pop().flatten();
        finish_run(run, found);
    }
}

fn finish_run(run: Option<(usize, usize, usize)>, found: &mut Vec<Alternatives>) {
    if let Some((start, end, pairs)) = run
        && pairs >= 2
    {
        found.push(Alternatives { span: start..end, options: pairs, kind: AlternativeKind::Bracketed });
    }
}

/// The length of a Markdown footnote marker at the start of `text` (`[^12]`, `[^note]`).
fn footnote_marker(text: &str) -> Option<usize> {
    let rest = text.strip_prefix("[^")?;
    let end = rest.find(']')?;
    let label = &rest[..end];
    (!label.is_empty() && label.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_')).then_some(end + 3)
}

/// The length of the bracketed part of a Markdown link to an address at the start of
/// `text`: `[label]: https://…` (a link definition) or `[text](https://…)`. The address
/// is not a bracket and holds none to skip.
fn link(text: &str) -> Option<usize> {
    let end = text.find(']')?;
    if text[1..end].contains('[') {
        return None;
    }
    let after = &text[end + 1..];
    let address = after.strip_prefix("(").or_else(|| after.strip_prefix(": ").or_else(|| after.strip_prefix(':')))?;
    let address = address.trim_start();
    ["http://", "https://", "ftp://", "mailto:", "www."].iter().any(|s| address.starts_with(s)).then_some(end + 1)
}

/// Options labelled in the text: `Option 1`, `Option 2bis`, `Option A`, each followed
/// by something other than a letter or digit. One set, with as many options as labels.
fn option_labels(text: &str) -> Option<Alternatives> {
    let mut first = None;
    let mut labels = 0;
    for (at, _) in text.match_indices("Option") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let rest = &text[at + "Option".len()..];
        let label = rest.trim_start_matches([' ', '\u{a0}']);
        if label.len() == rest.len() {
            continue;
        }
        let digits = label.bytes().take_while(u8::is_ascii_digit).count();
        let len = if digits > 0 {
            digits + label[digits..].bytes().take_while(u8::is_ascii_lowercase).count()
        } else if label.bytes().next().is_some_and(|b| b.is_ascii_uppercase()) {
            1
        } else {
            continue;
        };
        if label[len..].chars().next().is_some_and(char::is_alphanumeric) {
            continue;
        }
        first.get_or_insert(at);
        labels += 1;
    }
    first.map(|start| Alternatives { span: start..text.len(), options: labels, kind: AlternativeKind::Labelled })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_outermost_and_unclosed() {
        let b = brackets("a [b [c]] d [e");
        assert_eq!(b.len(), 2);
        assert_eq!(b[0].inner, "b [c]");
        assert!(!b[0].unclosed);
        assert_eq!(b[1].inner, "e");
        assert!(b[1].unclosed);
    }

    #[test]
    fn stray_closing_bracket_is_no_passage() {
        assert!(brackets("a ] b").is_empty());
    }

    #[test]
    fn marks_count_every_pair_and_every_stray_mark() {
        let c = count("[a [b] c] d [x][y] e]");
        assert_eq!(c.marks, 5);
        assert_eq!(c.passages.len(), 3);
        assert_eq!(c.unmatched, [Unmatched { at: 20, mark: ']' }]);
        let c = count("[[climate][carbon] neutrality] [e");
        assert_eq!(c.marks, 4);
        assert_eq!(c.passages.len(), 2);
        assert_eq!(c.unmatched, [Unmatched { at: 31, mark: '[' }]);
    }

    #[test]
    fn side_by_side_brackets_are_one_set_of_alternatives() {
        let c = count("Parties [shall][should] [other] act [now] and [then].");
        assert_eq!(c.alternatives.len(), 1);
        assert_eq!(c.alternatives[0].options, 3);
        assert_eq!(c.alternatives[0].span, 8..31);
        // Nested sets are counted at their own depth.
        let c = count("through [long-term [low-[carbon][emission] transformation]]");
        assert_eq!(c.marks, 4);
        assert_eq!(c.alternatives.len(), 1);
        assert_eq!(c.alternatives[0].options, 2);
    }

    #[test]
    fn labelled_options_are_one_set() {
        let c = count("Option 1: Parties shall act. Option 2bis: Parties should act. Option A: none.");
        assert_eq!(c.marks, 0);
        assert_eq!(c.alternatives.len(), 1);
        assert_eq!(c.alternatives[0].options, 3);
        assert_eq!(c.alternatives[0].kind, AlternativeKind::Labelled);
        assert!(count("the Options are many; Optional 1; Option a").alternatives.is_empty());
        assert!(count("Option: none").alternatives.is_empty());
    }

    #[test]
    fn footnote_markers_are_not_brackets() {
        let c = count("support[[^9]] to developing countries[^10]");
        assert_eq!(c.marks, 1);
        assert_eq!(c.passages[0].inner, "[^9]");
        assert!(c.unmatched.is_empty());
        assert_eq!(count("a [^ b]").marks, 1);
    }

    #[test]
    fn links_to_addresses_are_not_brackets() {
        assert_eq!(count("[source]: http://unfccc.int/a.pdf").marks, 0);
        assert_eq!(count("see [the report](https://example.org/r) [x]").marks, 1);
        // A reference link cannot be told from alternatives.
        assert_eq!(count("the [final text][source] of").marks, 2);
        assert_eq!(count("[x](a) above").marks, 1);
    }

    #[test]
    fn a_terminal_control_sequence_is_not_a_bracket() {
        assert!(count("States \u{1b}[31mmet\u{1b}[0m").is_clean());
    }

    #[test]
    fn clean_text() {
        assert!(count("Parties shall act.").is_clean());
        assert!(!count("Option 1: act").is_clean());
    }
}
