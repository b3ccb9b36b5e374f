//! The status rules: from the evidence gathered about an element to a [`Status`], with
//! the evidence that decides it first and the rest as context.
//!
//! Two questions are kept apart: *is there disagreement* (brackets or options left,
//! competing or opposed amendments, a reservation, objection or dissociation, a
//! paragraph marked open) and *is the text still moving* (the churn trend). Only the
//! first makes an element `contested`; movement alone makes it `under negotiation`,
//! `converging` or `stable`. Agreement needs a record: an adopted text, a paragraph
//! marked agreed (ad referendum), or the agreed baseline's own words, the text unchanged
//! since. In order, the first that applies decides (see `docs/convergence.md`):
//!
//! 1. removed on the way: `dropped` (decided by the caller);
//! 2. the analysed revision is an adopted text: `agreed`, whatever else is true;
//! 3. evidence of disagreement: `contested`;
//! 4. agreement on record, the text unchanged since: `agreed`;
//! 5. no lineage to the baseline: `new`;
//! 6. open amendments nobody opposes: `under negotiation`;
//! 7. the churn trend: rising or not falling → `under negotiation`, falling or a first
//!    step → `converging`, unchanged (or nothing to compare) → `stable`.
//!
//! [`decide`] is a pure function of [`Facts`]: the decision table in the tests below
//! runs it on every combination.

use super::Status;

/// A fact about an element that bears on its status. Indices are amendments (into the
/// negotiation's list) and revisions (0 = the baseline).
#[derive(Debug, Clone, PartialEq)]
pub enum Fact {
    /// Removed when `revision` was issued; `amendments` are the `delete_paragraph`
    /// amendments credited (none: the Chair's decision).
    Removed { revision: usize, amendments: Vec<usize> },
    /// No lineage to the baseline: it first appears in `revision`, created by the `add`
    /// amendment `amendment` or by the Chair.
    NoLineage { revision: usize, amendment: Option<usize> },
    /// `revision` is an agreed (adopted) text, after the baseline; the element's text
    /// is unchanged since.
    Adopted { revision: usize },
    /// The baseline is an agreed text (a report adopted by consensus) and the element
    /// repeats its paragraph word for word.
    AgreedInBaseline,
    /// `revision` marks the element agreed (`ad_ref`: agreed ad referendum); the text
    /// is unchanged since.
    MarkedAgreed { revision: usize, ad_ref: bool },
    /// The analysed revision marks the element open: not agreed.
    MarkedOpen { revision: usize },
    /// Brackets remain: `marks` as negotiators count them, in `passages` outermost passages.
    Brackets { marks: usize, passages: usize },
    /// Alternatives remain: `bracketed` sets of side-by-side bracketed options, and
    /// `labelled` options labelled `Option …`.
    Alternatives { bracketed: usize, labelled: usize },
    /// Open amendments compete for the same words (index into the element's conflicts).
    Competing { conflict: usize },
    /// An open amendment is opposed (index into the element's conflicts).
    Opposed { conflict: usize },
    /// Delegations placed a reservation on the paragraph.
    Reserved { by: Vec<String> },
    /// Delegations objected to the paragraph as it stands.
    Objected { by: Vec<String> },
    /// Delegations dissociated from the paragraph.
    Dissociated { by: Vec<String> },
    /// Open amendments nobody opposes and nothing competes with: proposals on the table.
    OpenUnopposed { amendments: Vec<usize> },
    /// No step to judge by (the analysed revision is the baseline).
    NoHistory,
    /// Unchanged over the last `steps` steps, since revision `since`.
    Unchanged { steps: usize, since: usize },
    /// Churn fell: the last value of `window` (shares of words, oldest first) is below
    /// every earlier one.
    Falling { window: Vec<f64> },
    /// Churn rose: the last step changed more than the one before.
    Rising { window: Vec<f64> },
    /// Churn did not fall: the last step changed as much as an earlier one, or more.
    NotFalling { window: Vec<f64> },
    /// Changed in its only step so far: too early for a trend.
    FirstStep { churn: f64 },
    /// Amendments taken up in `revision` (exact or in part).
    TakenUp { revision: usize, amendments: Vec<(usize, bool)> },
    /// Amendments on the analysed revision withdrawn by their proposers.
    Withdrawn { amendments: Vec<usize> },
    /// No amendment open on `revision`.
    NothingOpen { revision: usize },
}

