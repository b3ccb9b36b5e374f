//! The convergence report as JSON: the whole analysis, named by ids (the shape is a
//! contract, documented in the `## Report` section of `docs/json.md`).

use std::collections::BTreeMap;
use std::io::{self, Write};

use serde::Serialize;

use serde_json::{Value, json};

use super::words;
use crate::attribution::{Analysis, Outcome};
use crate::convergence::{Competition, Conflict, Convergence, Counts, Element, Fact, Status};
use crate::draft::{ConvergenceSettings, Negotiation};
use crate::render::json::AmendmentReport;

/// The version of the report's shape: 2 added the statuses `under_negotiation` and
/// `stable`, `evidence`, the bracket counts and `involved` (docs/json.md says what
/// changed).
pub const VERSION: u32 = 2;

/// `concord report --format json`.
#[derive(Debug, Serialize)]
pub struct Report {
    /// The version of this shape ([`VERSION`]).
    pub version: u32,
    /// The negotiation's title.
    pub title: String,
    /// The analysed revision (the latest).
    pub revision: String,
    /// The baseline.
    pub baseline: String,
    /// `agreed` (an agreed report) or `open` (a negotiating text).
    pub baseline_state: &'static str,
    /// Every revision, the baseline first.
    pub revisions: Vec<RevisionInfo>,
    /// The thresholds used.
    pub settings: ConvergenceSettings,
    /// Elements by status.
    pub totals: BTreeMap<&'static str, usize>,
    /// Elements by status, per section, in document order.
    pub sections: Vec<SectionReport>,
    /// From the baseline to the analysed revision.
    pub path: PathReport,
    /// One entry per revision.
    pub timeline: Vec<SnapshotReport>,
    /// Every element of the analysed revision, then the dropped ones.
    pub elements: Vec<ElementReport>,
    /// Open `add` amendments: new paragraphs proposed on the analysed revision.
    pub proposed_elements: Vec<AmendmentReport>,
    /// Every delegation and group.
    pub delegations: Vec<DelegationReport>,
}

/// A revision.
#[derive(Debug, Serialize)]
pub struct RevisionInfo {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Date, if given.
    pub date: Option<String>,
    /// Document symbol, if given.
    pub symbol: Option<String>,
    /// `agreed` (an adopted text) or `open` (a negotiating text).
    pub state: &'static str,
}

/// Section totals.
#[derive(Debug, Serialize)]
pub struct SectionReport {
    /// Heading.
    pub section: String,
    /// Elements by status.
    pub totals: BTreeMap<&'static str, usize>,
}

/// The path from the baseline.
#[derive(Debug, Serialize)]
pub struct PathReport {
    /// Elements whose text is the baseline's.
    pub unchanged: usize,
    /// Elements continuing the baseline, changed.
    pub changed: usize,
    /// Elements with no baseline lineage.
    pub new: usize,
    /// Elements dropped.
    pub dropped: usize,
}

/// The state of the process at one revision.
#[derive(Debug, Serialize)]
pub struct SnapshotReport {
    /// Revision id.
    pub revision: String,
    /// Elements by status had it been the latest.
    pub totals: BTreeMap<&'static str, usize>,
    /// Bracketed passages.
    pub brackets: usize,
    /// Brackets as negotiators count them.
    pub bracket_marks: usize,
    /// Brackets without a partner.
    pub unbalanced: usize,
    /// Sets of alternatives.
    pub alternatives: usize,
    /// Elements with brackets.
    pub bracketed_elements: usize,
    /// Amendments filed on it.
    pub amendments: usize,
}

