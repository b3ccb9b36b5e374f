//! The truth about a generated negotiation, as written to `truth/truth.json`: what
//! became of every amendment, which edits every step made and who made them, and where
//! every word of every revision came from. The scorer compares the engine with it.

use std::collections::BTreeMap;
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::generate::Sim;
use super::model::{BASELINE, CHAIR, Word};

/// Everything the generator knows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    /// How it was generated.
    pub generator: GeneratorInfo,
    /// Revision ids, the baseline first.
    pub revisions: Vec<String>,
    /// Every amendment by id.
    pub amendments: BTreeMap<String, AmendmentTruth>,
    /// The edits of each step, `steps[k]` making `revisions[k + 1]`.
    pub steps: Vec<StepTruth>,
    /// Origin of every word: revision → element → spans covering it once, in order.
    pub blame: BTreeMap<String, BTreeMap<String, Vec<SpanTruth>>>,
}

/// The generator's parameters and counters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GeneratorInfo {
    /// The seed.
    pub seed: u64,
    /// The profile.
    pub profile: String,
    /// Elements of the baseline.
    pub elements: usize,
    /// Revisions after the baseline.
    pub revisions: usize,
    /// Amendments asked for on each revision after the baseline.
    pub amendments_per_revision: usize,
    /// Average tokens per element.
    pub words_per_element: usize,
    /// Share of words edited, for a revision pair.
    pub edit_share: Option<f64>,
    /// Amendments that found no place.
    pub unplaced_amendments: usize,
    /// Chair edits that found no place.
    pub unplaced_edits: usize,
}

/// The truth about one amendment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AmendmentTruth {
    /// The revision it was proposed on.
    pub revision: String,
    /// Proposer.
    pub by: String,
    /// Target element.
    pub element: String,
    /// `replace`, `insert`, `delete`, `text`, `add` or `delete_paragraph`.
    pub operation: String,
    /// What the Chair did: verbatim, reworded, merged, ignored, late, duplicate,
    /// competing_winner, competing_loser, element_removed, pending.
    pub behaviour: String,
    /// Its outcome (`adopted`, `adopted_in_part`, `not_taken_up`, `superseded`, `pending`).
    pub outcome: String,
    /// The revision that took it up.
    pub taken_up_in: Option<String>,
    /// Amendments proposing the very same change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same_as: Vec<String>,
}

/// The edits of one step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepTruth {
    /// Old revision.
    pub from: String,
    /// New revision.
    pub to: String,
    /// Its edits.
    pub edits: Vec<EditTruth>,
}

/// One edit: tokens put in the new revision and tokens taken from the old, and whose
/// proposal they are.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditTruth {
    /// Amendment ids whose proposal this is (several when delegations proposed the same
    /// change, or both merged proposals deleted the same words); empty for the Chair.
    pub by: Vec<String>,
    /// Kind: an operation name for amendments; `chair_insert`, `chair_delete`,
    /// `chair_replace`, `chair_new_paragraph`, `chair_delete_paragraph` for the Chair's
    /// own edits; `chair_reword`, `chair_connector` for the Chair's words inside an
    /// adopted proposal; `merged_deletion` for words two merged proposals both deleted.
    pub kind: String,
    /// Half-open token ranges in the new revision, by element.
    pub new: BTreeMap<String, Vec<[usize; 2]>>,
    /// Half-open token ranges in the old revision, by element.
    pub old: BTreeMap<String, Vec<[usize; 2]>>,
}

impl EditTruth {
    /// Whether this is one of the Chair's own edits (not its words inside a proposal).
    pub fn is_chair_own(&self) -> bool {
        self.by.is_empty() && !matches!(self.kind.as_str(), "chair_reword" | "chair_connector")
    }
}

/// A run of words with one origin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpanTruth {
    /// Half-open token range in the element.
    pub words: [usize; 2],
    /// The revision in which the words entered.
    pub since: String,
    /// The amendment credited with them; `null` for the baseline and the Chair.
    pub amendment: Option<String>,
}

