//! The simulated negotiation: a baseline, then for each revision the amendments
//! delegations file on it and the next revision the simulated Chair writes from them.
//!
//! Each step decides, before writing anything, what becomes of every amendment (taken
//! verbatim, reworded, merged with another, ignored, taken one revision late, …) and
//! which edits of its own the Chair makes; [`build`](super::step) then writes the next
//! revision word by word, so the origin of every word is known by construction.
//!
//! This file holds what is asked for ([`Params`]), the generator's state ([`Sim`]) and
//! the loop over the revisions. The rooms below hold the rest: who the delegations are
//! (`cast`), the baseline (`baseline`), how an amendment is proposed (`propose`) and
//! filed with its consequences for the step (`filing`), and the Chair's own plan for the
//! step (`plan`).

mod baseline;
mod cast;
mod filing;
mod plan;
mod propose;

use std::collections::{BTreeMap, HashMap, HashSet};

use super::model::*;
use super::places::Marks;
use super::rng::Rng;
use super::vocab::{Lang, Vocab};
pub use plan::{Role, StepPlan};
use propose::Behaviour;

/// Which behaviours the simulated Chair shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    /// Amendments are taken verbatim or ignored; the Chair edits other places itself.
    Verbatim,
    /// Every behaviour: rewording, merging, late adoption, duplicates, groups, moves,
    /// splits, merges, new and deleted paragraphs, several languages.
    Realistic,
    /// The realistic behaviours at the scale of the performance issue.
    Stress,
}

impl Profile {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Verbatim => "verbatim",
            Profile::Realistic => "realistic",
            Profile::Stress => "stress",
        }
    }
}

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    /// The seed: the same seed and parameters give the same negotiation.
    pub seed: u64,
    /// The behaviours.
    pub profile: Profile,
    /// Elements of the baseline.
    pub elements: usize,
    /// Revisions after the baseline.
    pub revisions: usize,
    /// Amendments filed on each revision after the baseline.
    pub amendments_per_revision: usize,
    /// Average tokens per element.
    pub words_per_element: usize,
    /// Own word edits of the Chair per step (default: a third of the elements).
    pub chair_edits: Option<usize>,
    /// For a revision pair: the share of words the Chair edits, in runs.
    pub edit_share: Option<f64>,
    /// Paragraphs moved per step in a revision pair.
    pub pair_moves: usize,
}

impl Params {
    /// The defaults of a profile.
    pub fn new(profile: Profile, seed: u64) -> Self {
        let (elements, revisions, amendments, words) = match profile {
            Profile::Verbatim | Profile::Realistic => (30, 4, 12, 60),
            Profile::Stress => (1000, 20, 1000, 100),
        };
        Params {
            seed,
            profile,
            elements,
            revisions,
            amendments_per_revision: amendments,
            words_per_element: words,
            chair_edits: None,
            edit_share: None,
            pair_moves: 0,
        }
    }

    /// A single pair of revisions of about `words` tokens each, with `share` of the
    /// words edited by the Chair in runs and a few paragraphs moved.
    pub fn pair(words: usize, share: f64, seed: u64) -> Self {
        let per = 100;
        Params {
            seed,
            profile: Profile::Verbatim,
            elements: (words / per).max(1),
            revisions: 1,
            amendments_per_revision: 0,
            words_per_element: per.min(words.max(1)),
            chair_edits: None,
            edit_share: Some(share),
            pair_moves: 5,
        }
    }

    pub(super) fn realistic(&self) -> bool {
        self.profile != Profile::Verbatim
    }
}

/// Counters of what the generator tried and could not place.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Amendments that found no free place and were not filed.
    pub unplaced_amendments: usize,
    /// Chair edits that found no free place.
    pub unplaced_edits: usize,
    /// Written operations that `proposal::apply` read differently (always 0).
    pub apply_mismatches: usize,
}

