//! What became of each amendment: the outcome fold.
//!
//! Each step N → N+1 answers the amendments proposed on N, and may take up late those of
//! the revisions before that it did not take up (late take-up). What a step
//! showed about one amendment is an [`Answer`]; [`settle`] turns where the amendment
//! stood before the step and that answer into where it stands after. An amendment's
//! outcome is the fold of `settle` over the steps that considered it, from
//! [`Standing::OPEN`]; the amendments of the latest revision, which no step answers, end
//! with [`unanswered`]. Both are pure: the table of cases in the tests is the rule.
//!
//! On the step that answers the revision an amendment was proposed on, the first row
//! that applies decides:
//!
//! | the step showed | outcome | similarity | taken up in |
//! |---|---|---|---|
//! | its element removed, and it did not propose removing it | superseded | as before (0) | – |
//! | it was withdrawn before the new revision was issued | withdrawn | as before (0) | – |
//! | every change it proposed realized | adopted | 1 | the new revision |
//! | some change taken up | adopted_in_part | share realized | the new revision |
//! | it competed, nothing taken up | not_taken_up | share realized | – |
//! | it could not compete (anchor lost, no new paragraph like it) | not_taken_up | as before (0) | – |
//!
//! On a later step, an amendment still not taken up (and not withdrawn) competes again:
//! if the step takes some of it up, it becomes adopted or adopted_in_part as above, taken
//! up in that step's new revision; otherwise it stays as it was. An amendment of the
//! latest revision is withdrawn if its proposer withdrew it, else pending.

use super::credit::{Realized, round3};

/// What became of an amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Its whole change is in the next revision (or, taken up late, a later one).
    Adopted,
    /// Some of its change, or its change reworded.
    AdoptedInPart,
    /// The next revision does not reflect it.
    NotTakenUp,
    /// Its element was removed with no continuation.
    Superseded,
    /// Proposed on the latest revision: no revision has answered it yet.
    Pending,
    /// Its proposer withdrew it before the next revision was issued.
    Withdrawn,
}

impl Outcome {
    /// Name as written in JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Adopted => "adopted",
            Outcome::AdoptedInPart => "adopted_in_part",
            Outcome::NotTakenUp => "not_taken_up",
            Outcome::Superseded => "superseded",
            Outcome::Pending => "pending",
            Outcome::Withdrawn => "withdrawn",
        }
    }

    /// All outcomes, in display order.
    pub const ALL: [Outcome; 6] = [
        Outcome::Adopted,
        Outcome::AdoptedInPart,
        Outcome::NotTakenUp,
        Outcome::Superseded,
        Outcome::Pending,
        Outcome::Withdrawn,
    ];
}

/// The result for one amendment.
#[derive(Debug, Clone, PartialEq)]
pub struct AmendmentResult {
    /// Its outcome.
    pub outcome: Outcome,
    /// Share of its proposed change realized (1.0 when adopted), 0 to 1.
    pub similarity: f64,
    /// Index of the revision that took it up, if any.
    pub taken_up_in: Option<usize>,
    /// The element's wording as the amendment proposed it (`None` for `delete_paragraph`
    /// or when its anchors no longer resolve).
    pub proposed: Option<String>,
    /// Withdrawn before the next revision was issued.
    pub withdrawn: bool,
}

impl AmendmentResult {
    /// The result of an amendment that stands at `standing`, proposing `proposed`.
    pub(super) fn new(standing: Standing, proposed: Option<String>) -> Self {
        let Standing { outcome, similarity, taken_up_in, withdrawn } = standing;
        AmendmentResult { outcome, similarity, taken_up_in, proposed, withdrawn }
    }
}

/// Where an amendment stands after the steps so far.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Standing {
    /// Its outcome so far.
    pub outcome: Outcome,
    /// Share of its proposed change realized, 0 to 1 (1 when adopted).
    pub similarity: f64,
    /// Index of the revision that took it up.
    pub taken_up_in: Option<usize>,
    /// Withdrawn before the revision after its own was issued.
    pub withdrawn: bool,
}

