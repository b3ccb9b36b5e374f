//! Crediting the hunks of one step to the amendments they reflect.
//!
//! Both sides are token changes against the same old text: a hunk of the step, and each
//! change an amendment proposed (see [`proposal`](super::proposal)). A change is
//! *realized* by the hunks that touch it (overlap it, or for insertions and deletions,
//! stand within [`NEAR`] tokens of it) to the extent that
//! - its deleted tokens are deleted by them (share `r_del`), and
//! - its inserted tokens appear, in order, among theirs (longest common subsequence,
//!   share `r_ins`).
//!
//! A change counts as taken up when `r_del >= 0.5` (if it deletes) and `r_ins >= 0.5`
//! (if it inserts): a Chair who replaces the same words with different ones has not
//! taken up the amendment. The credit is `exact` when the hunk is exactly the change;
//! otherwise `partial`, with the Dice similarity `2·matched / (|change| + |hunk|)`,
//! counting tokens deleted and inserted on both sides.

use std::ops::Range;

use crate::diff::{Hunk, lcs_pairs};

/// How far (in tokens) an insertion or deletion may stand from a change and still be
/// compared with it: the Chair sometimes places words one or two tokens away.
pub const NEAR: usize = 2;
/// Share of a change's deleted, and of its inserted, tokens that must be realized for
/// the change to count as taken up.
pub const TAKEN_UP: f64 = 0.5;

/// One change an amendment proposes: replace old tokens `old` with `inserted`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Range of old tokens deleted (empty for a pure insertion, at its position).
    pub old: Range<usize>,
    /// Token ids inserted.
    pub inserted: Vec<u32>,
}

impl Change {
    fn size(&self) -> usize {
        self.old.len() + self.inserted.len()
    }
}

/// An amendment competing for credit, with its changes in the step's coordinates.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The caller's key for it.
    pub key: usize,
    /// Its changes, ordered, non-overlapping.
    pub changes: Vec<Change>,
}

/// Who is credited with one hunk.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// The candidate's key.
    pub key: usize,
    /// The hunk is exactly the candidate's change.
    pub exact: bool,
    /// Dice similarity of the change and the hunk.
    pub similarity: f64,
}

/// Credits of one hunk, and which tokens each credited candidate accounts for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HunkCredit {
    /// Credited candidates, in the order given (earliest first).
    pub matches: Vec<Match>,
    /// For each inserted token of the hunk, the first candidate that proposed it.
    pub ins_owner: Vec<Option<usize>>,
    /// For each deleted token of the hunk, the first candidate that proposed deleting it.
    pub del_owner: Vec<Option<usize>>,
}

impl HunkCredit {
    /// Whether some of the hunk is nobody's proposal: the Chair's own wording.
    pub fn has_chair_part(&self) -> bool {
        self.ins_owner.iter().chain(&self.del_owner).any(Option::is_none)
    }
}

/// How much of a candidate's proposal the step realized.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Realized {
    /// Tokens of its changes realized (in changes taken up).
    pub matched: usize,
    /// Tokens of all its changes.
    pub total: usize,
    /// Every change realized in full.
    pub complete: bool,
    /// At least one change taken up.
    pub any: bool,
}

impl Realized {
    /// Share of the proposal realized, 0 to 1.
    pub fn share(&self) -> f64 {
        if self.total == 0 { 0.0 } else { self.matched as f64 / self.total as f64 }
    }
}

