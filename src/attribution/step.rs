//! One step N → N+1 of the pass over the revisions: the elements aligned, the candidates
//! applied as proposals, every component credited (in parallel), then gathered in order
//! into the origins of N+1's words, the diff of the step, and what the step showed about
//! each candidate, from which its outcome is settled ([`outcome`](super::outcome)).

use std::collections::HashMap;

use rayon::prelude::*;

use super::analysis::{Analysis, earliest};
use super::applied::proposals;
use super::component::{ComponentOut, ComponentWork, StepContext, component};
use super::credit::Realized;
use super::late::candidates;
use super::outcome::{Answer, Standing, settle};
use super::revision_diff::{Credit, ElementDiff, RevisionDiff, split_into_elements};
use super::span::Origin;
use super::weight::{Bag, Weights};
use crate::diff::{Alignment, Component, align};
use crate::draft::{Negotiation, Operation};
use crate::text::Interner;

/// What the pass over the revisions carries from one step to the next.
pub(super) struct Pass {
    /// Every token met so far, the paragraphs' and the proposals'.
    pub interner: Interner,
    /// The weights of the words, computed on the first step with an `add` proposal.
    pub weights: Option<Weights>,
    /// Amendments by the revision they were proposed on, earliest first within each.
    pub by_revision: Vec<Vec<usize>>,
    /// Where every amendment stands.
    pub standings: Vec<Standing>,
}

/// One step N → N+1, kept for diffs.
#[derive(Debug, Clone)]
pub(super) struct Step {
    pub alignment: Alignment,
    /// One per component of `alignment`, in order.
    pub work: Vec<ComponentWork>,
    pub diff: RevisionDiff,
}

/// Step `k` → `k+1`, after the steps before it: the step, and the origins of the words of
/// revision `k+1`. Settles what the step showed in `pass.standings`.
pub(super) fn step(analysis: &Analysis, k: usize, pass: &mut Pass) -> (Step, Vec<Vec<Origin>>) {
    let n = analysis.negotiation;
    let (old, new) = (&n.revisions[k], &n.revisions[k + 1]);
    let alignment = align(old, new);
    let (mut answers, live) = answers(n, k, pass);
    let proposals = proposals(n, k, &live, &analysis.ids, &mut pass.interner);
    let mut by_element: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for (pi, p) in proposals.iter().enumerate() {
        by_element.entry(p.element).or_default().push(pi);
    }
    let add_proposals = by_element.get(&None).map_or(&[][..], Vec::as_slice);
    let weights = weights(add_proposals, &analysis.ids, &mut pass.weights, &pass.interner);
    let adds: HashMap<usize, Bag> = weights
        .map(|w| add_proposals.iter().map(|&pi| (pi, w.bag(&proposals[pi].changes[0].inserted))).collect())
        .unwrap_or_default();
    let cx = StepContext {
        negotiation: n,
        k,
        old,
        new,
        alignment: &alignment,
        ids_old: &analysis.ids[k],
        ids_new: &analysis.ids[k + 1],
        origins_old: &analysis.origins[k],
        proposals: &proposals,
        by_element: &by_element,
        weights,
        adds: &adds,
    };
    let outs: Vec<ComponentOut> = alignment.components.par_iter().map(|c| component(c, &cx)).collect();
    let (origins, work, elements) = gather(&cx, outs, &pass.by_revision[k], &mut answers);
    for (ai, answer) in answers {
        pass.standings[ai] = settle(pass.standings[ai], &answer, k + 1);
    }
    (Step { alignment, work, diff: RevisionDiff { from: k, to: k + 1, elements } }, origins)
}

/// The candidates of step `k`, each with what the step shows about it before crediting
/// (its own revision or late, withdrawn), and those not withdrawn, earliest first.
fn answers(n: &Negotiation, k: usize, pass: &Pass) -> (HashMap<usize, Answer>, Vec<usize>) {
    let (old, new) = (&n.revisions[k], &n.revisions[k + 1]);
    let keys = candidates(n, k, &pass.by_revision, &pass.standings);
    let mut answers: HashMap<usize, Answer> = HashMap::with_capacity(keys.len());
    let mut live = Vec::with_capacity(keys.len());
    for &i in &keys {
        let a = &n.amendments[i];
        let withdrawn = is_withdrawn_by(a.withdrawn.as_deref(), new.date.as_deref());
        answers.insert(i, Answer { own: a.revision == old.id, withdrawn, ..Answer::default() });
        if !withdrawn {
            live.push(i);
        }
    }
    (answers, live)
}

/// Whether a withdrawal dated `withdrawn` came before a revision dated `issued`.
fn is_withdrawn_by(withdrawn: Option<&str>, issued: Option<&str>) -> bool {
    match (withdrawn, issued) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some(w), Some(i)) => w <= i,
    }
}

