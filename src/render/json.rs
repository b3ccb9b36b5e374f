//! The reports of `concord diff`, `concord blame` and `concord amendments` as serde
//! structs: ids instead of indices, codes and member lists resolved. They are printed as
//! JSON (the shape is a contract, documented in `docs/json.md`) and are also what the
//! text, Markdown and CSV renderers format, so every output says the same thing.
//!
//! Building them only looks things up; the analysis itself is done by
//! [`crate::attribution`].

use std::collections::BTreeSet;
use std::io::{self, Write};

use serde::Serialize;

use crate::attribution::{Analysis, BlameSpan, Credit, ElementDiff, RevisionDiff, StepHunk, blame_spans};
use crate::convergence::{BaselineStanding, Standing};
use crate::draft::{Amendment, Negotiation};

/// Who proposed (and who backed or opposed) an amendment.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Who {
    /// Proposer: a delegation or group code.
    pub by: String,
    /// The states it spoke for (`negotiation.members_of`).
    pub members: Vec<String>,
    /// Delegations or groups supporting it.
    pub supported_by: Vec<String>,
    /// Delegations or groups opposing it.
    pub opposed_by: Vec<String>,
    /// With `--by-state`: the member states, groups expanded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub states: Option<Vec<String>>,
    /// With `--by-state`: the supporting states, groups expanded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub supported_by_states: Option<Vec<String>>,
}

impl Who {
    /// The proposer side of `amendment`; with `by_state`, groups expanded into states.
    pub fn of(negotiation: &Negotiation, amendment: &Amendment, by_state: bool) -> Who {
        let members = negotiation.members_of(amendment);
        let expand = |codes: &[String]| by_state.then(|| states(negotiation, codes));
        Who {
            by: amendment.by.clone(),
            states: expand(&members),
            supported_by_states: expand(&amendment.supported_by),
            members,
            supported_by: amendment.supported_by.clone(),
            opposed_by: amendment.opposed_by.clone(),
        }
    }
}

/// Codes with every group replaced by its members, each state once, first mention first.
///
/// ```text
/// ["LMG", "CUB", "RUS"] (LMG = CUB, IRN) -> ["CUB", "IRN", "RUS"]
/// ```
pub fn states(negotiation: &Negotiation, codes: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in codes {
        let expanded = match negotiation.groups.get(code) {
            Some(g) => g.members.clone(),
            None => vec![code.clone()],
        };
        for s in expanded {
            if !out.contains(&s) {
                out.push(s);
            }
        }
    }
    out
}

/// One amendment and its outcome: the objects of `"amendments"` in diff and amendments
/// JSON.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmendmentReport {
    /// Amendment id.
    pub id: String,
    /// Proposer and supporters.
    #[serde(flatten)]
    pub who: Who,
    /// Target element id.
    pub element: String,
    /// The revision it was proposed on.
    pub revision: String,
    /// `adopted`, `adopted_in_part`, `not_taken_up`, `superseded`, `pending` or `withdrawn`.
    pub outcome: &'static str,
    /// Share of its change realized, 0 to 1 (1 when adopted).
    pub similarity: f64,
    /// The revision that took it up, if any.
    pub taken_up_in: Option<String>,
    /// `replace`, `insert`, `delete`, `text`, `add` or `delete_paragraph`.
    pub operation: &'static str,
    /// Withdrawn by its proposer before a revision answered it.
    pub withdrawn: bool,
}

impl AmendmentReport {
    /// The report of amendment `i`.
    pub fn build(analysis: &Analysis, i: usize, by_state: bool) -> AmendmentReport {
        let n = analysis.negotiation;
        let a = &n.amendments[i];
        let result = &analysis.amendments[i];
        AmendmentReport {
            id: a.id.clone(),
            who: Who::of(n, a, by_state),
            element: a.element.clone(),
            revision: a.revision.clone(),
            outcome: result.outcome.as_str(),
            similarity: result.similarity,
            taken_up_in: result.taken_up_in.map(|r| n.revisions[r].id.clone()),
            operation: a.operation.name(),
            withdrawn: result.withdrawn,
        }
    }
}

/// `concord amendments --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AmendmentsReport {
    /// The amendments, in the negotiation's order.
    pub amendments: Vec<AmendmentReport>,
}

/// One amendment credited with a hunk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CreditReport {
    /// Amendment id.
    pub amendment: String,
    /// Proposer and supporters.
    #[serde(flatten)]
    pub who: Who,
    /// `exact` (the hunk is the amendment's change) or `partial`.
    #[serde(rename = "match")]
    pub match_: &'static str,
    /// How alike the amendment's change and the hunk are, 0 to 1.
    pub similarity: f64,
    /// The revision in which the change was taken up.
    pub taken_up_in: String,
}