/// One element.
#[derive(Debug, Serialize)]
pub struct ElementReport {
    /// Id (when last seen, for dropped elements).
    pub id: String,
    /// Number as printed (null when unnumbered).
    pub number: Option<String>,
    /// Section.
    pub section: String,
    /// The revision it was last seen in.
    pub revision: String,
    /// Its status.
    pub status: &'static str,
    /// Why, deciding reasons first, as sentences.
    pub reasons: Vec<ReasonReport>,
    /// The same evidence, machine-readable.
    pub evidence: Vec<EvidenceReport>,
    /// The first baseline element it continues (null: new).
    pub baseline_id: Option<String>,
    /// Every baseline element it continues.
    pub baseline_ids: Vec<String>,
    /// Its ids in every revision up to the one it was last seen in.
    pub lineage: Vec<LineageReport>,
    /// Its text is the baseline's, word for word.
    pub unchanged_since_baseline: bool,
    /// Churn at every step it existed through.
    pub churn: Vec<ChurnReport>,
    /// The trend over the last steps.
    pub trend: &'static str,
    /// Ids of every amendment filed on it (or its ancestors).
    pub amendments: Vec<String>,
    /// Open amendments on the analysed revision.
    pub open_amendments: Vec<AmendmentReport>,
    /// Ids of amendments on the analysed revision that were withdrawn.
    pub withdrawn_amendments: Vec<String>,
    /// Conflicts.
    pub conflicts: Vec<ConflictReport>,
    /// Bracketed wording in the text.
    pub brackets: Vec<String>,
    /// Brackets as negotiators count them.
    pub bracket_marks: usize,
    /// Sets of alternatives in the text.
    pub alternatives: Vec<AlternativesReport>,
    /// Sentences repeating agreed baseline language.
    pub agreed_language: Vec<AgreedReport>,
    /// The text (when last seen).
    pub text: String,
    /// The last step's diff; empty when the step added the element.
    pub last_step: Vec<SegmentReport>,
    /// Delegations that dissociated from it.
    pub dissociated_by: Vec<String>,
    /// Delegations and groups that placed a reservation on it.
    pub reserved_by: Vec<String>,
    /// Delegations and groups that objected to it.
    pub objected_by: Vec<String>,
    /// Who is involved, as filed.
    pub involved: Vec<String>,
    /// Who is involved, groups expanded into states.
    pub involved_states: Vec<String>,
}

/// A set of alternatives.
#[derive(Debug, Serialize)]
pub struct AlternativesReport {
    /// How many options.
    pub options: usize,
    /// Labelled `Option …` (else bracketed side by side).
    pub labelled: bool,
    /// As written.
    pub text: String,
}

/// One piece of evidence.
#[derive(Debug, Serialize)]
pub struct EvidenceReport {
    /// Its kind (see docs/json.md).
    pub kind: &'static str,
    /// Whether it decides the status.
    pub decisive: bool,
    /// The facts, named by ids.
    pub details: Value,
}

/// A reason.
#[derive(Debug, Serialize)]
pub struct ReasonReport {
    /// Its kind (see docs/json.md).
    pub kind: &'static str,
    /// Whether it decides the status (rather than giving context).
    pub decisive: bool,
    /// As a sentence.
    pub text: String,
}

/// The element's ids in one revision.
#[derive(Debug, Serialize)]
pub struct LineageReport {
    /// Revision id.
    pub revision: String,
    /// Element ids (empty: it did not exist yet).
    pub ids: Vec<String>,
}

/// Churn in one step.
#[derive(Debug, Serialize)]
pub struct ChurnReport {
    /// Older revision.
    pub from: String,
    /// Newer revision.
    pub to: String,
    /// How the element changed.
    pub change: &'static str,
    /// Tokens deleted.
    pub deleted: usize,
    /// Tokens inserted.
    pub inserted: usize,
    /// Word positions changed.
    pub changed: usize,
    /// Tokens before.
    pub before: usize,
    /// Tokens after.
    pub after: usize,
    /// Share changed, 0 to 1 (null when the step added the element).
    pub churn: Option<f64>,
}