fn distance(a: &Range<usize>, b: &Range<usize>) -> usize {
    if a.end <= b.start { b.start - a.end } else { a.start.saturating_sub(b.end) }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether a hunk and a change concern the same place.
fn touches(change: &Range<usize>, hunk: &Range<usize>) -> bool {
    if change.is_empty() || hunk.is_empty() { distance(change, hunk) <= NEAR } else { overlaps(change, hunk) }
}

/// Credits `hunks` (old coordinates: the old text; new coordinates: `new`) to the
/// candidates whose changes they realize. Candidates come earliest first; the first to
/// propose a token owns it.
pub fn attribute(hunks: &[Hunk], new: &[u32], candidates: &[Candidate]) -> (Vec<HunkCredit>, Vec<Realized>) {
    let mut credits: Vec<HunkCredit> = hunks
        .iter()
        .map(|h| HunkCredit { matches: vec![], ins_owner: vec![None; h.new.len()], del_owner: vec![None; h.old.len()] })
        .collect();
    let mut realized = Vec::with_capacity(candidates.len());
    for cand in candidates {
        let (r, found) = realize(hunks, new, cand);
        if r.any {
            for &(k, t) in &found.deleted {
                credits[k].del_owner[t - hunks[k].old.start].get_or_insert(cand.key);
            }
            for &(k, off) in &found.inserted {
                credits[k].ins_owner[off].get_or_insert(cand.key);
            }
            for (k, matched, size, exact) in found.per_hunk {
                let similarity = if exact { 1.0 } else { 2.0 * matched as f64 / (size + hunks[k].size()) as f64 };
                credits[k].matches.push(Match { key: cand.key, exact, similarity: round3(similarity.min(1.0)) });
            }
        }
        realized.push(r);
    }
    (credits, realized)
}

/// The tokens of the step that realize one candidate's changes.
#[derive(Default)]
struct Found {
    /// (hunk, old token) deleted as the candidate proposed.
    deleted: Vec<(usize, usize)>,
    /// (hunk, offset in its new range) inserted as the candidate proposed.
    inserted: Vec<(usize, usize)>,
    /// (hunk, tokens realized in it, size of the changes it realizes, exactly the change).
    per_hunk: Vec<(usize, usize, usize, bool)>,
}

/// Measures how far the hunks realize `cand`'s changes.
fn realize(hunks: &[Hunk], new: &[u32], cand: &Candidate) -> (Realized, Found) {
    let mut r = Realized {
        total: cand.changes.iter().map(Change::size).sum(),
        complete: !cand.changes.is_empty(),
        ..Default::default()
    };
    let mut found = Found::default();
    for change in &cand.changes {
        let mut local: Vec<usize> = (0..hunks.len()).filter(|&k| touches(&change.old, &hunks[k].old)).collect();
        // A hunk that is exactly the change explains it alone.
        let is_exact = |k: &usize| hunks[*k].old == change.old && new[hunks[*k].new.clone()] == change.inserted[..];
        if let Some(k) = local.iter().copied().find(is_exact) {
            local = vec![k];
        }
        // Deleted tokens realized.
        let mut del_hits: Vec<(usize, usize)> = Vec::new();
        for &k in &local {
            let h = &hunks[k].old;
            del_hits.extend((change.old.start.max(h.start)..change.old.end.min(h.end)).map(|t| (k, t)));
        }
        // Inserted tokens realized: LCS against the local hunks' insertions, in order.
        let mut seq: Vec<u32> = Vec::new();
        let mut seq_at: Vec<(usize, usize)> = Vec::new();
        for &k in &local {
            for (off, t) in hunks[k].new.clone().enumerate() {
                seq.push(new[t]);
                seq_at.push((k, off));
            }
        }
        let pairs = lcs_pairs(&change.inserted, &seq);
        let share = |hit: usize, of: usize| if of == 0 { 1.0 } else { hit as f64 / of as f64 };
        let matched = del_hits.len() + pairs.len();
        if matched == 0
            || share(del_hits.len(), change.old.len()) < TAKEN_UP
            || share(pairs.len(), change.inserted.len()) < TAKEN_UP
        {
            r.complete = false;
            continue;
        }
        r.any = true;
        r.matched += matched;
        r.complete &= matched == change.size();
        let exact = local.len() == 1 && is_exact(&local[0]);
        let mut count = |k: usize| match found.per_hunk.iter_mut().find(|e| e.0 == k) {
            Some(e) => {
                e.1 += 1;
                e.3 &= exact;
            }
            None => found.per_hunk.push((k, 1, 0, exact)),
        };
        for &(k, _) in &del_hits {
            count(k);
        }
        for &(_, j) in &pairs {
            count(seq_at[j].0);
        }
        for e in found.per_hunk.iter_mut().filter(|e| local.contains(&e.0)) {
            e.2 += change.size();
        }
        found.deleted.extend(del_hits);
        found.inserted.extend(pairs.iter().map(|&(_, j)| seq_at[j]));
    }
    // Words the amendment keeps between its changes but the step deleted contradict it:
    // removing the brackets around a phrase is not taken up by deleting the phrase.
    let realizing: Vec<usize> = found.per_hunk.iter().map(|e| e.0).collect();
    let contradicted = contradicted(hunks, &realizing, cand);
    if r.any && r.matched <= contradicted {
        return (Realized { total: r.total, ..Default::default() }, Found::default());
    }
    r.complete &= contradicted == 0;
    (r, found)
}

/// Number of tokens between a candidate's first and last change that it leaves as they
/// are and that the hunks realizing its changes delete. (A separate hunk deleting such a
/// word, another delegation's proposal say, does not contradict it.)
fn contradicted(hunks: &[Hunk], realizing: &[usize], cand: &Candidate) -> usize {
    let (Some(first), Some(last)) = (cand.changes.first(), cand.changes.last()) else { return 0 };
    let span = first.old.start..last.old.end;
    realizing
        .iter()
        .map(|&k| &hunks[k])
        .flat_map(|h| h.old.start.max(span.start)..h.old.end.min(span.end))
        .filter(|t| !cand.changes.iter().any(|c| c.old.contains(t)))
        .count()
}

/// Rounds to three decimals, so that JSON output is stable and readable.
pub fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::word_diff;

    fn cand(key: usize, old: &[u32], proposed: &[u32]) -> Candidate {
        let changes = word_diff(old, proposed)
            .into_iter()
            .map(|h| Change { old: h.old, inserted: proposed[h.new].to_vec() })
            .collect();
        Candidate { key, changes }
    }

    #[test]
    fn verbatim_adoption_is_exact() {
        let old = [1, 2, 3, 4];
        let new = [1, 2, 9, 3, 4];
        let hunks = word_diff(&old, &new);
        let (c, r) = attribute(&hunks, &new, &[cand(0, &old, &new)]);
        assert_eq!(c[0].matches, [Match { key: 0, exact: true, similarity: 1.0 }]);
        assert!(!c[0].has_chair_part());
        assert!(r[0].complete);
    }

    #[test]
    fn two_identical_proposals_are_both_credited_earliest_first() {
        let old = [1, 2, 3];
        let new = [1, 7, 2, 3];
        let hunks = word_diff(&old, &new);
        let (c, _) = attribute(&hunks, &new, &[cand(5, &old, &new), cand(2, &old, &new)]);
        let keys: Vec<usize> = c[0].matches.iter().map(|m| m.key).collect();
        assert_eq!(keys, [5, 2]);
        assert_eq!(c[0].ins_owner, [Some(5)]);
    }

    #[test]
    fn a_different_replacement_of_the_same_words_is_the_chairs() {
        let old = [1, 2, 3, 4];
        let proposed = [1, 8, 8, 4];
        let new = [1, 9, 9, 4];
        let hunks = word_diff(&old, &new);
        let (c, r) = attribute(&hunks, &new, &[cand(0, &old, &proposed)]);
        assert!(c[0].matches.is_empty());
        assert!(c[0].has_chair_part());
        assert!(!r[0].any);
    }

    #[test]
    fn reworded_adoption_is_partial() {
        let old = [1, 2, 3];
        let proposed = [1, 10, 11, 12, 13, 2, 3];
        let new = [1, 10, 11, 99, 13, 2, 3];
        let hunks = word_diff(&old, &new);
        let (c, r) = attribute(&hunks, &new, &[cand(0, &old, &proposed)]);
        assert_eq!(c[0].matches.len(), 1);
        assert!(!c[0].matches[0].exact);
        assert_eq!(c[0].ins_owner, [Some(0), Some(0), None, Some(0)]);
        assert!(r[0].any && !r[0].complete);
        assert_eq!(r[0].share(), 0.75);
    }

    #[test]
    fn deleting_a_bracketed_phrase_does_not_take_up_removing_its_brackets() {
        // old: a [ b c d ] e ; proposal: a b c d e ; new: a x e
        let old = [1, 90, 2, 3, 4, 91, 5];
        let proposed = [1, 2, 3, 4, 5];
        let new = [1, 7, 5];
        let hunks = word_diff(&old, &new);
        let (c, r) = attribute(&hunks, &new, &[cand(0, &old, &proposed)]);
        assert!(c.iter().all(|h| h.matches.is_empty()), "{c:?}");
        assert!(!r[0].any);
    }

    #[test]
    fn merged_proposals_credit_both() {
        let old = [1, 2];
        let a = [1, 10, 2];
        let b = [1, 20, 2];
        let new = [1, 10, 30, 20, 2];
        let hunks = word_diff(&old, &new);
        let (c, r) = attribute(&hunks, &new, &[cand(0, &old, &a), cand(1, &old, &b)]);
        assert_eq!(c[0].matches.len(), 2);
        assert_eq!(c[0].ins_owner, [Some(0), None, Some(1)]);
        assert!(r[0].complete && r[1].complete);
    }
}
