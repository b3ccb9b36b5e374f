//! Reading what a delegation proposed, as secretariats write it in a compilation: a
//! whole new wording of the paragraph, or an instruction in one of the common forms.
//!
//! ```text
//! insert "grave" after "noted with"        -> Insert { text: grave, anchor: noted with }
//! After “noted with”, add “grave”          -> Insert { text: grave, anchor: noted with }
//! replace 'voluntary' with 'agreed'        -> Replace { phrase: voluntary, with: agreed }
//! Delete "and other health facilities".    -> Delete { phrase: and other health facilities }
//! Delete the paragraph                     -> DeleteParagraph
//! New paragraph: States also recalled ...  -> Add { text: States also recalled ... }
//! States noted ~~with~~ **grave** concern  -> Text { text: States noted grave concern }
//! States noted with grave concern ...      -> Text { text: States noted with grave concern ... }
//! ```
//!
//! Quotes may be straight or curly, double or single, or guillemets. Without quotes, a
//! keyword such as `after` must occur once, or the words are ambiguous and the row is
//! refused with a hint to quote them.

/// Words quoted by an instruction, and whether they were in quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    /// The words, quotes removed.
    pub text: String,
    /// They were in quotes (so a trailing full stop is theirs, not the sentence's).
    pub quoted: bool,
}

/// What a row proposes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Proposal {
    /// A whole new wording of the paragraph.
    Text(String),
    /// Replace `phrase` with `with`.
    Replace { phrase: Words, with: Words },
    /// Insert `text` after (or before) `anchor`.
    Insert { text: Words, anchor: Words, before: bool },
    /// Delete `phrase`.
    Delete(Words),
    /// Delete the whole paragraph.
    DeleteParagraph,
    /// A new paragraph after the row's paragraph.
    Add(String),
}

/// Why a proposal could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProposalError {
    /// The cell is empty.
    #[error("the proposed text is empty")]
    Empty,
    /// "Retain", "support" and the like express a position, not a change.
    #[error("`{0}` expresses a position, not an amendment")]
    Position(String),
    /// An instruction keyword without the parts it needs.
    #[error("cannot read `{keyword}`: expected {expected}")]
    Incomplete {
        /// The instruction (`insert`, `replace`…).
        keyword: &'static str,
        /// The form expected.
        expected: &'static str,
    },
    /// Unquoted words where a keyword occurs more than once.
    #[error("the words are ambiguous: `{0}` occurs more than once")]
    Ambiguous(&'static str),
}

impl ProposalError {
    /// What to write instead.
    pub fn hint(&self) -> &'static str {
        match self {
            ProposalError::Empty => "write the new wording, or an instruction such as: delete \"the words\"",
            ProposalError::Position(_) => {
                "a row that only supports or opposes a text has nothing to import; record it as supported_by or opposed_by of the amendment"
            }
            ProposalError::Incomplete { .. } | ProposalError::Ambiguous(_) => {
                "put the words in quotes: insert \"X\" after \"Y\", insert \"X\" before \"Y\", replace \"X\" with \"Y\", delete \"X\""
            }
        }
    }
}