/// A conflict.
#[derive(Debug, Serialize)]
pub struct ConflictReport {
    /// `rewrite`, `inside`, `same_place` or `opposed`.
    pub kind: &'static str,
    /// Amendment ids involved.
    pub amendments: Vec<String>,
    /// One side (the proposer).
    pub side: Vec<String>,
    /// The other side.
    pub against: Vec<String>,
    /// The words fought over (competing amendments only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub passage: Option<String>,
    /// As a sentence.
    pub text: String,
}

/// A sentence of agreed language.
#[derive(Debug, Serialize)]
pub struct AgreedReport {
    /// The sentence in the element.
    pub sentence: String,
    /// Its token range.
    pub words: [usize; 2],
    /// The baseline element it repeats.
    pub source: String,
    /// That element's number (null when unnumbered).
    pub source_number: Option<String>,
    /// The baseline sentence.
    pub source_sentence: String,
    /// Same words.
    pub exact: bool,
    /// Similarity, 1 when exact.
    pub similarity: f64,
}

/// A piece of the last step's diff.
#[derive(Debug, Serialize)]
pub struct SegmentReport {
    /// `same`, `deleted` or `inserted`.
    pub kind: crate::convergence::SegmentKind,
    /// The words.
    pub text: String,
    /// Amendment ids credited.
    pub amendments: Vec<String>,
}

/// A delegation or group.
#[derive(Debug, Serialize)]
pub struct DelegationReport {
    /// Code.
    pub code: String,
    /// Name.
    pub name: String,
    /// A group.
    pub group: bool,
    /// Amendments filed.
    pub proposed: usize,
    /// Of those, by outcome.
    pub outcomes: BTreeMap<&'static str, usize>,
    /// Amendments of others it supported.
    pub supported: usize,
    /// Amendments of others it opposed.
    pub opposed: usize,
    /// Who supported its amendments: code → how many.
    pub supporters: BTreeMap<String, usize>,
    /// Who opposed its amendments: code → how many.
    pub opponents: BTreeMap<String, usize>,
    /// Elements where it stands in a conflict, with the other side.
    pub conflicts: Vec<DelegationConflict>,
}

/// One element where a delegation stands in a conflict.
#[derive(Debug, Serialize)]
pub struct DelegationConflict {
    /// Element id.
    pub element: String,
    /// The codes on the other side.
    pub with: Vec<String>,
}

fn totals(counts: &Counts) -> BTreeMap<&'static str, usize> {
    Status::ALL.iter().map(|s| (s.as_str(), counts.get(*s))).collect()
}

/// The facts of one piece of evidence, named by ids.
fn details(n: &Negotiation, e: &Element, f: &Fact) -> Value {
    let rev = |k: usize| n.revisions[k].id.as_str();
    let id = |i: usize| n.amendments[i].id.as_str();
    let ids = |list: &[usize]| list.iter().map(|&i| id(i)).collect::<Vec<_>>();
    let conflict = |c: usize| -> Value {
        e.conflicts
            .get(c)
            .map_or(Value::Null, |c| json!({ "amendments": c.amendments().into_iter().map(id).collect::<Vec<_>>() }))
    };
    match f {
        Fact::Removed { revision, amendments } => json!({ "revision": rev(*revision), "amendments": ids(amendments) }),
        Fact::NoLineage { revision, amendment } => {
            json!({ "revision": rev(*revision), "amendment": amendment.map(id) })
        }
        Fact::Adopted { revision } => json!({ "revision": rev(*revision), "date": n.revisions[*revision].date }),
        Fact::AgreedInBaseline => json!({ "revision": rev(0) }),
        Fact::MarkedAgreed { revision, ad_ref } => json!({ "revision": rev(*revision), "ad_ref": ad_ref }),
        Fact::MarkedOpen { revision } => json!({ "revision": rev(*revision) }),
        Fact::Brackets { marks, passages } => json!({ "marks": marks, "passages": passages }),
        Fact::Alternatives { bracketed, labelled } => {
            json!({ "bracketed_sets": bracketed, "labelled_options": labelled })
        }
        Fact::Competing { conflict: c } | Fact::Opposed { conflict: c } => {
            let mut v = conflict(*c);
            if let Value::Object(map) = &mut v {
                map.insert("conflict".into(), json!(c));
            }
            v
        }
        Fact::Reserved { by } | Fact::Objected { by } | Fact::Dissociated { by } => json!({ "by": by }),
        Fact::OpenUnopposed { amendments } | Fact::Withdrawn { amendments } => json!({ "amendments": ids(amendments) }),
        Fact::NoHistory => json!({}),
        Fact::Unchanged { steps, since } => json!({ "steps": steps, "since": rev(*since) }),
        Fact::Falling { window } | Fact::Rising { window } | Fact::NotFalling { window } => json!({ "window": window }),
        Fact::FirstStep { churn } => json!({ "churn": churn }),
        Fact::TakenUp { revision, amendments } => json!({
            "revision": rev(*revision),
            "amendments": amendments
                .iter()
                .map(|&(i, exact)| json!({ "id": id(i), "by": n.amendments[i].by, "exact": exact }))
                .collect::<Vec<_>>(),
        }),
        Fact::NothingOpen { revision } => json!({ "revision": rev(*revision) }),
    }
}

