//! The attribution of a whole negotiation: one pass over the revisions, oldest first
//! ([`analyze`]), each step N → N+1 taken in turn ([`step`](super::step)), then the
//! amendments of the latest revision settled and every amendment's proposed wording
//! recorded. [`Analysis`] keeps the steps, and gives the diff between any two revisions:
//! a step's own, or one across several steps.

use std::collections::HashMap;

use super::credit::{HunkCredit, round3};
use super::hunks::{equal_pairs, hunks_from_pairs, increasing};
use super::outcome::{AmendmentResult, Standing, unanswered};
use super::proposal::apply;
use super::revision_diff::{Credit, RevisionDiff, split_into_elements};
use super::span::Origin;
use super::step::{Pass, Step, step};
use super::tokens::intern_revisions;
use crate::diff::{Alignment, from_links};
use crate::draft::Negotiation;
use crate::text::Interner;

/// The attribution of a whole negotiation.
#[derive(Debug)]
pub struct Analysis<'n> {
    /// The negotiation analysed.
    pub negotiation: &'n Negotiation,
    /// Token ids of every paragraph: `ids[revision][paragraph][token]`.
    pub ids: Vec<Vec<Vec<u32>>>,
    /// Origin of every token: `origins[revision][paragraph][token]`.
    pub origins: Vec<Vec<Vec<Origin>>>,
    /// One result per amendment, in `negotiation.amendments` order.
    pub amendments: Vec<AmendmentResult>,
    pub(super) steps: Vec<Step>,
}

/// Runs the attribution over the whole negotiation.
pub fn analyze(negotiation: &Negotiation) -> Analysis<'_> {
    let mut interner = Interner::new();
    let ids = intern_revisions(negotiation, &mut interner);
    let baseline: Vec<Vec<Origin>> =
        ids[0].iter().map(|p| vec![Origin { since: 0, amendment: None, partial: false }; p.len()]).collect();
    let mut analysis =
        Analysis { negotiation, origins: vec![baseline], amendments: Vec::new(), ids, steps: Vec::new() };
    let mut by_revision: Vec<Vec<usize>> = vec![Vec::new(); negotiation.revisions.len()];
    for (i, a) in negotiation.amendments.iter().enumerate() {
        if let Some(r) = negotiation.revision_index(&a.revision) {
            by_revision[r].push(i);
        }
    }
    let standings = vec![Standing::OPEN; negotiation.amendments.len()];
    let mut pass = Pass { interner, weights: None, by_revision, standings };
    for k in 0..negotiation.revisions.len().saturating_sub(1) {
        let (step, origins) = step(&analysis, k, &mut pass);
        analysis.origins.push(origins);
        analysis.steps.push(step);
    }
    // Open amendments on the latest revision: withdrawn, or pending.
    let Pass { by_revision, mut standings, .. } = pass;
    for &i in by_revision.last().into_iter().flatten() {
        standings[i] = unanswered(standings[i], negotiation.amendments[i].withdrawn.is_some());
    }
    // Record the proposed wording for every amendment on its own revision.
    analysis.amendments = negotiation
        .amendments
        .iter()
        .zip(standings)
        .map(|(a, standing)| {
            let proposed = negotiation.revision_index(&a.revision).and_then(|r| {
                let rev = &negotiation.revisions[r];
                apply(&a.operation, rev.paragraph(&a.element)).ok().flatten()
            });
            AmendmentResult::new(standing, proposed)
        })
        .collect();
    analysis
}