/// Reads a proposal.
pub fn parse(cell: &str) -> Result<Proposal, ProposalError> {
    let s = cell.trim();
    if s.is_empty() {
        return Err(ProposalError::Empty);
    }
    if let Some(text) = markup(s) {
        return Ok(Proposal::Text(text));
    }
    let bare = s.trim_end_matches(['.', ';', ':']).trim();
    if is_position(bare) {
        return Err(ProposalError::Position(bare.to_owned()));
    }
    if is_delete_paragraph(bare) {
        return Ok(Proposal::DeleteParagraph);
    }
    for prefix in NEW_PARAGRAPH {
        if let Some(rest) = keyword(s, prefix) {
            let rest = rest.trim_start_matches(':').trim();
            if rest.is_empty() {
                return Err(ProposalError::Incomplete {
                    keyword: "new paragraph",
                    expected: "the new paragraph's text",
                });
            }
            return Ok(Proposal::Add(unquote_whole(rest)));
        }
    }
    for prefix in NEW_WORDING {
        if let Some(rest) = keyword(s, prefix) {
            let rest = rest.trim_start_matches(':').trim();
            if !rest.is_empty() {
                return Ok(Proposal::Text(unquote_whole(rest)));
            }
        }
    }
    for kw in ["delete the words", "delete the word", "delete", "remove", "strike out", "strike"] {
        if let Some(rest) = keyword(s, kw) {
            return Ok(Proposal::Delete(
                one(rest).ok_or(ProposalError::Incomplete { keyword: "delete", expected: "delete \"the words\"" })?,
            ));
        }
    }
    for kw in ["insert", "add"] {
        if let Some(rest) = keyword(s, kw) {
            let (text, anchor, before) = two(rest, &[("after", false), ("before", true)])
                .map_err(|e| e.unwrap_or(ProposalError::Incomplete { keyword: "insert", expected: EXPECT_INSERT }))?;
            return Ok(Proposal::Insert { text, anchor, before });
        }
    }
    for (kw, before) in [("after", false), ("before", true)] {
        if let Some(rest) = keyword(s, kw)
            && let Ok((anchor, text, _)) =
                two(rest, &[(", insert", false), (", add", false), ("insert", false), ("add", false)])
        {
            return Ok(Proposal::Insert { text, anchor: trim_comma(anchor), before });
        }
    }
    for (kw, middles) in REPLACE {
        if let Some(rest) = keyword(s, kw) {
            let pairs: Vec<(&str, bool)> = middles.iter().map(|m| (*m, false)).collect();
            let (phrase, with, _) = two(rest, &pairs)
                .map_err(|e| e.unwrap_or(ProposalError::Incomplete { keyword: "replace", expected: EXPECT_REPLACE }))?;
            return Ok(Proposal::Replace { phrase, with });
        }
    }
    Ok(Proposal::Text(unquote_whole(s)))
}

const EXPECT_INSERT: &str = "insert \"new words\" after (or before) \"words of the paragraph\"";
const EXPECT_REPLACE: &str = "replace \"words of the paragraph\" with \"new words\"";

/// Replace forms: the keyword and the words between the two phrases.
const REPLACE: [(&str, &[&str]); 5] = [
    ("replace the words", &["with", "by"]),
    ("replace the word", &["with", "by"]),
    ("replace", &["with", "by"]),
    ("substitute", &["with", "by"]),
    ("change", &["to", "into"]),
];

/// Openings of a proposal for a new paragraph.
const NEW_PARAGRAPH: [&str; 8] = [
    "add a new paragraph",
    "add new paragraph",
    "insert a new paragraph",
    "insert new paragraph",
    "new paragraph",
    "new para",
    "add paragraph",
    "insert paragraph",
];

/// Openings of a whole new wording.
const NEW_WORDING: [&str; 10] = [
    "amend to read",
    "amend as follows",
    "to read",
    "replace the paragraph with",
    "replace the paragraph by",
    "replace paragraph with",
    "replace with",
    "reword as",
    "new text",
    "new wording",
];

/// Cells that state a position rather than propose a change.
fn is_position(s: &str) -> bool {
    let l = s.to_lowercase();
    let l = l.trim();
    const POSITIONS: [&str; 12] = [
        "retain",
        "keep",
        "support",
        "supports",
        "no change",
        "no changes",
        "no comment",
        "no comments",
        "reserve",
        "reservation",
        "noted",
        "retain as is",
    ];
    POSITIONS.contains(&l)
        || ["retain ", "keep ", "support ", "supports ", "reserve on ", "reservation on "]
            .iter()
            .any(|p| l.starts_with(p))
            && !l.contains('"')
            && !l.contains('“')
            && l.split_whitespace().count() <= 6
}

/// `delete`, `delete the paragraph`, `delete entire para`, `remove the whole paragraph`…
fn is_delete_paragraph(s: &str) -> bool {
    let l = s.to_lowercase();
    let mut words: Vec<&str> = l.split_whitespace().collect();
    if !matches!(words.first(), Some(&("delete" | "remove" | "strike"))) {
        return false;
    }
    words.remove(0);
    if words.first() == Some(&"out") {
        words.remove(0);
    }
    words.retain(|w| !matches!(*w, "the" | "entire" | "whole" | "this"));
    matches!(words.as_slice(), [] | ["paragraph" | "para" | "para." | "op" | "pp"])
}