impl Fact {
    /// The kind, as written in JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            Fact::Removed { .. } => "removed",
            Fact::NoLineage { .. } => "no_lineage",
            Fact::Adopted { .. } => "adopted",
            Fact::AgreedInBaseline => "agreed_in_baseline",
            Fact::MarkedAgreed { .. } => "marked_agreed",
            Fact::MarkedOpen { .. } => "marked_open",
            Fact::Brackets { .. } => "brackets",
            Fact::Alternatives { .. } => "alternatives",
            Fact::Competing { .. } => "competing",
            Fact::Opposed { .. } => "opposed",
            Fact::Reserved { .. } => "reservation",
            Fact::Objected { .. } => "objection",
            Fact::Dissociated { .. } => "dissociation",
            Fact::OpenUnopposed { .. } => "open_unopposed",
            Fact::NoHistory => "no_history",
            Fact::Unchanged { .. } => "unchanged",
            Fact::Falling { .. } => "churn_falling",
            Fact::Rising { .. } => "churn_rising",
            Fact::NotFalling { .. } => "churn_not_falling",
            Fact::FirstStep { .. } => "first_step",
            Fact::TakenUp { .. } => "taken_up",
            Fact::Withdrawn { .. } => "withdrawn",
            Fact::NothingOpen { .. } => "nothing_open",
        }
    }
}

/// One piece of evidence behind a status.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// What is true of the element.
    pub fact: Fact,
    /// It decides the status; otherwise it is context for the reader.
    pub decisive: bool,
}

/// The element's movement: how its churn went over the last steps.
#[derive(Debug, Clone, PartialEq)]
pub enum Movement {
    /// Nothing to compare: the analysed revision is the baseline.
    None(Fact),
    /// Unchanged over the window.
    Stable(Fact),
    /// Falling, or a first step: settling.
    Settling(Fact),
    /// Rising or not falling: still moving.
    Moving(Fact),
}

impl Movement {
    fn fact(&self) -> &Fact {
        match self {
            Movement::None(f) | Movement::Stable(f) | Movement::Settling(f) | Movement::Moving(f) => f,
        }
    }
}

/// What the rules look at, gathered by the caller: every input of the decision table.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The analysed revision is an agreed text and does not mark the element open
    /// ([`Fact::Adopted`], or [`Fact::AgreedInBaseline`] when it is the baseline).
    pub adopted_now: Option<Fact>,
    /// Evidence of disagreement on the analysed revision.
    pub disagreement: Vec<Fact>,
    /// Agreement on record that still holds: an earlier adoption, a mark, the agreed
    /// baseline's words.
    pub agreement: Option<Fact>,
    /// [`Fact::NoLineage`] when it continues nothing of the baseline.
    pub new: Option<Fact>,
    /// [`Fact::OpenUnopposed`] when proposals nobody opposes are on the table.
    pub proposals: Option<Fact>,
    /// The churn trend.
    pub movement: Movement,
    /// [`Fact::NothingOpen`] when no amendment is open.
    pub nothing_open: Option<Fact>,
    /// Context only: what was taken up, what was withdrawn.
    pub context: Vec<Fact>,
}

