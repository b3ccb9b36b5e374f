//! Crediting one component of a step: the old and new elements that continue each other
//! ([`Component`]), diffed as one text; each hunk credited to the proposals on those
//! elements (for a new paragraph, to the `add` proposals most like it) or to the Chair;
//! and the origin of every word of the new elements.
//!
//! Components are independent: a step credits them in parallel, each reading the same
//! [`StepContext`].

use std::borrow::Cow;
use std::collections::HashMap;

use super::applied::Proposal;
use super::credit::{Candidate, Change, HunkCredit, Realized, attribute};
use super::hunks::equal_pairs;
use super::span::Origin;
use super::weight::{ADD_ALIKE, Bag, Weights};
use crate::diff::{Alignment, Component, Hunk, word_diff};
use crate::draft::{Negotiation, Revision};

/// What every component of step `k` → `k+1` reads.
pub(super) struct StepContext<'a> {
    pub negotiation: &'a Negotiation,
    /// The step: revision `k` to revision `k + 1`.
    pub k: usize,
    pub old: &'a Revision,
    pub new: &'a Revision,
    /// Which elements of `new` continue which of `old`.
    pub alignment: &'a Alignment,
    /// Token ids of every paragraph of `old` and of `new`.
    pub ids_old: &'a [Vec<u32>],
    pub ids_new: &'a [Vec<u32>],
    /// Origin of every token of `old`.
    pub origins_old: &'a [Vec<Origin>],
    /// The amendments competing in the step.
    pub proposals: &'a [Proposal],
    /// Indices into `proposals` by target element of `old` (`None`: the `add` proposals).
    pub by_element: &'a HashMap<Option<usize>, Vec<usize>>,
    /// The weights of the words; `None` when no `add` proposal competes in the step.
    pub weights: Option<&'a Weights>,
    /// The bag of each `add` proposal's words, by index into `proposals`.
    pub adds: &'a HashMap<usize, Bag>,
}

/// The hunks of one component and their credits, kept for diffs across several steps.
#[derive(Debug, Clone)]
pub(super) struct ComponentWork {
    pub hunks: Vec<Hunk>,
    pub credits: Vec<HunkCredit>,
}

/// What one component of a step produced.
pub(super) struct ComponentOut {
    pub work: ComponentWork,
    /// Origins of each new element's tokens, in `c.new` order.
    pub origins: Vec<Vec<Origin>>,
    /// For each proposal that competed here (index into `proposals`), what was realized.
    pub realized: Vec<(usize, Realized)>,
}

/// Diffs component `c`, credits its hunks and gives the origins of its new words.
pub(super) fn component(c: &Component, cx: &StepContext) -> ComponentOut {
    let old_ids = words(&c.old, cx.ids_old);
    let new_ids = words(&c.new, cx.ids_new);
    if let ([i], [_]) = (&c.old[..], &c.new[..])
        && old_ids == new_ids
    {
        return unchanged(*i, cx);
    }
    let hunks = if c.old.is_empty() || c.new.is_empty() {
        vec![Hunk { old: 0..old_ids.len(), new: 0..new_ids.len() }]
    } else {
        word_diff(&old_ids, &new_ids)
    };
    let competing = competitors(c, &new_ids, cx);
    let candidates: Vec<Candidate> = competing.iter().map(|&pi| in_component(c, &cx.proposals[pi], cx)).collect();
    let (credits, realized) = if hunks.iter().all(|h| h.old.is_empty() && h.new.is_empty()) {
        (vec![HunkCredit::default(); hunks.len()], candidates.iter().map(|_| Realized::default()).collect())
    } else {
        attribute(&hunks, &new_ids, &candidates)
    };
    let origins = origins(c, &hunks, &credits, old_ids.len(), new_ids.len(), cx);
    let realized = competing.into_iter().zip(realized).collect();
    ComponentOut { work: ComponentWork { hunks, credits }, origins, realized }
}

/// The words of a component's old or new elements, end to end (borrowed when one).
fn words<'a>(elements: &[usize], ids: &'a [Vec<u32>]) -> Cow<'a, [u32]> {
    match elements {
        [one] => Cow::Borrowed(&ids[*one][..]),
        _ => elements.iter().flat_map(|&i| ids[i].iter().copied()).collect(),
    }
}

/// An element unchanged word for word: every word keeps its origin, and the proposals on
/// it were not taken up here.
fn unchanged(i: usize, cx: &StepContext) -> ComponentOut {
    let realized = cx.by_element.get(&Some(i)).into_iter().flatten().map(|&pi| (pi, Realized::default())).collect();
    ComponentOut {
        work: ComponentWork { hunks: vec![], credits: vec![] },
        origins: vec![cx.origins_old[i].clone()],
        realized,
    }
}