impl Standing {
    /// Before any step has answered it.
    pub const OPEN: Standing =
        Standing { outcome: Outcome::Pending, similarity: 0.0, taken_up_in: None, withdrawn: false };

    /// Whether a later step may still take it up.
    pub fn open_to_late_uptake(&self) -> bool {
        self.outcome == Outcome::NotTakenUp && !self.withdrawn
    }
}

/// What one step showed about one amendment it considered.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Answer {
    /// It was proposed on the step's old revision (otherwise on an earlier one, and the
    /// step may take it up late).
    pub own: bool,
    /// Its proposer withdrew it before the step's new revision was issued.
    pub withdrawn: bool,
    /// Its element was removed with no continuation, and it did not propose removing it.
    pub superseded: bool,
    /// What the new revision realized of it, over every component it competed in; `None`
    /// when it did not compete.
    pub realized: Option<Realized>,
}

/// Where an amendment stands after a step whose new revision is `next` showed `answer`
/// (the table in the module's documentation).
pub(super) fn settle(before: Standing, answer: &Answer, next: usize) -> Standing {
    let taken_up = answer.realized.as_ref().filter(|r| r.any && !answer.withdrawn);
    if !answer.own {
        return taken_up.map_or(before, |r| adopted(before, r, next));
    }
    let withdrawn = before.withdrawn || answer.withdrawn;
    let outcome = |outcome| Standing { outcome, withdrawn, ..before };
    if answer.superseded {
        return outcome(Outcome::Superseded);
    }
    if answer.withdrawn {
        return outcome(Outcome::Withdrawn);
    }
    match (&answer.realized, taken_up) {
        (_, Some(r)) => adopted(before, r, next),
        (Some(r), None) => Standing { similarity: round3(r.share()), ..outcome(Outcome::NotTakenUp) },
        (None, None) => outcome(Outcome::NotTakenUp),
    }
}

/// Taken up (some or all of it) in revision `next`.
fn adopted(before: Standing, r: &Realized, next: usize) -> Standing {
    Standing {
        outcome: if r.complete { Outcome::Adopted } else { Outcome::AdoptedInPart },
        similarity: if r.complete { 1.0 } else { round3(r.share()) },
        taken_up_in: Some(next),
        ..before
    }
}