/// A generated negotiation with its truth.
#[derive(Debug)]
pub struct Sim {
    /// What was asked for.
    pub params: Params,
    /// The words.
    pub vocab: Vocab,
    /// Revisions, the baseline first.
    pub revs: Vec<Rev>,
    /// Every amendment, in creation order.
    pub amends: Vec<Amend>,
    /// Edits of each step (step `k` makes revision `k + 1`).
    pub steps: Vec<Vec<EditRec>>,
    /// Date and `on_behalf_of` of each amendment file, by (revision, proposer).
    pub files: BTreeMap<(usize, String), (String, Vec<String>)>,
    /// Amendments filed so far in each file.
    filed: HashMap<(usize, String), usize>,
    /// Section headings.
    pub sections: Vec<String>,
    /// What could not be placed.
    pub stats: Stats,
    pub(super) rng: Rng,
    marks: Marks,
    next_word: u32,
    next_para: usize,
    /// Elements the Chair must never remove on its own: a `delete_paragraph` was
    /// proposed for them, and the engine would rightly credit it.
    protected: HashSet<String>,
}

/// Generates a negotiation.
pub fn generate(params: &Params) -> Sim {
    let mut sim = Sim {
        params: params.clone(),
        vocab: Vocab::new(),
        revs: vec![],
        amends: vec![],
        steps: vec![],
        files: BTreeMap::new(),
        filed: HashMap::new(),
        sections: vec![],
        stats: Stats::default(),
        rng: Rng::new(params.seed),
        marks: Marks::default(),
        next_word: 0,
        next_para: 0,
        protected: HashSet::new(),
    };
    sim.baseline();
    let mut late: Vec<usize> = Vec::new();
    for n in 0..params.revisions {
        sim.marks.stamp = n as u32 + 1;
        let mut plan = StepPlan::new(sim.revs[n].paras.len());
        sim.land_late(n, &mut plan, &late);
        sim.choose_chair_deletions(n, &mut plan);
        if n >= 1 {
            for _ in 0..params.amendments_per_revision {
                let b = sim.behaviour(n);
                sim.propose(n, &mut plan, b);
            }
        }
        sim.choose_chair_edits(n, &mut plan);
        sim.choose_structure(n, &mut plan);
        late = std::mem::take(&mut plan.new_late);
        sim.build(n, &plan);
    }
    let last = params.revisions;
    if last >= 1 {
        sim.marks.stamp = last as u32 + 1;
        let mut plan = StepPlan::new(sim.revs[last].paras.len());
        for _ in 0..params.amendments_per_revision {
            sim.propose(last, &mut plan, Behaviour::Pending);
        }
    }
    sim
}

/// `YYYY-MM-DD` of a day count since 1970-01-01 (Hinnant's civil-from-days).
pub fn date_of(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Day number of the baseline's date (2021-03-01).
const START_DAY: i64 = 18_687;
/// Days between revisions.
const REVISION_GAP: i64 = 35;

impl Sim {
    /// Day number of revision `n`'s date.
    pub(super) fn revision_day(n: usize) -> i64 {
        START_DAY + REVISION_GAP * n as i64
    }

    /// A new word occurrence.
    pub(super) fn fresh_word(&mut self, tok: u32, since: u32, who: u32, edit: u32) -> Word {
        let id = self.next_word;
        self.next_word += 1;
        Word { tok, id, since, who, edit }
    }

    /// A fresh element id.
    pub fn new_para_id(&mut self) -> String {
        self.next_para += 1;
        format!("e{:04}", self.next_para)
    }

    /// The language of a new paragraph: English, or in the realistic profiles now and then
    /// Russian, Arabic or Chinese.
    fn lang(&mut self) -> Lang {
        if !self.params.realistic() {
            return Lang::En;
        }
        match self.rng.below(100) {
            0..=5 => Lang::Ru,
            6..=10 => Lang::Ar,
            11..=15 => Lang::Zh,
            _ => Lang::En,
        }
    }
}
