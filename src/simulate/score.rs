//! Scoring the engine against the truth of a generated negotiation.
//!
//! Four measures (defined exactly in `docs/accuracy.md`):
//! - **outcomes**: share of amendments whose outcome the engine gets right;
//! - **crediting**, per hunk of each step: the engine's credited amendments `E` against
//!   the truth `T`, the amendments that made some token of the hunk (inserted in its new
//!   range or removed from its old range); precision `Σ|E∩T| / Σ|E|`, recall
//!   `Σ|E∩T| / Σ|T|`;
//! - **Chair's edits credited to a delegation**: share of the Chair's own edits lying in
//!   a hunk that credits an amendment the truth does not place there;
//! - **blame**: share of words of the latest revision whose origin (revision where it
//!   entered, and amendment or none) is right.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Serialize;

use super::truth::{StepTruth, Truth};
use crate::attribution::{Analysis, ElementDiff, StepHunk, analyze};
use crate::draft::{Negotiation, Revision};

/// A share: `hits` out of `total`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Ratio {
    /// Cases that count.
    pub hits: usize,
    /// All cases.
    pub total: usize,
}

impl Ratio {
    /// The share, 0 to 1 (1 when there is no case).
    pub fn value(&self) -> f64 {
        if self.total == 0 { 1.0 } else { self.hits as f64 / self.total as f64 }
    }

    fn count(&mut self, hit: bool) {
        self.hits += usize::from(hit);
        self.total += 1;
    }

    fn add(&mut self, other: Ratio) {
        self.hits += other.hits;
        self.total += other.total;
    }
}

/// One case the engine got wrong, for diagnosis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Miss {
    /// Which measure.
    pub measure: &'static str,
    /// What happened, in one line.
    pub what: String,
}

/// The engine's accuracy on one or more generated negotiations.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Score {
    /// Negotiations scored.
    pub negotiations: usize,
    /// Amendments with the right outcome.
    pub outcomes: Ratio,
    /// The same, by what the simulated Chair did with the amendment.
    pub outcomes_by_behaviour: BTreeMap<String, Ratio>,
    /// "true outcome -> engine's outcome: operation (behaviour)" → amendments, wrong ones only.
    pub confusion: BTreeMap<String, usize>,
    /// Amendments taken up whose `taken_up_in` is right.
    pub taken_up_in: Ratio,
    /// Credits that are right, of all credits (precision).
    pub credit_precision: Ratio,
    /// True proposers credited, of all true proposers of hunks (recall).
    pub credit_recall: Ratio,
    /// Hunks whose credited set is exactly the true set.
    pub hunks_exact: Ratio,
    /// Wrong credits by the operation and behaviour of the amendment wrongly credited.
    pub false_credits: BTreeMap<String, usize>,
    /// Missed credits by the operation and behaviour of the amendment missed.
    pub missed_credits: BTreeMap<String, usize>,
    /// The Chair's own edits lying in a hunk credited to an amendment that did not make it.
    pub chair_edits_credited: Ratio,
    /// The same, by kind of edit.
    pub chair_edits_credited_by_kind: BTreeMap<String, Ratio>,
    /// Words the Chair wrote (its own edits and its words inside adopted proposals) that
    /// the step credits to an amendment.
    pub chair_words_credited: Ratio,
    /// Words of the latest revision with the right origin.
    pub blame_latest: Ratio,
    /// Words of every revision with the right origin.
    pub blame_all: Ratio,
    /// Some of the misses, for diagnosis.
    pub misses: Vec<Miss>,
}

/// At most this many misses of each measure are kept.
const MISSES_PER_MEASURE: usize = 12;

