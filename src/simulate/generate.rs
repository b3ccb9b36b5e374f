//! The simulated negotiation: a baseline, then for each revision the amendments
//! delegations file on it and the next revision the simulated Chair writes from them.
//!
//! Each step decides, before writing anything, what becomes of every amendment (taken
//! verbatim, reworded, merged with another, ignored, taken one revision late, …) and
//! which edits of its own the Chair makes; [`build`](super::step) then writes the next
//! revision word by word, so the origin of every word is known by construction.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::model::*;
use super::places::{Marks, Spot, SpotKind, agrees_with_apply, apart, exact, find_spot, slides};
use super::rng::Rng;
use super::vocab::{Lang, Vocab};
use crate::attribution::Outcome;
use crate::draft::Operation;

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

/// The behaviour chosen for a new amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Behaviour {
    Verbatim,
    Reworded,
    Merged,
    Ignored,
    Late,
    Duplicate,
    Competing,
    Pending,
}

/// The operations, as the generator picks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OpKind {
    Replace,
    Insert,
    Delete,
    Text,
    Add,
    DeleteParagraph,
}

/// What an element is for in the current step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Anything may happen to it.
    Normal,
    /// A late amendment lands here: it must survive, whole.
    Keep,
    /// A late amendment waits here: nothing changes it in this step.
    Frozen,
    /// A late `delete_paragraph` waits here: nothing changes it in this step, and no other
    /// proposal to remove it may be ignored (the Chair will remove it).
    FrozenForRemoval,
    /// The Chair removes it.
    ChairDelete,
    /// An adopted `delete_paragraph` removes it.
    AmendDelete,
}

/// The decisions of one step, taken before the next revision is written.
#[derive(Debug)]
pub struct StepPlan {
    /// Role of each element of the old revision.
    pub roles: Vec<Role>,
    /// Adopted changes per element.
    adopted: Vec<usize>,
    /// Elements already chosen for a structural change.
    structural: Vec<bool>,
    /// Amendments applied in this step (late ones from the previous step included).
    pub adoptions: Vec<usize>,
    /// Amendments to apply in the next step.
    pub new_late: Vec<usize>,
    /// The Chair's own word edits: (element index, change, kind).
    pub chair: Vec<(usize, Local, &'static str)>,
    /// Elements merged with the next one.
    pub merges: Vec<usize>,
    /// Elements split at a sentence boundary.
    pub splits: Vec<usize>,
    /// Elements moved elsewhere.
    pub moves: Vec<usize>,
    /// The Chair's own new elements: (element after which, tokens, language).
    pub chair_adds: Vec<(String, Vec<u32>, Lang)>,
    /// Words joining merged proposals, by the first amendment of the pair.
    pub connectors: Vec<(usize, Vec<u32>)>,
}

impl StepPlan {
    fn new(paragraphs: usize) -> Self {
        StepPlan {
            roles: vec![Role::Normal; paragraphs],
            adopted: vec![0; paragraphs],
            structural: vec![false; paragraphs],
            adoptions: vec![],
            new_late: vec![],
            chair: vec![],
            merges: vec![],
            splits: vec![],
            moves: vec![],
            chair_adds: vec![],
            connectors: vec![],
        }
    }
}

/// The delegations of every simulated negotiation (codes and names).
const STATES: &[(&str, &str)] = &[
    ("ARG", "Argentina"),
    ("AUS", "Australia"),
    ("AUT", "Austria"),
    ("BEL", "Belgium"),
    ("BLR", "Belarus"),
    ("BRA", "Brazil"),
    ("CAN", "Canada"),
    ("CHE", "Switzerland"),
    ("CHL", "Chile"),
    ("CHN", "China"),
    ("COL", "Colombia"),
    ("CUB", "Cuba"),
    ("DEU", "Germany"),
    ("DZA", "Algeria"),
    ("EGY", "Egypt"),
    ("ESP", "Spain"),
    ("EST", "Estonia"),
    ("FIN", "Finland"),
    ("FJI", "Fiji"),
    ("FRA", "France"),
    ("GBR", "United Kingdom"),
    ("GHA", "Ghana"),
    ("IDN", "Indonesia"),
    ("IND", "India"),
    ("IRL", "Ireland"),
    ("IRN", "Iran (Islamic Republic of)"),
    ("ITA", "Italy"),
    ("JPN", "Japan"),
    ("KEN", "Kenya"),
    ("KOR", "Republic of Korea"),
    ("MAR", "Morocco"),
    ("MDV", "Maldives"),
    ("MEX", "Mexico"),
    ("NGA", "Nigeria"),
    ("NIC", "Nicaragua"),
    ("NLD", "Netherlands"),
    ("NOR", "Norway"),
    ("NZL", "New Zealand"),
    ("PAK", "Pakistan"),
    ("POL", "Poland"),
    ("RUS", "Russian Federation"),
    ("SAU", "Saudi Arabia"),
    ("SEN", "Senegal"),
    ("SGP", "Singapore"),
    ("SWE", "Sweden"),
    ("SYR", "Syrian Arab Republic"),
    ("TTO", "Trinidad and Tobago"),
    ("TUR", "Türkiye"),
    ("URY", "Uruguay"),
    ("USA", "United States"),
    ("VEN", "Venezuela (Bolivarian Republic of)"),
    ("VNM", "Viet Nam"),
    ("ZAF", "South Africa"),
];

/// The groups: code, name, members.
const GROUPS: &[(&str, &str, &[&str])] = &[
    ("EU", "European Union", &["AUT", "BEL", "DEU", "ESP", "EST", "FIN", "FRA", "IRL", "ITA", "NLD", "POL", "SWE"]),
    ("AG", "African Group", &["DZA", "EGY", "GHA", "KEN", "MAR", "NGA", "SEN", "ZAF"]),
    ("LMG", "Like-Minded Group", &["BLR", "CUB", "IRN", "NIC", "SYR", "VEN"]),
    ("SSF", "Small States Forum", &["FJI", "MDV", "SGP", "TTO"]),
    ("LAC", "Latin American Caucus", &["ARG", "BRA", "CHL", "COL", "MEX", "URY"]),
];

/// Section headings of the baseline, cycled.
const SECTIONS: &[&str] = &[
    "Introduction",
    "Existing and potential threats",
    "International law",
    "Rules, norms and principles of responsible State behaviour",
    "Confidence-building measures",
    "Capacity-building",
    "Regular institutional dialogue",
    "Conclusions and recommendations",
];

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

