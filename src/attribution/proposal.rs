//! What an amendment proposes, as text and as token changes to its element.
//!
//! An amendment is applied to the element's text in the revision it targets; the
//! difference between the element and the proposed text (computed by the same word diff
//! the revisions get) is the amendment's change. Comparing like with like is what lets
//! a verbatim adoption match exactly.

use std::ops::Range;

use crate::draft::anchor::{AnchorError, locate};
use crate::draft::{Operation, Paragraph};
use crate::text::{Tokenized, is_punctuation};

/// Applies `op` to `paragraph` and returns the proposed wording of the paragraph
/// (`None` for `delete_paragraph`). For `add`, the new paragraph's text.
///
/// ```text
/// "respect for the rights"  + insert "sovereign" after "respect for the"
///   -> "respect for the sovereign rights"
/// ```
pub fn apply(op: &Operation, paragraph: Option<&Paragraph>) -> Result<Option<String>, AnchorError> {
    fn text(p: Option<&Paragraph>) -> Result<&Tokenized, AnchorError> {
        p.map(|p| &p.text).ok_or(AnchorError::Missing)
    }
    Ok(Some(match op {
        Operation::Replace { phrase, with } => {
            let t = text(paragraph)?;
            let r = byte_range(t, locate(t, phrase)?);
            splice(&t.text, r, with.trim())
        }
        Operation::Delete { phrase } => {
            let t = text(paragraph)?;
            let r = byte_range(t, locate(t, phrase)?);
            splice(&t.text, r, "")
        }
        Operation::Insert { text: insert, anchor, before } => {
            let t = text(paragraph)?;
            let r = byte_range(t, locate(t, anchor)?);
            let at = if *before { r.start } else { r.end };
            let insert = insert.trim();
            let starts_with_punct =
                insert.chars().next().is_some_and(|c| !c.is_alphanumeric() && !"([\"'«“".contains(c));
            let piece = if *before {
                format!("{insert} ")
            } else if starts_with_punct {
                insert.to_owned()
            } else {
                format!(" {insert}")
            };
            splice(&t.text, at..at, &piece)
        }
        Operation::Text { text } | Operation::Add { text, .. } => text.trim_end().to_owned(),
        Operation::DeleteParagraph => return Ok(None),
    }))
}

/// Byte range of a token range.
fn byte_range(t: &Tokenized, r: Range<usize>) -> Range<usize> {
    t.spans[r.start].start..t.spans[r.end - 1].end
}

/// Replaces `range` of `text` with `with`, tidying the spacing a deletion leaves.
fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    let (before, after) = (&text[..range.start], &text[range.end..]);
    if with.is_empty() {
        // Deleting "b" from "a b c" leaves "a c", not "a  c"; before punctuation, no space.
        let before_trim = before.trim_end_matches([' ', '\t']);
        let after_trim = after.trim_start_matches([' ', '\t']);
        let next_is_punct = after_trim.chars().next().is_some_and(|c| is_punctuation(c.encode_utf8(&mut [0; 4])));
        let sep = if before_trim.is_empty() || after_trim.is_empty() || next_is_punct || before_trim.ends_with('\n') {
            ""
        } else {
            " "
        };
        return format!("{before_trim}{sep}{after_trim}");
    }
    format!("{before}{with}{after}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(text: &str) -> Paragraph {
        Paragraph {
            id: "p".into(),
            number: "1".into(),
            section: String::new(),
            from: vec![],
            status: None,
            dissociated_by: vec![],
            reserved_by: vec![],
            objected_by: vec![],
            text: Tokenized::new(text),
            line: 1,
        }
    }

    fn run(op: Operation, text: &str) -> String {
        apply(&op, Some(&para(text))).unwrap().unwrap()
    }

    #[test]
    fn insert_after_and_before() {
        let op = Operation::Insert { text: "sovereign".into(), anchor: "respect for the".into(), before: false };
        assert_eq!(run(op, "full respect for the rights."), "full respect for the sovereign rights.");
        let op = Operation::Insert { text: "full".into(), anchor: "respect".into(), before: true };
        assert_eq!(run(op, "with respect for"), "with full respect for");
        let op = Operation::Insert { text: ", as appropriate".into(), anchor: "cooperate".into(), before: false };
        assert_eq!(run(op, "States cooperate."), "States cooperate, as appropriate.");
    }

    #[test]
    fn replace_and_delete_keep_spacing_tidy() {
        let op = Operation::Replace { phrase: "should".into(), with: "shall".into() };
        assert_eq!(run(op, "States should act."), "States shall act.");
        let op = Operation::Delete { phrase: "voluntary and".into() };
        assert_eq!(run(op, "These voluntary and non-binding norms"), "These non-binding norms");
        let op = Operation::Delete { phrase: "in good faith".into() };
        assert_eq!(run(op, "act in good faith."), "act.");
    }

    #[test]
    fn missing_anchor_is_an_error() {
        let op = Operation::Delete { phrase: "absent words".into() };
        assert_eq!(apply(&op, Some(&para("text"))), Err(AnchorError::Missing));
    }
}
