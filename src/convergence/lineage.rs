//! Lineage and churn: which earlier elements an element continues, how much of it each
//! step changed, and whether that is settling down.
//!
//! Churn of one step is the share of the element's word positions the step changed:
//!
//! ```text
//! churn = Σ over hunks of max(deleted, inserted) / max(before, after)   (capped at 1)
//! "States shall act" -> "States should act now": hunks shall→should (1), +now (1);
//!   max(3, 4) = 4 -> churn 2/4 = 0.5
//! ```
//!
//! Tokens are words and punctuation marks (see [`crate::text`]). `before` counts the
//! old tokens that flow into the element (for a split, its share of the parent).

use serde::Serialize;

use super::Segment;
use crate::attribution::{Analysis, RevisionDiff};
use crate::diff::ChangeKind;
use crate::draft::ConvergenceSettings;

/// The churn of one element in one step.
#[derive(Debug, Clone, PartialEq)]
pub struct ChurnStep {
    /// Index of the older revision.
    pub from: usize,
    /// Index of the newer revision.
    pub to: usize,
    /// How the element changed (`added` when it first appears in this step).
    pub change: ChangeKind,
    /// Old tokens deleted.
    pub deleted: usize,
    /// New tokens inserted.
    pub inserted: usize,
    /// Word positions changed: Σ max(deleted, inserted) over hunks.
    pub changed: usize,
    /// Tokens before the step (those that flow into the element).
    pub before: usize,
    /// Tokens after the step.
    pub after: usize,
    /// `changed / max(before, after)`, capped at 1; `None` when the element is added.
    pub churn: Option<f64>,
}

/// Where the churn is heading over the last steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Trend {
    /// No step to judge by.
    None,
    /// No change (at or below the stable threshold) in any of the last steps.
    Stable,
    /// The last step changed less than every earlier step in the window.
    Falling,
    /// The last step changed more than the one before.
    Rising,
    /// The last step changed as much as before, or less than the step before but not
    /// less than every earlier one.
    NotFalling,
    /// Changed in its only step so far.
    FirstStep,
}

impl Trend {
    /// Name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Trend::None => "none",
            Trend::Stable => "stable",
            Trend::Falling => "falling",
            Trend::Rising => "rising",
            Trend::NotFalling => "not_falling",
            Trend::FirstStep => "first_step",
        }
    }
}

/// What one step did to one new element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct StepStat {
    change: ChangeKind,
    deleted: usize,
    inserted: usize,
    changed: usize,
    before: usize,
    after: usize,
}

/// Every step's diff and per-element statistics, computed once.
pub(super) struct Steps<'a> {
    /// `diffs[k]`: the step `k` → `k + 1`.
    diffs: Vec<std::borrow::Cow<'a, RevisionDiff>>,
    /// `of_new[k][j]`: index in `diffs[k].elements` of paragraph `j` of revision `k + 1`.
    of_new: Vec<Vec<usize>>,
    /// `stats[k][j]`: what step `k` did to paragraph `j` of revision `k + 1`.
    stats: Vec<Vec<StepStat>>,
    /// `removed[k]`: (paragraph of revision `k`, index in `diffs[k].elements`) removed by step `k`.
    removed: Vec<Vec<(usize, usize)>>,
}

