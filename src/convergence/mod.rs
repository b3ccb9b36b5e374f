//! Convergence: where each element of the text stands, and why.
//!
//! The Chair and the secretariat need to know, before each round, which elements are
//! settled, which are still moving toward agreement and which are fought over. This
//! module reads the attribution ([`crate::attribution::Analysis`]) and derives, for every
//! element of the latest revision and every element dropped on the way: its lineage to
//! the baseline, its churn at each step and the trend, the amendments filed on it and
//! the open ones, conflicts between open amendments, brackets, sentences that repeat
//! agreed baseline language, and from these a [`Status`] with the [`Reason`]s behind it.
//! For every delegation and group it counts what became of its amendments and with
//! whom it is in conflict. The rules are documented in `docs/convergence.md`; the
//! thresholds come from [`ConvergenceSettings`].
//!
//! Nothing here formats: reasons are data, and the renderers word them.

mod conflicts;
mod delegations;
mod language;
mod lineage;
mod standing;
mod status;

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use crate::attribution::{Analysis, Outcome};
use crate::diff::ChangeKind;
use crate::draft::{ConvergenceSettings, Negotiation, Paragraph, ParagraphStatus, RevisionState};
use crate::text::{AlternativeKind, Tokenized};

pub use conflicts::{Competition, Conflict};
pub use delegations::DelegationStats;
pub use language::AgreedSentence;
pub use lineage::{ChurnStep, Trend};
pub use standing::{BaselineStanding, Standing};
pub use status::{Evidence, Fact};

/// Where an element stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Evidence of disagreement on the analysed revision: brackets or options left,
    /// competing or opposed amendments, a reservation, objection or dissociation, a
    /// paragraph marked open.
    Contested,
    /// No disagreement on record, but proposals on the table or a text still moving
    /// (churn rising or not falling).
    UnderNegotiation,
    /// Still moving, less at every step, with nothing on the table.
    Converging,
    /// Unchanged over the last steps, with nothing on the table; not agreed on record.
    Stable,
    /// Agreement on record: an adopted text, a paragraph marked agreed (ad referendum),
    /// or the agreed baseline's own words, the text unchanged since.
    Agreed,
    /// No lineage to the baseline: new in this process.
    New,
    /// Removed on the way.
    Dropped,
}

impl Status {
    /// All statuses, in the order reports list them.
    pub const ALL: [Status; 7] = [
        Status::Contested,
        Status::UnderNegotiation,
        Status::Converging,
        Status::Stable,
        Status::Agreed,
        Status::New,
        Status::Dropped,
    ];

    /// Name as written in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Contested => "contested",
            Status::UnderNegotiation => "under_negotiation",
            Status::Converging => "converging",
            Status::Stable => "stable",
            Status::Agreed => "agreed",
            Status::New => "new",
            Status::Dropped => "dropped",
        }
    }

    /// Name as a reader sees it: `under negotiation`.
    pub fn label(self) -> &'static str {
        match self {
            Status::UnderNegotiation => "under negotiation",
            s => s.as_str(),
        }
    }

    /// Parses a name as written by [`Status::as_str`].
    pub fn parse(name: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// Counts of elements by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts([usize; 7]);

impl Counts {
    /// The count of one status.
    pub fn get(&self, status: Status) -> usize {
        self.0[status as usize]
    }

    /// Counts one more element of `status`.
    pub fn add(&mut self, status: Status) {
        self.0[status as usize] += 1;
    }

    /// All elements counted.
    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

/// One bracketed passage of an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BracketedText {
    /// The bracketed wording, brackets excluded.
    pub inner: String,
    /// The closing bracket is missing.
    pub unclosed: bool,
}

/// A set of alternatives left in an element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlternativeSet {
    /// How many options the element holds.
    pub options: usize,
    /// Labelled `Option 1`, `Option 2` (else bracketed side by side, `[x][y]`).
    pub labelled: bool,
    /// The options as written (for labelled ones, from the first label on).
    pub text: String,
}

/// A piece of an element's text in the diff of the last step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Kept, deleted or inserted.
    pub kind: SegmentKind,
    /// The wording.
    pub text: String,
    /// Amendments credited with the change (empty: the Chair, or unchanged text).
    pub amendments: Vec<usize>,
}