/// A proposal written as the paragraph with its changes marked up: `~~deleted~~` and
/// `**inserted**` (or `__inserted__`). Returns the wording with the changes applied.
///
/// ```text
/// "States noted ~~with~~ **grave** concern" -> "States noted grave concern"
/// ```
pub fn markup(s: &str) -> Option<String> {
    if !(s.contains("~~") || s.contains("**") || s.contains("__")) {
        return None;
    }
    let mut out = String::new();
    let mut rest = s;
    let mut changed = false;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("~~")
            && let Some(end) = after.find("~~")
        {
            rest = &after[end + 2..];
            changed = true;
            continue;
        }
        let marker = ["**", "__"].into_iter().find(|m| rest.starts_with(m));
        if let Some(m) = marker
            && let Some(end) = rest[2..].find(m)
        {
            out.push_str(&rest[2..2 + end]);
            rest = &rest[2 + end + 2..];
            changed = true;
            continue;
        }
        let c = rest.chars().next().expect("not empty");
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    let words: Vec<&str> = out.split_whitespace().collect();
    let text = words.join(" ").replace(" ,", ",").replace(" .", ".").replace(" ;", ";");
    (changed && !text.is_empty()).then_some(text)
}

/// `s` after the keyword `kw` (case-insensitive) when `s` starts with it as a whole word.
fn keyword<'a>(s: &'a str, kw: &str) -> Option<&'a str> {
    let head = s.get(..kw.len())?;
    if !head.eq_ignore_ascii_case(kw) {
        return None;
    }
    let rest = &s[kw.len()..];
    match rest.chars().next() {
        None => Some(rest),
        Some(c) if c.is_alphanumeric() => None,
        Some(_) => Some(rest.trim_start()),
    }
}

/// The closing quotes that end a quotation opened by `open`.
fn closers(open: char) -> Option<&'static [char]> {
    Some(match open {
        '"' => &['"', '”'],
        '“' => &['”', '"', '“'],
        '”' => &['”', '"'],
        '„' => &['“', '”'],
        '\'' => &['\'', '’'],
        '‘' => &['’', '\''],
        '’' => &['’'],
        '«' => &['»'],
        _ => return None,
    })
}

/// `s` as words: the inside of a quotation that is the whole of `s` (a full stop or
/// semicolon after the closing quote allowed), else `s` itself, unquoted. `None` when
/// empty, or when it opens a quotation it does not close.
fn one(s: &str) -> Option<Words> {
    let s = s.trim();
    let first = s.chars().next()?;
    if let Some(close) = closers(first) {
        let body = s.trim_end_matches(['.', ';', ',']).trim_end();
        let last = body.chars().last()?;
        if body.chars().count() >= 2 && close.contains(&last) {
            let inner = &body[first.len_utf8()..body.len() - last.len_utf8()];
            let inner = inner.trim();
            return (!inner.is_empty()).then(|| Words { text: inner.to_owned(), quoted: true });
        }
        return None;
    }
    Some(Words { text: s.to_owned(), quoted: false })
}

