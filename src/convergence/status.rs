//! The status rules: from the facts gathered about an element to a [`Status`] and the
//! reasons a reader needs to accept it.
//!
//! In order (the first that applies decides; see `docs/convergence.md`):
//! 1. removed on the way: `dropped` (decided by the caller);
//! 2. brackets in the text, competing open amendments, or an open amendment someone
//!    opposes: `contested` (whatever else is true: a new or marked element can be fought
//!    over too);
//! 3. no lineage to the baseline: `new`;
//! 4. marked `agreed` in the analysed revision: `agreed`; marked `open`: `contested`;
//! 5. by the churn trend over the last steps: stable → `agreed` (or `converging` while
//!    unopposed amendments are open), falling or a first step → `converging`, rising or
//!    not falling → `contested`.

use super::{Conflict, Element, Reason, Status, Trend, lineage};
use crate::diff::ChangeKind;
use crate::draft::{ConvergenceSettings, ParagraphStatus};

/// What the rules look at.
pub(super) struct Facts<'a> {
    /// The element, everything but its status filled in.
    pub element: &'a Element,
    /// The analysed revision.
    pub revision: usize,
    /// How the analysed revision marks it.
    pub marked: Option<ParagraphStatus>,
    /// The `add` amendment that created it, if any.
    pub creator: Option<usize>,
    /// The latest step within the trend window that took up amendments.
    pub taken_up: Option<(usize, Vec<(usize, bool)>)>,
    /// Thresholds.
    pub settings: &'a ConvergenceSettings,
}

/// Decides the status of an element still in the text, with its reasons.
pub(super) fn decide(f: &Facts<'_>) -> (Status, Vec<Reason>) {
    let e = f.element;
    let k = f.revision;
    let mut contest = Vec::new();
    if !e.brackets.is_empty() {
        contest.push(Reason::Brackets { count: e.brackets.len() });
    }
    for (i, c) in e.conflicts.iter().enumerate() {
        contest.push(match c {
            Conflict::Competing { .. } => Reason::Competing { conflict: i },
            Conflict::Opposed { .. } => Reason::Opposed { conflict: i },
        });
    }
    let new = e.lineage.baseline_ids.is_empty();
    let born = e.churn.iter().find(|s| s.change == ChangeKind::Added).map_or(k, |s| s.to);
    let no_lineage = Reason::NoLineage { revision: born, amendment: f.creator };
    let marked_agreed = f.marked == Some(ParagraphStatus::Agreed);
    let (status, mut reasons) = if !contest.is_empty() {
        let mut reasons = contest;
        if new {
            reasons.push(no_lineage);
        } else if e.trend != Trend::None {
            // Churn says whether the text itself is settling, whatever the amendments say.
            reasons.extend(by_trend(f).1);
        }
        if marked_agreed {
            reasons.push(Reason::MarkedAgreed { revision: k });
        }
        (Status::Contested, reasons)
    } else if new {
        (Status::New, vec![no_lineage])
    } else if marked_agreed {
        (Status::Agreed, vec![Reason::MarkedAgreed { revision: k }])
    } else if f.marked == Some(ParagraphStatus::Open) {
        (Status::Contested, vec![Reason::MarkedOpen { revision: k }])
    } else {
        by_trend(f)
    };
    // Context: what is still open, what was withdrawn, what was taken up.
    let unopposed: Vec<usize> =
        e.open.iter().copied().filter(|&i| e.conflicts.iter().all(|c| !c.amendments().contains(&i))).collect();
    if !unopposed.is_empty() {
        reasons.push(Reason::OpenUnopposed { amendments: unopposed });
    }
    if !e.withdrawn.is_empty() {
        reasons.push(Reason::Withdrawn { amendments: e.withdrawn.clone() });
    }
    if e.open.is_empty() && k > 0 {
        reasons.push(Reason::NothingOpen { revision: k });
    }
    if matches!(status, Status::Converging | Status::Agreed | Status::Contested)
        && let Some((revision, amendments)) = &f.taken_up
    {
        reasons.push(Reason::TakenUp { revision: *revision, amendments: amendments.clone() });
    }
    (status, reasons)
}

/// Rule 5: the churn trend decides.
fn by_trend(f: &Facts<'_>) -> (Status, Vec<Reason>) {
    let e = f.element;
    let k = f.revision;
    let ends = lineage::window_ends(&e.churn, k, f.settings);
    let (previous, last) = ends.unwrap_or((0.0, 0.0));
    match e.trend {
        Trend::None => {
            let status = if e.open.is_empty() { Status::Agreed } else { Status::Converging };
            (status, vec![Reason::NoHistory])
        }
        Trend::Stable => {
            let steps = f.settings.trend_steps.max(2).min(k);
            let reasons = vec![Reason::Unchanged { steps, since: k - steps }];
            (if e.open.is_empty() { Status::Agreed } else { Status::Converging }, reasons)
        }
        Trend::Falling => (Status::Converging, vec![Reason::Falling { previous, last }]),
        Trend::FirstStep => (Status::Converging, vec![Reason::FirstStep { churn: last }]),
        Trend::Rising => (Status::Contested, vec![Reason::Rising { previous, last }]),
        Trend::NotFalling => (Status::Contested, vec![Reason::NotFalling { previous, last }]),
    }
}