impl CreditReport {
    fn build(n: &Negotiation, credit: &Credit, by_state: bool) -> CreditReport {
        let a = &n.amendments[credit.amendment];
        CreditReport {
            amendment: a.id.clone(),
            who: Who::of(n, a, by_state),
            match_: if credit.exact { "exact" } else { "partial" },
            similarity: credit.similarity,
            taken_up_in: n.revisions[credit.taken_up_in].id.clone(),
        }
    }
}

/// One word hunk of an element.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HunkReport {
    /// `insert`, `delete` or `replace`.
    pub kind: &'static str,
    /// The old wording.
    pub old: String,
    /// The new wording.
    pub new: String,
    /// Half-open token range in the old text (the `from_ids` taken as one text).
    pub old_words: [usize; 2],
    /// Half-open token range in the new element.
    pub new_words: [usize; 2],
    /// Amendments credited, earliest first.
    pub credited: Vec<CreditReport>,
    /// Some or all of the hunk is the Chair's own wording.
    pub chair: bool,
}

impl HunkReport {
    fn build(n: &Negotiation, hunk: &StepHunk, by_state: bool) -> HunkReport {
        HunkReport {
            kind: hunk.kind(),
            old: hunk.old.clone(),
            new: hunk.new.clone(),
            old_words: [hunk.old_words.start, hunk.old_words.end],
            new_words: [hunk.new_words.start, hunk.new_words.end],
            credited: hunk.credits.iter().map(|c| CreditReport::build(n, c, by_state)).collect(),
            chair: hunk.chair,
        }
    }
}

/// How one element changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ElementReport {
    /// Element id (the new id; for a removed element, the old one).
    pub id: String,
    /// Ids of the old elements it continues, in old order.
    pub from_ids: Vec<String>,
    /// `unchanged`, `modified`, `added`, `removed`, `moved`, `split` or `merged`.
    pub change: &'static str,
    /// Its number in the newer revision (`null` when removed or unnumbered).
    pub number: Option<String>,
    /// The number of the first element of `from_ids` in the older revision.
    pub old_number: Option<String>,
    /// Section heading (in the newer revision; the older one when removed).
    pub section: String,
    /// Its relative order changed.
    pub moved: bool,
    /// Word hunks, in order; empty when the wording is unchanged.
    pub hunks: Vec<HunkReport>,
    /// Index of the element in the newer revision.
    #[serde(skip)]
    pub new: Option<usize>,
    /// Indices of the elements of `from_ids` in the older revision.
    #[serde(skip)]
    pub old: Vec<usize>,
}

impl ElementReport {
    fn build(n: &Negotiation, diff: &RevisionDiff, element: &ElementDiff, by_state: bool) -> ElementReport {
        let (old_rev, new_rev) = (&n.revisions[diff.from], &n.revisions[diff.to]);
        let new_p = element.new.map(|j| &new_rev.paragraphs[j]);
        let old_p = element.old.first().map(|&i| &old_rev.paragraphs[i]);
        let number = |p: Option<&crate::draft::Paragraph>| p.map(|p| p.number.clone()).filter(|s| !s.is_empty());
        ElementReport {
            id: element.id.clone(),
            from_ids: element.from_ids.clone(),
            change: element.change.as_str(),
            number: number(new_p),
            old_number: number(old_p),
            section: new_p.or(old_p).map(|p| p.section.clone()).unwrap_or_default(),
            moved: element.moved,
            hunks: element.hunks.iter().map(|h| HunkReport::build(n, h, by_state)).collect(),
            new: element.new,
            old: element.old.clone(),
        }
    }

    /// Whether the element changed at all (wording, place or number).
    pub fn changed(&self) -> bool {
        self.change != "unchanged"
    }
}

/// `concord diff --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiffReport {
    /// The older revision's id.
    pub from: String,
    /// The newer revision's id.
    pub to: String,
    /// Every element, unchanged ones included, in the newer text's order.
    pub elements: Vec<ElementReport>,
    /// The amendments proposed on the revisions `from` up to the one before `to`.
    pub amendments: Vec<AmendmentReport>,
    /// Index of the older revision.
    #[serde(skip)]
    pub from_index: usize,
    /// Index of the newer revision.
    #[serde(skip)]
    pub to_index: usize,
}