/// Splits `s` into two phrases around one of `middles` (whole words, case-insensitive),
/// returning them and the flag paired with the middle used. Quoted phrases may contain the
/// middle word; unquoted ones split only where the split is the only possible one.
///
/// `Err(None)`: no split; `Err(Some(..))`: several.
fn two(s: &str, middles: &[(&'static str, bool)]) -> Result<(Words, Words, bool), Option<ProposalError>> {
    let mut found: Vec<(Words, Words, bool)> = Vec::new();
    let mut ambiguous_word = None;
    for &(middle, flag) in middles {
        for (at, _) in s.char_indices() {
            let Some(head) = s.get(at..at + middle.len()) else { continue };
            if !head.eq_ignore_ascii_case(middle) {
                continue;
            }
            let before_ok = at == 0 || s[..at].ends_with(char::is_whitespace) || middle.starts_with(',');
            let after = &s[at + middle.len()..];
            let after_ok = after.starts_with(char::is_whitespace) || after.starts_with([':', '"', '“', '‘', '\'', '«']);
            if !before_ok || !after_ok || at == 0 {
                continue;
            }
            let (Some(left), Some(right)) = (one(&s[..at]), one(after.trim_start_matches(':'))) else { continue };
            if found.iter().any(|(l, r, _)| *l == left && *r == right) {
                continue;
            }
            found.push((left, right, flag));
            ambiguous_word = Some(middle);
        }
        if !found.is_empty() {
            break;
        }
    }
    match found.len() {
        0 => Err(None),
        1 => Ok(found.pop().expect("one")),
        _ => {
            // Prefer the one split where both sides are quoted.
            let quoted: Vec<_> = found.iter().filter(|(l, r, _)| l.quoted && r.quoted).collect();
            if quoted.len() == 1 {
                return Ok(quoted[0].clone());
            }
            Err(Some(ProposalError::Ambiguous(ambiguous_word.unwrap_or("the keyword").trim_start_matches(", "))))
        }
    }
}

fn trim_comma(mut w: Words) -> Words {
    if !w.quoted {
        w.text = w.text.trim_end_matches(',').trim_end().to_owned();
    }
    w
}

/// The inside of `s` when it is one quotation, else `s`.
fn unquote_whole(s: &str) -> String {
    match one(s) {
        Some(w) if w.quoted => w.text,
        _ => s.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(t: &str) -> Words {
        Words { text: t.into(), quoted: true }
    }
    fn u(t: &str) -> Words {
        Words { text: t.into(), quoted: false }
    }

    #[test]
    fn inserts_in_their_common_forms() {
        let grave = Proposal::Insert { text: q("grave"), anchor: q("noted with"), before: false };
        assert_eq!(parse("insert \"grave\" after \"noted with\""), Ok(grave.clone()));
        assert_eq!(parse("Insert “grave” after “noted with”."), Ok(grave.clone()));
        assert_eq!(parse("Add 'grave' after 'noted with'"), Ok(grave.clone()));
        assert_eq!(parse("After “noted with”, insert “grave”"), Ok(grave.clone()));
        assert_eq!(parse("after ‘noted with’ add ‘grave’"), Ok(grave));
        assert_eq!(
            parse("insert grave after noted with"),
            Ok(Proposal::Insert { text: u("grave"), anchor: u("noted with"), before: false })
        );
        assert_eq!(
            parse("insert «, in particular,» before «the health sector»"),
            Ok(Proposal::Insert { text: q(", in particular,"), anchor: q("the health sector"), before: true })
        );
    }

    #[test]
    fn quoted_words_may_hold_the_keyword() {
        assert_eq!(
            parse("insert \"held after the session\" after \"meeting\""),
            Ok(Proposal::Insert { text: q("held after the session"), anchor: q("meeting"), before: false })
        );
        assert_eq!(
            parse("replace 'States' obligations' with 'obligations of States'"),
            Ok(Proposal::Replace { phrase: q("States' obligations"), with: q("obligations of States") })
        );
    }

    #[test]
    fn unquoted_words_must_split_one_way() {
        assert_eq!(parse("insert held after the event after the session"), Err(ProposalError::Ambiguous("after")));
        assert!(matches!(parse("insert grave"), Err(ProposalError::Incomplete { keyword: "insert", .. })));
    }

    #[test]
    fn replace_delete_and_whole_paragraphs() {
        assert_eq!(
            parse("Replace “voluntary” by “agreed”"),
            Ok(Proposal::Replace { phrase: q("voluntary"), with: q("agreed") })
        );
        assert_eq!(
            parse("change voluntary norms to agreed norms"),
            Ok(Proposal::Replace { phrase: u("voluntary norms"), with: u("agreed norms") })
        );
        assert_eq!(
            parse("Delete \"and other health facilities\"."),
            Ok(Proposal::Delete(q("and other health facilities")))
        );
        assert_eq!(parse("delete the words in good faith"), Ok(Proposal::Delete(u("in good faith"))));
        assert_eq!(parse("Delete the paragraph."), Ok(Proposal::DeleteParagraph));
        assert_eq!(parse("delete"), Ok(Proposal::DeleteParagraph));
        assert_eq!(parse("New paragraph: “States recalled X.”"), Ok(Proposal::Add("States recalled X.".into())));
        assert_eq!(parse("Amend to read: States agreed."), Ok(Proposal::Text("States agreed.".into())));
        assert_eq!(parse("“States agreed to meet.”"), Ok(Proposal::Text("States agreed to meet.".into())));
        assert_eq!(
            parse("After consultations, States agreed."),
            Ok(Proposal::Text("After consultations, States agreed.".into()))
        );
    }

    #[test]
    fn marked_up_wordings_apply_their_changes() {
        assert_eq!(
            parse("States noted ~~with~~ **grave** concern ~~the attacks~~."),
            Ok(Proposal::Text("States noted grave concern.".into()))
        );
    }

    #[test]
    fn positions_are_not_amendments() {
        assert_eq!(parse("Retain."), Err(ProposalError::Position("Retain".into())));
        assert_eq!(parse("support the Chair's text"), Err(ProposalError::Position("support the Chair's text".into())));
        assert_eq!(parse("  "), Err(ProposalError::Empty));
    }
}
