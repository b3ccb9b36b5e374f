//! The diff between revisions several steps apart, credited through the steps.
//!
//! Diffing the two revisions directly would show a word that left and came back as kept,
//! and would not know who made each change. Instead every word of the older revision is
//! followed through the steps: where it went, or which step deleted it and whose amendment
//! was credited with the deletion. The hunks are those between the followed words that kept
//! their order, so a word every step kept is never shown deleted and inserted again; each
//! hunk is credited to the amendments that own its words (a deleted word's deleter, an
//! inserted word's origin), with the step that took each up.

use std::collections::HashMap;

use super::analysis::{Analysis, earliest};
use super::credit::{HunkCredit, round3};
use super::hunks::{equal_pairs, hunks_from_pairs, increasing};
use super::revision_diff::{Credit, RevisionDiff, split_into_elements};
use super::span::Origin;
use crate::diff::{Component, Hunk, from_links};

/// A word of the older revision: (element, token).
type Label = (usize, usize);

/// The words of revision `from` followed through the steps to revision `to`.
struct Followed {
    /// For each token of each element of `to`, the word of `from` it is, if any.
    labels: Vec<Vec<Option<Label>>>,
    /// For each word of `from` deleted on the way, the amendment credited with deleting it
    /// (`None`: the Chair) and the revision that deleted it.
    deleted_by: HashMap<Label, (Option<usize>, usize)>,
    /// For each element of `to`, the elements of `from` it continues.
    lineage: Vec<Vec<usize>>,
}