/// Sorted token indices as half-open ranges: `[1, 2, 3, 7] -> [[1, 4], [7, 8]]`.
fn ranges(mut tokens: Vec<usize>) -> Vec<[usize; 2]> {
    tokens.sort_unstable();
    let mut out: Vec<[usize; 2]> = Vec::new();
    for t in tokens {
        match out.last_mut() {
            Some(r) if r[1] == t => r[1] = t + 1,
            _ => out.push([t, t + 1]),
        }
    }
    out
}

fn by_element(tokens: &[(String, usize)]) -> BTreeMap<String, Vec<[usize; 2]>> {
    let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (e, t) in tokens {
        m.entry(e.clone()).or_default().push(*t);
    }
    m.into_iter().map(|(e, t)| (e, ranges(t))).collect()
}

/// Spans of equal origin over an element's words.
pub fn spans(words: &[Word], revisions: &[String], amendment_ids: &[String]) -> Vec<SpanTruth> {
    let mut out: Vec<(Range<usize>, (u32, u32))> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let key = (w.since, w.who);
        match out.last_mut() {
            Some((r, k)) if *k == key => r.end = i + 1,
            _ => out.push((i..i + 1, key)),
        }
    }
    out.into_iter()
        .map(|(r, (since, who))| SpanTruth {
            words: [r.start, r.end],
            since: revisions[since as usize].clone(),
            amendment: match who {
                BASELINE | CHAIR => None,
                a => Some(amendment_ids[a as usize].clone()),
            },
        })
        .collect()
}

impl Truth {
    /// Reads the truth off a generated negotiation.
    pub fn of(sim: &Sim) -> Truth {
        let revisions: Vec<String> = sim.revs.iter().map(|r| r.id.clone()).collect();
        let ids: Vec<String> = sim.amends.iter().map(|a| a.id.clone()).collect();
        let amendments = sim
            .amends
            .iter()
            .map(|a| {
                let t = AmendmentTruth {
                    revision: revisions[a.rev].clone(),
                    by: a.by.clone(),
                    element: a.element.clone(),
                    operation: a.op.name().to_owned(),
                    behaviour: a.behaviour.to_owned(),
                    outcome: a.outcome.as_str().to_owned(),
                    taken_up_in: a.taken_up_in.map(|r| revisions[r].clone()),
                    same_as: a.twins.iter().map(|&t| ids[t].clone()).collect(),
                };
                (a.id.clone(), t)
            })
            .collect();
        let steps = sim
            .steps
            .iter()
            .enumerate()
            .map(|(k, edits)| StepTruth {
                from: revisions[k].clone(),
                to: revisions[k + 1].clone(),
                edits: edits
                    .iter()
                    .map(|e| EditTruth {
                        by: e.by.iter().map(|&a| ids[a].clone()).collect(),
                        kind: e.kind.to_owned(),
                        new: by_element(&e.new),
                        old: by_element(&e.old),
                    })
                    .collect(),
            })
            .collect();
        let blame = sim
            .revs
            .iter()
            .map(|r| {
                let elements = r.paras.iter().map(|p| (p.id.clone(), spans(&p.words, &revisions, &ids))).collect();
                (r.id.clone(), elements)
            })
            .collect();
        let p = &sim.params;
        Truth {
            generator: GeneratorInfo {
                seed: p.seed,
                profile: p.profile.as_str().to_owned(),
                elements: p.elements,
                revisions: p.revisions,
                amendments_per_revision: p.amendments_per_revision,
                words_per_element: p.words_per_element,
                edit_share: p.edit_share,
                unplaced_amendments: sim.stats.unplaced_amendments,
                unplaced_edits: sim.stats.unplaced_edits,
            },
            revisions,
            amendments,
            steps,
            blame,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_compress_runs() {
        assert_eq!(ranges(vec![7, 1, 2, 3]), [[1, 4], [7, 8]]);
        assert!(ranges(vec![]).is_empty());
    }
}