fn conflict(n: &Negotiation, c: &Conflict) -> ConflictReport {
    let (side, against) = c.sides(n);
    let (kind, passage) = match c {
        Conflict::Competing { kind, passage, .. } => (
            match kind {
                Competition::Rewrite => "rewrite",
                Competition::Inside { .. } => "inside",
                Competition::SamePlace => "same_place",
            },
            Some(passage.clone()),
        ),
        Conflict::Opposed { .. } => ("opposed", None),
    };
    ConflictReport {
        kind,
        amendments: c.amendments().iter().map(|&i| n.amendments[i].id.clone()).collect(),
        side,
        against,
        passage,
        text: words::conflict(n, c),
    }
}

fn element(analysis: &Analysis<'_>, e: &Element) -> ElementReport {
    let n = analysis.negotiation;
    let ids = |list: &[usize]| list.iter().map(|&i| n.amendments[i].id.clone()).collect::<Vec<_>>();
    let rev = |k: usize| n.revisions[k].id.clone();
    ElementReport {
        id: e.id.clone(),
        number: Some(e.number.clone()).filter(|n| !n.is_empty()),
        section: e.section.clone(),
        revision: rev(e.revision),
        status: e.status.as_str(),
        reasons: words::evidence(n, e)
            .map(|(r, text)| ReasonReport { kind: r.fact.kind(), decisive: r.decisive, text })
            .collect(),
        evidence: e
            .evidence
            .iter()
            .map(|r| EvidenceReport { kind: r.fact.kind(), decisive: r.decisive, details: details(n, e, &r.fact) })
            .collect(),
        baseline_id: e.lineage.baseline_ids.first().cloned(),
        baseline_ids: e.lineage.baseline_ids.clone(),
        lineage: e
            .lineage
            .by_revision
            .iter()
            .enumerate()
            .map(|(k, ids)| LineageReport { revision: rev(k), ids: ids.clone() })
            .collect(),
        unchanged_since_baseline: e.lineage.unchanged_since_baseline,
        churn: e
            .churn
            .iter()
            .map(|s| ChurnReport {
                from: rev(s.from),
                to: rev(s.to),
                change: s.change.as_str(),
                deleted: s.deleted,
                inserted: s.inserted,
                changed: s.changed,
                before: s.before,
                after: s.after,
                churn: s.churn,
            })
            .collect(),
        trend: e.trend.as_str(),
        amendments: ids(&e.amendments),
        open_amendments: e.open.iter().map(|&i| AmendmentReport::build(analysis, i, false)).collect(),
        withdrawn_amendments: ids(&e.withdrawn),
        conflicts: e.conflicts.iter().map(|c| conflict(n, c)).collect(),
        brackets: e.brackets.iter().map(|b| b.inner.clone()).collect(),
        bracket_marks: e.bracket_marks,
        alternatives: e
            .alternatives
            .iter()
            .map(|a| AlternativesReport { options: a.options, labelled: a.labelled, text: a.text.clone() })
            .collect(),
        agreed_language: e
            .agreed_language
            .iter()
            .map(|s| AgreedReport {
                sentence: s.sentence.clone(),
                words: [s.words.start, s.words.end],
                source: s.source.clone(),
                source_number: Some(s.source_number.clone()).filter(|n| !n.is_empty()),
                source_sentence: s.source_sentence.clone(),
                exact: s.exact,
                similarity: s.similarity,
            })
            .collect(),
        text: n.revisions[e.revision].paragraphs[e.paragraph].text.text.trim_end().to_owned(),
        last_step: e
            .last_step
            .iter()
            .map(|s| SegmentReport { kind: s.kind, text: s.text.clone(), amendments: ids(&s.amendments) })
            .collect(),
        dissociated_by: e.dissociated_by.clone(),
        reserved_by: e.reserved_by.clone(),
        objected_by: e.objected_by.clone(),
        involved: e.involved.clone(),
        involved_states: e.involved_states.clone(),
    }
}

