//! The candidates of a step applied to its old revision as token changes: the
//! [`Proposal`]s that compete for the step's hunks.
//!
//! Each amendment's operation is applied to its element's text ([`apply`]), the result
//! tokenized and diffed with the element over interned ids. Applying and tokenizing run in
//! parallel, interning in order (so that the ids never depend on the threads), diffing in
//! parallel again.

use rayon::prelude::*;

use super::credit::Change;
use super::late::{keep_changes_proposed_then, written_against};
use super::proposal::apply;
use crate::diff::word_diff;
use crate::draft::{Amendment, Negotiation, Operation, Revision};
use crate::text::{Interner, Tokenized};

/// An amendment applied to a revision, ready to compete for credit.
pub(super) struct Proposal {
    /// Index into `negotiation.amendments`.
    pub amendment: usize,
    /// Index of the target paragraph in the revision it is applied to (`None` for `add`).
    pub element: Option<usize>,
    /// Its changes to the element, in the element's token coordinates.
    pub changes: Vec<Change>,
    /// It proposes deleting the whole paragraph.
    pub deletes_paragraph: bool,
}

/// The proposals of amendments `live` on step `k` → `k+1`, in the order given (those that
/// cannot apply to revision `k` left out); `ids` are the token ids of every revision.
pub(super) fn proposals(
    n: &Negotiation,
    k: usize,
    live: &[usize],
    ids: &[Vec<Vec<u32>>],
    interner: &mut Interner,
) -> Vec<Proposal> {
    let old = &n.revisions[k];
    let applied: Vec<(Option<Applied>, Option<Applied>)> = live
        .par_iter()
        .map(|&i| {
            let a = &n.amendments[i];
            (applied(a, old), written_against(n, i, old).and_then(|m| applied(a, &n.revisions[m])))
        })
        .collect();
    let interned: Vec<(Option<Interned>, Option<Interned>)> = applied
        .into_iter()
        .map(|(now, then)| (now.map(|x| x.intern(interner)), then.map(|x| x.intern(interner))))
        .collect();
    live.par_iter()
        .zip(interned)
        .filter_map(|(&i, (now, then))| {
            let mut p = proposal(i, now?, &ids[k]);
            if let Some(m) = written_against(n, i, old) {
                let original = proposal(i, then?, &ids[m]);
                if !keep_changes_proposed_then(&mut p, &ids[k], &original, &ids[m]) {
                    return None;
                }
            }
            Some(p)
        })
        .collect()
}

/// An amendment applied to a revision, its wording tokenized but not yet interned.
enum Applied {
    /// A new paragraph's words.
    Add(Tokenized),
    /// Deleting the element at this index.
    Delete(usize),
    /// The element at this index, reworded.
    Edit(usize, Tokenized),
}

/// The same, interned.
enum Interned {
    Add(Vec<u32>),
    Delete(usize),
    Edit(usize, Vec<u32>),
}

/// Applies amendment `a` to revision `rev`; `None` when it cannot apply there (its element
/// is missing, or exists already for an `add`; its anchor is not found).
fn applied(a: &Amendment, rev: &Revision) -> Option<Applied> {
    let element = rev.index_of(&a.element);
    match &a.operation {
        Operation::Add { .. } => {
            if element.is_some() {
                return None;
            }
            Some(Applied::Add(Tokenized::new(&apply(&a.operation, None).ok()??)))
        }
        Operation::DeleteParagraph => Some(Applied::Delete(element?)),
        op => {
            let e = element?;
            Some(Applied::Edit(e, Tokenized::new(&apply(op, Some(&rev.paragraphs[e])).ok()??)))
        }
    }
}

impl Applied {
    fn intern(self, interner: &mut Interner) -> Interned {
        match self {
            Applied::Add(t) => Interned::Add(interner.intern_tokens(&t)),
            Applied::Delete(e) => Interned::Delete(e),
            Applied::Edit(e, t) => Interned::Edit(e, interner.intern_tokens(&t)),
        }
    }
}

/// The proposal of amendment `i`, applied as `applied` to the revision of token ids `ids`.
fn proposal(i: usize, applied: Interned, ids: &[Vec<u32>]) -> Proposal {
    match applied {
        Interned::Add(inserted) => Proposal {
            amendment: i,
            element: None,
            changes: vec![Change { old: 0..0, inserted }],
            deletes_paragraph: false,
        },
        Interned::Delete(e) => Proposal {
            amendment: i,
            element: Some(e),
            changes: vec![Change { old: 0..ids[e].len(), inserted: vec![] }],
            deletes_paragraph: true,
        },
        Interned::Edit(e, proposed) => {
            let changes = word_diff(&ids[e], &proposed)
                .into_iter()
                .map(|h| Change { old: h.old, inserted: proposed[h.new].to_vec() })
                .collect();
            Proposal { amendment: i, element: Some(e), changes, deletes_paragraph: false }
        }
    }
}