    /// Every delegation.
    pub fn delegations(&self) -> &'static [(&'static str, &'static str)] {
        STATES
    }

    /// Every group.
    pub fn groups(&self) -> &'static [(&'static str, &'static str, &'static [&'static str])] {
        GROUPS
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

    fn baseline(&mut self) {
        let elements = self.params.elements.max(1);
        let per_section = 8;
        let n_sections = elements.div_ceil(per_section);
        self.sections = (0..n_sections)
            .map(|i| {
                let base = SECTIONS[i % SECTIONS.len()];
                if i < SECTIONS.len() { base.to_owned() } else { format!("{base} ({})", i / SECTIONS.len() + 1) }
            })
            .collect();
        let w = self.params.words_per_element.max(1);
        let mut paras = Vec::with_capacity(elements);
        for k in 0..elements {
            let lang = self.lang();
            // Revision pairs for benchmarks keep close to the size asked for.
            let spread = if self.params.edit_share.is_some() { 1 } else { 4 };
            let len = self.rng.between(w * (10 - spread) / 10, w * (10 + spread) / 10).max(1);
            let toks = self.vocab.paragraph(lang, len, &mut self.rng);
            let words = toks.into_iter().map(|t| self.fresh_word(t, 0, BASELINE, NO_EDIT)).collect();
            let id = self.new_para_id();
            paras.push(Para { id, lang, section: k / per_section, from: vec![], words });
        }
        self.revs.push(Rev { id: "r0".into(), date: date_of(Self::revision_day(0)), paras });
    }

    fn behaviour(&mut self, n: usize) -> Behaviour {
        let last_step = n + 1 >= self.params.revisions;
        let weights: &[(Behaviour, f64)] = if self.params.realistic() {
            &[
                (Behaviour::Verbatim, 0.34),
                (Behaviour::Reworded, 0.12),
                (Behaviour::Merged, 0.07),
                (Behaviour::Ignored, 0.27),
                (Behaviour::Late, 0.05),
                (Behaviour::Duplicate, 0.08),
                (Behaviour::Competing, 0.05),
            ]
        } else {
            &[(Behaviour::Verbatim, 0.5), (Behaviour::Ignored, 0.5)]
        };
        let w: Vec<f64> = weights.iter().map(|x| x.1).collect();
        match weights[self.rng.weighted(&w)].0 {
            Behaviour::Late if last_step => Behaviour::Ignored,
            b => b,
        }
    }

    fn op_kind(&mut self, b: Behaviour) -> OpKind {
        let all = [
            (OpKind::Replace, 0.32),
            (OpKind::Insert, 0.30),
            (OpKind::Delete, 0.14),
            (OpKind::Text, 0.10),
            (OpKind::Add, 0.08),
            (OpKind::DeleteParagraph, 0.06),
        ];
        let allowed: Vec<(OpKind, f64)> = all
            .into_iter()
            .filter(|(k, _)| match b {
                Behaviour::Merged | Behaviour::Competing => matches!(k, OpKind::Replace | OpKind::Insert),
                Behaviour::Reworded => matches!(k, OpKind::Replace | OpKind::Insert | OpKind::Text | OpKind::Add),
                _ => true,
            })
            .collect();
        let w: Vec<f64> = allowed.iter().map(|x| x.1).collect();
        allowed[self.rng.weighted(&w)].0
    }

    /// Phrase to insert or put in place of others: at least `min` tokens.
    fn material(&mut self, lang: Lang, min: usize, noun: bool) -> Vec<u32> {
        for _ in 0..20 {
            let m = if noun && self.rng.chance(0.5) {
                self.vocab.noun(lang, &mut self.rng).to_vec()
            } else if min <= 1 && self.rng.chance(0.3) {
                vec![self.vocab.word(lang, &mut self.rng)]
            } else {
                self.vocab.modifier(lang, &mut self.rng).to_vec()
            };
            if m.len() >= min {
                return m;
            }
        }
        let mut m = self.vocab.noun(lang, &mut self.rng).to_vec();
        while m.len() < min {
            m.push(self.vocab.word(lang, &mut self.rng));
        }
        m
    }

    /// Picks a proposer: a state, or a group (sometimes for some of its members).
    fn proposer(&mut self, not: &[&str]) -> (String, Vec<String>) {
        loop {
            if self.params.realistic() && self.rng.chance(0.25) {
                let (code, _, members) = *self.rng.pick(GROUPS);
                if not.contains(&code) {
                    continue;
                }
                let mut behalf = vec![];
                if self.rng.chance(0.3) {
                    let mut m: Vec<&str> = members.to_vec();
                    self.rng.shuffle(&mut m);
                    m.truncate(self.rng.between(2, members.len() - 1));
                    m.sort_unstable();
                    behalf = m.into_iter().map(str::to_owned).collect();
                }
                return (code.to_owned(), behalf);
            }
            let (code, _) = *self.rng.pick(STATES);
            if !not.contains(&code) {
                return (code.to_owned(), vec![]);
            }
        }
    }

    fn codes_around(&mut self, by: &str) -> (Vec<String>, Vec<String>) {
        let pick = |rng: &mut Rng, k: usize| -> Vec<String> {
            let mut v: Vec<String> = Vec::new();
            for _ in 0..k {
                let code = if rng.chance(0.15) { rng.pick(GROUPS).0 } else { rng.pick(STATES).0 };
                if code != by && !v.iter().any(|c| c == code) {
                    v.push(code.to_owned());
                }
            }
            v
        };
        let k = self.rng.below(3);
        let supported = pick(&mut self.rng, k);
        let k = self.rng.below(2);
        let mut opposed = pick(&mut self.rng, k);
        opposed.retain(|c| !supported.contains(c));
        (supported, opposed)
    }

    /// Files an amendment and returns its index.
    #[allow(clippy::too_many_arguments)] // one amendment's fields
    fn file(
        &mut self,
        n: usize,
        proposer: (String, Vec<String>),
        element: String,
        op: Operation,
        plan: Plan,
        fate: Fate,
        behaviour: &'static str,
    ) -> usize {
        let (by, behalf) = proposer;
        let key = (n, by.clone());
        if !self.files.contains_key(&key) {
            let day = Self::revision_day(n) + self.rng.between(2, (REVISION_GAP - 2) as usize) as i64;
            self.files.insert(key.clone(), (date_of(day), behalf));
        }
        // `on_behalf_of` is written once per file.
        let on_behalf_of = self.files[&key].1.clone();
        let count = self.filed.entry(key.clone()).or_default();
        *count += 1;
        let id = format!("r{n}-{}-{}", by.to_lowercase(), count);
        let (supported_by, opposed_by) = self.codes_around(&by);
        let (outcome, taken_up_in) = match fate {
            Fate::Adopt | Fate::Merge(_) => (Outcome::Adopted, Some(n + 1)),
            Fate::Reword => (Outcome::AdoptedInPart, Some(n + 1)),
            Fate::Late => (Outcome::Adopted, Some(n + 2)),
            Fate::Ignore => (Outcome::NotTakenUp, None),
            Fate::Pending => (Outcome::Pending, None),
        };
        self.amends.push(Amend {
            id,
            rev: n,
            by,
            on_behalf_of,
            element,
            op,
            plan,
            supported_by,
            opposed_by,
            fate,
            behaviour,
            twins: vec![],
            outcome,
            taken_up_in,
        });
        self.amends.len() - 1
    }

    /// The order in which the engine ranks proposers of the same words: date, revision,
    /// file name, position in the file.
    pub fn owner_key(&self, a: usize) -> (String, usize, String, usize) {
        let am = &self.amends[a];
        (self.files[&(am.rev, am.by.clone())].0.clone(), am.rev, am.by.to_lowercase(), a)
    }

    /// Late amendments of the previous step land in this one.
    fn land_late(&mut self, n: usize, plan: &mut StepPlan, late: &[usize]) {
        for &a in late {
            plan.adoptions.push(a);
            match &self.amends[a].plan {
                Plan::Words { para, locals } => {
                    let pi = self.revs[n].index_of(para).expect("a late amendment's element is frozen, so it survives");
                    plan.roles[pi] = Role::Keep;
                    plan.adopted[pi] += 1;
                    for l in locals {
                        self.marks.take(&self.revs[n].paras[pi].words, l.start, l.end, false);
                    }
                }
                Plan::DeleteParagraph { para } => {
                    let pi = self.revs[n].index_of(para).expect("frozen elements survive");
                    plan.roles[pi] = Role::AmendDelete;
                }
                Plan::Add { .. } => {}
            }
        }
    }

    fn expected(&mut self, e: f64) -> usize {
        let whole = e.floor();
        whole as usize + usize::from(self.rng.chance(e - whole))
    }

    fn choose_chair_deletions(&mut self, n: usize, plan: &mut StepPlan) {
        if !self.params.realistic() {
            return;
        }
        let len = self.revs[n].paras.len();
        let k = self.expected(len as f64 / 40.0);
        for _ in 0..k {
            let pi = self.rng.below(len);
            let id = &self.revs[n].paras[pi].id;
            if plan.roles[pi] == Role::Normal && !self.protected.contains(id) && len > 3 {
                plan.roles[pi] = Role::ChairDelete;
            }
        }
    }

    /// Files one amendment (or a pair) on revision `n` with behaviour `b`.
    fn propose(&mut self, n: usize, plan: &mut StepPlan, b: Behaviour) {
        let kind = self.op_kind(b);
        let adopting =
            matches!(b, Behaviour::Verbatim | Behaviour::Reworded | Behaviour::Merged | Behaviour::Competing)
                || (b == Behaviour::Duplicate && self.rng.chance(0.7));
        let min_ins = if b == Behaviour::Reworded { 3 } else { 1 };
        let proposer = self.proposer(&[]);
        let len = self.revs[n].paras.len();
        for _ in 0..12 {
            let pi = self.rng.below(len);
            let role = plan.roles[pi];
            let ok = match (kind, b) {
                (_, Behaviour::Pending) => true,
                (OpKind::Add, _) => true,
                (OpKind::DeleteParagraph, _) if adopting || b == Behaviour::Late => {
                    role == Role::Normal
                        && plan.adopted[pi] == 0
                        && !self.protected.contains(&self.revs[n].paras[pi].id)
                }
                (OpKind::DeleteParagraph, _) => matches!(role, Role::Normal | Role::Keep | Role::Frozen),
                (_, Behaviour::Late) => role == Role::Normal && plan.adopted[pi] == 0,
                _ if adopting => matches!(role, Role::Normal | Role::Keep),
                _ => true,
            };
            if !ok {
                continue;
            }
            let Some((element, op, plan_of, spot)) = self.plan_op(n, pi, kind, min_ins) else { continue };
            self.commit(n, plan, pi, b, adopting, proposer, element, op, plan_of, spot);
            return;
        }
        self.stats.unplaced_amendments += 1;
    }

    /// Plans an operation of `kind` on element `pi` of revision `n`.
    fn plan_op(
        &mut self,
        n: usize,
        pi: usize,
        kind: OpKind,
        min_ins: usize,
    ) -> Option<(String, Operation, Plan, Option<Spot>)> {
        let para = &self.revs[n].paras[pi];
        let (lang, id) = (para.lang, para.id.clone());
        match kind {
            OpKind::Add => {
                let w = (self.params.words_per_element / 3).max(8);
                let lang = if self.rng.chance(0.8) { Lang::En } else { lang };
                let tokens = self.vocab.paragraph(lang, w, &mut self.rng);
                let element = self.new_para_id();
                let op =
                    Operation::Add { text: self.vocab.text(tokens.iter().copied()), after_element: Some(id.clone()) };
                Some((element, op, Plan::Add { after: Some(id), lang, tokens }, None))
            }
            OpKind::DeleteParagraph => {
                Some((id.clone(), Operation::DeleteParagraph, Plan::DeleteParagraph { para: id }, None))
            }
            OpKind::Text => {
                let k = self.rng.between(1, 3);
                let locals = self.plan_locals(n, pi, k, min_ins)?;
                let toks = self.revs[n].paras[pi].toks();
                let text = self.vocab.text(apply_locals(&toks, &locals));
                Some((id.clone(), Operation::Text { text }, Plan::Words { para: id, locals }, None))
            }
            OpKind::Replace | OpKind::Insert | OpKind::Delete => {
                let (spot, ins) = self.spot(n, pi, kind, min_ins)?;
                let toks = self.revs[n].paras[pi].toks();
                let op = spot.operation(&self.vocab, &toks, &ins);
                let local = spot.local(&ins);
                if !agrees_with_apply(&self.vocab, &toks, &op, &apply_locals(&toks, std::slice::from_ref(&local))) {
                    self.stats.apply_mismatches += 1;
                    return None;
                }
                Some((id.clone(), op, Plan::Words { para: id, locals: vec![local] }, Some(spot)))
            }
        }
    }

    /// A free spot for a one-place change on element `pi`, and the words it inserts.
    fn spot(&mut self, n: usize, pi: usize, kind: OpKind, min_ins: usize) -> Option<(Spot, Vec<u32>)> {
        let lang = self.revs[n].paras[pi].lang;
        let (sk, ins, len) = match kind {
            OpKind::Replace => (SpotKind::Replace, self.material(lang, min_ins, true), self.rng.between(1, 3)),
            OpKind::Insert => {
                let sk = if self.rng.chance(0.3) { SpotKind::InsertBefore } else { SpotKind::InsertAfter };
                let mut ins = self.material(lang, min_ins, false);
                if sk == SpotKind::InsertBefore && self.vocab.is_punct(ins[0]) {
                    ins = self.vocab.noun(lang, &mut self.rng).to_vec();
                }
                (sk, ins, 0)
            }
            _ => (SpotKind::Delete, vec![], self.rng.between(1, 4)),
        };
        if ins.len() < min_ins && kind != OpKind::Delete {
            return None;
        }
        let para = &self.revs[n].paras[pi];
        let toks = para.toks();
        let spot = find_spot(&self.vocab, &self.marks, &para.words, &toks, sk, len, &ins, &mut self.rng, true)?;
        Some((spot, ins))
    }

    /// Up to `k` changes far apart on element `pi`, for a `text` amendment.
    fn plan_locals(&mut self, n: usize, pi: usize, k: usize, min_ins: usize) -> Option<Vec<Local>> {
        let mut locals: Vec<Local> = Vec::new();
        for _ in 0..k * 3 {
            if locals.len() == k {
                break;
            }
            let kind = *self.rng.pick(&[OpKind::Replace, OpKind::Insert, OpKind::Delete]);
            let kind = if min_ins > 1 && locals.is_empty() && kind == OpKind::Delete { OpKind::Insert } else { kind };
            let Some((spot, ins)) = self.spot(n, pi, kind, if locals.is_empty() { min_ins } else { 1 }) else {
                continue;
            };
            let l = spot.local(if kind == OpKind::Delete { &[] } else { &ins });
            if locals.iter().all(|o| apart(o, &l)) {
                locals.push(l);
            }
        }
        locals.sort_by_key(|l| l.start);
        let toks = self.revs[n].paras[pi].toks();
        (!locals.is_empty() && exact(&toks, &locals)).then_some(locals)
    }

    /// Files the amendment planned, with its partner for pairs, and records the step's
    /// decisions.
    #[allow(clippy::too_many_arguments)] // the planned amendment, taken apart
    fn commit(
        &mut self,
        n: usize,
        plan: &mut StepPlan,
        pi: usize,
        b: Behaviour,
        adopting: bool,
        proposer: (String, Vec<String>),
        element: String,
        op: Operation,
        plan_of: Plan,
        spot: Option<Spot>,
    ) {
        let is_delete_paragraph = matches!(plan_of, Plan::DeleteParagraph { .. });
        let is_words = matches!(plan_of, Plan::Words { .. });
        // Pairs need a second proposal at the same spot.
        let ins1 = match &plan_of {
            Plan::Words { locals, .. } => locals[0].ins.clone(),
            _ => vec![],
        };
        let second = match (b, &spot) {
            (Behaviour::Merged | Behaviour::Competing, Some(spot)) => {
                self.second_at(n, pi, spot, &ins1, b == Behaviour::Merged)
            }
            _ => None,
        };
        let b = match b {
            Behaviour::Merged | Behaviour::Competing if second.is_none() => Behaviour::Verbatim,
            b => b,
        };
        let (fate, label) = match b {
            Behaviour::Verbatim => (Fate::Adopt, "verbatim"),
            Behaviour::Reworded => (Fate::Reword, "reworded"),
            Behaviour::Merged => (Fate::Merge(usize::MAX), "merged"),
            Behaviour::Ignored => (Fate::Ignore, "ignored"),
            Behaviour::Late => (Fate::Late, "late"),
            Behaviour::Duplicate if adopting => (Fate::Adopt, "duplicate"),
            Behaviour::Duplicate => (Fate::Ignore, "duplicate"),
            Behaviour::Competing => (Fate::Adopt, "competing_winner"),
            Behaviour::Pending => (Fate::Pending, "pending"),
        };
        let first = self.file(n, proposer.clone(), element.clone(), op.clone(), plan_of.clone(), fate, label);
        let mut filed = vec![first];
        match (b, second) {
            (Behaviour::Merged, Some((op2, local2, conn))) => {
                let p2 = self.proposer(&[proposer.0.as_str()]);
                let para = self.revs[n].paras[pi].id.clone();
                let plan2 = Plan::Words { para: para.clone(), locals: vec![local2] };
                let second = self.file(n, p2, para, op2, plan2, Fate::Merge(first), "merged");
                self.amends[first].fate = Fate::Merge(second);
                plan.connectors.push((first, conn));
                filed.push(second);
            }
            (Behaviour::Competing, Some((op2, local2, _))) => {
                let p2 = self.proposer(&[proposer.0.as_str()]);
                let para = self.revs[n].paras[pi].id.clone();
                let plan2 = Plan::Words { para: para.clone(), locals: vec![local2] };
                filed.push(self.file(n, p2, para, op2, plan2, Fate::Ignore, "competing_loser"));
            }
            (Behaviour::Duplicate, _) => {
                let p2 = self.proposer(&[proposer.0.as_str()]);
                let twin = self.file(n, p2, element, op, plan_of.clone(), fate, label);
                self.amends[first].twins = vec![twin];
                self.amends[twin].twins = vec![first];
                filed.push(twin);
            }
            _ => {}
        }
        // The step's decisions.
        for &a in &filed {
            let am = &self.amends[a];
            let (fate, forever) = (am.fate, matches!(am.fate, Fate::Ignore));
            if let Plan::Words { locals, .. } = &am.plan {
                for l in locals.clone() {
                    self.marks.take(&self.revs[n].paras[pi].words, l.start, l.end, forever);
                }
            }
            match fate {
                Fate::Merge(partner) if plan.adoptions.contains(&partner) => {}
                Fate::Adopt | Fate::Reword | Fate::Merge(_) => {
                    if !self.amends[a].twins.iter().any(|t| plan.adoptions.contains(t)) {
                        plan.adoptions.push(a);
                    }
                }
                Fate::Late => plan.new_late.push(a),
                Fate::Ignore | Fate::Pending => {}
            }
        }
        if b == Behaviour::Pending {
            return;
        }
        if is_delete_paragraph {
            if adopting || b == Behaviour::Late {
                plan.roles[pi] = if b == Behaviour::Late { Role::FrozenForRemoval } else { Role::AmendDelete };
            } else {
                self.protected.insert(self.revs[n].paras[pi].id.clone());
            }
        } else if is_words {
            if b == Behaviour::Late {
                plan.roles[pi] = Role::Frozen;
            } else if adopting {
                plan.adopted[pi] += 1;
            }
        }
    }

    /// A second, different proposal for the same spot (merged or competing), and for a
    /// merge the words the Chair joins the two with.
    fn second_at(
        &mut self,
        n: usize,
        pi: usize,
        spot: &Spot,
        ins1: &[u32],
        merge: bool,
    ) -> Option<(Operation, Local, Vec<u32>)> {
        let para = &self.revs[n].paras[pi];
        let (lang, toks) = (para.lang, para.toks());
        for _ in 0..10 {
            let ins2 = self.material(lang, 1, spot.kind == SpotKind::Replace);
            let clash = |t: &u32| toks[spot.start..spot.end].contains(t) || ins1.contains(t);
            if self.vocab.is_punct(ins2[0]) || ins2.iter().any(clash) {
                continue;
            }
            let local2 = spot.local(&ins2);
            if slides(&toks, &local2) || !exact(&toks, std::slice::from_ref(&local2)) {
                continue;
            }
            let conn = if merge { self.vocab.connector(lang, &mut self.rng).to_vec() } else { vec![] };
            if merge {
                if conn.iter().any(|t| ins1.contains(t) || ins2.contains(t)) {
                    continue;
                }
                let merged: Vec<u32> = ins1.iter().chain(&conn).chain(&ins2).copied().collect();
                let l = spot.local(&merged);
                if slides(&toks, &l) || !exact(&toks, std::slice::from_ref(&l)) {
                    continue;
                }
            }
            let op2 = spot.operation(&self.vocab, &toks, &ins2);
            if !agrees_with_apply(&self.vocab, &toks, &op2, &apply_locals(&toks, std::slice::from_ref(&local2))) {
                self.stats.apply_mismatches += 1;
                continue;
            }
            return Some((op2, local2, conn));
        }
        None
    }

    /// The Chair's own word edits, in places no proposal touches.
    fn choose_chair_edits(&mut self, n: usize, plan: &mut StepPlan) {
        let len = self.revs[n].paras.len();
        let (count, runs) = match self.params.edit_share {
            Some(share) => {
                let words: usize = self.revs[n].paras.iter().map(|p| p.words.len()).sum();
                // Runs average about 9 tokens deleted or inserted.
                ((words as f64 * share / 9.0).round() as usize, true)
            }
            None => (self.params.chair_edits.unwrap_or((len / 3).max(1)), false),
        };
        // Token lists, made once: a revision pair may be one element of a million words.
        let toks: Vec<Vec<u32>> = self.revs[n].paras.iter().map(Para::toks).collect();
        for _ in 0..count {
            let mut placed = false;
            for _ in 0..8 {
                let pi = self.rng.below(len);
                if !matches!(plan.roles[pi], Role::Normal | Role::Keep) {
                    continue;
                }
                let lang = self.revs[n].paras[pi].lang;
                let (sk, kind) = *self.rng.pick(&[
                    (SpotKind::Replace, "chair_replace"),
                    (SpotKind::InsertAfter, "chair_insert"),
                    (SpotKind::Delete, "chair_delete"),
                ]);
                let (ins, del) = if runs {
                    let mut s = self.vocab.sentence(lang, &mut self.rng);
                    s.truncate(self.rng.between(4, 14));
                    (s, self.rng.between(4, 14))
                } else {
                    (self.material(lang, 1, sk == SpotKind::Replace), self.rng.between(1, 3))
                };
                let ins = if sk == SpotKind::Delete { vec![] } else { ins };
                let para = &self.revs[n].paras[pi];
                let found =
                    find_spot(&self.vocab, &self.marks, &para.words, &toks[pi], sk, del, &ins, &mut self.rng, !runs);
                if let Some(spot) = found {
                    self.marks.take(&self.revs[n].paras[pi].words, spot.start, spot.end, false);
                    plan.chair.push((pi, spot.local(&ins), kind));
                    placed = true;
                    break;
                }
            }
            if !placed {
                self.stats.unplaced_edits += 1;
            }
        }
    }

    /// Merges, splits, moves and new paragraphs of the Chair's own.
    fn choose_structure(&mut self, n: usize, plan: &mut StepPlan) {
        let len = self.revs[n].paras.len();
        let (merges, splits, moves, adds) = if self.params.edit_share.is_some() {
            (0, 0, self.params.pair_moves, 0)
        } else if self.params.realistic() {
            let e = len as f64;
            (self.expected(e / 60.0), self.expected(e / 60.0), self.expected(e / 30.0), self.expected(e / 50.0))
        } else {
            return;
        };
        let period = |v: &Vocab, p: &Para| {
            let stop = v.period(p.lang);
            p.words[..p.words.len().saturating_sub(1)].iter().filter(|w| w.tok == stop).count()
        };
        for _ in 0..merges * 4 {
            if plan.merges.len() == merges || len < 2 {
                break;
            }
            let i = self.rng.below(len - 1);
            let ok = |j: usize| plan.roles[j] == Role::Normal && !plan.structural[j];
            if ok(i) && ok(i + 1) {
                plan.merges.push(i);
                plan.structural[i] = true;
                plan.structural[i + 1] = true;
            }
        }
        for _ in 0..splits * 4 {
            if plan.splits.len() == splits {
                break;
            }
            let i = self.rng.below(len);
            if plan.roles[i] == Role::Normal && !plan.structural[i] && period(&self.vocab, &self.revs[n].paras[i]) >= 1
            {
                plan.splits.push(i);
                plan.structural[i] = true;
            }
        }
        for _ in 0..moves * 4 {
            if plan.moves.len() == moves || len < 3 {
                break;
            }
            let i = self.rng.below(len);
            if !matches!(plan.roles[i], Role::ChairDelete | Role::AmendDelete) && !plan.structural[i] {
                plan.moves.push(i);
                plan.structural[i] = true;
            }
        }
        for _ in 0..adds {
            let after = self.revs[n].paras[self.rng.below(len)].id.clone();
            let lang = self.lang();
            let w = (self.params.words_per_element / 2).max(8);
            let tokens = self.vocab.paragraph(lang, w, &mut self.rng);
            plan.chair_adds.push((after, tokens, lang));
        }
    }
}