/// Decides the status of an element still in the text, with its evidence: the deciding
/// facts first, then the context.
pub fn decide(f: Facts) -> (Status, Vec<Evidence>) {
    let Facts { adopted_now, disagreement, agreement, new, proposals, movement, nothing_open, context } = f;
    let mut decisive: Vec<Fact> = Vec::new();
    let mut more: Vec<Fact> = Vec::new();
    let moving = matches!(movement, Movement::Moving(_));
    let status = if let Some(adopted) = adopted_now {
        decisive.push(adopted);
        more.extend(disagreement);
        more.extend(new);
        Status::Agreed
    } else if !disagreement.is_empty() {
        decisive.extend(disagreement);
        more.extend(agreement);
        more.extend(new);
        more.extend(proposals);
        if !matches!(movement, Movement::None(_)) {
            // Whether the text itself is settling, whatever the disagreement.
            more.push(movement.fact().clone());
        }
        Status::Contested
    } else if let Some(agreement) = agreement {
        decisive.push(agreement);
        more.extend(new);
        more.extend(proposals);
        Status::Agreed
    } else if let Some(new) = new {
        decisive.push(new);
        more.extend(proposals);
        Status::New
    } else if let Some(proposals) = proposals {
        decisive.push(proposals);
        let trend = movement.fact().clone();
        if moving {
            decisive.push(trend)
        } else {
            more.push(trend)
        }
        Status::UnderNegotiation
    } else {
        let status = match &movement {
            Movement::Moving(_) => Status::UnderNegotiation,
            Movement::Settling(_) => Status::Converging,
            Movement::Stable(_) | Movement::None(_) => Status::Stable,
        };
        decisive.push(movement.fact().clone());
        if status != Status::UnderNegotiation {
            // Nothing on the table is part of why it is settling or stable.
            decisive.extend(nothing_open.clone());
        }
        status
    };
    if !decisive.iter().chain(&more).any(|f| matches!(f, Fact::NothingOpen { .. })) {
        more.extend(nothing_open);
    }
    more.extend(context);
    let evidence = decisive
        .into_iter()
        .map(|fact| Evidence { fact, decisive: true })
        .chain(more.into_iter().map(|fact| Evidence { fact, decisive: false }))
        .collect();
    (status, evidence)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value a column of the decision table can take.
    fn disagreements() -> Vec<(&'static str, Vec<Fact>)> {
        vec![
            ("none", vec![]),
            ("brackets", vec![Fact::Brackets { marks: 2, passages: 1 }]),
            ("options", vec![Fact::Alternatives { bracketed: 0, labelled: 2 }]),
            ("competing", vec![Fact::Competing { conflict: 0 }]),
            ("opposed", vec![Fact::Opposed { conflict: 0 }]),
            ("reservation", vec![Fact::Reserved { by: vec!["AAA".into()] }]),
            ("objection", vec![Fact::Objected { by: vec!["AAA".into()] }]),
            ("dissociation", vec![Fact::Dissociated { by: vec!["AAA".into()] }]),
            ("marked open", vec![Fact::MarkedOpen { revision: 2 }]),
        ]
    }

    fn agreements() -> Vec<(&'static str, Option<Fact>)> {
        vec![
            ("none", None),
            ("ad ref", Some(Fact::MarkedAgreed { revision: 1, ad_ref: true })),
            ("marked agreed", Some(Fact::MarkedAgreed { revision: 2, ad_ref: false })),
            ("adopted earlier", Some(Fact::Adopted { revision: 1 })),
            ("agreed baseline", Some(Fact::AgreedInBaseline)),
        ]
    }

    fn movements() -> Vec<(&'static str, Movement)> {
        vec![
            ("none", Movement::None(Fact::NoHistory)),
            ("stable", Movement::Stable(Fact::Unchanged { steps: 2, since: 0 })),
            ("falling", Movement::Settling(Fact::Falling { window: vec![0.2, 0.1] })),
            ("first step", Movement::Settling(Fact::FirstStep { churn: 0.3 })),
            ("rising", Movement::Moving(Fact::Rising { window: vec![0.1, 0.2] })),
            ("not falling", Movement::Moving(Fact::NotFalling { window: vec![0.1, 0.1] })),
        ]
    }

    /// One row of the decision table: `None` matches anything.
    struct Row {
        adopted: Option<bool>,
        disagreement: Option<bool>,
        agreement: Option<bool>,
        new: Option<bool>,
        proposals: Option<bool>,
        movement: &'static [&'static str],
        status: Status,
        /// The kinds of the deciding evidence, in order.
        decisive: &'static [&'static str],
    }

    const ANY: &[&str] = &[];
    const Y: Option<bool> = Some(true);
    const N: Option<bool> = Some(false);
    const X: Option<bool> = None;

    /// The status rules as a Chair states them, first match wins. `decisive` uses
    /// `<disagreement>`, `<agreement>`, `<movement>` for the column's own evidence.
    fn table() -> Vec<Row> {
        use Status::*;
        let row = |adopted, disagreement, agreement, new, proposals, movement, status, decisive| Row {
            adopted,
            disagreement,
            agreement,
            new,
            proposals,
            movement,
            status,
            decisive,
        };
        vec![
            // An adopted text is agreed, whatever else is true.
            row(Y, X, X, X, X, ANY, Agreed, &["adopted"]),
            // Disagreement on record: contested, and nothing else decides.
            row(N, Y, X, X, X, ANY, Contested, &["<disagreement>"]),
            // Agreement on record, the text unchanged since.
            row(N, N, Y, X, X, ANY, Agreed, &["<agreement>"]),
            row(N, N, N, Y, X, ANY, New, &["no_lineage"]),
            // Proposals on the table; a text still moving says so too.
            row(N, N, N, N, Y, &["rising", "not falling"], UnderNegotiation, &["open_unopposed", "<movement>"]),
            row(N, N, N, N, Y, ANY, UnderNegotiation, &["open_unopposed"]),
            // Movement alone: never contested.
            row(N, N, N, N, N, &["rising", "not falling"], UnderNegotiation, &["<movement>"]),
            row(N, N, N, N, N, &["falling", "first step"], Converging, &["<movement>", "nothing_open"]),
            row(N, N, N, N, N, &["stable", "none"], Stable, &["<movement>", "nothing_open"]),
        ]
    }

    fn matches(want: Option<bool>, got: bool) -> bool {
        want.is_none_or(|w| w == got)
    }

    #[test]
    fn decision_table_covers_every_combination() {
        let mut combinations = 0;
        for adopted in [false, true] {
            for (d_name, disagreement) in disagreements() {
                for (a_name, agreement) in agreements() {
                    for new in [false, true] {
                        for proposals in [false, true] {
                            for (m_name, movement) in movements() {
                                combinations += 1;
                                let facts = Facts {
                                    adopted_now: adopted.then_some(Fact::Adopted { revision: 2 }),
                                    disagreement: disagreement.clone(),
                                    agreement: agreement.clone(),
                                    new: new.then_some(Fact::NoLineage { revision: 1, amendment: None }),
                                    proposals: proposals.then_some(Fact::OpenUnopposed { amendments: vec![3] }),
                                    movement: movement.clone(),
                                    nothing_open: (!proposals).then_some(Fact::NothingOpen { revision: 2 }),
                                    context: vec![Fact::Withdrawn { amendments: vec![4] }],
                                };
                                let case = format!(
                                    "adopted {adopted}, disagreement {d_name}, agreement {a_name}, new {new}, \
                                     proposals {proposals}, movement {m_name}"
                                );
                                let row = table()
                                    .into_iter()
                                    .find(|r| {
                                        matches(r.adopted, adopted)
                                            && matches(r.disagreement, !disagreement.is_empty())
                                            && matches(r.agreement, agreement.is_some())
                                            && matches(r.new, new)
                                            && matches(r.proposals, proposals)
                                            && (r.movement.is_empty() || r.movement.contains(&m_name))
                                    })
                                    .unwrap_or_else(|| panic!("no row for {case}"));
                                let (status, evidence) = decide(facts);
                                assert_eq!(status, row.status, "{case}");
                                let expected: Vec<&str> = row
                                    .decisive
                                    .iter()
                                    .flat_map(|k| match *k {
                                        "<disagreement>" => disagreement.iter().map(Fact::kind).collect(),
                                        "<agreement>" => agreement.iter().map(Fact::kind).collect(),
                                        "<movement>" => vec![movement.fact().kind()],
                                        k => vec![k],
                                    })
                                    .collect();
                                let got: Vec<&str> =
                                    evidence.iter().filter(|e| e.decisive).map(|e| e.fact.kind()).collect();
                                assert_eq!(got, expected, "{case}");
                                // Deciding evidence first, context after; the context kept.
                                assert!(evidence.iter().skip_while(|e| e.decisive).all(|e| !e.decisive), "{case}");
                                assert_eq!(evidence.last().map(|e| e.fact.kind()), Some("withdrawn"), "{case}");
                            }
                        }
                    }
                }
            }
        }
        assert_eq!(combinations, 2 * 9 * 5 * 2 * 2 * 6);
    }

    #[test]
    fn movement_alone_never_contests_and_adoption_never_is_contested() {
        for (_, movement) in movements() {
            for (_, disagreement) in disagreements() {
                let facts = Facts {
                    adopted_now: None,
                    disagreement: disagreement.clone(),
                    agreement: None,
                    new: None,
                    proposals: None,
                    movement: movement.clone(),
                    nothing_open: Some(Fact::NothingOpen { revision: 1 }),
                    context: vec![],
                };
                let (status, _) = decide(facts.clone());
                assert_eq!(status == Status::Contested, !disagreement.is_empty(), "{facts:?}");
                let (status, evidence) = decide(Facts { adopted_now: Some(Fact::Adopted { revision: 1 }), ..facts });
                assert_eq!(status, Status::Agreed);
                // The disagreement stays visible, as context.
                assert_eq!(evidence.iter().filter(|e| !e.decisive).count(), disagreement.len() + 1);
            }
        }
    }

    #[test]
    fn a_contested_element_keeps_its_agreement_and_trend_as_context() {
        let (status, evidence) = decide(Facts {
            adopted_now: None,
            disagreement: vec![Fact::Opposed { conflict: 0 }],
            agreement: Some(Fact::MarkedAgreed { revision: 2, ad_ref: true }),
            new: None,
            proposals: None,
            movement: Movement::Moving(Fact::Rising { window: vec![0.0, 0.2] }),
            nothing_open: None,
            context: vec![Fact::TakenUp { revision: 2, amendments: vec![(1, true)] }],
        });
        assert_eq!(status, Status::Contested);
        let kinds: Vec<(&str, bool)> = evidence.iter().map(|e| (e.fact.kind(), e.decisive)).collect();
        assert_eq!(kinds, [("opposed", true), ("marked_agreed", false), ("churn_rising", false), ("taken_up", false)]);
    }
}