impl<'a> Steps<'a> {
    /// No step: enough to assess the baseline.
    pub(super) fn none() -> Steps<'a> {
        Steps { diffs: Vec::new(), of_new: Vec::new(), stats: Vec::new(), removed: Vec::new() }
    }

    pub(super) fn new(analysis: &'a Analysis<'_>) -> Steps<'a> {
        let n = analysis.negotiation;
        let count = n.revisions.len().saturating_sub(1);
        let mut steps = Steps { diffs: Vec::new(), of_new: Vec::new(), stats: Vec::new(), removed: Vec::new() };
        for k in 0..count {
            let diff = analysis.diff(k, k + 1);
            let new = &n.revisions[k + 1];
            let mut of_new = vec![usize::MAX; new.paragraphs.len()];
            let mut stats =
                vec![
                    StepStat { change: ChangeKind::Added, deleted: 0, inserted: 0, changed: 0, before: 0, after: 0 };
                    new.paragraphs.len()
                ];
            let mut removed = Vec::new();
            for (e, ed) in diff.elements.iter().enumerate() {
                let Some(j) = ed.new else {
                    removed.extend(ed.old.first().map(|&i| (i, e)));
                    continue;
                };
                of_new[j] = e;
                let after = new.paragraphs[j].text.len();
                let deleted: usize = ed.hunks.iter().map(|h| h.old_words.len()).sum();
                let inserted: usize = ed.hunks.iter().map(|h| h.new_words.len()).sum();
                let changed = ed.hunks.iter().map(|h| h.old_words.len().max(h.new_words.len())).sum();
                let before = (after + deleted).saturating_sub(inserted);
                stats[j] = StepStat { change: ed.change, deleted, inserted, changed, before, after };
            }
            steps.diffs.push(diff);
            steps.of_new.push(of_new);
            steps.stats.push(stats);
            steps.removed.push(removed);
        }
        steps
    }

    /// The paragraphs that paragraph `j` of revision `k` continues ([`ancestors`]).
    pub(super) fn ancestors(&self, analysis: &Analysis<'_>, k: usize, j: usize) -> Vec<Vec<usize>> {
        ancestors(analysis, k, j)
    }

    /// The lineage record of an element with these ancestors; without `full`, only the
    /// baseline ids (all a status needs).
    pub(super) fn lineage(&self, analysis: &Analysis<'_>, ancestors: &[Vec<usize>], full: bool) -> super::Lineage {
        let n = analysis.negotiation;
        let k = ancestors.len() - 1;
        let ids = |r: usize| -> Vec<String> {
            ancestors[r].iter().map(|&x| n.revisions[r].paragraphs[x].id.clone()).collect()
        };
        let base = &ancestors[0];
        if !full {
            return super::Lineage {
                baseline_ids: ids(0),
                baseline_numbers: Vec::new(),
                by_revision: Vec::new(),
                unchanged_since_baseline: false,
            };
        }
        let unchanged = !base.is_empty() && {
            let old = base.iter().flat_map(|&x| analysis.ids[0][x].iter());
            let new = ancestors[k].iter().flat_map(|&x| analysis.ids[k][x].iter());
            old.eq(new)
        };
        super::Lineage {
            baseline_ids: ids(0),
            baseline_numbers: base.iter().map(|&x| n.revisions[0].paragraphs[x].number.clone()).collect(),
            by_revision: (0..=k).map(ids).collect(),
            unchanged_since_baseline: unchanged,
        }
    }

    /// The churn of every step the element existed through.
    pub(super) fn churn(&self, ancestors: &[Vec<usize>]) -> Vec<ChurnStep> {
        let mut out = Vec::new();
        for r in 0..ancestors.len() - 1 {
            if ancestors[r + 1].is_empty() {
                continue;
            }
            let mut s = ChurnStep {
                from: r,
                to: r + 1,
                change: ChangeKind::Unchanged,
                deleted: 0,
                inserted: 0,
                changed: 0,
                before: 0,
                after: 0,
                churn: None,
            };
            for &x in &ancestors[r + 1] {
                let st = self.stats[r][x];
                s.deleted += st.deleted;
                s.inserted += st.inserted;
                s.changed += st.changed;
                s.before += st.before;
                s.after += st.after;
                if s.change == ChangeKind::Unchanged {
                    s.change = st.change;
                }
            }
            if ancestors[r].is_empty() {
                s.change = ChangeKind::Added;
            } else {
                let size = s.before.max(s.after);
                let share = if size == 0 { 0.0 } else { (s.changed as f64 / size as f64).min(1.0) };
                s.churn = Some(round3(share));
            }
            out.push(s);
        }
        out
    }

    /// Amendments credited in the most recent step of the last `window` steps before
    /// revision `k` that credited any, with that step's new revision: (amendment, exact).
    pub(super) fn taken_up(
        &self,
        ancestors: &[Vec<usize>],
        k: usize,
        window: usize,
    ) -> Option<(usize, Vec<(usize, bool)>)> {
        for r in (k.saturating_sub(window)..k).rev() {
            let mut found: Vec<(usize, bool)> = Vec::new();
            for &x in &ancestors[r + 1] {
                let ed = &self.diffs[r].elements[self.of_new[r][x]];
                for c in ed.hunks.iter().flat_map(|h| &h.credits) {
                    match found.iter_mut().find(|f| f.0 == c.amendment) {
                        Some(f) => f.1 &= c.exact,
                        None => found.push((c.amendment, c.exact)),
                    }
                }
            }
            if !found.is_empty() {
                found.sort_unstable();
                return Some((r + 1, found));
            }
        }
        None
    }

    /// Elements removed by the steps up to revision `k`: (revision, paragraph), in the
    /// order they were removed.
    pub(super) fn dropped_up_to(&self, k: usize) -> Vec<(usize, usize)> {
        (0..k).flat_map(|r| self.removed[r].iter().map(move |&(i, _)| (r, i))).collect()
    }

    /// Amendments credited with removing paragraph `i` of revision `r`.
    pub(super) fn removal_credits(&self, r: usize, i: usize) -> Vec<usize> {
        let Some(&(_, e)) = self.removed[r].iter().find(|(x, _)| *x == i) else {
            return Vec::new();
        };
        let mut out: Vec<usize> =
            self.diffs[r].elements[e].hunks.iter().flat_map(|h| h.credits.iter().map(|c| c.amendment)).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The last step's diff of paragraph `j` of revision `k` as segments of text (empty
    /// for the baseline and for an element the step added); see [`super::segments`].
    pub(super) fn segments(&self, analysis: &Analysis<'_>, k: usize, j: usize) -> Vec<Segment> {
        if k == 0 {
            return Vec::new();
        }
        let ed = &self.diffs[k - 1].elements[self.of_new[k - 1][j]];
        if ed.change == ChangeKind::Added {
            return Vec::new();
        }
        let t = &analysis.negotiation.revisions[k].paragraphs[j].text;
        super::segments(
            t,
            ed.hunks.iter().map(|h| {
                let mut credited: Vec<usize> = h.credits.iter().map(|c| c.amendment).collect();
                credited.dedup();
                (h.new_words.clone(), h.old.as_str(), credited)
            }),
        )
    }
}