/// Where an amendment of the latest revision stands: no revision has answered it.
pub(super) fn unanswered(before: Standing, withdrawn: bool) -> Standing {
    if withdrawn { Standing { outcome: Outcome::Withdrawn, withdrawn: true, ..before } } else { before }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a step realized: `matched` of `total` tokens, every change (`complete`) or some
    /// (`any`).
    fn realized(matched: usize, total: usize, complete: bool, any: bool) -> Option<Realized> {
        Some(Realized { matched, total, complete, any })
    }

    fn own(withdrawn: bool, superseded: bool, realized: Option<Realized>) -> Answer {
        Answer { own: true, withdrawn, superseded, realized }
    }

    fn late(withdrawn: bool, realized: Option<Realized>) -> Answer {
        Answer { own: false, withdrawn, superseded: false, realized }
    }

    fn stands(outcome: Outcome, similarity: f64, taken_up_in: Option<usize>, withdrawn: bool) -> Standing {
        Standing { outcome, similarity, taken_up_in, withdrawn }
    }

    const NOT_TAKEN_UP: Standing =
        Standing { outcome: Outcome::NotTakenUp, similarity: 0.25, taken_up_in: None, withdrawn: false };

    /// One case: a step whose new revision is 3 showed `answer` about an amendment standing
    /// at `before`.
    struct Case {
        what: &'static str,
        before: Standing,
        answer: Answer,
        after: Standing,
    }

    fn cases() -> Vec<Case> {
        use Outcome::*;
        let open = Standing::OPEN;
        let all = realized(6, 6, true, true);
        let some = realized(2, 3, false, true);
        let none = realized(1, 4, false, false);
        vec![
            // The step that answers the amendment's own revision, in order of precedence.
            Case {
                what: "superseded before anything else",
                before: open,
                answer: own(false, true, all.clone()),
                after: stands(Superseded, 0.0, None, false),
            },
            Case {
                what: "superseded even when withdrawn, which is kept",
                before: open,
                answer: own(true, true, None),
                after: stands(Superseded, 0.0, None, true),
            },
            Case {
                what: "withdrawn before what was realized",
                before: open,
                answer: own(true, false, some.clone()),
                after: stands(Withdrawn, 0.0, None, true),
            },
            Case {
                what: "withdrawn",
                before: open,
                answer: own(true, false, None),
                after: stands(Withdrawn, 0.0, None, true),
            },
            Case {
                what: "every change realized",
                before: open,
                answer: own(false, false, all.clone()),
                after: stands(Adopted, 1.0, Some(3), false),
            },
            Case {
                what: "some change taken up",
                before: open,
                answer: own(false, false, some.clone()),
                after: stands(AdoptedInPart, 0.667, Some(3), false),
            },
            Case {
                what: "competed, nothing taken up: the share realized",
                before: open,
                answer: own(false, false, none.clone()),
                after: stands(NotTakenUp, 0.25, None, false),
            },
            Case {
                what: "could not compete",
                before: open,
                answer: own(false, false, None),
                after: stands(NotTakenUp, 0.0, None, false),
            },
            // A later step, taking it up late or not.
            Case {
                what: "late, every change realized",
                before: NOT_TAKEN_UP,
                answer: late(false, all),
                after: stands(Adopted, 1.0, Some(3), false),
            },
            Case {
                what: "late, some change taken up",
                before: NOT_TAKEN_UP,
                answer: late(false, some.clone()),
                after: stands(AdoptedInPart, 0.667, Some(3), false),
            },
            Case {
                what: "late, nothing taken up",
                before: NOT_TAKEN_UP,
                answer: late(false, none),
                after: NOT_TAKEN_UP,
            },
            Case {
                what: "late, did not compete",
                before: NOT_TAKEN_UP,
                answer: late(false, None),
                after: NOT_TAKEN_UP,
            },
            Case {
                what: "late, withdrawn since: not taken up",
                before: NOT_TAKEN_UP,
                answer: late(true, some),
                after: NOT_TAKEN_UP,
            },
        ]
    }

    #[test]
    fn each_case_settles_as_the_table_says() {
        for case in cases() {
            assert_eq!(settle(case.before, &case.answer, 3), case.after, "{}", case.what);
        }
    }

    #[test]
    fn the_latest_revision_is_pending_unless_withdrawn() {
        assert_eq!(unanswered(Standing::OPEN, false), stands(Outcome::Pending, 0.0, None, false));
        assert_eq!(unanswered(Standing::OPEN, true), stands(Outcome::Withdrawn, 0.0, None, true));
    }

    #[test]
    fn every_outcome_is_reachable() {
        let mut reached: Vec<Outcome> = cases().iter().map(|c| c.after.outcome).collect();
        reached.push(unanswered(Standing::OPEN, false).outcome);
        for outcome in Outcome::ALL {
            assert!(reached.contains(&outcome), "{outcome:?} is reached by no case");
        }
    }

    #[test]
    fn only_an_amendment_not_taken_up_nor_withdrawn_stays_open_to_late_uptake() {
        use Outcome::*;
        for outcome in Outcome::ALL {
            for withdrawn in [false, true] {
                let s = stands(outcome, 0.0, None, withdrawn);
                assert_eq!(s.open_to_late_uptake(), outcome == NotTakenUp && !withdrawn, "{outcome:?} {withdrawn}");
            }
        }
    }

    #[test]
    fn a_fold_over_steps_gives_the_outcome_of_a_late_adoption() {
        // Not taken up on its own step (revision 1 → 2), taken up in part on the next.
        let steps =
            [(own(false, false, realized(0, 4, false, false)), 2), (late(false, realized(3, 4, false, true)), 3)];
        let end = steps.iter().fold(Standing::OPEN, |s, (answer, next)| settle(s, answer, *next));
        assert_eq!(end, stands(Outcome::AdoptedInPart, 0.75, Some(3), false));
    }
}