/// What a [`Segment`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentKind {
    /// Text kept from the previous revision.
    Same,
    /// Text the last step deleted.
    Deleted,
    /// Text the last step inserted.
    Inserted,
}

/// The element's lineage to the baseline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lineage {
    /// Ids of the baseline elements it continues (empty: new in this process).
    pub baseline_ids: Vec<String>,
    /// Numbers of those baseline elements.
    pub baseline_numbers: Vec<String>,
    /// Its ids in every revision from the baseline to the one it was last seen in
    /// (empty where it did not exist yet).
    pub by_revision: Vec<Vec<String>>,
    /// The text equals the baseline text it continues, word for word.
    pub unchanged_since_baseline: bool,
}

/// The analysis of one element.
#[derive(Debug, Clone)]
pub struct Element {
    /// Its id (for a dropped element, its id when last seen).
    pub id: String,
    /// Its number as printed (when last seen).
    pub number: String,
    /// Its section (when last seen).
    pub section: String,
    /// Index of the revision it was last seen in (the analysed revision unless dropped).
    pub revision: usize,
    /// Index of its paragraph in that revision.
    pub paragraph: usize,
    /// Its status.
    pub status: Status,
    /// Why: the evidence that decides the status first, then context.
    pub evidence: Vec<Evidence>,
    /// Lineage to the baseline.
    pub lineage: Lineage,
    /// Churn at every step it existed through, oldest first.
    pub churn: Vec<ChurnStep>,
    /// The trend over the last steps.
    pub trend: Trend,
    /// Every amendment filed on it or on the elements it continues, in negotiation order.
    pub amendments: Vec<usize>,
    /// Amendments open on the analysed revision (pending, not withdrawn).
    pub open: Vec<usize>,
    /// The wording each open amendment proposes (same order as `open`), with its
    /// changes to the element marked (empty when its anchors no longer resolve).
    pub proposals: Vec<Vec<Segment>>,
    /// Amendments on the analysed revision that were withdrawn.
    pub withdrawn: Vec<usize>,
    /// Conflicts between open amendments, and opposition to them.
    pub conflicts: Vec<Conflict>,
    /// Bracketed wording still in the text: the outermost passages.
    pub brackets: Vec<BracketedText>,
    /// Brackets as negotiators count them (every pair, nested ones too, and every
    /// unmatched bracket).
    pub bracket_marks: usize,
    /// Sets of alternatives still in the text.
    pub alternatives: Vec<AlternativeSet>,
    /// Sentences repeating agreed baseline language.
    pub agreed_language: Vec<AgreedSentence>,
    /// The diff of the last step, when the element existed before it.
    pub last_step: Vec<Segment>,
    /// Delegations that dissociated from it.
    pub dissociated_by: Vec<String>,
    /// Delegations and groups that placed a reservation on it.
    pub reserved_by: Vec<String>,
    /// Delegations and groups that objected to it.
    pub objected_by: Vec<String>,
    /// Who is involved (see [`involved`]): the delegations and groups that took a
    /// position on what is open on it, as filed.
    pub involved: Vec<String>,
    /// The same, every group expanded into the states it spoke for, sorted.
    pub involved_states: Vec<String>,
}

/// How the analysed revision relates to the baseline.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BaselinePath {
    /// Elements whose text is the baseline's, word for word.
    pub unchanged: usize,
    /// Elements continuing baseline elements, with changes.
    pub changed: usize,
    /// Elements with no baseline lineage.
    pub new: usize,
    /// Elements dropped on the way (baseline elements or later ones).
    pub dropped: usize,
}

/// Where an element of the analysed revision stands relative to the baseline: one
/// line of [`BaselinePath`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FromBaseline {
    /// Its text is the baseline's, word for word.
    Unchanged,
    /// It continues baseline elements, with changes.
    Changed,
    /// It has no baseline lineage.
    New,
    /// It was dropped on the way.
    Dropped,
}

impl FromBaseline {
    /// Name as written in data: `unchanged`, `changed`, `new`, `dropped`.
    pub fn as_str(self) -> &'static str {
        match self {
            FromBaseline::Unchanged => "unchanged",
            FromBaseline::Changed => "changed",
            FromBaseline::New => "new",
            FromBaseline::Dropped => "dropped",
        }
    }
}

