//! The difference between two revisions as the engine gives it to every renderer:
//! element by element, each hunk with the amendments credited with it; and how the hunks of
//! a component (several old and new elements diffed as one text) are cut back into one
//! [`ElementDiff`] per element.

use std::ops::Range;

use crate::diff::{Alignment, ChangeKind, Component, Hunk};
use crate::draft::Revision;
use crate::text::Tokenized;

/// One amendment credited with a hunk.
#[derive(Debug, Clone, PartialEq)]
pub struct Credit {
    /// Index into `negotiation.amendments`.
    pub amendment: usize,
    /// The hunk is exactly the amendment's change.
    pub exact: bool,
    /// How alike the amendment's change and the hunk are, 0 to 1 (1 when exact).
    pub similarity: f64,
    /// Index of the revision in which the change was taken up.
    pub taken_up_in: usize,
}

/// A hunk of an element, with its credits.
#[derive(Debug, Clone, PartialEq)]
pub struct StepHunk {
    /// Token range in the old text (the concatenation of `from_ids`, in order).
    pub old_words: Range<usize>,
    /// Token range in the new element.
    pub new_words: Range<usize>,
    /// The old wording.
    pub old: String,
    /// The new wording.
    pub new: String,
    /// Amendments credited, earliest first.
    pub credits: Vec<Credit>,
    /// Some or all of the hunk is the Chair's own wording.
    pub chair: bool,
}

impl StepHunk {
    /// `insert`, `delete` or `replace`.
    pub fn kind(&self) -> &'static str {
        Hunk { old: self.old_words.clone(), new: self.new_words.clone() }.kind()
    }
}

/// How one element changed between two revisions.
#[derive(Debug, Clone, PartialEq)]
pub struct ElementDiff {
    /// The element's id (the new id; for a removed element, the old one).
    pub id: String,
    /// Ids of the old elements it continues, in old order.
    pub from_ids: Vec<String>,
    /// The kind of change.
    pub change: ChangeKind,
    /// Index of the element in the new revision (`None` when removed).
    pub new: Option<usize>,
    /// Indices of the old elements in the old revision.
    pub old: Vec<usize>,
    /// Relative order changed (1:1 continuations).
    pub moved: bool,
    /// Word hunks, in order.
    pub hunks: Vec<StepHunk>,
}

/// The difference between two revisions, element by element, in the new text's order.
#[derive(Debug, Clone, PartialEq)]
pub struct RevisionDiff {
    /// Index of the older revision.
    pub from: usize,
    /// Index of the newer revision.
    pub to: usize,
    /// The elements, unchanged ones included.
    pub elements: Vec<ElementDiff>,
}

/// Cuts a component's hunks (component coordinates) into one [`ElementDiff`] per new
/// element (or one for a removed element).
pub(super) fn split_into_elements(
    c: &Component,
    alignment: &Alignment,
    old: &Revision,
    new: &Revision,
    hunks: &[(Hunk, Vec<Credit>, bool)],
) -> Vec<ElementDiff> {
    let len = |j: usize| new.paragraphs[j].text.len();
    let old_texts: Vec<&Tokenized> = c.old.iter().map(|&i| &old.paragraphs[i].text).collect();
    let from_ids: Vec<String> = c.old.iter().map(|&i| old.paragraphs[i].id.clone()).collect();
    let to_hunk = |h: &Hunk, new_text: Option<&Tokenized>, shift: usize, credits: &[Credit], chair: bool| StepHunk {
        old_words: h.old.clone(),
        new_words: h.new.start - shift..h.new.end - shift,
        old: concat_slice(&old_texts, h.old.clone()),
        new: new_text.map_or(String::new(), |t| t.slice(h.new.start - shift..h.new.end - shift).to_owned()),
        credits: credits.to_vec(),
        chair,
    };
    if c.new.is_empty() {
        let i = c.old[0];
        return vec![ElementDiff {
            id: old.paragraphs[i].id.clone(),
            from_ids,
            change: ChangeKind::Removed,
            new: None,
            old: c.old.clone(),
            moved: false,
            hunks: hunks.iter().map(|(h, cr, chair)| to_hunk(h, None, 0, cr, *chair)).collect(),
        }];
    }
    let mut out = Vec::with_capacity(c.new.len());
    let total: usize = c.new.iter().map(|&j| len(j)).sum();
    let mut start = 0;
    for (pos, &j) in c.new.iter().enumerate() {
        let end = start + len(j);
        let last = pos + 1 == c.new.len();
        let text = &new.paragraphs[j].text;
        let mut element_hunks = Vec::new();
        for (h, credits, chair) in hunks {
            let mine = if h.new.is_empty() {
                (start <= h.new.start && h.new.start < end) || (last && h.new.start == total)
            } else {
                h.new.start < end && start < h.new.end
            };
            if !mine {
                continue;
            }
            let first_piece = h.new.is_empty() || h.new.start >= start;
            let piece = Hunk {
                old: if first_piece { h.old.clone() } else { h.old.end..h.old.end },
                new: h.new.start.max(start)..h.new.end.min(end),
            };
            element_hunks.push(to_hunk(&piece, Some(text), start, credits, *chair));
        }
        let change = if c.old.is_empty() { ChangeKind::Added } else { alignment.change_of_new(old, new, j) };
        out.push(ElementDiff {
            id: new.paragraphs[j].id.clone(),
            from_ids: from_ids.clone(),
            change,
            new: Some(j),
            old: c.old.clone(),
            moved: alignment.moved[j],
            hunks: element_hunks,
        });
        start = end;
    }
    out
}

/// The text of tokens `range` of several texts taken as one, joined by a space.
fn concat_slice(texts: &[&Tokenized], range: Range<usize>) -> String {
    let mut out = String::new();
    let mut offset = 0;
    for t in texts {
        let (s, e) = (range.start.max(offset), range.end.min(offset + t.len()));
        if s < e {
            // Every piece has a token, so only the first leaves `out` empty.
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(t.slice(s - offset..e - offset));
        }
        offset += t.len();
    }
    out
}
