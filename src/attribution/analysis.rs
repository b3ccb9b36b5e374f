//! The attribution of a whole negotiation: one pass over the revisions, oldest first
//! ([`analyze`]), each step N → N+1 taken in turn ([`step`](super::step)), then the
//! amendments of the latest revision settled and every amendment's proposed wording
//! recorded. [`Analysis`] keeps the steps, and gives the diff between any two revisions:
//! a step's own, or one across several steps ([`multi_step`](super::multi_step)).

use super::outcome::{AmendmentResult, Standing, unanswered};
use super::proposal::apply;
use super::revision_diff::RevisionDiff;
use super::span::Origin;
use super::step::{Pass, Step, step};
use super::tokens::intern_revisions;
use crate::diff::Alignment;
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
