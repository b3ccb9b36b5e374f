//! The Chair's plan for one step, decided before the next revision is written: the role
//! of every element (kept whole for a late amendment, removed, …), the amendments it adopts
//! now or late, and its own edits, removals, merges, splits, moves and new paragraphs.

use super::Sim;
use crate::simulate::model::{Local, Para, Plan};
use crate::simulate::places::{SpotKind, find_spot};
use crate::simulate::vocab::{Lang, Vocab};

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
    pub adopted: Vec<usize>,
    /// Elements already chosen for a structural change.
    pub structural: Vec<bool>,
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
    pub(super) fn new(paragraphs: usize) -> Self {
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

impl Sim {
    /// Late amendments of the previous step land in this one.
    pub(super) fn land_late(&mut self, n: usize, plan: &mut StepPlan, late: &[usize]) {
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

    pub(super) fn choose_chair_deletions(&mut self, n: usize, plan: &mut StepPlan) {
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

    /// The Chair's own word edits, in places no proposal touches.
    pub(super) fn choose_chair_edits(&mut self, n: usize, plan: &mut StepPlan) {
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
    pub(super) fn choose_structure(&mut self, n: usize, plan: &mut StepPlan) {
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
