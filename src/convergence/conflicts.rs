//! Conflicts between open amendments: two proposers who want different things for the
//! same words, and every objection filed against an open amendment.
//!
//! Each open amendment is applied to the element ([`crate::attribution::proposal::apply`])
//! and diffed against it ([`crate::diff::word_diff`]), which gives its changes as token
//! ranges of the element. Two amendments from different proposers compete when a change
//! of one touches a change of the other and the two differ:
//!
//! ```text
//! element: "… [the possibility of additional legally binding obligations] …"
//! lmg-3: "possibility" -> "elaboration", …   eu-3: "possibility" -> "full implementation", …
//!   -> Competing (rewrite): both change "possibility", differently
//! lmg-4 deletes tokens 10..40; che-2 inserts at 38 -> Competing (inside)
//! ```

use std::ops::Range;

use crate::attribution::proposal::apply;
use crate::diff::word_diff;
use crate::draft::{Negotiation, Operation, Paragraph};
use crate::text::{Interner, Tokenized};

/// How two open amendments compete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Competition {
    /// Both delete or replace overlapping words, with different results.
    Rewrite,
    /// `inserts` adds words inside the passage `rewrites` deletes or replaces.
    Inside {
        /// The amendment that inserts.
        inserts: usize,
        /// The amendment that deletes or replaces.
        rewrites: usize,
    },
    /// Both insert different words at the same place.
    SamePlace,
}

/// A conflict on an element.
#[derive(Debug, Clone, PartialEq)]
pub enum Conflict {
    /// Two open amendments from different proposers change the same words differently.
    Competing {
        /// The two amendments, in negotiation order.
        amendments: [usize; 2],
        /// How they compete.
        kind: Competition,
        /// The words of the element they fight over, as quoted by one of them.
        passage: String,
    },
    /// An open amendment that delegations or groups oppose.
    Opposed {
        /// The amendment.
        amendment: usize,
        /// Who opposes it.
        opposed_by: Vec<String>,
    },
}

impl Conflict {
    /// The amendments involved.
    pub fn amendments(&self) -> Vec<usize> {
        match self {
            Conflict::Competing { amendments, .. } => amendments.to_vec(),
            Conflict::Opposed { amendment, .. } => vec![*amendment],
        }
    }

    /// The two sides, as codes: (one side, the other).
    pub fn sides(&self, n: &Negotiation) -> (Vec<String>, Vec<String>) {
        match self {
            Conflict::Competing { amendments: [a, b], .. } => {
                (vec![n.amendments[*a].by.clone()], vec![n.amendments[*b].by.clone()])
            }
            Conflict::Opposed { amendment, opposed_by } => {
                (vec![n.amendments[*amendment].by.clone()], opposed_by.clone())
            }
        }
    }
}

/// One change an amendment makes, in the element's token coordinates.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Change {
    old: Range<usize>,
    inserted: Vec<u32>,
}

/// The conflicts among the `open` amendments (indices, negotiation order) on paragraph `p`:
/// competing pairs first (when `competing`), then oppositions.
pub(super) fn find(n: &Negotiation, p: &Paragraph, open: &[usize], competing: bool) -> Vec<Conflict> {
    let mut out = Vec::new();
    if open.is_empty() {
        return out;
    }
    if competing && open.len() > 1 {
        let mut interner = Interner::new();
        let element: Vec<u32> = p.text.tokens().map(|t| interner.intern(t)).collect();
        let changes: Vec<(usize, Vec<Change>)> = open
            .iter()
            .filter_map(|&i| changes_of(&n.amendments[i].operation, p, &element, &mut interner).map(|c| (i, c)))
            .collect();
        for (x, (a, ca)) in changes.iter().enumerate() {
            for (b, cb) in &changes[x + 1..] {
                if n.amendments[*a].by == n.amendments[*b].by || ca == cb {
                    continue;
                }
                if let Some(kind) = compete(*a, ca, *b, cb) {
                    let passage = passage(n, p, *a, *b, kind);
                    out.push(Conflict::Competing { amendments: [*a, *b], kind, passage });
                }
            }
        }
    }
    for &i in open {
        let a = &n.amendments[i];
        if !a.opposed_by.is_empty() {
            out.push(Conflict::Opposed { amendment: i, opposed_by: a.opposed_by.clone() });
        }
    }
    out
}