/// The trend of `churn` as of revision `k`, over the last `settings.trend_steps` steps
/// (at least 2). Churn at or below `settings.stable_churn` counts as none.
///
/// ```text
/// [0.12, 0.0] -> Falling    [0.02, 0.20] -> Rising    [0.0, 0.0] -> Stable
/// [0.10, 0.10] -> NotFalling    [0.05] (only step) -> FirstStep
/// ```
pub fn trend(churn: &[ChurnStep], k: usize, settings: &ConvergenceSettings) -> Trend {
    let window = settings.trend_steps.max(2);
    let first = k.saturating_sub(window);
    let values: Vec<f64> = churn
        .iter()
        .filter(|s| s.from >= first && s.to <= k)
        .filter_map(|s| s.churn)
        .map(|c| if c <= settings.stable_churn { 0.0 } else { c })
        .collect();
    let Some((&last, earlier)) = values.split_last() else {
        return Trend::None;
    };
    if values.iter().all(|&c| c == 0.0) {
        return Trend::Stable;
    }
    let Some(&previous) = earlier.last() else {
        return Trend::FirstStep;
    };
    if earlier.iter().all(|&c| last < c) {
        Trend::Falling
    } else if last > previous {
        Trend::Rising
    } else {
        Trend::NotFalling
    }
}

/// The churn values of the trend window, oldest first (for the evidence): the values
/// [`trend`] compared.
pub(super) fn window(churn: &[ChurnStep], k: usize, settings: &ConvergenceSettings) -> Vec<f64> {
    let first = k.saturating_sub(settings.trend_steps.max(2));
    churn.iter().filter(|s| s.from >= first && s.to <= k).filter_map(|s| s.churn).collect()
}

/// The paragraphs that paragraph `j` of revision `k` continues, in every revision
/// `0..=k` (`result[k] == [j]`; empty where it had no ancestor).
pub fn ancestors(analysis: &Analysis<'_>, k: usize, j: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); k + 1];
    out[k] = vec![j];
    for r in (0..k).rev() {
        let al = analysis.alignment(r);
        let mut set: Vec<usize> =
            out[r + 1].iter().flat_map(|&x| al.components[al.component_of_new[x]].old.iter().copied()).collect();
        set.sort_unstable();
        set.dedup();
        out[r] = set;
    }
    out
}

/// Rounds to three decimals, so JSON output is short and stable.
fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(from: usize, churn: Option<f64>) -> ChurnStep {
        ChurnStep {
            from,
            to: from + 1,
            change: if churn.is_some() { ChangeKind::Modified } else { ChangeKind::Added },
            deleted: 0,
            inserted: 0,
            changed: 0,
            before: 0,
            after: 0,
            churn,
        }
    }

    fn t(values: &[Option<f64>]) -> Trend {
        let churn: Vec<ChurnStep> = values.iter().enumerate().map(|(i, &c)| step(i, c)).collect();
        trend(&churn, values.len(), &ConvergenceSettings::default())
    }

    #[test]
    fn trends_over_the_last_two_steps() {
        assert_eq!(t(&[Some(0.5), Some(0.12), Some(0.0)]), Trend::Falling);
        assert_eq!(t(&[Some(0.5), Some(0.02), Some(0.2)]), Trend::Rising);
        assert_eq!(t(&[Some(0.5), Some(0.0), Some(0.0)]), Trend::Stable);
        assert_eq!(t(&[Some(0.5), Some(0.1), Some(0.1)]), Trend::NotFalling);
        assert_eq!(t(&[Some(0.5)]), Trend::FirstStep);
        assert_eq!(t(&[None, Some(0.0)]), Trend::Stable);
        assert_eq!(t(&[]), Trend::None);
    }

    #[test]
    fn stable_threshold_counts_small_churn_as_none() {
        let churn = vec![step(0, Some(0.3)), step(1, Some(0.01)), step(2, Some(0.015))];
        let settings = ConvergenceSettings { stable_churn: 0.02, ..ConvergenceSettings::default() };
        assert_eq!(trend(&churn, 3, &settings), Trend::Stable);
    }
}