impl Report {
    /// Builds the report (lookups only).
    pub fn build(analysis: &Analysis<'_>, c: &Convergence) -> Report {
        let n = analysis.negotiation;
        Report {
            version: VERSION,
            title: n.title.clone(),
            revision: n.revisions[c.revision].id.clone(),
            baseline: n.baseline.clone(),
            baseline_state: n.revisions[0].state.as_str(),
            revisions: n
                .revisions
                .iter()
                .map(|r| RevisionInfo {
                    id: r.id.clone(),
                    title: r.title.clone(),
                    date: r.date.clone(),
                    symbol: r.symbol.clone(),
                    state: r.state.as_str(),
                })
                .collect(),
            settings: c.settings.clone(),
            totals: totals(&c.totals),
            sections: c
                .sections
                .iter()
                .map(|s| SectionReport { section: s.section.clone(), totals: totals(&s.counts) })
                .collect(),
            path: PathReport {
                unchanged: c.path.unchanged,
                changed: c.path.changed,
                new: c.path.new,
                dropped: c.path.dropped,
            },
            timeline: c
                .timeline
                .iter()
                .map(|s| SnapshotReport {
                    revision: n.revisions[s.revision].id.clone(),
                    totals: totals(&s.counts),
                    brackets: s.brackets,
                    bracket_marks: s.bracket_marks,
                    unbalanced: s.unbalanced,
                    alternatives: s.alternatives,
                    bracketed_elements: s.bracketed_elements,
                    amendments: s.amendments,
                })
                .collect(),
            elements: c.elements.iter().map(|e| element(analysis, e)).collect(),
            proposed_elements: c
                .proposed_elements
                .iter()
                .map(|&i| AmendmentReport::build(analysis, i, false))
                .collect(),
            delegations: c
                .delegations
                .iter()
                .map(|d| DelegationReport {
                    code: d.code.clone(),
                    name: d.name.clone(),
                    group: d.group,
                    proposed: d.proposed,
                    outcomes: Outcome::ALL.iter().map(|o| (o.as_str(), d.count(*o))).collect(),
                    supported: d.supported,
                    opposed: d.opposed,
                    supporters: d.supporters.clone(),
                    opponents: d.opponents.clone(),
                    conflicts: d
                        .conflicts
                        .iter()
                        .map(|(element, with)| DelegationConflict {
                            element: element.clone(),
                            with: with.iter().cloned().collect(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// Writes the report as pretty-printed JSON.
pub fn write(out: &mut dyn Write, analysis: &Analysis<'_>, c: &Convergence) -> io::Result<()> {
    crate::render::json::write(out, &Report::build(analysis, c))
}