/// The wording amendment `i` proposes for `p`, with its changes marked (empty when it
/// deletes the paragraph or its anchors do not resolve).
pub(super) fn proposal(n: &Negotiation, p: &Paragraph, i: usize) -> Vec<super::Segment> {
    let Ok(Some(text)) = apply(&n.amendments[i].operation, Some(p)) else {
        return Vec::new();
    };
    let mut interner = Interner::new();
    let old: Vec<u32> = p.text.tokens().map(|t| interner.intern(t)).collect();
    let proposed = Tokenized::new(&text);
    let new: Vec<u32> = proposed.tokens().map(|t| interner.intern(t)).collect();
    let hunks = word_diff(&old, &new);
    super::segments(&proposed, hunks.iter().map(|h| (h.new.clone(), p.text.slice(h.old.clone()), vec![i])))
}

/// The changes `op` makes to `p` (`None` when its anchors do not resolve, or for `add`).
fn changes_of(op: &Operation, p: &Paragraph, element: &[u32], interner: &mut Interner) -> Option<Vec<Change>> {
    match op {
        Operation::Add { .. } => None,
        Operation::DeleteParagraph => Some(vec![Change { old: 0..element.len(), inserted: Vec::new() }]),
        op => {
            let proposed = apply(op, Some(p)).ok()??;
            let ids: Vec<u32> = Tokenized::new(&proposed).tokens().map(|t| interner.intern(t)).collect();
            Some(
                word_diff(element, &ids)
                    .into_iter()
                    .map(|h| Change { old: h.old, inserted: ids[h.new].to_vec() })
                    .collect(),
            )
        }
    }
}

/// Whether the changes of `a` and `b` compete, and how.
fn compete(a: usize, ca: &[Change], b: usize, cb: &[Change]) -> Option<Competition> {
    let mut found = None;
    for x in ca {
        for y in cb {
            if x == y {
                continue;
            }
            let kind = match (x.old.is_empty(), y.old.is_empty()) {
                (false, false) if super::overlaps(&x.old, &y.old) => Competition::Rewrite,
                (true, false) if y.old.start < x.old.start && x.old.start < y.old.end => {
                    Competition::Inside { inserts: a, rewrites: b }
                }
                (false, true) if x.old.start < y.old.start && y.old.start < x.old.end => {
                    Competition::Inside { inserts: b, rewrites: a }
                }
                (true, true) if x.old.start == y.old.start => Competition::SamePlace,
                _ => continue,
            };
            if kind == Competition::Rewrite {
                return Some(kind);
            }
            found = found.or(Some(kind));
        }
    }
    found
}

/// The passage two amendments fight over, as quoted by the one that rewrites it (or,
/// for two insertions, the anchor).
fn passage(n: &Negotiation, p: &Paragraph, a: usize, b: usize, kind: Competition) -> String {
    let order = match kind {
        Competition::Inside { inserts, rewrites } => [rewrites, inserts],
        _ => [a, b],
    };
    for i in order {
        match &n.amendments[i].operation {
            Operation::Replace { phrase, .. } | Operation::Delete { phrase } => return phrase.trim().to_owned(),
            Operation::Insert { anchor, .. } if kind == Competition::SamePlace => return anchor.trim().to_owned(),
            _ => {}
        }
    }
    p.text.text.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(old: Range<usize>, inserted: &[u32]) -> Change {
        Change { old, inserted: inserted.to_vec() }
    }

    #[test]
    fn two_replacements_of_the_same_words_compete() {
        let a = [change(1..3, &[7])];
        let b = [change(2..4, &[8])];
        assert_eq!(compete(0, &a, 1, &b), Some(Competition::Rewrite));
    }

    #[test]
    fn an_insertion_inside_a_deleted_passage_competes() {
        let deletes = [change(2..10, &[])];
        let inserts = [change(6..6, &[9])];
        assert_eq!(compete(0, &inserts, 1, &deletes), Some(Competition::Inside { inserts: 0, rewrites: 1 }));
        assert_eq!(compete(1, &deletes, 0, &inserts), Some(Competition::Inside { inserts: 0, rewrites: 1 }));
        // At the edge of the passage, the two compose.
        assert_eq!(compete(0, &[change(10..10, &[9])], 1, &deletes), None);
    }

    #[test]
    fn insertions_compete_only_at_the_same_place_with_different_words() {
        assert_eq!(compete(0, &[change(4..4, &[1])], 1, &[change(4..4, &[2])]), Some(Competition::SamePlace));
        assert_eq!(compete(0, &[change(4..4, &[1])], 1, &[change(4..4, &[1])]), None);
        assert_eq!(compete(0, &[change(4..4, &[1])], 1, &[change(5..5, &[2])]), None);
    }

    #[test]
    fn identical_changes_do_not_compete() {
        let same = [change(1..2, &[5]), change(6..6, &[3])];
        assert_eq!(compete(0, &same, 1, &same), None);
    }
}