impl Element {
    /// Where the element stands relative to the baseline.
    pub fn from_baseline(&self) -> FromBaseline {
        match (self.status, self.lineage.baseline_ids.is_empty(), self.lineage.unchanged_since_baseline) {
            (Status::Dropped, ..) => FromBaseline::Dropped,
            (_, true, _) => FromBaseline::New,
            (_, false, true) => FromBaseline::Unchanged,
            (_, false, false) => FromBaseline::Changed,
        }
    }
}

/// One element of a revision as its [`Snapshot`] counts it, and what it became: a view
/// of some elements of the report (a filter) shows their history by counting the
/// elements of each revision that became one of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotElement {
    /// Its status, had this revision been the latest.
    pub status: Status,
    /// Brackets in its text, as negotiators count them.
    pub bracket_marks: usize,
    /// Bracketed passages (outermost) in its text.
    pub brackets: usize,
    /// Amendments filed on it on this revision.
    pub amendments: usize,
    /// The elements of the report ([`Convergence::elements`], by index) it became: on the
    /// analysed revision, itself; before, the elements that continue it (several when it
    /// was split, the dropped element when it was removed).
    pub became: Vec<usize>,
}

/// The state of the process as of one revision: the figure negotiators quote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// Index of the revision.
    pub revision: usize,
    /// Elements by status, had this revision been the latest (dropped ones counted
    /// once dropped).
    pub counts: Counts,
    /// Bracketed passages in the text (outermost).
    pub brackets: usize,
    /// Brackets as negotiators count them, over the whole text: every pair once (a
    /// pair that opens in one paragraph and closes in a later one too), every
    /// unmatched bracket once.
    pub bracket_marks: usize,
    /// Brackets without a partner.
    pub unbalanced: usize,
    /// Sets of alternatives.
    pub alternatives: usize,
    /// Elements with at least one bracketed passage.
    pub bracketed_elements: usize,
    /// Amendments filed on this revision.
    pub amendments: usize,
    /// Every element counted in `counts`: the revision's paragraphs in order, then the
    /// elements dropped up to it.
    pub elements: Vec<SnapshotElement>,
}

/// The section totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionTotals {
    /// Section heading.
    pub section: String,
    /// Elements by status.
    pub counts: Counts,
}

/// The whole convergence analysis of a negotiation.
#[derive(Debug, Clone)]
pub struct Convergence {
    /// Index of the analysed revision (the latest).
    pub revision: usize,
    /// Elements of the analysed revision in document order, then dropped elements in
    /// the order they were dropped.
    pub elements: Vec<Element>,
    /// Totals by status.
    pub totals: Counts,
    /// Totals by section, sections in document order.
    pub sections: Vec<SectionTotals>,
    /// From the baseline to the analysed revision.
    pub path: BaselinePath,
    /// One snapshot per revision, the baseline first.
    pub timeline: Vec<Snapshot>,
    /// Every delegation and group, by code (declared ones, then any other code used).
    pub delegations: Vec<DelegationStats>,
    /// Open `add` amendments: new elements proposed on the analysed revision.
    pub proposed_elements: Vec<usize>,
    /// The thresholds used.
    pub settings: ConvergenceSettings,
}

/// Runs the convergence analysis as of the latest revision.
pub fn analyze(analysis: &Analysis<'_>) -> Convergence {
    let n = analysis.negotiation;
    let ctx = Context::new(analysis);
    let latest = n.revisions.len() - 1;
    let elements = ctx.assess(latest, true);
    let mut totals = Counts::default();
    let mut sections: Vec<SectionTotals> = Vec::new();
    for e in &elements {
        totals.add(e.status);
        match sections.iter_mut().find(|s| s.section == e.section) {
            Some(s) => s.counts.add(e.status),
            None => {
                let mut counts = Counts::default();
                counts.add(e.status);
                sections.push(SectionTotals { section: e.section.clone(), counts });
            }
        }
    }
    let mut path = BaselinePath::default();
    for e in &elements {
        match e.from_baseline() {
            FromBaseline::Dropped => path.dropped += 1,
            FromBaseline::New => path.new += 1,
            FromBaseline::Unchanged => path.unchanged += 1,
            FromBaseline::Changed => path.changed += 1,
        }
    }
    let became = Became::new(analysis, &elements);
    // Each revision's snapshot is independent of the others: use both cores.
    let timeline = (0..=latest)
        .into_par_iter()
        .map(|k| ctx.snapshot(k, if k == latest { Some(&elements) } else { None }, &became))
        .collect();
    let delegations = delegations::stats(analysis, &elements);
    let proposed_elements = ctx.amendments_on(latest).iter().copied().filter(|&i| ctx.is_open_add(i, latest)).collect();
    Convergence {
        revision: latest,
        elements,
        totals,
        sections,
        path,
        timeline,
        delegations,
        proposed_elements,
        settings: n.convergence.clone(),
    }
}