impl DiffReport {
    /// The report of `diff`.
    pub fn build(analysis: &Analysis, diff: &RevisionDiff, by_state: bool) -> DiffReport {
        let n = analysis.negotiation;
        let amendments = n
            .amendments
            .iter()
            .enumerate()
            .filter(|(_, a)| n.revision_index(&a.revision).is_some_and(|r| (diff.from..diff.to).contains(&r)))
            .map(|(i, _)| AmendmentReport::build(analysis, i, by_state))
            .collect();
        DiffReport {
            from: n.revisions[diff.from].id.clone(),
            to: n.revisions[diff.to].id.clone(),
            elements: diff.elements.iter().map(|e| ElementReport::build(n, diff, e, by_state)).collect(),
            amendments,
            from_index: diff.from,
            to_index: diff.to,
        }
    }

    /// Keeps only the element `id` (matched by its id or one of its `from_ids`) and the
    /// amendments to it.
    pub fn restrict_to(&mut self, id: &str) {
        self.elements.retain(|e| e.id == id || e.from_ids.iter().any(|f| f == id));
        let ids: BTreeSet<String> =
            self.elements.iter().flat_map(|e| std::iter::once(&e.id).chain(&e.from_ids)).cloned().collect();
        self.amendments.retain(|a| a.element == id || ids.contains(&a.element));
    }
}

/// A run of words with the same origin.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpanReport {
    /// The words, with their original spacing.
    pub text: String,
    /// Half-open token range in the element.
    pub words: [usize; 2],
    /// The revision in which the words first appeared.
    pub since: String,
    /// The amendment credited with them (`null`: the baseline or the Chair).
    pub amendment: Option<String>,
    /// Its proposer, `"Chair"` for the Chair's own words, `null` for baseline words.
    pub by: Option<String>,
    /// The states the amendment spoke for (empty without an amendment).
    pub members: Vec<String>,
    /// The amendment proposed these words, but they were taken up with changed wording.
    pub partial: bool,
    /// For words of the baseline, how they stand there: `agreed`, `contested` (contested
    /// ground: its paragraph was contested as of the baseline) or `open` (text of an open
    /// baseline); `null` for later words.
    pub standing: Option<&'static str>,
}

/// The blame of one element.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlameElement {
    /// Element id.
    pub id: String,
    /// Its number (`null` when unnumbered).
    pub number: Option<String>,
    /// Section heading.
    pub section: String,
    /// Spans covering every token exactly once, in order.
    pub spans: Vec<SpanReport>,
}

/// `concord blame --format json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BlameReport {
    /// The revision blamed.
    pub revision: String,
    /// Its elements, in order.
    pub elements: Vec<BlameElement>,
}

impl BlameReport {
    /// The blame of revision `rev` (an index).
    pub fn build(analysis: &Analysis, rev: usize) -> BlameReport {
        let n = analysis.negotiation;
        let revision = &n.revisions[rev];
        let baseline = BaselineStanding::new(analysis);
        let elements = revision
            .paragraphs
            .iter()
            .zip(&analysis.origins[rev])
            .enumerate()
            .map(|(j, (p, origins))| {
                let standing = baseline.of(analysis, rev, j).map(Standing::as_str);
                BlameElement {
                    id: p.id.clone(),
                    number: Some(p.number.clone()).filter(|s| !s.is_empty()),
                    section: p.section.clone(),
                    spans: blame_spans(origins).iter().map(|s| span_report(n, &p.text, s, standing)).collect(),
                }
            })
            .collect();
        BlameReport { revision: revision.id.clone(), elements }
    }
}

fn span_report(
    n: &Negotiation,
    text: &crate::text::Tokenized,
    span: &BlameSpan,
    standing: Option<&'static str>,
) -> SpanReport {
    let o = span.origin;
    let amendment = o.amendment.map(|a| &n.amendments[a as usize]);
    let by = match amendment {
        Some(a) => Some(a.by.clone()),
        None if o.since > 0 => Some("Chair".to_owned()),
        None => None,
    };
    SpanReport {
        text: text.slice(span.words.clone()).to_owned(),
        words: [span.words.start, span.words.end],
        since: n.revisions[o.since as usize].id.clone(),
        amendment: amendment.map(|a| a.id.clone()),
        by,
        members: amendment.map(|a| n.members_of(a)).unwrap_or_default(),
        partial: o.partial,
        standing: if o.since == 0 { standing } else { None },
    }
}

/// Writes `value` as pretty-printed JSON and a final newline.
pub fn write<T: Serialize>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    // Into memory first: serde_json writes in small pieces, each a call through
    // `dyn Write`; one write of the whole text is several times faster.
    let mut buffer = Vec::with_capacity(64 * 1024);
    serde_json::to_writer_pretty(&mut buffer, value).map_err(io::Error::from)?;
    buffer.push(b'\n');
    out.write_all(&buffer)
}