/// The proposals that compete for the component's hunks (indices into `proposals`, in
/// order): those on its old elements; for a removed element only those removing it; for
/// a new paragraph the `add` proposals most like it.
fn competitors(c: &Component, new_ids: &[u32], cx: &StepContext) -> Vec<usize> {
    let mut competing: Vec<usize> = Vec::new();
    if c.old.is_empty() {
        competing.extend(cx.by_element.get(&None).into_iter().flatten());
    }
    for &i in &c.old {
        competing.extend(cx.by_element.get(&Some(i)).into_iter().flatten());
    }
    if c.new.is_empty() {
        // Removing an element takes up only the proposals to remove it, not those that
        // deleted words of it.
        competing.retain(|&pi| cx.proposals[pi].deletes_paragraph);
    }
    if c.old.is_empty()
        && let Some(weights) = cx.weights
    {
        keep_most_alike(&mut competing, c, new_ids, weights, cx);
    }
    competing.sort_unstable();
    competing
}

/// Keeps of the `add` proposals `competing` for new paragraph(s) `c.new` those most like
/// it: the one whose element id it bears, or those sharing its rarer words (not only its
/// function words and punctuation); two similar proposals do not share one paragraph.
fn keep_most_alike(competing: &mut Vec<usize>, c: &Component, new_ids: &[u32], weights: &Weights, cx: &StepContext) {
    let bag = weights.bag(new_ids);
    let amendments = &cx.negotiation.amendments;
    let named: Vec<bool> = competing
        .iter()
        .map(|&pi| c.new.iter().any(|&j| cx.new.paragraphs[j].id == amendments[cx.proposals[pi].amendment].element))
        .collect();
    let alike: Vec<f64> = competing
        .iter()
        .zip(&named)
        .map(|(pi, &named)| {
            // The bags first: words in order never weigh more than the same words unordered.
            let mut dice = cx.adds.get(pi).map_or(0.0, |b| weights.dice(b, &bag));
            if dice >= ADD_ALIKE {
                dice = weights.ordered_dice(&cx.proposals[*pi].changes[0].inserted, new_ids);
            }
            if named { 1.0 + dice } else { dice }
        })
        .collect();
    let best = alike.iter().copied().fold(0.0, f64::max);
    let mut k = 0;
    competing.retain(|_| {
        k += 1;
        let a = alike[k - 1];
        a >= ADD_ALIKE && a >= best - 0.05
    });
}

/// Proposal `p` as a candidate for the component's hunks: its changes shifted from its
/// element's coordinates into the component's old text.
fn in_component(c: &Component, p: &Proposal, cx: &StepContext) -> Candidate {
    let mut shift = 0;
    if let Some(e) = p.element {
        let mut offset = 0;
        for &i in &c.old {
            if i == e {
                shift = offset;
                break;
            }
            offset += cx.ids_old[i].len();
        }
    }
    let changes = p
        .changes
        .iter()
        .map(|ch| Change { old: ch.old.start + shift..ch.old.end + shift, inserted: ch.inserted.clone() });
    Candidate { key: p.amendment, changes: changes.collect() }
}

/// The origins of the component's new words, one list per new element: a word the hunks
/// leave equal keeps its origin; an inserted word enters in revision `k + 1`, credited to
/// the amendment that owns it (partial unless the amendment's credit is exact) or to the
/// Chair.
fn origins(
    c: &Component,
    hunks: &[Hunk],
    credits: &[HunkCredit],
    old_len: usize,
    new_len: usize,
    cx: &StepContext,
) -> Vec<Vec<Origin>> {
    let since = (cx.k + 1) as u32;
    let old_origins: Vec<Origin> = c.old.iter().flat_map(|&i| cx.origins_old[i].iter().copied()).collect();
    let mut new_origins = vec![Origin { since, amendment: None, partial: false }; new_len];
    for (o, nn) in equal_pairs(hunks, old_len, new_len) {
        new_origins[nn] = old_origins[o];
    }
    for (h, cr) in hunks.iter().zip(credits) {
        for (off, t) in h.new.clone().enumerate() {
            if let Some(a) = cr.ins_owner[off] {
                let exact = cr.matches.iter().any(|m| m.key == a && m.exact);
                new_origins[t] = Origin { since, amendment: Some(a as u32), partial: !exact };
            }
        }
    }
    let mut origins = Vec::with_capacity(c.new.len());
    let mut at = 0;
    for &j in &c.new {
        let len = cx.ids_new[j].len();
        origins.push(new_origins[at..at + len].to_vec());
        at += len;
    }
    origins
}