/// What every assessment shares: the steps' statistics and indexes of the amendments.
struct Context<'a, 'n> {
    analysis: &'a Analysis<'n>,
    negotiation: &'n Negotiation,
    steps: lineage::Steps<'a>,
    /// Amendments by (revision index, target element id), negotiation order.
    by_target: HashMap<(usize, &'n str), Vec<usize>>,
    /// Amendments by revision index.
    by_revision: Vec<Vec<usize>>,
    agreed: language::AgreedIndex,
}

impl<'a, 'n> Context<'a, 'n> {
    /// What assessing the baseline alone needs: no step, no agreed language.
    fn for_baseline(analysis: &'a Analysis<'n>) -> Self {
        Context { steps: lineage::Steps::none(), agreed: language::AgreedIndex::empty(), ..Context::indexes(analysis) }
    }

    fn new(analysis: &'a Analysis<'n>) -> Self {
        Context {
            steps: lineage::Steps::new(analysis),
            agreed: language::AgreedIndex::new(analysis),
            ..Context::indexes(analysis)
        }
    }

    /// The indexes of the amendments, with nothing computed yet for steps and language.
    fn indexes(analysis: &'a Analysis<'n>) -> Self {
        let n = analysis.negotiation;
        let mut by_target: HashMap<(usize, &str), Vec<usize>> = HashMap::new();
        let mut by_revision = vec![Vec::new(); n.revisions.len()];
        for (i, a) in n.amendments.iter().enumerate() {
            if let Some(r) = n.revision_index(&a.revision) {
                by_target.entry((r, a.element.as_str())).or_default().push(i);
                by_revision[r].push(i);
            }
        }
        Context {
            analysis,
            negotiation: n,
            steps: lineage::Steps::none(),
            by_target,
            by_revision,
            agreed: language::AgreedIndex::empty(),
        }
    }

    /// Amendments filed on revision `k`.
    fn amendments_on(&self, k: usize) -> &[usize] {
        &self.by_revision[k]
    }

    /// Amendments filed on revision `k` against element `id`.
    fn amendments_on_element<'s>(&'s self, k: usize, id: &'s str) -> &'s [usize] {
        self.by_target.get(&(k, id)).map_or(&[], Vec::as_slice)
    }

    /// Whether amendment `i` is withdrawn (as far as revision `k`'s round is concerned).
    fn is_withdrawn(&self, i: usize) -> bool {
        self.analysis.amendments[i].outcome == Outcome::Withdrawn || self.negotiation.amendments[i].withdrawn.is_some()
    }

    /// Whether amendment `i` is an open `add` on revision `k`.
    fn is_open_add(&self, i: usize, k: usize) -> bool {
        let a = &self.negotiation.amendments[i];
        matches!(a.operation, crate::draft::Operation::Add { .. })
            && !self.is_withdrawn(i)
            && self.negotiation.revisions[k].index_of(&a.element).is_none()
    }

    /// Every element as of revision `k`: its paragraphs, then (with `full`) those dropped
    /// up to `k`. Without `full`, only what decides the status is filled in (the
    /// timeline needs nothing more); with it, everything the reports show.
    fn assess(&self, k: usize, full: bool) -> Vec<Element> {
        let rev = &self.negotiation.revisions[k];
        let mut out: Vec<Element> =
            (0..rev.paragraphs.len()).into_par_iter().map(|j| self.element(k, j, full)).collect();
        if full {
            for (r, i) in self.steps.dropped_up_to(k) {
                out.push(self.dropped(r, i));
            }
        }
        out
    }