/// The weights the new paragraphs are compared with the `add` proposals by; `None` when
/// the step has no `add` proposal. They are the same whenever they are computed: a token
/// interned after the paragraphs is in none of them, and `extend` gives it the weight
/// `new` would.
fn weights<'w>(
    add_proposals: &[usize],
    ids: &[Vec<Vec<u32>>],
    weights: &'w mut Option<Weights>,
    interner: &Interner,
) -> Option<&'w Weights> {
    if add_proposals.is_empty() {
        return None;
    }
    let weights = weights.get_or_insert_with(|| Weights::new(ids, interner));
    weights.extend(interner);
    Some(&*weights)
}

/// Gathers the components' results in order: the origins of revision `k+1`, the work of
/// each component and the element diffs of the step; records in `answers` what was
/// realized of each proposal and which amendments on N (`own`) were superseded.
fn gather(
    cx: &StepContext,
    outs: Vec<ComponentOut>,
    own: &[usize],
    answers: &mut HashMap<usize, Answer>,
) -> (Vec<Vec<Origin>>, Vec<ComponentWork>, Vec<ElementDiff>) {
    let mut origins: Vec<Vec<Origin>> = vec![Vec::new(); cx.new.paragraphs.len()];
    let mut elements = Vec::new();
    let mut work = Vec::with_capacity(outs.len());
    for (c, out) in cx.alignment.components.iter().zip(outs) {
        for (j, o) in c.new.iter().zip(out.origins) {
            origins[*j] = o;
        }
        for (pi, r) in out.realized {
            let answer = answers.get_mut(&cx.proposals[pi].amendment).expect("every proposal is a candidate");
            combine(answer.realized.get_or_insert_with(Realized::default), &r);
        }
        if c.new.is_empty() {
            mark_superseded(c, cx, own, answers);
        }
        elements.extend(element_diffs(c, &out.work, cx));
        work.push(out.work);
    }
    (origins, work, elements)
}

/// What a step realized of a proposal over the components it competed in: taken up if
/// any took it up, complete if one realized all of it, the share of the component that
/// realized most (the later of equals).
fn combine(into: &mut Realized, r: &Realized) {
    into.any |= r.any;
    into.complete |= r.complete;
    if r.share() >= into.share() {
        into.matched = r.matched;
        into.total = r.total;
    }
}

/// Marks superseded the amendments on N (`own`) to the elements component `c` removes,
/// other than those proposing to delete them.
fn mark_superseded(c: &Component, cx: &StepContext, own: &[usize], answers: &mut HashMap<usize, Answer>) {
    let amendments = &cx.negotiation.amendments;
    for &i in &c.old {
        for &ai in own.iter().filter(|&&ai| amendments[ai].element == cx.old.paragraphs[i].id) {
            if amendments[ai].operation != Operation::DeleteParagraph {
                answers.get_mut(&ai).expect("amendments on N are candidates").superseded = true;
            }
        }
    }
}

/// The element diffs of component `c` of a step, its credits earliest first.
fn element_diffs(c: &Component, work: &ComponentWork, cx: &StepContext) -> Vec<ElementDiff> {
    let mut ordered = Vec::with_capacity(work.hunks.len());
    for (h, cr) in work.hunks.iter().zip(&work.credits) {
        let mut credits: Vec<Credit> = cr
            .matches
            .iter()
            .map(|m| Credit { amendment: m.key, exact: m.exact, similarity: m.similarity, taken_up_in: cx.k + 1 })
            .collect();
        credits.sort_by(|x, y| earliest(cx.negotiation, x.amendment, y.amendment));
        ordered.push((h.clone(), credits, cr.has_chair_part()));
    }
    split_into_elements(c, cx.alignment, cx.old, cx.new, &ordered)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_withdrawal_counts_when_dated_on_or_before_the_revision() {
        assert!(!is_withdrawn_by(None, Some("2022-05-01")));
        assert!(is_withdrawn_by(Some("2022-04-30"), Some("2022-05-01")));
        assert!(is_withdrawn_by(Some("2022-05-01"), Some("2022-05-01")));
        assert!(!is_withdrawn_by(Some("2022-05-02"), Some("2022-05-01")));
        // An undated revision: every withdrawal came before it.
        assert!(is_withdrawn_by(Some("2022-05-02"), None));
    }

    #[test]
    fn combining_keeps_any_uptake_and_the_best_share() {
        let mut r = Realized::default();
        combine(&mut r, &Realized { matched: 1, total: 4, complete: false, any: true });
        combine(&mut r, &Realized { matched: 3, total: 4, complete: false, any: false });
        combine(&mut r, &Realized { matched: 1, total: 2, complete: false, any: false });
        assert_eq!(r, Realized { matched: 3, total: 4, complete: false, any: true });
    }
}