impl Score {
    /// Adds another negotiation's score to this one.
    pub fn add(&mut self, o: &Score) {
        self.negotiations += o.negotiations;
        self.outcomes.add(o.outcomes);
        for (k, v) in &o.outcomes_by_behaviour {
            self.outcomes_by_behaviour.entry(k.clone()).or_default().add(*v);
        }
        for (k, v) in &o.confusion {
            *self.confusion.entry(k.clone()).or_default() += v;
        }
        self.taken_up_in.add(o.taken_up_in);
        self.credit_precision.add(o.credit_precision);
        self.credit_recall.add(o.credit_recall);
        self.hunks_exact.add(o.hunks_exact);
        for (k, v) in &o.false_credits {
            *self.false_credits.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &o.missed_credits {
            *self.missed_credits.entry(k.clone()).or_default() += v;
        }
        self.chair_edits_credited.add(o.chair_edits_credited);
        for (k, v) in &o.chair_edits_credited_by_kind {
            self.chair_edits_credited_by_kind.entry(k.clone()).or_default().add(*v);
        }
        self.chair_words_credited.add(o.chair_words_credited);
        self.blame_latest.add(o.blame_latest);
        self.blame_all.add(o.blame_all);
        for m in &o.misses {
            self.miss(m.measure, m.what.clone());
        }
    }

    fn miss(&mut self, measure: &'static str, what: String) {
        if self.misses.iter().filter(|m| m.measure == measure).count() < MISSES_PER_MEASURE {
            self.misses.push(Miss { measure, what });
        }
    }
}

/// Runs the engine on `negotiation` and scores it against `truth`.
pub fn score(negotiation: &Negotiation, truth: &Truth) -> Score {
    let analysis = analyze(negotiation);
    let mut s = Score { negotiations: 1, ..Score::default() };
    outcomes(negotiation, &analysis, truth, &mut s);
    for k in 0..negotiation.revisions.len().saturating_sub(1) {
        if let Some(step) = truth.steps.get(k) {
            crediting(negotiation, &analysis, truth, k, step, &mut s);
        }
    }
    blame(negotiation, &analysis, truth, &mut s);
    s
}

fn outcomes(n: &Negotiation, analysis: &Analysis, truth: &Truth, s: &mut Score) {
    for (i, a) in n.amendments.iter().enumerate() {
        let Some(t) = truth.amendments.get(&a.id) else { continue };
        let r = &analysis.amendments[i];
        let got = r.outcome.as_str();
        let right = got == t.outcome;
        s.outcomes.count(right);
        s.outcomes_by_behaviour.entry(t.behaviour.clone()).or_default().count(right);
        if !right {
            *s.confusion.entry(format!("{} -> {got}: {} ({})", t.outcome, t.operation, t.behaviour)).or_default() += 1;
            s.miss(
                "outcome",
                format!(
                    "{} ({} {} on {}, {}): truth {}, engine {got} (similarity {})",
                    a.id, t.operation, a.element, a.revision, t.behaviour, t.outcome, r.similarity
                ),
            );
        }
        if t.taken_up_in.is_some() {
            let got = r.taken_up_in.map(|k| n.revisions[k].id.as_str());
            s.taken_up_in.count(got == t.taken_up_in.as_deref());
        }
    }
}

/// Per element, the truth edit that made each token (or `usize::MAX`).
fn tags(edits: &[super::truth::EditTruth], new: bool) -> HashMap<&str, Vec<usize>> {
    let mut m: HashMap<&str, Vec<usize>> = HashMap::new();
    for (ei, e) in edits.iter().enumerate() {
        for (el, ranges) in if new { &e.new } else { &e.old } {
            let v = m.entry(el.as_str()).or_default();
            for r in ranges {
                if v.len() < r[1] {
                    v.resize(r[1], usize::MAX);
                }
                v[r[0]..r[1]].iter_mut().for_each(|x| *x = ei);
            }
        }
    }
    m
}

/// What scoring the crediting of step `k` → `k+1` reads.
struct StepScoring<'a> {
    n: &'a Negotiation,
    truth: &'a Truth,
    step: &'a StepTruth,
    old_rev: &'a Revision,
    new_rev: &'a Revision,
    /// Per element, the truth edit that made each token of N+1 and of N.
    new_tags: HashMap<&'a str, Vec<usize>>,
    old_tags: HashMap<&'a str, Vec<usize>>,
}

fn crediting(n: &Negotiation, analysis: &Analysis, truth: &Truth, k: usize, step: &StepTruth, s: &mut Score) {
    let cx = StepScoring {
        n,
        truth,
        step,
        old_rev: &n.revisions[k],
        new_rev: &n.revisions[k + 1],
        new_tags: tags(&step.edits, true),
        old_tags: tags(&step.edits, false),
    };
    let mut chair_flagged: BTreeSet<usize> = BTreeSet::new();
    for el in &analysis.diff(k, k + 1).elements {
        // Old tokens are numbered over the concatenation of the old elements.
        let mut offsets: Vec<(usize, &str)> = Vec::new();
        let mut at = 0;
        for &i in &el.old {
            offsets.push((at, cx.old_rev.paragraphs[i].id.as_str()));
            at += cx.old_rev.paragraphs[i].text.len();
        }
        for h in &el.hunks {
            let made = cx.made(el, h, &offsets);
            if cx.score_hunk(el, h, &made, s) {
                chair_flagged.extend(made.iter().filter(|&&e| step.edits[e].is_chair_own()));
            }
        }
    }
    for (ei, e) in step.edits.iter().enumerate() {
        if e.is_chair_own() && (!e.new.is_empty() || !e.old.is_empty()) {
            let flagged = chair_flagged.contains(&ei);
            s.chair_edits_credited.count(flagged);
            s.chair_edits_credited_by_kind.entry(e.kind.clone()).or_default().count(flagged);
            if flagged {
                s.miss("chair", format!("{}→{} {} at {:?} / {:?}", cx.old_rev.id, cx.new_rev.id, e.kind, e.new, e.old));
            }
        }
    }
    // Chair's words given to an amendment by the step.
    let origins = &analysis.origins[k + 1];
    for e in step.edits.iter().filter(|e| e.by.is_empty()) {
        for (el, ranges) in &e.new {
            let Some(j) = cx.new_rev.index_of(el) else { continue };
            for r in ranges {
                for t in r[0]..r[1] {
                    let credited = origins[j].get(t).is_some_and(|o| o.amendment.is_some());
                    s.chair_words_credited.count(credited);
                }
            }
        }
    }
}