    /// Element `j` of revision `k`, with its status.
    fn element(&self, k: usize, j: usize, full: bool) -> Element {
        let n = self.negotiation;
        let rev = &n.revisions[k];
        let p = &rev.paragraphs[j];
        let ancestors = self.steps.ancestors(self.analysis, k, j);
        let lineage = self.steps.lineage(self.analysis, &ancestors, full);
        let churn = self.steps.churn(&ancestors);
        let trend = lineage::trend(&churn, k, &n.convergence);
        let amendments = if full { self.history(&ancestors, &churn) } else { Vec::new() };
        let mut open = Vec::new();
        let mut withdrawn = Vec::new();
        for &i in self.amendments_on_element(k, &p.id) {
            if self.is_withdrawn(i) {
                withdrawn.push(i);
            } else {
                open.push(i);
            }
        }
        let count = crate::text::count_brackets(&p.text.text);
        let adopted_now = (rev.state == RevisionState::Agreed && p.status != Some(ParagraphStatus::Open))
            .then_some(if k == 0 { Fact::AgreedInBaseline } else { Fact::Adopted { revision: k } });
        // Competing amendments only change a status nothing else decides.
        let decided = adopted_now.is_some()
            || !count.is_clean()
            || p.status == Some(ParagraphStatus::Open)
            || !(p.reserved_by.is_empty() && p.objected_by.is_empty() && p.dissociated_by.is_empty())
            || open.iter().any(|&i| !n.amendments[i].opposed_by.is_empty());
        let conflicts = conflicts::find(n, p, &open, full || !decided);
        let disagreement = disagreement(k, p, &count, &conflicts);
        let (agreed_language, last_step, proposals) = if full {
            (
                self.agreed.find(self.analysis, k, j, &ancestors[0]),
                self.steps.segments(self.analysis, k, j),
                open.iter().map(|&i| conflicts::proposal(n, p, i)).collect(),
            )
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        let new = lineage.baseline_ids.is_empty().then(|| {
            let born = churn.iter().find(|s| s.change == ChangeKind::Added).map_or(k, |s| s.to);
            Fact::NoLineage { revision: born, amendment: self.creator(&amendments, &churn) }
        });
        let unopposed: Vec<usize> =
            open.iter().copied().filter(|&i| conflicts.iter().all(|c| !c.amendments().contains(&i))).collect();
        let mut context = Vec::new();
        if new.is_none()
            && let Some((revision, amendments)) = self.steps.taken_up(&ancestors, k, n.convergence.trend_steps.max(2))
        {
            context.push(Fact::TakenUp { revision, amendments });
        }
        if !withdrawn.is_empty() {
            context.push(Fact::Withdrawn { amendments: withdrawn.clone() });
        }
        let facts = status::Facts {
            adopted_now,
            disagreement,
            agreement: self.agreement(k, &ancestors, &churn),
            new,
            proposals: (!unopposed.is_empty()).then_some(Fact::OpenUnopposed { amendments: unopposed }),
            movement: movement(&churn, trend, k, &n.convergence),
            nothing_open: (open.is_empty() && k > 0).then_some(Fact::NothingOpen { revision: k }),
            context,
        };
        let (status, evidence) = status::decide(facts);
        let (involved, involved_states) =
            if full { delegations::involved(n, &open, p) } else { (Vec::new(), Vec::new()) };
        Element {
            id: p.id.clone(),
            number: p.number.clone(),
            section: p.section.clone(),
            revision: k,
            paragraph: j,
            status,
            evidence,
            lineage,
            churn,
            trend,
            amendments,
            open,
            proposals,
            withdrawn,
            conflicts,
            brackets: count
                .passages
                .iter()
                .map(|b| BracketedText { inner: b.inner.clone(), unclosed: b.unclosed })
                .collect(),
            bracket_marks: count.marks,
            alternatives: count
                .alternatives
                .iter()
                .map(|a| AlternativeSet {
                    options: a.options,
                    labelled: a.kind == AlternativeKind::Labelled,
                    text: p.text.text[a.span.clone()].trim_end().to_owned(),
                })
                .collect(),
            agreed_language,
            last_step,
            dissociated_by: p.dissociated_by.clone(),
            reserved_by: p.reserved_by.clone(),
            objected_by: p.objected_by.clone(),
            involved,
            involved_states,
        }
    }

    /// The agreement on record that still holds for the element of revision `k` whose
    /// ancestors are `ancestors`: walking back while its text stays the same, the first
    /// paragraph marked agreed (or agreed ad referendum), or an earlier revision that is
    /// an agreed text. A paragraph marked open on the way ends the walk: the latest
    /// mark says it is not agreed. (Revision `k`'s own state is `adopted_now`.)
    fn agreement(&self, k: usize, ancestors: &[Vec<usize>], churn: &[ChurnStep]) -> Option<Fact> {
        let n = self.negotiation;
        let mut r = k;
        loop {
            let [x] = ancestors[r][..] else { return None };
            match n.revisions[r].paragraphs[x].status {
                Some(ParagraphStatus::Open) => return None,
                // The baseline's own mark: agreed in the previous process.
                Some(ParagraphStatus::Agreed) if r == 0 => return Some(Fact::AgreedInBaseline),
                Some(s) => return Some(Fact::MarkedAgreed { revision: r, ad_ref: s == ParagraphStatus::AgreedAdRef }),
                None => {}
            }
            if r < k && n.revisions[r].state == RevisionState::Agreed {
                return Some(if r == 0 { Fact::AgreedInBaseline } else { Fact::Adopted { revision: r } });
            }
            let step = churn.iter().find(|s| s.to == r)?;
            if !matches!(step.change, ChangeKind::Unchanged | ChangeKind::Moved) {
                return None;
            }
            r = step.from;
        }
    }

    /// Element `i` of revision `r`, removed when revision `r + 1` was issued.
    fn dropped(&self, r: usize, i: usize) -> Element {
        let n = self.negotiation;
        let p = &n.revisions[r].paragraphs[i];
        let ancestors = self.steps.ancestors(self.analysis, r, i);
        let lineage = self.steps.lineage(self.analysis, &ancestors, true);
        let churn = self.steps.churn(&ancestors);
        let trend = lineage::trend(&churn, r, &n.convergence);
        let amendments = self.history(&ancestors, &churn);
        let removed_by = self.steps.removal_credits(r, i);
        Element {
            id: p.id.clone(),
            number: p.number.clone(),
            section: p.section.clone(),
            revision: r,
            paragraph: i,
            status: Status::Dropped,
            evidence: vec![Evidence {
                fact: Fact::Removed { revision: r + 1, amendments: removed_by },
                decisive: true,
            }],
            lineage,
            churn,
            trend,
            amendments,
            open: Vec::new(),
            proposals: Vec::new(),
            withdrawn: Vec::new(),
            conflicts: Vec::new(),
            brackets: Vec::new(),
            bracket_marks: 0,
            alternatives: Vec::new(),
            agreed_language: Vec::new(),
            last_step: Vec::new(),
            dissociated_by: p.dissociated_by.clone(),
            reserved_by: p.reserved_by.clone(),
            objected_by: p.objected_by.clone(),
            involved: Vec::new(),
            involved_states: Vec::new(),
        }
    }

    /// Every amendment filed on the element or its ancestors, and the `add` that
    /// created it, in negotiation order.
    fn history(&self, ancestors: &[Vec<usize>], churn: &[ChurnStep]) -> Vec<usize> {
        let n = self.negotiation;
        let mut out: Vec<usize> = Vec::new();
        for (r, paras) in ancestors.iter().enumerate() {
            for &x in paras {
                out.extend(self.amendments_on_element(r, &n.revisions[r].paragraphs[x].id));
            }
        }
        for step in churn.iter().filter(|s| s.change == ChangeKind::Added) {
            for &x in &ancestors[step.to] {
                let id = &n.revisions[step.to].paragraphs[x].id;
                out.extend(self.amendments_on_element(step.from, id));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The `add` amendment credited with creating an element with no baseline lineage,
    /// among the `amendments` filed on it.
    fn creator(&self, amendments: &[usize], churn: &[ChurnStep]) -> Option<usize> {
        let born = churn.iter().find(|s| s.change == ChangeKind::Added)?;
        amendments.iter().copied().find(|&i| {
            matches!(self.negotiation.amendments[i].operation, crate::draft::Operation::Add { .. })
                && self.negotiation.revision_index(&self.negotiation.amendments[i].revision) == Some(born.from)
                && matches!(self.analysis.amendments[i].outcome, Outcome::Adopted | Outcome::AdoptedInPart)
        })
    }

    /// The snapshot of revision `k`; `elements` when already assessed.
    fn snapshot(&self, k: usize, elements: Option<&[Element]>, became: &Became) -> Snapshot {
        let assessed;
        let elements = match elements {
            Some(e) => e,
            None => {
                assessed = self.assess(k, false);
                &assessed
            }
        };
        let rev = &self.negotiation.revisions[k];
        let mut rows: Vec<SnapshotElement> = elements
            .iter()
            .filter(|e| e.status != Status::Dropped)
            .map(|e| SnapshotElement {
                status: e.status,
                bracket_marks: e.bracket_marks,
                brackets: e.brackets.len(),
                amendments: self.amendments_on_element(k, &rev.paragraphs[e.paragraph].id).len(),
                became: became.of(k, e.paragraph).to_vec(),
            })
            .collect();
        // Assessed without the dropped elements, or with them: the same ones either way.
        rows.extend(self.steps.dropped_up_to(k).into_iter().map(|(r, i)| SnapshotElement {
            status: Status::Dropped,
            bracket_marks: 0,
            brackets: 0,
            amendments: 0,
            became: became.of(r, i).to_vec(),
        }));
        let mut counts = Counts::default();
        rows.iter().for_each(|e| counts.add(e.status));
        let per_para: Vec<usize> = rev.paragraphs.iter().map(|p| crate::text::brackets(&p.text.text).len()).collect();
        // Over the whole text, so a pair across paragraphs counts once.
        let mut joined = String::new();
        for p in &rev.paragraphs {
            joined.push_str(&p.text.text);
            joined.push('\n');
        }
        let whole = crate::text::count_brackets(&joined);
        Snapshot {
            revision: k,
            counts,
            brackets: per_para.iter().sum(),
            bracket_marks: whole.marks,
            unbalanced: whole.unmatched.len(),
            alternatives: rev
                .paragraphs
                .iter()
                .map(|p| crate::text::count_brackets(&p.text.text).alternatives.len())
                .sum(),
            bracketed_elements: per_para.iter().filter(|&&b| b > 0).count(),
            amendments: self.by_revision[k].len(),
            elements: rows,
        }
    }
}

/// For every paragraph of every revision, the elements of the report it became (by
/// index in [`Convergence::elements`]): the elements whose ancestors include it.
struct Became(Vec<Vec<Vec<usize>>>);

impl Became {
    fn new(analysis: &Analysis<'_>, elements: &[Element]) -> Self {
        let n = analysis.negotiation;
        let mut out: Vec<Vec<Vec<usize>>> = n.revisions.iter().map(|r| vec![Vec::new(); r.paragraphs.len()]).collect();
        for (x, e) in elements.iter().enumerate() {
            for (r, paras) in lineage::ancestors(analysis, e.revision, e.paragraph).into_iter().enumerate() {
                for p in paras {
                    out[r][p].push(x);
                }
            }
        }
        Became(out)
    }

    /// What paragraph `j` of revision `k` became.
    fn of(&self, k: usize, j: usize) -> &[usize] {
        &self.0[k][j]
    }
}

/// The evidence of disagreement in paragraph `p` of revision `k`: its brackets and
/// options, the conflicts among its open amendments, its own marks and the positions
/// recorded on it, in that order.
fn disagreement(k: usize, p: &Paragraph, count: &crate::text::BracketCount, conflicts: &[Conflict]) -> Vec<Fact> {
    let mut out = Vec::new();
    if count.marks > 0 {
        out.push(Fact::Brackets { marks: count.marks, passages: count.passages.len() });
    }
    if !count.alternatives.is_empty() {
        let labelled: usize =
            count.alternatives.iter().filter(|a| a.kind == AlternativeKind::Labelled).map(|a| a.options).sum();
        let bracketed = count.alternatives.iter().filter(|a| a.kind == AlternativeKind::Bracketed).count();
        out.push(Fact::Alternatives { bracketed, labelled });
    }
    for (i, c) in conflicts.iter().enumerate() {
        out.push(match c {
            Conflict::Competing { .. } => Fact::Competing { conflict: i },
            Conflict::Opposed { .. } => Fact::Opposed { conflict: i },
        });
    }
    if p.status == Some(ParagraphStatus::Open) {
        out.push(Fact::MarkedOpen { revision: k });
    }
    if !p.reserved_by.is_empty() {
        out.push(Fact::Reserved { by: p.reserved_by.clone() });
    }
    if !p.objected_by.is_empty() {
        out.push(Fact::Objected { by: p.objected_by.clone() });
    }
    if !p.dissociated_by.is_empty() {
        out.push(Fact::Dissociated { by: p.dissociated_by.clone() });
    }
    out
}

/// The churn trend as a [`status::Movement`], with the values behind it.
fn movement(churn: &[ChurnStep], trend: Trend, k: usize, settings: &ConvergenceSettings) -> status::Movement {
    use status::Movement;
    let window = lineage::window(churn, k, settings);
    match trend {
        Trend::None => Movement::None(Fact::NoHistory),
        Trend::Stable => {
            let steps = settings.trend_steps.max(2).min(k);
            Movement::Stable(Fact::Unchanged { steps, since: k - steps })
        }
        Trend::Falling => Movement::Settling(Fact::Falling { window }),
        Trend::FirstStep => Movement::Settling(Fact::FirstStep { churn: window.last().copied().unwrap_or(0.0) }),
        Trend::Rising => Movement::Moving(Fact::Rising { window }),
        Trend::NotFalling => Movement::Moving(Fact::NotFalling { window }),
    }
}

/// A new text as segments: kept text, and for each hunk its old wording (deleted) and
/// its new words (inserted). `hunks` are (new token range, old wording, amendments
/// credited), in order.
///
/// ```text
/// old "States shall act." new "States should act now." ->
///   Same "States ", Deleted "shall", Same " ", Inserted "should", Same " act ", Inserted "now", Same "."
/// ```
fn segments<'h>(t: &Tokenized, hunks: impl Iterator<Item = (Range<usize>, &'h str, Vec<usize>)>) -> Vec<Segment> {
    let text = t.text.trim_end();
    let mut out: Vec<Segment> = Vec::new();
    let mut push = |kind: SegmentKind, text: &str, amendments: &[usize]| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.kind == kind && last.amendments == amendments => last.text.push_str(text),
            _ => out.push(Segment { kind, text: text.to_owned(), amendments: amendments.to_vec() }),
        }
    };
    let mut at = 0;
    for (new_words, old, credited) in hunks {
        let start = t.byte_start(new_words.start).min(text.len()).max(at);
        push(SegmentKind::Same, &text[at..start], &[]);
        if !old.is_empty() {
            // Keep deleted words apart from the words around them.
            let prev_is_space = start == 0 || text[..start].ends_with(char::is_whitespace);
            if !prev_is_space && old.starts_with(|c: char| c.is_alphanumeric() || "[(\"“«'".contains(c)) {
                push(SegmentKind::Same, " ", &[]);
            }
            push(SegmentKind::Deleted, old, &credited);
            if !new_words.is_empty() || text[start..].starts_with(char::is_alphanumeric) {
                push(SegmentKind::Same, " ", &[]);
            }
        }
        if new_words.is_empty() {
            at = start;
        } else {
            let end = t.spans[new_words.end - 1].end.min(text.len());
            push(SegmentKind::Inserted, &text[start..end], &credited);
            at = end;
        }
    }
    push(SegmentKind::Same, &text[at..], &[]);
    out
}

/// Whether two token ranges share a token.
fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_interleave_old_and_new_wording() {
        // old "States shall act." -> new "States should act now."
        let segs = segments(
            &Tokenized::new("States should act now."),
            vec![(1..2, "shall", vec![]), (3..4, "", vec![4])].into_iter(),
        );
        let shown: Vec<(SegmentKind, &str)> = segs.iter().map(|s| (s.kind, s.text.as_str())).collect();
        assert_eq!(
            shown,
            [
                (SegmentKind::Same, "States "),
                (SegmentKind::Deleted, "shall"),
                (SegmentKind::Same, " "),
                (SegmentKind::Inserted, "should"),
                (SegmentKind::Same, " act "),
                (SegmentKind::Inserted, "now"),
                (SegmentKind::Same, "."),
            ]
        );
        assert_eq!(segs[5].amendments, [4]);
    }

    #[test]
    fn a_deletion_keeps_the_words_around_it_apart() {
        // old "States act fully now" -> new "States act now"
        let segs = segments(&Tokenized::new("States act now"), vec![(2..2, "fully", vec![])].into_iter());
        let text: String = segs.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(text, "States act fully now");
    }
}
