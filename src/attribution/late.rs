//! Late take-up: the Chair adopting a proposal one or more revisions after it was made.
//!
//! The candidates of a step N → N+1 are the amendments proposed on N and those of the
//! [`LATE_UPTAKE`] revisions before that no step has taken up (nor were withdrawn),
//! earliest first. A late amendment is applied to N like any other, with one care: a whole
//! new wording (`text:`) written against an older text, applied to N, would also undo every
//! edit made since, so it keeps only the changes it proposed on its own revision.

use super::analysis::earliest;
use super::applied::Proposal;
use super::outcome::Standing;
use crate::draft::{Negotiation, Operation, Revision};

/// How many revisions after it was proposed an amendment not taken up can still be
/// credited (the Chair taking a proposal up late).
pub const LATE_UPTAKE: usize = 3;

/// The amendments that compete for the changes of step `k` → `k+1`: those proposed on `k`,
/// then those of the [`LATE_UPTAKE`] revisions before still open to late take-up, all
/// earliest first. `by_revision` lists the amendments by the revision they were proposed
/// on.
pub(super) fn candidates(n: &Negotiation, k: usize, by_revision: &[Vec<usize>], standings: &[Standing]) -> Vec<usize> {
    let mut keys: Vec<usize> = by_revision[k].to_vec();
    // Only LATE_UPTAKE revisions back: the lookback bounds the work on long processes.
    for earlier in &by_revision[k.saturating_sub(LATE_UPTAKE)..k] {
        keys.extend(earlier.iter().filter(|&&i| standings[i].open_to_late_uptake()));
    }
    keys.sort_by(|&a, &b| earliest(n, a, b));
    keys
}

/// The revision a late `text:` amendment `i` was written against, when it competes on a
/// step from `old`: it is applied there too, to know which changes it proposed.
pub(super) fn written_against(n: &Negotiation, i: usize, old: &Revision) -> Option<usize> {
    let a = &n.amendments[i];
    (a.revision != old.id && matches!(a.operation, Operation::Text { .. }))
        .then(|| n.revision_index(&a.revision).expect("amendments are on listed revisions"))
}

/// Keeps of `now` (an amendment applied to a revision of ids `now_ids`) only the changes
/// that delete and insert words its application to its own revision (`then`, ids
/// `then_ids`) deleted and inserted; `false` when no change is left.
pub(super) fn keep_changes_proposed_then(
    now: &mut Proposal,
    now_ids: &[Vec<u32>],
    then: &Proposal,
    then_ids: &[Vec<u32>],
) -> bool {
    fn words(e: Option<usize>, ids: &[Vec<u32>]) -> &[u32] {
        e.map_or(&[], |e| &ids[e])
    }
    let (then_words, now_words) = (words(then.element, then_ids), words(now.element, now_ids));
    let inserted: Vec<u32> = then.changes.iter().flat_map(|c| c.inserted.iter().copied()).collect();
    let deleted: Vec<u32> = then.changes.iter().flat_map(|c| then_words[c.old.clone()].iter().copied()).collect();
    now.changes.retain(|c| {
        let ins_ok = c.inserted.iter().all(|t| inserted.contains(t));
        let del_ok = now_words[c.old.clone()].iter().all(|t| deleted.contains(t));
        ins_ok && del_ok
    });
    !now.changes.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attribution::credit::Change;

    fn proposal(changes: Vec<Change>) -> Proposal {
        Proposal { amendment: 0, element: Some(0), changes, deletes_paragraph: false }
    }

    #[test]
    fn a_late_whole_wording_keeps_only_the_changes_it_proposed_then() {
        // Its own revision read "a b c" (ids 1 2 3) and it proposed "a X c" (X = 9). Since
        // then the Chair appended "d" (5): its whole wording applied now also deletes "d".
        let then_ids = [vec![1, 2, 3]];
        let then = proposal(vec![Change { old: 1..2, inserted: vec![9] }]);
        let now_ids = [vec![1, 2, 3, 5]];
        let mut now = proposal(vec![Change { old: 1..2, inserted: vec![9] }, Change { old: 3..4, inserted: vec![] }]);
        assert!(keep_changes_proposed_then(&mut now, &now_ids, &then, &then_ids));
        assert_eq!(now.changes, [Change { old: 1..2, inserted: vec![9] }]);
    }

    #[test]
    fn a_late_whole_wording_with_nothing_left_of_its_changes_does_not_compete() {
        // The Chair already made the change; applied now, it would only undo a later edit.
        let then_ids = [vec![1, 2, 3]];
        let then = proposal(vec![Change { old: 1..2, inserted: vec![9] }]);
        let now_ids = [vec![1, 9, 3, 5]];
        let mut now = proposal(vec![Change { old: 3..4, inserted: vec![] }]);
        assert!(!keep_changes_proposed_then(&mut now, &now_ids, &then, &then_ids));
    }
}