impl StepScoring<'_> {
    /// The truth edits that made some token of hunk `h` of element diff `el`: inserted in
    /// its new range or removed from its old range (`offsets`: where each old element's
    /// tokens start).
    fn made(&self, el: &ElementDiff, h: &StepHunk, offsets: &[(usize, &str)]) -> BTreeSet<usize> {
        let mut made: BTreeSet<usize> = BTreeSet::new();
        let new_id = el.new.map(|j| self.new_rev.paragraphs[j].id.as_str());
        if let Some(tags) = new_id.and_then(|id| self.new_tags.get(id)) {
            made.extend(h.new_words.clone().filter_map(|t| tags.get(t).copied()).filter(|&e| e != usize::MAX));
        }
        for t in h.old_words.clone() {
            let Some(&(start, id)) = offsets.iter().rev().find(|(start, _)| *start <= t) else { continue };
            if let Some(&e) = self.old_tags.get(id).and_then(|v| v.get(t - start))
                && e != usize::MAX
            {
                made.insert(e);
            }
        }
        made
    }

    /// Scores the credits of hunk `h` against the amendments of the edits that `made` it;
    /// whether the engine credited an amendment the truth does not place there.
    fn score_hunk(&self, el: &ElementDiff, h: &StepHunk, made: &BTreeSet<usize>, s: &mut Score) -> bool {
        let (n, step) = (self.n, self.step);
        let truth_set: BTreeSet<&str> =
            made.iter().flat_map(|&e| step.edits[e].by.iter().map(String::as_str)).collect();
        let engine_set: BTreeSet<&str> = h.credits.iter().map(|c| n.amendments[c.amendment].id.as_str()).collect();
        let right = engine_set.intersection(&truth_set).count();
        s.credit_precision.hits += right;
        s.credit_precision.total += engine_set.len();
        s.credit_recall.hits += right;
        s.credit_recall.total += truth_set.len();
        s.hunks_exact.count(engine_set == truth_set);
        let wrong: Vec<&str> = engine_set.difference(&truth_set).copied().collect();
        let missed: Vec<&str> = truth_set.difference(&engine_set).copied().collect();
        let kind = |id: &str| {
            self.truth
                .amendments
                .get(id)
                .map_or_else(|| "?".to_owned(), |t| format!("{} ({})", t.operation, t.behaviour))
        };
        for a in &wrong {
            *s.false_credits.entry(kind(a)).or_default() += 1;
        }
        for a in &missed {
            *s.missed_credits.entry(kind(a)).or_default() += 1;
        }
        if !wrong.is_empty() || !missed.is_empty() {
            let behaviour = |id: &str| self.truth.amendments.get(id).map_or("?", |t| t.behaviour.as_str()).to_owned();
            let kinds: Vec<&str> = made.iter().map(|&e| step.edits[e].kind.as_str()).collect();
            let label = |v: &[&str]| v.iter().map(|a| format!("{a} ({})", behaviour(a))).collect::<Vec<_>>().join(", ");
            s.miss(
                "crediting",
                format!(
                    "{}→{} {} hunk {:?}→{:?} \"{}\" → \"{}\": credited wrongly [{}], missed [{}]; edits there: {}",
                    self.old_rev.id,
                    self.new_rev.id,
                    el.id,
                    h.old_words,
                    h.new_words,
                    h.old,
                    h.new,
                    label(&wrong),
                    label(&missed),
                    kinds.join(", ")
                ),
            );
        }
        !wrong.is_empty()
    }
}

fn blame(n: &Negotiation, analysis: &Analysis, truth: &Truth, s: &mut Score) {
    let last = n.revisions.len() - 1;
    for (r, rev) in n.revisions.iter().enumerate() {
        let Some(elements) = truth.blame.get(&rev.id) else { continue };
        for (j, p) in rev.paragraphs.iter().enumerate() {
            let Some(spans) = elements.get(&p.id) else { continue };
            for span in spans {
                let since = n.revision_index(&span.since);
                for t in span.words[0]..span.words[1] {
                    let Some(o) = analysis.origins[r][j].get(t) else { continue };
                    let got = o.amendment.map(|a| n.amendments[a as usize].id.as_str());
                    let right = Some(o.since as usize) == since && got == span.amendment.as_deref();
                    s.blame_all.count(right);
                    if r == last {
                        s.blame_latest.count(right);
                        if !right {
                            s.miss(
                                "blame",
                                format!(
                                    "{} {} word {t} \"{}\": truth since {} by {}, engine since {} by {}",
                                    rev.id,
                                    p.id,
                                    p.text.token(t),
                                    span.since,
                                    span.amendment.as_deref().unwrap_or("-"),
                                    n.revisions[o.since as usize].id,
                                    got.unwrap_or("-")
                                ),
                            );
                        }
                    }
                }
            }
        }
    }
}