impl Analysis<'_> {
    /// The diff between revisions `from` and `to`, more than one step apart.
    pub(super) fn multi_step_diff(&self, from: usize, to: usize) -> RevisionDiff {
        let n = self.negotiation;
        let (old, new) = (&n.revisions[from], &n.revisions[to]);
        let followed = self.follow(from, to);
        let alignment = from_links(old.paragraphs.len(), &followed.lineage);
        let mut elements = Vec::new();
        for c in &alignment.components {
            let hunks = self.hunks_across(c, from, to, &followed);
            elements.extend(split_into_elements(c, &alignment, old, new, &hunks));
        }
        RevisionDiff { from, to, elements }
    }

    /// Follows every word of `from` through steps `from` to `to`.
    fn follow(&self, from: usize, to: usize) -> Followed {
        let n = self.negotiation;
        let mut labels: Vec<Vec<Option<Label>>> =
            self.ids[from].iter().enumerate().map(|(i, p)| (0..p.len()).map(|t| Some((i, t))).collect()).collect();
        let mut deleted_by: HashMap<Label, (Option<usize>, usize)> = HashMap::new();
        let mut lineage: Vec<Vec<usize>> = (0..n.revisions[from].paragraphs.len()).map(|i| vec![i]).collect();
        for k in from..to {
            let step = &self.steps[k];
            let n_new = n.revisions[k + 1].paragraphs.len();
            let mut next_labels: Vec<Vec<Option<Label>>> = vec![Vec::new(); n_new];
            let mut next_lineage: Vec<Vec<usize>> = vec![Vec::new(); n_new];
            for (c, w) in step.alignment.components.iter().zip(&step.work) {
                let old_labels: Vec<Option<Label>> = c.old.iter().flat_map(|&i| labels[i].iter().copied()).collect();
                let mut anc: Vec<usize> = c.old.iter().flat_map(|&i| lineage[i].iter().copied()).collect();
                anc.sort_unstable();
                anc.dedup();
                let new_len: usize = c.new.iter().map(|&j| self.ids[k + 1][j].len()).sum();
                let mut new_labels = vec![None; new_len];
                for (h, cr) in w.hunks.iter().zip(&w.credits) {
                    for (off, t) in h.old.clone().enumerate() {
                        if let Some(l) = old_labels[t] {
                            deleted_by.insert(l, (cr.del_owner[off], k + 1));
                        }
                    }
                }
                for (o, nn) in equal_pairs(&w.hunks, old_labels.len(), new_len) {
                    new_labels[nn] = old_labels[o];
                }
                let mut at = 0;
                for &j in &c.new {
                    let len = self.ids[k + 1][j].len();
                    next_labels[j] = new_labels[at..at + len].to_vec();
                    next_lineage[j].clone_from(&anc);
                    at += len;
                }
            }
            labels = next_labels;
            lineage = next_lineage;
        }
        Followed { labels, deleted_by, lineage }
    }

    /// The hunks of component `c` (elements of `from` and `to` that continue each other),
    /// each with its credits and whether some of it is the Chair's.
    fn hunks_across(&self, c: &Component, from: usize, to: usize, f: &Followed) -> Vec<(Hunk, Vec<Credit>, bool)> {
        let old_len: usize = c.old.iter().map(|&i| self.ids[from][i].len()).sum();
        let new_len: usize = c.new.iter().map(|&j| self.ids[to][j].len()).sum();
        let old_labels: Vec<Label> =
            c.old.iter().flat_map(|&i| (0..self.ids[from][i].len()).map(move |t| (i, t))).collect();
        let new_origins: Vec<Origin> = c.new.iter().flat_map(|&j| self.origins[to][j].iter().copied()).collect();
        let position: HashMap<Label, usize> = old_labels.iter().enumerate().map(|(p, &l)| (l, p)).collect();
        let followed: Vec<(usize, usize)> = c
            .new
            .iter()
            .flat_map(|&j| f.labels[j].iter())
            .enumerate()
            .filter_map(|(nn, l)| l.and_then(|l| position.get(&l)).map(|&o| (o, nn)))
            .collect();
        let hunks = hunks_from_pairs(&increasing(&followed), old_len, new_len);
        let mut out = Vec::with_capacity(hunks.len());
        for h in hunks {
            let deleted: Vec<Option<&(Option<usize>, usize)>> =
                h.old.clone().map(|t| f.deleted_by.get(&old_labels[t])).collect();
            let inserted = &new_origins[h.new.clone()];
            let credit = HunkCredit {
                matches: Vec::new(),
                del_owner: deleted.iter().map(|d| d.and_then(|d| d.0)).collect(),
                ins_owner: inserted
                    .iter()
                    .map(|o| o.amendment.map(|a| a as usize).filter(|_| o.since as usize > from))
                    .collect(),
            };
            let del_steps = deleted.iter().map(|d| d.map_or(to, |d| d.1));
            let credits = self.credits_of_owners(&h, &credit, del_steps, inserted);
            out.push((h, credits, credit.has_chair_part()));
        }
        out
    }

    /// The credits of hunk `h`, whose words are owned as `owners` says: each amendment
    /// owning some of its words, earliest first, with the share of the hunk's words it owns
    /// and the latest step that took them up (`del_steps` for the deleted words, the
    /// origins `inserted` for the inserted ones).
    fn credits_of_owners(
        &self,
        h: &Hunk,
        owners: &HunkCredit,
        del_steps: impl Iterator<Item = usize>,
        inserted: &[Origin],
    ) -> Vec<Credit> {
        // (amendment, tokens, step, partial)
        let mut counts: Vec<(usize, usize, usize, bool)> = Vec::new();
        let words = owners
            .del_owner
            .iter()
            .zip(del_steps.zip(std::iter::repeat(false)))
            .chain(owners.ins_owner.iter().zip(inserted.iter().map(|o| (o.since as usize, o.partial))));
        for (owner, (step, partial)) in words {
            if let Some(a) = owner {
                match counts.iter_mut().find(|c| c.0 == *a) {
                    Some(c) => {
                        c.1 += 1;
                        c.2 = c.2.max(step);
                        c.3 |= partial;
                    }
                    None => counts.push((*a, 1, step, partial)),
                }
            }
        }
        counts.sort_by(|x, y| earliest(self.negotiation, x.0, y.0));
        let size = h.size().max(1);
        counts
            .into_iter()
            .map(|(a, tokens, step, partial)| {
                let share = tokens as f64 / size as f64;
                // A word taken up with changed wording is only as alike as its amendment.
                let similarity = if partial { share.min(self.amendments[a].similarity) } else { share };
                Credit {
                    amendment: a,
                    exact: tokens == h.size() && !partial,
                    similarity: round3(similarity),
                    taken_up_in: step,
                }
            })
            .collect()
    }
}