impl<'n> Analysis<'n> {
    /// The diff between revisions `from` and `to` (indices, `from < to`), credited
    /// through the steps that produced it.
    pub fn diff(&self, from: usize, to: usize) -> std::borrow::Cow<'_, RevisionDiff> {
        assert!(from < to && to < self.negotiation.revisions.len(), "from < to, both revisions");
        if to == from + 1 {
            return std::borrow::Cow::Borrowed(&self.steps[from].diff);
        }
        std::borrow::Cow::Owned(self.multi_step_diff(from, to))
    }

    /// The alignment of step `k` → `k+1`.
    pub fn alignment(&self, k: usize) -> &Alignment {
        &self.steps[k].alignment
    }

    fn multi_step_diff(&self, from: usize, to: usize) -> RevisionDiff {
        let n = self.negotiation;
        let (old, new) = (&n.revisions[from], &n.revisions[to]);
        // Follow deletions forward: which step (and whose amendment) deleted each token
        // of `from`.
        let mut labels: Vec<Vec<Option<(usize, usize)>>> =
            self.ids[from].iter().enumerate().map(|(i, p)| (0..p.len()).map(|t| Some((i, t))).collect()).collect();
        let mut deleted_by: HashMap<(usize, usize), (Option<usize>, usize)> = HashMap::new();
        // Lineage: for each element of the current revision, the `from` elements it continues.
        let mut lineage: Vec<Vec<usize>> = (0..old.paragraphs.len()).map(|i| vec![i]).collect();
        for k in from..to {
            let step = &self.steps[k];
            let n_new = n.revisions[k + 1].paragraphs.len();
            let mut next_labels: Vec<Vec<Option<(usize, usize)>>> = vec![Vec::new(); n_new];
            let mut next_lineage: Vec<Vec<usize>> = vec![Vec::new(); n_new];
            for (c, w) in step.alignment.components.iter().zip(&step.work) {
                let old_labels: Vec<Option<(usize, usize)>> =
                    c.old.iter().flat_map(|&i| labels[i].iter().copied()).collect();
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
        let links: Vec<Vec<usize>> = lineage;
        let alignment = from_links(old.paragraphs.len(), &links);
        let mut elements = Vec::new();
        for c in &alignment.components {
            let old_ids: Vec<u32> = c.old.iter().flat_map(|&i| self.ids[from][i].iter().copied()).collect();
            let new_ids: Vec<u32> = c.new.iter().flat_map(|&j| self.ids[to][j].iter().copied()).collect();
            let old_labels: Vec<(usize, usize)> =
                c.old.iter().flat_map(|&i| (0..self.ids[from][i].len()).map(move |t| (i, t))).collect();
            let new_origins: Vec<Origin> = c.new.iter().flat_map(|&j| self.origins[to][j].iter().copied()).collect();
            // The hunks follow the words through the steps, so that a word every step kept
            // is never shown as deleted and inserted again.
            let position: HashMap<(usize, usize), usize> =
                old_labels.iter().enumerate().map(|(p, &l)| (l, p)).collect();
            let followed: Vec<(usize, usize)> = c
                .new
                .iter()
                .flat_map(|&j| labels[j].iter())
                .enumerate()
                .filter_map(|(nn, l)| l.and_then(|l| position.get(&l)).map(|&o| (o, nn)))
                .collect();
            let hunks = hunks_from_pairs(&increasing(&followed), old_ids.len(), new_ids.len());
            let credits: Vec<HunkCredit> = hunks
                .iter()
                .map(|h| {
                    let del_owner = h.old.clone().map(|t| deleted_by.get(&old_labels[t]).and_then(|d| d.0)).collect();
                    let ins_owner = h
                        .new
                        .clone()
                        .map(|t| {
                            new_origins[t]
                                .amendment
                                .map(|a| a as usize)
                                .filter(|_| new_origins[t].since as usize > from)
                        })
                        .collect();
                    HunkCredit { matches: Vec::new(), ins_owner, del_owner }
                })
                .collect();
            // Credits from the owners of the tokens, with the step that took each up.
            let mut with_credits = Vec::new();
            for (h, cr) in hunks.iter().zip(&credits) {
                let mut counts: Vec<(usize, usize, usize, bool)> = Vec::new(); // (amendment, tokens, step, partial)
                let steps_del = h.old.clone().map(|t| deleted_by.get(&old_labels[t]).map_or(to, |d| d.1));
                let steps_ins = h.new.clone().map(|t| new_origins[t].since as usize);
                let partial_ins = h.new.clone().map(|t| new_origins[t].partial);
                let owners = cr
                    .del_owner
                    .iter()
                    .zip(steps_del.zip(std::iter::repeat(false)))
                    .chain(cr.ins_owner.iter().zip(steps_ins.zip(partial_ins)));
                for (owner, (step, partial)) in owners {
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
                counts.sort_by(|x, y| earliest(n, x.0, y.0));
                let size = h.size().max(1);
                let credits = counts
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
                    .collect();
                with_credits.push((h.clone(), credits, cr.has_chair_part()));
            }
            elements.extend(split_into_elements(c, &alignment, old, new, &with_credits));
        }
        RevisionDiff { from, to, elements }
    }
}

/// Orders amendments earliest first: by date, then by the negotiation's order.
pub(super) fn earliest(n: &Negotiation, a: usize, b: usize) -> std::cmp::Ordering {
    let (x, y) = (&n.amendments[a], &n.amendments[b]);
    let rev = |r: &str| n.revision_index(r).unwrap_or(usize::MAX);
    (x.date.as_deref().unwrap_or("9999"), rev(&x.revision), a).cmp(&(
        y.date.as_deref().unwrap_or("9999"),
        rev(&y.revision),
        b,
    ))
}
